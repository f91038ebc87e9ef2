"""A figure binds only to the line that is the claim's measure (rag.answer.qualifiers): not to a
line a rival line of the passage says more of the claim's measure than, nor to a part ("current",
"same-store", "organic", "diluted") a claim gives as the whole the passage also prints. Short
passages written in the style of earnings releases and 10-K tables; each wrong sentence has a
faithful twin that must pass."""

from rag.answer.alignment import comparator_only, moved_against
from rag.answer.claims import figures, terms
from rag.answer.qualifiers import keys, label, misplaced, wrong_line
from rag.answer.support import Passage, SupportCheck
from rag.answer.table_rows import verdict

# An earnings release's highlights (cash flow and backlog), in the style of a software company.
CASH = (
    "Cash Flow: Net cash provided by operating activities for the third quarter was $2.87 "
    "billion, an increase of 9% Y/Y. Free cash flow was $2.41 billion, an increase of 6% Y/Y. "
    "Backlog: Total remaining performance obligations were $19.3 billion, an increase of 14% "
    "Y/Y. Current remaining performance obligations were $10.6 billion, an increase of 16% Y/Y."
)
# A retailer's quarter: comparable and total sales, organic and reported growth.
STORES = (
    "Net sales for the quarter increased 7.4% to $61.2 billion. Comparable sales increased "
    "4.8%, driven by traffic gains across regions. Organic revenue grew 3.1%, while reported "
    "revenue rose 5.6% including the effect of acquisitions."
)
# An EPS line where the release prints only diluted figures (no basic line to compete).
EPS_ONLY = "Diluted earnings per share were $2.14 in the quarter, compared with $1.87 a year ago."
# A REIT's statement of operations (in thousands), ownership and EPS lines.
TABLE = (
    "| (in thousands, except per share data) | 2022 | 2021 |\n"
    "|---|---|---|\n"
    "| Gains on sales of land | 48,210 | 12,004 |\n"
    "| Gains on early extinguishment of debt | — | 3,118 |\n"
    "| Net income | 612,455 | 540,327 |\n"
    "| Net income attributable to noncontrolling interests | (41,870) | (38,112) |\n"
    "| Net income attributable to Harbor Point Realty, Inc. | 570,585 | 502,215 |\n"
    "| Basic earnings per share | $ 4.12 | $ 3.66 |\n"
    "| Diluted earnings per share | $ 4.09 | $ 3.63 |\n"
)
REIT = terms("Harbor Point Realty Inc")


def _misplaced(claim: str, passage: str) -> bool:
    statements = [s.strip() + "." for s in passage.split(". ") if s.strip()]
    figure = figures(claim)[0]
    holding = [s for s in statements if any(f.text == figure.text for f in figures(s))] or [""]
    return misplaced(claim, figure, holding[0], statements)


def test_keys_read_qualifiers_not_periods():
    assert keys("Current remaining performance obligations were") == {"current"}
    assert keys("in the current quarter compared to") == set()
    assert keys("Same-store sales") == keys("comparable sales") == {"comparable"}
    assert keys("non-GAAP diluted EPS") == {"adjusted", "diluted"}
    assert "gaap" in keys("GAAP operating margin") and "gaap" not in keys("non-GAAP margin")


def test_a_figure_is_labelled_by_its_own_clause():
    text = "GAAP diluted EPS was $0.94, and non-GAAP diluted EPS was $1.31."
    first, second = figures(text)
    assert "non" not in label(text, first) and "GAAP diluted EPS" in label(text, first)
    assert "non-GAAP" in label(text, second)


def test_a_rival_line_that_says_more_of_the_claims_measure():
    assert _misplaced("Free cash flow was $2.87 billion in the third quarter.", CASH)
    assert not _misplaced("Free cash flow was $2.41 billion in the third quarter.", CASH)
    assert not _misplaced("Operating cash flow was $2.87 billion in the quarter.", CASH)


def test_a_part_given_as_the_whole_the_passage_prints():
    assert _misplaced("Remaining performance obligations were $10.6 billion.", CASH)
    assert not _misplaced("Current remaining performance obligations were $10.6 billion.", CASH)
    assert not _misplaced("Remaining performance obligations were $19.3 billion.", CASH)
    assert _misplaced("Current RPO was $19.3 billion.", CASH)  # the whole as the part
    assert _misplaced("cRPO was $19.3 billion.", CASH)  # "cRPO" is the current part
    assert not _misplaced("cRPO was $10.6 billion.", CASH)


