"""The fiscal calendar of a document that states no fiscal period: an earnings release (8-K
exhibit 99.1, an uploaded press release) says which quarter of which fiscal year it reports.

"net income for the third quarter of fiscal 2024", "Q3 FY25", "fiscal 2025 second quarter",
"fourth quarter and fiscal year ended December 31, 2024" name the quarter and the year; the
quarter's end is the date a "quarter ended" / "three months ended" / "13 weeks ended" phrase or
column header gives. The year end is that date plus the quarters still to go. Without a named
quarter, an SEC filer's fiscal year end (MMDD, from its submissions) dates the columns instead.
"""

import re
from datetime import date, timedelta

from ingestion.company import DATE, MONTHS

QUARTER_DAYS = 91.31
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_ORDINAL = r"(first|second|third|fourth|1st|2nd|3rd|4th)"
_YEAR = r"((?:19|20)\d{2}|'?\d{2})"
_FISCAL = r"(?:fiscal\s+(?:year\s+)?|fy\s?)"
_NAMED_QUARTER = (
    re.compile(
        rf"\b{_ORDINAL}[\s-]+quarter\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?|fy\s?){_YEAR}\b", re.I
    ),
    re.compile(rf"\b{_FISCAL}{_YEAR}\s+{_ORDINAL}[\s-]+quarter\b", re.I),
    re.compile(rf"\b{_ORDINAL}[\s-]+quarter\s+((?:19|20)\d{{2}})\b", re.I),
    re.compile(r"\bQ([1-4])\s*(?:fiscal\s+(?:year\s+)?|FY\s?|F)?'?((?:19|20)?\d{2})\b", re.I),
)
_QUARTER_END = re.compile(
    r"\b(?:quarter|three\s+months|13[\s-]weeks?|thirteen[\s-]weeks?|(?:fiscal\s+)?periods?)"
    r"\s+ended\b[^A-Za-z]{0,40}",
    re.IGNORECASE,
)
_YEAR_END = re.compile(
    r"\b(?:fiscal\s+)?year\s+ended\b[^A-Za-z]{0,40}",
    re.IGNORECASE,
)
HEAD_CHARS = 6000  # the release's opening paragraphs and first table say what it reports


def named_quarter(text: str) -> tuple[int, int] | None:
    """(quarter 1..4, fiscal year) the text names first, e.g. (3, 2024) for 'Q3 FY24'."""
    found = []
    for pattern in _NAMED_QUARTER:
        match = pattern.search(text)
        if match:
            found.append((match.start(), match))
    if not found:
        return None
    match = min(found, key=lambda pair: pair[0])[1]
    groups = match.groups()
    ordinal = next(g for g in groups if g and not re.fullmatch(r"'?\d{2,4}", g))
    year = next(g for g in groups if g and re.fullmatch(r"'?\d{2,4}", g) and g is not ordinal)
    quarter = int(ordinal) if ordinal.isdigit() else ORDINALS[ordinal.lower()]
    number = int(year.lstrip("'"))
    return quarter, number + 2000 if number < 100 else number


def period_end(text: str, pattern: re.Pattern) -> date | None:
    """The first date printed right after a '... ended' phrase of `pattern`."""
    for match in pattern.finditer(text):
        found = DATE.match(text, match.end())
        if found:
            month = MONTHS[found.group(1).lower().rstrip(".")]
            try:
                return date(int(found.group(3)), month, int(found.group(2)))
            except ValueError:
                continue
    return None


def release_calendar(text: str, fiscal_year_end: str | None = None) -> tuple[date, int] | None:
    """(fiscal year end, fiscal year number) of a release; None when the text cannot say."""
    head = re.sub(r"[|\s]+", " ", text[:HEAD_CHARS])
    quarter = named_quarter(head)
    ended = period_end(head, _QUARTER_END)
    if quarter and ended:
        number, year = quarter
        return ended + timedelta(days=round((4 - number) * QUARTER_DAYS)), year
    year_ended = period_end(head, _YEAR_END)
    if year_ended:
        return year_ended, year_ended.year
    if ended and fiscal_year_end and re.fullmatch(r"\d{4}", fiscal_year_end):
        return _next_year_end(ended, fiscal_year_end)
    return None


def _next_year_end(day: date, mmdd: str) -> tuple[date, int] | None:
    """The first fiscal year end (MMDD, a week's grace for 52/53-week years) on or after `day`."""
    month, dom = int(mmdd[:2]), int(mmdd[2:])
    for year in (day.year, day.year + 1):
        try:
            end = date(year, month, 28 if (month, dom) == (2, 29) else dom)
        except ValueError:
            return None
        if day <= end + timedelta(days=7):
            return end, year
    return None
