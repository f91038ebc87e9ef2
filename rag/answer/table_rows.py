"""Table rows as statements: a sentence restating a row of a cited table ("JPMorgan's net income
was $14,472 million in the second quarter of 2023" from "Net income $ 14,472 $ 12,622 ..." under
"2Q23 1Q23 ...") is compared with that row, its label and the period of each figure's column, not
with the whole passage, whose embedding says little of one row.

A sentence is supported by a row when it names the row (every key term of the row's label, or the
label's abbreviation, not the unit it gives its figures: "MMcf" of "Gas purchased (MMcf)"), gives
it the row's measure (not an average for the year as a count at its end), says nothing the row, its
table's caption and the source's names do not (its periods and direction words aside), and each of
its figures stands in that row under the column of the period the sentence gives it: its own
("$41,307 million in 2Q23"), or one relative to the sentence's first figure ("up from $410,986
million a year earlier": the same row, a year before). A change ("grew from A to B", "rose to A
from B") needs both cells of one row and the way they move. A figure of the row under another
period's column ("$12,622 million in the second quarter" where 12,622 is 1Q23's) is "figure";
anything else is left to the sentence check.

A superlative ("the highest of the four quarters", "peaked at", "the most ... of the three
segments") is the cell's being that end of its row (of its label's rows of the other segments);
a row of a change ("Net increase (decrease) in cash ...") is named by what it changes and holds
the amount a sentence says it moved ("Cash ... decreased by $188 million"). A table whose
columns are segments of one period is read by rag.answer.entity_columns: its rows are named only
by a sentence that names their segment.

A sentence without figures that names rows of a table of words by their labels ("Gigafactory
Nevada") is supported when those rows hold all it says; giving a row another row's value in a
column of repeated values ("leases" where the row says "Owned") or another row's words is
"cell".

Tables are read from Markdown ("| Revenue | $ 391,035 | ... |" under "| | 2024 | 2023 |") and
from a PDF's text, where a row's label may stand on the line before its figures ("Commercial
Airplanes\\n$412,307   $410,986 Defense, Space & Security\\n57,166   44,049 ..."), under a
heading line ("Contribution profit:"), or broken mid-word (a label the sentence spells letter for
letter), its cells split ("$ \\n19,779", "(70 )", "14  %"), change columns after the periods
("2015 vs. 2014": an amount and a percentage) and a scale note under the header; a header
that is not one line of periods (dates over lines, spans or quarters over their years, labels
after their figures) is read by rag.answer.pdf_tables.

A change the sentence says in percent ("up 22% from 2014", "grew 64% to 30,024 thousand") is the
row's change column's percentage, else its two cells' change, the same way; one in an amount ("up
$34.7 billion") or in points ("down 2.7 points") is the two cells' difference; on a row of growth
rates ("Year-over-year Percentage Growth:") it is the row's own cell. A negative cell is a figure
said negative ("negative 17%"; one said plainly, "was 118.2%", is another figure) or a loss (said
of that figure on a row of either: "Net income (loss)"), or cash a row of cash flows says was
"used"; "earned" names a net income row. A sentence without figures that says which way a row moved
("Operating cash flow fell in 2021") is checked against the periods it compares, else the columns
before.

Each column is one period (`resolve`): a dated header ("Jul 27, 2025") is the day it ends, under
the span its heading cell names ("Three Months Ended", "Six Months Ended"), numbered as the
fiscal quarter the passage says its latest is ("Second Quarter of Fiscal Year 2026"); a sentence
period two columns fit ("2025" over Jul 27 and Apr 27, 2025) resolves to none. A sentence that
names no period speaks of the latest column ("in the first half": the latest six months). A PDF
table's rows keep the section heading they stand under ("Net sales mix:"); a sentence naming no
row may mean the company's "Consolidated" (or a non-segment table's "Total") row; a table of one
segment ("Walmart U.S. Segment") needs a sentence that names the segment.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rag.answer.claims import Figure, direction, figures, negated, terms
from rag.answer.numbers import rounds_to, scan, units_agree
from rag.answer.qualifiers import label, wrong_line
from rag.query.lexicon import is_word

# ---- periods ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A column's or a sentence's period: a year, a quarter of it, or a part of a year (six or
    nine months, a half)."""

    year: int
    quarter: int | None = None
    part: bool = False  # "six months ended", "first half": not a quarter, not said as a year
    end: str | None = None  # the day it ends, when a header or sentence dates it ("2025-07-27")


ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_YEAR = r"((?:19|20)\d\d)"
_QUARTER_CODE = re.compile(r"\b([1-4])Q\s?'?(\d\d(?:\d\d)?)\b|\bQ([1-4])\s?'?((?:19|20)?\d\d)\b")

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
# Period phrases of a sentence, each with the parts that say its year and quarter.
_SENTENCE_PERIOD = re.compile(
    rf"(?P<part>(?:the\s+)?(?:first\s+)?(?:six|nine)\s+months(?:\s+ended\s+{_MONTHS}\s+\d{{1,2}})?"
    rf"|(?:the\s+)?(?:first|second)\s+half)(?:\s+of)?,?\s+(?:fiscal\s+)?{_YEAR}"
    rf"|(?:the\s+)?(?P<ord>first|second|third|fourth)[\s-]+quarter(?:\s+of)?,?\s+(?:fiscal\s+)?"
    rf"(?P<qy>(?:19|20)\d\d)"
    r"|\b(?P<code>[1-4]Q\s?'?\d\d(?:\d\d)?|Q[1-4]\s?'?(?:19|20)?\d\d|FY\s?'?\d\d(?:\d\d)?)\b"
    rf"|(?:{_MONTHS}\s+\d{{1,2}},?\s+|(?:fiscal\s+)?)(?P<y>(?<![\d,.$]){_YEAR[1:-1]})(?![\d,.]\d|%)",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:a|one|the)\s+year\s+(?:earlier|ago|before)|\b(?:the\s+)?(?:prior|previous|last)[- ]year"
    r"|\byear[- ]over[- ]year\b",
    re.IGNORECASE,
)
_QUARTER_BEFORE = re.compile(
    r"\b(?:a|one|the)\s+quarter\s+(?:earlier|ago|before)|\b(?:the\s+)?(?:prior|previous|last)"
    r"[- ]quarter|\bsequentially\b",
    re.IGNORECASE,
)
# Words that only place a figure in time ("at the end of", "in the second quarter").
_TIME_WORDS = terms(
    "quarter quarters month months ended ending end half first second third fourth six nine"
    " twelve three period year as of at in during for the fiscal"
)


def column_period(token: str) -> Period | None:
    """A header cell's period: "2018", "2Q23", "Q2'23", "FY23"."""
    token = token.strip()
    m = _QUARTER_CODE.fullmatch(token)
    if m:
        quarter, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return Period(_full_year(year), int(quarter))
    m = re.fullmatch(r"(?:FY'?)?(\d\d(?:\d\d)?)", token, re.IGNORECASE)
    if m and (len(m.group(1)) == 4 or token.upper().startswith("FY")):
        year = _full_year(m.group(1))
        return Period(year) if 1900 <= year <= 2099 else None
    spelled = re.findall(r"(?<![\d,.$])(?:19|20)\d\d(?![\d,.]\d)", token)
    if len(spelled) == 1 and not figures(token.replace(spelled[0], "")):
        quarter, part = _spelled_quarter(token), bool(_PART.search(token))
        return Period(int(spelled[0]), quarter, part, end_date(token))
    return None


_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
MONTH_NUMBER = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}


def end_date(text: str) -> str | None:
    """The day a header cell or a sentence's period phrase names ("Jul 27, 2025":
    "2025-07-27"), if it names one."""
    m = _DATE.search(text)
    if not m:
        return None
    month = MONTH_NUMBER[m.group(1)[:3].lower()]
    return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"


_PART = re.compile(r"\b(?:six|nine)\s+months|\bhalf\b", re.IGNORECASE)
_THREE_MONTHS = re.compile(r"\b(?:three|3)\s+months|\bquarter\b", re.IGNORECASE)


def _spelled_quarter(text: str) -> int | None:
    """A header cell's quarter: its ordinal ("Second Quarter 2023"), or 0 for one it does not
    number ("Three Months Ended June 30, 2023": which quarter depends on the fiscal year)."""
    m = re.search(r"\b(first|second|third|fourth)\s+quarter", text, re.IGNORECASE)
    if m:
        return ORDINAL[m.group(1).lower()]
    return 0 if _THREE_MONTHS.search(text) else None


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def sentence_periods(text: str) -> list[tuple[int, int, Period]]:
    """The periods a sentence names, with where they stand."""
    found = []
    for m in _SENTENCE_PERIOD.finditer(text):
        end = end_date(m.group())
        if m.group("part"):
            year = int(re.findall(r"(?:19|20)\d\d", m.group())[-1])
            period = Period(year, part=True, end=end)
        elif m.group("ord"):
            period = Period(int(m.group("qy")), ORDINAL[m.group("ord").lower()])
        elif m.group("code"):
            period = column_period(re.sub(r"\s", "", m.group("code")))
        else:  # "the quarter ended April 27, 2025": a quarter the fiscal calendar numbers
            quarter = 0 if end and _QUARTER_ENDED.search(text[: m.start()]) else None
            period = Period(int(m.group("y")), quarter, end=end)
        if period is not None:
            found.append((m.start(), m.end(), period))
    return _yearless_quarters(text, _of_quarter(text, found))


# A quarter named without its year ("Nike's third-quarter revenues ... in fiscal 2018").
_ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth)[\s-]+quarter\b", re.IGNORECASE)


def _of_quarter(text: str, found: list[tuple[int, int, Period]]) -> list:
    """The periods of a sentence that names one quarter without its year and years without a
    quarter ("third-quarter revenues grew to $8,984 million in fiscal 2018"): each year as that
    quarter of it."""
    quarters = {
        m.group(1).lower()
        for m in _ORDINAL_QUARTER.finditer(text)
        if not any(s <= m.start() < e for s, e, _ in found)
    }
    if len(quarters) != 1 or not found:
        return found
    if any(p.quarter is not None or p.part or p.end for _, _, p in found):
        return found
    quarter = ORDINAL[quarters.pop()]
    return [(s, e, Period(p.year, quarter)) for s, e, p in found]


