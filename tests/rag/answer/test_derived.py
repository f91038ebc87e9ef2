"""Computed figures (rag.answer.derived): a sentence's figure the passage does not print but
computes from figures it prints together passes the figure check (rag.answer.grounding) and the
sentence check; one off by more than its rounding, from a wrong pair, period or way, fails.
Passages are written in the style of a 10-K's tables and prose (Costco, Caterpillar, Starbucks,
Honeywell), none of them the labelled sets' text."""

import pytest

from rag.answer.claims import figures
from rag.answer.derived import derives, kind, multiple_wrong
from rag.answer.grounding import check
from rag.answer.support import Passage, SupportCheck

# A cash flow summary as a PDF's text prints it.
CASH_FLOWS = (
    "The following table summarizes our cash flows (in millions):\n"
    "(in millions) 2023 2022 2021\n"
    "Net cash provided by operating activities $ 11,068 $ 7,392 $ 8,958\n"
    "Net cash used in investing activities (4,972) (3,915) (3,535)\n"
    "Net cash used in financing activities (5,880) (4,283) (6,488)\n"
)
# Segment revenue by quarter, as a Markdown table.
QUARTERS = (
    "Quarterly results (in millions)\n\n"
    "| | Q1 2023 | Q2 2023 | Q3 2023 | Q4 2023 |\n"
    "|---|---|---|---|---|\n"
    "| Net revenues | 8,714 | 9,168 | 9,373 | 9,425 |\n"
    "| Net earnings | 908 | 1,140 | 1,219 | 1,008 |\n"
)
# Segments and their total in one column.
SEGMENTS = (
    "Segment sales (in millions)\n\n"
    "| | 2023 | 2022 |\n"
    "|---|---|---|\n"
    "| Aerospace Technologies | 13,624 | 12,235 |\n"
    "| Industrial Automation | 10,473 | 10,326 |\n"
    "| Building Automation | 6,031 | 5,786 |\n"
    "| Total segment sales | 30,128 | 28,347 |\n"
)
PROSE = (
    "Freight costs were $4.1 billion and $4.6 billion in 2022 and 2023. We expect freight costs "
    "to rise as we expand our delivery network."
)


def grounded(sentence: str, text: str) -> bool:
    return check(sentence, [], {1: text}, citation_required=False).grounded


@pytest.mark.parametrize(
    "sentence",
    [
        "Operating cash flow increased by $3,676 million in 2023.",
        "Operating cash flow rose by about $3.7 billion in 2023.",
        "Operating cash flow grew about 50% in 2023.",
        "Net cash used in financing activities increased by $1,597 million in 2023.",
        "Operating cash flow fell by about $1.6 billion in 2022.",
    ],
)
def test_a_move_between_a_rows_periods_is_computed(sentence):
    assert grounded(sentence, CASH_FLOWS)


@pytest.mark.parametrize(
    "sentence",
    [
        "Operating cash flow increased by $3,576 million in 2023.",  # off by 100
        "Operating cash flow grew about 40% in 2023.",
        "Operating cash flow decreased by $3,676 million in 2023.",  # the other way
        "Operating cash flow increased by $3,676 million in 2022.",  # the other period
        "Operating cash flow was $3,676 million in 2023.",  # a level, never printed
    ],
)
def test_a_wrong_computed_move_fails(sentence):
    assert not grounded(sentence, CASH_FLOWS)


def test_a_prose_pair_dated_in_order_is_computed():
    assert grounded("Freight costs rose by $0.5 billion in 2023.", PROSE)
    assert grounded("Freight costs grew about 12% in 2023.", PROSE)
    assert not grounded("Freight costs grew about 20% in 2023.", PROSE)
    assert not grounded("Freight costs fell by $0.5 billion in 2023.", PROSE)
    assert not grounded("Freight costs rose by $0.5 billion in 2022.", PROSE)


def test_a_rows_quarters_sum_to_its_year():
    assert grounded("Summed over the four quarters, net earnings were $4,275 million.", QUARTERS)
    assert grounded(
        "Net revenues for the four quarters of 2023 added up to $36,680 million.", QUARTERS
    )
    assert not grounded(
        "Summed over the four quarters, net earnings were $4,375 million.", QUARTERS
    )


def test_a_move_between_quarters_is_computed():
    sentence = (
        "Net revenues in the third quarter of 2023 were $659 million higher than in the first."
    )
    assert grounded(sentence, QUARTERS)
    assert not grounded(sentence.replace("659", "759"), QUARTERS)


def test_a_part_over_its_columns_total_is_a_share():
    assert grounded(
        "Aerospace Technologies contributed about 45% of total segment sales in 2023.", SEGMENTS
    )
    assert not grounded(
        "Aerospace Technologies contributed about 55% of total segment sales in 2023.", SEGMENTS
    )


def test_two_rows_of_a_column_never_make_a_move():
    # 13,624 - 10,473: two segments' sales, not a move of either
    assert not grounded("Aerospace Technologies sales rose by $3,151 million in 2023.", SEGMENTS)


