"""Market data: yfinance history frames/CSVs and Yahoo chart and quote JSON into `PriceBar` and
`Quote` records, and monthly price summaries as `Document`s.

Parsers are pure and validate the schema (RELIABILITY I2-I5, I21); `MarketData` is the only code
that reaches the network, through yfinance. Nothing here stores anything.
"""

import io
import json
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, tzinfo
from itertools import groupby
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import BaseModel, Field

from core.errors import SourceError, Unreachable
from core.types import Document, PriceBar, Section
from ingestion.http import unreachable

log = logging.getLogger(__name__)

PRICE_COLUMNS = ("Open", "High", "Low", "Close")
HISTORY_COLUMNS = (*PRICE_COLUMNS, "Volume", "Dividends", "Stock Splits")
DEFAULT_EXCHANGE_TZ = "America/New_York"
# A daily bar is final once the regular session has closed (16:00 on NYSE/Nasdaq, exchange time).
MARKET_CLOSE = time(16, 0)
# Quotes in a currency's minor unit (pence, cents, agorot): major currency and divisor.
MINOR_UNITS = {"GBp": ("GBP", 100), "GBX": ("GBP", 100), "ZAc": ("ZAR", 100), "ILA": ("ILS", 100)}

T = TypeVar("T")


# ---- records ------------------------------------------------------------------------------


class SplitEvent(BaseModel):
    """A stock split on its exchange-local date, e.g. 4:1 as numerator=4, denominator=1."""

    date: str
    numerator: float
    denominator: float

    @property
    def ratio(self) -> float:
        return self.numerator / self.denominator


class DividendEvent(BaseModel):
    """A cash dividend per share on its exchange-local ex-date, in the chart's currency."""

    date: str
    amount: float


class ChartResult(BaseModel):
    """A Yahoo chart v8 response: daily bars, corporate actions and the currency basis.

    Yahoo's chart OHLC are split-adjusted but not dividend-adjusted, so the bars carry
    `adjusted=False`; `adj_close` (date -> close adjusted for splits and dividends) is Yahoo's
    `adjclose`. All prices are in `currency`: when Yahoo quoted a minor unit (`quote_currency`
    GBp, ZAc, ILA) every price and dividend was divided by `scale` (Yahoo sometimes reports
    LSE dividends already in pounds; yfinance guesses that from the yield, we do not).
    """

    symbol: str
    currency: str
    quote_currency: str
    scale: int = 1
    exchange: str | None = None
    exchange_timezone: str
    bars: list[PriceBar]
    adj_close: dict[str, float] = Field(default_factory=dict)
    splits: list[SplitEvent] = Field(default_factory=list)
    dividends: list[DividendEvent] = Field(default_factory=list)


class Quote(BaseModel):
    """A quote snapshot; `as_of` is the regular-market time in UTC (ISO 8601).

    `price` and the 52-week range are in `currency` (divided by `scale` when Yahoo quoted a minor
    unit such as GBp); `market_cap`, `eps` and `trailing_pe` are kept as Yahoo reports them.
    """

    symbol: str
    name: str | None = None
    currency: str
    quote_currency: str
    scale: int = 1
    price: float
    market_cap: float | None = None
    trailing_pe: float | None = None
    eps: float | None = None
    week52_low: float | None = None
    week52_high: float | None = None
    as_of: str
    exchange_timezone: str | None = None


# ---- yfinance history (live DataFrame and its recorded CSV) -------------------------------


def history_frame_from_csv(payload: bytes, tz: str = DEFAULT_EXCHANGE_TZ) -> pd.DataFrame:
    """Rebuild the DataFrame yfinance `history()` returned from its CSV dump (tz-aware index)."""
    try:
        frame = pd.read_csv(io.BytesIO(payload), index_col="Date")
        frame.index = pd.to_datetime(frame.index, utc=True).tz_convert(tz)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceError(f"price history CSV is unreadable: {exc}") from exc
    if (frame.index.hour != 0).any():
        raise SourceError(f"price history CSV dates are not midnight in {tz}; wrong exchange tz?")
    frame.index.name = "Date"
    return frame


