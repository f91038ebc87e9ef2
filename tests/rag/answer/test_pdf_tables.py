"""PDF text tables whose headers are not one line of periods (rag.answer.pdf_tables), judged by
rag.answer.table_rows. The passages are written in the layouts pypdf gives of 10-K and 10-Q pages
(dates spread over lines, spans over their years, quarters over years, labels after their
figures, change columns); the companies and figures are made up. Each supported restatement
stands next to near misses that must not pass: another column's figure, another row's, the
wrong sign or the reported change for the one excluding currency."""

from rag.answer.claims import terms
from rag.answer.pdf_tables import pdf_rows
from rag.answer.table_rows import Period, verdict

SELECTED = """Item 6. Selected Financial Data.
The following table presents selected data for the last four fiscal years. Fiscal 2021
included 53 weeks.
        (Unaudited)

May 28,
2023
(52 weeks)
May 29,
2022
(52 weeks)
May 30,
2021
(53 weeks)
May 31,
2020
(52 weeks)
 (in millions, except per share data)
Period Ended:
Net sales(a) $ 12,418  $ 11,907  $ 11,650  $ 10,874
Income/(loss)(b) 1,204  (2,311)  968  851
Income/(loss) per common share:
Basic(b) $ 2.41  (4.62)  1.93  1.70
Diluted(b) 2.39  (4.62)  1.91  1.68
"""

QUARTERLY = """Selected Quarterly Financial Data
(Unaudited)
(In millions, except per share data)
 1st Quarter
 2nd Quarter  3rd Quarter  4th Quarter 2023
 2022  2023  2022  2023 (1)  2022  2023  2022 Revenues
 $ 4,310  $ 4,102  $ 4,655  $ 4,390  $ 4,218  $ 4,377  $ 4,902  $ 4,515 Gross margin
 41.2 %  42.0 %  40.8 %  41.5 %  39.9 %  41.1 %  42.3 %  41.7 % Net income (loss)
 512  498  540  521  (188 )  476  601  549
"""

BANK = """Three months ended September 30, Nine months ended September 30,
(in millions) 2023 2022 Change 2023 2022 Change
Advisory fees $ 812 $ 1,104  (26) % $ 2,455 $ 3,120  (21) %
Card revenue  2,340  2,105  11  6,870  6,150  12
Total net revenue $ 9,914 $ 9,580  3 % $ 29,702 $ 28,890  3 %
"""

CASH = """Consolidated Financial Condition
(dollars in millions)
Years Ended December 31, 2023 2022
Cash flows provided by (used in)
Operating activities $ 12,345 $ 11,002
Investing activities (8,210) (6,540)
Financing activities (2,101) 1,450
"""

SEGMENTS = """The breakdown of revenues is as follows:
(Dollars in millions)
FISCAL 2023 FISCAL 2022 % CHANGE % CHANGE
EXCLUDING
CURRENCY
CHANGES
(1)
FISCAL 2021 % CHANGE % CHANGE
EXCLUDING
CURRENCY
CHANGES
(1)
Americas
$ 8,420 $ 7,960 6  % 7  % $ 7,310 9  % 8  % Europe
4,115 4,020 2  % 9  % 3,870 4  % 3  %
"""

RETAIL = """The following tables show selected operating results for each quarter and full year of
fiscal 2023 and fiscal 2022 ($ in mill ions):
Quarter
1st   2nd   3rd   4th   Fiscal Year Fiscal 2023
                  Revenue
$ 5,102   $ 5,240   $ 5,398   $ 7,955   $ 23,695 Diluted earnings per share
(4) $ 0.81   $ 0.88   $ 0.93   $ 1.77   $ 4.39
Quarter
1st   2nd   3rd   4th   Fiscal Year Fiscal 2022
                  Revenue
$ 4,870   $ 5,011   $ 5,160   $ 7,702   $ 22,743 Diluted earnings per share
(4) $ 0.70   $ 0.79   $ 0.85   $ 1.61   $ 3.95
"""

EPS = """(In millions, except per share data) 2023 2022 2021
Operating results
Net sales $ 21,540 $ 20,115 $ 19,002
Earnings from continuing operations per common share
Basic 6.12 5.71 5.02
Diluted 6.08 5.66 4.98
Earnings per common share
Basic 5.95 5.71 5.30
Diluted 5.91 5.66 5.26
"""