# A comparison's base before a quarter without its year ("up from the fourth quarter").
_COMPARED_WITH = re.compile(r"\b(?:from|than|below|above|over|versus|vs\.?|compared)\b", re.I)
# "... in the first quarter of 2021 and $18,899 million in the second."
_ORDINAL_ALONE = re.compile(r"\bthe\s+(first|second|third|fourth)\b(?=\s*(?:[.,;)]|\[|$))", re.I)


def _yearless_quarters(text: str, found: list[tuple[int, int, Period]]) -> list:
    """The periods of a sentence that also names quarters without their year beside one quarter
    it dates ("$45.2 million in the fourth quarter of 2020, below the $49.3 million of the third
    quarter"; "... in the first quarter of 2021 and $18,899 million in the second"): each of the
    dated one's year, but a later quarter a comparison's base ("up from the fourth quarter"
    beside "the first quarter of 2021": 2020's)."""
    dated = [p for _, _, p in found if p.quarter and not p.part]
    if len({(p.year, p.quarter) for p in dated}) != 1:
        return found
    year, quarter = dated[0].year, dated[0].quarter
    out = list(found)
    for m in [*_ORDINAL_QUARTER.finditer(text), *_ORDINAL_ALONE.finditer(text)]:
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        n = ORDINAL[m.group(1).lower()]
        if n == quarter:  # "third-quarter revenues ... in fiscal 2023": that one
            continue
        back = n > quarter and _COMPARED_WITH.search(text[: m.start()][-60:])
        out.append((m.start(), m.end(), Period(year - 1 if back else year, n)))
    return sorted(out, key=lambda f: f[0])


_QUARTER_ENDED = re.compile(r"\b(?:quarter|three\s+months|3\s+months)\s+end(?:ed|ing)\s*$", re.I)


def matches(said: Period, column: Period) -> bool:
    """Whether a column is the period a sentence names: the same day it ends and span when both
    are dated ("the quarter ended April 27, 2025"), else the same year, quarter and span."""
    if said.part != column.part:
        return False
    if said.end and column.end:
        return said.end == column.end and (said.quarter is None) == (column.quarter is None)
    return said.year == column.year and said.quarter == column.quarter


def resolve(said: Period | None, columns: list[Period]) -> Period | None:
    """The one column of `columns` that is the sentence's period, else None (none, or two of
    the same period: "2025" over a table of Jul 27, 2025 and Apr 27, 2025)."""
    found = [c for c in columns if said is not None and matches(said, c)]
    return found[0] if len(found) == 1 else None


def _relative(text: str, now: Period | None) -> Period | None:
    """The period a phrase such as "a year earlier" or "the prior quarter" names, from `now`."""
    if now is None:
        return None
    if _YEAR_BEFORE.search(text):
        return Period(now.year - 1, now.quarter, now.part)
    if _QUARTER_BEFORE.search(text) and now.quarter:
        q = now.quarter - 1
        return Period(now.year, q) if q else Period(now.year - 1, 4)
    return None


# A period after a figure that is what it is compared with ("... were 20% higher than in 2018").
_BASE = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:(?:in|the|fiscal|for)\s+)*$", re.I
)


def figure_periods(
    sentence: str, default: Period | None = None
) -> list[tuple[Figure, Period | None]]:
    """Each figure of a sentence with the period it is said of: one named after it (up to the
    next figure), else the last named before it (from the figure before), else one relative to
    the first figure's ("a year earlier"); `default`, if given, is the period of a sentence
    that names none."""
    found = figures(sentence)
    periods = sentence_periods(sentence)
    out: list[tuple[Figure, Period | None]] = []
    for i, figure in enumerate(found):
        stop = found[i + 1].start if i + 1 < len(found) else len(sentence)
        start = found[i - 1].end if i else 0
        after = [
            p
            for s, _, p in periods
            if figure.end <= s < stop and not _BASE.search(sentence[figure.end : s])
        ]
        before = [p for s, e, p in periods if start <= s and e <= figure.start]
        period = after[0] if after else (before[-1] if before else default)
        if not after and i:
            relative = _relative(sentence[figure.end : stop], out[0][1])
            period = relative or period
        out.append((figure, period))
    return out


# ---- tables -------------------------------------------------------------------------------


@dataclass
class Row:
    """One table row: its label, its figures by column, and the table's caption."""

    label: str
    cells: list[tuple[Period, Figure]]
    caption: str
    changes: list[tuple[Period, Period, Figure]] = field(default_factory=list)
    # the percentages of a "Change" column ("2015 vs. 2014": 22 %), later period first
    section: str = ""  # the heading of its rows ("Net sales mix:", "Year-over-year Growth:")
    neutral: list[tuple[Period, Period, Figure]] = field(default_factory=list)
    # the percentages of a change column "excluding currency changes", later period first
    entity: str = ""  # the segment of a table whose columns are segments ("King")
    peers: tuple[str, ...] = ()  # the names of that table's columns


FOOTNOTE = re.compile(r"\((?:[a-z]|\d)\)(?!\s?%)|\*+")  # "(1)", not "(9)%"
_TOKEN = re.compile(
    r"(?P<period>\b(?:[1-4]Q'?\d\d|Q[1-4]'?\d\d|FY'?\d\d)\b)"
    r"|(?P<cell>(?<![\d.,])\$?\s?\(?-?\d[\d,]*(?:\.\d+)?\)?(?:\s?%)?(?![\w]))"
    r"|(?P<word>[^\s\d$]+)"
)
CAPTION_WORDS = 30  # the words before a header that caption its table


def table_rows(text: str) -> list[Row]:
    """The rows of the tables in a passage: Markdown tables and a PDF's text tables."""
    return list(_read_rows(text))


@lru_cache(maxsize=256)
def _read_rows(text: str) -> tuple[Row, ...]:
    """`table_rows`, read once a passage: every sentence of an answer asks for its passages'
    rows (the rows are never changed after reading)."""
    markdown = [ln for ln in text.splitlines() if ln.lstrip().startswith("|")]
    prose = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("|"))
    from rag.answer.entity_columns import entity_rows  # it reads cells with this module
    from rag.answer.pdf_tables import pdf_rows  # it reads a table's cells with this module

    read = pdf_rows(prose)
    labels = {row.label for row in read}
    return tuple(
        (_markdown_rows(text) if markdown else [])
        + read
        + entity_rows(prose)
        + [row for row in _text_rows(prose) if row.label not in labels]
    )


def _markdown_rows(text: str) -> list[Row]:
    """A Markdown table's rows of figures under a header row of periods; a row without figures
    ("| | | ($ in millions) | |") adds to the caption."""
    rows: list[Row] = []
    columns: list[Period | None] = []
    prose, head, spans = "", "", []  # the prose above the table, its header's words
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = markdown_cells(line)
        if cells == []:
            continue
        words = " ".join(line.replace("|", " ").split())
        if cells is None:
            if head:  # a table ended: its header captions no other
                prose, head, spans = "", "", []
            prose = " ".join(f"{prose} {words}".split()[-CAPTION_WORDS:])
            continue
        if not columns and not any(figures(c) for c in cells):
            head = " ".join(f"{head} {words}".split()[-CAPTION_WORDS:])
        caption = f"{prose} {head}".strip()
        periods = [column_period(FOOTNOTE.sub("", c)) for c in cells]
        if sum(p is not None for p in periods) >= 2 and not any(
            figures(c) and p is None for c, p in zip(cells, periods, strict=True)
        ):
            columns = fiscal("\n".join(lines[:i]), _spanned(periods, spans))
            head = " ".join(f"{head} {words}".split()[-CAPTION_WORDS:])
            continue
        if not any(figures(c) for c in cells) and any(_SPAN.search(c) for c in cells):
            spans = cells  # "| | Three Months Ended | | Six Months Ended |" over the dates
        held = []
        for period, cell in zip(columns, cells, strict=False):
            found = scan(FOOTNOTE.sub("", cell).replace("$ ", "$"))
            if period is not None and len(found) == 1:
                held.append((period, found[0]))
        if held:
            rows.append(Row(cells[0], held, caption))
        elif columns and not any(figures(c) for c in cells):
            head = " ".join(f"{head} {' '.join(cells)}".split()[-CAPTION_WORDS:])
    return rows


_SPAN = re.compile(
    r"\b(?:three|six|nine|twelve|3|6|9|12)\s+months\b|\b(?:quarter|year)s?\s+ended\b", re.I
)


def _spanned(periods: list[Period | None], spans: list[str]) -> list[Period | None]:
    """A header's dated periods with the span the cell heading their columns names ("Three
    Months Ended" over "Jul 27, 2025 | Jul 28, 2024"): quarters, or parts of a year."""
    out, heading = [], ""
    for i, period in enumerate(periods):
        if i < len(spans) and spans[i]:
            heading = spans[i]
        if period is not None and period.end and _SPAN.search(heading):
            part = period.part or bool(_PART.search(heading))
            quarter = (
                0 if _THREE_MONTHS.search(heading) and period.quarter is None else period.quarter
            )
            period = Period(period.year, None if part else quarter, part, period.end)
        out.append(period)
    return out


_FISCAL_QUARTER = re.compile(
    r"\b(first|second|third|fourth)\s+quarter\s+of\s+fiscal\s+(?:year\s+)?((?:19|20)\d\d)\b", re.I
)