def parse_history_csv(
    payload: bytes, ticker: str, *, tz: str = DEFAULT_EXCHANGE_TZ, now: datetime | None = None
) -> list[PriceBar]:
    """Bars from a recorded yfinance `history()` CSV (split- and dividend-adjusted prices)."""
    frame = history_frame_from_csv(payload, tz)
    return parse_history_frame(frame, ticker, auto_adjust=True, now=now)


def parse_history_frame(
    frame: pd.DataFrame,
    ticker: str,
    *,
    auto_adjust: bool,
    now: datetime | None = None,
    currency: str = "USD",
) -> list[PriceBar]:
    """Validate a yfinance `history()` frame and return its final daily bars ([] if empty).

    A bar for today before the close (or dated after today) is partial and is dropped; `now`
    defaults to the clock. Minor-unit currencies (GBp) are converted to the major unit.
    """
    if frame.empty:
        return []  # "possibly delisted" or a closed market: the caller records "no data"
    check_history_schema(frame, auto_adjust=auto_adjust)
    major, scale = MINOR_UNITS.get(currency, (currency, 1))
    bars = [
        _history_bar(ts, row, ticker, adjusted=auto_adjust, currency=major, scale=scale)
        for ts, row in frame.iterrows()
    ]
    return drop_partial_bars(bars, frame.index.tz, now)


def check_history_schema(frame: pd.DataFrame, *, auto_adjust: bool) -> None:
    """Raise SourceError naming the first way `frame` differs from the expected history shape."""
    if isinstance(frame.columns, pd.MultiIndex):
        raise SourceError("price history has MultiIndex columns; expected one ticker's columns")
    _check_columns(frame, auto_adjust)
    _check_dtypes(frame)
    _check_index(frame)
    _check_no_missing_prices(frame)


def _check_columns(frame: pd.DataFrame, auto_adjust: bool) -> None:
    expected = HISTORY_COLUMNS if auto_adjust else (*HISTORY_COLUMNS, "Adj Close")
    missing = [name for name in expected if name not in frame.columns]
    if missing:
        raise SourceError(f"price history is missing columns {missing}")
    if auto_adjust and "Adj Close" in frame.columns:
        raise SourceError("price history has 'Adj Close' with auto_adjust=True: prices are raw")


def _check_dtypes(frame: pd.DataFrame) -> None:
    wrong = [
        f"{name} ({frame[name].dtype})"
        for name in HISTORY_COLUMNS
        if not pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_bool_dtype(frame[name])
    ]
    if wrong:
        raise SourceError(f"price history has non-numeric columns: {', '.join(wrong)}")


def _check_index(frame: pd.DataFrame) -> None:
    if not isinstance(frame.index, pd.DatetimeIndex) or frame.index.tz is None:
        raise SourceError("price history index is not tz-aware dates in the exchange time zone")
    if frame.index.has_duplicates:
        raise SourceError("price history has duplicate dates")


def _check_no_missing_prices(frame: pd.DataFrame) -> None:
    missing = frame[list(PRICE_COLUMNS) + ["Volume"]].isna().any(axis=1)
    if missing.any():
        first = frame.index[missing.to_numpy()][0].date().isoformat()
        raise SourceError(
            f"price history has NaN prices on {int(missing.sum())} day(s), first {first}"
        )


def _history_bar(
    ts: pd.Timestamp, row: pd.Series, ticker: str, *, adjusted: bool, currency: str, scale: int
) -> PriceBar:
    return PriceBar(
        ticker=ticker,
        date=ts.date().isoformat(),
        open=float(row["Open"]) / scale,
        high=float(row["High"]) / scale,
        low=float(row["Low"]) / scale,
        close=float(row["Close"]) / scale,
        volume=float(row["Volume"]),
        dividends=float(row["Dividends"]) / scale,
        splits=float(row["Stock Splits"]),
        adjusted=adjusted,
        currency=currency,
    )


