"""Table layouts and wordings the table check once left to the sentence check (rag.answer.
table_rows, pdf_tables, entity_columns): abbreviated months over dates, scale notes in capitals
or among other words, columns of segments under one period, a change column between its two
periods, superlatives over a row, quarters said without their year, figures said "from A to B",
"earned ... of", "lost", "held". The passages are written in the layouts pypdf gives of 10-K
pages; the companies and figures are made up. Each faithful restatement stands next to a wrong
one (another row, column, period, scale or end) that must not pass."""

from rag.answer.claims import terms
from rag.answer.entity_columns import entity_rows
from rag.answer.grounding import check
from rag.answer.table_rows import table_rows, verdict

QUARTERS = """Quarterly Results of Operations
Three Months Ended,
Dec. 31,
2023
Sep. 30,
2023
Jun. 30,
2023
Mar. 31,
2023
(in thousands, except per share data)
(unaudited)
Revenue:
Subscription revenue
$ 612,400  $ 598,115  $ 540,920  $ 502,338  Processing revenue
1,204,512  1,150,200  990,004  874,310  Total net revenue
1,816,912  1,748,315  1,530,924  1,376,648  Operating income (loss)
48,120  51,377  (12,904) (80,215) Net income (loss)
$ 61,004  $ 40,870  $ (9,311) $ (95,410)
"""

CAPITALS = """Quarterly Financial Data (Unaudited)
Quarter (MILLIONS, EXCEPT PER COMMON SHARE DATA)
First Second Third Fourth 2023
Revenues
$ 7,410  $ 8,025  $ 9,120  $ 8,960  Costs and expenses
5,102  5,530  6,015  6,880  Net income attributable to Harrow Inc. common shareholders
$ 1,504  $ 1,611  $ 2,240  $ 1,433
"""

SEGMENTS = """Segment results are presented below (amounts in millions):
  For the Year Ended December 31, 2023  Increase / (decrease) 2023 v 2022
  Coastal  Prairie  Summit  Total  Coastal  Prairie  Summit  Total
Segment net revenues  $ 1,840  $ 1,215  $ 962  $ 4,017  $ 120  $ (85)  $ 14  $ 49
Segment operating income  $ 610  $ 298  $ 305  $ 1,213  $ 42  $ (61)  $ (9)  $ (28)

  For the Year Ended December 31, 2022
  Coastal  Prairie  Summit  Total
Segment net revenues  $ 1,720  $ 1,300  $ 948  $ 3,968
Segment operating income  $ 568  $ 359  $ 314  $ 1,241
"""

BETWEEN = """Liquidity and Capital Resources
 As of June 30,  (Dollars in millions)
 2023   Change  2022  Working capital
 $ 12,410   -6%  $ 13,205  Cash and marketable securities
 $ 20,960   9%  $ 19,230
 Year Ended June 30,  (Dollars in millions)
 2023   Change  2022  Net cash provided by operating activities
 $ 8,812   14%  $ 7,730  Net cash used for financing activities
 $ (5,140 )  32%  $ (3,894 )
"""


def judged(sentence: str, passage: str, company: str = "Acme") -> str | None:
    return verdict(sentence, [passage], terms(company))


def grounded(sentence: str, passage: str) -> bool:
    return check(sentence, [], {1: passage}, citation_required=False).grounded


# ---- reading ---------------------------------------------------------------------------------


def test_abbreviated_months_over_their_years_are_quarters():
    row = next(r for r in table_rows(QUARTERS) if r.label == "Processing revenue")
    held = {(p.year, p.quarter): c.value for p, c in row.cells}
    assert held[(2023, 4)] == 1204512 and held[(2023, 1)] == 874310


def test_a_label_keeps_an_abbreviation_before_its_last_words():
    labels = [r.label for r in table_rows(CAPITALS)]
    assert "Net income attributable to Harrow Inc. common shareholders" in labels


