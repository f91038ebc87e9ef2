"""The analysis of a question: the `Query` every later step reads, so that none of them reads
the question's text again.

Pure functions over the question text and the data's as-of date; no model is involved.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from rag.query.compare import CompareAsk, read_comparison
from rag.query.dates import Dates, read_dates, with_iso_dates
from rag.query.figures import FigureAsk, read_figures, without_formulas
from rag.query.lists import list_topic, read_listing, without_listing
from rag.query.moves import MoveAsk, read_move
from rag.query.names import Mention, find_companies, unknown_names
from rag.query.periods import annual_years, find_forms, find_periods
from rag.query.phrasing import in_filing_terms
from rag.query.press import asks_press, story_window
from rag.query.prices import PriceAsk, read_prices
from rag.query.registry import Registry, default_registry
from rag.query.verdicts import VerdictAsk, read_verdict
from rag.query.words import content_terms

PRICE_WORDS = re.compile(
    r"\b(prices?|close[ds]?|closing|open(?:ed|ing)?|highs?|lows?|volume|returns?|"
    r"moving averages?|sma|ytd|52-week|perform(?:ed|ance)?|stock(?![- ]based)|"
    r"shares? (?:price|traded)|trad(?:ed|ing))\b",
    re.IGNORECASE,
)
FACT_WORDS = re.compile(
    r"\b(revenue|sales|net income|earnings|eps|margin|operating income|r&d|research and "
    r"development|cash flow|capex|capital expenditure|total assets|liabilities|debt|dividend|"
    r"p/e|growth|(net )?interest income|nii|ebitda|market cap(s|itali[sz]ations?)?)\b",
    re.IGNORECASE,
)
FORECAST = re.compile(
    r"\b(?:predict(?:ion)?|tomorrow|next (?:week|month|quarter|year|monday|tuesday|"
    r"wednesday|thursday|friday)|(?:will|going to)\b[^?]*\b(?:close|trade|price|reach|be worth|"
    r"rise|fall|go (?:up|down)))\b",
    re.IGNORECASE,
)
# A question that wants more than the figures: the model writes around them.
EXPLAIN = re.compile(
    r"\b(why|explain|describe|discuss|summari[sz]e|reasons?|drivers?|drove|caused?|context|"
    r"what happened|outlook|commentary|compare[ds]? .* with .* (?:business|strategy))\b",
    re.IGNORECASE,
)

# How analysts ask -> how filings say it; added to the text retrieval searches with. Each pair
# serves an everyday phrasing of a filing's own term, whatever the company or question.
FILING_TERMS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), terms)
    for pattern, terms in (
        (  # filings report lawsuits under "Legal Proceedings" and "litigation"
            r"\blegal (battles?|fights?|disputes?|cases?|troubles?|issues?)\b|\blawsuits?\b|"
            r"\bsued\b|\bcourt cases?\b",
            "legal proceedings litigation",
        ),
        (  # a company's product or business lines are its reportable "segments"
            r"\b(product|service|business) categor(y|ies)\b|\bbusiness lines?\b|\bdivisions?\b",
            "segments",
        ),
        (r"\bbuy-?backs?\b", "share repurchases"),  # the cash flow statement's line item
        (r"\bbottom[- ]line\b", "net income"),  # slang for the last line of the income statement
        (r"\btop[- ]line\b", "revenue"),  # slang for its first line
        (r"\bheadcount\b|\bworkforce\b", "employees"),  # Item 1 "Human Capital": employees
        (  # returned capital is paid as dividends and repurchases
            r"\bpay(out)?s? to shareholders\b",
            "dividends share repurchases",
        ),
    )
)


@dataclass
class Query:
    """What retrieval, the figures and the answer need to know about a question."""

    text: str  # the question; a follow-up's earlier question before it (rag.query.followups)
    tickers: list[str] = field(default_factory=list)
    companies: list[Mention] = field(default_factory=list)  # the registered companies named
    fiscal_years: list[int] = field(default_factory=list)
    fiscal_quarter: str | None = None  # Q1..Q4
    annual_years: list[int] = field(default_factory=list)  # years asked whole beside a quarter
    forms: list[str] = field(default_factory=list)
    date_from: str | None = None  # the window retrieval filters on (Dates.search_window)
    date_to: str | None = None
    intent: str = "narrative"  # prices | facts | narrative
    sources: list[str] = field(default_factory=list)  # set by the user's filters, not the text
    document_ids: list[str] = field(default_factory=list)
    carried: tuple[str, ...] = ()  # what a follow-up took from earlier turns: company, period, ask
    # read from `text`: a follow-up that refers back asks for the same figures
    figures: FigureAsk = field(default_factory=FigureAsk)
    prices: PriceAsk = field(default_factory=PriceAsk)
    dates: Dates = field(default_factory=Dates)
    # read from this turn's question alone
    question: str = ""  # as asked: the prompt quotes it
    forecast: bool = False  # asks about the future ("What will AAPL close at next Friday?")
    unknown_names: list[str] = field(default_factory=list)  # names no registered company has
    explain: bool = False  # wants more than the figures ("why", "describe", "outlook")
    verdict: VerdictAsk = field(default_factory=VerdictAsk)
    terms: set[str] = field(default_factory=set)  # content words (rag.query.words)
    listing: str | None = None  # a list the filing's structure answers (rag.query.lists)
    listing_topic: str = ""  # what the list is narrowed to ("export controls")
    move: MoveAsk | None = None  # a price move and its events asked (rag.query.moves)
    comparison: CompareAsk | None = None  # companies side by side (rag.query.compare)
    press: bool = False  # asks what a story reported ("according to CNBC"): news answers it

    @property
    def search_text(self) -> str:
        """The text retrieval searches with: the question plus the filing terms for its
        everyday phrasings ("legal battles" -> "legal proceedings litigation")."""
        extra = [terms for pattern, terms in FILING_TERMS if pattern.search(self.text)]
        return f"{self.text} ({'; '.join(extra)})" if extra else self.text

    def price_window(self, as_of: date) -> tuple[str, str] | None:
        """The window price figures are computed over, as of the data's latest day."""
        return self.dates.price_window(as_of, self.date_from, self.date_to)


