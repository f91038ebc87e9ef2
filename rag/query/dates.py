"""The date phrases of a question, read once: ISO dates, "last month", "past 3 months", "YTD",
"52-week", "in October 2025", "over 2024", "the quarter ended June 28, 2025".

Relative phrases resolve against an as-of day only when used, two ways: `search_window` (what
retrieval filters on: the first date named, or last week/month/year, past N days) and
`price_window` (what price figures are computed over: a range between two dates, "since" a
date, year to date, a calendar month or years as well).
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

ISO = r"\b(\d{4}-\d{2}-\d{2})\b"
MONTH_NAMES = "january february march april may june july august september october november"
MONTHS = {name: i for i, name in enumerate(f"{MONTH_NAMES} december".split(), start=1)}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
YEAR_TO_DATE = "ytd"


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


def read_dates(text: str) -> Dates:
    """Every date phrase of `text`."""
    iso = tuple(re.findall(ISO, text))
    valid = [day for day in iso if is_date(day)]
    since = bool(valid and re.search(rf"\b(since|from) {valid[0]}", text, re.I))
    month = re.search(r"\b(" + "|".join(MONTHS) + r") (\d{4})\b", text, re.I)
    years = sorted({int(y) for y in re.findall(r"(?<![\d-])((?:19|20)\d{2})(?![\d-])", text)})
    return Dates(
        iso=iso,
        since=since,
        last=_last(text.lower()),
        past_days=_past_days(text.lower()),
        relative=_relative(text),
        month=(int(month.group(2)), MONTHS[month.group(1).lower()]) if month else None,
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
    """The ISO end date in "the quarter ended June 28, 2025" (or "... ended 2025-06-28")."""
    day = r"\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2},? \d{4}"
    match = re.search(rf"quarter end(?:ed|ing)? (?:on )?({day})", text)
    if not match:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.group(1)):
        return match.group(1)
    month, day, year = re.match(r"([A-Za-z]+) (\d{1,2}),? (\d{4})", match.group(1)).groups()
    number = MONTHS.get(month.lower())
    return f"{year}-{number:02d}-{int(day):02d}" if number else None


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
    month_index = day.year * 12 + day.month - 1 - count
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
