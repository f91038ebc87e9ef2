"""A day named by a filing: "on the day NVIDIA filed its fiscal 2025 10-K", "the date its
quarterly report was filed", "on its FY2024 annual report filing date". The question names the
filing, not the day; the store knows when it was filed (rag.answer.filing_day looks it up), and
the question is then read with that day written in the phrase's place, so a close, a return
"from that day to 2025-11-07" or any price figure is computed as for a day written out."""

import re
from dataclasses import dataclass

from rag.query.dates import MONTH_YEAR, month_number, quarter_end
from rag.query.periods import find_forms, find_periods

_FILING = (
    r"(?:(?:form\s+)?(?:10-K|10-Q|8-K|20-F|40-F|6-K)(?:\s+filing|\s+report)?|"
    r"annual\s+report|quarterly\s+report|earnings\s+release|filing)"
)
_WHAT = rf"[^,.?;:]{{0,60}}?{_FILING}(?:\s+on\s+form\s+(?:10-K|10-Q|8-K|20-F))?"
# what follows the filing: the period it covers ("for fiscal 2025", "for the quarter ended ...")
_FOR = (
    r"(?:\s+for\s+(?:the\s+)?(?:(?:fiscal\s+(?:year\s+)?|fy\s?|calendar\s+)?\d{4}|"
    r"(?:fiscal\s+)?(?:year|quarter|three\s+months)\s+end(?:ed|ing)\s+[\w ,-]{0,20}?\d{4}|"
    r"q[1-4]\s+(?:of\s+)?(?:fiscal\s+|fy\s?)?\d{4}))?"
)
_DAY = r"(?:trading\s+)?(?:day|date|session)"
FILING_DAY = re.compile(
    # "on the day (that) NVIDIA filed its fiscal 2025 annual report on Form 10-K"
    rf"\b(?:on\s+|at\s+)?the\s+{_DAY}\s+(?:that\s+|when\s+|on\s+which\s+)?"
    rf"(?:[\w.&'’-]+\s+){{0,4}}?(?:filed|submitted|released|published|issued)\s+{_WHAT}{_FOR}|"
    # "on the day (that) its 10-K was filed"
    rf"\b(?:on\s+|at\s+)?the\s+{_DAY}\s+(?:that\s+|when\s+|on\s+which\s+)?{_WHAT}{_FOR}"
    r"\s+was\s+(?:filed|submitted|released|published)|"
    # "on its FY2024 10-K filing date", "on the filing date of its annual report"
    rf"\b(?:on\s+|at\s+)?(?:its|their|the|that|this)\s+"
    rf"(?:(?!(?:on|at|the|its|their|of)\b)[\w'’./-]+\s+){{0,5}}?filing\s+"
    rf"(?:date|day)(?:\s+(?:of|for)\s+{_WHAT}{_FOR})?",
    re.IGNORECASE,
)
ANNUAL = re.compile(r"\bannual\s+report\b", re.IGNORECASE)
QUARTERLY = re.compile(r"\bquarterly\s+report\b", re.IGNORECASE)


@dataclass(frozen=True)
class FilingDay:
    """A day the question names by a filing: the phrase, the form and the period it covers."""

    phrase: str  # as written in the question (after with_iso_dates)
    form: str | None  # 10-K, 10-Q, 8-K, ...; None: any filing
    fiscal_years: tuple[int, ...] = ()
    fiscal_quarter: str | None = None
    period_month: str | None = None  # "2025-07": "the 10-Q for the quarter ended July 2025"


def read_filing_day(text: str) -> FilingDay | None:
    """The filing whose day the question names, or None. The form and period are read from the
    phrase, else from the rest of the question ("Tesla's 2024 10-K ... the day that 10-K was
    filed")."""
    match = FILING_DAY.search(text)
    if not match:
        return None
    phrase = match.group(0)
    form = _form(phrase) or _form(text)
    month = _period_month(phrase)
    years, quarter = find_periods(phrase)
    if not years:
        years, quarter = find_periods(text.replace(phrase, " "))
    return FilingDay(phrase.strip(), form, tuple(years), quarter, month)


def _period_month(phrase: str) -> str | None:
    """The month a period named by its end falls in ("quarter ended July 2025" -> "2025-07")."""
    if not re.search(r"\bend(?:ed|ing)\b", phrase, re.IGNORECASE):
        return None
    if day := quarter_end(phrase):
        return day[:7]
    if found := MONTH_YEAR.search(phrase):
        return f"{found.group(2)}-{month_number(found.group(1)):02d}"
    return None


def _form(text: str) -> str | None:
    forms = find_forms(text)
    if forms:
        return forms[0]
    if ANNUAL.search(text):
        return "10-K"
    if QUARTERLY.search(text):
        return "10-Q"
    return None


def on_day(text: str, filing_day: FilingDay, day: str) -> str:
    """The question with the filing's day written in its phrase's place."""
    return text.replace(filing_day.phrase, f"on {day}", 1)
