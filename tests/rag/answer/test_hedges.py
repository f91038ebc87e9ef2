"""Claims stronger than their source, exclusive attributes swapped and broken-off sentences
(rag.answer.hedges), on statements quoted from the bundled Nvidia and Tesla 10-Ks
(data/sample/sec/filings), each with a faithful restatement that must still pass."""

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from rag.answer.hedges import fragment, overstated, swapped
from rag.answer.support import Passage, SupportCheck

FILINGS = Path(__file__).resolve().parents[3] / "data" / "sample" / "sec" / "filings"
NVDA_10K = FILINGS / "NVDA" / "nvda-10-k-2025-02-26.html"
TSLA_10K = FILINGS / "TSLA" / "tsla-10-k-2025-01-30.html"


@cache
def _text(path: Path) -> str:
    raw = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="ignore"))
    return re.sub(r"\s+", " ", html.unescape(raw))


def quoted(path: Path, opening: str) -> str:
    """The filing's sentence that opens with `opening` (so each statement is the filing's)."""
    text = _text(path)
    start = text.index(opening)
    end = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)").search(text, start)
    assert end is not None
    return text[start : end.end()]


@dataclass
class Said:
    text: str
    coverage: float = 1.0
    similarity: float = 0.8


def test_a_universal_needs_a_universal_statement():
    some = quoted(NVDA_10K, "Some of our competitors may have greater marketing")
    assert overstated("All of NVIDIA's competitors have greater financial resources", [Said(some)])
    assert not overstated("Some of NVIDIA's competitors may have greater resources", [Said(some)])
    dollars = quoted(NVDA_10K, "Foreign Exchange Rate Risk We consider our direct exposure")
    assert overstated("All of NVIDIA's sales are in United States dollars", [Said(dollars)])
    assert overstated("NVIDIA's entire sales are in United States dollars", [Said(dollars)])
    assert not overstated(
        "Substantially all of NVIDIA's sales are in United States dollars", [Said(dollars)]
    )
    delivered = quoted(TSLA_10K, "Because we do not have independent dealer networks")
    assert not overstated("Tesla delivers all of its vehicles to customers", [Said(delivered)])
    # "every quarter" is a period, not a universal; "all three" a count (alignment checks it)
    assert not overstated("Tesla reports every quarter", [Said(delivered)])
    assert not overstated("Tesla delivers vehicles in all three regions", [Said(delivered)])


def test_a_denial_of_everything_needs_a_negated_statement():
    some = quoted(NVDA_10K, "Water and energy availability and reliability")
    assert overstated("None of NVIDIA's facilities are vulnerable to extreme weather", [Said(some)])
    assert overstated("NVIDIA has no facilities vulnerable to extreme weather", [Said(some)])
    denied = quoted(TSLA_10K, "Because we do not have independent dealer networks")
    assert not overstated("Tesla has no independent dealer networks", [Said(denied)])


def test_a_certainty_the_statement_hedges_is_overstated_and_weakening_is_fine():
    hedged = quoted(TSLA_10K, "While we believe that we will be able to secure additional")
    assert overstated("Tesla will be able to secure alternate sources quickly", [Said(hedged)])
    assert not overstated(
        "Tesla believes it will be able to secure alternate sources for most components",
        [Said(hedged)],
    )
    assert not overstated("Tesla may be able to secure alternate sources", [Said(hedged)])
    unsure = quoted(NVDA_10K, "We have no assurance that the USG will grant such a license")
    assert overstated("NVIDIA says the USG will grant such a license", [Said(unsure)])
    # a noun is no hedge: "projects", "targets", "estimated useful lives"
    built = "We will complete the projects by 2026 and depreciate them over estimated useful lives."
    assert not overstated("Tesla will complete the projects by 2026", [Said(built)])
    plain = quoted(TSLA_10K, "The applicable margin will be based on the rating")
    assert not overstated(
        "Tesla's applicable margin will be based on its credit rating", [Said(plain)]
    )


def test_only_most_and_final_need_as_much():
    space = quoted(NVDA_10K, "In addition, we lease data center space in Santa Clara")
    assert overstated("NVIDIA leases data center space only in Santa Clara", [Said(space)])
    leases = quoted(TSLA_10K, "Some of our leases also include options to terminate")
    assert overstated("Most of Tesla's leases include options to terminate early", [Said(leases)])
    assert not overstated("Some of Tesla's leases include options to terminate", [Said(leases)])
    costs = quoted(TSLA_10K, "Costs related to preliminary project activities")
    assert overstated("Costs of final project activities are expensed as incurred", [Said(costs)])
    assert not overstated("Costs of preliminary project activities are expensed", [Said(costs)])


