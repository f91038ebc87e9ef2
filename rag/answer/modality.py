"""The mode a statement says a thing in, against the claim's (rag.answer.support).

- `stated_as_done`: the claim states as a fact, or as a certainty ("will"), what the passage
  only expects, plans or targets: "Acme will open 40 stores in 2025" where "we plan to open
  approximately 40 stores in 2025"; "The new platform has cut support costs" where "we expect
  the new platform will reduce support costs". The statements judged are those printing the
  claim's figure, else those saying most of its key terms; the hedge must open the part (a
  clause, a new subject's) before what the claim restates, so that "We opened 22 stores ...,
  and plan to open ..." still states its first figure as a fact.
- `dropped_basis`: a figure the passage prints only on a basis of its own ("Excluding the impact
  of fuel prices, operating margin was 8.4%", "9% in constant currency") given without it.
- `made_exact`: "exactly" or "precisely" where no statement says it so.
- `modal_dropped`: "is the best" where the statements say only "might be the best".
- `straddled`: "expects operating income to rise" where the guided range holds last year's.

Each returns the reason the claim fails, else None.
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import Figure, coverage, direction, figures, same_figure, terms

HOLDING_COVERAGE = 0.75  # a statement with this share of the claim's key terms says it


class Statement(Protocol):
    text: str
    terms: set[str]
    coverage: float


# What makes a statement forward-looking: an expectation, a plan, a target, guidance.
# A participle counts as a verb only after "be" or before "to": "expected credit losses",
# "projected benefit obligation" and "forecasted transactions" are things, not plans.
_BE = r"(?:is|are|was|were|be|been|being|remains?)\s+(?:\w+ly\s+)?"
_PLANNED = re.compile(
    rf"\b(?:(?:expect|anticipat|intend|forecast)(?:s|es|e|ing)?\b"
    rf"|{_BE}(?:expected|anticipated|intended|projected|forecast(?:ed)?|planned|targeted)"
    r"|(?:expected|anticipated|intended|projected|forecasted|planned|targeted) to"
    r"|expectations?|projections?|plan(?:s|ned)? to|planning to|target(?:s|ed)? (?:to|of)"
    r"|targeting|aim(?:s|ed)? to|scheduled to|on track to|seek(?:s|ing)? to)\b",
    re.IGNORECASE,
)
# What makes a claim hedged itself: the above, or a modal or belief.
_HEDGED = re.compile(
    _PLANNED.pattern
    + r"|\b(?:may|might|could|would|should|likely|believ\w*|estimat\w*|hope\w*|aspir\w*"
    r"|possibl\w*|potential\w*|predict\w*|set to|poised to|plans?|targets?|guarantee\w*"
    r"|assur\w*|uncertain\w*)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|shall|won't|going to)\b", re.IGNORECASE)
# Where a statement's part ends and the next may speak in another mode.
_PART = re.compile(
    r";\s*|,?\s+(?:and|but|while|whereas|although)\s+(?=we\b|the\b|it\b|our\b|[A-Z])"
    r"|\s+(?:compared (?:to|with)|versus)\s+",
)


def stated_as_done(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "overstated" when the claim, not hedged, states as certain or done what every part of
    the statements saying it only expects, plans or targets, or (a claim of what was done)
    only says "will": the hedge opens the part before what the claim restates of it ("We plan
    to open approximately 40 stores", not "We opened 22 stores ..., and plan to open ...")."""
    if _HEDGED.search(claim):
        return None
    heads = _heads(claim, statements)
    if not heads:
        return None
    if all(_PLANNED.search(h) for h in heads):
        return "overstated"
    done = None if _FUTURE.search(claim) else _DONE.search(claim)
    if done and all(_FUTURE.search(h) for h in _heads(claim, statements, terms(done.group()))):
        return "overstated"
    return None


# A claim of what was done: a perfect ("has eliminated") or a past tense ("opened").
_DONE = re.compile(r"\b(?:has|have|had)\s+(?:\w+ly\s+)?\w+(?:ed|en|t)\b|\b\w{3,}ed\b", re.I)


def _heads(claim: str, statements: Sequence[Statement], verb: set[str] = frozenset()) -> list[str]:
    """The openings of the statements' parts that say the claim, up to what they restate: up
    to the claim's figure in the parts printing it, else (a claim of what was done, without
    figures) up to the first of its key terms (or of its verb's, when given) in the parts
    richest in them of the statements saying most of it."""
    given = figures(claim)
    if given:
        return [
            part[: p.start]
            for s in statements
            for part in _parts(s.text)
            for p in figures(part)
            if any(same_figure(f, p) for f in given)
        ]
    if not _DONE.search(claim):
        return []
    words = terms(claim)
    out = []
    for s in (s for s in statements if s.coverage >= HOLDING_COVERAGE):
        scored = [(coverage(words, terms(p)), p) for p in _parts(s.text)]
        top = max(c for c, _ in scored)
        out += [
            _opening(p, verb or words) for c, p in scored if c == top and c >= HOLDING_COVERAGE / 2
        ]
    return out


