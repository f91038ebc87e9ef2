"""Faithful restatements of prose the support check (rag.answer.support) used to reject, each
next to a one-word-wrong twin that must still fail, on other companies' text than the labelled
rows' (short passages in the style of 10-K text as a PDF's extraction prints it):
- a PDF's broken and glued words ("increa sed", "andnew") mended (rag.answer.pdf_words);
- a "respectively" statement read item by item, a figure paired with another period of its
  list failing (rag.answer.respectively);
- "from X to Y" read as the change it states (rag.answer.claims.stated_change), and verbs a
  paraphrase swaps in ("narrowed", "widened", "attributes ... to");
and three scope leaks: a segment table's figure given as the company's
(rag.answer.segments), a share of a part's base given as the company's total's
(rag.answer.shares), and a list item's title echoed as a sentence."""

import pytest

from rag.answer.claims import stated_change, terms
from rag.answer.pdf_words import mend, parted
from rag.answer.respectively import swapped, unrolled
from rag.answer.segments import segment_as_company
from rag.answer.shares import rebased
from rag.answer.superlatives import opposite_end
from rag.answer.support import Passage, SupportCheck

# Home Depot-style MD&A text as a PDF extraction prints it: words cut and glued at line ends.
HD_BROKEN = (
    "Net sales for fiscal 2022 were $157.4 billion, an increa se of $6.2 billion, or 4.1%,"
    " from fiscal 2021. The increase in net sales primarily reflected a positive comparable"
    " sales impact from higher average ticket andnew store openings, part ially offset by"
    " lower customer transactions."
)

# Deere-style "respectively" statement.
DE_RESPECTIVELY = (
    "Net income attributable to the company was $7.13 billion, $5.96 billion and $2.75 billion"
    " for fiscal 2022, 2021 and 2020, respectively. The increase in 2022 was primarily due to"
    " higher shipment volumes and price realization."
)

# Caterpillar-style segment table under its segment's heading (PDF text rows).
CAT_SEGMENT = (
    "Construction Industries Segment\n"
    "Years Ended December 31, (Dollars in millions)\n"
    "2022 2021 2020\n"
    "Total sales $ 25,269 $ 22,106 $ 16,918\n"
    "Segment profit $ 5,384 $ 4,465 $ 2,721\n"
)
CAT_NAMES = terms("Caterpillar Inc CAT")

# Cisco-style share of a part's revenue.
CSCO_SHARE = (
    "Product revenue grew across all customer markets, led by service provider customers,"
    " which represented approximately 30% of Networking product revenue."
)
CSCO_NAMES = terms("Cisco Systems Inc CSCO")


def _judge(embedder, text: str, ticker: str, sentence: str):
    return SupportCheck(embedder, [Passage(1, text, ticker, "10-K")]).judge(sentence)


# ---- a PDF's broken words ----------------------------------------------------------------


def test_broken_words_are_joined_and_glued_ones_parted_for_their_terms():
    assert "an increase of $6.2 billion" in mend(HD_BROKEN)
    assert "partially offset" in mend(HD_BROKEN)
    assert "andnew" in mend(HD_BROKEN)  # the text keeps a glued word ...
    assert "ticket and new store" in parted(HD_BROKEN)  # ... its key terms are read parted


def test_clean_text_and_names_are_left_as_they_are():
    clean = (
        "Costco's Kirkland Signature products and a part of our warehouses in the U.S. and"
        " Canada; Nvidia's Blackwell architecture; touchless deliveries."
    )
    assert mend(clean) == clean
    assert parted(clean).replace("touch less", "touchless") == clean


def test_a_restatement_of_a_broken_pdf_sentence_passes(remembering_embedder):
    judgement = _judge(
        remembering_embedder,
        HD_BROKEN,
        "HD",
        "Home Depot's net sales increase partially reflected higher average ticket and new store"
        " openings [1].",
    )
    assert judgement.supported, judgement


def test_its_twin_with_the_other_direction_still_fails(remembering_embedder):
    judgement = _judge(
        remembering_embedder,
        HD_BROKEN,
        "HD",
        "Home Depot's net sales increase partially reflected lower average ticket and new store"
        " openings [1].",
    )
    assert not judgement.supported, judgement


# ---- respectively ------------------------------------------------------------------------


def test_a_respectively_statement_is_read_item_by_item():
    items = unrolled(DE_RESPECTIVELY.split(". ")[0] + ".")
    assert "Net income attributable to the company was $5.96 billion for fiscal 2021." in items
    assert (
        "Net income attributable to the company was $7.13 billion and $2.75 billion for fiscal"
        " 2022 and 2020, respectively." in items
    )
    assert unrolled("Net income was $7.13 billion in fiscal 2022.") == []


@pytest.mark.parametrize(
    "claim, wrong",
    [
        (
            "Deere's net income was $5.96 billion in fiscal 2021 and $2.75 billion in fiscal 2020",
            True,
        ),
        (
            "Deere's net income was $2.75 billion in fiscal 2021 and $5.96 billion in fiscal 2020",
            False,
        ),
        (
            "Deere's net income was $7.13 billion and $5.96 billion in fiscal 2022 and 2021,"
            " respectively",
            True,
        ),
        (
            "Deere's net income was $7.13 billion and $5.96 billion in fiscal 2021 and 2022,"
            " respectively",
            False,
        ),
        ("Deere's net income rose to $7.13 billion in fiscal 2022 from $5.96 billion", True),
        ("Deere's net income rose to $7.13 billion in fiscal 2021 from $5.96 billion", False),
    ],
)
def test_a_figure_paired_with_another_period_of_the_list_is_swapped(claim, wrong):
    assert swapped(claim, [DE_RESPECTIVELY]) is not wrong


