"""Guidance tables in pypdf's text (rag.answer.outlook_tables) and ranges of figures
(rag.answer.numbers.spelled_ranges): columns of periods ("Q3 FY25 Guidance  Full Year FY25
Guidance") or bases ("GAAP Non-GAAP"), a label on its own line over its value, ranges with one
scale word ("$5.2-5.6 billion") or a scale on the next line, "N/A" cells, an indented growth row.
Companies and figures are made up. Each faithful restatement stands next to a wrong one
(another column, row, period, sign or direction) that must not pass."""

from rag.answer.claims import terms
from rag.answer.grounding import check
from rag.answer.numbers import spelled_ranges
from rag.answer.outlook_tables import outlook_tables
from rag.answer.table_rows import verdict

TWO_PERIODS = """Forward Looking Guidance
The Company is initiating its third quarter guidance and reiterating its full year guidance.
 Q3 FY25  Guidance  Full Year FY25 Guidance
Revenue $2.41 - $2.43
Billion
$9.62 - $9.66
Billion
        Y/Y Growth ~9%  ~8%
GAAP Operating Margin N/A  ~18.5%
Non-GAAP Operating Margin(1) N/A  ~31.0%
GAAP Earnings per Share(1) $0.52 - $0.53  $2.10 - $2.14
Non-GAAP Earnings per Share(1) $0.88 - $0.89  $3.52 - $3.56
(1) Non-GAAP measures are explained in the Appendix.
"""

BASES = """Business Outlook
Northwind's guidance for the second quarter of 2024 includes both GAAP and non-GAAP estimates.
Q2 2024 GAAP* Non-GAAP*
Approximately Approximately
Revenue $5.2-5.6 billion $5.2-5.6 billion^
Gross margin 41.5% 46.0%
Tax rate (12)% 14%
Earnings (loss) per share $(0.06) $0.21
Actual results may differ materially from this outlook.
"""

ONE_COLUMN = """Fiscal 2024 Outlook
For fiscal 2024, the Company plans to:
FY24 Outlook
Net sales

$4.10 billion to $4.18 billion
Comparable sales

2% to 3%
New stores, net

40-45
Capital expenditures

$210 million to $240 million
"""


def judged(sentence: str, passage: str, company: str = "Acme") -> str | None:
    return verdict(sentence, [passage], terms(company))


def grounded(sentence: str, passage: str) -> bool:
    return check(sentence, [], {1: passage}, citation_required=False).grounded


def test_ranges_are_spelled_with_the_unit_and_scale_of_their_other_end():
    assert spelled_ranges("$5.2-5.6 billion") == "$5.2 billion to $5.6 billion"
    assert spelled_ranges("40-45") == "40 to 45"
    assert spelled_ranges("2-3%") == "2% to 3%"
    assert spelled_ranges("$ 12,410   -6%  $ 13,205") == "$ 12,410   -6%  $ 13,205"  # a cell
    assert spelled_ranges("from $900 million to $1.1 billion") == (
        "from $900 million to $1.1 billion"
    )


def test_both_ends_of_a_range_are_grounded():
    assert grounded("Northwind expects revenue of $5.2 billion to $5.6 billion.", BASES)
    assert grounded("Acme plans 40 to 45 net new stores.", ONE_COLUMN)
    assert not grounded("Acme plans 40 to 46 net new stores.", ONE_COLUMN)


def test_a_guidance_table_is_read_by_column():
    table = next(t for t in outlook_tables(TWO_PERIODS) if len(t.heads) == 2)
    rows = dict(table.rows)
    assert [[f.value for f in cell] for cell in rows["Revenue"]] == [
        [2.41e9, 2.43e9],
        [9.62e9, 9.66e9],
    ]
    assert "Revenue Y/Y Growth" in rows and rows["GAAP Operating Margin"][0] == []


