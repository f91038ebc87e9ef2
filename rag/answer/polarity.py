"""What a sentence says the other way round from its statements (rag.answer.support): a claim
close to them in words can still turn their meaning.

- `moved_other_way`: a figure the claim says moved one way ("fell 13%") where every statement
  that prints it and says most of the claim says it moved the other ("increased 13%").
- `denied_alike`: the claim affirms what one of the statements that say most of it denies ("The
  agency asserted penalties" where "No penalties were asserted"), though another, as close in
  words, does not deny it.
- `rose_by_a_fall`: a change the claim says rose ("increased by $239 million") that a table row
  prints in parentheses in its change column ("Increase / (decrease)": a fall).
- `subject_moved_other_way`: a claim without figures says its subject moves one way ("operating
  income to decline") where the statements bind that subject to the other way only ("operating
  income improvement", "an improvement in operating income").
- `opposite_action` (rag.answer.actions): an action done the other way on the same object
  ("lost market share" where "we're building market share").
- `offset_as_cause`: a cause the statement gives as what offset the change ("due to higher unit
  sales, partially offset by higher marketing expense") told as its driver ("because it cut
  marketing expense"), or a driver told as an offset.

`turned` runs them and returns "contradicted" when one finds the claim turned.
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.actions import opposite_action
from rag.answer.claims import (
    FALL,
    RISE,
    clauses,
    coverage,
    direction,
    direction_near,
    figures,
    negated,
    negation_object,
    same_figure,
    terms,
)
from rag.answer.table_rows import changes_said

BOUND_COVERAGE = 0.75  # a statement with this share of the claim's key terms says it
ROLE_COVERAGE = 0.5  # a cause's share of terms that places it in a statement's part


class Statement(Protocol):
    text: str
    terms: set[str]
    coverage: float
    similarity: float


def turned(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "contradicted" when the claim moves a figure, affirms a denial or casts a cause the
    other way round from the statements that say most of it."""
    if (
        moved_other_way(claim, statements)
        or moved_other_way_at_head(claim, statements)
        or flipped_modifier(claim, statements)
        or denied_alike(claim, statements)
        or offset_as_cause(claim, statements)
        or rose_by_a_fall(claim, statements)
        or subject_moved_other_way(claim, statements)
        or opposite_action(claim, statements)
    ):
        return "contradicted"
    return None


# ---- a figure's direction -------------------------------------------------------------------


