"""Sentences about a table row are judged against that row (rag.answer.table_rows): its label,
its caption and the column of each figure's period. Passages: real FinanceBench PDF pages read
with pypdf as uploads are (Lockheed Martin's FY2021 10-K pension table, JPMorgan's 2Q22 10-Q
highlights, one row per line or a label wrapped above its figures), and tables our ingestion
made of the demo filings (Nvidia's FY2025 10-K, Tesla's FY2024 10-K: data/sample/sec/filings).
Each supported restatement has near misses that must fail: another row's figure, another
period's column, the wrong direction, a word of another row."""

import pytest
from pypdf import PdfReader

from rag.answer.claims import terms
from rag.answer.support import Passage, SupportCheck
from rag.answer.table_rows import column_period, figure_periods, table_rows, verdict
from tests.pdfs import PDFS


def page(name: str, n: int) -> str:
    return PdfReader(PDFS / f"{name}.pdf").pages[n - 1].extract_text()


@pytest.fixture(scope="module")
def lockheed() -> str:
    text = page("LOCKHEEDMARTIN_2021_10K", 43)
    return text[text.index("Our total net FAS/CAS") : text.index("The decrease in the net FAS")]


@pytest.fixture(scope="module")
def jpmorgan() -> str:
    text = page("JPMORGAN_2022Q2_10Q", 3)
    return text


# Chunks #437-438 of Nvidia's FY2025 10-K (data/sample/sec/filings/NVDA/nvda-10-k-2025-02-26.html)
# as our ingestion stores them: a caption chunk, then the table.
NVIDIA = """[NVIDIA CORP 10-K for fiscal year ended 2025-01-26 | Item 7. Management's Discussion]
Reportable Segments
Revenue by Reportable Segments
| | | Year Ended | | | | | |
| --- | --- | --- | --- | --- | --- | --- | --- |
| | | Jan 26, 2025 | | Jan 28, 2024 | | $ Change | % Change |
| | | ($ in millions) | | | | | |
| Compute & Networking | $ | 116,193 | $ | 47,405 | $ | 68,788 | 145% |
| Graphics | | 14,304 | | 13,517 | | 787 | 6% |"""

# Chunk #298 of Tesla's FY2024 10-K (data/sample/sec/filings/TSLA/tsla-10-k-2025-01-30.html).
TESLA = """[Tesla, Inc. 10-K for fiscal year ended 2024-12-31 | Item 2. PROPERTIES]
| Primary Manufacturing Facilities | Location | Owned or Leased |
| --- | --- | --- |
| Gigafactory Texas | Austin, Texas | Owned |
| Fremont Factory | Fremont, California | Owned |
| Gigafactory Nevada | Sparks, Nevada | Owned |
| Gigafactory Berlin-Brandenburg | Grunheide, Germany | Owned |
| Gigafactory Shanghai | Shanghai, China | * |
| Megafactory Shanghai | Shanghai, China | * |
| Gigafactory New York | Buffalo, New York | Leased |
| Megafactory Lathrop | Lathrop, California | Leased |"""


def judged(sentence: str, passage: str, company: str) -> str | None:
    return verdict(sentence, [passage], terms(company))


# ---- reading tables -------------------------------------------------------------------------


def test_header_cells_name_their_periods():
    assert column_period("2Q22").quarter == 2 and column_period("2Q22").year == 2022
    assert column_period("2021").year == 2021 and column_period("2021").quarter is None
    assert column_period("Jan 26, 2025").year == 2025
    assert column_period("Three Months Ended June 30, 2023").quarter == 0  # which: unknown
    assert column_period("Revenue") is None


def test_rows_of_a_pdf_page_are_read_with_their_columns(lockheed, jpmorgan):
    rows = {r.label: r for r in table_rows(lockheed)}
    net = rows["Net FAS/CAS pension adjustment"]
    assert [(p.year, c.value) for p, c in net.cells] == [(2021, 668), (2020, 2095), (2019, 1472)]
    assert "in millions" in net.caption
    quarterly = {r.label: r for r in table_rows(jpmorgan)}
    provision = [c.value for _, c in quarterly["Provision for credit losses"].cells]
    assert provision == [1101, 1463, -1288, -1527, -2285, 2564, -6441]
    columns = [p for p, _ in quarterly["Net income"].cells]
    assert columns[0].quarter == 2 and columns[-1].part  # "Six months ended June 30, ... 2021"


def test_each_figure_takes_the_period_said_of_it():
    said = figure_periods(
        "Net income was $8,649 million in 2Q22, down from $11,948 million a year earlier."
    )
    assert [(p.year, p.quarter) for _, p in said] == [(2022, 2), (2021, 2)]
    said = figure_periods(
        "Loans grew from $1.0 billion at the end of 2020 to $1.2 billion at the end of 2021."
    )
    assert [p.year for _, p in said] == [2020, 2021]
    [(_, period)] = figure_periods("Revenue was $5 million.")
    assert period is None  # no period: no column, no table verdict


# ---- figures of a row, under their period's column -------------------------------------------


