"""Sentences that say a thing in another mode, on another basis or for another cause than the
passage (rag.answer.modality, rag.answer.causes), on short passages in the style of other
companies' filings and news than the labelled set's, each with a faithful counterpart:
- a plan, an expectation or a target told as done or certain ("will open", "has cut");
- a figure printed only "excluding" something, or "in constant currency", given plainly;
- "exactly" where the source says "about" or "just as";
- a cause the passage mentions but never gives as one ("due to X", "X will slow Y"), an offset
  told as a driver ("X added to");
- a figure of the prior year read from a "compared to" clause written with no-break spaces;
- two figures each given what the other measures;
- "rose" where the statement's head says "decreased" (its causes say "higher");
- "higher X" where the passage speaks only of "lower X";
- a figure given to another kind of line ("financing" for "operating activities"), a move in
  points told as a percentage; "spiked" is a rise;
- "is" where the source says "could be"; a comparison turned round or made of a likeness;
- a quote's subject told as its speaker; a person put with another's organisation;
- a rise where the guided range holds the prior figure."""

from dataclasses import dataclass, field

from rag.answer.causes import cause_parts, claim_cause, offset_as_driver, unsourced_cause
from rag.answer.claims import coverage, direction, figures, terms
from rag.answer.kinds import other_kind, points_as_percent
from rag.answer.modality import (
    dropped_basis,
    made_exact,
    modal_dropped,
    stated_as_done,
    straddled,
)
from rag.answer.pairs import crossed_pair, label, turned_comparison
from rag.answer.polarity import flipped_modifier, moved_other_way_at_head
from rag.answer.speakers import misaffiliated, misattributed
from rag.answer.support import Passage, SupportCheck


@dataclass
class Said:
    """A statement as the check scores it against one claim."""

    text: str
    claim: str = ""
    terms: set[str] = field(init=False)
    coverage: float = field(init=False)
    similarity: float = 0.7

    def __post_init__(self):
        self.terms = terms(self.text)
        self.coverage = coverage(terms(self.claim), self.terms)


def said(claim: str, *texts: str) -> list[Said]:
    return [Said(t, claim) for t in texts]


# ---- a plan told as done --------------------------------------------------------------------

DOLLAR_TREE = [
    "In fiscal 2023 we opened 613 new stores and remodeled 1,340 stores.",
    "We plan to open approximately 650 new stores in fiscal 2024, and we expect capital "
    "expenditures of $2.0 billion to $2.2 billion.",
    "We expect that the new distribution network will lower freight costs by shortening "
    "delivery routes.",
]


def test_a_plan_told_as_certain_or_done_is_overstated():
    for claim in [
        "Dollar Tree will open 650 new stores in fiscal 2024",
        "Dollar Tree opened 650 new stores in fiscal 2024",
        "Dollar Tree's capital expenditures were $2.0 billion to $2.2 billion in fiscal 2024",
        "Dollar Tree's new distribution network has lowered freight costs",
    ]:
        assert stated_as_done(claim, said(claim, *DOLLAR_TREE)) == "overstated", claim


def test_a_plan_told_as_a_plan_and_a_fact_as_a_fact_pass():
    for claim in [
        "Dollar Tree plans to open about 650 new stores in fiscal 2024",
        "Dollar Tree expects capital expenditures of $2.0 billion to $2.2 billion in fiscal 2024",
        "Dollar Tree opened 613 new stores in fiscal 2023",
        "Dollar Tree expects its new distribution network to lower freight costs",
    ]:
        assert stated_as_done(claim, said(claim, *DOLLAR_TREE)) is None, claim


def test_a_fact_beside_an_expectation_in_one_sentence_stays_a_fact():
    text = "Revenue was $8.1 billion in 2023, and we expect revenue of $8.6 billion in 2024."
    fact = "Revenue was $8.1 billion in 2023"
    assert stated_as_done(fact, said(fact, text)) is None
    told = "Revenue will be $8.6 billion in 2024"
    assert stated_as_done(told, said(told, text)) == "overstated"


# ---- a figure's basis -------------------------------------------------------------------------

DELTA = [
    "Operating margin was 8.4% in 2023.",
    "Excluding the impact of fuel price changes, operating "
    "margin was 10.4%, an increase of 120 basis points.",
    "International revenue grew 6%, or 9% in constant currency.",
]


def test_a_figure_printed_only_on_a_basis_of_its_own_needs_it():
    for claim in ["Delta's operating margin was 10.4% in 2023", "International revenue grew 9%"]:
        assert dropped_basis(claim, said(claim, *DELTA)) == "figure", claim
    for claim in [
        "Excluding fuel price changes, Delta's operating margin was 10.4% in 2023",
        "Delta's operating margin was 8.4% in 2023",
        "International revenue grew 6%",
        "International revenue grew 9% in constant currency",
    ]:
        assert dropped_basis(claim, said(claim, *DELTA)) is None, claim


