"""Question analysis: the only reader of a question's text. `analyze` returns the `Query` that
retrieval, the figures and the answer read: tickers, fiscal periods, forms, dates, intent, the
figures asked for, the verdict asked for.

  analysis.py   Query, analyze, forecasts, filing terms
  followups.py  follow-ups: what a turn takes from earlier turns (carry_over, analyze_chat)
  names.py      companies a question names (by name or ticker), and unregistered names
  registry.py   the company registry: SEC-listed companies, their names, aliases, name keys
  lexicon.py    words that are not names: English and the abbreviations of finance
  periods.py    fiscal years, quarters and forms
  dates.py      date phrases; the search window and the price window
  figures.py    reported figures asked (metrics and ratios by rag.figures.metrics' vocabulary)
  prices.py     market words: price, return, range, volume, moving average, dividend yield
  verdicts.py   yes/no and "which was largest" judgements asked
  words.py      content words, for quoting the passages that best overlap the question
"""

from rag.query.analysis import Query, analyze, asks_forecast
from rag.query.dates import Dates, find_dates
from rag.query.figures import FigureAsk
from rag.query.followups import analyze_chat, carry_over
from rag.query.names import Mention, find_companies, find_tickers, unknown_names
from rag.query.periods import find_periods
from rag.query.prices import PriceAsk
from rag.query.registry import Company, Registry, default_registry
from rag.query.verdicts import VerdictAsk

__all__ = [
    "Company",
    "Dates",
    "FigureAsk",
    "Mention",
    "PriceAsk",
    "Query",
    "Registry",
    "VerdictAsk",
    "analyze",
    "analyze_chat",
    "asks_forecast",
    "carry_over",
    "default_registry",
    "find_companies",
    "find_dates",
    "find_periods",
    "find_tickers",
    "unknown_names",
]
