"""The date phrases of a question, read once: ISO dates, "last month", "past 3 months", "YTD",
"52-week", "in October 2025", "over 2024", "the quarter ended June 28, 2025". Dates written with
month names ("November 7, 2025", "Nov 7th 2025", "7 November 2025", "Sep 30th and Oct 31st
2025") are read as ISO dates first (`with_iso_dates`).

Relative phrases resolve against an as-of day only when used, two ways: `search_window` (what
retrieval filters on: the first date named, or last week/month/year, past N days) and
`price_window` (what price figures are computed over: a range between two dates, "since" a
date, year to date, a calendar month or years as well).
"""

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

ISO = r"\b(\d{4}-\d{2}-\d{2})\b"
MONTH_NAMES = "january february march april may june july august september october november"
MONTHS = {name: i for i, name in enumerate(f"{MONTH_NAMES} december".split(), start=1)}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
YEAR_TO_DATE = "ytd"
# A month's name, full or abbreviated ("Sept.", "Jun"); its number comes from its first letters.
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"((?:19|20)\d{2})"
# "Sep 30th and Oct 31st 2025": the first date takes the year written after the second.
SHARED_YEAR = re.compile(
    rf"\b{MONTH}\s+{DAY}(\s*(?:and|to|through|until|-|–)\s*){MONTH}\s+{DAY},?\s+{YEAR}\b",
    re.IGNORECASE,
)
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"\b{MONTH}\s+{YEAR}\b", re.IGNORECASE)
QUARTER_ENDED = re.compile(r"\b(?:quarter|three months|3 months) end(?:ed|ing)? (?:on )?", re.I)
PERIOD_END = re.compile(r"\bend(?:ed|ing|s)?\s+(?:on\s+)?$", re.IGNORECASE)  # "ended [on] "


@dataclass(frozen=True)
class Dates:
    """What a question says about dates, before any as-of day is known."""

    iso: tuple[str, ...] = ()  # ISO-shaped dates in order of mention, valid or not
    since: bool = False  # "since/from <the first valid date>"
    last: str | None = None  # "week", "month" or "year": "last week", "past year"
    past_days: int | None = None  # "past 10 days"
    relative: tuple[int, str] | None = None  # (3, "month"): "past 3 months"; YEAR_TO_DATE
    month: tuple[int, int] | None = None  # (2025, 10): "October 2025"
    years: tuple[int, ...] = ()  # calendar years named, sorted: "over 2024", "2023 to 2024"
    quarter_end: str | None = None  # ISO: "the quarter ended June 28, 2025"

    @property
    def invalid(self) -> bool:
        """Whether an ISO-shaped date is no date ("2025-13-45")."""
        return not all(is_date(day) for day in self.iso)

    def search_window(self, as_of: date) -> tuple[str | None, str | None]:
        """The window retrieval filters on: the first date named, or last week/month/year, or
        the past N days."""
        if self.iso:
            return self.iso[0], self.iso[0]
        if self.last == "week":
            return (as_of - timedelta(days=7)).isoformat(), as_of.isoformat()
        if self.last == "month":
            first_this = as_of.replace(day=1)
            last_prev = first_this - timedelta(days=1)
            return last_prev.replace(day=1).isoformat(), last_prev.isoformat()
        if self.last == "year":
            return (as_of - timedelta(days=365)).isoformat(), as_of.isoformat()
        if self.past_days is not None:
            return (as_of - timedelta(days=self.past_days)).isoformat(), as_of.isoformat()
        return None, None

    def price_window(
        self, as_of: date, date_from: str | None = None, date_to: str | None = None
    ) -> tuple[str, str] | None:
        """The window price figures are computed over: between two dates named, since one,
        else the query's window (`date_from`/`date_to`: the search window after follow-up and
        filters), else a relative phrase, else a calendar month or years."""
        dates = [day for day in self.iso if is_date(day)]
        if dates and self.since and len(dates) == 1:
            return dates[0], as_of.isoformat()
        if len(dates) >= 2:
            return min(dates[:2]), max(dates[:2])
        if date_from and date_to and is_date(date_from) and is_date(date_to):
            return date_from, date_to
        return self._relative_window(as_of) or self._calendar_window()

    def _relative_window(self, as_of: date) -> tuple[str, str] | None:
        if self.relative is None:
            return None
        count, unit = self.relative
        start = date(as_of.year, 1, 1) if unit == YEAR_TO_DATE else _back(as_of, count, unit)
        return start.isoformat(), as_of.isoformat()

    def _calendar_window(self) -> tuple[str, str] | None:
        """ "in October 2025" -> that month; "over 2024" / "2023 to 2024" -> calendar years."""
        if self.month:
            year, number = self.month
            last = monthrange(year, number)[1]
            return date(year, number, 1).isoformat(), date(year, number, last).isoformat()
        if self.years:
            return f"{self.years[0]}-01-01", f"{self.years[-1]}-12-31"
        return None


