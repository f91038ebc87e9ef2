"""A "respectively" statement read item by item (rag.answer.support): "Net cash provided by
operating activities was $28.3 billion, $31.7 billion and $27.6 billion for fiscal 2018, 2017
and 2016, respectively" says three things, "... was $31.7 billion for fiscal 2017" among them. Each
is a statement of its own, so a sentence restating one or two of them is compared with what it
restates; and a sentence pairing a figure with another period of the list than the statement's
("$27.6 billion in fiscal 2017") is told apart, each figure against the periods of its own
clause."""

import re

from rag.answer.claims import PERIOD, figures, list_runs, same_figure

_RESPECTIVELY = re.compile(r",?\s*respectively\b", re.IGNORECASE)
# A claim's clauses: each figure is said of the periods of its own.
_CLAUSE = re.compile(
    r";\s*|,\s+(?:and\s+|while\s+|compared\s+)?|\s+(?:and|while|versus|vs\.?|from)\s+"
)


def _figure_runs(text: str) -> list[list[tuple[int, int, str]]]:
    return list_runs(text, [(f.start, f.end, text[f.start : f.end]) for f in figures(text)])


def _period_runs(text: str) -> list[list[tuple[int, int, str]]]:
    return list_runs(text, [(m.start(), m.end(), m.group()) for m in PERIOD.finditer(text)])


def unrolled(statement: str) -> list[str]:
    """The statement's items, one sentence each (and, of three or more, each two of them), when
    it binds lists of figures to a list of periods "respectively"; none otherwise."""
    if not _RESPECTIVELY.search(statement):
        return []
    periods = _period_runs(statement)
    if not periods:
        return []
    when = periods[-1]
    runs = [run for run in _figure_runs(statement) if len(run) == len(when)]
    before = [run for run in runs if run[0][0] < when[0][0]][-1:]  # not a table row's ahead
    lists = before + [run for run in runs if run[0][0] > when[0][0]]
    if not lists:
        return []
    out = []
    for chosen in _subsets(len(when)):
        spans = [(run[0][0], run[-1][1], _listed([run[i][2] for i in chosen])) for run in lists]
        spans.append((when[0][0], when[-1][1], _listed([when[i][2] for i in chosen])))
        text = statement
        for start, end, item in sorted(spans, reverse=True):
            text = text[:start] + item + text[end:]
        if len(chosen) == 1:
            text = _RESPECTIVELY.sub("", text)
        out.append(" ".join(text.split()))
    return out


def _subsets(n: int) -> list[tuple[int, ...]]:
    """The items one by one, and (of three or more) each pair in order."""
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)] if n > 2 else []
    return [(i,) for i in range(n)] + pairs


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def swapped(claim: str, statements: list[str]) -> bool:
    """Whether the claim gives a figure of a "respectively" statement with another period of
    that statement's list than the one the statement gives it, in the figure's own clause (a
    claim's own "respectively" is read item by item)."""
    pieces = unrolled(claim)
    if pieces:
        return any(swapped(piece, statements) for piece in pieces)
    for statement in statements:
        if not _RESPECTIVELY.search(statement):
            continue
        periods = _period_runs(statement)
        for run in _figure_runs(statement):
            names = next((p for p in reversed(periods) if len(p) == len(run)), None)
            if names is None:
                continue
            listed = {item.lower() for _, _, item in names}
            printed = figures(" ".join(item for _, _, item in run))
            for figure in figures(claim):
                hits = {
                    names[i][2].lower() for i, f in enumerate(printed) if same_figure(figure, f)
                }
                said = _own_periods(claim, figure) & listed
                if hits and said and not said & hits:
                    return True
    return False


def _own_periods(claim: str, figure) -> set[str]:
    """The periods the clause holding the figure names."""
    start = 0
    for part in _CLAUSE.split(claim):
        at = claim.find(part, start)
        if at <= figure.start < at + len(part):
            return {m.group().lower() for m in PERIOD.finditer(part)}
        start = max(start, at)
    return set()
