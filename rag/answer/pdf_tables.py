"""A PDF's text table read as rows of figures by period, where its header is not one line of
periods: dated columns spread over lines ("December 28,\\n2019\\n(52 weeks)\\nDecember 29,\\n2018
..."), a day and its years ("Years Ended December 31, 2021 2020"), spans over their years ("Three
months ended June 30, Six months ended June 30, (in millions) 2022 2021 Change 2022 2021 Change"),
quarters over their years ("1st Quarter 2nd Quarter ... 2018 2017 2018 2017 ...") or over one
fiscal year ("1st 2nd 3rd 4th Fiscal Year Fiscal 2019"), and change columns after the periods
they compare ("FISCAL 2019 FISCAL 2018 % CHANGE % CHANGE EXCLUDING CURRENCY CHANGES ...").

Each row is a run of as many cells as the header has columns ("—" for an empty one); its label
is the text since the run before, so a table that prints each label after its figures ("$ 9,070
... $ 8,677 Gross profit\\n 3,962 ...") is read the same way. The words between the header and
the first row ("Cash flows provided by (used in)") caption the rows with the header.
"""

import re
from dataclasses import dataclass

from rag.answer.claims import Figure
from rag.answer.numbers import scan
from rag.answer.table_rows import (
    FOOTNOTE,
    MONTH_NUMBER,
    ORDINAL,
    SCALE_NOTE,
    Period,
    Row,
    fiscal,
    row_label,
    section_heading,
    tidy,
)

CAPTION_WORDS = 30  # the words before a header that caption its table
MAX_LABEL_WORDS = 25  # more words between two runs of cells: prose, the table has ended

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# The parts of a header, in the order they stand.
COLUMN_HEAD = re.compile(
    rf"(?P<date>\b{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d\d\b)"
    rf"|(?P<day>\b{_MONTH}\s+\d{{1,2}}\b),?"
    r"|(?P<span>\b(?:(?:three|six|nine|twelve|3|6|9|12)\s+months|(?:fiscal\s+)?years?|quarters?"
    r"|periods?)\s+end(?:ed|ing)\b)"
    r"|(?P<quarter>\b(?:[1-4](?:st|nd|rd|th)|first|second|third|fourth)(?:\s+quarter\b)?"
    r"|\bQ[1-4]\b)"
    r"|(?P<whole>\b(?:fiscal|full)\s+year\b(?!\s+(?:19|20)\d\d))"
    r"|(?P<year>(?<![\d,.$])(?:19|20)\d\d(?![\d,.]\d|\s?%(?!\s*change)))"
    r"|(?P<change>(?:%|\$|\bpercent(?:age)?)?\s*\bchange\b"
    r"(?P<neutral>\s+excluding\s+currency\s+changes?)?"
    r"|(?:%|\bpercent(?:age)?)\s*increase\s*/?\s*\(?decrease\)?)",
    re.IGNORECASE,
)
_WEEKS = re.compile(r"\(\s*\d+\s+weeks\s*\)", re.IGNORECASE)
_CELL = re.compile(
    r"(?<![\w.,$(])(?:\(?\$?\(?-?\d(?:[\d,]*\d)?(?:\.\d+)?\)?%?|—|–|-)(?![\w])(?:\s+bps\b)?",
    re.IGNORECASE,
)
_PROSE = re.compile(r"[a-z]{2}[.;]\s+[A-Z]")  # a sentence ends: not a table's label
_FISCAL = re.compile(r"\bfiscal\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\bvs)(?<![A-Z])[.:]\s*\n|[a-z]{2}\.\s")
_MONTH_DOT = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$")


def _abbreviated(span: str, end: re.Match) -> bool:
    """Whether a full stop ends an abbreviated month ("Dec. 31,"), not a sentence."""
    stop = end.start() + len(re.match(r"[^.:]*", end.group()).group()) + 1
    return bool(_MONTH_DOT.search(span[:stop]))


_SCALE_WORDS = re.compile(r"\b(thou\s?sands|mil\s?l\s?ions|bil\s?l\s?ions)\b", re.IGNORECASE)


@dataclass
class Column:
    """One column of a header: a period, or the change between two periods (later first)."""

    period: Period | None = None
    change: tuple[Period, Period] | None = None
    neutral: bool = False  # a change "excluding currency changes"