def judged(sentence: str, passage: str, company: str = "Acme") -> str | None:
    return verdict(sentence, [passage], terms(company))


def cells(passage: str, label: str) -> dict:
    row = next(r for r in pdf_rows(passage) if r.label == label)
    return {p: c.value for p, c in row.cells}


# ---- reading ---------------------------------------------------------------------------------


def test_dated_columns_spread_over_lines_are_read():
    held = cells(SELECTED, "Income/(loss)")
    assert held[Period(2022, end="2022-05-29")] == -2311
    assert held[Period(2023, end="2023-05-28")] == 1204
    assert len(held) == 4  # the prose's "fiscal years" make no columns


def test_quarters_over_years_with_labels_after_their_figures():
    revenue = cells(QUARTERLY, "Revenues")
    assert revenue[Period(2023, 3)] == 4218 and revenue[Period(2022, 3)] == 4377
    assert cells(QUARTERLY, "Gross margin")[Period(2023, 4)] == 42.3
    assert cells(QUARTERLY, "Net income (loss)")[Period(2023, 3)] == -188


def test_spans_over_their_years_and_change_columns():
    row = next(r for r in pdf_rows(BANK) if r.label == "Card revenue")
    quarter, nine = Period(2023, 3, end="2023-09-30"), Period(2023, None, True, "2023-09-30")
    assert dict((p, c.value) for p, c in row.cells)[quarter] == 2340
    assert dict((p, c.value) for p, c in row.cells)[nine] == 6870
    assert [c.value for *_, c in row.changes] == [11, 12]  # "%" printed in the first row


def test_one_quarter_table_per_fiscal_year_is_one_row():
    revenue = cells(RETAIL, "Revenue")
    assert revenue[Period(2023)] == 23695 and revenue[Period(2022, 4)] == 7702


# ---- judging ---------------------------------------------------------------------------------


def test_a_row_of_dated_columns_restated():
    assert (
        judged(
            "Acme's net sales rose to $12,418 million in 2023 from $11,907 million in 2022.",
            SELECTED,
        )
        == "supported"
    )
    assert judged("Acme had net sales of about $12.4 billion in 2023.", SELECTED) == "supported"
    assert judged("Acme's net sales were $11,907 million in 2023.", SELECTED) == "figure"


def test_a_loss_on_a_row_of_income_or_loss():
    assert judged("Acme had a loss of $2,311 million in 2022.", SELECTED) == "supported"
    assert judged("Acme earned income of $2,311 million in 2022.", SELECTED) != "supported"
    assert judged("Acme's diluted loss per share was $4.62 in 2022.", SELECTED) == "supported"


def test_a_quarter_named_without_its_year():
    said = (
        "Acme's third-quarter revenues fell to $4,218 million in fiscal 2023 from $4,377 million."
    )
    assert judged(said, QUARTERLY) == "supported"
    assert (
        judged("Acme's third-quarter revenues rose to $4,218 million in fiscal 2023.", QUARTERLY)
        == "contradicted"
    )
    assert (
        judged("Acme's fourth-quarter gross margin was 42.3% in fiscal 2023.", QUARTERLY)
        == "supported"
    )
    assert (
        judged("Acme's fourth-quarter gross margin was 41.7% in fiscal 2023.", QUARTERLY)
        == "figure"
    )
    assert (
        judged(
            "Acme had a net loss of $188 million in the third quarter of fiscal 2023.", QUARTERLY
        )
        == "supported"
    )
    assert (
        judged("Acme earned $188 million in the third quarter of fiscal 2023.", QUARTERLY)
        != "supported"
    )


def test_a_change_column_of_a_span():
    assert (
        judged("Card revenue rose 11% to $2,340 million in the third quarter of 2023.", BANK)
        == "supported"
    )
    assert (
        judged("Card revenue rose 12% to $2,340 million in the third quarter of 2023.", BANK)
        != "supported"
    )
    assert (
        judged("Advisory fees fell 21% to $2,455 million in the first nine months of 2023.", BANK)
        == "supported"
    )
    assert (
        judged("Advisory fees were $2,455 million in the third quarter of 2023.", BANK) == "figure"
    )


