"""Sentences close to their statements in words that turn their meaning (rag.answer.polarity,
rag.answer.hedges), on short passages written in the style of other companies' filings and
news than the labelled set's, each with a faithful restatement that must still pass:
- a figure moved the other way: "comparable sales rose 3.2%" where they decreased 3.2%;
- an affirmation of what one of the closest statements denies: "The FDA issued a warning
  letter" where "No warning letter was issued", beside a statement as close that denies nothing;
- an offset told as a cause, or a cause as an offset;
- a certainty where the statement that says the claim in its own words hedges it (a headline
  "doesn't expect ... to block", a PDF's "We be lieve ... will");
- a condition ("subject to ... approvals") hedges a certainty; "No penalties were ..." keeps
  its denial (it is no answer's "No, ...");
- "discussed above" is no direction, a rate against an amount no stated change; "slipped",
  "shrank", "climbed", "widened" ... have one."""

from dataclasses import dataclass, field

from rag.answer.claims import coverage, direction, stated_change, terms
from rag.answer.hedges import overstated
from rag.answer.pdf_words import mend as mended
from rag.answer.polarity import denied_alike, moved_other_way, offset_as_cause, turned
from rag.answer.support import Passage, SupportCheck


@dataclass
class Said:
    """A statement as the check scores it against one claim."""

    text: str
    claim: str = ""
    similarity: float = 0.7
    terms: set[str] = field(init=False)
    coverage: float = field(init=False)

    def __post_init__(self):
        self.terms = terms(self.text)
        self.coverage = coverage(terms(self.claim), self.terms | terms("Home Depot"))


def said(claim: str, *texts: str, similarity: float = 0.7) -> list[Said]:
    return [Said(t, claim, similarity) for t in texts]


# ---- a figure moved the other way ------------------------------------------------------------

HOME_DEPOT = (
    "Net sales for fiscal 2023 were $152.7 billion, a decrease of 3.0% from fiscal 2022. "
    "Comparable sales decreased 3.2% in fiscal 2023, driven by a 1.5% decrease in comparable "
    "average ticket and a 1.6% decrease in comparable customer transactions. Comparable sales "
    "increased 3.8% in the prior year."
)
HD_SENTENCES = [
    "Net sales for fiscal 2023 were $152.7 billion, a decrease of 3.0% from fiscal 2022.",
    "Comparable sales decreased 3.2% in fiscal 2023, driven by a 1.5% decrease in comparable "
    "average ticket and a 1.6% decrease in comparable customer transactions.",
]


def test_a_figure_moved_the_other_way_is_caught():
    rose = "Home Depot's comparable sales rose 3.2% in fiscal 2023"
    assert moved_other_way(rose, said(rose, *HD_SENTENCES))
    for faithful in [
        "Home Depot's comparable sales fell 3.2% in fiscal 2023",
        "Home Depot's comparable sales decreased 3.2% in fiscal 2023",
        "Home Depot's comparable sales were 3.2% lower in fiscal 2023",
    ]:
        assert not moved_other_way(faithful, said(faithful, *HD_SENTENCES)), faithful
    # a figure the statements print with no direction says nothing of the claim's
    flat = "Home Depot's net sales were $152.7 billion in fiscal 2023"
    assert not moved_other_way(flat, said(flat, *HD_SENTENCES))


def test_above_as_a_place_in_the_text_is_no_direction():
    statement = "As a result of the factors described above, net income was $4.1 billion."
    assert direction(statement) == set()
    assert direction("Gross margin was 40 basis points above the prior year.") == {"up"}
    fell = "Net income fell to $4.1 billion"
    assert not moved_other_way(fell, said(fell, statement))


def test_a_rate_against_an_amount_is_no_stated_change():
    assert stated_change("Operating income rose 12% from a year ago to $3,120 million") is None
    assert stated_change("Operating income rose to $3,120 million from $2,786 million") == "up"


PROFIT = "Operating income decreased to $2.1 billion in 2023 from $2.6 billion in 2022."


def test_vivid_verbs_have_a_direction():
    for up in ["climbed", "jumped", "soared", "surged", "widened", "doubled"]:
        assert direction(f"Operating income {up} in 2023") == {"up"}, up
    for down in ["slipped", "plunged", "tumbled", "shrank", "narrowed"]:
        assert direction(f"Operating income {down} in 2023") == {"down"}, down
    assert terms("The loss narrowed") == terms("The loss decreased")
    assert terms("Sales climbed") == terms("Sales increased")


def test_a_vivid_verb_restates_its_direction_and_not_the_other(remembering_embedder):
    passage = Passage(1, PROFIT, "DE", "Deere & Company 10-K 2023")
    for sentence, supported in [
        ("Operating income slipped to $2.1 billion in 2023 from $2.6 billion [1].", True),
        ("Operating income climbed to $2.1 billion in 2023 from $2.6 billion [1].", False),
    ]:
        judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)


# ---- a denial ---------------------------------------------------------------------------------

DENIED = "No warning letter was issued by the FDA after the inspection."
ALLOWED = "After the inspection, the FDA retained the right to issue a warning letter."


def test_an_affirmation_of_a_denial_among_the_closest_statements_is_caught():
    claim = "The FDA issued a warning letter after the inspection"
    # the denial is as close in words as the other statement, though less close in meaning
    statements = [Said(DENIED, claim, 0.55), Said(ALLOWED, claim, 0.75)]
    assert denied_alike(claim, statements)
    assert turned(claim, statements) == "contradicted"
    faithful = "The FDA did not issue a warning letter after the inspection"
    assert not denied_alike(faithful, [Said(DENIED, faithful), Said(ALLOWED, faithful)])
    kept = "The FDA retained the right to issue a warning letter after the inspection"
    assert not denied_alike(kept, [Said(DENIED, kept, 0.55), Said(ALLOWED, kept, 0.8)])