def test_two_items_of_a_respectively_statement_restated_pass(remembering_embedder):
    sentence = (
        "Deere's net income attributable to the company was $5.96 billion in fiscal 2021 and"
        " $2.75 billion in fiscal 2020 [1]."
    )
    judgement = _judge(remembering_embedder, DE_RESPECTIVELY, "DE", sentence)
    assert judgement.supported, judgement


@pytest.mark.parametrize(
    "sentence",
    [
        "Deere's net income attributable to the company was $5.96 billion in fiscal 2020 and"
        " $2.75 billion in fiscal 2021 [1].",
        "Deere's net income attributable to the company was $5.96 billion in fiscal 2022 [1].",
    ],
)
def test_their_twins_with_the_periods_swapped_still_fail(remembering_embedder, sentence):
    judgement = _judge(remembering_embedder, DE_RESPECTIVELY, "DE", sentence)
    assert not judgement.supported, judgement


# ---- changes and paraphrase verbs --------------------------------------------------------


def test_from_x_to_y_is_a_change():
    assert (
        stated_change("Net income rose from $3.1 billion in 2021 to $3.6 billion in 2022.") == "up"
    )
    assert stated_change("The loss shrank from $2,142 million to $1,693 million.") == "down"
    assert stated_change("Shares ranged from a low of $40.12 to a high of $50.05.") is None


def test_paraphrase_verbs_are_the_filing_s_words():
    assert terms("the operating loss narrowed") == terms("the operating loss decreased")
    assert terms("the working capital deficit widened") == terms("the deficit increased") | {
        "work",
        "capita",
    }
    assert terms("Pfizer attributes the decline to lower sales") == terms(
        "the decline was due to lower sales"
    ) | {"pfizer"}
    assert terms("the operating loss narrowed") != terms("the operating loss widened")


# ---- scope: whose figure -----------------------------------------------------------------


@pytest.mark.parametrize(
    "claim, leaked",
    [
        ("Caterpillar's total sales were $25,269 million in 2022", True),
        ("Caterpillar's consolidated sales were $25.3 billion in 2022", True),
        ("Construction Industries total sales were $25,269 million in 2022", False),
        ("Caterpillar's Construction Industries sales were $25,269 million in 2022", False),
        ("Sales were $25,269 million in 2022", False),  # credited to no one
    ],
)
def test_a_segment_table_s_figure_is_not_the_company_s(claim, leaked):
    assert segment_as_company(claim, [CAT_SEGMENT], CAT_NAMES) is leaked


@pytest.mark.parametrize(
    "claim, leaked",
    [
        ("Service provider customers represented about 30% of Cisco's total revenue", True),
        ("Service provider customers represented about 30% of Networking product revenue", False),
        ("Service provider customers were about 30% of Cisco's Networking product revenue", False),
        ("Service provider customers represented about 30% of revenue", False),  # untold
    ],
)
def test_a_share_of_a_named_part_is_not_the_company_s(claim, leaked):
    assert rebased(claim, [(CSCO_SHARE, "")], CSCO_NAMES) is leaked


# ---- the whole check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ticker, sentence, supported",
    [
        (
            CAT_SEGMENT,
            "CAT",
            "Construction Industries total sales were $25,269 million in 2022 [1].",
            True,
        ),
        (CAT_SEGMENT, "CAT", "Caterpillar's total sales were $25,269 million in 2022 [1].", False),
        (
            CSCO_SHARE,
            "CSCO",
            "Service provider customers represented about 30% of Networking product revenue [1].",
            True,
        ),
        (
            CSCO_SHARE,
            "CSCO",
            "Service provider customers represented about 30% of Cisco's total revenue [1].",
            False,
        ),
    ],
)
def test_whose_figure_it_is(remembering_embedder, text, ticker, sentence, supported):
    judgement = _judge(remembering_embedder, text, ticker, sentence)
    assert judgement.supported is supported, judgement


# ---- a superlative turned over -----------------------------------------------------------

COST_SEGMENTS = (
    "Of our three reportable segments, Canadian Operations has historically had the highest"
    " gross margin as a percentage of net sales. Our U.S. Operations segment has historically"
    " contributed the greatest amount to our net sales and operating income."
)


def test_a_superlative_is_told_from_its_opposite():
    assert opposite_end(
        "Canadian Operations had the lowest gross margin", COST_SEGMENTS.split(". ")[0]
    )
    assert not opposite_end(
        "Canadian Operations had the highest margin", COST_SEGMENTS.split(". ")[0]
    )
    assert not opposite_end("Canadian Operations had a high gross margin", "the lowest costs")


@pytest.mark.parametrize("end, supported", [("highest", True), ("lowest", False)])
def test_a_superlative_turned_over_fails(remembering_embedder, end, supported):
    sentence = (
        f"Costco's Canadian Operations segment has historically had the {end} gross margin as a"
        " percentage of net sales of its three reportable segments [1]."
    )
    judgement = _judge(remembering_embedder, COST_SEGMENTS, "COST", sentence)
    assert judgement.supported is supported, judgement