def test_cash_used_and_provided():
    assert (
        judged(
            "Investing activities used $8,210 million in 2023, up from $6,540 million in 2022.",
            CASH,
        )
        == "supported"
    )
    assert (
        judged("Acme generated about $12.3 billion of operating cash in 2023.", CASH) == "supported"
    )
    assert judged("Financing activities provided $1,450 million in 2022.", CASH) == "supported"
    assert judged("Financing activities provided $2,101 million in 2023.", CASH) != "supported"
    assert judged("Financing activities used $1,450 million in 2022.", CASH) != "supported"


def test_a_change_excluding_currency_changes():
    assert (
        judged("Excluding currency changes, Europe revenues grew 9% in fiscal 2023.", SEGMENTS)
        == "supported"
    )
    assert judged("Europe revenues grew 2% in fiscal 2023.", SEGMENTS) == "supported"
    assert (
        judged("Excluding currency changes, Europe revenues grew 2% in fiscal 2023.", SEGMENTS)
        != "supported"
    )
    assert judged("Europe revenues grew 9% in fiscal 2023.", SEGMENTS) != "supported"


def test_quarters_and_years_of_two_tables():
    said = "Diluted earnings per share for fiscal 2023 were $4.39, up from $3.95 in fiscal 2022."
    assert judged(said, RETAIL) == "supported"
    assert (
        judged("Acme's fourth-quarter fiscal 2023 revenue was $7,955 million.", RETAIL)
        == "supported"
    )
    assert (
        judged("Acme's fourth-quarter fiscal 2023 revenue was $23,695 million.", RETAIL) == "figure"
    )
    assert (
        judged("Acme's fiscal 2023 diluted earnings per share were $4.39 million.", RETAIL)
        != "supported"
    )


def test_a_label_shared_by_rows_under_other_headings():
    assert judged("Diluted earnings per share were $5.91 in 2023.", EPS) == "supported"
    said = "Diluted earnings per share from continuing operations were $6.08 in 2023."
    assert judged(said, EPS) == "supported"
    assert judged("Acme's diluted earnings per share were $6.08 in 2023.", EPS) == "figure"


def test_another_rows_figure_under_the_period():
    assert (
        judged("Acme's financing activities provided $1,450 million in 2022.", CASH) == "supported"
    )
    assert judged("Acme's financing activities used $8,210 million in 2023.", CASH) == "row"
    assert (
        judged("Acme's card revenue was $812 million in the third quarter of 2023.", BANK) == "row"
    )


def test_a_way_said_without_figures():
    assert judged("Acme's net sales rose in 2023.", SELECTED) == "supported"
    assert judged("Acme's net sales fell in 2023.", SELECTED) == "contradicted"
    assert judged("Acme's net sales were higher in 2023 than in 2021.", SELECTED) == "supported"
    assert judged("Acme's net sales were lower in 2023 than in 2021.", SELECTED) == "contradicted"


def test_a_quarter_of_a_fiscal_calendar_is_not_numbered_by_its_month():
    fiscal = BANK.replace("(in millions)", "(in millions; our fiscal year ends June 30)")
    said = "Card revenue rose 11% to $2,340 million in the third quarter of 2023."
    assert judged(said, BANK) == "supported"
    assert judged(said, fiscal) != "supported"


NET_CASH = """Cash Flow Summary
(Dollars in millions)
Years ended December 31, 2023 2022 2021
Net loss ($1,210) ($2,045) ($3,380)
Net cash provided/(used) by operating activities 2,740 (1,118) (4,905)
Net cash provided/(used) by investing activities 1,965 3,020 (6,210)
Net cash (used)/provided by financing activities (845) (2,310) 9,870
"""


def test_rows_of_net_cash_named_by_their_activities():
    assert (
        judged("Acme's investing activities provided $1,965 million in 2023.", NET_CASH)
        == "supported"
    )
    assert judged("Acme's financing activities used $845 million in 2023.", NET_CASH) == "supported"
    assert judged("Acme's financing activities provided $1,965 million in 2023.", NET_CASH) == "row"
    assert judged("Acme's net loss narrowed to $1,210 million in 2023.", NET_CASH) == "supported"
    assert judged("Acme's net loss widened to $1,210 million in 2023.", NET_CASH) == "contradicted"
