"""Guidance tables: a PDF's text of a table whose columns are the periods or bases of an outlook
("Q3 FY25 Guidance  Full Year FY25 Guidance", "Q2 2024 GAAP Non-GAAP", "FY24 Outlook") and
whose cells are figures or ranges ("$2.41 - $2.43 \\nBillion", "$5.2-5.6 billion", "25-30",
"approximately $600 million", "~12%", "N/A"), a row's label on its own line or before its
cells, an indented row under the row it qualifies ("Revenue ... \\n    Y/Y Growth ~9% ~9%").

A sentence restating such a table ("Acme guides third-quarter revenue of $2.41 billion to $2.43
billion") is supported when it names one row (its label's key terms; the most specific of the
rows it names), each of its figures is that row's cell (its value or an end of its range) in the
column the words around the figure name (a column's own words: "second quarter", "full year",
"non-GAAP"; a column named by none is the first, or any whose cell is the same), and it says
nothing the table's caption, header, row and the source's names do not (an outlook's verbs
aside: "expects", "plans"). A figure the named row prints only under another column ("full-year
revenue of $2.41 billion to $2.43 billion", the quarter's) is "figure"; anything else is left to
the other checks.
"""

import re
from dataclasses import dataclass, field

from rag.answer.claims import Figure, direction, figures, terms
from rag.answer.numbers import scan, spelled_ranges
from rag.answer.table_rows import Row, holds, label_aliases, names_row, said_terms, signed, stemmed