def fiscal(text: str, columns: list[Period | None]) -> list[Period | None]:
    """Dated columns as the fiscal periods the passage names: where it says which fiscal quarter
    its latest quarter is above the table ("Second Quarter of Fiscal Year 2026" over "Three
    Months Ended Jul 27, 2025": the last such phrase, a fiscal year ending in the latest column's
    calendar year or the next), each quarter column is numbered back from it by its date, and
    each column of a part of the year or of a year is given its fiscal year the same way."""
    said = list(_FISCAL_QUARTER.finditer(text))
    quarters = [p for p in columns if p is not None and p.end and p.quarter == 0]
    if not said or not quarters:
        return columns
    latest = max(quarters, key=lambda p: p.end or "")
    now = (int(said[-1].group(2)), ORDINAL[said[-1].group(1).lower()])
    if now[0] - latest.year not in (0, 1):
        return columns
    out = []
    for p in columns:
        if p is not None and p.end:
            back = _months(latest.end, p.end)
            if p.quarter == 0:
                n = now[0] * 4 + now[1] - 1 - round(back / 3)
                p = Period(n // 4, n % 4 + 1, p.part, p.end)
            else:
                p = Period(now[0] - round(back / 12), p.quarter, p.part, p.end)
        out.append(p)
    return out


def _months(later: str, earlier: str) -> float:
    """The months from one ISO day to a later one."""
    (y1, m1, d1), (y2, m2, d2) = (map(int, later.split("-")), map(int, earlier.split("-")))
    return (y1 - y2) * 12 + (m1 - m2) + (d1 - d2) / 30


def markdown_cells(line: str) -> list[str] | None:
    """A Markdown table line's cells (None for prose, none for the "| --- |" rule)."""
    if not line.lstrip().startswith("|"):
        return None
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return [] if all(set(c) <= set("-: ") for c in cells) else cells


def _text_rows(text: str) -> list[Row]:
    """A PDF text's rows: a run of as many figures as its header has periods, labelled by the
    words before it (on its own line, else since the run before)."""
    text, pairs = _changes(tidy(FOOTNOTE.sub(" ", text)))
    rows: list[Row] = []
    columns: list[Period] = []
    caption, changes, since, section = "", [], 0, ""
    tokens = list(_TOKEN.finditer(text))
    i, last_end = 0, 0
    while i < len(tokens):
        if tokens[i].lastgroup == "word":
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].lastgroup != "word":
            j += 1
        run = tokens[i:j]
        heads = []
        for token in reversed(run):
            period = column_period(token.group().strip())
            if period is None or token.group().strip().startswith("$"):
                break
            heads.insert(0, period)
        if len(heads) >= 2 and len(set(heads)) == len(heads):
            before = text[: run[-len(heads)].start()].split()
            caption = " ".join(before[-CAPTION_WORDS:])
            if _PART.search(" ".join(before[-8:])):  # "Six months ended June 30, 2Q23 ... 2023"
                heads = [Period(p.year, p.quarter, p.quarter is None) for p in heads]
            columns, since, section = heads, run[-1].end(), ""
            follow = _CHANGE_HEADS.match(text[since:])
            heading = follow.group() if follow else ""  # the change columns after the periods
            changes = [pairs[int(n)] for n in re.findall(r"CHANGE(\d+)Z", heading)]
        elif columns and _fits(len(run), len(columns), len(changes)):
            label = row_label(text[last_end : run[0].start()])
            section = section_heading(text[last_end : run[0].start()]) or section
            cells = [scan(t.group().replace("$ ", "$").strip()) for t in run]
            if label and all(len(c) == 1 for c in cells):
                notes = " ".join(
                    m.group() for m in SCALE_NOTE.finditer(text[since : run[0].start()])
                )
                held = [c[0] for c in cells]
                rows.append(
                    Row(
                        label,
                        list(zip(columns, held[: len(columns)], strict=True)),
                        f"{caption} {section} {notes}".strip(),
                        _change_cells(held[len(columns) :], changes),
                        section,
                    )
                )
        else:
            i = j
            continue  # a figure of the prose or the label ("Tier 1"): part of the next label
        last_end = run[-1].end()
        i = j
    return rows


def row_label(span: str) -> str:
    """A row's label from the text before its figures: its own line's, else the whole span
    since the row before (a label wrapped onto the line above its figures), without a heading
    line ending in ":" ("Contribution profit:\nRevenues") or a scale note; a line that starts
    in lower case finishes a word broken at the line before ("Paid members at end of pe\nriod")."""
    span = re.sub(r"\([^()]*\b(?:thousands|millions|billions)\b[^()]*\)", " ", span)
    span = re.sub(r"\bCHANGE\d+Z\b", " ", span)  # a change column's heading (`_changes`)
    lines = span.split("\n")
    heads = [i for i, line in enumerate(lines) if line.rstrip().endswith(":")]
    if heads and heads[-1] < len(lines) - 1 and " ".join(lines[heads[-1] + 1 :]).split():
        lines = lines[heads[-1] + 1 :]
        span = "\n".join(lines)
    parts = _HEADING_COLON.split(span)
    if len(parts) > 1 and parts[-1].split():  # "... Growth:   North America"
        lines = parts[-1].split("\n")
        span = parts[-1]
    own = lines[-1].strip()
    if own[:1].islower() and len(lines) > 1 and lines[-2].strip():
        own = _joined(lines[-2].strip(), own)
    label = own or " ".join(span.split())
    label = _SENTENCE_STOP.split(label)[-1]
    return " ".join(label.split()[-12:])


def _joined(line: str, rest: str) -> str:
    """A label's line and the lower-case line after it: a word broken between them joined
    ("Paid members at end of pe" "riod"), a label wrapped after a whole word kept apart ("Net
    revenues from external" "customers")."""
    a, b = (line.split() or [""])[-1], rest.split()[0]
    if not is_word((a + b).lower()) and is_word(a.lower()) and is_word(b.lower()):
        return f"{line} {rest}"
    return line + rest


# A sentence's full stop before a label, not an abbreviation's ("Pfizer Inc. common shareholders").
_SENTENCE_STOP = re.compile(r"(?<=[a-z])(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bCo)(?<!\bNo)\.\s+")
# A heading's colon ("Net sales mix:"), not an operation's ("Less: CAS cost").
_HEADING_COLON = re.compile(r"(?<!\bLess)(?<!\bAdd)(?<!\bPlus):\s+", re.IGNORECASE)


def section_heading(span: str) -> str | None:
    """The heading the text before a row's figures opens with, up to its colon ("Net sales
    mix:", "Year-over-year Percen\ntage Growth:": a word the PDF broke joined again)."""
    parts = _HEADING_COLON.split(span)
    if len(parts) < 2 or not parts[-1].split():
        return None
    head = re.sub(r"\n(?=[a-z])", "", parts[-2])
    return " ".join(head.split()[-12:]) or None


def tidy(text: str) -> str:
    """A PDF text's cells as one token each: "$ \n19,779" as "$19,779", "(70 )" as "(70)",
    "14  %" as "14%"."""
    text = re.sub(r"\$\s+(?=[(\d])", "$", text)
    text = re.sub(r"(\(\d[\d,]*(?:\.\d+)?)\s+\)", r"\1)", text)
    return re.sub(r"(?<=[\d)])[ \t]+%", "%", text)


