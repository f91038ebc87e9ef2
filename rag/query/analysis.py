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
    "BBY": ["Best Buy"],
    "BA": ["Boeing"],
}
FORMS = {"10-K": r"10-?K|annual report", "10-Q": r"10-?Q|quarterly report", "8-K": r"8-?K"}
PRICE_WORDS = re.compile(
    r"\b(prices?|close[ds]?|closing|open(?:ed|ing)?|highs?|lows?|volume|returns?|"
    r"moving averages?|sma|ytd|52-week|perform(?:ed|ance)?|stock(?![- ]based)|"
    r"shares? (?:price|traded)|trad(?:ed|ing))\b",
    re.IGNORECASE,
)
FACT_WORDS = re.compile(
    r"\b(revenue|sales|net income|earnings|eps|margin|operating income|r&d|research and "
    r"development|cash flow|capex|capital expenditure|total assets|liabilities|debt|dividend|"
    r"p/e|growth)\b",
    re.IGNORECASE,
)


# words that start a question (capitalized there, never a name)
QUESTION_WORDS = set(
    """
    what which who whom whose when where why how did does do is are was were has have had can
    could should would will and or but so then also compare show list give tell summarize
    describe explain according in on for from over during between by of the a an any please
    based using calculate find name as at after before since if among
    """.split()
)
# months, days, calendar and filing vocabulary an analyst capitalizes
COMMON_WORDS = set(
    """
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday fy q ttm ytd yoy qoq item items form part note notes exhibit sec edgar
    xbrl gaap us u.s usa usd eps ebit ebitda r&d roe roa roic p/e pe cogs sg&a capex fcf dpo
    dso dio ceo cfo coo cto ipo etf ai gpu cpu nyse nasdaq dow s&p fed i annual quarterly
    report management discussion analysis md&a risk risks factors income statement statements
    balance sheet cash flow flows net revenue revenues sales total operating gross margin
    earnings dividend dividends share shares stock price prices close high low volume return
    returns news headline headlines market markets company companies inc corp corporation co
    ltd plc group holdings services products segment segments americas europe china japan asia
    pacific greater rest iphone mac ipad wearables home accessories data center gaming
    automotive energy generation storage aws cloud azure consumer commercial government board
    directors federal reserve covid covid-19 chatgpt finassist cnbc reuters bloomberg wsj
    guardian yahoo ft barron's barrons marketwatch benzinga zacks motley fool seeking alpha
    """.split()
)
COMPANY_CONTEXT = (
    r"(?:'s\b|revenues?|sales|stock|shares|earnings|eps|net income|income|profits?|margins?|"
    r"dividends?|guidance|market cap|inc\b|corp|\(|close|closing|price)"
)
FORECAST = re.compile(
    r"\b(?:predict(?:ion)?|tomorrow|next (?:week|month|quarter|year|monday|tuesday|"
    r"wednesday|thursday|friday)|(?:will|going to)\b[^?]*\b(?:close|trade|price|reach|be worth|"
    r"rise|fall|go (?:up|down)))\b",
    re.IGNORECASE,
)


# How analysts ask -> how filings say it; added to the text retrieval searches with.
FILING_TERMS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), terms)
    for pattern, terms in (
        (
            r"\blegal (battles?|fights?|disputes?|cases?|troubles?|issues?)\b|\blawsuits?\b|"
            r"\bsued\b|\bcourt cases?\b",
            "legal proceedings litigation",
        ),
        (r"\bliquidat\w*", "book value per share"),
        (
            r"\b(product|service|business) categor(y|ies)\b|\bbusiness lines?\b|\bdivisions?\b",
            "segments",
        ),
        (r"\bbuy-?backs?\b", "share repurchases"),
        (r"\bbottom[- ]line\b", "net income"),
        (r"\btop[- ]line\b", "revenue"),
        (r"\bheadcount\b|\bworkforce\b", "employees"),
        (r"\bpay(out)?s? to shareholders\b", "dividends share repurchases"),
    )
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
    sources: list[str] = field(default_factory=list)  # set by the user's filters, not the text
    document_ids: list[str] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        """The text retrieval searches with: the question plus the filing terms for its
        everyday phrasings ("legal battles" -> "legal proceedings litigation")."""
        extra = [terms for pattern, terms in FILING_TERMS if pattern.search(self.text)]
        return f"{self.text} ({'; '.join(extra)})" if extra else self.text


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