# ---- exactness --------------------------------------------------------------------------------

ANALYST = (
    "The analyst said the new chip is about as fast as Intel's flagship, or at least close "
    "enough for most data center buyers."
)


def test_exactly_needs_a_statement_that_says_it_exactly():
    claim = "The analyst said the new chip is exactly as fast as Intel's flagship"
    assert made_exact(claim, said(claim, ANALYST)) == "overstated"
    kept = "The analyst said the new chip is about as fast as Intel's flagship"
    assert made_exact(kept, said(kept, ANALYST)) is None


# ---- a cause the passage does not give --------------------------------------------------------

KROGER = [
    "Excluding the effect of higher fuel prices, gross margin rate increased 12 basis points.",
    "The increase was due to lower shrink and improved sourcing in fresh departments.",
    "Higher pharmacy sales contributed to the identical sales growth.",
]


def test_a_cause_the_passage_only_mentions_is_unsourced():
    claim = "The gross margin rate increase was driven by higher fuel prices"
    assert unsourced_cause(claim, said(claim, *KROGER), set()) == "unsupported"


def test_a_cause_the_passage_gives_is_sourced():
    for claim in [
        "The gross margin rate increase was due to lower shrink",
        "The increase was driven by improved sourcing in fresh departments",
        "Identical sales grew because of higher pharmacy sales",
    ]:
        assert unsourced_cause(claim, said(claim, *KROGER), set()) is None, claim


def test_cause_parts_are_after_a_cause_word_or_before_a_causal_verb():
    parts = cause_parts("Higher pharmacy sales contributed to growth, reflecting new clinics.")
    assert "Higher pharmacy sales " in parts
    assert any(p.strip().startswith("new clinics") for p in parts)


# ---- through the check ------------------------------------------------------------------------

HERSHEY = (
    "For the year ended December 31, 2023, we reported net income of\xa0$1,862\xa0million, "
    "compared\xa0to\xa0net income of\xa0$1,644\xa0million for 2022. We expect net sales growth "
    "of 2% to 3% in 2024, and we plan to open a new plant in Malaysia in 2025."
)


def test_the_check_leaves_out_the_mode_and_period_leaks_and_keeps_their_counterparts(
    remembering_embedder,
):
    hershey = Passage(1, HERSHEY, "HSY", "Hershey Co 10-K for fiscal year ended 2023-12-31")
    for sentence, supported in [
        ("Hershey's net income was $1,644 million in 2023 [1].", False),
        ("Hershey's net income was $1,644 million in 2022 [1].", True),
        ("Hershey's net income was $1,862 million in 2023 [1].", True),
        ("Hershey opened a new plant in Malaysia in 2025 [1].", False),
        ("Hershey plans to open a new plant in Malaysia in 2025 [1].", True),
    ]:
        judgement = SupportCheck(remembering_embedder, [hershey]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)


# ---- two figures given each other's labels ------------------------------------------------------

UNION_PACIFIC = [
    "Cash provided by operating activities improved primarily due to favorable changes in "
    "Accounts receivable ($0.9 billion), Materials and supplies ($0.3 billion) and Income "
    "taxes payable ($0.2 billion).",
    "The change was primarily due to a $2.4 billion increase in proceeds from commercial paper, "
    "partially offset by a $1.3 billion increase in share repurchases.",
]


def test_two_figures_given_each_others_labels_are_swapped():
    for claim in [
        "Favorable changes in accounts receivable contributed $0.3 billion and materials and "
        "supplies $0.9 billion",
        "Union Pacific's commercial paper proceeds rose $1.3 billion while its share repurchases "
        "rose $2.4 billion",
    ]:
        assert crossed_pair(claim, said(claim, *UNION_PACIFIC), {"union", "pacif"}) == "swapped"


def test_two_figures_with_their_own_labels_pass():
    for claim in [
        "Favorable changes in accounts receivable contributed $0.9 billion and materials and "
        "supplies $0.3 billion",
        "Union Pacific's commercial paper proceeds rose $2.4 billion while its share repurchases "
        "rose $1.3 billion",
        "Accounts receivable contributed $0.9 billion",
    ]:
        assert crossed_pair(claim, said(claim, *UNION_PACIFIC), {"union", "pacif"}) is None


def test_a_label_is_read_after_a_figure_naming_a_thing_else_before_it():
    text = "Revenue was $4.2 billion, and a $0.5 billion gain on sale of the unit was recorded."
    first, second = figures(text)
    assert label(text, first).strip() == "Revenue was"
    assert label(text, second).strip() == "gain on sale of the unit was recorded"


# ---- a direction read from the statement's head ---------------------------------------------

AT_T = [
    "Cash provided by operating activities decreased $3.1 billion in 2023, primarily due to "
    "higher device payments and increased interest paid.",
]


