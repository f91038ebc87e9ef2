"""Computed figures: a sentence's figure that the passage does not print but that follows from
figures it prints together ("revenue rose $608 million" from a row's 7,838 and 7,230; "grew
about 7%" from "$89.5 billion and $95.8 billion in 2023 and 2024"; "about 41% of the total"
from a segment's and the total's cells of one column; "summed over the four quarters" from a
row's quarters; "roughly halved, from $1,737 million to $868 million").

The search is bounded so that a wrong figure cannot pass by chance among many numbers:
- the operands belong together: two cells of one table row, two cells of one column of a
  table, two figures of one sentence or line of the passage, or all the quarters of a row;
- the claim's clause names what they measure: most of their row's label (its cash-flow words
  aside), or half the clause's words are their sentence's;
- the claim's words around its figure say which computation it is, and only that one is tried:
  a move ("rose ... by", "up", "higher than") is a difference (or, for a percentage, the change
  in percent of the earlier figure, or the difference of two percentages), "times" a ratio,
  a percentage "of"/"share"/"margin"/"contributed" a part over its whole, "summed", "added up",
  "together" or "combined" a sum;
- the claim's rounding: the derived value must round to the figure as printed (its digits and
  scale; "about" widens nothing);
- a move only between dated figures (a row's periods, a sentence's "X and Y in 2023 and 2024"
  or "X at the end of 2021 as compared to Y at the end of 2020", the claim's own "from X to
  Y", whose figures are checked as printed on their own); an undated sentence or line of at
  most four figures gives shares, ratios and sums, and must name the claim's years;
- a row's periods: the later operand's column is the period the claim names (its year, or a
  quarter of it), a sum's quarters are the named year's, and a stated way ("rose", "fell")
  agrees with the sign of later minus earlier.
Words of multiples and fractions ("doubled", "halved", "more than half", "a third") are
verified the same way by `multiple_said`.
The sentence check (rag.answer.support) then still asks that the statement the operands come
from says the claim's metric and period, as for a printed figure.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from rag.answer.claims import FILING_SCALES, Figure, direction, figures, terms
from rag.answer.claims import sentences as split_sentences
from rag.answer.numbers import is_bare_year, rounds_to, units_agree
from rag.answer.table_rows import Period, figure_periods, table_rows

_MOVE = re.compile(
    r"\b(?:increas|decreas|rose|rise|rising|risen|fell|fall|falling|grew|grow|declin|drop|"
    r"jump|climb|gain|slip|slid|add|reduc|lower|higher|more|less|up|down|improv|widen|narrow|"
    r"expand|shrank|shrink|contract|exceed|outflow|inflow|swing|swung|change)\w*",
    re.IGNORECASE,
)
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
_POINTS = re.compile(r"^\s*(?:percentage\s+)?(?:points?|pts?)\b|points?\b", re.IGNORECASE)
_FEW = 4  # an undated sentence with more figures is too rich to pair by chance
_TOTAL = re.compile(r"\s*(?:total|consolidated)\b", re.IGNORECASE)
_GENERIC = terms("net cash flow flows provided used activities total")  # a row's label aside
_PLACING = terms("year fiscal quarter first second third fourth ended end about roughly nearly")
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
    ways: frozenset[str] = frozenset()  # the ways an undated group's text says it moved
    claimed: bool = False  # the claim's own pair ("from $13,139 million to $15,887 million")
    labels: tuple[str, ...] = ()  # what each figure measures: its row's label, its sentence

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
    if _MOVE.search(own) and not _to_level(claim, figure):  # "rose by", "higher than"
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


def derives(figure: Figure, claim: str, text: str, within: str | None = None) -> bool:
    """Whether the claim's `figure` is computed, the way its words say, from figures `text`
    prints together (see the module's docstring); with `within`, a statement of `text`, only
    from figures that statement prints (a table row read with its table's periods)."""
    how = kind(claim, figure)
    if how is None:
        return False
    years = {int(y) for y in _YEARS.findall(claim)}
    ways = direction(_clause(claim, figure))
    found = groups(text) + _own_pair(claim, figure)
    if within is not None:
        printed = {abs(f.value) for f in figures(within)}
        found = tuple(g for g in found if all(abs(f.value) in printed for f in g.figures))
    said = terms(_clause(claim, figure)) - move_terms(claim) - _PLACING
    found = tuple(_parts_named(g, said) if g.column else g for g in found)
    found = tuple(g for g in found if g.claimed or _named(g, said))
    after = claim[figure.end :]
    return any(_derived(figure, how, group, years, ways, after) for group in found)


def _parts_named(column: Group, said: set[str]) -> Group:
    """A column as a claim may compute from it: the rows the clause names and the total."""
    keep = [
        i
        for i, label in enumerate(column.labels)
        if _TOTAL.match(label) or _named(replace(column, labels=(label,)), said)
    ]
    if len(keep) < 2:
        return replace(column, labels=())
    pick = [column.figures[i] for i in keep], [column.labels[i] for i in keep]
    return replace(
        column, figures=tuple(pick[0]), periods=(None,) * len(keep), labels=tuple(pick[1])
    )


def _named(group: Group, said: set[str]) -> bool:
    """Whether the claim's clause names what the group's figures measure: most of a row's
    label ("Net cash provided by operating activities" for "operating cash flow"), a part's
    row of a column, or half its own words in a sentence that prints them."""
    for label in dict.fromkeys(group.labels):
        words = terms(label) - _GENERIC
        if group.periods[0] is None and not group.column:  # a sentence: it says the claim
            if said and len(said & words) * 2 >= len(said):
                return True
        elif words and len(words & said) * 2 >= len(words):
            return True
    return False


def _own_pair(claim: str, figure: Figure | None) -> tuple[Group, ...]:
    """The pair the claim itself moves between, later first: "from X to Y", "to Y from X",
    "Y, up from X" (its figures are checked as printed on their own)."""
    others = [f for f in figures(claim) if figure is None or f.start != figure.start]
    for a, b in zip(others, others[1:], strict=False):
        between = claim[a.end : b.start]
        if _TO_BETWEEN.fullmatch(between) and _FROM_BEFORE.search(claim[: a.start]):
            return (Group((b, a), (Period(2), Period(1)), claimed=True),)
        if _FROM_BETWEEN.fullmatch(between):
            return (Group((a, b), (Period(2), Period(1)), claimed=True),)
    return ()


_TO_BETWEEN = re.compile(r"\s+to\s+", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|roughly\s+)?$", re.IGNORECASE)
_FROM_BETWEEN = re.compile(
    r"[\w\s,]{0,40}?\b(?:from|compared\s+(?:with|to)|versus|vs\.?)\s+(?:about\s+)?", re.IGNORECASE
)


def _derived(
    figure: Figure, how: str, group: Group, years: set[int], ways: set[str], after: str = ""
) -> bool:
    cells = list(zip(group.figures, group.periods, strict=True))
    if how == "change" and group.column:
        return False
    if group.periods[0] is None:  # undated: no move, the claim's years, a few figures
        if how == "change" or (years and not years <= group.years):
            return False
        if not group.column and len(group.figures) > _FEW:
            return False
    if how == "sum":
        return _summed(figure, group, years)
    for (a, pa), (b, pb) in combinations(cells, 2):
        if not units_agree(a.unit, b.unit) or (a.unit == "%") != (b.unit == "%"):
            continue
        if pa is not None and pb is not None:
            if _later(pb, pa):
                (a, pa), (b, pb) = (b, pb), (a, pa)
            if years and pa.year not in years and not group.claimed:
                continue
        orders = ((a, b),) if pa is not None else ((a, b), (b, a))
        dated = pa is not None
        if any(_fits(figure, how, x, y, ways, dated, after) for x, y in orders):
            return True
    return False


def _later(p: Period, q: Period) -> bool:
    return (p.year, p.quarter or 0) > (q.year, q.quarter or 0)


def _fits(
    figure: Figure,
    how: str,
    now: Figure,
    then: Figure,
    ways: set[str],
    dated: bool,
    claim_after: str = "",
) -> bool:
    """Whether `figure` is the computation `how` of two figures, `now` the later when `dated`
    (else either order is tried by the caller)."""
    a, b = abs(now.value), abs(then.value)  # outflows "(13,098)" move by their size
    points = bool(_POINTS.search(figure.text) or _POINTS.match(claim_after))
    if how == "change":
        if dated and len(ways) == 1 and ways != ({"up"} if a > b else {"down"}):
            return False
        if not dated and a < b:
            return False  # undated: the larger minus the smaller; a move's size
        if points:  # "up 0.3 percentage points": two rates' difference
            return now.unit == "%" and rounds_to(figure, abs(a - b))
        if figure.unit == "%":  # "up 8%": an amount's change; a rate's "8%" is ambiguous
            return now.unit != "%" and b != 0 and rounds_to(figure, abs(a - b) / abs(b) * 100)
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
        cells, periods = tuple(c for _, c in row.cells), tuple(p for p, _ in row.cells)
        out.append(Group(cells, periods, labels=(row.label,) * len(cells)))
    columns: dict[tuple[str, Period], list[tuple[Figure, str]]] = {}
    for row in rows:
        for period, cell in row.cells:
            columns.setdefault((row.caption, period), []).append((cell, row.label))
    for (_, period), cells in columns.items():
        if len(cells) >= 2:
            found, labels = tuple(c for c, _ in cells), tuple(label for _, label in cells)
            year = frozenset({period.year})
            out.append(Group(found, (None,) * len(found), True, year, labels=labels))
    for part in [*split_sentences(text), *text.splitlines()]:
        found = [f for f in figures(part) if not is_bare_year(f)]
        if 2 <= len(found) <= 12:
            out.append(_statement(part, found))
    return tuple(out)


def _statement(part: str, found: list[Figure]) -> Group:
    """A sentence's or line's figures; dated when it lists as many years as figures in order
    ("$89.5 billion and $95.8 billion in 2023 and 2024") or names each figure's own year
    ("$14.5 billion at the end of 2021 as compared to $14.0 billion at the end of 2020")."""
    years = list(dict.fromkeys(int(y) for y in _YEARS.findall(part)))
    labels = (part,) * len(found)
    if len(years) == len(found) and _RESPECTIVE.search(part):
        return Group(tuple(found), tuple(Period(y) for y in years), labels=labels)
    moved = _own_pair(part, None) if len(found) == 2 else ()
    if moved:  # "increased to $30,128 million from $28,347 million"
        return replace(moved[0], claimed=False, labels=labels[:2])
    own = [p for _, p in figure_periods(part)]
    if len(found) == 2 and None not in own and len(set(own)) == len(own):
        return Group(tuple(found), tuple(own), labels=labels)
    ways = frozenset(direction(part))
    undated = (None,) * len(found)
    return Group(tuple(found), undated, years=frozenset(years), ways=ways, labels=labels)


# ---- multiples and fractions ----------------------------------------------------------------

_FACTORS = {
    "doubl": 2, "twice": 2, "tripl": 3, "thrice": 3, "quadrupl": 4, "quintupl": 5, "tenfold": 10,
    "halv": 2, "half": 2, "third": 3, "quarter": 4,
}  # fmt: skip
_MULTIPLE = re.compile(
    r"\b(?P<hedge>more\s+than|over|above|at\s+least|less\s+than|under|below|nearly|almost|"
    r"about|roughly|approximately|around|some)?\s*(?P<art>(?:a|one)[\s-]+)?"
    r"(?P<word>doubl|twice|tripl|thrice|quadrupl|quintupl|tenfold|halv|half|third|quarter)"
    r"(?P<tail>\w*)",
    re.IGNORECASE,
)
_PERIOD_WORD = re.compile(
    r"^\s*(?:of\s+(?:the\s+)?(?:year|fiscal)|-?\s*(?:year|quarter)s?\b)", re.I
)
_RANGE = re.compile(r"\s*(?:to|-|–|and)\s*", re.IGNORECASE)
_ABOUT = 0.1  # "doubled", "about half": within a tenth of the factor


def multiple_wrong(claim: str) -> bool:
    """Whether a word of multiple or fraction the claim says ("doubled", "more than half",
    "roughly halved") is false of the two figures it prints in that clause ("halved, from
    $1,737 million to $868 million"): their ratio, larger over smaller, against the factor."""
    for m in _MULTIPLE.finditer(claim):
        word, hedge = m.group("word").lower(), (m.group("hedge") or "").lower()
        if word in ("quarter", "third", "half") and not _fraction(claim, m):
            continue  # "the third quarter", "the first half of the year"
        pair = _pair_around(claim, m)
        if pair is None:
            continue
        ratio, factor = max(pair) / min(pair), _FACTORS[word]
        fraction = word in ("half", "third", "quarter")  # "half of": the smaller of the larger
        below = hedge in ("less than", "under", "below")
        above = hedge in ("more than", "over", "above", "at least")
        if fraction:
            below, above = above, below  # "more than half": the larger is less than twice
        if below and not ratio < factor * (1 + 1e-9):
            return True
        if above and not ratio > factor * (1 - 1e-9):
            return True
        if hedge in ("nearly", "almost") and not factor * (1 - 2 * _ABOUT) <= ratio <= factor:
            return True
        if not (below or above or hedge in ("nearly", "almost")):
            if abs(ratio - factor) > _ABOUT * factor:
                return True
    return False


def _fraction(claim: str, m: re.Match) -> bool:
    """Whether "half", "third" or "quarter" is a fraction ("a third of", "less than half the"),
    not a period ("the third quarter", "first-half", "fourth-quarter")."""
    if _PERIOD_WORD.match(claim[m.end() :]) or _ORDINAL_BEFORE.search(claim[: m.start("word")]):
        return False
    if m.group("word").lower() == "half":
        return bool(m.group("hedge") or m.group("art") or _OF.match(claim[m.end() :]))
    return bool(m.group("art")) and bool(_OF.match(claim[m.end() :]))


_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|the|this|that|each|per)[\s-]*$", re.I)
_OF = re.compile(r"\s+(?:of|the)\b", re.IGNORECASE)


def _pair_around(claim: str, m: re.Match) -> tuple[float, float] | None:
    """The two figures of one unit the clause of a multiple word prints, if it prints two."""
    start = max((b.end() for b in re.finditer(r";\s+|\.\s+", claim[: m.start()])), default=0)
    after = re.search(r";\s+|\.\s+", claim[m.end() :])
    clause = claim[start : m.end() + after.start() if after else len(claim)]
    found = [f for f in figures(clause) if f.value]
    if len(found) != 2 or not units_agree(found[0].unit, found[1].unit):
        return None
    if (found[0].unit == "%") != (found[1].unit == "%"):
        return None
    if _RANGE.fullmatch(clause[found[0].end : found[1].start]) and not _FROM_BEFORE.search(
        clause[: found[0].start]
    ):
        return None  # "$2.2 billion to $2.4 billion": a range, not a move
    return abs(found[0].value), abs(found[1].value)
