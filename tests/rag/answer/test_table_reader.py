"""Table figures read as cells (rag.answer.table_rows): each cell under the period its column
is (a dated column's day, its "Three/Six Months Ended" span, its fiscal quarter when the passage
names the latest one), under its row's section heading ("Net sales mix:") and its table's scale.
A sentence's figures must be the cells of the row and period it names; a right figure of another
column (another quarter, the quarter's figure for the half, an earlier year) is "figure".
Passages: short 10-Q/10-K tables of other companies, as our ingestion stores a filing's tables
(Markdown) and as pypdf reads a PDF page (rows glued to the next row's label, "$ 2.10", "(4)%").
Each unsupported sentence has a faithful counterpart that must pass."""

from rag.answer.claims import stated_change, terms
from rag.answer.table_rows import column_period, end_date, table_rows, verdict

# A 10-Q summary table whose fiscal year ends in July: the quarter ended October 28, 2023 is
# the first quarter of fiscal 2024.
CISCO = """First Quarter of Fiscal Year 2024 Summary
| | | Three Months Ended | | | | | Sequential Change | Year-over-Year Change |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| | | Oct 28, 2023 | | Jul 29, 2023 | | Oct 29, 2022 | | |
| | | ($ in millions, except per share data) | | | | | | |
| Revenue | $ | 14,668 | $ | 15,203 | $ | 13,632 | (4)% | 8% |
| Operating income | $ | 3,712 | $ | 3,558 | $ | 3,216 | 4% | 15% |
| Net income per diluted share | $ | 0.88 | $ | 0.79 | $ | 0.65 | 11% | 35% |"""

# A segment table of three and six months side by side (fiscal year ending in December).
ADOBE = """Revenue by Segment
| | | Three Months Ended | | | | | | | Six Months Ended | | | | | |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| | | Jun 2, 2023 | | Jun 3, 2022 | | $ Change | % Change | \
| Jun 2, 2023 | | Jun 3, 2022 | | $ Change | % Change |
| | | ($ in millions) | | | | | | | | | | | | |
| Digital Media | $ | 3,592 | $ | 3,292 | $ | 300 | 9% | $ | 7,114 | $ | 6,480 | $ | 634 | 10% |
| Digital Experience | | 1,202 | | 1,072 | | 130 | 12% | | 2,380 | | 2,107 | | 273 | 13% |
| Total | $ | 4,816 | $ | 4,386 | $ | 430 | 10% | $ | 9,471 | $ | 8,648 | $ | 823 | 10% |"""

# A PDF page's summary table: change columns headed "Percentage Change 2023 Versus 2022".
INTEL = """SUMMARY RESULTS OF OPERATIONS

(In millions, except percentages and per share amounts)   2023  2022  2021
Percentage
Change 2023
Versus 2022
Percentage
Change 2022
Versus 2021
Revenue   $  54,228   $  63,054   $  79,024    (14)%    (20)%
Gross margin   $ 21,711   $ 26,866   $ 43,815    (19)%    (39)%
Diluted earnings per share   $ 0.40   $ 1.94   $ 4.86    (79)%    (60)%
Revenue decreased $8.8 billion or 14%, driven by lower demand."""

# A PDF page of one table in sections, each row's label glued after the row before.
BOOKING = """Revenues information is as follows (in millions):
 Year Ended December 31,
2022  2023 Revenues:
   Merchant
$ 6,520  $ 8,890 Agency
9,880  10,480 Advertising and other
690  995 Total
$ 17,090  $ 20,365 Year-over-year Percen
tage Growth:   Merchant
41 %  36 % Agency
60  6 Advertising and other
19  44 Total
56  19 Revenue mix:
   Merchant
38 %  44 % Agency
58  51 Advertising and other
4  5 Total
100 %  100 % Total revenues increased 19% in 2023."""

# A 10-K table of one segment of the company.
DOLLAR_TREE = """Family Dollar Segment
 Fiscal Years Ended (Amounts in millions)
 2023  2022  2021 Net sales
 $ 13,895  $ 13,590  $ 13,660 Operating income
 $ 330  $ 585  $ 420"""


def judged(sentence: str, passage: str, company: str) -> str | None:
    return verdict(sentence, [passage], terms(company))


# ---- reading -------------------------------------------------------------------------------


def test_a_dated_column_has_its_day_and_span_and_fiscal_quarter():
    assert end_date("Jul 27, 2025") == "2025-07-27" and end_date("2025") is None
    assert column_period("Oct 28, 2023").end == "2023-10-28"
    revenue = {r.label: r for r in table_rows(CISCO)}["Revenue"]
    fiscal = [(p.year, p.quarter, c.value) for p, c in revenue.cells]
    assert fiscal == [(2024, 1, 14668), (2023, 4, 15203), (2023, 1, 13632)]