def analyze(question: str, as_of: date, registry: Registry | None = None) -> Query:
    """Parse the question; relative dates ("last month") resolve against `as_of`; companies are
    looked up in `registry` (the SEC's listed companies and the shipped aliases by default)."""
    registry = registry if registry is not None else default_registry()
    companies = find_companies(question, registry)
    text = with_iso_dates(question)  # "Nov 7th, 2025" is a day, not fiscal year 2025
    text = in_filing_terms(text)  # "how much did X sell" asks for net sales
    query = Query(text=text, tickers=[m.ticker for m in companies if m.ticker])
    query.companies = companies
    query.fiscal_years, query.fiscal_quarter = find_periods(text)
    query.annual_years = annual_years(text)
    query.forms = find_forms(question)
    read_asks(query)
    query.date_from, query.date_to = query.dates.search_window(as_of)
    query.intent = read_intent(text, query.figures)
    query.press = asks_press(question) and not asks_market_day(query)
    if query.press:  # the story's words answer it; it is looked for in the month named
        query.intent, query.sources = "narrative", ["news"]
        if not query.date_from:
            query.date_from, query.date_to = story_window(query.dates)
    query.question = question
    query.forecast = asks_forecast(question)
    query.unknown_names = unknown_names(question, registry)
    query.explain = bool(EXPLAIN.search(question))
    query.verdict = read_verdict(question)
    query.terms = content_terms(question) | content_terms(in_filing_terms(question))
    query.listing = read_listing(question)
    query.listing_topic = list_topic(question) if query.listing else ""
    query.move = read_move(text, companies, query.dates, query.fiscal_years, query.fiscal_quarter)
    query.comparison = read_comparison(query)
    return query


def read_intent(text: str, figures: FigureAsk) -> str:
    """prices, facts (a reported figure or ratio is asked, however it is named) or narrative;
    `text` is the question in filing terms (rag.query.phrasing)."""
    if PRICE_WORDS.search(without_formulas(text)):  # "return on assets" is a ratio
        return "prices"
    asks_figure = figures.formulas or figures.metrics or figures.ratios
    if asks_figure or FACT_WORDS.search(without_listing(text)):  # not the words asking a list
        return "facts"
    return "narrative"


def read_asks(query: Query) -> None:
    """What the figures read, from the query's text."""
    query.figures = read_figures(query.text)
    query.prices = read_prices(query.text)
    query.dates = read_dates(query.text)


def asks_market_day(query: Query) -> bool:
    """A price on a day named ("What did AAPL close at on 2025-11-07, per Yahoo Finance?"): the
    market data answers it, whoever is quoted."""
    return query.prices.price and query.prices.strong and bool(query.dates.iso)


def asks_forecast(question: str) -> bool:
    """Questions about the future ("What will AAPL close at next Friday?") cannot be answered."""
    return bool(FORECAST.search(question))