def with_iso_dates(text: str) -> str:
    """`text` with each day written with a month name as an ISO date ("November 7, 2025",
    "Nov 7th, 2025", "7 November 2025" -> "2025-11-07"). A day that does not exist is left, and
    so is the end of a period ("the fiscal year ended September 28, 2024" names a fiscal year,
    which `find_periods` and `quarter_end` read, not a day to search on)."""

    def shared(m: re.Match) -> str:
        first = _iso(m.group(6), m.group(1), m.group(2))
        second = _iso(m.group(6), m.group(4), m.group(5))
        if not (first and second) or _ends_period(m):
            return m.group(0)
        return f"{first}{m.group(3)}{second}"

    def single(year: int, month: int, day: int) -> Callable[[re.Match], str]:
        def replace(m: re.Match) -> str:
            iso = _iso(m.group(year), m.group(month), m.group(day))
            return iso if iso and not _ends_period(m) else m.group(0)

        return replace

    text = SHARED_YEAR.sub(shared, text)
    text = MONTH_DAY_YEAR.sub(single(3, 1, 2), text)
    return DAY_MONTH_YEAR.sub(single(3, 2, 1), text)


def _ends_period(m: re.Match) -> bool:
    before = m.string[max(0, m.start() - 16) : m.start()]
    return bool(PERIOD_END.search(before))


def _iso(year: str, month: str, day: str) -> str | None:
    number = month_number(month)
    try:
        return date(int(year), number, int(day)).isoformat() if number else None
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """1 for "January", "Jan" or "jan."; None for no month."""
    return next((n for full, n in MONTHS.items() if full[:3] == name.lower()[:3]), None)


def read_dates(text: str) -> Dates:
    """Every date phrase of `text` (month-name dates read as ISO dates)."""
    text = with_iso_dates(text)
    iso = tuple(re.findall(ISO, text))
    valid = [day for day in iso if is_date(day)]
    since = bool(valid and re.search(rf"\b(since|from) {valid[0]}", text, re.I))
    month = MONTH_YEAR.search(text)
    years = sorted({int(y) for y in re.findall(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])", text)})
    return Dates(
        iso=iso,
        since=since,
        last=_last(text.lower()),
        past_days=_past_days(text.lower()),
        relative=_relative(text),
        month=(int(month.group(2)), month_number(month.group(1)) or 0) if month else None,
        years=tuple(years),
        quarter_end=quarter_end(text),
    )


def find_dates(question: str, as_of: date) -> tuple[str | None, str | None]:
    """The window retrieval filters on (`Dates.search_window`) for a question."""
    return read_dates(question).search_window(as_of)


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def quarter_end(text: str) -> str | None:
    """The ISO end date in "the quarter ended June 28, 2025", "the three months ended Jun 28th
    2025" or "... ended 2025-06-28"."""
    match = QUARTER_ENDED.search(text)
    if not match:
        return None
    rest = text[match.end() :]
    if (iso := re.match(ISO, rest)) and is_date(iso.group(1)):
        return iso.group(1)
    if day := MONTH_DAY_YEAR.match(rest):
        return _iso(day.group(3), day.group(1), day.group(2))
    if day := DAY_MONTH_YEAR.match(rest):
        return _iso(day.group(3), day.group(2), day.group(1))
    return None


def _last(lowered: str) -> str | None:
    if "last week" in lowered or "past week" in lowered:
        return "week"
    if "last month" in lowered:
        return "month"
    if "last year" in lowered or "past year" in lowered:
        return "year"
    return None


def _past_days(lowered: str) -> int | None:
    match = re.search(r"\bpast (\d{1,3}) days\b", lowered)
    return int(match.group(1)) if match else None


def _relative(text: str) -> tuple[int, str] | None:
    """ "YTD" / "this year", "52-week" (365 days), "past/last N days/weeks/months/years"."""
    if re.search(r"\b(ytd|year[- ]to[- ]date|this year)\b", text, re.I):
        return 0, YEAR_TO_DATE
    if re.search(r"\b52[- ]week\b", text, re.I):
        return 365, "day"
    if match := re.search(r"\b(?:past|last) (\d{1,3}) (day|week|month|year)s?\b", text, re.I):
        return int(match.group(1)), match.group(2).lower()
    return None


def _back(day: date, count: int, unit: str) -> date:
    if unit != "month":
        return day - timedelta(days=count * UNIT_DAYS[unit])
    return months_before(day, count)


def months_before(day: date, count: int) -> date:
    """The same day `count` months earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - count
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
