"""Market figures computed from the daily prices table: a close (or open/high/low) on a date,
the latest close, returns over a window, period high/low, average volume and moving averages.

Every figure names the trading days it used; a date or window the data does not cover gives
nothing rather than a guess. What a question asks for comes from its `Query` (its market words,
rag.query.prices, and its price window, rag.query.dates), resolved against the data's as-of day.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from core.types import Citation, PriceBar
from rag.figures.evidence import ComputedFact
from rag.query import Query
from rag.search.structured import PriceStore

MAX_GAP_DAYS = 6  # a bar further than this from the date asked for is not "that day's" bar


@dataclass(frozen=True)
class MarketAsk:
    """What a question wants from the prices: kinds of figure, the OHLC field, a window."""

    kinds: tuple[str, ...]  # price, return, range, volume, sma
    window: tuple[str, str] | None  # ISO dates; from == to for a single day
    field: str = "close"
    sma_days: tuple[int, ...] = ()


def market_ask(query: Query, as_of: date, *, strict: bool = False) -> MarketAsk | None:
    """The market figures a question asks for, or None when it asks for none.

    `strict` (the question also names a reported metric) needs an unambiguous market word:
    "high", "open" or "returns" alone then do not count.
    """
    words = query.prices
    if query.dates.invalid:
        return None  # "2025-13-45": no day to look up, and not the latest close either
    if not (words.strong if strict else words.market):
        return None
    window = query.price_window(as_of)
    single = window is not None and window[0] == window[1]
    kinds = [kind for kind, found in _kinds(query, window) if found]
    if not kinds:
        kinds = ["return"] if window and not single else ["price"]
    field = words.field if single or not window else "close"
    return MarketAsk(tuple(kinds), window, field, words.sma_days)


def _kinds(query: Query, window: tuple[str, str] | None) -> list[tuple[str, bool]]:
    words = query.prices
    single = window is not None and window[0] == window[1]
    return [
        ("price", words.price and (window is None or single)),
        ("return", words.returns),
        ("range", words.range and not single),
        ("volume", words.volume),
        ("sma", bool(words.sma_days)),
    ]


class MarketFacts:
    """Computes the figures of a `MarketAsk` from the prices table."""

    def __init__(self, prices: PriceStore):
        self.prices = prices

    def as_of(self) -> date | None:
        """The newest trading day held for any ticker."""
        latest = self.prices.latest_date()
        return date.fromisoformat(latest) if latest else None

    def bars(self, ticker: str, start: str = "0000", end: str = "9999") -> list[PriceBar]:
        """Bars of one ticker between two ISO dates (inclusive), oldest first."""
        return self.prices.bars(ticker, start, end)

    def find(self, query: Query, *, strict: bool = False) -> list[ComputedFact]:
        """Figures for every ticker the question names, comparisons after the single figures."""
        as_of = self.as_of()
        ask = market_ask(query, as_of, strict=strict) if as_of and query.tickers else None
        if ask is None:
            return self.dividend_yields(query, None)
        facts: list[ComputedFact] = []
        for kind in ask.kinds:
            per_ticker = [self._kind(kind, ticker, ask) for ticker in query.tickers]
            facts += [fact for group in per_ticker for fact in group]
            if kind == "return":
                firsts = [group[0] for group in per_ticker if group]
                facts += differences(firsts, " (percentage points)")
            if kind == "price" and len(per_ticker) > 1:
                facts += differences([group[0] for group in per_ticker if group])
        return facts + self.dividend_yields(query, ask.window[1] if ask.window else None)

    def dividend_yields(self, query: Query, end: str | None) -> list[ComputedFact]:
        if not query.prices.dividend_yield:
            return []
        return [f for t in query.tickers if (f := self.dividend_yield(t, end))]

    def dividend_yield(self, ticker: str, end: str | None) -> ComputedFact | None:
        """Dividends paid over the 365 days to `end` (or the latest day) / that day's close."""
        last = self.bar_on_or_before(ticker, end) if end else self._latest(ticker)
        if last is None:
            return None
        start = _shift(last.date, -365)
        paid = [bar for bar in self.bars(ticker, start, last.date) if bar.dividends]
        if not paid:
            return None
        total = sum(bar.dividends for bar in paid)
        listed = "; ".join(f"{bar.date} {bar.dividends:g}" for bar in paid)
        return ComputedFact(
            name=f"{ticker} trailing 12-month dividend yield",
            value=total / last.close * 100,
            unit="%",
            period=f"dividends {start} to {last.date}; close {last.date}",
            as_of=last.date,
            source=price_citation(ticker, [last], "close", picked=last).model_copy(
                update={"snippet": f"dividends {listed}; close {last.date} {last.close:.2f}"}
            ),
            formula=f"sum of dividends ({total:g}) / close {last.date} x 100",
        )

    def _kind(self, kind: str, ticker: str, ask: MarketAsk) -> list[ComputedFact]:
        if kind == "price":
            fact = self.price_on(ticker, ask.window[1] if ask.window else None, ask.field)
            return [fact] if fact else []
        if kind == "sma":
            end = ask.window[1] if ask.window else None
            return [f for days in ask.sma_days if (f := self.moving_average(ticker, days, end))]
        if kind == "return":
            fact = self.window_return(ticker, ask.window) if ask.window else None
            return [fact] if fact else []
        rows = self.window_bars(ticker, ask.window) if ask.window else self.bars(ticker)[-1:]
        if kind == "range":
            return period_range(ticker, rows) if len(rows) > 1 else []
        return [average_volume(ticker, rows)] if rows else []

    def price_on(self, ticker: str, day: str | None, field: str = "close") -> ComputedFact | None:
        """The bar on `day` (the last trading day on or before it), or the latest bar."""
        bar = self.bar_on_or_before(ticker, day) if day else self._latest(ticker)
        if bar is None:
            return None
        return price_fact(ticker, bar, field, asked=day)

    def _latest(self, ticker: str) -> PriceBar | None:
        bars = self.bars(ticker)
        return bars[-1] if bars else None

    def split_ratio(self, ticker: str, after: str, through: str) -> float:
        """The product of the stock splits after `after` up to `through` (1 when none)."""
        ratio = 1.0
        for bar in self.bars(ticker, after, through):
            if bar.splits and bar.date > after:
                ratio *= bar.splits
        return ratio

    def bar_on_or_before(self, ticker: str, day: str) -> PriceBar | None:
        """The last bar on or before `day`, if it is within a few days of it."""
        bars = self.bars(ticker, _shift(day, -MAX_GAP_DAYS), day)
        return bars[-1] if bars else None

    def window_bars(self, ticker: str, window: tuple[str, str]) -> list[PriceBar]:
        """The bars in a window, or [] when the data does not cover both of its ends.

        A window reaching past the data's as-of date ("over 2025" in November) ends at it.
        """
        start, end = window
        if start == end:
            bar = self.bar_on_or_before(ticker, end)
            return [bar] if bar else []
        bars = self.bars(ticker, start, end)
        as_of = self.as_of()
        covered_to = min(end, as_of.isoformat()) if as_of else end
        if not bars or _days(start, bars[0].date) > MAX_GAP_DAYS:
            return []
        return bars if _days(bars[-1].date, covered_to) <= MAX_GAP_DAYS else []

    def window_return(self, ticker: str, window: tuple[str, str]) -> ComputedFact | None:
        """Close-to-close return over a window; a single day compares with the day before."""
        if window[0] == window[1]:
            last = self.bar_on_or_before(ticker, window[1])
            week_before = _shift(last.date, -2 * MAX_GAP_DAYS) if last else ""
            before = self.bars(ticker, week_before, last.date)[-2:] if last else []
            return close_return(ticker, before) if len(before) == 2 else None
        rows = self.window_bars(ticker, window)
        return close_return(ticker, [rows[0], rows[-1]], len(rows)) if len(rows) >= 2 else None

    def moving_average(self, ticker: str, days: int, end: str | None) -> ComputedFact | None:
        """The simple moving average of the last `days` closes up to `end` (or the latest)."""
        last = self.bar_on_or_before(ticker, end) if end else self._latest(ticker)
        rows = self.bars(ticker, "0000", last.date)[-days:] if last else []
        if days < 2 or len(rows) < days:
            return None
        value = sum(bar.close for bar in rows) / days
        return ComputedFact(
            name=f"{ticker} {days}-day simple moving average",
            value=value,
            unit=_price_unit(rows[-1]),
            period=_span(rows),
            as_of=rows[-1].date,
            source=price_citation(ticker, rows, "close"),
            formula=f"mean of the {days} closes {rows[0].date} to {rows[-1].date}",
        )


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _days(first: str, second: str) -> int:
    return (date.fromisoformat(second) - date.fromisoformat(first)).days