def test_the_statements_compared_are_those_that_say_the_claim():
    some = quoted(NVDA_10K, "Some of our competitors may have greater marketing")
    dollars = quoted(NVDA_10K, "Foreign Exchange Rate Risk We consider our direct exposure")
    # the universal statement says little of the claim: the one that says it decides
    statements = [Said(some, coverage=0.9), Said(dollars, coverage=0.2)]
    assert overstated("All of NVIDIA's competitors have greater resources", statements)
    assert overstated("All of NVIDIA's competitors have greater resources", []) is None


def test_an_exclusive_attribute_swapped_for_the_other():
    space = quoted(NVDA_10K, "In addition, we lease data center space in Santa Clara")
    assert swapped("NVIDIA owns data center space in Santa Clara", [Said(space)], set())
    assert not swapped("NVIDIA leases data center space in Santa Clara", [Said(space)], set())
    assert not swapped("NVIDIA does not own its data center space", [Said(space)], set())
    notes = quoted(NVDA_10K, "Our notes are unsecured senior obligations")
    assert swapped("NVIDIA's notes are secured senior obligations", [Said(notes)], set())
    assert not swapped("NVIDIA's notes are unsecured senior obligations", [Said(notes)], set())
    # a table row's "Owned or Leased" column, as the filing prints it and the store renders it
    assert "Megafactory Lathrop Lathrop, California Leased" in _text(TSLA_10K)
    assert "Fremont Factory Fremont, California Owned" in _text(TSLA_10K)
    rows = [
        Said("| Fremont Factory | Fremont, California | Owned |"),
        Said("| Megafactory Lathrop | Lathrop, California | Leased |"),
    ]
    assert swapped("Tesla owns Megafactory Lathrop in California", rows, {"tesla"})
    assert swapped("Tesla leases the Fremont Factory in California", rows, {"tesla"})
    assert not swapped("Tesla owns the Fremont Factory in California", rows, {"tesla"})
    # its own stores, company-owned stores are no ownership of premises
    assert not swapped("Tesla sells through company-owned stores in California", rows, {"tesla"})
    assert not swapped("Tesla sells through its own stores in California", rows, {"tesla"})


@pytest.mark.parametrize(
    "sentence",
    [
        "NVIDIA's competitors include AMD and",
        "Three months ended, (in millions, except per share data) [1].",
        "The primary competitors of the segment are:",
        "Tesla's facilities are used for manufacturing, warehousing and",
        "Risks related to the supply of [2]",
    ],
)
def test_a_sentence_that_breaks_off_is_a_fragment(sentence):
    assert fragment(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "NVIDIA competes with AMD and Intel [1].",
        "Revenue was $44.1 billion (up 69% from a year ago) [1].",
        "Tesla's land use rights in Shanghai have an initial term of 50 years (as leases) [2].",
        "Americas",  # a list item: no claim, but no broken-off one either
        "Design and manufacture of data center platforms and systems;",  # a filing's list item
        "Sale of vehicles through company-owned stores; and",
    ],
)
def test_a_whole_sentence_is_no_fragment(sentence):
    assert not fragment(sentence)


def test_the_check_leaves_out_overstated_and_swapped_sentences(remembering_embedder):
    passage = " ".join(
        [
            quoted(NVDA_10K, "Some of our competitors may have greater marketing"),
            quoted(NVDA_10K, "In addition, we lease data center space in Santa Clara"),
        ]
    )
    check = SupportCheck(remembering_embedder, [Passage(1, passage, "NVDA", "NVIDIA 10-K")])
    for sentence, reason in [
        (
            "All of NVIDIA's competitors have greater marketing, financial, distribution and"
            " manufacturing resources than NVIDIA [1].",
            "overstated",
        ),
        ("NVIDIA owns data center space in Santa Clara, California [1].", "swapped"),
        ("NVIDIA's competitors include companies with greater resources and [1]", "fragment"),
    ]:
        judgement = check.judge(sentence)
        assert (judgement.supported, judgement.reason) == (False, reason), sentence
    for sentence in [
        "Some of NVIDIA's competitors may have greater marketing and financial resources [1].",
        "NVIDIA leases data center space in Santa Clara, California [1].",
    ]:
        assert check.judge(sentence).supported, sentence


def test_two_figures_each_given_what_the_other_counts():
    staff = quoted(NVDA_10K, "As of the end of fiscal year 2025, we had approximately 36,000")
    assert swapped("NVIDIA had about 38 employees in 36,000 countries", [Said(staff)], set())
    assert not swapped("NVIDIA had about 36,000 employees in 38 countries", [Said(staff)], set())
    # one figure, or figures with no word of their own after them, are no pair
    assert not swapped("NVIDIA had about 36,000 employees", [Said(staff)], set())
    assert not swapped("27,100 were in research and 8,900 in sales", [Said(staff)], set())
