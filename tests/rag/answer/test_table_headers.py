"""Table headers pypdf prints out of their columns' order (rag.answer.pdf_tables, table_rows):
two spans each with a percent change heading, all before their years ("Three Months Ended ...,
Percent Increase/(Decrease) Six Months Ended ..., Percent Increase/(Decrease) 2024 2023 2024
2023"); quarters of a 52/53-week year ending a few days before or after a calendar quarter's end
("Dec 30, 2023", "Jan 1, 2023"); change headings "2024 vs. 2023" before a row's label. The
passages are written in pypdf's text of 10-Q/10-K pages; companies and figures are made up. Each
faithful restatement stands next to a wrong one (another column, row or period) that must fail."""

from rag.answer.claims import terms
from rag.answer.segments import segment_as_company
from rag.answer.table_rows import table_rows, verdict

SPANS_WITH_CHANGES = """The following table summarizes our results for the three and six months
ended June 30, 2024 and 2023:
Three Months Ended June 30, Percent
Increase/(Decrease)
Six Months Ended June 30, Percent
Increase/(Decrease)2024 2023 2024 2023
(In millions, except percentages and per share data)
Net revenues $ 4,512 $ 4,130 9 % $ 8,871 $ 8,002 11 %
Operating expenses 3,980 3,911 2 % 7,902 7,640 3 %
Operating income $ 532 $ 219 143 % $ 969 $ 362 168 %
Income tax expense 101 64 58 % 190 88 116 %
Operating margin 12 % 5 % ** 11 % 5 % **
Net cash provided by operating activities $ (85) $ 710 (112)% $ 640 $ 1,305 (51)%
"""

WEEKS = """Segment Results
Three Months Ended Twelve Months Ended
(In Millions) Dec 30, 2023 Dec 31, 2022 Dec 30, 2023 Dec 31, 2022
Net revenue:
Consumer Devices $ 3,210 $ 2,875 $ 12,004 $ 13,990
Cloud Services  1,402  1,288  5,311  4,870
Total net revenue $ 4,612 $ 4,163 $ 17,315 $ 18,860
"""

EARLY_JANUARY = """Results by segment
Three Months Ended Twelve Months Ended
(In Millions) Dec 31, 2022 Jan 1, 2022 Dec 31, 2022 Jan 1, 2022
Orders $ 815 $ 902 $ 3,344 $ 3,610
Backlog  2,140  2,385  2,140  2,385
"""

CASH_FLOWS = """The following table reflects the changes in operating, investing, and financing
cash flows for the comparative twelve month periods (inmillions):
December 31,
$ Change Cash flows provided by (used in):
2023 2022 2021 2023 vs. 2022 2022 vs. 2021 Operating activities
$ 2,310 $ 1,985 $ 2,104 $ 325 $ (119) Investing activities
(1,870) (2,440) (1,602) 570 (838) Financing activities
(402) 512 (377) (914) 889
"""


def judged(sentence: str, passage: str, company: str = "Acme") -> str | None:
    return verdict(sentence, [passage], terms(company))


def test_spans_with_percent_changes_before_their_years_are_read_as_columns():
    row = next(r for r in table_rows(SPANS_WITH_CHANGES) if r.label == "Net revenues")
    held = {(p.year, p.quarter, p.part): c.value for p, c in row.cells}
    assert held == {
        (2024, 2, False): 4512,
        (2023, 2, False): 4130,
        (2024, None, True): 8871,
        (2023, None, True): 8002,
    }
    assert sorted(c.value for *_, c in row.changes) == [9, 11]


def test_a_row_of_spans_with_percent_changes():
    assert (
        judged(
            "Acme's net revenues rose 9% to $4,512 million in the second quarter of 2024.",
            SPANS_WITH_CHANGES,
        )
        == "supported"
    )
    assert (
        judged(
            "For the first six months of 2024, net revenues were $8,871 million, up 11%.",
            SPANS_WITH_CHANGES,
        )
        == "supported"
    )
    # the six months' figure given as the quarter's, the quarter's growth as the half's
    assert (
        judged(
            "Acme's net revenues were $8,871 million in the second quarter of 2024.",
            SPANS_WITH_CHANGES,
        )
        != "supported"
    )
    assert (
        judged(
            "For the first six months of 2024, net revenues were $8,871 million, up 9%.",
            SPANS_WITH_CHANGES,
        )
        != "supported"
    )
    # another row's figure
    assert (
        judged(
            "Acme's operating expenses rose 2% to $4,512 million in the second quarter of 2024.",
            SPANS_WITH_CHANGES,
        )
        != "supported"
    )