def test_a_direction_against_the_statements_head_is_turned_though_its_causes_move_up():
    rose = "AT&T's cash provided by operating activities rose in 2023"
    assert moved_other_way_at_head(rose, said(rose, *AT_T))
    fell = "AT&T's cash provided by operating activities fell in 2023"
    assert not moved_other_way_at_head(fell, said(fell, *AT_T))
    cause = "Higher device payments reduced AT&T's operating cash flow in 2023"
    assert not moved_other_way_at_head(cause, said(cause, *AT_T))


# ---- a modifier turned over; a figure given to another kind of line ------------------------

WALGREENS = [
    "Gross margin is expected to be pressured by lower generic drug price deflation and "
    "higher labor costs in the U.S. Retail Pharmacy segment."
]


def test_a_thing_given_the_other_ways_modifier_is_turned():
    turned = "Higher generic drug price deflation will pressure Walgreens' gross margin"
    assert flipped_modifier(turned, said(turned, *WALGREENS))
    for kept in [
        "Lower generic drug price deflation is expected to pressure Walgreens' gross margin",
        "Higher labor costs are expected to pressure Walgreens' gross margin",
    ]:
        assert not flipped_modifier(kept, said(kept, *WALGREENS)), kept


CASH_FLOWS = [
    "Net cash provided by operating activities 11,204 9,876",
    "Net cash used in investing activities (2,310) (4,105)",
    "Net cash provided by financing activities 1,845 (3,020)",
    "Operating income is expected to be between $2.1 billion and $2.4 billion.",
]


def test_a_figure_given_to_another_kind_of_line_is_caught():
    for claim in [
        "Financing activities provided $11,204 million",
        "Net income is expected to be $2.1 billion to $2.4 billion",
    ]:
        assert other_kind(claim, said(claim, *CASH_FLOWS)) == "figure", claim
    for claim in [
        "Operating activities provided $11,204 million",
        "Financing activities provided $1,845 million",
        "Operating income is expected to be $2.1 billion to $2.4 billion",
    ]:
        assert other_kind(claim, said(claim, *CASH_FLOWS)) is None, claim


# ---- a modal dropped; a comparison turned ---------------------------------------------------

NEWS = [
    "Nvidia 'could be the most important chip company of the decade,' analyst Dan Ives says",
    "Ives says the export rules matter far more for AMD than for Nvidia.",
    "\"Regulators are essentially saying Qualcomm's modem is as reliable as Broadcom's,\" Ives "
    "says.",
]


def test_is_where_the_source_says_could_be_is_overstated():
    claim = "Ives says Nvidia is the most important chip company of the decade"
    assert modal_dropped(claim, said(claim, *NEWS)) == "overstated"
    kept = "Ives says Nvidia could be the most important chip company of the decade"
    assert modal_dropped(kept, said(kept, *NEWS)) is None


def test_a_comparison_turned_round_or_made_of_a_likeness_is_caught():
    turned = "Ives says the export rules matter far more for Nvidia than for AMD."
    assert turned_comparison(turned, said(turned, *NEWS)) == "swapped"
    kept = "Ives says the export rules matter more for AMD than for Nvidia."
    assert turned_comparison(kept, said(kept, *NEWS)) is None
    better = "Ives says regulators consider Qualcomm's modem more reliable than Broadcom's"
    assert turned_comparison(better, said(better, *NEWS)) == "overstated"
    alike = "Ives says regulators consider Qualcomm's modem as reliable as Broadcom's"
    assert turned_comparison(alike, said(alike, *NEWS)) is None


# ---- who says it, and who a person is with ----------------------------------------------------

INTERVIEW = [
    '"The FDA is essentially signalling that the drug is safe enough for wider use," analyst '
    "Maria Chen says.",
    "Tom Brady of Northpeak Advisors and Maria Chen of Lumen Research discussed the approval.",
]


def test_a_quotes_subject_told_as_its_speaker_is_misattributed():
    claim = "The FDA said the drug is safe enough for wider use"
    assert misattributed(claim, said(claim, *INTERVIEW)) == "aligned"
    kept = "Chen says the FDA is essentially signalling that the drug is safe enough"
    assert misattributed(kept, said(kept, *INTERVIEW)) is None


def test_a_person_put_with_anothers_organisation_is_misaffiliated():
    claim = "Maria Chen of Northpeak Advisors discussed the approval"
    assert misaffiliated(claim, said(claim, *INTERVIEW)) == "aligned"
    kept = "Maria Chen of Lumen Research discussed the approval"
    assert misaffiliated(kept, said(kept, *INTERVIEW)) is None


