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

from rag.answer.claims import Figure, coverage, figures, same_figure, terms
from rag.answer.pdf_words import parted
from rag.answer.polarity import BOUND_COVERAGE, offset_roles, placed_in
from rag.answer.table_rows import changes_said

CAUSE_COVERAGE = 0.5  # the share of the cause's key terms a statement's cause part must have
BOTH_COVERAGE = 0.75  # ... and the share of each of its parts a statement saying both must have
SUBJECT_WORDS = 8  # a statement opening with the cause (its subject) acts on what follows

# Words that introduce a cause after them ("increased due to higher volume").
_CAUSE_AFTER = re.compile(
    r"\b(?:because(?: of)?|due(?: \w+)? to|driven(?: \w+)? by|as a result of|result(?:ed|ing)?"
    r" from|owing to|thanks to|attributable to|attributed to|caused by|fu[e]?led by|led by"
    r"|boosted by|helped by|supported by|benefit(?:ed|ing)? from|reflect(?:s|ed|ing)?"
    r"|(?:primarily|mainly|largely|partly|partially) (?:from|by|on)|on the back of"
    r"|(?:offset|impacted|affected|hurt|pressured) by|from (?:higher|lower|increased|decreased"
    r"|the|an?)|given|amid|since|on (?:strong|higher|lower|weak|weaker|stronger|increased|rising"
    r"|falling))\b",
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
    coverage: float
    similarity: float


def unsourced_cause(claim: str, statements: Sequence[Statement], names: set[str]) -> str | None:
    """ "unsupported" when the claim gives a cause ("due to X", "driven by X", "X will slow
    Y") whose key terms no statement gives as a cause (a PDF's glued "driven byhigher sales"
    parted)."""
    cause = terms(claim_cause(claim)) - _WAY_WORDS - names
    if not cause:
        return None
    given = [part for s in statements for part in cause_parts(parted(s.text))]
    if any(coverage(cause, terms(part)) >= CAUSE_COVERAGE for part in given):
        return None
    lead = _LEADING.match(claim)
    if lead and any(_says_both(lead, s.text) for s in statements):
        return None
    v = None if _CLAIM_CAUSE.search(claim) else _CLAIM_VERB.search(claim)
    effect = terms(claim[v.end() :]) - _WAY_WORDS - names if v else set()
    if effect and any(_subject_acts(cause, effect, s.text) for s in statements):
        return None
    return "unsupported"


# A claim opening with its cause: "Because X, Y".
_LEADING = re.compile(r"\s*(?:because|since|as a result of|due to)\s+([^,]+),\s*(.+)", re.I)


def _says_both(lead: re.Match, statement: str) -> bool:
    """Whether one statement says both the opening cause and what follows it ("Our debt is
    carried at amortized cost and fluctuations in interest rates do not impact ...")."""
    said = terms(statement)
    return all(coverage(terms(part), said) >= BOTH_COVERAGE for part in lead.groups())


def _subject_acts(cause: set[str], effect: set[str], statement: str) -> bool:
    """Whether the statement opens with the cause and speaks of the effect: "The acquisition
    is expected to be accretive to earnings" for "the acquisition will add to earnings"."""
    opening = " ".join(statement.split()[:SUBJECT_WORDS])
    return (
        coverage(cause, terms(opening)) >= CAUSE_COVERAGE
        and coverage(effect, terms(statement)) >= CAUSE_COVERAGE
    )


# The claim's verbs with the cause before them ("the acquisition will slow growth").
_CLAIM_VERB = re.compile(
    r"\b(?:will\s+|would\s+)?(?:dr(?:ove|ives|ive)|boost(?:s|ed)?|lift(?:s|ed)?|hurt(?:s)?"
    r"|weigh(?:s|ed)? on|slow(?:s|ed)?|contribut(?:es|ed) to|add(?:s|ed)? to|led to|leads? to"
    r"|result(?:s|ed)? in|caus(?:es|ed)|fuel(?:s|ed|led)?)\b",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^.*?\b(?:says|said|believes|thinks|argues|expects|notes)\s+(?:that\s+)?", re.I)


def claim_cause(claim: str) -> str:
    """The cause the claim gives: after its cause word ("driven by X"), else before its causal
    verb after any "... says" ("Kessler says X will slow Y"); "" when it gives none."""
    lead = _LEADING.match(claim)
    if lead:
        return lead.group(1)
    m = _CLAIM_CAUSE.search(claim)
    if m:
        return claim[m.end() :]
    v = _CLAIM_VERB.search(claim)
    if not v:
        return ""
    lead = _LEAD.match(claim, 0, v.start())
    cause = claim[lead.end() if lead else 0 : v.start()]
    return re.split(r"[,;]\s+(?:and\s+|but\s+)?", cause)[-1]  # the verb's own clause


def offset_as_driver(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "contradicted" when the claim's causal verb ("X added to the growth") gives as a driver
    what the statement saying most of it gives as an offset ("..., partially offset by X")."""
    v = _CLAIM_VERB.search(claim)
    if not v or _CLAIM_CAUSE.search(claim) or not statements:
        return None
    best = max(statements, key=lambda s: (s.coverage, s.similarity))
    roles = offset_roles(best.text) if best.coverage >= BOUND_COVERAGE else None
    if roles is None:
        return None
    driving, offsetting = (terms(part) for part in roles)
    cause = terms(claim_cause(claim)) - _WAY_WORDS
    return "contradicted" if placed_in(cause, offsetting, driving) else None


def cause_parts(statement: str) -> list[str]:
    """The parts of a statement that give a cause: after each cause word, before each causal
    verb."""
    after = [statement[m.end() :] for m in _CAUSE_AFTER.finditer(statement)]
    before = [statement[: m.start()] for m in _CAUSE_BEFORE.finditer(statement)]
    return after + before


# ---- a cause's amount given as the change -------------------------------------------------


def cause_as_change(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "figure" when an amount of money the claim says something moved by ("rose $842 million") is
    printed, by every statement that says most of the claim and prints it, only in the part
    giving the cause of a move by another amount ("increased $735 million, reflecting a charge
    of $842 million"): the cause's amount is not the change."""
    for _, figure in changes_said(claim)[1]:
        if figure.unit != "USD":  # a percentage may be a part's move too
            continue
        verdicts = [
            all(_in_cause(s.text, f) for f in printed)
            for s in statements
            if s.coverage >= BOUND_COVERAGE
            and (printed := [f for f in figures(s.text) if same_figure(figure, f)])
        ]
        if verdicts and all(verdicts):
            return "figure"
    return None


def _in_cause(text: str, printed: Figure) -> bool:
    """Whether the printed amount stands after a cause's word that follows a move by another
    amount of its kind."""
    causes = list(_CAUSE_AFTER.finditer(text, 0, printed.start))
    if not causes:
        return False
    moves = changes_said(text[: causes[-1].start()])[1]
    return any(f.unit == printed.unit and not same_figure(printed, f) for _, f in moves)


# ---- a cause given to another effect ------------------------------------------------------

EFFECT_COVERAGE = 0.75  # the share of the claim's effect a statement's part before its cause has
_CLAIM_REASON = re.compile(_CLAIM_CAUSE.pattern + r"|\breflect(?:s|ed|ing)?\b", re.IGNORECASE)


def other_effect(claim: str, statements: Sequence[Statement], names: set[str]) -> str | None:
    """ "unsupported" when the claim ties a cause to an effect ("The margin decline mainly
    reflects higher advertising expense") that a statement names before another cause ("The
    margin decline primarily reflects higher commodity costs"), while the statements giving the
    claim's cause give it to another effect ("Operating profit growth was driven by ...,
    partially offset by ... higher advertising expense")."""
    m = _CLAIM_REASON.search(claim)
    if not m:
        return None
    effect = terms(claim[: m.start()]) - _WAY_WORDS - names
    cause = terms(claim[m.end() :]) - _WAY_WORDS - names
    if not effect or not cause:
        return None
    heads = [(_head(s.text), cause_parts(parted(s.text))) for s in statements]
    giving = [head for head, parts in heads if any(_covers(cause, p) for p in parts)]
    if not giving or any(coverage(effect, terms(h)) >= EFFECT_COVERAGE for h in giving):
        return None
    naming = [  # a statement giving the effect a cause of its own ("..., reflecting:" gives none)
        h
        for h, parts in heads
        if any(terms(p) for p in parts) and coverage(effect, terms(h)) >= EFFECT_COVERAGE
    ]
    return "unsupported" if naming else None


def _head(statement: str) -> str:
    """What a statement says was caused: its text before its first cause word."""
    m = _CAUSE_AFTER.search(statement)
    return statement[: m.start()] if m else ""


def _covers(cause: set[str], part: str) -> bool:
    return coverage(cause, terms(part)) >= CAUSE_COVERAGE
