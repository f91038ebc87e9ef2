"""A PDF's text table whose columns are segments (or regions, brands) of one period, not periods:
a line of the period ("For the Year Ended December 31, 2019"), a line of the columns' names
("Activision  Blizzard  King  Total", apart by two spaces or more, repeated for the change
columns after them: "Increase / (decrease) 2019 v 2018"), then rows of as many cells. Each cell
is read as a row of one entity ("King"): the row's label, the period's cell, and the entity; the
same label and entity in the table of another period ("For the Year Ended December 31, 2018")
adds that period's cell to the row.

A sentence names such a row when it names its entity (rag.answer.table_rows.judge): the entity's
name said on its own ("King's segment net revenues", not the "Blizzard" of "Activision
Blizzard"), or, for the "Total" column, no entity of the table at all.
"""

import re

from rag.answer.numbers import scan
from rag.answer.pdf_tables import (
    CAPTION_WORDS,
    COLUMN_HEAD,
    MAX_LABEL_WORDS,
    cell_runs,
    column_period,
    month_day,
)
from rag.answer.table_rows import FOOTNOTE, Period, Row, row_label, tidy

_NAME = re.compile(r"[A-Z][\w.&'’-]*(?: [A-Za-z&][\w.&'’-]*){0,3}")
_TOTAL = re.compile(r"^(?:total|consolidated)\b", re.IGNORECASE)
_COMPARED = re.compile(r"(?:19|20)\d\d\s+(?:v|vs\.?|versus|compared\s+(?:to|with))\s+(?:19|20)\d\d")
_PROSE = re.compile(r"[a-z]{2}[.;]\s+[A-Z]")


def entity_rows(text: str) -> list[Row]:
    """The rows of the passage's tables of entity columns, one per label and entity."""
    text = tidy(FOOTNOTE.sub(_mark, text))
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found: dict[tuple[str, str], Row] = {}
    for i, line in enumerate(lines):
        names = _names(line)
        periods = _heading(lines[max(0, i - 2) : i])
        if not names or periods is None:
            continue
        groups = _groups(names, len(periods))
        if groups is None:
            continue
        caption = " ".join(text[: offsets[i]].split()[-CAPTION_WORDS:])
        for label, cells in _table(text, offsets[i + 1], len(names)):
            for j, name in enumerate(names):
                period = periods[j // groups] if j // groups < len(periods) else None
                figure = scan(cells[j].replace("$ ", "$"))
                if period is None or len(figure) != 1:
                    continue
                _add(found, label, name, period, figure[0], caption, names[:groups])
    return list(found.values())


def _mark(m: re.Match) -> str:
    """A footnote mark removed ("Intersegment net revenues (1)"); a one-digit negative after a
    currency sign ("$ (9)") kept."""
    return m.group() if m.string[max(0, m.start() - 8) : m.start()].rstrip().endswith("$") else " "


def _names(line: str) -> list[str] | None:
    """A line's column names: two or more capitalised names of up to four words, two spaces or
    more apart, no figures among them."""
    parts = [p for p in re.split(r"\s{2,}|\t", line.strip()) if p]
    if len(parts) < 2 or any(not _NAME.fullmatch(p) for p in parts):
        return None
    return parts


def _heading(lines: list[str]) -> list[Period] | None:
    """The periods the lines over a names line head (the columns' groups in turn, changes
    between two of them aside); None without one."""
    text = " ".join(lines)
    spans = [m.span() for m in _COMPARED.finditer(text)]
    periods, span, day = [], None, None
    for m in COLUMN_HEAD.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        if m.group("span"):
            span = m.group()
        elif m.group("day"):
            day = f"{m.group()}"
        elif m.group("date") or m.group("year"):
            periods.append(column_period(m, span, month_day(day) if day else None))
    return periods or None


def _groups(names: list[str], periods: int) -> int | None:
    """How many columns each period's group has: the names repeated in groups alike
    ("Activision Blizzard King Total Activision Blizzard King Total": four), or all of them."""
    for width in range(2, len(names) + 1):
        if len(names) % width == 0 and names == names[:width] * (len(names) // width):
            return width if periods <= len(names) // width else None
    return None


def _table(text: str, start: int, width: int) -> list[tuple[str, list[str]]]:
    """The labelled runs of `width` cells after a names line, up to prose or another header."""
    out, last = [], start
    for begin, end, cells in cell_runs(text[start:]):
        between = text[last : start + begin]
        if len(between.split()) > MAX_LABEL_WORDS or _PROSE.search(between):
            break
        if any(_names(line) for line in between.split("\n")[1:-1]):
            break  # the next table's names line
        if len(cells) == width:
            label = row_label(between)
            if label and re.search(r"[A-Za-z]", label):
                out.append((label, cells))
        last = start + end
    return out


def _add(found: dict, label: str, name: str, period: Period, cell, caption: str, peers) -> None:
    """The cell added to its label and entity's row (a new one for the first period)."""
    key = (label, name)
    row = found.get(key)
    if row is None:
        found[key] = Row(label, [(period, cell)], caption, entity=name, peers=tuple(peers))
    elif all(p != period for p, _ in row.cells):
        row.cells.append((period, cell))


def names_entity(sentence: str, row: Row) -> bool:
    """Whether a sentence names the row's entity (see the module's docstring); a row of no
    entity is named by its label alone."""
    if not row.entity:
        return True
    said = [
        peer
        for peer in row.peers
        if not _TOTAL.match(peer) and _said_alone(peer, sentence, row.peers)
    ]
    if _TOTAL.match(row.entity):
        return not said
    return said == [row.entity]


def _said_alone(name: str, sentence: str, peers: tuple[str, ...]) -> bool:
    """Whether the sentence says the name as a name of its own: not beside another capitalised
    word ("Activision Blizzard expects": the company, not its segments; a sentence's first word
    only when it is a name of the table's)."""
    for m in re.finditer(rf"\b{re.escape(name)}\b", sentence):
        before = sentence[: m.start()].split()
        after = sentence[m.end() :].split()
        first = len(before) == 1 and before[0] not in peers
        joined = bool(before) and before[-1][:1].isupper() and not first
        if joined or after and after[0][:1].isupper():
            continue
        return True
    return False