def moved_other_way(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether a figure the claim gives a direction ("fell 13%") is printed, by every statement
    that prints it with a direction and says most of the claim, with the opposite one
    ("International sales increased 13%"), and by none with the claim's."""
    for figure in figures(claim):
        mine = direction_near(claim, figure)
        if not mine:
            continue
        ways = [
            direction_near(s.text, printed)
            for s in statements
            if s.coverage >= BOUND_COVERAGE
            for printed in figures(s.text)
            if same_figure(figure, printed)
        ]
        ways = [way for way in ways if way]
        if ways and all(not way & mine for way in ways):
            return True
    return False


_CHANGE_HEADER = re.compile(
    r"\b(?:change|increase|decrease|variance|vs?\.?\s+(?:19|20)\d\d)\b", re.IGNORECASE
)


def rose_by_a_fall(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether an amount the claim says something rose by is printed, by every table row that
    says most of the claim and prints it under a header naming a change column, in parentheses
    beside amounts that are not ("Net sales $ 2,219 ... $ (239)" under "Increase / (decrease)":
    net sales fell by 239)."""
    rows = [
        figures(s.text.rpartition("\n")[2])
        for s in statements
        if s.coverage >= BOUND_COVERAGE and _CHANGE_HEADER.search(s.text.rpartition("\n")[0])
    ]
    rows = [row for row in rows if any(f.value > 0 for f in row)]
    for way, figure in changes_said(claim)[1]:
        signs = [p.value < 0 for row in rows for p in row if same_figure(figure, p)]
        if way == "up" and signs and all(signs):
            return True
    return False


_BETWEEN = r"(?:\s+(?:to|will|would|is|are|was|were|expected|should|could|may|likely|continue))*"


def subject_moved_other_way(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether a claim without figures says its subject (the two words before its one direction
    word: "operating income to decline") moves one way where the statements bind that subject,
    word for word, to the other way only: right after it ("operating income improvement",
    "operating income will rise") or right before it ("an improvement in operating income")."""
    ways = [(m, "up") for m in RISE.finditer(claim)] + [(m, "down") for m in FALL.finditer(claim)]
    if figures(claim) or len(ways) != 1:
        return False
    m, mine = ways[0]
    subject = re.sub(_BETWEEN + r"\s*$", "", claim[: m.start()], flags=re.I).split()[-2:]
    if len(subject) < 2 or not all(terms(w) for w in subject):
        return False
    said = r"\s+".join(re.escape(w) for w in subject)
    bound = set()
    for s in statements:
        for hit in re.finditer(rf"\b{said}\b", s.text, re.IGNORECASE):
            after = re.match(_BETWEEN + r"\s+(\w+)", s.text[hit.end() :], re.IGNORECASE)
            before = re.search(r"(\w+)\s+(?:in|of)\s+(?:our\s+|the\s+)?$", s.text[: hit.start()])
            for word in (after and after.group(1), before and before.group(1)):
                if word:
                    bound |= direction(word)
    return bool(bound) and mine not in bound


def moved_other_way_at_head(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether the claim says its subject moved one way ("operating cash flow rose in 2021")
    where the statement saying most of it says, in its head (the part before its causes and
    comparisons), that it moved the other ("Net cash provided by operating activities
    decreased ..., due to ... higher wireless volumes"): its causes may move the other way.
    Only a move of the subject itself counts ("rose in", "fell by"), not a cause acting on
    another thing ("GILTI increased the tax")."""
    mine = _moved(_head(claim))
    holding = [s for s in statements if s.coverage >= BOUND_COVERAGE]
    if mine is None or not holding:
        return False
    best = max(holding, key=lambda s: (s.coverage, s.similarity))
    theirs = _moved(_head(best.text))
    return theirs is not None and theirs != mine


_MODIFIED = re.compile(
    r"\b(higher|lower|increased|decreased|increasing|decreasing|rising|falling|stronger|weaker"
    r"|favorable|unfavorable)\s+((?:[\w-]+\s+){0,5}?[\w-]+?)(?=\s+(?:in|of|on|for|and|will|was"
    r"|were|is|are|has|had|to|at|from|by|that|which)\b|[,.;]|$)",
    re.IGNORECASE,
)
_OPPOSITE = {
    "higher": "lower",
    "increased": "decreased",
    "increasing": "decreasing",
    "rising": "falling",
    "stronger": "weaker",
    "favorable": "unfavorable",
}
_OPPOSITE |= {v: k for k, v in _OPPOSITE.items()}


def flipped_modifier(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether the claim gives a thing the other way's modifier from every statement naming
    it so: "higher brand name drug price inflation" where the passage speaks only of "lower
    brand name drug price inflation"."""
    said = " ".join(s.text for s in statements)
    for m in _MODIFIED.finditer(claim):
        way, thing = m.group(1).lower(), terms(m.group(2))
        if len(thing) < 2:
            continue
        ways = {
            found.group(1).lower()
            for found in _MODIFIED.finditer(said)
            if thing <= terms(found.group(2))
        }
        if ways and _OPPOSITE[way] in ways and way not in ways:
            return True
    return False


# ---- a denial -------------------------------------------------------------------------------


def denied_alike(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether an affirmative clause of the claim is denied by one of the statements with most
    of its key terms: the statement negates a word of the clause ("No penalties were asserted in
    the Notice" for "The IRS asserted penalties in the Notice"), even where another statement
    as close in words ("... permitting it to assert penalties") denies nothing."""
    for clause in clauses(claim):
        words = terms(clause)
        if not words or negated(clause) or not statements:
            continue
        scored = [(coverage(words, s.terms), s.text) for s in statements]
        top = max(c for c, _ in scored)
        if top < BOUND_COVERAGE:
            continue
        for share, text in scored:
            if share == top and negated(text) and negation_object(text) in words:
                return True
    return False


# ---- causes and offsets ---------------------------------------------------------------------

_CAUSE_PATTERN = (
    r"\b(?:because(?: of)?|due(?: primarily| mainly| largely)? to|driven(?: \w+)? by"
    r"|as a result of|owing to|thanks to|attributable to|caused by|fu[e]?led by|led by"
    r"|boosted by|helped by|reflect(?:s|ed|ing)?|primarily (?:from|by)|on the back of)\b"
)
_CAUSE = re.compile(_CAUSE_PATTERN, re.IGNORECASE)
_HEAD_END = re.compile(
    _CAUSE_PATTERN + r"|\b(?:compared|versus|against|offset|despite|excluding)\b", re.IGNORECASE
)


_MOVE = re.compile(
    r"\b(?:(increas(?:ed|es)|rose|rises|grew|grows|climbed|jumped|soared|surged|improved"
    r"|spiked|gained|expanded)|(decreas(?:ed|es)|declined|declines|fell|falls|dropped|shrank"
    r"|contracted|slipped|plunged|tumbled|worsened))"
    r"(?=\s*(?:$|[,.;]|\$|\d|(?:by|to|in|during|from|for|compared|year|over|slightly"
    r"|sharply|significantly|modestly)\b))",
    re.IGNORECASE,
)


def _moved(text: str) -> str | None:
    """Which way the text says its subject moved ("up", "down"), by its verbs of moving that
    take no object; None when none or both."""
    ways = {"up" if m.group(1) else "down" for m in _MOVE.finditer(text)}
    return ways.pop() if len(ways) == 1 else None


def _head(text: str) -> str:
    """A statement's part before its causes and comparisons."""
    m = _HEAD_END.search(text)
    return text[: m.start()] if m else text


_OFFSET = re.compile(
    r"\b(?:(?:partially|partly|largely|more than|fully)\s+)?offset(?:s|ting)?\b"
    r"|\b(?:despite|notwithstanding|in spite of)\b",
    re.IGNORECASE,
)
# Words that tell which way a cause moved, not what it is ("higher marketing expense").
_WAY_WORDS = terms(
    "increase decrease higher lower more less cut cuts growth slower faster lift lifted partially"
    " primarily mainly largely certain"
)


def offset_as_cause(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether the claim gives as the change's cause what the statement saying most of it gives
    as what offset the change, and not as its cause ("decreased because it cut marketing
    expense" where "... due to increased unit sales, ..., partially offset by increased
    marketing expense", "X was the main source of cash" where "... partially offset by X"), or the
    other way round ("partially offset by higher unit sales" where unit sales drove it)."""
    if not statements:
        return False
    best = max(statements, key=lambda s: (s.coverage, s.similarity))
    parts = offset_roles(best.text) if best.coverage >= BOUND_COVERAGE else None
    if parts is None:
        return False
    driving, offsetting = (terms(part) for part in parts)
    cause, offset = _CAUSE.search(claim), _OFFSET.search(claim)
    driver = _DRIVER.search(claim)
    if driver and not cause and not offset:  # "X was the main source of cash": X drove it
        return placed_in(terms(claim[: driver.start()]) - _WAY_WORDS, offsetting, driving)
    if cause and not offset:
        return placed_in(terms(claim[cause.end() :]) - _WAY_WORDS, offsetting, driving)
    if offset and not cause:
        # "offset by X", "despite X"; "X partially offset the growth": X is before the verb
        after = offset.group().lower().startswith(("despite", "notwith", "in spite"))
        after = after or bool(_BY.match(claim, offset.end()))
        said = claim[offset.end() :] if after else claim[: offset.start()]
        return placed_in(terms(said) - _WAY_WORDS, driving, offsetting)
    return False


_BY = re.compile(r"\s*by\b", re.IGNORECASE)
# A predicate that names its subject as what drove a change ("... were the main source of cash").
_DRIVER = re.compile(
    r"\b(?:was|were|is|are|remained)\s+(?:the|a|an|its|their|[\w.&-]+['’]s?)\s+(?:\w+\s+){0,4}?"
    r"(?:sources?|drivers?|reasons?|contributors?|causes?)\b",
    re.IGNORECASE,
)


def offset_roles(statement: str) -> tuple[str, str] | None:
    """A statement's causes and what it says offset them: the text after its cause word (else
    from its start) up to "offset by", and the text after it; None without "offset by"."""
    split = _OFFSET_BY.search(statement)
    if not split:
        return None
    cause = _CAUSE.search(statement, 0, split.start())
    return statement[cause.end() if cause else 0 : split.start()], statement[split.end() :]


_OFFSET_BY = re.compile(
    r"\b(?:(?:partially|partly|largely|more than|fully)\s+)?offset\s+by\b", re.IGNORECASE
)


def placed_in(words: set[str], here: set[str], there: set[str]) -> bool:
    """Whether the words are said in one part (`here`) rather than the other (`there`)."""
    if not words:
        return False
    share = coverage(words, here)
    return share >= ROLE_COVERAGE and share > coverage(words, there)
