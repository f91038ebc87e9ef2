"""Two figures of a claim each given to what the other measures (rag.answer.support).

"Favorable changes in accrued liabilities contributed $4.6 billion and accounts payable $6.6
billion" where "favorable changes in Accrued liabilities ($6.6 billion), Accounts payable ($4.6
billion)"; "proceeds rose $1.1 billion while repayments rose $1.8 billion" where "a $1.8 billion
increase in proceeds ..., partially offset by a $1.1 billion increase in repayments". A
figure's label is the words it measures: those right after it when they name a thing in
lower case ("$1.8 billion increase in proceeds"; a capital opens a table's next row), else
those before it back to the previous figure or punctuation ("Accounts payable ($4.6 billion)",
"repayments rose $1.8 billion").
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import Figure, coverage, figures, same_figure, terms


class Statement(Protocol):
    text: str


_STOP = re.compile(r"[,;.()]\s*|\s+(?:and|or|while|whereas|but|compared|versus|partially)\b", re.I)
_FUNCTION = frozenset(
    "in of for from to or and compared versus vs was were is are during at as by per than on"
    " with million billion thousand trillion a an the this that which respectively".split()
)
_LEAD = re.compile(r"[\s($€£]*$")  # what opens a figure: "($6.6 billion)"


def crossed_pair(claim: str, statements: Sequence[Statement], names: set[str]) -> str | None:
    """ "swapped" when two figures of the claim are printed together by statements that each
    give the first figure the second's label and the second the first's, and none prints them
    as the claim does."""
    given = figures(claim)
    for i, a in enumerate(given):
        for b in given[i + 1 :]:
            if same_figure(a, b):
                continue
            mine_a, mine_b = _distinct(_label(claim, a), _label(claim, b), names)
            if not mine_a or not mine_b:
                continue
            verdicts = [
                _crossed(mine_a, mine_b, s.text, a, b)
                for s in statements
                if _printed(s.text, a) and _printed(s.text, b)
            ]
            verdicts = [v for v in verdicts if v is not None]
            if verdicts and all(verdicts):
                return "swapped"
    return None


def _crossed(mine_a: set[str], mine_b: set[str], text: str, a: Figure, b: Figure) -> bool | None:
    """True when the text labels a with b's words and b with a's, False when it labels them
    as the claim does, None when its labels tell neither."""
    at, bt = terms(_label(text, _printed(text, a))), terms(_label(text, _printed(text, b)))
    keep = coverage(mine_a, at) + coverage(mine_b, bt)
    cross = coverage(mine_a, bt) + coverage(mine_b, at)
    if cross > keep and coverage(mine_a, bt) > 0 and coverage(mine_b, at) > 0:
        return True
    return False if keep > cross else None


def _printed(text: str, figure: Figure) -> Figure | None:
    """The text's one printing of the figure (None when it prints none or several)."""
    found = [f for f in figures(text) if same_figure(figure, f)]
    return found[0] if len(found) == 1 else None


def _distinct(first: str, second: str, names: set[str]) -> tuple[set[str], set[str]]:
    a, b = terms(first) - names, terms(second) - names
    return a - b, b - a


def label(text: str, figure: Figure) -> str:
    """The words the printed figure measures (see the module's docstring)."""
    return _label(text, figure)


def _label(text: str, figure: Figure | None) -> str:
    if figure is None:
        return ""
    others = [f for f in figures(text) if f.start != figure.start]
    after_end = min([f.start for f in others if f.start >= figure.end] + [len(text)])
    after = text[figure.end : after_end]
    stop = _STOP.search(after)
    after = after[: stop.start()] if stop else after
    first = after.split()[0] if after.split() else ""
    if first.islower() and first not in _FUNCTION and terms(after):  # "Operating income": a row's
        return after
    before_start = max([f.end for f in others if f.end <= figure.start] + [0])
    before = _LEAD.sub("", text[before_start : figure.start])
    cut = [m.end() for m in re.finditer(r"[,;.()]", before)]
    return before[cut[-1] :] if cut else before


# ---- a pair of figures split between two statements ---------------------------------------------

_CLAUSE = re.compile(r"[,;:]\s+|\s+(?:and|but|while|whereas)\s+", re.IGNORECASE)