_CHANGE_HEAD = re.compile(
    r"\b((?:19|20)\d\d)\s+(?:vs\.?|versus|compared\s+(?:with|to))\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# The change columns' headings after the periods ("Percentage Change 2016 Versus 2015").
_CHANGE_HEADS = re.compile(
    r"(?:\s*(?:(?:percentage|percent|%|\$)\s+)?(?:change\s+)?CHANGE\d+Z)+", re.IGNORECASE
)


def _changes(text: str) -> tuple[str, list[tuple[Period, Period]]]:
    """The text with each change column's heading ("2015 vs. 2014") as one word, and the pairs
    of periods they compare, later first."""
    pairs: list[tuple[Period, Period]] = []

    def mark(m: re.Match) -> str:
        a, b = sorted((Period(int(m.group(1))), Period(int(m.group(2)))), key=lambda p: -p.year)
        pairs.append((a, b))
        return f" CHANGE{len(pairs) - 1}Z "

    return _CHANGE_HEAD.sub(mark, text), pairs


def _fits(cells: int, columns: int, changes: int) -> bool:
    """Whether a run of cells is a row: one per period, then none or a change's amount and
    percentage (or only its percentage) for every change column."""
    return cells == columns or bool(changes) and cells - columns in (changes, 2 * changes)


def _change_cells(extra: list[Figure], changes: list) -> list[tuple[Period, Period, Figure]]:
    """The percentages of a row's change columns."""
    if not extra:
        return []
    width = len(extra) // len(changes)
    out = []
    for k, (later, earlier) in enumerate(changes):
        cell = extra[k * width + width - 1]
        if cell.unit == "%":
            out.append((later, earlier, cell))
    return out


# ---- the verdict --------------------------------------------------------------------------

_RATIO = re.compile(r"\b(?:ratio|rate|margin|percent|percentage|yield|return|mix)\b", re.I)
_MIX = re.compile(r"\bmix\b|\b(?:percent(?:age)?|%)\s+of\b", re.I)  # rows of shares of a whole
_SHARE_WORDS = terms("made up accounted account represented represent comprised share")
_GROWTH = re.compile(r"\bgrowth\b|\b(?:percent(?:age)?|%)\s+change\b", re.I)  # rows of changes
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_OPERATION = re.compile(r"^\s*(?:less|add|plus|deduct)\s*:\s*", re.IGNORECASE)  # "Less: CAS cost"


# "attributable to Acme Inc. common shareholders": the company's own share, said or not
_OWNERS = re.compile(
    r"\s+attributable\s+to\s+(?:[A-Z][\w.,&]*\s+){0,4}(?:common\s+)?(?:share|stock)holders\b"
)


def names_row(claim: set[str], label: str, units: set[str] = frozenset()) -> bool:
    """Whether a sentence with the key terms `claim` names the row: every key term of its label
    outside parentheses (words of time aside: "monthly"; the company's holders aside: "Net income
    attributable to Acme Inc. common shareholders"), or its abbreviation in them ("CET1"), not a
    unit the sentence gives its figures (`units`: "MMcf" of "Gas purchased (MMcf)" is no name
    of the row in "sales were 217,515 MMcf")."""
    outside = terms(_PARENTHESIS.sub(" ", _OPERATION.sub("", _OWNERS.sub("", label))))
    outside = outside - _TIME_WORDS or outside
    inside = terms(" ".join(_PARENTHESIS.findall(label)))
    return bool(outside) and (outside <= claim or bool(inside) and inside <= claim - units)


# a word right after a count (no currency, no scale word): the unit it is in ("227 MMcf"), not
# "loss" of "a $55 million loss"
_UNIT_WORD = re.compile(r"(?<![\w.$])(?<!\$\s)\d(?:[\d,]*\d)?(?:\.\d+)?\s*([A-Za-z]+)\b")


def unit_words(sentence: str) -> set[str]:
    """The key terms the sentence uses only as its figures' units ("MMcf" in "227 MMcf")."""
    after = terms(" ".join(m.group(1) for m in _UNIT_WORD.finditer(sentence)))
    elsewhere = terms(_UNIT_WORD.sub(" ", sentence))
    return after - elsewhere


_TOTAL_ROW = re.compile(r"^\s*(?:total|consolidated)\b", re.IGNORECASE)
_TOTAL_SAID = re.compile(r"\b(?:total\w*|consolidated|combined|in\s+all)\b", re.IGNORECASE)


def totals(label: str, sentence: str, said: set[str]) -> bool:
    """Whether a sentence that says a total ("Segment revenue totaled ...") names a table's
    "Total" or "Consolidated" row: every other word of its label too ("Total segment operating
    income")."""
    if not _TOTAL_ROW.match(label) or not _TOTAL_SAID.search(sentence):
        return False
    return terms(_TOTAL_ROW.sub("", label)) <= said


_SEGMENT = re.compile(r"((?:[A-Z][\w.&'’-]*\s+){1,3})Segment\b(?!s)")


def _of_segment(caption: str, sentence: str, names: set[str]) -> bool:
    """Whether a sentence about a table of one segment ("Walmart U.S. Segment", "Domestic
    Streaming Segment") names the segment: a word of its name that the company's does not have
    ("domestic"), else its whole name; "Walmart's net sales" is not that table's "Net sales"."""
    found = [f for f in _SEGMENT.findall(caption) if not every_segment(f)]
    return names_segment(found[-1], sentence, names) if found else True


# The words of a heading over every segment's rows ("Supplemental Operating Segment Results").
_EVERY_SEGMENT = {"supplemental", "operating", "reportable", "business", "reporting", "our", "the"}


def every_segment(name: str) -> bool:
    """Whether the words before "Segment" head every segment's rows, naming no one segment."""
    return set(name.lower().split()) <= _EVERY_SEGMENT


def names_segment(segment: str, sentence: str, names: set[str]) -> bool:
    """Whether a sentence names a segment: a word of its own ("domestic" for "Domestic
    Streaming"), or all of it when it is the company's name and more ("Walmart U.S.")."""
    own = terms(segment) - names
    if own:
        return bool(own & terms(sentence))
    return _plain(segment) in _plain(sentence)


def _plain(text: str) -> str:
    """Lower-case words without possessives: "Sam's Club's" as "sam club"."""
    return " ".join(re.sub(r"['’]s\b", "", text.lower()).split())


def _company_total(row: Row) -> bool:
    """Whether a row is the company's total: "Consolidated", or "Total" of a table that is not
    one of segments (whose total may leave out what no segment holds)."""
    if re.match(r"^\s*(?:total\s+)?consolidated\b", row.label, re.IGNORECASE):
        return True
    return bool(_TOTAL_ROW.match(row.label)) and "segment" not in _squash(row.caption)


_ALIAS = [
    (re.compile(r"\bEPS\b"), terms("net earnings per share")),
    (
        re.compile(r"\bpre-?tax\s+(?:income|earnings|profit)\b", re.I),
        terms("income before provision for income taxes"),
    ),
    (
        re.compile(
            r"\boperating cash(?: flows?)?\b|\bcash flows? from operations\b"
            r"|\boperating activities (?:provided|generated)\b",
            re.I,
        ),
        terms("net cash provided by operating activities"),
    ),
]


def label_aliases(sentence: str) -> tuple[set[str], set[str]]:
    """The key terms of the row labels a sentence's short names stand for ("EPS": earnings per
    share; "operating cash flow": net cash provided by operating activities), to name a row by,
    and the terms of those short names."""
    found = [(m, words) for pattern, words in _ALIAS for m in pattern.finditer(sentence)]
    labels = set().union(*(words for _, words in found))
    return labels, set().union(*(terms(m.group()) for m, _ in found))


def spelled(label: str, sentence: str) -> str | None:
    """The words of the sentence that spell a label of two words or more letter for letter, its
    spaces aside: a label a PDF broke mid-word ("Average monthly revenue per p\nayingmember")."""
    letters = re.sub(r"[^a-z]", "", _PARENTHESIS.sub(" ", label).lower())
    if len(label.split()) < 2 or len(letters) < 12:
        return None
    pattern = r"\b" + r"[^a-z]*".join(letters) + r"\b"
    m = re.search(pattern, sentence, re.IGNORECASE)
    return m.group() if m else None


def holds(figure: Figure, cell: Figure, row: Row) -> bool:
    """Whether the cell, as printed or at its table's scale note ("(in millions)"; at the
    sentence's own scale when the caption states none), is the figure; a ratio row's bare cells
    are percentages."""
    if not units_agree(figure.unit, cell.unit):
        return False
    if figure.scale != 1.0 and _PER_SHARE.search(
        _PARENTHESIS.sub(" ", f"{row.label} {row.section}")
    ):
        return False  # "$5.20 million" is no "Diluted earnings per share" of $5.20
    if (figure.unit == "%") != (cell.unit == "%"):
        if cell.unit is not None or not _RATIO.search(f"{row.label} {row.section}"):
            return False
    notes = list(SCALE_NOTE.finditer(row.caption))
    if not notes:
        scales = {1.0, figure.scale}
    elif _excepted(row, notes[-1]):  # "in thousands, except revenue per membership"
        scales = {1.0}
    else:  # "$4.18 million" is no 4,180,339 "(in thousands)", nor are "44,738 memberships"
        note = _NOTE_SCALES[notes[-1].group(1).lower()]
        scales = {1.0, note} if _as_printed(figure, cell) else {note}
    return any(rounds_to(figure, cell.value * scale) for scale in scales)


_PER_SHARE = re.compile(r"\bper\s+(?:\w+\s+)?share\b", re.IGNORECASE)


def _as_printed(figure: Figure, cell: Figure) -> bool:
    """Whether a figure may be a cell as printed under a scale note: one without a scale word
    that is a percentage, a per-share amount or multiple, or a cell printed with decimals."""
    if figure.scale != 1.0:
        return False
    return figure.unit in ("%", "USD/shares", "x") or cell.unit == "%" or bool(cell.decimals)


def _excepted(row: Row, note: re.Match) -> bool:
    """Whether the scale note excepts the row: its label has one of the note's exceptions word
    for word ("except revenue per member, headcount data": "Average annual revenue per member",
    "Headcount"; not "Members" nor "Membership fee revenues")."""
    for item in re.split(r",|\band\b", note.group(2) or ""):
        words = [w for w in re.findall(r"[A-Za-z]+", item) if w.lower() not in _GENERIC]
        phrase = r"\W+".join(re.escape(w.rstrip("s")) + "s?" for w in words)
        if words and re.search(rf"\b{phrase}\b", row.label, re.IGNORECASE):
            return True
    return False


_GENERIC = {"data", "amounts", "amount", "information", "counts", "figures", "metrics"}


# "(in millions, except per share data)", "Dollars in millions", "($ in billions)", "(inmillions)"
# as a PDF glues it, and a scale
# opening its parentheses: "(MILLIONS, EXCEPT PER COMMON SHARE DATA)", "($ millions)"
SCALE_NOTE = re.compile(
    r"(?:\bin\s*(?:[$€£]\s*)?|\(\s*(?:[$€£]\s*|(?:U\.?S\.?\s+)?dollars\s+)?(?:in\s+)?)"
    r"(thousands|millions|billions)\b(?:,?\s+except\s+([^)]*))?",
    re.IGNORECASE,
)
_NOTE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}


def said_terms(sentence: str) -> set[str]:
    """The key terms a sentence says of its figures, without the words that place them in
    time or tell which way they moved."""
    bare = _SENTENCE_PERIOD.sub(" ", sentence)
    bare = _QUARTER_BEFORE.sub(" ", _YEAR_BEFORE.sub(" ", bare))
    bare = _MORE_UP.sub(" ", _MORE_DOWN.sub(" ", bare))
    bare = re.sub(r"\b(?:made|make|makes|making)\s+up\b", "comprised", bare, flags=re.I)
    bare = " ".join(w for w in bare.split() if not direction(w))  # "above", "higher"
    return terms(bare) - _TIME_WORDS - _NEUTRAL - {"increa", "decrea", "from", "to", "up"}


# Verbs that only say a figure is the row's ("AWS generated $35,026 million of net sales").
_NEUTRAL = terms(
    "generated generates recorded posted amounted had has came stood reached held holds"
)
# Ways of moving the claims' direction words leave out, said of table figures.
# "below the $49.3 million of the third quarter": the first figure's way from the second
_BESIDE = r"(?=\s+(?:the\s+|its\s+)?[$€£]?\d)"
_MORE_UP = re.compile(
    rf"\b(?:climb\w*|jump\w*|widen\w*|expand\w*|surg\w*|soar\w*|above{_BESIDE})\b", re.I
)
_MORE_DOWN = re.compile(
    r"\b(?:slip\w*|shr[aiu]nk\w*|narrow\w*|dipp?\w*|eas(?:ed|ing)|slid\w*|contract\w*"
    rf"|below{_BESIDE})\b",
    re.I,
)