def drop_partial_bars(
    bars: list[PriceBar], tz: tzinfo | str, now: datetime | None = None
) -> list[PriceBar]:
    """Bars without today's before-the-close bar (and any dated after today) in exchange tz."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    today = local.date().isoformat()
    closed = local.time() >= MARKET_CLOSE
    final = [bar for bar in bars if bar.date < today or (bar.date == today and closed)]
    if len(final) < len(bars):
        log.info("dropped %d partial bar(s) dated %s or later", len(bars) - len(final), today)
    return final


# ---- Yahoo chart v8 -----------------------------------------------------------------------


def yahoo_body(payload: bytes) -> dict[str, Any]:
    """The Yahoo API JSON body, from either the raw body or a recorded fixture wrapper."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"Yahoo response is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError("Yahoo response is not a JSON object")
    if isinstance(data.get("response"), dict) and "bodyJson" in data["response"]:
        return data["response"]["bodyJson"]
    return data


def parse_chart(payload: bytes, *, now: datetime | None = None) -> ChartResult:
    """A Yahoo chart v8 response as bars, adjusted closes, splits, dividends and currency.

    Days with null values are skipped; today's bar before the close is dropped (`now` defaults
    to the clock); minor-unit quotes (GBp) are converted by `normalize_minor_units`.
    """
    result = _chart_result(yahoo_body(payload))
    meta = result.get("meta") or {}
    symbol, tz = (
        _required(meta, "symbol", "chart"),
        _required(meta, "exchangeTimezoneName", "chart"),
    )
    quote_currency = _required(meta, "currency", "chart")
    zone = ZoneInfo(tz)
    splits = [_split_event(event, zone) for event in _events(result, "splits")]
    dividends = [_dividend_event(event, zone) for event in _events(result, "dividends")]
    bars, adj_close = _chart_bars(result, symbol, zone, splits, dividends, quote_currency)
    chart = ChartResult(
        symbol=symbol,
        currency=quote_currency,
        quote_currency=quote_currency,
        exchange=meta.get("exchangeName"),
        exchange_timezone=tz,
        bars=drop_partial_bars(bars, tz, now),
        adj_close=adj_close,
        splits=splits,
        dividends=dividends,
    )
    return normalize_minor_units(chart)


def _chart_result(body: dict[str, Any]) -> dict[str, Any]:
    chart = body.get("chart")
    if not isinstance(chart, dict):
        raise SourceError("Yahoo chart response has no 'chart' object")
    if chart.get("error"):
        raise SourceError(f"Yahoo chart error: {chart['error']}")
    results = chart.get("result") or []
    if not results:
        raise SourceError("Yahoo chart response has no result")
    return results[0]


def _required(fields: dict[str, Any], key: str, what: str) -> Any:
    value = fields.get(key)
    if value in (None, ""):
        raise SourceError(f"Yahoo {what} response has no '{key}'")
    return value


