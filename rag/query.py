"""Query analysis: what a question names (tickers, fiscal periods, forms, dates) and wants.

Pure functions over the question text and the data's as-of date; no model is involved.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

COMPANIES = {
    "AAPL": ["Apple"],
    "MSFT": ["Microsoft"],
    "NVDA": ["Nvidia", "NVIDIA"],
    "TSLA": ["Tesla"],
    "AMZN": ["Amazon"],
    "JPM": ["JPMorgan", "JP Morgan", "J.P. Morgan", "JPMorgan Chase"],
}
FORMS = {"10-K": r"10-?K|annual report", "10-Q": r"10-?Q|quarterly report", "8-K": r"8-?K"}
PRICE_WORDS = re.compile(
    r"\b(price|close[ds]?|closing|open(?:ed|ing)?|high|low|volume|return|moving average|"
    r"stock|shares? (?:price|traded)|trad(?:ed|ing))\b",
    re.IGNORECASE,
)
FACT_WORDS = re.compile(
    r"\b(revenue|sales|net income|earnings|eps|margin|operating income|r&d|research and "
    r"development|cash flow|capex|capital expenditure|total assets|liabilities|debt|dividend|"
    r"p/e|growth)\b",
    re.IGNORECASE,
)


@dataclass
class Query:
    """What retrieval and the fact tools need to know about a question."""

    text: str
    tickers: list[str] = field(default_factory=list)
    fiscal_years: list[int] = field(default_factory=list)
    fiscal_quarter: str | None = None  # Q1..Q4
    forms: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    intent: str = "narrative"  # prices | facts | narrative


def analyze(question: str, as_of: date, companies: dict[str, list[str]] = COMPANIES) -> Query:
    """Parse the question; relative dates ("last month") resolve against `as_of`."""
    query = Query(text=question, tickers=find_tickers(question, companies))
    query.fiscal_years, query.fiscal_quarter = find_periods(question)
    query.forms = [form for form, pattern in FORMS.items() if re.search(pattern, question, re.I)]
    query.date_from, query.date_to = find_dates(question, as_of)
    if PRICE_WORDS.search(question):
        query.intent = "prices"
    elif FACT_WORDS.search(question):
        query.intent = "facts"
    return query


def find_tickers(question: str, companies: dict[str, list[str]]) -> list[str]:
    """Symbols in capitals ("AAPL", "$TSLA") and company names ("Apple", "Nvidia's")."""
    found: list[tuple[int, str]] = []
    for ticker, names in companies.items():
        positions = [m.start() for m in re.finditer(rf"\$?\b{re.escape(ticker)}\b", question)]
        positions += [
            m.start()
            for name in names
            for m in re.finditer(rf"\b{re.escape(name)}\b", question, re.IGNORECASE)
            if question[m.start()].isupper()
        ]
        if positions:
            found.append((min(positions), ticker))
    return [ticker for _, ticker in sorted(found)]


def find_periods(question: str) -> tuple[list[int], str | None]:
    """Fiscal years ("FY2024", "fiscal 2023", "2022") and a quarter ("Q2 2023")."""
    years = [
        int(y) for y in re.findall(r"\b(?:FY\s?|fiscal (?:year )?)?((?:19|20)\d{2})\b", question)
    ]
    short = re.findall(r"\bFY'?(\d{2})\b", question)
    years += [2000 + int(y) for y in short]
    quarter = re.search(r"\b(Q[1-4])\b|\b(first|second|third|fourth) quarter\b", question, re.I)
    named = {"first": "Q1", "second": "Q2", "third": "Q3", "fourth": "Q4"}
    fiscal_quarter = None
    if quarter:
        fiscal_quarter = (quarter.group(1) or named[quarter.group(2).lower()]).upper()
    return sorted(set(years)), fiscal_quarter


def find_dates(question: str, as_of: date) -> tuple[str | None, str | None]:
    """A date window for "last week/month/year", "past N days", or an explicit ISO date."""
    lowered = question.lower()
    if match := re.search(r"\b(\d{4}-\d{2}-\d{2})\b", question):
        return match.group(1), match.group(1)
    if "last week" in lowered or "past week" in lowered:
        return (as_of - timedelta(days=7)).isoformat(), as_of.isoformat()
    if "last month" in lowered:
        first_this = as_of.replace(day=1)
        last_prev = first_this - timedelta(days=1)
        return last_prev.replace(day=1).isoformat(), last_prev.isoformat()
    if "last year" in lowered or "past year" in lowered:
        return (as_of - timedelta(days=365)).isoformat(), as_of.isoformat()
    if match := re.search(r"\bpast (\d{1,3}) days\b", lowered):
        return (as_of - timedelta(days=int(match.group(1)))).isoformat(), as_of.isoformat()
    return None, None