def test_a_negative_cash_flow_under_spans_with_changes():
    right = "In the second quarter of 2024, Acme's operating activities used $85 million of cash."
    wrong = "In the second quarter of 2024, Acme's operating activities provided $710 million."
    assert judged(right, SPANS_WITH_CHANGES) == "supported"
    assert judged(wrong, SPANS_WITH_CHANGES) != "supported"


def test_quarters_of_a_52_week_year_are_the_calendar_quarter_they_nearly_end():
    row = next(r for r in table_rows(WEEKS) if r.label == "Cloud Services")
    assert {(p.year, p.quarter): c.value for p, c in row.cells} == {
        (2023, 4): 1402,
        (2022, 4): 1288,
        (2023, None): 5311,
        (2022, None): 4870,
    }
    right = (
        "Cloud Services revenue rose to $1,402 million in the fourth quarter of 2023"
        " from $1,288 million a year earlier."
    )
    wrong = (
        "Cloud Services revenue rose to $1,402 million in the fourth quarter of 2023"
        " from $1,288 million in the third quarter."
    )
    assert judged(right, WEEKS) == "supported"
    assert judged(wrong, WEEKS) != "supported"
    assert (
        judged("Consumer Devices revenue was $12,004 million in the fourth quarter of 2023.", WEEKS)
        != "supported"
    )


def test_a_quarter_ending_in_the_first_days_of_january_is_the_year_befores_fourth():
    row = next(r for r in table_rows(EARLY_JANUARY) if r.label == "Orders")
    quarters = {(p.year, p.quarter): c.value for p, c in row.cells if p.quarter}
    assert quarters == {(2022, 4): 815, (2021, 4): 902}


def test_change_headings_before_a_label_are_not_part_of_it():
    labels = [r.label for r in table_rows(CASH_FLOWS)]
    assert "Operating activities" in labels
    assert (
        judged("Acme's operating activities provided $2,310 million of cash in 2023.", CASH_FLOWS)
        == "supported"
    )
    assert (
        judged("Acme's operating activities provided $1,985 million of cash in 2023.", CASH_FLOWS)
        != "supported"
    )
    assert (
        judged("Acme's investing activities provided $2,310 million of cash in 2023.", CASH_FLOWS)
        != "supported"
    )


def test_a_not_meaningful_change_is_an_empty_cell():
    right = "Acme's operating margin was 11% in the first six months of 2024."
    wrong = "Acme's operating margin was 12% in the first six months of 2024."
    assert judged(right, SPANS_WITH_CHANGES) == "supported"
    assert judged(wrong, SPANS_WITH_CHANGES) == "figure"


def test_a_scale_note_glued_to_its_in_scales_the_table():
    assert judged("Acme's operating activities provided $2.31 billion in 2023.", CASH_FLOWS) == (
        "supported"
    )
    assert judged("Acme's operating activities provided $2,310 billion in 2023.", CASH_FLOWS) != (
        "supported"
    )


ALL_SEGMENTS = """Supplemental Operating Segment Results
Three Months Ended Twelve Months Ended
(In Millions) Dec 30, 2023 Dec 31, 2022 Dec 30, 2023 Dec 31, 2022
Operating segment revenue:
Devices $ 3,210 $ 2,875 $ 12,004 $ 13,990
Services  1,402  1,288  5,311  4,870
Total net revenue $ 4,612 $ 4,163 $ 17,315 $ 18,860
"""

ONE_SEGMENT = """Retail Banking Segment
Years Ended December 31, (Dollars in millions)
2023 2022
Total net revenue $ 8,120 $ 7,455
"""


def test_a_heading_of_every_segment_names_none_of_them():
    names = terms("Acme Corp")
    total = "Acme's total net revenue was $17,315 million in 2023."
    assert not segment_as_company(total, [ALL_SEGMENTS], names)
    assert segment_as_company(
        "Acme's total net revenue was $8,120 million in 2023.", [ONE_SEGMENT], names
    )


def test_a_sentence_naming_no_period_takes_the_span_whose_latest_cell_it_says():
    year = "Consumer Devices revenue fell to $12,004 million from $13,990 million."
    quarter = "Consumer Devices revenue rose to $3,210 million from $2,875 million."
    mixed = "Consumer Devices revenue fell to $12,004 million from $2,875 million."
    assert judged(year, WEEKS) == "supported"
    assert judged(quarter, WEEKS) == "supported"
    assert judged(mixed, WEEKS) != "supported"
    assert judged("Consumer Devices revenue rose to $13,990 million.", WEEKS) != "supported"


def test_a_row_of_a_table_of_every_segment_named_by_its_segment():
    right = "Services revenue rose to $5,311 million in 2023 from $4,870 million."
    wrong = "Services revenue rose to $5,311 million in 2023 from $1,288 million."
    assert judged(right, ALL_SEGMENTS) == "supported"
    assert judged(wrong, ALL_SEGMENTS) != "supported"