# ---- causes and offsets -----------------------------------------------------------------------

CATERPILLAR = (
    "The increase in Energy & Transportation profit was primarily due to favorable price "
    "realization and higher sales volume, partially offset by higher manufacturing costs and "
    "increased selling, general and administrative expenses."
)


def test_an_offset_told_as_a_cause_is_caught():
    cause = "Energy & Transportation profit increased because of higher manufacturing costs"
    assert offset_as_cause(cause, said(cause, CATERPILLAR))
    driver = "Higher sales volume partially offset the increase in Energy & Transportation profit"
    assert offset_as_cause(driver, said(driver, CATERPILLAR))
    despite = "Energy & Transportation profit increased despite favorable price realization"
    assert offset_as_cause(despite, said(despite, CATERPILLAR))
    for faithful in [
        "Energy & Transportation profit increased due to favorable price realization",
        "Energy & Transportation profit increased because of higher sales volume",
        "Higher manufacturing costs partially offset the increase in Energy & Transportation "
        "profit",
        "Energy & Transportation profit increased, partially offset by higher manufacturing costs",
    ]:
        assert not offset_as_cause(faithful, said(faithful, CATERPILLAR)), faithful


# ---- certainty ---------------------------------------------------------------------------------

HEADLINE = "Boeing CEO doesn't expect regulators to block $4.7 billion purchase of Spirit Aero"
BELOW = "Boeing CEO tells analysts why the planemaker won't be hurt by the new steel tariffs."


def test_a_certainty_needs_the_statement_saying_it_in_its_own_words_to_be_certain():
    certain = "Regulators will not block Boeing's $4.7 billion purchase of Spirit Aero"
    assert overstated(certain, [Said(HEADLINE, certain), Said(BELOW, certain)])
    hedged = "Boeing's CEO does not expect regulators to block the $4.7 billion purchase"
    assert not overstated(hedged, [Said(HEADLINE, hedged), Said(BELOW, hedged)])
    tariffs = "Boeing will not be hurt by the new steel tariffs"
    assert not overstated(tariffs, [Said(HEADLINE, tariffs), Said(BELOW, tariffs)])


LIQUIDITY = (
    "We be lieve our cash flows from operations and our credit facility will be sufficient to "
    "fund capital expenditures and dividends for at least the next 12 months."
)


def test_a_hedge_split_by_a_line_break_still_hedges():
    assert mended(LIQUIDITY).startswith("We believe our cash flows")
    assert mended("Incre ased unit sales") == "Increased unit sales"
    assert mended("sales by third parties") == "sales by third parties"
    certain = "Cash flows from operations will be sufficient to fund dividends"
    assert overstated(certain, [Said(LIQUIDITY, certain)])
    hedged = "The company believes its cash flows will be sufficient to fund dividends"
    assert not overstated(hedged, [Said(LIQUIDITY, hedged)])


# ---- the whole check ----------------------------------------------------------------------------


def test_the_check_leaves_out_the_turned_sentences_and_keeps_their_counterparts(
    remembering_embedder,
):
    home_depot = Passage(1, HOME_DEPOT, "HD", "Home Depot 10-K for fiscal year 2023")
    caterpillar = Passage(1, CATERPILLAR, "CAT", "Caterpillar Inc. 10-K 2023")
    for passage, sentence, supported in [
        (home_depot, "Home Depot's comparable sales rose 3.2% in fiscal 2023 [1].", False),
        (home_depot, "Home Depot's comparable sales decreased 3.2% in fiscal 2023 [1].", True),
        (
            caterpillar,
            "Energy & Transportation profit increased because of higher manufacturing costs [1].",
            False,
        ),
        (
            caterpillar,
            "Higher sales volume partially offset the increase in Energy & Transportation profit "
            "[1].",
            False,
        ),
        (
            caterpillar,
            "Higher manufacturing costs partially offset the increase in Energy & Transportation "
            "profit [1].",
            True,
        ),
        (
            caterpillar,
            "Energy & Transportation profit increased due to favorable price realization and "
            "higher sales volume [1].",
            True,
        ),
    ]:
        judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)


SALE = (
    "We will complete the sale of our Retail Pharmacy segment in the third quarter of 2024, "
    "subject to customary closing conditions and regulatory approvals."
)


def test_a_condition_hedges_a_certainty():
    certain = "The company will complete the sale of its Retail Pharmacy segment in 2024"
    assert overstated(certain, [Said(SALE, certain)])
    kept = (
        "The company will complete the sale of its Retail Pharmacy segment in 2024, subject to "
        "regulatory approvals"
    )
    assert not overstated(kept, [Said(SALE, kept)])


NOTICE = (
    "In June 2023, the Company received a notice of deficiency from the IRS for tax years 2016 "
    "through 2018. The IRS asserted penalties of $45 million in the notice of deficiency. The "
    "Company intends to contest the adjustments in the U.S. Tax Court."
)


def test_a_sentence_opening_with_no_keeps_its_denial(remembering_embedder):
    """ "No penalties were ..." is a denial, not an answer's "No, ..." before its claim."""
    passage = Passage(1, NOTICE, "MDT", "Medtronic plc 10-K 2024")
    for sentence, supported in [
        ("No penalties were asserted in the notice of deficiency [1].", False),
        ("The IRS asserted penalties of $45 million in the notice of deficiency [1].", True),
        ("No, the IRS asserted penalties of $45 million in the notice of deficiency [1].", True),
    ]:
        judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)