def test_columns_of_segments_are_rows_of_each_segment_and_year():
    rows = {(r.label, r.entity): r for r in entity_rows(SEGMENTS)}
    prairie = rows[("Segment operating income", "Prairie")]
    assert {p.year: c.value for p, c in prairie.cells} == {2023: 298, 2022: 359}
    assert {p.year: c.value for p, c in rows[("Segment net revenues", "Total")].cells} == {
        2023: 4017,
        2022: 3968,
    }


# ---- judging ---------------------------------------------------------------------------------


def test_a_quarter_dated_with_an_abbreviated_month():
    said = "Acme's processing revenue was $1,204,512 thousand in the fourth quarter of 2023."
    assert judged(said, QUARTERS) == "supported"
    assert (
        judged(
            "Acme earned about $1.2 billion of processing revenue in the fourth quarter of 2023.",
            QUARTERS,
        )
        == "supported"
    )
    assert (
        judged(
            "Acme's processing revenue was $1,150,200 thousand in the fourth quarter of 2023.",
            QUARTERS,
        )
        == "figure"
    )
    assert (
        judged(
            "Acme's subscription revenue was $1,204,512 thousand in the fourth quarter of 2023.",
            QUARTERS,
        )
        != "supported"
    )


def test_a_scale_note_in_capitals_scales_every_cell():
    right = "Harrow's revenues were $9.1 billion in the third quarter of 2023."
    wrong = "Harrow's revenues were $9,120 thousand in the third quarter of 2023."
    assert judged(right, CAPITALS, "Harrow") == "supported"
    assert judged(wrong, CAPITALS, "Harrow") != "supported"
    assert grounded(right, CAPITALS) and grounded(
        "Harrow's revenues were $9,120 million in the third quarter of 2023.", CAPITALS
    )
    assert not grounded(wrong, CAPITALS)


def test_scale_notes_among_other_words():
    for note in ("($ in billions)", "Dollars in billions", "(BILLIONS, EXCEPT RATIOS)"):
        passage = (
            f"Selected data {note}\n2023 2022\nNet sales $ 41.2 $ 38.9\nOperating income 6.1 5.4\n"
        )
        assert judged("Acme's net sales were $41.2 billion in 2023.", passage) == "supported", note
        assert judged("Acme's net sales were $41.2 million in 2023.", passage) != "supported", note


def test_a_segment_named_in_the_sentence_is_its_column():
    said = "Prairie's segment operating income dropped $61 million to $298 million in 2023."
    assert judged(said, SEGMENTS) == "supported"
    assert (
        judged("Summit's segment net revenues rose to $962 million in 2023.", SEGMENTS)
        == "supported"
    )
    assert (
        judged(
            "Total segment net revenues were $4,017 million in 2023, up from $3,968 million"
            " in 2022.",
            SEGMENTS,
        )
        == "supported"
    )
    assert judged("Prairie's segment operating income was $305 million in 2023.", SEGMENTS) == "row"
    assert (
        judged("Prairie's segment operating income was $359 million in 2023.", SEGMENTS) == "figure"
    )
    assert (
        judged("Prairie's segment operating income rose to $298 million in 2023.", SEGMENTS)
        == "contradicted"
    )
    assert (
        judged("Prairie's segment operating income was $298 billion in 2023.", SEGMENTS)
        != "supported"
    )


def test_a_company_named_by_two_segments_names_neither():
    # "Coastal Prairie" as the company's name is neither segment: the total, or nothing
    said = "Coastal Prairie's segment operating income was $298 million in 2023."
    assert judged(said, SEGMENTS, "Coastal Prairie") != "supported"


def test_superlatives_the_cells_say():
    assert (
        judged(
            "Harrow's third-quarter 2023 revenues of $9,120 million were its highest of the year.",
            CAPITALS,
            "Harrow",
        )
        == "supported"
    )
    assert (
        judged(
            "Fourth-quarter costs and expenses were $6,880 million, the highest of the four"
            " quarters.",
            CAPITALS,
            "Harrow",
        )
        == "supported"
    )
    assert (
        judged(
            "Fourth-quarter revenues were $8,960 million, the highest of the four quarters.",
            CAPITALS,
            "Harrow",
        )
        == "contradicted"
    )
    assert (
        judged(
            "Coastal earned the most segment operating income of the three segments in 2023,"
            " at $610 million.",
            SEGMENTS,
        )
        == "supported"
    )
    assert (
        judged(
            "Summit earned the most segment operating income of the three segments in 2023,"
            " at $305 million.",
            SEGMENTS,
        )
        == "contradicted"
    )


