"""Figures of any filer: an 8-K exhibit 99.1 earnings release, segment tables, per-share data.

Real documents only: Buckle's Q3 fiscal 2024 release (tests/data/earnings/README.md), the demo's
Apple 10-K (EDGAR HTML) and FinanceBench 10-K PDFs. Facts go through the SQLite FactStore and are
read back by the figures path (rag.figures.reported) exactly as XBRL facts are.
"""

import pytest

from ingestion.release_calendar import named_quarter, release_calendar
from ingestion.run import Run, Stores
from ingestion.sample import sample_filings
from ingestion.sources import sec
from ingestion.tables import fiscal_calendar, table_facts
from rag.figures.metrics import BY_KEY
from rag.figures.reported import Period, ReportedFacts
from tests.earnings import earnings_release
from tests.pdfs import pdf_upload

THOUSAND, MILLION = 1_000, 1_000_000
BUCKLE = "bke-8k-ex99-1-2024-11-22"


@pytest.fixture(scope="module")
def buckle():
    return earnings_release(BUCKLE)


def reported(tmp_path, embedder, *documents) -> ReportedFacts:
    """The documents indexed by a real run (facts are used once their document is indexed)."""
    stores = Stores.open(tmp_path)
    run = Run("test", stores, embedder)
    with run.source("documents", "recorded") as report:
        run.documents(list(documents), report)
    run.finish()
    return ReportedFacts(stores.facts, stores.chunks)


def test_a_release_names_its_quarter_and_its_quarter_end_dates_the_fiscal_year(buckle):
    # "net income for the fiscal quarter ended November 2, 2024 ... third quarter of fiscal 2024"
    calendar = fiscal_calendar(buckle)
    assert (calendar.fiscal_year, calendar.fye.isoformat()) == (2024, "2025-02-01")
    assert named_quarter("NVIDIA Announces Financial Results for Third Quarter Fiscal 2025") == (
        3,
        2025,
    )
    assert named_quarter("Q2 FY24 results") == (2, 2024)
    assert release_calendar("Apple reported revenue growth this year.") is None


def test_an_8k_earnings_release_gives_the_quarters_revenue_and_eps(buckle, tmp_path, embedder):
    facts = table_facts(buckle)
    sales = next(
        f
        for f in facts
        if f.concept == "table:income statement:sales, net of returns and allowances"
        and f.period_end == "2024-11-02"
    )
    assert (sales.value, sales.scale, sales.unit) == (293_618 * THOUSAND, THOUSAND, "USD")
    assert (sales.fiscal_year, sales.fiscal_period, sales.frame, sales.form) == (
        2024,
        "Q3",
        "P3M",
        "8-K",
    )
    figures = reported(tmp_path, embedder, buckle)
    revenue = figures.value("BKE", BY_KEY["revenue"], Period(2024, "Q3"))
    eps = figures.value("BKE", BY_KEY["eps_diluted"], Period(2024, "Q3"))
    assert (revenue.value, revenue.unit) == (293_618 * THOUSAND, "USD")
    assert revenue.period == "Q3 FY2024 (quarter ended 2024-11-02)"
    assert (eps.value, eps.unit) == (0.88, "USD/shares")
    # the thirty-nine-week column is year to date, never taken for a quarter or a year
    assert figures.value("BKE", BY_KEY["revenue"], Period(2024)) is None
    nine = [f for f in facts if f.concept.startswith("table:income statement (9 months):")]
    assert {(f.fiscal_period, f.frame) for f in nine} == {("YTD", "P9M")}


def test_per_share_rows_are_usd_per_share_and_share_counts_keep_their_own_scale(buckle):
    facts = table_facts(buckle)
    per_share = [f for f in facts if f.unit == "USD/shares" and f.fiscal_period == "Q3"]
    assert len(per_share) == 4 and all(f.scale == 1 for f in per_share)
    diluted = [f for f in per_share if f.period_end == "2023-10-28" and "Diluted" in f.label]
    assert [f.value for f in diluted] == [1.04]
    shares = next(
        f
        for f in facts
        if f.label == "Diluted weighted average shares" and f.period_end == "2024-11-02"
    )
    assert (shares.unit, shares.value) == ("shares", 50_297 * THOUSAND)