def test_three_and_six_months_columns_are_told_apart():
    media = table_rows(ADOBE)[0]
    spans = [(p.quarter, p.part, c.value) for p, c in media.cells]
    assert spans == [(0, False, 3592), (0, False, 3292), (None, True, 7114), (None, True, 6480)]


def test_a_negative_single_digit_percent_is_a_cell_not_a_footnote():
    rows = {r.label: r for r in table_rows(INTEL)}
    assert [c.value for _, c in rows["Revenue"].cells] == [54228, 63054, 79024]
    assert [c.value for _, _, c in rows["Revenue"].changes] == [-14, -20]


def test_rows_keep_their_section_heading():
    rows = table_rows(BOOKING)
    mix = [r for r in rows if r.label == "Merchant" and "mix" in r.section]
    assert [c.value for _, c in mix[0].cells] == [38, 44]
    growth = [r for r in rows if r.label == "Agency" and "Growth" in r.section]
    assert growth[0].section == "Year-over-year Percentage Growth"


# ---- the period a figure is said of ----------------------------------------------------------


def test_a_fiscal_quarter_is_the_column_the_passage_numbers():
    ok = "Cisco's revenue was $14,668 million in the first quarter of fiscal 2024, up 8% a year on."
    ok = ok.replace("a year on", "from a year ago")
    assert judged(ok, CISCO, "Cisco") == "supported"
    wrong = "Cisco's revenue was $14,668 million in the first quarter of fiscal 2023."
    assert judged(wrong, CISCO, "Cisco") == "figure"


def test_the_quarter_ended_a_day_is_that_column():
    ok = "Cisco's revenue was $15,203 million in the quarter ended July 29, 2023."
    assert judged(ok, CISCO, "Cisco") == "supported"
    wrong = "Cisco's revenue was $14,668 million in the quarter ended July 29, 2023."
    assert judged(wrong, CISCO, "Cisco") == "figure"


def test_a_sentence_without_a_period_speaks_of_the_latest_column():
    ok = "Operating income was $3,712 million, up 15% year over year."
    assert judged(ok, CISCO, "Cisco") == "supported"
    stale = "Operating income was $3,558 million."
    assert judged(stale, CISCO, "Cisco") == "figure"


def test_the_half_is_the_six_months_column_not_the_quarter():
    ok = "Digital Media revenue was $7,114 million in the six months ended June 2, 2023."
    assert judged(ok, ADOBE, "Adobe") == "supported"
    quarter = "Digital Media revenue was $3,592 million in the six months ended June 2, 2023."
    assert judged(quarter, ADOBE, "Adobe") == "figure"
    assert judged(
        "Digital Media revenue rose by $634 million in the first half.", ADOBE, "Adobe"
    ) == ("supported")
    assert judged(
        "Digital Media revenue rose by $300 million in the first half.", ADOBE, "Adobe"
    ) != ("supported")


def test_an_earlier_years_figure_is_another_column():
    ok = "Intel's diluted EPS was $1.94 in 2022."
    assert judged(ok, INTEL, "Intel") == "supported"
    wrong = "Intel's diluted EPS was $4.86 in 2022."
    assert judged(wrong, INTEL, "Intel") == "figure"


# ---- changes, totals, sections and segments --------------------------------------------------


def test_a_change_is_the_rows_change_the_way_it_went():
    assert judged("Revenue fell 14% to $54,228 million in 2023.", INTEL, "Intel") == "supported"
    assert judged("Intel's revenue rose 14% in 2023.", INTEL, "Intel") == "contradicted"
    assert judged("Intel's diluted EPS fell 79% in 2023.", INTEL, "Intel") == "supported"
    ok = "Gross margin decreased $5.2 billion, or 19%, to $21.7 billion in 2023."
    assert judged(ok, INTEL, "Intel") == "supported"


def test_a_total_is_the_total_row():
    ok = "Booking's total revenues rose to $20,365 million in 2023 from $17,090 million."
    assert judged(ok, BOOKING, "Booking Holdings") == "supported"
    assert judged("Segment revenue totaled $9,471 million in the six months.", ADOBE, "Adobe") == (
        "supported"
    )
    wrong = "Revenue totaled $4,816 million in the six months."
    assert judged(wrong, ADOBE, "Adobe") != "supported"