def pdf_rows(text: str) -> list[Row]:
    """The rows of the PDF text tables of a passage whose headers this module reads."""
    text = tidy(_footnotes(_WEEKS.sub(" ", text)))
    text = _SCALE_WORDS.sub(lambda m: re.sub(r"\s", "", m.group()), text)
    rows: list[Row] = []
    columns: list[Column] = []
    caption, last, table, section = "", 0, [], ""
    for start, end, cells in cell_runs(text):
        between = text[last:start]
        header = _header(text, last, start)
        if header:
            rows += _percent_changes(table)
            columns, caption, lead = header
            between, table, section = text[lead:start], [], ""
            label = row_label(between)
            head = between[: between.rfind(label.split()[0])] if label else between
            notes = [m.group() for m in SCALE_NOTE.finditer(between[len(head) :])]
            caption = " ".join(f"{caption} {head} {' '.join(notes)}".split())
        elif len(between.split()) > MAX_LABEL_WORDS or _PROSE.search(between):
            columns = []
        if columns and len(cells) == len(columns):
            label = row_label(between)
            section = section_heading(between) or _heading(between, label) or section
            if label and re.search(r"[A-Za-z]", label):
                table.append((label, cells, section, f"{caption} {section}", columns))
        last = end
    return _merged(rows + _percent_changes(table))


def _merged(rows: list[Row]) -> list[Row]:
    """The rows with those of the same label and heading in tables of other periods ("Revenue"
    of fiscal 2019's quarters and of fiscal 2018's) as one row of all their periods."""
    out: list[Row] = []
    for row in rows:
        same = next(
            (
                r
                for r in out
                if (r.label, r.section) == (row.label, row.section)
                and len(r.cells) == len(row.cells)
                and not {p for p, _ in r.cells} & {p for p, _ in row.cells}
            ),
            None,
        )
        if same is None:
            out.append(row)
        else:
            out[out.index(same)] = Row(
                same.label,
                same.cells + row.cells,
                same.caption,
                same.changes + row.changes,
                same.section,
                same.neutral + row.neutral,
            )
    return out


def _heading(between: str, label: str) -> str | None:
    """The line over a row's label that heads the rows below it, without a colon ("Earnings
    from continuing operations per common share\nBasic"): a line of words of its own, in
    capitals as the label is."""
    lines = [line.strip() for line in between.split("\n") if line.strip()]
    if len(lines) < 2 or lines[-1] != label or not label[:1].isupper():
        return None
    head = lines[-2]
    return head if head[:1].isupper() and not _CELL.search(head) else None


def _footnotes(text: str) -> str:
    """The text without footnote marks ("Net sales(a)", "(1) 7.1 %"); a one-digit negative
    after a figure ("10,576  (5)") or a currency sign ("$ (61)  $ (9)") is a cell."""

    def mark(m: re.Match) -> str:
        before = text[max(0, m.start() - 20) : m.start()].split()
        if m.group().startswith("*") and _marks_a_cell(text, m, before):
            return " — "  # "11 % ** 15 %": a change "not meaningful", an empty cell
        if before and before[-1] == "$" and m.group()[1:-1].isdigit():
            return m.group()
        if before and m.group()[1:-1].isdigit() and _CELL.fullmatch(before[-1]):
            if not re.fullmatch(r"(?:19|20)\d\d", before[-1]):
                return m.group()
        return " "

    return FOOTNOTE.sub(mark, _NOT_MEANINGFUL.sub(" — ", text))


# "3,601 # (6,149) #", "NM": a change too large or not meaningful, printed for its cell
_NOT_MEANINGFUL = re.compile(r"(?<=[\d%)] )(?:#|NM|n/?m)(?=[ \t]|\n|$)")


def _marks_a_cell(text: str, m: re.Match, before: list[str]) -> bool:
    """Whether stars stand alone where a cell would, after a cell ("11 % **")."""
    after = text[m.end() : m.end() + 1]
    gap = re.search(r"\s*$", text[: m.start()]).group()  # on the cell's line: "11 % **"
    alone = bool(gap) and "\n" not in gap and (not after or after.isspace())
    return alone and bool(before) and bool(re.search(r"[\d%)]$", before[-1]))


def _percent_changes(table: list) -> list[Row]:
    """A table's rows; a change column that prints "%" in some of its cells ("(54) %" in the
    first row, "22" below) holds percentages in all of them."""
    rows = []
    for label, cells, section, caption, columns in table:
        marked = [
            c
            for c, column in enumerate(columns)
            if column.change and any(r[1][c].endswith("%") for r in table)
        ]
        cells = [
            f"{cell}%" if c in marked and re.search(r"\d\)?$", cell) else cell
            for c, cell in enumerate(cells)
        ]
        rows.append(_row(label, columns, cells, caption, section))
    return rows


def cell_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """The runs of two or more cells with nothing but spaces between them."""
    dates = [m.span() for m in COLUMN_HEAD.finditer(text) if m.group("date") or m.group("day")]
    runs, cells, start, end = [], [], 0, 0
    for m in _CELL.finditer(text):
        if any(a <= m.start() < b for a, b in dates):
            continue
        if cells and text[end : m.start()].strip() == "":
            cells.append(m.group())
        else:
            if len(cells) >= 2:
                runs.append((start, end, cells))
            cells, start = [m.group()], m.start()
        end = m.end()
    if len(cells) >= 2:
        runs.append((start, end, cells))
    return [(s, e, c) for s, e, c in runs if not _header_years(c)]