def test_a_release_balance_sheet_with_a_footnoted_year_end_column(buckle, tmp_path, embedder):
    figures = reported(tmp_path, embedder, buckle)
    inventory = figures.value("BKE", BY_KEY["inventories"], Period(2023))
    assert (inventory.value, inventory.period) == (126_290 * THOUSAND, "end of FY2023 (2024-02-03)")
    assert figures.value("BKE", BY_KEY["total_assets"], Period(2024, "Q3")).value == (
        976_270 * THOUSAND
    )


def test_segment_tables_give_each_segments_revenue_and_never_the_company_total():
    ref, path = next((r, p) for r, p in sample_filings() if (r.ticker, r.form) == ("AAPL", "10-K"))
    facts = table_facts(sec.parse_filing(path.read_bytes(), ref))
    segments = {
        f.concept.split(":", 2)[2]: f.value
        for f in facts
        if f.concept.startswith("table:segment:") and f.period_end == "2024-09-28"
    }
    assert segments["net sales: americas"] == 167_045 * MILLION
    assert segments["net sales: greater china"] == 66_952 * MILLION
    assert segments["operating income: europe"] == 41_790 * MILLION
    parts = [v for k, v in segments.items() if k.startswith("net sales:")]
    assert sum(parts) == 391_035 * MILLION  # the five segments add up to total net sales
    rows = [f for f in facts if f.concept.startswith("table:segment:")]
    assert not any(BY_KEY["revenue"].names_line_item(f.label) for f in rows if "total" in f.label)


def test_a_financebench_pdf_income_statement_read_by_the_figures_path(tmp_path, embedder):
    # Costco FY2021 10-K: income statement (page 36) and balance sheet (page 38)
    costco = pdf_upload("COSTCO_2021_10K", [36, 38])
    figures = reported(tmp_path, embedder, costco)
    revenue = figures.value("COST", BY_KEY["revenue"], Period(2021))
    net_income = figures.value("COST", BY_KEY["net_income"], Period(2021))
    assets = figures.value("COST", BY_KEY["total_assets"], Period(2021))
    assert (revenue.value, revenue.unit) == (195_929 * MILLION, "USD")
    assert "fiscal year ended 2021-08-29" in revenue.period
    assert net_income.value == 5_007 * MILLION
    assert assets.value == 59_268 * MILLION
    assert "(USD in millions)" in revenue.source.snippet
    # "Shares used in calculation (000's)" under "(amounts in millions, except per share data)"
    shares = [f for f in table_facts(costco) if f.label.endswith("(000’s): Diluted")]
    assert {(f.value, f.scale) for f in shares if f.period_end == "2021-08-29"} == {
        (444_346 * THOUSAND, THOUSAND)
    }


def test_a_question_by_segment_gets_each_segments_figure_or_the_one_it_names():
    from rag.figures.segments import segment_figures
    from rag.query import analyze

    rows = {}
    for ref, path in sample_filings():
        if ref.form == "10-K" and ref.ticker in ("AMZN", "AAPL"):
            rows[ref.ticker] = table_facts(sec.parse_filing(path.read_bytes(), ref))
    aws = analyze("What were the net sales of Amazon's AWS segment in 2024?", "2025-06-30")
    [fact] = segment_figures(rows["AMZN"], aws, lambda row: None)
    assert (fact.name, fact.value, fact.unit) == ("AMZN revenue: AWS", 107_556 * MILLION, "USD")
    lowest = analyze("Which Apple segment had the lowest operating income in 2023?", "2025-06-30")
    facts = segment_figures(rows["AAPL"], lowest, lambda row: None)
    assert len(facts) == 5 and {f.period for f in facts} == {"FY2023 (period ended 2023-09-28)"}
    assert min(facts, key=lambda f: f.value).name == "AAPL operating income: Japan"
    china = analyze("Apple's Greater China net sales in fiscal 2024?", "2025-06-30")
    [fact] = segment_figures(rows["AAPL"], china, lambda row: None)
    assert fact.value == 66_952 * MILLION