# The word that ends a column's heading.
_HEAD_END = re.compile(r"\b(?:guidance|outlook|forecast|non-gaap|gaap)\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"\b(?:Q[1-4]|[1-4]Q|FY\s?'?\d\d(?:\d\d)?|(?:19|20)\d\d|full[\s-]+year|fiscal|first|second"
    r"|third|fourth|quarter)\b",
    re.IGNORECASE,
)
_SCALE = r"(?:billion|million|thousand|bn|mn)"
_NUMBER = r"\(?\$?\(?\d(?:[\d,]*\d)?(?:\.\d+)?\)?%?"
_QUALIFIER = r"(?:(?:approximately|approx\.|about|around|roughly|~)\s*)?"
_VALUE = re.compile(
    rf"(?<![\w.,/]){_QUALIFIER}"
    rf"(?P<value>{_NUMBER}(?:\s*{_SCALE}\b)?(?:\s+to\s+{_NUMBER}(?:\s*{_SCALE}\b)?)?)(?=\s|$)"
    r"|(?P<none>\bN/?A\b|\bno\s+impact\b|—|–)(?=\s|$)",
    re.IGNORECASE,
)
_MARK = re.compile(r"(?<=[A-Za-z*%)])(?:\(\d\))+|[*^]+")  # footnote marks: "Margin(2)", "GAAP*"
_NOTE_LINE = re.compile(r"^[ \t]*\(\d\)[ \t]+(?=[A-Z])", re.MULTILINE)  # "(1) Non-GAAP ..."
_TABLE_END = re.compile(r"[a-z]{2}[.;]\s|[.:]\s*$")
MAX_LABEL_WORDS = 10
MAX_LABEL_LINES = 3  # a row's label and a line of qualifiers over the first ("Approximately")
MAX_HEADER_WORDS = 12
MIN_ROWS = 2
# What an outlook's sentence says of its figures beyond the table's words.
_OUTLOOK_WORDS = stemmed(
    terms(
        "expect expects expected plan plans planned guide guides guided guidance outlook"
        " project projects projected forecast forecasts anticipate anticipates assume assumes"
        " call calls calling range ranging between basis"
    )
)


@dataclass
class Outlook:
    """One guidance table: its caption, its columns' headings and its rows."""

    caption: str
    heads: list[str]
    rows: list[tuple[str, list[list[Figure]]]] = field(default_factory=list)
    # each row's label and, per column, its cell's figures (one, or a range's two; none: N/A)


def outlook_tables(text: str) -> list[Outlook]:
    """The guidance tables of a passage (see the module's docstring)."""
    lines = _NOTE_LINE.sub("", _MARK.sub(" ", text)).split("\n")
    tables = []
    for i, line in enumerate(lines):
        heads = _heads(line)
        if heads is None:
            continue
        body = spelled_ranges("\n".join(lines[i + 1 :]))
        table = Outlook(" ".join(" ".join(lines[max(0, i - 4) : i + 1]).split()), heads)
        table.rows = _rows(body, len(heads))
        if len(table.rows) >= MIN_ROWS:
            tables.append(table)
    return tables


def _heads(line: str) -> list[str] | None:
    """A header line's column headings; a period before the first heading's end that no other
    heading has ("Q1 2024 GAAP Non-GAAP") heads the table, not the first column."""
    words = line.split()
    ends = list(_HEAD_END.finditer(line))
    if not ends or len(words) > MAX_HEADER_WORDS or scan(line) and not _PERIOD.search(line):
        return None
    if any(n.unit or n.scale != 1 for n in scan(line)):
        return None
    heads, start = [], 0
    for m in ends:
        heads.append(" ".join(line[start : m.end()].split()))
        start = m.end()
    if line[start:].strip():
        return None
    if len(heads) > 1 and not any(_PERIOD.search(h) for h in heads[1:]):
        heads[0] = _PERIOD.sub(" ", heads[0]).strip()
    return heads


def _rows(body: str, width: int) -> list[tuple[str, list[list[Figure]]]]:
    """The rows under a header of `width` columns: each run of `width` values after its
    label; the table ends at a run of another width or a label that reads as prose."""
    rows: list[tuple[str, list[list[Figure]]]] = []
    last, parent, run, start = 0, "", [], 0
    matches = list(_VALUE.finditer(body))
    for k, m in enumerate(matches):
        if run and body[run[-1].end() : m.start()].strip():
            break
        if not run:
            start = m.start()
        if _bare_year(m):
            break
        run.append(m)
        following = matches[k + 1] if k + 1 < len(matches) else None
        adjacent = following and not body[m.end() : following.start()].strip()
        if adjacent and len(run) < width:
            continue
        if len(run) != width or adjacent or not _line_ends(body, m.end()):
            break
        between = body[last:start]
        label, indented = row_label(between)
        if not label:
            break
        if indented and parent:
            label = f"{parent} {label}"
        else:
            parent = label
        cells = [_cell(v) for v in run]
        if any(cells):
            rows.append((label, cells))
        last, run = run[-1].end(), []
        if following and body[last : following.start()].count("\n") > 3 * width + 3:
            break
    return rows


def row_label(between: str) -> tuple[str, bool]:
    """A row's label (its last line of words) and whether it is indented under the row
    before; "" when the words read as prose."""
    lines = [ln for ln in between.split("\n") if ln.strip()]
    if not lines or len(lines) > MAX_LABEL_LINES:
        return "", False
    own = lines[-1]
    label = " ".join(own.split())
    if len(label.split()) > MAX_LABEL_WORDS or _TABLE_END.search(label):
        return "", False
    if not label[:1].isupper():
        return "", False
    return label, own[:1].isspace() and len(own) - len(own.lstrip()) >= 2


def _line_ends(body: str, at: int) -> bool:
    """Whether a row's last value ends its line, as a table's does (prose goes on)."""
    return not body[at:].split("\n", 1)[0].strip()


def _bare_year(m: re.Match) -> bool:
    """A year ("2025") standing where a value would: a heading or prose, not a cell."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", m.group().strip()))


def _cell(m: re.Match) -> list[Figure]:
    return figures(m.group("value")) if m.group("value") else []


def judge_outlook(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """ "supported" when a guidance table says the sentence, "figure" when the row it names
    prints a figure only under another column (see the module's docstring); else None."""
    found = figures(sentence)
    if not found:
        return None
    said = said_terms(sentence)
    for text in passages:
        for table in outlook_tables(text):
            verdict = _judge(sentence, found, said, names, table)
            if verdict:
                return verdict
    return None


def _judge(sentence: str, found: list[Figure], said: set[str], names: set[str], table: Outlook):
    if not _same_period(sentence, f"{table.caption} {' '.join(table.heads)}"):
        return None
    aliases, short = label_aliases(sentence)  # "EPS": earnings per share
    claim = terms(sentence) | said | names | aliases
    named = [r for r in table.rows if names_row(claim, r[0])]
    named = [r for r in named if not any(_narrower(r[0], o[0]) for o in named)]
    if len(named) != 1:
        return None
    label, cells = named[0]
    if not _way_said(sentence, found, cells):
        return None
    own = _own_terms(table.heads)
    verdicts = {_columns_hold(sentence, found, cells, Row(label, [], ""), own, o) for o in (0, 1)}
    if True not in verdicts:
        return "figure" if "figure" in verdicts else None
    wording = stemmed(terms(f"{table.caption} {' '.join(table.heads)} {label}") | names | short)
    acted = stemmed(terms(" ".join(m.group() for m in _ACTED.finditer(sentence.lower()))))
    if not acted <= wording:  # "raised its guidance": what the caption does not say
        return None
    return "supported" if stemmed(said) - _OUTLOOK_WORDS <= wording else None


def _columns_hold(sentence, found, cells, probe: Row, own: list, order: int) -> bool | str | None:
    """Whether each figure is a cell of the column its words name (`_column_of`, the words
    before it first, or after it first: "$(0.80) on a GAAP basis and $(0.15) non-GAAP"); "figure"
    where one is another named column's only."""
    for i, figure in enumerate(found):
        column = _column_of(sentence, found, i, own, order)
        holding = [
            c
            for c, cell in enumerate(cells)
            if any(holds(figure, v, probe) and signed(sentence, figure, v, probe) for v in cell)
        ]
        if column is None:
            same = len({tuple(v.value for v in cell) for cell in cells}) == 1
            column = 0 if not _names_period(sentence) or same else None
        if column is None:
            return None
        if column not in holding:
            return "figure" if holding and _column_of(sentence, found, i, own, order) else None
    return True


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b|\bFY\s?'?(\d\d)\b", re.IGNORECASE)
_QUARTER = re.compile(
    r"\b(first|second|third|fourth)[\s-]+quarter\b|\bQ([1-4])\b|\b([1-4])Q\b", re.IGNORECASE
)


def _periods(text: str) -> tuple[set[int], set[str]]:
    """The years ("2025", "FY25") and quarters ("second quarter", "Q2") a text names."""
    years = {int(a) if a else 2000 + int(b) for a, b in _YEAR.findall(text)}
    quarters = {(a.lower() if a else _ORDINALS[b or c]) for a, b, c in _QUARTER.findall(text)}
    return years, quarters


def _same_period(sentence: str, table: str) -> bool:
    """Whether every year and quarter the sentence names is one the table's caption or header
    names ("fiscal 2022" is no "FY23 Outlook"; "the second quarter" no "Q1 2024")."""
    years, quarters = _periods(sentence)
    held_years, held_quarters = _periods(table)
    return years <= held_years and quarters <= held_quarters


# What a company does to its guidance, which a table's cells never say.
_ACTED = re.compile(
    r"\b(?:rais|lower|cut|trimm?|boost|reduc|lift|hik|narrow|widen|reaffirm|reiterat|maintain"
    r"|updat|initiat|withdr[ae]w|suspend)\w*",
)
_MOVED_TO = re.compile(r"\bto\s+(?:about\s+|approximately\s+|roughly\s+|around\s+)?[$(]?\d")


def _way_said(sentence: str, found: list[Figure], cells: list[list[Figure]]) -> bool:
    """Whether a direction the sentence says is the cells': an outlook prints levels and
    growth rates, never a move of the guidance itself ("lowered its guidance to 28%") nor a
    fall of a positive figure ("comparable sales to decline 4% to 5%")."""
    way = direction(sentence)
    if not way:
        return True
    if way != {"up"} or any(f.unit != "%" for f in found):
        return False
    if any(v.value < 0 for cell in cells for v in cell):
        return False
    return not _MOVED_TO.search(sentence[: found[0].start + 1])


def _narrower(label: str, other: str) -> bool:
    """Whether another named row's label has every key term of this one and more."""
    return label != other and terms(label) < terms(other)


def _own_terms(heads: list[str]) -> list[tuple[set[str], set[str]]]:
    """Each heading's terms in a sentence's words ("Q2" as "second quarter"): those no other
    heading has (all of them where every one is another's too: "GAAP" beside "Non-GAAP"), and
    all of them."""
    spelled = [stemmed(terms(_spelled(h))) for h in heads]
    out = []
    for c, words in enumerate(spelled):
        others = set().union(*(w for o, w in enumerate(spelled) if o != c))
        out.append((words - others or words, words))
    return out


_QUARTER_CODE = re.compile(r"\b(?:Q([1-4])|([1-4])Q)\b", re.IGNORECASE)
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


def _spelled(text: str) -> str:
    """A heading or sentence with quarter codes spelled ("Q2": "second quarter") and "full-year"
    as "full year"."""
    text = _QUARTER_CODE.sub(lambda m: f"{_ORDINALS[m.group(1) or m.group(2)]} quarter", text)
    return re.sub(r"\bfull-year\b", "full year", text, flags=re.IGNORECASE)


def _column_of(sentence: str, found: list[Figure], i: int, own: list, order: int = 0) -> int | None:
    """The column the words before a figure (from the one before: "a GAAP gross margin of
    41.5% and a non-GAAP one of 46.0%"), else after it (up to the next), else the whole
    sentence name (`order` 1: after, then before): the heading whose own words they have, the
    widest ("non-GAAP" over "GAAP")."""
    start = found[i - 1].end if i else 0
    stop = found[i + 1].start if i + 1 < len(found) else len(sentence)
    near = [sentence[start : found[i].start], sentence[found[i].end : stop]]
    for span in (*(near[::-1] if order else near), sentence):
        words = stemmed(terms(_spelled(span)))
        named = [c for c, (mine, _) in enumerate(own) if mine and mine <= words]
        widest = [c for c in named if not any(own[c][1] < own[o][1] for o in named)]
        if len(widest) == 1:
            return widest[0]
        if len(widest) > 1:
            return None
    return None


def _names_period(sentence: str) -> bool:
    """Whether a sentence names a period or basis a column could hold."""
    return bool(_PERIOD.search(sentence) or re.search(r"\bgaap\b", sentence, re.IGNORECASE))
