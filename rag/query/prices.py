"""The market words of a question (rag.figures.market computes the figures): a price, a return,
a high/low range, volume, an N-day moving average, a dividend yield, and the open/high/low/close
field. A P/E phrase ("price-to-earnings") is not a market word."""

import re
from dataclasses import dataclass

from rag.query.figures import PRICE_EARNINGS, without_formulas


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


STOCK = _re(r"\bstocks?\b(?![- ](based|compensation|split|repurchase|buyback|option|award))")
MARKET = _re(
    r"\b(share price|prices?|priced|clos(e|ed|es|ing)|open(ed|ing)?|high(s|est)?|low(s|est)?|"
    r"volume|returns?|perform(ed|ance)?|moving averages?|sma|52[- ]week|trad(ed|ing)|quote)\b"
)
STRONG = _re(
    r"\b(share price|stock price|prices?|clos(e|ed|ing)|volume|moving averages?|sma|52[- ]week|"
    r"ytd|year[- ]to[- ]date)\b"
)
PRICE = _re(r"\b(prices?|priced|quote|worth|trading at|clos(e|ed|ing)|open(ed|ing)?|high|low)\b")
RETURN = _re(
    r"\b(returns?|perform(ed|ance)?|gain(ed|s)?|lost|rall(y|ied)|rose|fell|drop(ped)?|"
    r"move[ds]?|up or down|ytd|year[- ]to[- ]date)\b"
)
RANGE = _re(r"\b(high(s|est)?|low(s|est)?|range|52[- ]week)\b")
# "volume", and its plain words: "how many shares traded", "shares that changed hands"
VOLUME = _re(r"\bvolume\b|\bshares (were |that )?(traded|changed hands)\b")
SMA = _re(r"\b(\d{1,3})[- ]day (simple )?moving average\b|\b(\d{1,3})[- ]?(day )?sma\b")
# A moving average whose window is said apart: "the simple moving average of the last 20
# trading days' closes", "using the past 50 days, what is the moving average"
MOVING_AVERAGE = _re(r"\bmoving average\b|\bsma\b")
DAYS_WINDOW = _re(r"\b(?:last|past|previous|prior) (\d{1,3}) (?:trading |market )?days?\b")
DIVIDEND_YIELD = _re(r"\bdividend yield\b")
FIELD = {"open": _re(r"\bopen(ed|ing)?\b"), "high": _re(r"\bhigh\b"), "low": _re(r"\blow\b")}


@dataclass(frozen=True)
class PriceAsk:
    """Which market words a question uses."""

    market: bool = False  # any market word ("price", "high", "returns", "stock", ...)
    strong: bool = False  # an unambiguous one ("stock price", "close", "volume", "YTD", ...)
    price: bool = False  # a price on a day ("close", "worth", "opening", ...)
    returns: bool = False  # a return ("performed", "gained", "fell", "YTD", ...)
    range: bool = False  # a high/low over a window ("highest", "52-week")
    volume: bool = False
    sma_days: tuple[int, ...] = ()  # "50-day moving average", "200 SMA"
    field: str = "close"  # the first of open/high/low named, else close
    dividend_yield: bool = False


def sma_days(text: str) -> tuple[int, ...]:
    """The moving-average windows asked: "50-day moving average", "200 SMA", or a moving
    average over "the last 20 trading days"."""
    days = tuple(int(m.group(1) or m.group(3)) for m in SMA.finditer(text))
    if days or not MOVING_AVERAGE.search(text):
        return days
    return tuple(int(m.group(1)) for m in DAYS_WINDOW.finditer(text))


def read_prices(text: str) -> PriceAsk:
    """The market words of `text`."""
    dividend_yield = bool(DIVIDEND_YIELD.search(text))
    text = PRICE_EARNINGS.sub(" ", without_formulas(text))  # "return on assets" is a ratio
    stock = bool(STOCK.search(text))
    return PriceAsk(
        market=bool(MARKET.search(text) or RETURN.search(text)) or stock,
        strong=bool(STRONG.search(text)) or stock,
        price=bool(PRICE.search(text)),
        returns=bool(RETURN.search(text)),
        range=bool(RANGE.search(text)),
        volume=bool(VOLUME.search(text)),
        sma_days=sma_days(text),
        field=next((name for name, rx in FIELD.items() if rx.search(text)), "close"),
        dividend_yield=dividend_yield,
    )