def test_a_change_column_between_its_periods():
    said = "Acme's cash and marketable securities rose 9% to $20,960 million at June 30, 2023."
    assert judged(said, BETWEEN) == "supported"
    assert (
        judged("Acme's working capital rose 6% to $12,410 million in fiscal 2023.", BETWEEN)
        == "contradicted"
    )
    assert (
        judged("Cash used for financing activities grew 32% to $5,140 million.", BETWEEN)
        == "supported"
    )
    assert (
        judged("Cash used for financing activities fell 32% to $5,140 million.", BETWEEN)
        == "contradicted"
    )
    assert (
        judged("Cash used for financing activities grew 14% to $5,140 million.", BETWEEN)
        != "supported"
    )


def test_a_move_said_from_one_figure_to_another():
    said = (
        "Operating cash flow increased by about $1.1 billion, from $7,730 million to $8,812"
        " million."
    )
    assert judged(said, BETWEEN) == "supported"
    assert (
        judged("Operating cash flow decreased from $7,730 million to $8,812 million.", BETWEEN)
        == "contradicted"
    )
    assert (
        judged("Operating cash flow increased from $7,370 million to $8,812 million.", BETWEEN)
        != "supported"
    )


def test_a_quarter_said_without_its_year_beside_a_dated_one():
    said = (
        "Operating income was $48.1 million in the fourth quarter of 2023, below the $51.4"
        " million of the third quarter."
    )
    assert judged(said, QUARTERS) == "supported"
    wrong = said.replace("third quarter", "second quarter")
    assert judged(wrong, QUARTERS) != "supported"
    climbed = "Total net revenue climbed from the first quarter through the fourth quarter of 2023."
    assert judged(climbed, QUARTERS) == "supported"
    assert (
        judged(
            "Total net revenue fell from the first quarter through the fourth quarter of 2023.",
            QUARTERS,
        )
        == "contradicted"
    )


def test_lost_and_held():
    assert judged("Acme lost $95.4 million in the first quarter of 2023.", QUARTERS) == "supported"
    assert judged("Acme lost $61.0 million in the fourth quarter of 2023.", QUARTERS) != "supported"
    held = "Acme held $20,960 million of cash and marketable securities as of June 30, 2023."
    assert judged(held, BETWEEN) == "supported"
    assert (
        judged(
            "Acme held $19,230 million of cash and marketable securities as of June 30, 2023.",
            BETWEEN,
        )
        == "figure"
    )


FLOWS = """Cash Flows
2023 2022 2021
(In millions) Net cash provided by (used in):
Operating activities $ 4,210 $ 3,980 $ 3,415
Investing activities (1,122) (905) 1,870
Financing activities (3,305) (2,540) (4,960)
Effect of exchange rates on cash and cash equivalents (12) 41 (25)
Net increase (decrease) in cash and cash equivalents $ (229) $ 576 $ 300
"""


def test_a_row_of_a_change_says_how_much_its_measure_moved():
    said = "Cash and cash equivalents decreased by $229 million in 2023."
    assert judged(said, FLOWS) == "supported"
    assert judged("Cash and cash equivalents increased by $229 million in 2023.", FLOWS) == (
        "contradicted"
    )
    assert judged("Cash and cash equivalents increased by $576 million in 2023.", FLOWS) == (
        "figure"
    )
    assert judged("Cash and cash equivalents decreased by $229 billion in 2023.", FLOWS) != (
        "supported"
    )