def moves_said(sentence: str) -> set[str]:
    """The ways a sentence says a figure moved: the claims' direction words and these."""
    said = direction(sentence)
    return (
        said
        | ({"up"} if _MORE_UP.search(sentence) else set())
        | ({"down"} if _MORE_DOWN.search(sentence) else set())
    )


def judge(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """ "supported" when a row of a table in the passages says the sentence (see the module's
    docstring), "figure" when a row the sentence names has a column for the figure's period and
    prints the figure only under another's, "row" when another row of its table prints it
    under that period (`_other_row`), None when no table decides (another passage may say what
    the table does not)."""
    from rag.answer.entity_columns import names_entity  # it reads rows with this module

    plain, changes = changes_said(sentence)
    bound = figure_periods(plain)
    moved_only = len(moves_said(plain)) == 1 and bool(
        sentence_periods(plain) or _ORDINAL_QUARTER.search(plain)  # "fourth-quarter ... rose"
    )
    if not bound and not changes and not moved_only:  # "... rose in 2021" is its way only
        return None
    said = earned(plain, said_terms(plain))
    top = _SUPERLATIVE.search(plain) if bound else None
    if top:  # "the highest of the four quarters": the cells say it, not the words
        said -= terms(top.group())
    every = _EVERY.search(plain) if len(moves_said(plain)) == 1 else None
    if every:  # "rose in every quarter of 2021": each column from the one before
        said -= terms(every.group())
    rows = [row for text in passages for row in table_rows(text)]
    if changes and not bound:  # "Cash ... decreased by $188 million": a row of the change
        moved = _change_row(plain, changes, rows, said, names)
        if moved is not None:
            return moved
    spelt = {id(row): spelled(row.label, plain) for row in rows}
    labels, short = label_aliases(plain)
    aliased = said | names | labels
    units = unit_words(plain)
    named = [
        row
        for row in rows
        if (
            names_row(aliased | _flow_words(row), row.label, units)
            or spelt[id(row)]
            or totals(row.label, plain, said)
        )
        and names_entity(plain, row)
    ]
    per_share = terms("earnings per common share") if _PER_SHARE_SAID.search(plain) else set()
    shared, named = named, _plainest(named, said | per_share)
    if not named:  # "Amazon's net sales rose ...": the total of a table of net sales
        named = [row for row in rows if _company_total(row) and not row.entity]
    if not named:
        return None
    segment_said = False  # a row of one segment's table says it of the company
    misrowed = False
    ways: set[bool] = set()  # what the named rows say of a move "in every quarter"
    flipped = False  # a named row prints the figure under its period with the other sign
    for row in named:
        wording = terms(f"{row.label} {row.caption} {row.entity}") | names
        wording |= terms(spelt[id(row)] or "")
        of_segment = _of_segment(row.caption, plain, names)
        if _TOTAL_ROW.match(row.label):
            wording |= terms("total totaled totals")
        if _MIX.search(f"{row.label} {row.section}"):  # "AWS made up 12% of net sales"
            wording |= _SHARE_WORDS
        wording |= {w for w in said if len(w) >= 5 and w in _squash(row.caption)}  # "seg\nment"
        if labels and names_row(labels | said, row.label):  # its short name says that name
            wording |= short
        if _FLOW.search(f"{row.label} {row.caption}"):  # "net cash provided by" a flow's row
            wording |= _FLOW_WORDS
        if not said <= wording | _SIGN_WORDS:
            continue
        pairs = _resolved(plain, row)
        if every:
            steady = _every(plain, every, row)
            if steady is None or not of_segment:
                continue
            if not steady or not bound:
                ways.add(steady)
                continue
        if _from_only(plain, bound):  # "Revenue rose 6% from the prior quarter's $44,062 million"
            moved = _from_base(plain, bound[0][0], row, changes)
            if moved is not None and of_segment:
                return "supported" if moved else "contradicted"
            continue
        if not pairs:  # "Diluted EPS rose 42% in fiscal 2016": only how it moved
            now = _now(plain, row)
            if now and not changes:  # "Operating cash flow rose in 2021"
                moved = _moved_without_figures(plain, now, row)
            else:
                moved = changed(row, now, changes, plain) if now else None
            if moved is not None and of_segment:
                return "supported" if moved else "contradicted"
            segment_said |= bool(moved)
            continue
        cells = []
        for figure, period in pairs:
            cell = next((c for p, c in row.cells if p == period), None)
            if cell is None or not holds(figure, cell, row):
                break
            if not signed(plain, figure, cell, row):
                flipped |= of_segment and sign_plain(plain, row)
                break
            cells.append(cell)
        else:
            if top:
                extreme = _extreme(top, row, pairs, rows)
                if extreme is None:
                    continue
                if not extreme and of_segment:
                    return "contradicted"
            moved = _moves(_unlabelled(plain, f"{row.label} {spelt[id(row)]}"), pairs, row, cells)
            if changes and moved is not False:  # "up 22%": the row's change says which way
                moved = changed(row, max((p for _, p in pairs), key=_when), changes, plain)
            if moved and (_misrowed(plain, pairs, row, rows, names) or other_measure(plain, row)):
                misrowed = True  # rag.answer.qualifiers: another row is the sentence's measure
                continue
            if moved is not None and of_segment:
                return "supported" if moved else "contradicted"
            segment_said |= bool(moved)
    if misrowed:
        return "figure"
    if len(ways) == 1:  # the named rows agree
        return "supported" if ways.pop() else "contradicted"
    if segment_said:  # "Walmart's net sales were ..." where only Walmart U.S.'s table says so
        return "subject"
    if flipped:  # "The effective tax rate was 118.2%" where the row prints (118.2)%
        return "figure"
    for row in named:  # the row has the period's column, and another's the figure
        for figure, period in _resolved(plain, row):
            printed = [p for p, c in row.cells if holds(figure, c, row)]
            if printed and period is not None and period not in printed:
                return "figure"
    for row in (r for r in shared if r not in named):  # "Diluted" EPS of continuing operations
        for figure, period in _resolved(plain, row):
            cell = next((c for p, c in row.cells if p == period), None)
            if cell is not None and holds(figure, cell, row):
                return "figure"
    return "row" if _other_row(plain, named, rows) else None


def _misrowed(sentence: str, pairs: list, row: Row, rows: list[Row], names: set[str]) -> bool:
    """Whether the row holding the sentence's figures is another measure than the sentence's:
    another row of the passages' tables says more of it ("Net income attributable to Acme"
    where the figure is on "Net income"), or the row is a part ("Diluted", "Current") the
    sentence gives as the whole another row prints (rag.answer.qualifiers.wrong_line)."""
    line = f"{row.label} {row.section}"
    rivals = [f"{r.label} {r.section}" for r in rows if r is not row]
    claimed = [label(sentence, figure) for figure, _ in pairs]
    return any(wrong_line(mine, line, rivals, names, sentence) for mine in claimed)


_AVERAGE = re.compile(r"\baverag(?:e|ed|es|ing)\b", re.IGNORECASE)
# a figure at a point in time: "at the end of 2022", "at year-end", "as of December 31"
_POINT = re.compile(
    r"\b(?:at|as\s+of)\s+(?:the\s+)?(?:end|close)\s+of\b|\b(?:year|period|quarter)[- ]end\b"
    r"|\bas\s+of\s+[A-Z][a-z]+\s+\d",
    re.IGNORECASE,
)


def other_measure(sentence: str, row: Row) -> bool:
    """Whether the sentence gives a row's average as a count at a point in time ("5.1 million
    customers at the end of 2022" from "Customers (average for the year)"), or a row's count at
    a point in time as an average. Its label says which (a heading over rows may be misread)."""
    if _AVERAGE.search(row.label):
        return bool(_POINT.search(sentence)) and not _AVERAGE.search(sentence)
    return bool(_POINT.search(row.label)) and bool(_AVERAGE.search(sentence))


# "in every quarter of 2021", "each year shown": a move said of every step of a row
_EVERY = re.compile(
    r"\b(?:in\s+)?(?:every|each)\s+(?P<span>quarter|year|period)\b"
    r"(?:\s+(?:of\s+(?:fiscal\s+)?(?:19|20)\d\d|shown))?",
    re.IGNORECASE,
)


def _every(sentence: str, every: re.Match, row: Row) -> bool | None:
    """Whether the row moved the way the sentence says from each column of the span it names to
    the next (or from its year-ago column: "higher than a year earlier"), within the year it
    names (or between the first and last periods it names, else over the row): None for fewer
    than two steps or a step without a move."""
    quarters = every.group("span").lower() == "quarter"
    cells = sorted(
        ((p, c) for p, c in row.cells if not p.part and (p.quarter is not None) == quarters),
        key=lambda pc: _when(pc[0]),
    )
    named = [p for _, _, p in sentence_periods(sentence)]
    if len(named) == 1 and named[0].quarter is None:
        cells = [(p, c) for p, c in cells if p.year == named[0].year]
    elif len(named) >= 2:
        ends = [resolve(p, [q for q, _ in cells]) for p in (named[0], named[-1])]
        if None in ends:
            return None
        first, last = sorted(ends, key=_when)
        cells = [(p, c) for p, c in cells if _when(first) <= _when(p) <= _when(last)]
    if _YEAR_BEFORE.search(sentence):  # "higher than a year earlier": each from its year-ago
        every_cell = {(p.year, p.quarter): c for p, c in row.cells if not p.part}
        before = [every_cell.get((p.year - 1, p.quarter)) for p, _ in cells]
        if None in before:
            return None
        steps = [c.value - b.value for (_, c), b in zip(cells, before, strict=True)]
    elif re.search(r"\bthan\b", sentence, re.IGNORECASE):
        return None  # compared with something else
    else:
        steps = [b.value - a.value for (_, a), (_, b) in zip(cells, cells[1:], strict=False)]
    if len(steps) < 2 or 0 in steps:
        return None
    way = moves_said(sentence)
    return all(("up" if step > 0 else "down") in way for step in steps)


# A row of a change ("Net increase (decrease) in cash, cash equivalents and restricted cash").
_CHANGE_ROW = re.compile(
    r"^\s*(?:net\s+)?(?:increase|decrease|change)\b(?:\s*[(/]\s*(?:increase|decrease)\s*\)?)?"
    r"\s+in\s+(?P<what>[^()]+?)\s*$",
    re.IGNORECASE,
)


def _change_row(
    sentence: str, changes: list, rows: list[Row], said: set[str], names: set[str]
) -> str | None:
    """What a row of a change says of a sentence that says only how much its measure moved
    ("decreased by $188 million in 2021"): "supported" when the row's cell of the period is
    the amount, moved that way; "contradicted" the other way; "figure" when another period's
    cell is it; None when no such row is named."""
    if len(changes) != 1 or changes[0][1].unit == "%":
        return None
    way, figure = changes[0]
    for row in rows:
        m = _CHANGE_ROW.match(row.label)
        if not m or not terms(m.group("what")) <= said | names:
            continue
        if not said - names - terms("net") <= terms(f"{m.group('what')} {row.caption}"):
            continue
        periods = [p for p, _ in row.cells]
        named = [p for _, _, p in sentence_periods(sentence)]
        now = resolve(named[0], periods) if named else current(sentence, periods)
        cell = next((c for p, c in row.cells if p == now), None)
        if cell is None or cell.value == 0:
            continue
        size = replace(cell, value=abs(cell.value))
        if holds(figure, size, row):
            return "supported" if way == ("up" if cell.value > 0 else "down") else "contradicted"
        if any(holds(figure, replace(c, value=abs(c.value)), row) for _, c in row.cells):
            return "figure"
    return None


# A superlative a table's cells can tell, with what it ranks among ("the highest of the four
# quarters", "peaked", "the most ... of the three segments").
_SUPERLATIVE = re.compile(
    r"\b(?P<way>highest|largest|biggest|most|peak(?:ed|s)?|lowest|smallest|least)\b"
    r"(?!\s+(?:declin|decreas|increas|drop|gain|growth|rise|fall|change|improv)\w*)"
    r"(?:[\w\s-]{0,40}?\bof\s+the\s+(?:(?:two|three|four|five|six|seven|eight|\d+)\s+)?"
    r"(?:year|quarters?|segments?|periods?|years)(?:\s+shown)?)?",
    re.IGNORECASE,
)
_LOWEST = ("lowest", "smallest", "least")


def _extreme(top: re.Match, row: Row, pairs: list, rows: list[Row]) -> bool | None:
    """Whether the sentence's one figure is the end of its row the superlative says: among the
    columns of the same span (a table of segments: among the other segments' rows of the label
    and period, the total aside); None when the sentence has other figures, speaks of a loss,
    or the cell is that end only within its year."""
    words = "|".join(re.findall(r"[A-Za-z]+", row.label))
    own = re.sub(rf"\b(?:{words})\b", " ", top.string, flags=re.IGNORECASE)
    if len(pairs) != 1 or _LOSS.search(own):  # "the largest loss": which end is that?
        return None
    (figure, period) = pairs[0]
    low = top.group("way").lower() in _LOWEST
    if row.entity:
        peers = [
            r
            for r in rows
            if r.label == row.label
            and r.caption == row.caption
            and r.entity
            and not _TOTAL_ROW.match(r.entity)
        ]
        values = [c.value for r in peers for p, c in r.cells if p == period]
    else:
        values = [c.value for p, c in row.cells if p in _alike(period, [q for q, _ in row.cells])]
    cell = next(c.value for p, c in row.cells if p == period)
    if len(values) < 2:
        return None
    if cell == (min(values) if low else max(values)):
        return True
    if not row.entity:
        year = [
            c.value
            for p, c in row.cells
            if p.year == period.year and p in _alike(period, [q for q, _ in row.cells])
        ]
        if len(year) >= 2 and cell == (min(year) if low else max(year)):
            return None
    return False


def _other_row(sentence: str, named: list[Row], rows: list[Row]) -> bool:
    """Whether a figure the named row does not print under its period is another row's of the
    same table under that period, a row the sentence says no word of that the named row's
    label does not have ("financing activities provided $4,370 million" where 4,370 is
    investing activities')."""
    for row in named:
        for figure, period in _resolved(sentence, row):
            cell = next((c for p, c in row.cells if p == period), None)
            if cell is None or holds(figure, cell, row):
                continue
            for other in rows:
                if other in named or other.caption != row.caption:
                    continue
                if terms(other.label) & terms(sentence) - terms(row.label):
                    continue  # the sentence says words of the other row's label
                if any(p == period and holds(figure, c, other) for p, c in other.cells):
                    return True
    return False


# "$0.59 per diluted share", "diluted EPS": the heading "Earnings per common share—diluted"
_PER_SHARE_SAID = re.compile(r"\bper\s+(?:\w+\s+)?share\b|\bEPS\b", re.IGNORECASE)


def _plainest(named: list[Row], said: set[str]) -> list[Row]:
    """The named rows without those a sentence names only by a label other rows share
    ("Diluted") where one of them stands under the plainest heading ("Earnings per common
    share"): a row under a heading of more words ("Earnings from continuing operations per
    common share") is named when the sentence says those words too."""
    out = []
    heads = {id(r): terms(_PARENTHESIS.sub(" ", r.section)) for r in named}  # not "(loss)"
    for row in named:
        same = [r for r in named if r.label == row.label]
        common = set.intersection(*(heads[id(r)] for r in same))
        own = heads[id(row)] - common
        plain = any(not heads[id(r)] - common for r in same)
        if len(same) < 2 or not own or not plain or own <= said:
            out.append(row)
    return out


def _squash(text: str) -> str:
    """The text's letters only: a word a PDF broke ("seg\nment") is whole again."""
    return re.sub(r"[^a-z]", "", text.lower())


def _from_only(sentence: str, bound: list) -> bool:
    """Whether the sentence's one figure is what it moved from ("rose 6% from $44,062")."""
    if len(bound) != 1:
        return False
    return bool(_FROM_BASE.search(sentence[: bound[0][0].start]))


_FROM_BASE = re.compile(
    r"\bfrom(?:\s+(?:the|a|its|prior|previous|last|year|quarter|period|year's|quarter's"
    r"|period's|about|approximately|roughly|nearly))*\s*$",
    re.IGNORECASE,
)


def _from_base(sentence: str, figure: Figure, row: Row, changes: list) -> bool | None:
    """Whether the row moved, the way (and by what) the sentence says, from the figure to the
    period the sentence speaks of: the figure is the cell of the period it names relative to
    that one ("the prior quarter's"), else of the latest earlier column that holds it."""
    now = _now(sentence, row)
    if now is None:
        return None
    periods = [p for p, _ in row.cells]
    earlier = [p for p in _alike(now, periods) if _when(p) < _when(now)]
    base = resolve(_relative(sentence, now), earlier)
    if base is None:
        holding = [p for p, c in row.cells if p in earlier and holds(figure, c, row)]
        base = max(holding, key=_when) if holding else None
    cell = next((c for p, c in row.cells if p == base), None)
    if cell is None or not holds(figure, cell, row):
        return None
    latest = next(c for p, c in row.cells if p == now)
    said = moves_said(sentence)
    if len(said) == 1 and latest.value != cell.value:
        if said != ({"up"} if abs(latest.value) > abs(cell.value) else {"down"}):
            return False
    return changed(row, now, changes, sentence, base) if changes else bool(said)


def _now(sentence: str, row: Row) -> Period | None:
    """The row's column of the period a sentence without figures speaks of: the first it
    names, else the latest."""
    periods = [p for p, _ in row.cells]
    found = sentence_periods(sentence)
    named = [p for s, _, p in found if not _FROM_BASE.search(sentence[:s])] or [
        p for _, _, p in found
    ]  # "climbed from the first quarter through the third": the third
    return resolve(named[0], periods) if named else current(sentence, periods)


def _resolved(sentence: str, row: Row) -> list[tuple[Figure, Period | None]]:
    """The sentence's figures with the row's column of the period each is said of (None where
    the row has no one such column); a sentence that names no period speaks of the row's
    latest (`current`)."""
    periods = [p for p, _ in row.cells]
    named = bool(sentence_periods(sentence))
    bound = figure_periods(sentence, None if named else _current_held(sentence, row))
    return [(f, resolve(p, periods)) for f, p in _from_earlier(sentence, bound, row)]


def _current_held(sentence: str, row: Row) -> Period | None:
    """`current`; where the sentence names no span and the row's latest columns are of one
    year but several spans (a quarter and the year it ends: "Three Months Ended Dec 31, 2022"
    beside "Twelve Months Ended Dec 31, 2022"), the latest of the one span whose latest cell
    holds a figure of the sentence."""
    periods = [p for p, _ in row.cells]
    default = current(sentence, periods)
    if not periods or _YEARLESS.search(sentence):
        return default
    latest = {max(_alike(p, periods), key=_when) for p in periods}
    if len({p.year for p in latest}) != 1:
        return default
    found = figures(sentence)
    held = [
        p for p in latest if any(holds(f, c, row) for f in found for q, c in row.cells if q == p)
    ]
    return held[0] if len(held) == 1 else default


_YEARLESS = re.compile(
    r"(?P<part>\b(?:first\s+)?(?:six|nine)\s+months\b|\b(?:first|second)\s+half\b|\bfirst-half\b)"
    r"|(?<!prior )(?<!previous )(?<!last )(?<!a )(?<!one )"
    r"\b(?:(?P<ord>first|second|third|fourth)\s+)?(?P<quarter>quarter)\b(?![- ]over)",
    re.IGNORECASE,
)


def current(sentence: str, columns: list[Period]) -> Period | None:
    """The column a sentence that names no year speaks of: the latest of the span it names ("in
    the first half", "in the second quarter": the quarter's number where the table knows it, the
    table's one column of that quarter), else of the span of the table's first column."""
    if not columns:
        return None
    m = _YEARLESS.search(sentence)
    if m and m.group("part"):
        alike = [p for p in columns if p.part]
    elif m:
        alike = [p for p in columns if p.quarter is not None and not p.part]
    else:
        alike = _alike(columns[0], columns)
    if not alike:
        return None
    latest = max(alike, key=_when)
    if m and m.group("ord") and latest.quarter != ORDINAL[m.group("ord").lower()]:
        named = [p for p in alike if p.quarter == ORDINAL[m.group("ord").lower()]]
        return named[0] if len(named) == 1 else None  # the table's one third quarter
    return latest


def _moves(sentence: str, bound: list, row: Row, cells: list[Figure]) -> bool | None:
    """Whether the way the sentence says its figures moved ("rose", "up from", "lower than a
    year earlier") is the way the row's cells move from the earlier period to the later one
    (True for a sentence that says no direction); None when the row cannot tell."""
    said = moves_said(sentence)
    if not said:
        return True
    if len(said) > 1:
        return None
    if len(bound) == 1:  # "..., lower than a year earlier" ("... above fiscal 2017"): that cell
        periods = [p for p, _ in row.cells]
        others = [resolve(p, periods) for _, _, p in sentence_periods(sentence)]
        others = [p for p in others if p is not None and p != bound[0][1]]
        then = resolve(_relative(sentence, bound[0][1]), periods) or (
            others[0] if len(others) == 1 else None
        )
        if then is None and not others:  # "rose to $65.4 billion in 2020": from before
            return _moved_since(said, bound[0][1], cells[0], row)
        earlier = next((c for p, c in row.cells if p == then), None)
        if earlier is None:
            return None
        pairs = [(bound[0][1], cells[0]), (then, earlier)]
    elif len(bound) == 2:
        pairs = [(period, cell) for (_, period), cell in zip(bound, cells, strict=True)]
    else:
        return None
    (p1, c1), (p2, c2) = sorted(pairs, key=lambda pc: _when(pc[0]))
    if p1 == p2 or c1.value == c2.value:
        return None
    return said == ({"up"} if abs(c2.value) > abs(c1.value) else {"down"})


def _moved_without_figures(sentence: str, now: Period, row: Row) -> bool | None:
    """Whether the row moved the way a sentence without figures says: from the other periods
    it names ("lower than in each of 2016, 2017 and 2018"), else from the columns before."""
    said = moves_said(sentence)
    columns = {p: c for p, c in row.cells}
    others = [resolve(p, list(columns)) for _, _, p in sentence_periods(sentence)]
    others = [p for p in others if p != now]
    if not others:
        return _moved_since(said, now, columns[now], row)
    if None in others:
        return None
    ways = {
        "up" if abs(columns[now].value) > abs(columns[p].value) else "down"
        for p in others
        if columns[p].value != columns[now].value
    }
    return ways == said if len(ways) == 1 else None


def _moved_since(said: set[str], now: Period | None, cell: Figure, row: Row) -> bool | None:
    """Whether a figure said to have moved, from no period the sentence names, moved that way
    from the row's column before it and from the same period a year before (a quarter's table
    has both): True when every such column says so, False when none does."""
    if now is None:
        return None
    columns = {p: c for p, c in row.cells}
    before = [p for p in _alike(now, list(columns)) if _when(p) < _when(now)]
    year_ago = resolve(Period(now.year - 1, now.quarter, now.part), before)
    bases = {p for p in (max(before, key=_when) if before else None, year_ago) if p is not None}
    ways = {
        "up" if abs(cell.value) > abs(columns[p].value) else "down"
        for p in bases
        if columns[p].value != cell.value
    }
    return ways == said if len(ways) == 1 else None


# ---- signs, changes and verbs ----------------------------------------------------------------

_NEGATIVE = re.compile(r"\bnegative\s+(?=[$€£]?\d)", re.IGNORECASE)
_LOSS = re.compile(r"\b(?:loss(?:es)?|lost|deficits?|negative|outflows?)\b", re.IGNORECASE)
_SIGN_WORDS = terms("negative loss losses deficit deficits outflow outflows")


def signed(sentence: str, figure: Figure, cell: Figure, row: Row) -> bool:
    """Whether the figure has the cell's sign: a figure said negative ("negative 17%", "-17%",
    "(17)%") or called a loss where the row's label does not say one ("a loss of $120 million"
    of "Segment result (120)") only a negative cell; a negative cell only such a figure or one
    of a row whose label says the loss ("a contribution loss of $333,386" of "Contribution loss
    (333,386)"). On a row of either ("Net income (loss)", "Income/(loss)") a negative cell is
    a loss the sentence says of that figure; on a row of cash flows ("Investing activities"),
    one the sentence says was "used", and a cell the sentence says "provided" is not negative."""
    near = sentence[max(0, figure.start - 12) : figure.start + 1]
    either = bool(_EITHER.search(row.label))
    loss_row = bool(_LOSS.search(row.label)) and not either
    if either:
        loss = bool(_LOSS.search(_own_words(sentence, figure)))
    else:
        loss = bool(_LOSS.search(sentence)) and not loss_row
    flow = _FLOW.search(f"{row.label} {row.caption}") and _flow_said(sentence, figure)
    if flow == "used":
        return cell.value < 0 or bool(_USED.search(row.label)) and cell.value > 0
    if flow == "provided" and cell.value < 0:
        return False
    if figure.value < 0 or _NEGATIVE.search(near) or loss:
        return cell.value < 0
    return cell.value >= 0 or loss_row


_EITHER = re.compile(r"[(/]\s*(?:loss|deficit)", re.IGNORECASE)  # "Net income (loss)"
_ALTERNATIVE = re.compile(r"[(/]\s*[A-Za-z]")  # "Income tax provision (benefit)", "(used in)"


def sign_plain(sentence: str, row: Row) -> bool:
    """Whether nothing but the figure's own sign can give it the cell's: the row prints cells of
    both signs (one of only negative cells, "Interest expense (1,658) (1,373)", prints a
    deduction's amount), its label no other reading of them ("(benefit)"), and the sentence
    says no move and no loss."""
    said = moves_said(sentence) or _LOSS.search(sentence) or _NEGATIVE.search(sentence)
    signs = {cell.value < 0 for _, cell in row.cells}
    return len(signs) == 2 and not said and not _ALTERNATIVE.search(row.label)


_FLOW = re.compile(r"\bactivities\b|\bcash\s+flows?\b", re.IGNORECASE)
_FLOW_WORDS = terms("net cash flow flows provided used")
_USED = re.compile(r"\bused\b|\boutflows?\b", re.IGNORECASE)
_FLOW_VERB = re.compile(r"\b(?:used|outflows?|provided|generated)\b", re.IGNORECASE)


def _flow_words(row: Row) -> set[str]:
    """The words a row of cash flows is named without ("Net cash (used)/provided by financing
    activities": "financing activities")."""
    if not _FLOW.search(row.label):
        return set()
    return _FLOW_WORDS - terms(" ".join(_PARENTHESIS.findall(row.label)))  # not "(used)"


def _flow_said(sentence: str, figure: Figure) -> str | None:
    """What a sentence says a cash flow figure did: "used" or "provided", by the verb in the
    two words after it, else the last before it ("used $67,153 million ..., up from $23,512
    million": both used); None when it says neither."""
    after = " ".join(sentence[figure.end :].split()[:2])
    found = _FLOW_VERB.findall(after)[:1] or _FLOW_VERB.findall(sentence[: figure.start])[-1:]
    if not found:
        return None
    return "used" if _USED.match(found[0]) else "provided"


def _own_words(sentence: str, figure: Figure) -> str:
    """The words that say what one figure of a sentence is: those since the figure before it,
    and the next two after it ("a $55 million loss from", "$5,600 million used in")."""
    before = [f for f in figures(sentence) if f.end <= figure.start]
    start = before[-1].end if before else 0
    after = " ".join(sentence[figure.end :].split()[:2])
    return f"{sentence[start : figure.start]} {after}"


def _unlabelled(sentence: str, label: str) -> str:
    """The sentence without the words of the row's label that say a direction ("Comparable
    sales growth"): they name the row, not which way it moved."""
    for word in re.findall(r"[A-Za-z]+", label):
        if direction(word):
            sentence = re.sub(rf"\b{word}\b", " ", sentence, count=1, flags=re.IGNORECASE)
    return sentence


_CHANGE = re.compile(
    r"(?P<way>\b(?:(?<!made )(?<!make )(?<!makes )up|down|increas\w*|decreas\w*|rose|rising|grew"
    r"|grow\w*|fell|falling|declin\w*|dropp\w*|gain\w*|slipp\w*|slid\w*|dipp\w*|climb\w*"
    r"|jump\w*|shr[aiu]nk\w*|edged\s+(?:up|down))\s+(?:by\s+|of\s+)?"
    r"(?:only\s+|just\s+)?(?:about\s+|approximately\s+|nearly\s+|roughly\s+)?)"
    r"(?P<pct>\d+(?:\.\d+)?\s?%|[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion)\b)?"
    r"|(?P<points>\d+(?:\.\d+)?)\s+(?:percentage\s+)?(?:points?|pts)\b)"
    r"(?:,?\s+or\s+(?:about\s+|approximately\s+)?(?P<also>\d+(?:\.\d+)?\s?%)(?=[\s,.;]))?",
    re.IGNORECASE,
)


# A change said after its percentage ("20% higher than in 2018", "5% below the prior year").
_CHANGE_AFTER = re.compile(
    r"(?P<pct>\b\d+(?:\.\d+)?\s?%)\s+(?P<way>higher|lower|above|below)\b", re.I
)


def changes_said(sentence: str) -> tuple[str, list[tuple[str, Figure]]]:
    """The sentence without the percentages or amounts it says a figure moved by ("up 22%",
    "grew 64% to", "a decrease of $3.8 billion"), and those with the way each says."""
    found: list[tuple[str, Figure]] = []

    def cut(m: re.Match) -> str:
        way = "up" if moves_said(m.group("way")) == {"up"} else "down"
        if m.groupdict().get(
            "points"
        ):  # "down 2.7 points": percentage points, the cells' difference
            found.append((way, replace(scan(m.group("points"))[0], unit="points")))
            return m.group("way")
        found.append((way, scan(m.group("pct"))[0]))
        if m.groupdict().get("also"):  # "rose $2.0 billion, or 11%"
            found.append((way, scan(m.group("also"))[0]))
        return m.group("way")

    plain = _CHANGE_AFTER.sub(cut, _CHANGE.sub(cut, sentence))
    return plain, found


def changed(
    row: Row, now: Period, changes: list, sentence: str, base: Period | None = None
) -> bool | None:
    """Whether the row moved by each percentage the sentence says, the way it says, from the
    period before `now` (the one the sentence names after it, else the row's next earlier column):
    its change column's percentage, else the change of its two cells."""
    if _GROWTH.search(f"{row.label} {row.section}"):  # "grew 22%": the growth row's own cell
        cell = next(c for p, c in row.cells if p == now)
        way = "up" if cell.value > 0 else "down"
        if any(w != way for w, _ in changes):
            return False
        return all(f.unit == "%" and holds(f, cell, row) for _, f in changes) or None
    alike = _alike(now, [p for p, _ in row.cells])
    earlier = sorted({p for p in alike if _when(p) < _when(now)}, key=_when)
    named = [resolve(p, earlier) for _, _, p in sentence_periods(sentence)]
    named = [p for p in named if p is not None]
    relative = resolve(_relative(sentence, now), earlier)  # "up 56% from a year ago"
    if not earlier:
        return None
    then = base or (named[-1] if named else relative or earlier[-1])
    a = next(c for p, c in row.cells if p == now)
    b = next(c for p, c in row.cells if p == then)
    if b.value == 0 or a.value == b.value:
        return None
    if a.value < 0 and b.value < 0 and (_USED.search(sentence) or _LOSS.search(sentence)):
        a, b = replace(a, value=-a.value), replace(b, value=-b.value)  # "cash used grew 69%"
    printed = [c for later, before, c in row.changes if later == now and before == then]
    if row.neutral and _CURRENCY_NEUTRAL.search(sentence):  # "excluding currency changes"
        printed = [c for later, before, c in row.neutral if later == now and before == then]
        if not printed:
            return None
    for way, figure in changes:
        if way != _way(a.value, b.value):
            return False
        if figure.unit == "points":
            if not rounds_to(figure, a.value - b.value):
                return None
            continue
        if figure.unit != "%":  # "up $34.7 billion": the cells' difference at the table's scale
            if not holds(figure, replace(a, value=abs(a.value - b.value), unit=a.unit), row):
                return None
            continue
        relative = (a.value - b.value) / abs(b.value) * 100
        if printed and a.unit != "%":  # a rate's change column is in points, not percent
            relative = printed[0].value
        if not rounds_to(figure, relative):
            return None
    return True


def _way(later: float, earlier: float) -> str:
    """Which way a row moved: its amount's, that of a row printed in parentheses ("Net interest
    expense (1,863) (1,128)": an expense that grew) too."""
    if later < 0 and earlier < 0:
        return "up" if abs(later) > abs(earlier) else "down"
    return "up" if later > earlier else "down"


_CURRENCY_NEUTRAL = re.compile(
    r"\b(?:excluding|ex-|without)\s*(?:the\s+(?:effects?|impacts?)\s+of\s+)?(?:foreign\s+)?"
    r"currency|\bcurrency[- ]neutral\b|\bconstant[- ]currency\b",
    re.IGNORECASE,
)


def _when(period: Period) -> tuple[int, int, str]:
    return period.year, period.quarter or 0, period.end or ""


def _alike(period: Period, columns: list[Period]) -> list[Period]:
    """The columns of the same span as `period`: quarters, years or parts of a year."""
    return [
        p
        for p in columns
        if p.part == period.part and (p.quarter is None) == (period.quarter is None)
    ]


def _from_earlier(sentence: str, bound: list, row: Row) -> list:
    """The figures with their periods, a second figure said "from" with no period of its own
    ("rose to $19,779 million at the end of 2021 from $17,768 million") given the row's latest
    period before the first's that holds it (a quarter's table has the quarter before and the
    year-ago quarter), else the latest."""
    if len(bound) != 2 or bound[1][1] not in (bound[0][1], None):
        return bound
    (first, now), (second, _) = bound
    named = sentence_periods(sentence)
    own = [p for _, _, p in named if p == now]
    if _FROM_TO.search(sentence[: second.start]) and bound[0][1] == bound[1][1]:
        first, second = second, first  # "from $13,139 million to $15,887 million"
    elif not re.search(
        r"\bfrom\s*(?:about\s+|approximately\s+)?[$€£]?$", sentence[first.end : second.start]
    ):
        return bound
    if len(own) != 1 and (own or named):  # the period said twice, or only another's said
        return bound
    periods = [p for p, _ in row.cells]
    column = resolve(now, periods)
    if column is None:
        return bound
    before = [p for p in _alike(column, periods) if _when(p) < _when(column)]
    if not before:
        return bound
    holding = [p for p, c in row.cells if p in before and holds(second, c, row)]
    then = max(holding or before, key=_when)
    return sorted([(first, now), (second, then)], key=lambda fp: fp[0].start)


# "from $13,139 million to": the first of two figures what the second moved from
_FROM_TO = re.compile(
    r"\bfrom\s*(?:about\s+|approximately\s+)?[$€£]?\d[\d,.]*\s*(?:thousand|million|billion)?,?"
    r"\s+to\s*(?:about\s+|approximately\s+)?[$€£]?$",
    re.IGNORECASE,
)


_EARNED = re.compile(r"\b(?:earned|earns|earn|lost|loses|lose)\b", re.IGNORECASE)


# "earned $1.76 billion of bitcoin revenue": the measure earned is said after the amount
_EARNED_OF = re.compile(
    r"\b(?:earn(?:ed|s)?|lost|loses?)\s+(?:(?:about|approximately|roughly|nearly|almost|some|over)\s+)?"
    r"[$€£]?\d[\d,.]*\s*(?:(?:thousand|million|billion)\s+)?(?:of|from)\s+[a-z]",
    re.IGNORECASE,
)


def earned(sentence: str, said: set[str]) -> set[str]:
    """The key terms `said` of a sentence saying a company "earned" (or "lost") an amount as
    those of "net income": it names a "Net income" row, and says nothing more by the verb; one
    that says what it earned ("earned $2.1 billion of service revenue") names that measure
    only."""
    if not _EARNED.search(sentence):
        return said
    verbs = terms("earn lost loses lose")
    if _EARNED_OF.search(sentence):
        return said - verbs
    return said - verbs | (terms("net income") if "incom" not in said else set())


# ---- tables of words ----------------------------------------------------------------------


def word_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The Markdown tables of a passage as their header's cells and their rows' cells."""
    tables, header, rows = [], None, []
    for line in [*text.splitlines(), ""]:
        cells = markdown_cells(line)
        if cells is None:
            if header and rows:
                tables.append((header, rows))
            header, rows = None, []
        elif cells and header is None:
            header = cells
        elif cells:
            rows.append(cells)
    return tables


def stemmed(words: set[str]) -> set[str]:
    """Key terms with a verb or plural ending cut ("owns", "owned": "own")."""
    return {re.sub(r"(?<=\w{3})(?:ing|ed|es|s)$", "", w) for w in words}


def judge_words(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """ "supported" when the rows of a table of words that a sentence without figures names
    (by their first cell) hold everything it says, and every value it gives them in a column of
    repeated values ("Owned", "Leased") is theirs; "cell" when it gives a named row another
    row's value in such a column ("leases Gigafactory Nevada" where Nevada's is "Owned");
    None when no table decides."""
    if figures(sentence) or negated(sentence):
        return None
    said = stemmed(terms(sentence) - names)
    for header, rows in (t for text in passages for t in word_tables(text)):
        named = [row for row in rows if row and terms(row[0]) and _phrase(row[0], sentence)]
        if not named:
            continue
        wording = stemmed(terms(" ".join(header)) | names)
        for row in named:
            wording |= stemmed(terms(" ".join(row)))
        for column in range(1, len(header)):
            values = [row[column] for row in rows if column < len(row)]
            repeated = {v for v in values if values.count(v) > 1 and len(v.split()) <= 3}
            for row in named:
                own = row[column] if column < len(row) else ""
                others = {v for v in repeated if v != own and stemmed(terms(v))}
                if own not in repeated:
                    continue
                if any(stemmed(terms(v)) <= said for v in others) and not (
                    stemmed(terms(own)) and stemmed(terms(own)) <= said
                ):
                    return "cell"
        if said <= wording:
            return "supported"
        others = set().union(*(stemmed(terms(" ".join(r[1:]))) for r in rows if r not in named))
        if said - wording <= others:  # "Gigafactory Texas is in Fremont, California"
            return "cell"
    return None


def _phrase(label: str, sentence: str) -> bool:
    """Whether the sentence names a row of words by its label, word for word ("Gigafactory
    Nevada"; not "Gigafactory ... Texas")."""
    words = [re.escape(w) for w in re.findall(r"\w+", FOOTNOTE.sub("", label))]
    return bool(re.search(r"\b" + r"\W+".join(words) + r"\b", sentence, re.IGNORECASE))


def verdict(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """What the tables of the passages say of a sentence: a table of figures by period
    (`judge`), else a guidance table (rag.answer.outlook_tables), else one of figures by
    measure (rag.answer.table_columns), else a PDF's records of one figure
    (rag.answer.table_records), else a table of words (`judge_words`); None when no table
    decides."""
    from rag.answer.outlook_tables import judge_outlook
    from rag.answer.table_columns import judge_columns  # they read tables with this module
    from rag.answer.table_records import judge_records

    return (
        judge(sentence, passages, names)
        or judge_outlook(sentence, passages, names)
        or judge_columns(sentence, passages, names)
        or judge_records(sentence, passages, names)
        or judge_words(sentence, passages, names)
    )