def carry_over(query: Query, previous: Query | None) -> Query:
    """A follow-up ("And net income?") keeps the company and period of the turn before it."""
    if previous is None:
        return query
    if not query.tickers:
        query.tickers = list(previous.tickers)
    names_period = query.fiscal_years or query.fiscal_quarter or query.date_from
    if not names_period:
        query.fiscal_years = list(previous.fiscal_years)
        query.fiscal_quarter = previous.fiscal_quarter
        query.date_from, query.date_to = previous.date_from, previous.date_to
    if not query.forms:
        query.forms = list(previous.forms)
    refers_back = re.search(r"\b(that|it|its|same|those|this|then)\b", query.text, re.I)
    if refers_back or not (PRICE_WORDS.search(query.text) or FACT_WORDS.search(query.text)):
        query.text = f"{previous.text} {query.text}"  # "And in fiscal 2025?": same metric
        query.intent = previous.intent
    return query


def analyze_chat(question: str, earlier: list[str], as_of: date) -> Query:
    """`analyze` for a question asked after the user's `earlier` questions in the same chat."""
    previous = None
    for text in earlier[-3:]:
        previous = carry_over(analyze(text, as_of), previous)
    return carry_over(analyze(question, as_of), previous)


def unknown_names(question: str, companies: dict[str, list[str]] = COMPANIES) -> list[str]:
    """Capitalized names in the question that are neither a known company nor common vocabulary.

    The Assistant refuses when such a name appears in none of the evidence, so a question about
    a company that is not indexed is not answered with another company's figures.
    """
    known = {t.lower() for t in companies} | {
        word.lower() for names in companies.values() for name in names for word in name.split()
    }
    names = []
    for match in re.finditer(r"(?<![\w$])([A-Z][\w&.-]*[\w&])('s)?", question):
        word = match.group(1)
        before = question[: match.start()].rstrip()
        lowered = re.sub(r"\.com$", "", word.lower().rstrip("."))
        if lowered in known or lowered in COMMON_WORDS or not before and lowered in QUESTION_WORDS:
            continue
        if re.search(r"\d", word) or not _in_company_position(word, match, before, question):
            continue
        names.append(word)
    return names


def _in_company_position(word: str, match: re.Match, before: str, question: str) -> bool:
    """Possessive ("Netflix's"), a ticker-like symbol ("GOOGL"), after "of/for/..." or before
    a metric ("Netflix revenue"): where a question names the company it is about."""
    after = question[match.end() :].lstrip().lower()
    return bool(
        match.group(2)
        or re.fullmatch(r"[A-Z]{1,5}", word)
        or re.search(r"\b(?:of|for|at|about|from|by|on|versus|vs\.?|and|with|than)$", before, re.I)
        or re.match(COMPANY_CONTEXT, after)
    )


def asks_forecast(question: str) -> bool:
    """Questions about the future ("What will AAPL close at next Friday?") cannot be answered."""
    return bool(FORECAST.search(question))


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
        int(y)
        for y in re.findall(
            r"\b(?:FY\s?|fiscal (?:year )?)?(?<![\d-])((?:19|20)\d{2})(?![\d-])\b", question
        )
    ]
    short = re.findall(r"\bFY'?(\d{2})\b", question)
    years += [2000 + int(y) for y in short]
    for first, last in re.findall(
        r"\b(?:FY\s?)?((?:19|20)\d{2})\s*(?:-|–|to|through)\s*(?:FY\s?)?((?:19|20)\d{2})\b",
        question,
    ):
        if 0 < int(last) - int(first) <= 10:  # "FY2015 - FY2017": every year between
            years += range(int(first), int(last) + 1)
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