def _opening(part: str, words: set[str]) -> str:
    """The part up to the first word that is one of the key terms."""
    for m in re.finditer(r"[A-Za-z][\w'-]*", part):
        if terms(m.group()) & words:
            return part[: m.start()]
    return part


def _parts(statement: str) -> list[str]:
    return [p for p in _PART.split(statement) if p and p.strip()] or [statement]


# ---- a modal dropped -------------------------------------------------------------------------

_COPULA = re.compile(r"\b(?:is|are|was|were)\s+((?:the|a|an)\s+)?([a-z][\w-]*)", re.IGNORECASE)


def modal_dropped(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "overstated" when the claim says a thing "is" what the statements only say it "may",
    "might" or "could" be: "Acme is the largest supplier" where "Acme may be the largest
    supplier", and none says it is."""
    if _HEDGED.search(claim):
        return None
    for m in _COPULA.finditer(claim):
        what = rf"{m.group(1) or ''}{re.escape(m.group(2))}\b"
        modal = re.compile(rf"\b(?:may|might|could)\s+(?:well\s+)?be\s+{what}", re.I)
        plain = re.compile(rf"\b(?:is|are|was|were|'s)\s+{what}", re.I)
        texts = [s.text for s in statements]
        if any(modal.search(t) for t in texts) and not any(plain.search(t) for t in texts):
            return "overstated"
    return None


# ---- a figure's basis -------------------------------------------------------------------------

_BASIS = re.compile(
    r"\b(?:excluding|excluded|exclusive of|ex-|adjusted|non-gaap|constant[- ]currency"
    r"|currency[- ]neutral|organic(?:ally)?|pro forma|like-for-like|fx-neutral)\b",
    re.IGNORECASE,
)
# a figure's qualifier after it: "9% in constant currency"
_AFTER = re.compile(r"[^,;()\n]{0,40}")


def dropped_basis(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "figure" when a figure of the claim, which names no basis, is printed only in parts of
    the statements that give it one: "Excluding the impact of fuel prices, operating margin was
    8.4%" or "up 9% in constant currency" for "operating margin was 8.4%", "up 9%"."""
    if _BASIS.search(claim):
        return None
    for figure in figures(claim):
        scopes = [
            _scope(part, printed)
            for s in statements
            for part in _parts(s.text)
            for printed in figures(part)
            if same_figure(figure, printed)
        ]
        if scopes and all(_BASIS.search(scope) for scope in scopes):
            return "figure"
    return None


def _scope(part: str, printed: Figure) -> str:
    """What qualifies a printed figure: its part's text back to the figure before it (and not
    across a line: a table's row is its own) and the words right after it."""
    printed_all = figures(part)
    before = max([f.end for f in printed_all if f.end <= printed.start] + [0])
    after = min([f.start for f in printed_all if f.start >= printed.end] + [len(part)])
    start = max(before, part.rfind("\n", 0, printed.start) + 1)
    return part[start : printed.start] + _AFTER.match(part[:after], printed.end).group()


# ---- exactness --------------------------------------------------------------------------------

_EXACT = re.compile(r"\b(?:exactly|precisely|identical(?:ly)?|no more and no less)\b", re.I)


def made_exact(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "overstated" when the claim says "exactly" or "precisely" and no statement saying most
    of it does ("exactly as good as" where "just as good as, or at least close enough")."""
    if not _EXACT.search(claim):
        return None
    holding = [s for s in statements if s.coverage >= HOLDING_COVERAGE / 2]
    if holding and not any(_EXACT.search(s.text) for s in holding):
        return "overstated"
    return None


# ---- a direction a range does not give ------------------------------------------------------

_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
_AGAINST = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|from)\b", re.IGNORECASE)


def straddled(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "unsupported" when the claim gives a direction without a figure ("operating income to
    rise") where the statement saying most of it gives a range that holds the figure it is
    compared with ("between $14.0 billion and $18.0 billion, compared with $15.3 billion"):
    the range allows either way."""
    if figures(claim) or len(direction(claim)) != 1:
        return None
    holding = [s for s in statements if s.coverage >= HOLDING_COVERAGE]
    if not holding:
        return None
    best = max(holding, key=lambda s: s.coverage)
    return "unsupported" if _holds_prior(best.text) else None


def _holds_prior(text: str) -> bool:
    """Whether a range "between A and B" is followed by a compared figure C inside it."""
    between, against = _BETWEEN.search(text), _AGAINST.search(text)
    if not between or not against or against.start() < between.end():
        return False
    ranged = figures(text[between.end() : against.start()])
    prior = figures(text[against.end() :])
    if len(ranged) < 2 or not prior:
        return False
    low, high = sorted(f.value for f in ranged[:2])
    return low < prior[0].value < high