def test_a_period_column_of_a_guidance_table():
    right = "For the third quarter, Acme expects revenue of $2.41 billion to $2.43 billion."
    wrong = "For the full year, Acme expects revenue of $2.41 billion to $2.43 billion."
    assert judged(right, TWO_PERIODS) == "supported"
    assert judged(wrong, TWO_PERIODS) == "figure"
    assert judged("Acme guides full-year non-GAAP EPS of $3.52 to $3.56.", TWO_PERIODS) == (
        "supported"
    )
    assert judged("Acme guides full-year GAAP EPS of $3.52 to $3.56.", TWO_PERIODS) != ("supported")
    assert judged("Acme guides a full-year GAAP operating margin of about 18.5%.", TWO_PERIODS) == (
        "supported"
    )
    assert judged("Acme guides a full-year non-GAAP operating margin of 18.5%.", TWO_PERIODS) != (
        "supported"
    )


def test_a_basis_column_of_a_guidance_table():
    assert judged("Northwind expects a non-GAAP gross margin of 46.0%.", BASES, "Northwind") == (
        "supported"
    )
    assert judged("Northwind expects a GAAP gross margin of 41.5%.", BASES, "Northwind") == (
        "supported"
    )
    assert judged("Northwind expects a GAAP gross margin of 46.0%.", BASES, "Northwind") != (
        "supported"
    )


def test_a_guidance_table_keeps_its_sign_and_period():
    loss = "Northwind expects a GAAP loss of $0.06 per share in the second quarter of 2024."
    assert judged(loss, BASES, "Northwind") == "supported"
    earnings = "Northwind expects GAAP earnings of $0.06 per share in the second quarter."
    assert judged(earnings, BASES, "Northwind") != "supported"
    other_quarter = "Northwind expects a non-GAAP gross margin of 46.0% in the third quarter."
    assert judged(other_quarter, BASES, "Northwind") != "supported"


def test_a_one_column_outlook_with_labels_over_their_values():
    assert (
        judged("Acme expects fiscal 2024 net sales of $4.10 billion to $4.18 billion.", ONE_COLUMN)
        == "supported"
    )
    assert (
        judged("Acme plans capital expenditures of $210 million to $240 million.", ONE_COLUMN)
        == "supported"
    )
    assert (
        judged("Acme expects fiscal 2023 net sales of $4.10 billion to $4.18 billion.", ONE_COLUMN)
        != "supported"
    )
    assert (
        judged("Acme expects comparable sales to decline 2% to 3% in fiscal 2024.", ONE_COLUMN)
        != "supported"
    )
    assert (
        judged("Acme expects comparable sales to grow 2% to 3% in fiscal 2024.", ONE_COLUMN)
        == "supported"
    )
    assert (
        judged("Acme plans capital expenditures of $4.10 billion to $4.18 billion.", ONE_COLUMN)
        != "supported"
    )


def test_a_move_of_the_guidance_itself_is_not_the_tables():
    raised = "Acme raised its full-year non-GAAP operating margin guidance to about 31.0%."
    assert judged(raised, TWO_PERIODS) != "supported"
    assert (
        judged("Acme guides a full-year non-GAAP operating margin of about 31.0%.", TWO_PERIODS)
        == "supported"
    )


def test_a_basis_said_after_its_figure():
    right = "Northwind expects earnings per share of $(0.06) on a GAAP basis and $0.21 non-GAAP."
    swapped = "Northwind expects earnings per share of $0.21 on a GAAP basis and $(0.06) non-GAAP."
    assert judged(right, BASES, "Northwind") == "supported"
    assert judged(swapped, BASES, "Northwind") != "supported"
    both = "Northwind expects a GAAP gross margin of 41.5% and a non-GAAP gross margin of 46.0%."
    crossed = "Northwind expects a GAAP gross margin of 46.0% and a non-GAAP gross margin of 41.5%."
    assert judged(both, BASES, "Northwind") == "supported"
    assert judged(crossed, BASES, "Northwind") != "supported"