def _header_years(cells: list[str]) -> bool:
    """Whether a run is a header's years ("2018 2017 2018 2017"), not a row."""
    return all(re.fullmatch(r"(?:19|20)\d\d", c) for c in cells)


def _header(text: str, since: int, until: int) -> tuple[list[Column], str, int] | None:
    """The columns of a header in text[since:until] (from its last sentence's end), the caption
    before it and where the header ends; None when it names fewer than two periods."""
    span = text[since:until]
    dated = [m for m in COLUMN_HEAD.finditer(span) if m.group("date") or m.group("year")]
    stop = dated[-1].start() if dated else len(span)
    cut = [m for m in _SENTENCE_END.finditer(span[:stop]) if not _abbreviated(span, m)]
    begin = since + (cut[-1].end() if cut else 0)
    parts = list(COLUMN_HEAD.finditer(text, begin, until))
    if not parts:
        return None
    columns = _columns(parts, text[:until], bool(_FISCAL.search(text)))
    if sum(c.period is not None for c in columns) < 2:
        return None
    caption = " ".join(text[max(0, since - 400) : parts[0].start()].split()[-CAPTION_WORDS:])
    caption += " " + " ".join(text[parts[0].start() : parts[-1].end()].split())
    return columns, caption, parts[-1].end()


def _columns(parts: list[re.Match], before: str, fiscal_year: bool) -> list[Column]:
    """The header's columns: quarters over their years, spans over theirs, else each date, year
    and change heading one column. A quarter's column is the fiscal quarter the passage says
    (`fiscal`), else, in a passage that speaks of no fiscal year, the calendar quarter its day
    ends ("Three months ended June 30": the second)."""
    quarters = [m for m in parts if m.group("quarter")]
    spans = [m for m in parts if m.group("span")]
    years = [m for m in parts if m.group("year") or m.group("date")]
    if len(quarters) >= 2:
        return _quartered(parts, quarters, years)
    columns: list[Column] = _spans_with_changes(parts, spans) or []
    span, day, seen, between = None, None, [], None
    groups = _groups(parts, spans)
    for m in parts if not columns else ():
        if m.group("span") or m.group("day"):
            if m.group("span"):
                span = m.group()
            day = m.group("day") and month_day(m.group("day"))
            continue
        if m.group("date"):  # "December 31, 2021 2020": the day of the years after it too
            day = month_day(m.group())
        span = groups.get(m.start(), span)
        if m.group("date") or m.group("year"):
            period = column_period(m, span, day)
            seen.append(period)
            columns.append(Column(period))
            if between is not None:  # "2021 Change 2020": the change of the periods beside it
                between.change, between = (seen[-2], seen[-1]), None
        elif m.group("change") and len(seen) >= 2:
            columns.append(Column(change=(seen[-2], seen[-1]), neutral=bool(m.group("neutral"))))
        elif m.group("change") and len(seen) == 1 and between is None:
            between = Column(neutral=bool(m.group("neutral")))
            columns.append(between)
        elif m.group("change") or m.group("whole"):
            return []
    if between is not None:
        return []
    periods = fiscal(before, [c.period for c in columns])
    if not fiscal_year:
        periods = [_calendar(p) for p in periods]
    for column, period in zip(columns, periods, strict=True):
        if column.period is not None:
            for c in columns:  # a change compares the periods as the fiscal calendar has them
                if c.change:
                    c.change = tuple(period if p is column.period else p for p in c.change)
            column.period = period
    return columns