def _events(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    events = (result.get("events") or {}).get(kind) or {}
    return sorted(events.values(), key=lambda event: event["date"])


def _local_date(epoch: float, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(zone).date().isoformat()


def _split_event(event: dict[str, Any], zone: ZoneInfo) -> SplitEvent:
    return SplitEvent(
        date=_local_date(event["date"], zone),
        numerator=float(event["numerator"]),
        denominator=float(event["denominator"]),
    )


def _dividend_event(event: dict[str, Any], zone: ZoneInfo) -> DividendEvent:
    return DividendEvent(date=_local_date(event["date"], zone), amount=float(event["amount"]))


def _chart_bars(
    result: dict[str, Any],
    symbol: str,
    zone: ZoneInfo,
    splits: list[SplitEvent],
    dividends: list[DividendEvent],
    currency: str,
) -> tuple[list[PriceBar], dict[str, float]]:
    stamps = result.get("timestamp") or []  # absent when the range holds no trading day
    quote = ((result.get("indicators") or {}).get("quote") or [{}])[0]
    adj = ((result.get("indicators") or {}).get("adjclose") or [{}])[0].get("adjclose") or []
    split_on = {event.date: event.ratio for event in splits}
    paid_on = {event.date: event.amount for event in dividends}
    bars, adj_close, skipped = [], {}, 0
    for i, stamp in enumerate(stamps):
        values = [_at(quote.get(key), i) for key in ("open", "high", "low", "close", "volume")]
        if None in values:
            skipped += 1  # Yahoo sends nulls for days without a trade; never store them as 0
            continue
        day = _local_date(stamp, zone)
        bars.append(_chart_bar(symbol, day, values, split_on, paid_on, currency))
        if _at(adj, i) is not None:
            adj_close[day] = float(adj[i])
    if skipped:
        log.info("%s chart: skipped %d bar(s) with null values", symbol, skipped)
    return bars, adj_close


def _at(values: list[Any] | None, i: int) -> Any:
    return values[i] if values is not None and i < len(values) else None


def _chart_bar(
    symbol: str,
    day: str,
    values: list[float],
    split_on: dict[str, float],
    paid_on: dict[str, float],
    currency: str,
) -> PriceBar:
    open_, high, low, close, volume = (float(value) for value in values)
    return PriceBar(
        ticker=symbol,
        date=day,
        open=open_,
        high=high,
        low=low,
        close=close,
        volume=volume,
        dividends=paid_on.get(day, 0.0),
        splits=split_on.get(day, 0.0),
        adjusted=False,
        currency=currency,
        source="yahoo-chart",
    )


def normalize_minor_units(chart: ChartResult) -> ChartResult:
    """Convert a chart quoted in a minor unit (GBp pence, ZAc, ILA) to the major currency."""
    if chart.scale != 1 or chart.quote_currency not in MINOR_UNITS:
        return chart
    currency, scale = MINOR_UNITS[chart.quote_currency]
    bars = [_scaled_bar(bar, currency, scale) for bar in chart.bars]
    dividends = [
        event.model_copy(update={"amount": event.amount / scale}) for event in chart.dividends
    ]
    return chart.model_copy(
        update={
            "currency": currency,
            "scale": scale,
            "bars": bars,
            "dividends": dividends,
            "adj_close": {day: value / scale for day, value in chart.adj_close.items()},
        }
    )


def _scaled_bar(bar: PriceBar, currency: str, scale: int) -> PriceBar:
    prices = {key: getattr(bar, key) / scale for key in ("open", "high", "low", "close")}
    return bar.model_copy(
        update={**prices, "dividends": bar.dividends / scale, "currency": currency}
    )


# ---- quotes (quote v7, quoteSummary, yfinance `info`) -------------------------------------


def parse_quote(payload: bytes) -> Quote:
    """A quote from a recorded Yahoo quote v7 or quoteSummary (price module) response."""
    body = yahoo_body(payload)
    if "quoteResponse" in body:
        return quote_from_fields(_first_result(body["quoteResponse"], "quote"))
    if "quoteSummary" in body:
        modules = _first_result(body["quoteSummary"], "quoteSummary")
        return quote_from_fields(_merge_modules(modules))
    raise SourceError("Yahoo response is neither a quote nor a quoteSummary")


def _first_result(envelope: dict[str, Any], what: str) -> dict[str, Any]:
    if envelope.get("error"):
        raise SourceError(f"Yahoo {what} error: {envelope['error']}")
    results = envelope.get("result") or []
    if not results:
        raise SourceError(f"Yahoo {what} response has no result (unknown symbol?)")
    return results[0]


def _merge_modules(modules: dict[str, Any]) -> dict[str, Any]:
    """One flat field map; `price` wins over `summaryDetail`, like yfinance's `info`."""
    merged: dict[str, Any] = {}
    for name in ("defaultKeyStatistics", "summaryDetail", "price"):
        merged.update(modules.get(name) or {})
    return merged


def quote_from_fields(fields: dict[str, Any]) -> Quote:
    """A Quote from Yahoo's flat quote fields (quote v7 result or yfinance `Ticker.info`)."""
    symbol = _required(fields, "symbol", "quote")
    quote_currency = _required(fields, "currency", "quote")
    currency, scale = MINOR_UNITS.get(quote_currency, (quote_currency, 1))
    as_of = datetime.fromtimestamp(_number(_required(fields, "regularMarketTime", "quote")), UTC)
    return Quote(
        symbol=symbol,
        name=fields.get("longName") or fields.get("shortName"),
        currency=currency,
        quote_currency=quote_currency,
        scale=scale,
        price=_number(_required(fields, "regularMarketPrice", "quote")) / scale,
        market_cap=_optional(fields, "marketCap"),
        trailing_pe=_optional(fields, "trailingPE"),
        eps=_optional(fields, "epsTrailingTwelveMonths", "trailingEps"),
        week52_low=_scaled(_optional(fields, "fiftyTwoWeekLow"), scale),
        week52_high=_scaled(_optional(fields, "fiftyTwoWeekHigh"), scale),
        as_of=as_of.isoformat(),
        exchange_timezone=fields.get("exchangeTimezoneName"),
    )


def _number(value: Any) -> float:
    if isinstance(value, dict):  # quoteSummary with formatted=true: {"raw": 1.2, "fmt": "1.20"}
        value = value.get("raw")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SourceError(f"Yahoo quote field is not a number: {value!r}")
    return float(value)


def _optional(fields: dict[str, Any], *keys: str) -> float | None:
    for key in keys:
        if fields.get(key) not in (None, {}):
            return _number(fields[key])
    return None


def _scaled(value: float | None, scale: int) -> float | None:
    return None if value is None else value / scale


# ---- monthly summaries --------------------------------------------------------------------


def monthly_summaries(
    bars: list[PriceBar], ticker: str, *, as_of: date | str | None = None
) -> list[Document]:
    """One Document per calendar month of bars; the month of `as_of` (and later) is skipped."""
    if any(bar.ticker != ticker for bar in bars):
        raise ValueError(f"monthly_summaries got bars of another ticker than {ticker}")
    ordered = sorted(bars, key=lambda bar: bar.date)
    cutoff = str(as_of)[:7] if as_of is not None else None
    documents, previous_close = [], None
    for month, group in groupby(ordered, key=lambda bar: bar.date[:7]):
        month_bars = list(group)
        if cutoff is not None and month >= cutoff:
            break
        documents.append(_month_document(month_bars, ticker, month, previous_close))
        previous_close = month_bars[-1]
    return documents


def _month_document(
    bars: list[PriceBar], ticker: str, month: str, previous: PriceBar | None
) -> Document:
    stats = month_stats(bars, previous)
    section = Section(title=f"{ticker} price summary {month}", text=_month_text(ticker, stats))
    return Document(
        id=f"market:{ticker}:{month}",
        source="market",
        title=f"{ticker} daily prices, {month}",
        sections=[section],
        ticker=ticker,
        tickers=[ticker],
        published=stats["last_day"],
        period_end=stats["last_day"],
        metadata={key: value for key, value in stats.items() if key not in ("events", "base")},
    )


def month_stats(bars: list[PriceBar], previous: PriceBar | None) -> dict[str, Any]:
    """The month's figures: first/last day, open, close, high/low with dates, return, volume."""
    first, last = bars[0], bars[-1]
    high = max(bars, key=lambda bar: bar.high)
    low = min(bars, key=lambda bar: bar.low)
    base = previous or first
    base_price = previous.close if previous else first.open
    volume = sum(bar.volume for bar in bars)
    return {
        "first_day": first.date,
        "last_day": last.date,
        "trading_days": len(bars),
        "open": round(first.open, 2),
        "close": round(last.close, 2),
        "high": round(high.high, 2),
        "high_day": high.date,
        "low": round(low.low, 2),
        "low_day": low.date,
        "return_pct": round((last.close / base_price - 1) * 100, 2),
        "return_basis": "previous_close" if previous else "first_open",
        "base": (base.date, round(base_price, 2)),
        "volume": int(volume),
        "avg_volume": round(volume / len(bars), 2),
        "currency": _one(bar.currency for bar in bars),
        "adjusted": all(bar.adjusted for bar in bars),
        "events": _month_events(bars),
    }


def _one(values: Iterable[T]) -> T:
    distinct = sorted(set(values))
    if len(distinct) != 1:
        raise SourceError(f"bars of one month mix currencies {distinct}")
    return distinct[0]


def _month_events(bars: list[PriceBar]) -> list[str]:
    events = []
    for bar in bars:
        if bar.dividends:
            events.append(f"dividend of {bar.dividends:.2f} {bar.currency} per share on {bar.date}")
        if bar.splits:
            events.append(f"{bar.splits:g}-for-1 stock split on {bar.date}")
    return events


def _month_text(ticker: str, s: dict[str, Any]) -> str:
    base_day, base_price = s["base"]
    basis = "previous month's last close" if s["return_basis"] == "previous_close" else "open"
    adjustment = (
        "Prices adjusted for splits and dividends."
        if s["adjusted"]
        else "Prices adjusted for splits only, not for dividends."
    )
    lines = [
        f"{ticker} daily prices for {s['first_day'][:7]} ({s['currency']}).",
        f"Trading days: {s['trading_days']}, first {s['first_day']}, last {s['last_day']}.",
        f"Open on {s['first_day']}: {s['open']:.2f}. Close on {s['last_day']}: {s['close']:.2f}.",
        f"High: {s['high']:.2f} on {s['high_day']}. Low: {s['low']:.2f} on {s['low_day']}.",
        f"Monthly return: {s['return_pct']:+.2f}% (from the {basis} of {base_price:.2f} on "
        f"{base_day}).",
        f"Volume: {s['volume']:,} shares in total, {s['avg_volume']:,.2f} per day on average.",
    ]
    if s["events"]:
        lines.append("Corporate actions: " + "; ".join(s["events"]) + ".")
    return "\n".join([*lines, adjustment])


# ---- live fetch through yfinance ----------------------------------------------------------


class MarketData:
    """Daily bars and quotes from yfinance; yfinance's own errors (rate limits included) become
    SourceError, a network that does not answer Unreachable."""

    def history(
        self, ticker: str, since: date | str, *, now: datetime | None = None
    ) -> list[PriceBar]:
        """Adjusted daily bars from `since` (inclusive); [] when Yahoo answers it has none."""
        from yfinance.exceptions import YFPricesMissingError, YFTzMissingError

        handle = raising_yfinance().Ticker(ticker)
        try:
            frame = _call_yfinance(
                ticker,
                "history",
                lambda: handle.history(start=str(since), auto_adjust=True, actions=True),
            )
        except SourceError as exc:  # Yahoo answered: no such ticker, or no bars in the window
            if isinstance(exc.__cause__, YFPricesMissingError | YFTzMissingError):
                return []
            raise
        meta = getattr(handle, "history_metadata", None) or {}
        currency = meta.get("currency") or "USD"
        return parse_history_frame(frame, ticker, auto_adjust=True, now=now, currency=currency)

    def quote(self, ticker: str) -> Quote:
        """The latest quote snapshot for `ticker` (yfinance `Ticker.info`)."""
        handle = raising_yfinance().Ticker(ticker)
        info = _call_yfinance(ticker, "quote", lambda: handle.info)
        if not info:
            raise SourceError(f"yfinance quote for {ticker}: no data")
        return quote_from_fields(info)


def raising_yfinance():
    """yfinance, set to raise its errors. By default it logs a failed request and returns an
    empty frame (after its first two tickers), which would read as "no data" when offline."""
    import yfinance

    yfinance.config.debug.hide_exceptions = False
    return yfinance


def _call_yfinance(ticker: str, what: str, call: Callable[[], T]) -> T:
    from yfinance.exceptions import YFException, YFRateLimitError

    try:
        return call()
    except YFRateLimitError as exc:
        raise SourceError(f"yfinance {what} for {ticker}: rate limited") from exc
    except YFException as exc:
        raise SourceError(f"yfinance {what} for {ticker}: {exc}") from exc
    except Exception as exc:
        if unreachable(exc):
            raise Unreachable(f"yfinance {what} for {ticker}: {type(exc).__name__}: {exc}") from exc
        raise