def test_a_section_row_says_its_sections_figure():
    ok = "Merchant revenues made up 44% of Booking's revenues in 2023, up from 38% in 2022."
    assert judged(ok, BOOKING, "Booking Holdings") == "supported"
    assert judged("Agency revenues grew 6% in 2023.", BOOKING, "Booking Holdings") == "supported"
    wrong = "Agency revenues grew 60% in 2023."
    assert judged(wrong, BOOKING, "Booking Holdings") != "supported"


def test_a_segments_table_is_not_the_companys():
    ok = "Family Dollar's net sales were $13,895 million in fiscal 2023."
    assert judged(ok, DOLLAR_TREE, "Dollar Tree") == "supported"
    company = "Dollar Tree's net sales were $13,895 million in fiscal 2023."
    assert judged(company, DOLLAR_TREE, "Dollar Tree") == "subject"


def test_a_period_after_than_is_the_base_not_the_figures():
    ok = "Booking's 2023 total revenues of about $20.4 billion were 19% higher than in 2022."
    assert judged(ok, BOOKING, "Booking Holdings") == "supported"
    wrong = "Booking's 2023 total revenues of about $20.4 billion were 19% lower than in 2022."
    assert judged(wrong, BOOKING, "Booking Holdings") != "supported"


def test_a_percentage_against_an_amount_is_no_change():
    assert stated_change("Operating income rose 15% from a year ago to $3,712 million.") is None
    assert stated_change("Revenue fell to $54.2 billion from $63.1 billion.") == "down"


# A 10-Q table of margins and cash flow, read from Markdown.
HERSHEY = """Second Quarter of Fiscal Year 2023 Summary
| | | Three Months Ended | | | | |
| --- | --- | --- | --- | --- | --- | --- |
| | | Jul 2, 2023 | | Apr 2, 2023 | | Jul 3, 2022 |
| | | ($ in millions) | | | | |
| Gross margin | | 44.5% | | 45.1% | | 41.9% |
| Net cash provided by operating activities | $ | 512 | $ | 683 | $ | 438 |"""


def test_a_change_in_points_is_the_difference_of_two_percentages():
    ok = "Gross margin was 44.5%, up 2.6 points from a year earlier."
    assert judged(ok, HERSHEY, "Hershey") == "supported"
    assert judged("Gross margin fell 0.6 points sequentially.", HERSHEY, "Hershey") == "supported"
    wrong = "Gross margin was 44.5%, up 2.6% from a year earlier."  # 6.2%, not 2.6%
    assert judged(wrong, HERSHEY, "Hershey") != "supported"
    assert judged("Gross margin rose 0.6 points sequentially.", HERSHEY, "Hershey") != "supported"


def test_a_rows_short_name_names_it():
    ok = "Hershey's operating cash flow was $512 million in the quarter, up from $438 million."
    assert judged(ok, HERSHEY, "Hershey") == "supported"
    stale = "Hershey's operating cash flow was $683 million in the quarter."
    assert judged(stale, HERSHEY, "Hershey") == "figure"
    ok = "Hershey's operating activities provided $512 million in the quarter."
    assert judged(ok, HERSHEY, "Hershey") == "supported"


def test_only_a_fiscal_quarter_named_above_the_table_numbers_its_columns():
    unnamed = CISCO.replace("First Quarter of Fiscal Year 2024 Summary", "Summary")
    later = f"{unnamed}\nWe expect revenue to grow in the second quarter of fiscal 2024."
    sentence = "Cisco's revenue was $14,668 million in the first quarter of fiscal 2024."
    assert judged(sentence, CISCO, "Cisco") == "supported"
    assert judged(sentence, later, "Cisco") is None  # no column is known to be that quarter


def test_a_figure_said_as_what_the_row_moved_from():
    ok = "Revenue fell 4% from the prior quarter's $15,203 million."
    assert judged(ok, CISCO, "Cisco") == "supported"
    assert judged("Revenue rose 8% from $13,632 million.", CISCO, "Cisco") == "supported"
    assert judged("Revenue rose 4% from the prior quarter's $15,203 million.", CISCO, "Cisco") == (
        "contradicted"
    )
    assert judged("Revenue from Cisco's products was $13,632 million.", CISCO, "Cisco") != (
        "supported"
    )


def test_a_segment_is_named_by_a_word_of_its_name_the_companys_lacks():
    segment = DOLLAR_TREE.replace("Family Dollar Segment", "Consumer Products Segment")
    ok = "Dollar Tree's consumer net sales were $13,895 million in fiscal 2023."
    assert judged(ok, segment, "Dollar Tree") == "supported"
    company = "Dollar Tree's net sales were $13,895 million in fiscal 2023."
    assert judged(company, segment, "Dollar Tree") == "subject"