def test_a_row_restated_is_supported(lockheed, jpmorgan):
    lm = "Lockheed Martin LMT"
    assert (
        judged(
            "Lockheed Martin's net FAS/CAS pension adjustment was $668 million in 2021, down from"
            " $2,095 million in 2020.",
            lockheed,
            lm,
        )
        == "supported"
    )
    assert (
        judged(
            "The FAS/CAS operating adjustment was $1,960 million in 2021, up from $1,876 million a"
            " year earlier.",
            lockheed,
            lm,
        )
        == "supported"
    )
    assert judged("CAS pension cost was about $2.1 billion in 2021.", lockheed, lm) == "supported"
    jpm = "JPMorgan Chase JPM"
    for sentence in (
        "JPMorgan's net income was $8,649 million in the second quarter of 2022.",
        "JPMorgan's CET1 capital ratio was 12.2% at the end of 2Q22.",
        "For the six months ended June 30, 2022, total net revenue was $61,432 million.",
        "Cash dividends declared per share were $1.00 in 2Q22, up from $0.90 a year earlier.",
        "The provision for credit losses was $1,101 million in 2Q22, compared with $1,463 million"
        " in 1Q22.",
    ):
        assert judged(sentence, jpmorgan, jpm) == "supported", sentence


def test_another_period_another_row_or_direction_fails(lockheed, jpmorgan):
    lm, jpm = "Lockheed Martin LMT", "JPMorgan Chase JPM"
    # 2020's figure said of 2021
    assert judged(
        "The net FAS/CAS pension adjustment was $2,095 million in 2021.", lockheed, lm
    ) == ("figure")
    # the operating adjustment's figure said of CAS pension cost
    assert judged("CAS pension cost was $1,960 million in 2021.", lockheed, lm) != "supported"
    # the way it moved is the other way
    assert (
        judged(
            "The net FAS/CAS pension adjustment rose to $668 million in 2021 from $2,095 million in"
            " 2020.",
            lockheed,
            lm,
        )
        == "contradicted"
    )
    # 1Q22's net income said of the second quarter; the six months' revenue said of 2Q22
    assert judged("JPMorgan's net income was $8,282 million in 2Q22.", jpmorgan, jpm) == "figure"
    assert judged("Total net revenue was $61,432 million in 2Q22.", jpmorgan, jpm) == "figure"
    # a period the table has no column for: another passage may say it
    assert judged("The net FAS/CAS pension adjustment was $668 million in 2018.", lockheed, lm) is (
        None
    )
    # the quarter's figure said of the six months
    assert (
        judged(
            "For the six months ended June 30, 2022, net income was $8,649 million.", jpmorgan, jpm
        )
        == "figure"
    )
    # ROE's 13% said of the tangible return (ROTCE is 17)
    assert (
        judged("JPMorgan's return on tangible common equity was 13% in 2Q22.", jpmorgan, jpm)
        != "supported"
    )
    # diluted EPS is 2.76; 2.77 is basic
    assert judged("JPMorgan's diluted earnings per share were $2.77 in 2Q22.", jpmorgan, jpm) != (
        "supported"
    )
    # a scale the table does not print ("$8,649 billion")
    assert judged("JPMorgan's net income was $8,649 billion in 2Q22.", jpmorgan, jpm) != "supported"


def test_a_markdown_table_under_its_caption():
    nv = "NVIDIA Nvidia NVDA"
    assert (
        judged(
            "Nvidia's Compute & Networking revenue was $116,193 million in fiscal 2025, up from"
            " $47,405 million in fiscal 2024.",
            NVIDIA,
            nv,
        )
        == "supported"
    )
    assert judged("Graphics revenue was $14.3 billion in fiscal 2025.", NVIDIA, nv) == "supported"
    assert judged("Graphics revenue was $13,517 million in fiscal 2025.", NVIDIA, nv) == "figure"
    assert (
        judged(
            "Graphics revenue fell to $14,304 million in fiscal 2025 from $13,517 million in fiscal"
            " 2024.",
            NVIDIA,
            nv,
        )
        == "contradicted"
    )
    # the caption says revenue: operating income is nothing this table says
    assert judged("Graphics operating income was $14,304 million in fiscal 2025.", NVIDIA, nv) != (
        "supported"
    )


# ---- tables of words ------------------------------------------------------------------------


def test_rows_of_words_support_what_they_hold_and_refuse_another_rows():
    ts = "Tesla TSLA"
    assert judged("Tesla owns Gigafactory Texas and the Fremont Factory.", TESLA, ts) == "supported"
    assert judged("Megafactory Lathrop, in Lathrop, California, is leased.", TESLA, ts) == (
        "supported"
    )
    assert judged("Tesla leases the Fremont Factory.", TESLA, ts) == "cell"  # it is owned
    assert judged("Tesla owns Gigafactory New York.", TESLA, ts) == "cell"  # leased
    assert judged("Gigafactory Nevada is in Austin, Texas.", TESLA, ts) == "cell"  # Sparks
    assert judged("Tesla builds the Cybertruck at Gigafactory Texas.", TESLA, ts) is None


# ---- in the sentence check ------------------------------------------------------------------


def test_the_sentence_check_judges_a_row_by_its_row(embedder, jpmorgan):
    passage = Passage(1, jpmorgan, "JPM", "JPMORGAN_2022Q2_10Q.pdf | page 3", "upload")
    check = SupportCheck(embedder, [passage], ["JPM"])
    kept = check.judge("JPMorgan's headcount was 278,494 at the end of 2Q22 [1].")
    assert kept.supported, kept
    wrong = check.judge("JPMorgan's headcount was 271,025 at the end of 2Q22 [1].")
    assert not wrong.supported
    prose = check.judge("JPMorgan's net income rose in 2Q22 because of strong trading [1].")
    assert not prose.supported  # no table row says why