def _span(rows: list[PriceBar]) -> str:
    if len(rows) == 1:
        return rows[0].date
    return f"{rows[0].date} to {rows[-1].date} ({len(rows)} trading days)"


def _price_unit(bar: PriceBar) -> str:
    return f"{bar.currency}/shares"


def price_fact(ticker: str, bar: PriceBar, field: str, asked: str | None) -> ComputedFact:
    """One day's open/high/low/close; `period` says when the day differs from the date asked."""
    if asked is None:
        period = f"{bar.date} (latest trading day in the data)"
    elif asked != bar.date:
        period = f"{bar.date} (last trading day on or before {asked})"
    else:
        period = bar.date
    return ComputedFact(
        name=f"{ticker} {'latest close' if asked is None and field == 'close' else field}",
        value=getattr(bar, field),
        unit=_price_unit(bar),
        period=period,
        as_of=bar.date,
        source=price_citation(ticker, [bar], field),
    )


def close_return(ticker: str, ends: list[PriceBar], trading_days: int = 2) -> ComputedFact:
    """(last close / first close - 1) x 100 with both closes as inputs."""
    first, last = ends
    return ComputedFact(
        name=f"{ticker} return",
        value=(last.close / first.close - 1) * 100,
        unit="%",
        period=f"{first.date} to {last.date} ({trading_days} trading days)",
        as_of=last.date,
        source=price_citation(ticker, ends, "close", trading_days),
        formula=f"(close {last.date} / close {first.date} - 1) x 100",
        inputs=[price_fact(ticker, bar, "close", asked=bar.date) for bar in ends],
    )