def test_a_label_said_in_the_filers_words_and_per_share_headings():
    said = "Net income attributable to Harrow shareholders was $2,240 million in the third quarter."
    assert judged(said, CAPITALS, "Harrow") == "supported"
    wrong = (
        "Net income attributable to Harrow shareholders was $1,611 million in the third quarter."
    )
    assert judged(wrong, CAPITALS, "Harrow") == "figure"


def test_a_label_wrapped_after_a_whole_word_keeps_its_space():
    passage = (
        "Years Ended December 31, 2023 2022\n(in millions)\nNet revenues from external\n"
        "customers  $ 5,120  $ 4,870\nAverage monthly revenue per pe\nriod  12.4  11.9\n"
    )
    labels = [r.label for r in table_rows(passage)]
    assert "Net revenues from external customers" in labels
    assert "Average monthly revenue per period" in labels
    said = "Acme's net revenues from external customers were $5,120 million in 2023."
    assert judged(said, passage) == "supported"
    assert judged(said.replace("5,120", "4,870"), passage) == "figure"


def test_a_change_said_by_other_verbs():
    said = "Summit's segment operating income slipped only $9 million, to $305 million in 2023."
    assert judged(said, SEGMENTS) == "supported"
    assert judged(said.replace("$9 million", "$19 million"), SEGMENTS) != "supported"
    assert judged(said.replace("slipped", "climbed"), SEGMENTS) != "supported"


def test_pre_tax_income_names_the_row_of_income_before_taxes():
    passage = (
        "(In millions) 2023 2022\nOperating income $ 3,410 $ 3,050\n"
        "Income from continuing operations before provision for taxes on income 3,122 2,874\n"
        "Provision for taxes on income 655 590\n"
    )
    said = "Acme's pre-tax income from continuing operations rose to $3,122 million in 2023."
    assert judged(said, passage) == "supported"
    assert judged(said.replace("3,122", "2,874"), passage) == "figure"
    assert judged(said.replace("3,122", "3,410"), passage) != "supported"


def test_a_move_in_every_quarter_is_every_step_of_the_row():
    assert judged("Total net revenue rose in every quarter of 2023.", QUARTERS) == "supported"
    assert judged("Operating income rose in every quarter of 2023.", QUARTERS) == "contradicted"
    assert judged("Harrow's revenues rose in every quarter of 2023.", CAPITALS, "Harrow") == (
        "contradicted"
    )
    said = "Harrow's costs and expenses rose in every quarter of 2023."
    assert judged(said, CAPITALS, "Harrow") == "supported"
    figures = (
        "Total net revenue grew in every quarter shown, from $1,376,648 thousand in the first"
        " quarter of 2023 to $1,816,912 thousand in the fourth quarter of 2023."
    )
    assert judged(figures, QUARTERS) == "supported"
    assert judged(figures.replace("1,816,912", "1,748,315"), QUARTERS) != "supported"


YEARS_OF_QUARTERS = """Selected Quarterly Financial Data
(In millions)
 1st Quarter
 2nd Quarter  3rd Quarter  4th Quarter 2023
 2022  2023  2022  2023  2022  2023  2022 Net sales
 $ 3,120  $ 2,980  $ 3,340  $ 3,015  $ 3,410  $ 3,222  $ 3,905  $ 3,640 Operating income
 410  402  455  470  388  351  520  498
"""


def test_every_quarter_against_its_year_ago_quarter():
    said = "Acme's net sales in every quarter of 2023 were higher than a year earlier."
    assert judged(said, YEARS_OF_QUARTERS) == "supported"
    wrong = "Acme's operating income in every quarter of 2023 was higher than a year earlier."
    assert judged(wrong, YEARS_OF_QUARTERS) == "contradicted"
    assert judged("Acme's net sales rose in every quarter of 2023.", YEARS_OF_QUARTERS) == (
        "supported"
    )


def test_a_yearless_quarter_said_to_move_without_figures():
    said = "Harrow's fourth-quarter revenues fell from the third quarter."
    assert judged(said, CAPITALS, "Harrow") == "supported"
    assert judged(said.replace("fell", "rose"), CAPITALS, "Harrow") == "contradicted"