def test_a_move_in_points_told_as_a_percentage_is_caught():
    text = "Operating margin rate declined eight basis points to 6.1% compared to fiscal 2022."
    claim = "Target's operating margin rate declined eight percent in fiscal 2023"
    assert points_as_percent(claim, said(claim, text)) == "figure"
    kept = "Target's operating margin rate declined eight basis points in fiscal 2023"
    assert points_as_percent(kept, said(kept, text)) is None


def test_a_spike_is_a_rise():
    assert direction("Demand for home fitness equipment spiked during the lockdowns") == {"up"}


PANEL = [
    "Netflix's 12 percent subscriber growth can't last, says Evercore's Mahaney",
    "Mark Mahaney and Laura Martin join the show to discuss Netflix's ad tier and its password "
    "crackdown.",
    "The password crackdown is expected to lift revenue per member next year, Mahaney says.",
]
DEERE = [
    "Diluted earnings per share increased 18% in 2023, primarily driven by higher net income, "
    "partially offset by a one-time charge of $0.30 per share from the pension settlement."
]


def test_a_cause_told_with_a_causal_verb_needs_the_passage_to_give_it():
    claim = "Mahaney says the ad tier will slow Netflix's subscriber growth"
    assert unsourced_cause(claim, said(claim, *PANEL), {"netflix"}) == "unsupported"
    kept = "Mahaney says the password crackdown will lift Netflix's revenue per member"
    assert unsourced_cause(kept, said(kept, *PANEL), {"netflix"}) is None


def test_an_offset_told_as_a_driver_by_a_causal_verb_is_contradicted():
    claim = "The pension settlement charge added to Deere's 2023 diluted earnings per share growth"
    assert offset_as_driver(claim, said(claim, *DEERE)) == "contradicted"
    kept = "Higher net income drove Deere's 2023 diluted earnings per share growth"
    assert offset_as_driver(kept, said(kept, *DEERE)) is None


def test_a_direction_a_guided_range_does_not_give_is_unsupported():
    text = (
        "Operating income is expected to be between $2.0 billion and $2.6 billion, compared "
        "with $2.3 billion in the second quarter of 2024."
    )
    claim = "Operating income is expected to rise in the second quarter"
    assert straddled(claim, said(claim, text)) == "unsupported"
    above = text.replace("$2.3 billion", "$1.7 billion")
    assert straddled(claim, said(claim, above)) is None


def test_a_claim_opening_with_its_cause_passes_on_a_statement_saying_both():
    text = "Our senior notes are carried at amortized cost and changes in market rates do not "
    text += "affect our reported results."
    claim = "Because Kellogg carries its senior notes at amortized cost, changes in market rates "
    claim += "do not affect its reported results"
    assert unsourced_cause(claim, said(claim, text), {"kellogg"}) is None
    other = "Because Kellogg hedges its senior notes, changes in market rates do not affect its "
    other += "reported results"
    assert unsourced_cause(other, said(other, text), {"kellogg"}) == "unsupported"


def test_an_adjective_participle_is_no_plan():
    text = "Notes receivable, net of the allowance for expected credit losses, were $310 million."
    claim = "Notes receivable, net of the allowance, were $310 million"
    assert stated_as_done(claim, said(claim, text)) is None


def test_a_cause_acting_on_another_thing_or_a_claims_own_causes_are_no_move_of_its_subject():
    text = "Income tax expense increased $0.4 billion in 2023, primarily due to lower credits."
    for claim in [
        "Lower credits increased the company's income tax expense in 2023",
        "Income tax expense increased by $0.4 billion, primarily due to lower credits",
    ]:
        assert not moved_other_way_at_head(claim, said(claim, text)), claim
    fell = "Income tax expense fell in 2023"
    assert moved_other_way_at_head(fell, said(fell, text))


def test_each_figure_of_the_claim_is_read_in_the_clause_printing_it(remembering_embedder):
    text = (
        "We opened 14 new stores, including three relocations, in 2023, and plan to open up to "
        "20 new stores, including four relocations, in 2024."
    )
    store = Passage(1, text, "TSCO", "Tractor Supply 10-K for fiscal year ended 2023-12-30")
    for sentence, supported in [
        ("Tractor Supply opened 14 new stores in 2023, including four relocations [1].", False),
        ("Tractor Supply opened 14 new stores in 2023, including three relocations [1].", True),
    ]:
        judgement = SupportCheck(remembering_embedder, [store]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)


def test_a_causal_verbs_cause_is_its_own_clauses_subject():
    texts = [
        "These acquisitions are inherently risky and may not be successful.",
        "The failure of any significant acquisition could materially adversely affect the "
        "Company's business.",
    ]
    claim = (
        "Cisco says acquisitions are risky and may not succeed, and the failure of a "
        "significant acquisition could materially hurt its business"
    )
    assert claim_cause(claim).strip() == "the failure of a significant acquisition could materially"
    assert unsourced_cause(claim, said(claim, *texts), {"cisco"}) is None