def split_pair(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "swapped" when two figures the claim binds in one clause ("repurchased 310 million shares
    for $3.7 billion") are printed together in no statement's clause, and a clause printing one
    of them pairs it with another figure of the other's kind ("310 million shares ... for $34.0
    billion"): the claim joins figures of two events."""
    clauses = [c for s in statements for c in _CLAUSE.split(s.text)]
    printed = [figures(c) for c in clauses]
    for part in _CLAUSE.split(claim):
        given = figures(part)
        if len(given) != 2:  # a clause of three figures binds no one pair
            continue
        a, b = given
        if a.unit == b.unit or _together(a, b, printed):
            continue
        if _rival(a, b, printed) or _rival(b, a, printed):
            return "swapped"
    return None


def _together(a: Figure, b: Figure, printed: list[list[Figure]]) -> bool:
    return any(_holds(a, fs) and _holds(b, fs) for fs in printed)


def _rival(a: Figure, b: Figure, printed: list[list[Figure]]) -> bool:
    """Whether a clause prints `a` beside another figure of b's kind and not b."""
    return any(
        _holds(a, fs) and any(f.unit == b.unit and not same_figure(b, f) for f in fs)
        for fs in printed
    )


def _holds(figure: Figure, printed: list[Figure]) -> bool:
    return any(same_figure(figure, f) for f in printed)


# ---- a figure given to another action ----------------------------------------------------------


def other_action(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "swapped" when the verb acting on a figure of the claim ("reclassified $15.0 billion")
    acts, in the statements that print the figure, only on another figure of its kind ("the
    reclassification of $8.3 billion ..., offset by our issuance of $15.0 billion"), and the
    figure is printed after another act's word ("issuance")."""
    for figure in figures(claim):
        words = _before(claim, figure)
        if not words or not _ACTED.search(words[-1]):
            continue
        act = terms(words[-1])
        verdicts = []
        for s in statements:
            found = figures(s.text)
            own = [f for f in found if same_figure(figure, f)]
            rivals = [f for f in found if f.unit == figure.unit and not same_figure(figure, f)]
            if not own or not any(act & terms(" ".join(_before(s.text, f))) for f in rivals):
                continue
            verdicts.append(
                all(
                    not act & terms(" ".join(_before(s.text, f)))
                    and _ACT.search((_before(s.text, f) or [""])[-1])
                    for f in own
                )
            )
        if verdicts and all(verdicts):
            return "swapped"
    return None


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SKIPPED = frozenset("of the a an our its their about approximately nearly roughly some".split())
_ACTED = re.compile(r"\w{3,}ed$", re.IGNORECASE)  # a verb's past: "reclassified", "redeemed"
_ACT = re.compile(r"\w{3,}(?:ed|ion|ance|ment|ing)$", re.IGNORECASE)  # "issuance", "repayment"


def _before(text: str, figure: Figure) -> list[str]:
    """The two words right before a figure, in its clause, articles and "of" aside ("the
    reclassific ation of $8.3 billion": a PDF's broken word whole in them)."""
    earlier = [f.end for f in figures(text) if f.end <= figure.start]
    start = max(earlier + [0])
    before = re.split(r"[,;:()]\s|[.]\s+(?=[A-Z])", text[start : figure.start])[-1]
    words = [w for w in _WORD.findall(before) if w.lower() not in _SKIPPED]
    return words[-2:]


# ---- the two sides of a comparison --------------------------------------------------------------

_THAN = re.compile(r"\bthan\b", re.IGNORECASE)
_EQUAL = re.compile(r"\bas\s+(?:\w+\s+){1,2}as\b", re.IGNORECASE)
_COMPARATIVE = re.compile(r"\b(?:more|less|better|worse|\w+er)\s+(?:\w+\s+){0,4}?than\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*")


def turned_comparison(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "swapped" when the claim's comparison puts its two sides the other way round from the
    statements naming both and saying most of it ("more for Amazon than for Microsoft" where
    "more for Microsoft than for Amazon"); "overstated" when it says one is more than the other
    where those statements only say they are alike ("better than" where "just as good as")."""
    sides = _sides(claim)
    if sides is None:
        return None
    first, second = sides
    naming = [s.text for s in statements if _named(s.text, first) and _named(s.text, second)]
    if not naming:
        return None
    words = terms(claim)
    top = max(coverage(words, terms(t)) for t in naming)
    naming = [t for t in naming if coverage(words, terms(t)) == top]  # those saying most of it
    found = [x for x in map(_sides, naming) if x]
    if any(_named(a, first) and _named(b, second) for a, b in found):
        return None
    if any(_named(a, second) and _named(b, first) for a, b in found):
        return "swapped"
    if not found and any(_EQUAL.search(t) for t in naming):
        return "overstated"
    return None


def _sides(text: str) -> tuple[str, str] | None:
    """The last name before a comparative's "than" and the first after it."""
    m = _COMPARATIVE.search(text)
    if not m:
        return None
    than = _THAN.search(text, m.start())
    before = [n.group() for n in _NAME.finditer(text, 0, than.start())]
    after = [n.group() for n in _NAME.finditer(text, than.end())]
    return (before[-1].rstrip("."), after[0].rstrip(".")) if before and after else None


def _named(text: str, name: str) -> bool:
    """Whether the text names the name (or its first word, "Microsoft" for "Microsoft's")."""
    word = name.split()[0].split("'")[0].split("’")[0]
    return bool(re.search(rf"\b{re.escape(word)}", text))