def test_dropping_a_qualifier_without_a_rival_line_is_faithful():
    assert not _misplaced("Earnings per share were $2.14 in the quarter.", EPS_ONLY)
    assert _misplaced("Basic earnings per share were $2.14 in the quarter.", EPS_ONLY)
    assert not wrong_line("Revenue was", "Total net revenues were", [])


def test_growth_rates_of_another_basis():
    assert _misplaced("Sales grew 3.1% in the quarter.", STORES)
    assert not _misplaced("Organic revenue grew 3.1% in the quarter.", STORES)
    assert _misplaced("Net sales increased 4.8% in the quarter.", STORES)
    assert not _misplaced("Net sales increased 7.4% to $61.2 billion.", STORES)


def test_a_table_row_of_another_measure_is_a_wrong_row():
    def judged(sentence: str) -> str | None:
        return verdict(sentence, [TABLE], REIT)

    assert judged("Net income attributable to Harbor Point was $612.5 million in 2022.") == "figure"
    assert judged("Net income attributable to Harbor Point was $570.6 million in 2022.") == (
        "supported"
    )
    assert judged("Net income was $612.5 million in 2022.") == "supported"
    assert judged("Harbor Point's net income was $570.6 million in 2022.") == "supported"
    assert judged("Diluted earnings per share were $4.12 in 2022.") != "supported"
    assert judged("Diluted earnings per share were $4.09 in 2022.") == "supported"


def test_the_sentence_check_refuses_the_rival_lines_figure(embedder):
    passage = Passage(1, CASH, None, "Third quarter results", "news")
    check = SupportCheck(embedder, [passage])
    wrong = check.judge("Free cash flow was $2.87 billion, up 9% [1].")
    assert not wrong.supported, wrong
    kept = check.judge("Free cash flow was $2.41 billion, up 6% [1].")
    assert kept.supported, kept
    part = check.judge("Remaining performance obligations were $10.6 billion, up 16% [1].")
    assert not part.supported, part
    whole = check.judge("Remaining performance obligations were $19.3 billion, up 14% [1].")
    assert whole.supported, whole
    gains = Passage(1, TABLE, None, "Harbor Point Realty 10-K", "upload")
    table = SupportCheck(embedder, [gains])
    other = table.judge("Gains on early extinguishment of debt were $48.2 million in 2022 [1].")
    assert not other.supported, other
    same = table.judge("Gains on sales of land were $48.2 million in 2022 [1].")
    assert same.supported, same


# A cloud company's revenue line: the growth as reported and in constant currency.
GROWTH = (
    "Total revenue for the second quarter was $5.42 billion, an increase of 8% Y/Y, and 10% in "
    "constant currency. Subscription revenue was $4.98 billion, an increase of 9% Y/Y."
)
# A beverage company's dividend paragraph: this quarter's figure and last year's comparator.
DIVIDEND = (
    "The Board of Directors declared a quarterly dividend of 48.5 cents per share (compared with "
    "46.0 cents per share in the same quarter last year), payable on October 2."
)


def test_a_constant_currency_rate_is_not_the_reported_rate():
    assert _misplaced("Total revenue grew 10% year over year.", GROWTH)
    assert not _misplaced("Total revenue grew 10% in constant currency.", GROWTH)
    assert not _misplaced("Total revenue grew 8% year over year.", GROWTH)


def test_a_comparator_is_not_the_figure_itself():
    statement = DIVIDEND

    def earlier(claim: str) -> bool:
        figure = next(f for f in figures(claim) if f.value == 46.0)
        return comparator_only(claim, figure, statement)

    assert earlier("The board declared a quarterly dividend of 46.0 cents per share.")
    assert not earlier("The quarterly dividend was 46.0 cents in the same quarter last year.")
    assert not earlier("The board raised the dividend to 48.5 cents from 46.0 cents per share.")


def test_a_move_the_comparator_contradicts():
    assert moved_against("The board cut the quarterly dividend to 48.5 cents.", DIVIDEND)
    assert not moved_against("The board raised the quarterly dividend to 48.5 cents.", DIVIDEND)
    assert not moved_against("The board declared a dividend of 48.5 cents.", DIVIDEND)