def test_a_ratio_said_in_times():
    text = "Share repurchases were $9.0 billion and dividends paid were $1.5 billion in 2023."
    assert grounded("Share repurchases were about 6 times dividends in 2023.", text)
    assert not grounded("Share repurchases were about 8 times dividends in 2023.", text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Revenue rose $608 million in 2022.", "change"),
        ("Revenue rose 8% to $7.8 billion.", "change"),
        ("Revenue rose 8% to $7.8 billion.", None),  # the second figure: the level it reached
        ("The segment contributed about 41% of operating income.", "share"),
        ("Buybacks were about 40 times dividends.", "ratio"),
        ("Summed over the quarters, net income was $213 million.", "sum"),
        ("Revenue was $7.8 billion in 2022.", None),
    ],
)
def test_the_claims_words_say_which_computation(sentence, expected):
    found = figures(sentence)
    figure = found[-1] if expected is None and len(found) > 1 else found[0]
    assert kind(sentence, figure) == expected


def test_derives_reads_one_statement():
    sentence = "Freight costs rose by $0.5 billion in 2023."
    assert derives(figures(sentence)[0], sentence, PROSE.split(". ")[0] + ".")
    assert not derives(figures(sentence)[0], sentence, "We expect freight costs to rise.")


def test_the_claims_own_pair_makes_its_move():
    text = "Net sales were $4,210 million in 2023 and $3,880 million in 2022."
    assert grounded("Net sales rose by $330 million, from $3,880 million to $4,210 million.", text)
    assert not grounded(
        "Net sales rose by $430 million, from $3,880 million to $4,210 million.", text
    )


def test_an_undated_pair_needs_its_own_way():
    # a line of figures without periods: which is later it cannot say
    line = "Backlog  30,128  28,347"
    assert not grounded("Backlog rose by $1,781 million.", line)
    said = "Backlog increased to $30,128 million from $28,347 million."
    assert grounded("Backlog rose by $1,781 million.", said)
    assert not grounded("Backlog fell by $1,781 million.", said)


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("Inventories roughly halved, from $2,410 million to $1,190 million.", False),
        ("Inventories roughly halved, from $2,410 million to $1,610 million.", True),
        ("Card fees more than doubled to $522 million from $240 million.", False),
        ("Card fees more than doubled to $422 million from $240 million.", True),
        (
            "Fourth-quarter earnings of $3,010 million were less than half the $8,146 million.",
            False,
        ),
        ("Fourth-quarter earnings of $5,010 million were less than half the $8,146 million.", True),
        ("Capital spending of $5.7 billion is more than twice the $2.4 billion planned.", False),
        ("Capital spending of $4.1 billion is more than twice the $2.4 billion planned.", True),
        (
            "About half of capital spending of $2.2 billion to $2.4 billion goes to new stores.",
            False,
        ),
        ("Third-quarter revenue was $9.4 billion and fourth-quarter $9.1 billion.", False),
    ],
)
def test_a_word_of_multiple_is_checked_against_its_pair(sentence, wrong):
    assert multiple_wrong(sentence) is wrong


# Caterpillar-style prose and a Starbucks-style summary table, for the sentence check.
MACHINERY = (
    "Machinery, Energy & Transportation sales were $59.4 billion and $63.9 billion in 2022 and "
    "2023, respectively. Financial Products revenues were $3.5 billion in 2023."
)
STORES = (
    "Store data (in millions)\n"
    "(in millions) 2023 2022\n"
    "Company-operated stores revenue $ 29,461 $ 26,576\n"
    "Licensed stores revenue 3,815 3,658\n"
)


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("Machinery, Energy & Transportation sales rose by $4.5 billion in 2023 [1].", True),
        ("Machinery, Energy & Transportation sales grew about 18% in 2023 [1].", False),
        ("Machinery, Energy & Transportation sales fell by $4.5 billion in 2023 [1].", False),
        ("Financial Products revenues rose by $4.5 billion in 2023 [1].", False),  # another line
    ],
)
def test_the_sentence_check_takes_a_computed_move(remembering_embedder, sentence, supported):
    passage = Passage(1, MACHINERY, "CAT", "CATERPILLAR_2023_10K.pdf")
    judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
    assert (judgement.supported and grounded(sentence, MACHINERY)) is supported, judgement.reason


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("Company-operated stores revenue increased by $2,885 million in 2023 [1].", True),
        ("Company-operated stores revenue grew about 11% in 2023 [1].", True),
        ("Licensed stores revenue increased by $2,885 million in 2023 [1].", False),  # wrong row
        ("Company-operated stores revenue increased by $2,885 million in 2022 [1].", False),
    ],
)
def test_the_sentence_check_takes_a_rows_move(remembering_embedder, sentence, supported):
    passage = Passage(1, STORES, "SBUX", "STARBUCKS_2023_10K.pdf")
    judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
    assert (judgement.supported and grounded(sentence, STORES)) is supported, judgement.reason


def test_a_share_is_the_named_parts():
    # 10,473 / 30,128 is Industrial Automation's 35%, not Aerospace Technologies'
    assert grounded(
        "Industrial Automation contributed about 35% of total segment sales in 2023.", SEGMENTS
    )
    assert not grounded(
        "Aerospace Technologies contributed about 35% of total segment sales in 2023.", SEGMENTS
    )


def test_a_rates_move_is_said_in_points():
    text = "(in millions) 2023 2022\nEffective tax rate 21.4% 18.9%\nNet sales $ 5,200 $ 4,800\n"
    assert grounded("The effective tax rate rose 2.5 percentage points in 2023.", text)
    assert not grounded("The effective tax rate rose 2.5% in 2023.", text)  # points as percent
    assert not grounded("Net sales rose 8.3 percentage points in 2023.", text)  # an amount's
    assert grounded("Net sales rose about 8.3% in 2023.", text)
