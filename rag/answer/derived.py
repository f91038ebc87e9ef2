"""Computed figures: a sentence's figure that the passage does not print but that follows from
figures it prints together ("revenue rose $608 million" from a row's 7,838 and 7,230; "grew
about 7%" from "$89.5 billion and $95.8 billion in 2023 and 2024"; "about 41% of the total"
from a segment's and the total's cells of one column; "summed over the four quarters" from a
row's quarters; "roughly halved, from $1,737 million to $868 million").

The search is bounded so that a wrong figure cannot pass by chance among many numbers:
- the operands belong together: two cells of one table row, two cells of one column of a
  table, two figures of one sentence or line of the passage, or all the quarters of a row;
- the claim's words around its figure say which computation it is, and only that one is tried:
  a move ("rose", "up", "higher than", "by") is a difference (or, for a percentage, the change
  in percent of the earlier figure, or the difference of two percentages), "times" a ratio,
  a percentage "of"/"share"/"margin"/"contributed" a part over its whole, "summed", "added up",
  "together" or "combined" a sum;
- the claim's rounding: the derived value must round to the figure as printed (its digits and
  scale; "about" widens nothing);
- a row's periods: the later operand's column is the period the claim names (its year, or a
  quarter of it), a sum's quarters are the named year's, and a stated way ("rose", "fell")
  agrees with the sign of later minus earlier.
Words of multiples and fractions ("doubled", "halved", "more than half", "a third") are
verified the same way by `multiple_said`.
The sentence check (rag.answer.support) then still asks that the statement the operands come
from says the claim's metric and period, as for a printed figure.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rag.answer.claims import FILING_SCALES, Figure, direction, figures, terms
from rag.answer.claims import sentences as split_sentences
from rag.answer.numbers import is_bare_year, rounds_to, units_agree
from rag.answer.table_rows import Period, table_rows

_MOVE = re.compile(
    r"\b(?:increas|decreas|rose|rise|rising|risen|fell|fall|falling|grew|grow|declin|drop|"
    r"jump|climb|gain|slip|slid|add|reduc|lower|higher|more|less|up|down|improv|widen|narrow|"
    r"expand|shrank|shrink|contract|exceed|outflow|inflow|swing|swung|change)\w*",
    re.IGNORECASE,
)
_BY = re.compile(r"\bby\s+(?:about\s+|roughly\s+|approximately\s+|nearly\s+|almost\s+)?$", re.I)
_TIMES = re.compile(r"^\s*(?:times|x\b|-fold|fold)", re.IGNORECASE)
_SHARE = re.compile(
    r"\b(?:of|share|portion|proportion|margin|contribut|account|made\s+up|represent|makes?\s+up)",
    re.IGNORECASE,
)
_SUM = re.compile(
    r"\b(?:sum|summed|added\s+up|add\s+up|adds\s+up|together|combined|in\s+all|in\s+total|"
    r"altogether|all\s+four\s+quarters|the\s+four\s+quarters)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?<![\d,.$])((?:19|20)\d\d)(?![\d,.]\d|%)")
_LEVEL = re.compile(r"\b(?:to|from|at|of)\s+(?:about\s+|roughly\s+)?$", re.IGNORECASE)
_RESPECTIVE = re.compile(r"\brespectively\b|\b(?:in|for|of)\s+(?:fiscal\s+)?(?:19|20)\d\d\s+and\s+")
_CLAUSE = re.compile(r"[;,]\s+|\s+(?:and|while|but|whereas)\s+")


@dataclass(frozen=True)
class Group:
    """Figures a passage prints together: a table row's cells (with their periods), a column's
    cells, a sentence's or a line's figures."""

    figures: tuple[Figure, ...]
    periods: tuple[Period | None, ...]
    column: bool = False  # a column's cells: their parts and totals, never their moves
    years: frozenset[int] = frozenset()  # the years an undated group's text names

    @property
    def quarters(self) -> bool:
        """A row whose cells are quarters (of one year or more)."""
        return sum(1 for p in self.periods if p is not None and p.quarter) >= 2


def kind(claim: str, figure: Figure) -> str | None:
    """The computation the claim's words say its figure is: "change", "ratio", "share", "sum",
    or None (a level, printed or not)."""
    before = claim[: figure.start]
    clause = _clause(claim, figure)
    if figure.unit == "x" or _TIMES.match(claim[figure.end :]):
        return "ratio"
    if _SUM.search(clause) or _SUM.search(before):
        return "sum"
    own = clause.replace(figure.text, " ")
    if _BY.search(before) or (_MOVE.search(own) and not _to_level(claim, figure)):
        return "change"
    if figure.unit == "%" and _SHARE.search(own):
        return "share"
    return None


def _clause(claim: str, figure: Figure) -> str:
    """The part of the claim its figure stands in: from the last clause break before it to the
    first after it."""
    starts = [m.end() for m in _CLAUSE.finditer(claim[: figure.start])]
    after = _CLAUSE.search(claim, figure.end)
    return claim[starts[-1] if starts else 0 : after.start() if after else len(claim)]


def _to_level(claim: str, figure: Figure) -> bool:
    """Whether the figure is the level a move reached or left ("rose to $522 million", "down
    from $5.12"), not the move's size."""
    return bool(_LEVEL.search(claim[: figure.start]))


def move_terms(claim: str) -> set[str]:
    """The key terms of the claim's words of moving ("rose", "grew", "higher")."""
    return terms(" ".join(m.group() for m in _MOVE.finditer(claim)))


def derives(figure: Figure, claim: str, text: str) -> bool:
    """Whether the claim's `figure` is computed, the way its words say, from figures `text`
    prints together (see the module's docstring)."""
    how = kind(claim, figure)
    if how is None:
        return False
    years = {int(y) for y in _YEARS.findall(claim)}
    ways = direction(_clause(claim, figure))
    return any(_derived(figure, how, group, years, ways) for group in groups(text))


def _derived(figure: Figure, how: str, group: Group, years: set[int], ways: set[str]) -> bool:
    cells = list(zip(group.figures, group.periods, strict=True))
    if how == "change" and group.column:
        return False
    if years and group.periods[0] is None and not years <= group.years:
        return False  # an undated group: the claim's years are the ones it names
    if how == "sum":
        return _summed(figure, group, years)
    for (a, pa), (b, pb) in combinations(cells, 2):
        if not units_agree(a.unit, b.unit) or (a.unit == "%") != (b.unit == "%"):
            continue
        if pa is not None and pb is not None:
            if _later(pb, pa):
                (a, pa), (b, pb) = (b, pb), (a, pa)
            if years and pa.year not in years:
                continue
        if any(_fits(figure, how, x, y, ways, dated=pa is not None) for x, y in ((a, b), (b, a))):
            return True
    return False


def _later(p: Period, q: Period) -> bool:
    return (p.year, p.quarter or 0) > (q.year, q.quarter or 0)


def _fits(figure: Figure, how: str, now: Figure, then: Figure, ways: set[str], dated: bool) -> bool:
    """Whether `figure` is the computation `how` of two figures, `now` the later when `dated`
    (else either order is tried by the caller)."""
    a, b = abs(now.value), abs(then.value)  # outflows "(13,098)" move by their size
    if how == "change":
        if dated and len(ways) == 1 and ways != ({"up"} if a > b else {"down"}):
            return False
        if not dated and a < b:
            return False  # undated: the larger minus the smaller; a move's size
        if figure.unit == "%" and now.unit != "%":
            return b != 0 and rounds_to(figure, abs(a - b) / abs(b) * 100)
        return _scaled(figure, abs(a - b), now)
    if how == "ratio":
        return b != 0 and abs(a) >= abs(b) and rounds_to(figure, abs(a) / abs(b))
    if how == "share":
        return now.unit != "%" and b != 0 and abs(a) < abs(b) and rounds_to(figure, a / b * 100)
    return False


def _summed(figure: Figure, group: Group, years: set[int]) -> bool:
    """A row's quarters of the year the claim names summed, or two figures printed together."""
    if group.quarters:
        picked = [
            f
            for f, p in zip(group.figures, group.periods, strict=True)
            if p is not None and p.quarter and (not years or p.year in years)
        ]
        if len(picked) >= 2 and len({f.unit for f in picked}) == 1:
            return _scaled(figure, sum(f.value for f in picked), picked[0])
    pairs = combinations(group.figures, 2)
    return any(
        a.unit == b.unit and a.unit != "%" and _scaled(figure, a.value + b.value, a)
        for a, b in pairs
    )


def _scaled(figure: Figure, value: float, operand: Figure) -> bool:
    """Whether `value`, computed from printed figures, is the claim's figure: in the figures'
    own scale when they state one, else at any usual scale of a filing's table."""
    if not units_agree(figure.unit, operand.unit) or (figure.unit == "%") != (operand.unit == "%"):
        return False
    scales = (1.0,) if operand.scale != 1.0 or operand.unit == "%" else FILING_SCALES
    return any(rounds_to(figure, value * s) for s in scales)


@lru_cache(maxsize=256)
def groups(text: str) -> tuple[Group, ...]:
    """The figures `text` prints together: each table row, each column of a table, each
    sentence and each line."""
    out: list[Group] = []
    rows = table_rows(text)
    for row in rows:
        out.append(Group(tuple(c for _, c in row.cells), tuple(p for p, _ in row.cells)))
    columns: dict[tuple[str, Period], list[Figure]] = {}
    for row in rows:
        for period, cell in row.cells:
            columns.setdefault((row.caption, period), []).append(cell)
    for (_, period), cells in columns.items():
        if len(cells) >= 2:
            out.append(Group(tuple(cells), (None,) * len(cells), True, frozenset({period.year})))
    for part in [*split_sentences(text), *text.splitlines()]:
        found = [f for f in figures(part) if not is_bare_year(f)]
        if 2 <= len(found) <= 12:
            out.append(_statement(part, found))
    return tuple(out)


def _statement(part: str, found: list[Figure]) -> Group:
    """A sentence's or line's figures; dated by order when it lists as many years as figures
    ("$89.5 billion and $95.8 billion in 2023 and 2024")."""
    years = list(dict.fromkeys(int(y) for y in _YEARS.findall(part)))
    if len(years) == len(found) and _RESPECTIVE.search(part):
        return Group(tuple(found), tuple(Period(y) for y in years))
    return Group(tuple(found), (None,) * len(found), years=frozenset(years))
