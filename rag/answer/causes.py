"""A cause the claim gives that the passage does not give (rag.answer.support).

A claim that says why ("... was driven by lower fuel prices", "... due to the new contract")
is supported only when a statement ties that cause to a change: the cause's key terms stand in
the part of a statement that gives a cause, after its "due to", "driven by", "reflecting",
"primarily from" ..., or before its "drove", "contributed to", "resulted in" .... A passage that
mentions fuel prices elsewhere ("Excluding the impact of fuel prices, ...") gives no cause.
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import coverage, terms
from rag.answer.pdf_words import parted

CAUSE_COVERAGE = 0.5  # the share of the cause's key terms a statement's cause part must have

# Words that introduce a cause after them ("increased due to higher volume").
_CAUSE_AFTER = re.compile(
    r"\b(?:because(?: of)?|due(?: \w+)? to|driven(?: \w+)? by|as a result of|result(?:ed|ing)?"
    r" from|owing to|thanks to|attributable to|attributed to|caused by|fu[e]?led by|led by"
    r"|boosted by|helped by|supported by|benefit(?:ed|ing)? from|reflect(?:s|ed|ing)?"
    r"|(?:primarily|mainly|largely|partly|partially) (?:from|by|on)|on the back of"
    r"|(?:offset|impacted|affected|hurt|pressured) by|from (?:higher|lower|increased|decreased"
    r"|the|an?)|given|amid)\b",
    re.IGNORECASE,
)
# Verbs with the cause before them ("Higher volume drove the increase").
_CAUSE_BEFORE = re.compile(
    r"\b(?:dr(?:ove|ives)|contributed|contributes|result(?:s|ed)? in|led to|leads to|caused"
    r"|causes|boost(?:s|ed)|lift(?:s|ed)|weigh(?:s|ed)? on|hurt|helped|helps|add(?:s|ed)? to"
    r"|(?:impacted|affected)(?! by)|offset(?:s|ting)? (?:the|an?|our|its))\b",
    re.IGNORECASE,
)
# The claim's own cause words, as it puts them.
_CLAIM_CAUSE = re.compile(
    r"\b(?:because(?: of)?|due(?: \w+)? to|driven(?: \w+)? by|as a result of|owing to"
    r"|thanks to|attributable to|caused by|fu[e]?led by|resulting from)\b",
    re.IGNORECASE,
)
# Words that tell which way a cause moved, not what it is ("higher fuel prices").
_WAY_WORDS = terms(
    "increase decrease higher lower more less growth decline rise fall strong weak primarily"
    " mainly largely partly partially"
)


class Statement(Protocol):
    text: str


def unsourced_cause(claim: str, statements: Sequence[Statement], names: set[str]) -> str | None:
    """ "unsupported" when the claim gives a cause ("due to X", "driven by X") whose key terms
    no statement gives as a cause (a PDF's glued "driven byhigher sales" parted)."""
    m = _CLAIM_CAUSE.search(claim)
    if not m:
        return None
    cause = terms(claim[m.end() :]) - _WAY_WORDS - names
    if not cause:
        return None
    given = [part for s in statements for part in cause_parts(parted(s.text))]
    if any(coverage(cause, terms(part)) >= CAUSE_COVERAGE for part in given):
        return None
    return "unsupported"


def cause_parts(statement: str) -> list[str]:
    """The parts of a statement that give a cause: after each cause word, before each causal
    verb."""
    after = [statement[m.end() :] for m in _CAUSE_AFTER.finditer(statement)]
    before = [statement[: m.start()] for m in _CAUSE_BEFORE.finditer(statement)]
    return after + before
