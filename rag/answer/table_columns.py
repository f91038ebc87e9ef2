"""Tables of one date whose columns are measures, not periods ("| Description of Use | Leased
Square Footage | Owned Square Footage | Location |" under "As of December 31, 2024, we operated
the following facilities (in thousands):"). A sentence restating such a table ("Amazon leased
448,168 thousand square feet of fulfillment ... space in North America") is supported when, for
each of its figures, it names one column (by the words that set it apart from the table's other
columns of figures: "leased", "owned"), the row (its label, and its other words where rows share
a label: "North America"; the "Total" row when it names no row), and that cell holds the figure
at the table's scale. A figure the named row prints under another column ("leased 36,869",
its owned footage) is "figure"; anything else is left to the other checks.
"""

import re

from rag.answer.claims import Figure, figures, terms
from rag.answer.table_rows import (
    SCALE_NOTE,
    Row,
    holds,
    markdown_cells,
    names_row,
    said_terms,
    sentence_periods,
    stemmed,
)

CAPTION_WORDS = 60  # the prose before a table (and the tables before it) that captions it
_TOTAL = re.compile(r"^\s*total\b", re.IGNORECASE)
# Words of a unit a sentence says in its own way ("square feet" for a column's "Square Footage").
_UNIT_WORDS = {"footag": terms("feet foot space")}


def column_tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """The Markdown tables of a passage as their caption, header cells and rows of cells."""
    tables, prose, header, rows = [], "", None, []
    for line in [*text.splitlines(), ""]:
        cells = markdown_cells(line)
        if cells is None:
            if header and rows:
                tables.append((prose, header, rows))
            if header:
                prose = " ".join(f"{prose} {' '.join(header)}".split()[-CAPTION_WORDS:])
            header, rows = None, []
            prose = " ".join(f"{prose} {line}".split()[-CAPTION_WORDS:])
        elif cells and header is None:
            header = cells
        elif cells:
            rows.append(cells)
    return tables


def _figure_columns(header: list[str], rows: list[list[str]]) -> list[int]:
    """The columns that hold a figure in most rows."""
    out = []
    for c in range(1, len(header)):
        held = [len(figures(r[c])) == 1 for r in rows if c < len(r) and r[c] not in ("—", "-", "")]
        if held and sum(held) * 2 > len(rows):
            out.append(c)
    return out


def _own_terms(header: list[str], columns: list[int]) -> dict[int, set[str]]:
    """The terms of each figure column's heading that no other figure column's has."""
    heads = {c: stemmed(terms(header[c])) for c in columns}
    return {c: heads[c] - set().union(*(heads[o] for o in columns if o != c)) for c in columns}


def _column_of(sentence: str, found: list[Figure], i: int, own: dict[int, set[str]]) -> int | None:
    """The one column the words after a figure (up to the next), else before it (from the one
    before), else the whole sentence name."""
    start = found[i - 1].end if i else 0
    stop = found[i + 1].start if i + 1 < len(found) else len(sentence)
    for span in (sentence[found[i].end : stop], sentence[start : found[i].start], sentence):
        said = stemmed(terms(span))
        named = [c for c, words in own.items() if words and words & said]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            return None
    return None


def judge_columns(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """ "supported" when a table of one date whose columns are measures says the sentence (see
    the module's docstring), "figure" when the row it names prints its figure under another
    column; None when no such table decides."""
    found = figures(sentence)
    if not found:
        return None
    said = said_terms(sentence)
    years = {p.year for _, _, p in sentence_periods(sentence)}
    for text in passages:
        for caption, header, rows in column_tables(text):
            verdict = _judge_table(sentence, found, said, years, names, (caption, header, rows))
            if verdict:
                return verdict
    return None


def _judge_table(sentence, found, said, years, names, table) -> str | None:
    caption, header, rows = table
    columns = _figure_columns(header, rows)
    dated = {p.year for _, _, p in sentence_periods(caption)}
    if len(columns) < 2 or len(dated) != 1 or years - dated:
        return None
    if any(sentence_periods(h) for h in header):
        return None  # columns of periods: rag.answer.table_rows
    own = _own_terms(header, columns)
    named = [r for r in rows if _names(said | names, r, rows, columns)]
    if not named:
        named = [r for r in rows if _TOTAL.match(r[0])]
    if len(named) != 1:
        return None
    row = named[0]
    probe = Row(row[0], [], caption)
    wording = stemmed(terms(caption) | terms(" ".join(header)) | names)
    wording |= stemmed(terms(" ".join(c for i, c in enumerate(row) if i not in columns)))
    for words in list(wording):
        wording |= _UNIT_WORDS.get(words, set())
    for i, figure in enumerate(found):
        column = _column_of(sentence, found, i, own)
        if column is None or column >= len(row) or not _holds(figure, row[column], probe):
            elsewhere = [c for c in columns if c < len(row) and _holds(figure, row[c], probe)]
            return "figure" if elsewhere and column is not None else None
    return "supported" if stemmed(said) <= wording else None


def _holds(figure: Figure, text: str, probe: Row) -> bool:
    """Whether the cell's text holds the figure at the table's scale: under a scale note
    ("(in thousands)") a figure without a scale word must be a percentage (448,168 "square
    feet" is not 448,168 thousand)."""
    cell = figures(text)
    if figure.scale == 1.0 and figure.unit != "%" and SCALE_NOTE.search(probe.caption):
        return False
    return len(cell) == 1 and holds(figure, cell[0], probe)


def _names(claim: set[str], row: list[str], rows: list[list[str]], columns: list[int]) -> bool:
    """Whether the sentence names the row: its label, and where other rows share the label, its
    other words ("North America")."""
    if not names_row(claim, row[0]):
        return False
    if not any(r is not row and r[0] == row[0] for r in rows):
        return True
    words = " ".join(c for i, c in enumerate(row[1:], 1) if i not in columns)
    return bool(terms(words)) and terms(words) <= claim