def _groups(parts: list[re.Match], spans: list[re.Match]) -> dict[int, str]:
    """Where two spans stand before all their years ("Three months ended ..., Six months ended
    ..., 2022 2021 Change 2022 2021 Change"), the span of each year and change: the columns
    split evenly between them."""
    if len(spans) < 2:
        return {}
    after = [
        m
        for m in parts
        if m.start() > spans[-1].end() and (m.group("year") or m.group("date") or m.group("change"))
    ]
    if not after or len(after) % len(spans) or any(m.start() < spans[-1].start() for m in after):
        return {}
    width = len(after) // len(spans)
    return {m.start(): spans[i // width].group() for i, m in enumerate(after)}


def _spans_with_changes(parts: list[re.Match], spans: list[re.Match]) -> list[Column] | None:
    """Spans each with its change heading, all before their years ("Three Months Ended June 30,
    Percent Increase/(Decrease) Six Months Ended June 30, Percent Increase/(Decrease) 2023 2022
    2023 2022", as a PDF's text prints a header of two lines): each span's years, then its
    change of those years (later first)."""
    if len(spans) < 2:
        return None
    heads = [m for m in parts if m.group("span") or m.group("change")]
    years = [m for m in parts if m.group("year") or m.group("date")]
    kinds = ["span" if m.group("span") else "change" for m in heads]
    if kinds != ["span", "change"] * len(spans) or not years:
        return None
    if years[0].start() < heads[-1].end() or len(years) % len(spans):
        return None
    day = next((month_day(m.group()) for m in parts if m.group("day")), None)
    width, columns = len(years) // len(spans), []
    for i, span in enumerate(spans):
        own = [column_period(m, span.group(), day) for m in years[i * width : (i + 1) * width]]
        if len(own) != 2:
            return None
        columns += [Column(p) for p in own] + [Column(change=(own[0], own[1]))]
    return columns


def month_day(text: str) -> str:
    month, day = text.split()[:2]
    return f"{MONTH_NUMBER[month[:3].lower()]:02d}-{int(day.rstrip(',')):02d}"


def column_period(m: re.Match, span: str | None, day: str | None) -> Period:
    """A dated or year column's period under its span: a quarter ("Three months ended", not
    numbered yet), a part of the year ("Six months ended") or a year."""
    year = int(re.findall(r"(?:19|20)\d\d", m.group())[-1])
    if m.group("date"):
        month, d = m.group().split()[:2]
        end = f"{year}-{MONTH_NUMBER[month[:3].lower()]:02d}-{int(d.rstrip(',')):02d}"
    else:
        end = f"{year}-{day}" if day else None
    span = (span or "").lower()
    if re.search(r"\b(?:three|3)\s+months|\bquarter", span):
        return Period(year, 0, False, end)
    if re.search(r"\b(?:six|nine|6|9)\s+months", span):
        return Period(year, None, True, end)
    return Period(year, None, False, end)


def _calendar(period: Period | None) -> Period | None:
    """An unnumbered quarter as the calendar quarter its day ends, if it ends one ("June 30"), or
    within a week of its end as a 52/53-week year's quarters do ("Dec 25, 2021", "Jan 1, 2022":
    the fourth quarter of 2021)."""
    if period is None or period.quarter != 0 or not period.end:
        return period
    year, month, day = int(period.end[:4]), int(period.end[5:7]), int(period.end[8:10])
    if month % 3 == 0 and day >= QUARTER_END_SLACK_FROM:
        return Period(year, month // 3, period.part, period.end)
    if month % 3 == 1 and day <= WEEK:  # a few days into the next quarter's first month
        quarter = (month - 1) // 3 or 4
        return Period(year - (month == 1), quarter, period.part, period.end)
    return period


WEEK = 7
QUARTER_END_SLACK_FROM = 31 - WEEK  # "Dec 25": a quarter ending within a week of the month's end


def _quartered(parts, quarters, years) -> list[Column]:
    """Quarter headings over their years ("1st Quarter ... 4th Quarter 2018 2017 2018 2017 ...":
    each quarter's columns are its years in turn), or over one fiscal year with its whole year
    ("1st 2nd 3rd 4th Fiscal Year Fiscal 2019")."""
    if any(m.group("change") or m.group("span") for m in parts):
        return []
    numbers = [_quarter_number(m.group()) for m in quarters]
    if len(set(numbers)) != len(numbers):
        return []
    if len(years) == 1:
        year = int(re.findall(r"\d{4}", years[0].group())[-1])
        heads = [m for m in parts if m.group("quarter") or m.group("whole")]
        return [
            Column(Period(year, _quarter_number(m.group()) if m.group("quarter") else None))
            for m in heads
        ]
    if not years or len(years) % len(quarters):
        return []
    width = len(years) // len(quarters)
    return [
        Column(Period(int(re.findall(r"\d{4}", y.group())[-1]), numbers[i // width]))
        for i, y in enumerate(years)
    ]


def _quarter_number(text: str) -> int:
    word = text.split()[0].lower()
    return ORDINAL.get(word) or int(re.sub(r"\D", "", word))


def _row(label: str, columns: list[Column], cells: list[str], caption: str, section: str) -> Row:
    """A row of figures under the header's columns: each period's cell, each change's
    percentage."""
    held: list[tuple[Period, Figure]] = []
    changes, neutral = [], []
    for column, cell in zip(columns, cells, strict=True):
        found = scan(cell.replace("$ ", "$"))
        if len(found) != 1:
            continue
        if column.period is not None:
            held.append((column.period, found[0]))
        elif column.change and found[0].unit == "%":
            (neutral if column.neutral else changes).append((*column.change, found[0]))
    caption = " ".join(caption.split()[-2 * CAPTION_WORDS :])
    return Row(label, held, caption, changes, section, neutral)