def differences(facts: list[ComputedFact], suffix: str = "") -> list[ComputedFact]:
    """The first ticker's figure minus each other ticker's (same unit); `suffix` names the
    difference's unit when it is not the figures' own ("percentage points" for returns)."""
    first, others = facts[0] if facts else None, facts[1:]
    return [
        ComputedFact(
            name=f"{first.name} minus {other.name}{suffix}",
            value=first.value - other.value,
            unit=first.unit,
            period=first.period if first.period == other.period else None,
            as_of=max(first.as_of or "", other.as_of or "") or None,
            source=first.source,
            formula=f"{first.name} - {other.name}",
            inputs=[first, other],
        )
        for other in others
        if other.unit == first.unit
    ]


def period_range(ticker: str, rows: list[PriceBar]) -> list[ComputedFact]:
    """The highest intraday high and the lowest intraday low over the window."""
    high = max(rows, key=lambda bar: bar.high)
    low = min(rows, key=lambda bar: bar.low)
    return [
        ComputedFact(
            name=f"{ticker} {word} (intraday)",
            value=getattr(bar, field),
            unit=_price_unit(bar),
            period=f"{_span(rows)}; {field} on {bar.date}",
            as_of=rows[-1].date,
            source=price_citation(ticker, rows, field, picked=bar),
            formula=f"{'max' if field == 'high' else 'min'} of daily {field}s over the window",
        )
        for word, field, bar in (("period high", "high", high), ("period low", "low", low))
    ]


def average_volume(ticker: str, rows: list[PriceBar]) -> ComputedFact:
    """Mean daily volume over the rows (one row: that day's volume)."""
    single = len(rows) == 1
    return ComputedFact(
        name=f"{ticker} {'volume' if single else 'average daily volume'}",
        value=sum(bar.volume for bar in rows) / len(rows),
        unit="shares",
        period=_span(rows),
        as_of=rows[-1].date,
        source=price_citation(ticker, rows, "volume"),
        formula=None if single else f"sum of daily volumes / {len(rows)} trading days",
    )


def price_citation(
    ticker: str,
    rows: list[PriceBar],
    field: str,
    trading_days: int | None = None,
    picked: PriceBar | None = None,
) -> Citation:
    """The prices a figure used: the window in `locator`, the rows themselves in `snippet`."""
    days = trading_days or len(rows)
    span = rows[0].date if days == 1 else f"{rows[0].date} to {rows[-1].date}"
    basis = ", adjusted for splits and dividends" if rows[-1].adjusted else ""
    count = "1 trading day" if days == 1 else f"{days} trading days"
    return Citation(
        n=0,
        title=f"{ticker} daily prices ({_provider(rows[-1].source)})",
        source="market",
        ticker=ticker,
        date=rows[-1].date,
        locator=f"prices {span} ({count}{basis})",
        snippet=_rows_snippet(rows, field, picked),
    )


def _provider(source: str) -> str:
    return "Yahoo Finance" if source in ("yfinance", "yahoo-chart") else source


def _rows_snippet(rows: list[PriceBar], field: str, picked: PriceBar | None) -> str:
    """The rows used: all of a short window; the ends (and the picked day) of a long one."""
    keep = set(range(len(rows))) if len(rows) <= 8 else {0, 1, 2, *range(len(rows) - 3, len(rows))}
    if picked is not None:
        keep.add(rows.index(picked))
    parts, previous = [], -1
    for i in sorted(keep):
        if i > previous + 1:
            parts.append(f"... ({i - previous - 1} more days)")
        parts.append(f"{rows[i].date} {field} {_number(getattr(rows[i], field), field)}")
        previous = i
    return "; ".join(parts)


def _number(value: float, field: str) -> str:
    return f"{value:,.0f}" if field == "volume" else f"{value:,.2f}"