def segment_rows(name: str, pages: list[int]) -> dict[tuple[str, int], float]:
    facts = table_facts(pdf_upload(name, pages))
    return {
        (f.concept.removeprefix("table:segment:"), f.fiscal_year): f.value / MILLION
        for f in facts
        if f.concept.startswith("table:segment:")
    }


def test_a_pdf_segment_table_under_a_lead_sentence_gives_each_measure_by_segment():
    # LOCKHEEDMARTIN_2021_10K page 42: "Summary operating results for each of our business
    # segments were as follows (in millions):" then Net sales and Operating profit blocks
    rows = segment_rows("LOCKHEEDMARTIN_2021_10K", [42])
    assert rows[("net sales: aeronautics", 2021)] == 26_748
    assert rows[("net sales: space", 2019)] == 10_860
    assert rows[("operating profit: missiles and fire control", 2021)] == 1_648
    assert len(rows) == 24  # 2 measures x 4 segments x 3 years; no totals, no reconciling items


def test_a_pdf_segment_table_ends_at_its_total():
    # KRAFTHEINZ_2019_10K page 108: capital expenditures by segment, then its total, then net
    # sales by product category and by country: those are not capital expenditures
    rows = segment_rows("KRAFTHEINZ_2019_10K", [108])
    assert rows[("capital expenditures: canada", 2019)] == 27
    assert {key.split(":")[0] for key, _ in rows} == {"capital expenditures"}
    assert not any("condiments" in key for key, _ in rows)


def test_pdf_pages_that_are_not_segment_tables_by_period_are_not_read():
    # JPMORGAN_2022Q2_10Q page 21: segments side by side, each with its own 2022/2021 columns
    assert segment_rows("JPMORGAN_2022Q2_10Q", [21]) == {}
    # MICROSOFT_2016_10K page 85: "Unearned revenue by segment" is owed, not revenue
    assert segment_rows("MICROSOFT_2016_10K", [85]) == {}
    # AMAZON_2019_10K page 69: the segment line is a wrapped piece of a sentence
    assert segment_rows("AMAZON_2019_10K", [69]) == {}


def test_a_year_end_against_a_later_quarter_end_when_the_question_says_so(tmp_path, embedder):
    from datetime import date

    from rag.figures.reported import FactFinder
    from rag.query import analyze

    # Best Buy's FY2023 10-K balance sheet (page 39) and its Q2 FY2024 10-Q's (page 3; page 8
    # names fiscal 2024, which dates the 10-Q's quarter)
    documents = [pdf_upload("BESTBUY_2023_10K", [39]), pdf_upload("BESTBUY_2024Q2_10Q", [3, 8])]
    reported(tmp_path, embedder, *documents)
    stores = Stores.open(tmp_path)
    finder = FactFinder(stores.facts, stores.prices, stores.chunks)

    def inventories(question: str) -> dict[str, float]:
        facts = finder.find(analyze(question, date(2024, 6, 1)))
        return {f.period.split(" (")[0]: f.value / MILLION for f in facts if "growth" not in f.name}

    between = "Did Best Buy's merchandise inventories drop between FY2023 and Q2 of FY2024?"
    assert inventories(between) == {"end of FY2023": 5_140, "end of Q2 FY2024": 5_651}
    same = "Did Best Buy's merchandise inventories drop between Q2 FY2023 and Q2 FY2024?"
    assert inventories(same) == {"end of Q2 FY2023": 6_043, "end of Q2 FY2024": 5_651}
