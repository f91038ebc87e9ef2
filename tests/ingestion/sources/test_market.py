"""Market source: recorded yfinance history CSVs and Yahoo chart/quote JSON through the parsers."""

import csv
import io
import json
import math
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import yfinance
from yfinance.exceptions import YFRateLimitError

from core.errors import SourceError
from core.types import PriceBar
from ingestion.sources.market import (
    HISTORY_COLUMNS,
    DividendEvent,
    MarketData,
    Quote,
    SplitEvent,
    history_frame_from_csv,
    monthly_summaries,
    normalize_minor_units,
    parse_chart,
    parse_history_csv,
    parse_history_frame,
    parse_quote,
)

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample" / "market"
OHLCV = SAMPLE / "daily_ohlcv"
RAW = SAMPLE / "yahoo_raw"
AAPL_CHART = RAW / "chart-AAPL-2020-08-31-to-2020-11-07.json"
NVDA_CHART = RAW / "historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json"
NY = ZoneInfo("America/New_York")
AFTER_DATA = datetime(2025, 11, 10, 12, 0, tzinfo=UTC)  # the Monday after the recorded range


def csv_rows(ticker: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((OHLCV / f"{ticker}.csv").read_text())))


def history(ticker: str) -> list[PriceBar]:
    return parse_history_csv((OHLCV / f"{ticker}.csv").read_bytes(), ticker, now=AFTER_DATA)


def by_date(bars: list[PriceBar]) -> dict[str, PriceBar]:
    return {bar.date: bar for bar in bars}


def chart_body(path: Path) -> dict:
    return json.loads(path.read_bytes())["response"]["bodyJson"]


def with_chart_change(path: Path, change) -> bytes:
    """The recorded fixture with one field of the real Yahoo body changed by `change`."""
    data = json.loads(path.read_bytes())
    change(data["response"]["bodyJson"]["chart"]["result"][0])
    return json.dumps(data).encode()


@pytest.fixture
def frame() -> pd.DataFrame:
    return history_frame_from_csv((OHLCV / "AAPL.csv").read_bytes())


# ---- recorded history CSV -----------------------------------------------------------------


def test_the_recorded_history_csv_gives_one_adjusted_bar_per_row():
    bars, rows = history("AAPL"), csv_rows("AAPL")
    assert len(bars) == len(rows) == 753
    assert (bars[0].date, bars[-1].date) == ("2022-11-08", "2025-11-07")
    assert all(bar.adjusted and bar.currency == "USD" and bar.ticker == "AAPL" for bar in bars)


def test_a_known_aapl_bar_is_parsed_exactly_as_recorded():
    row = next(row for row in csv_rows("AAPL") if row["Date"].startswith("2024-11-08"))
    bar = by_date(history("AAPL"))["2024-11-08"]
    assert bar.close == float(row["Close"]) == 226.15716552734375
    assert (bar.open, bar.high, bar.low) == tuple(float(row[k]) for k in ("Open", "High", "Low"))
    assert (bar.volume, bar.dividends, bar.splits) == (38328800, 0.25, 0.0)


def test_bar_dates_are_the_exchange_local_trading_days_on_both_sides_of_daylight_saving():
    rows = csv_rows("AAPL")
    dates = [bar.date for bar in history("AAPL")]
    assert dates == [row["Date"][:10] for row in rows]
    assert {"2023-03-10", "2023-03-13"} <= set(dates)  # -05:00 then -04:00 midnights
    assert all(date.fromisoformat(day).weekday() < 5 for day in dates)


def test_nvda_history_is_on_the_post_split_basis_of_its_recorded_10_for_1_split():
    bars = history("NVDA")
    assert by_date(bars)["2024-06-10"].splits == 10.0
    assert [bar.date for bar in bars if bar.splits] == ["2024-06-10"]
    jumps = [abs(math.log(b.close / a.close)) for a, b in zip(bars, bars[1:], strict=False)]
    assert max(jumps) < math.log(1.5)  # an unadjusted series would drop to a tenth on 06-10


def test_reparsing_the_same_csv_bytes_gives_identical_bars():
    assert history("MSFT") == history("MSFT")


def test_a_csv_read_in_the_wrong_exchange_time_zone_is_refused():
    with pytest.raises(SourceError, match="not midnight in Europe/London"):
        history_frame_from_csv((OHLCV / "JPM.csv").read_bytes(), tz="Europe/London")


# ---- the live DataFrame path: schema drift (RELIABILITY I2-I4) ----------------------------


def test_the_frame_rebuilt_from_the_csv_has_the_yfinance_history_shape(frame):
    assert list(frame.columns) == list(HISTORY_COLUMNS)
    assert str(frame.index.tz) == "America/New_York"
    bars = parse_history_frame(frame, "AAPL", auto_adjust=True, now=AFTER_DATA)
    assert bars == history("AAPL")


def test_an_empty_frame_is_no_data_rather_than_an_error(frame):
    assert parse_history_frame(frame.iloc[0:0], "AAPL", auto_adjust=True, now=AFTER_DATA) == []


def _with_nan_close(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[frame.index[100], "Close"] = float("nan")
    return frame


def _with_naive_index(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.index = frame.index.tz_localize(None)
    return frame


DRIFT = {
    "missing Close": (lambda f: f.drop(columns=["Close"]), r"missing columns \['Close'\]"),
    "no actions": (lambda f: f.drop(columns=["Dividends", "Stock Splits"]), "missing columns"),
    "MultiIndex columns": (lambda f: pd.concat({"AAPL": f}, axis=1), "MultiIndex"),
    "Volume as text": (lambda f: f.assign(Volume=f["Volume"].astype(str)), "non-numeric.*Volume"),
    "Close as text": (lambda f: f.assign(Close=f["Close"].map(str)), "non-numeric.*Close"),
    "NaN close": (_with_nan_close, r"NaN prices on 1 day\(s\), first 2023-04-04"),
    "raw prices returned": (
        lambda f: f.assign(**{"Adj Close": f["Close"]}),
        "'Adj Close' with auto_adjust=True",
    ),
    "naive timestamps": (_with_naive_index, "tz-aware"),
    "duplicate day": (lambda f: pd.concat([f, f.iloc[-1:]]), "duplicate dates"),
}


@pytest.mark.parametrize("case", list(DRIFT))
def test_schema_drift_in_the_history_frame_is_rejected_naming_the_problem(frame, case):
    mutate, message = DRIFT[case]
    with pytest.raises(SourceError, match=message):
        parse_history_frame(mutate(frame), "AAPL", auto_adjust=True, now=AFTER_DATA)


def test_an_unadjusted_request_needs_adj_close_and_yields_unadjusted_bars(frame):
    with pytest.raises(SourceError, match=r"missing columns \['Adj Close'\]"):
        parse_history_frame(frame, "AAPL", auto_adjust=False, now=AFTER_DATA)
    raw = frame.assign(**{"Adj Close": frame["Close"]})  # the shape auto_adjust=False returns
    bars = parse_history_frame(raw, "AAPL", auto_adjust=False, now=AFTER_DATA)
    assert len(bars) == 753 and not any(bar.adjusted for bar in bars)


# ---- today's partial bar (RELIABILITY I21) ------------------------------------------------


def test_todays_bar_is_dropped_before_the_close_and_kept_after_it(frame):
    def last(now: datetime) -> str:
        return parse_history_frame(frame, "AAPL", auto_adjust=True, now=now)[-1].date

    assert last(datetime(2025, 11, 7, 15, 59, tzinfo=NY)) == "2025-11-06"
    assert last(datetime(2025, 11, 7, 16, 0, tzinfo=NY)) == "2025-11-07"
    # the same instants in UTC (EST, UTC-5, after the 2025-11-02 change)
    assert last(datetime(2025, 11, 7, 20, 59, tzinfo=UTC)) == "2025-11-06"
    assert last(datetime(2025, 11, 7, 21, 0, tzinfo=UTC)) == "2025-11-07"


def test_a_bar_dated_after_today_is_never_kept(frame):
    bars = parse_history_frame(
        frame, "AAPL", auto_adjust=True, now=datetime(2025, 11, 5, 18, 0, tzinfo=NY)
    )
    assert bars[-1].date == "2025-11-05" and len(bars) == 751


def test_a_naive_now_is_a_programming_error(frame):
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_history_frame(frame, "AAPL", auto_adjust=True, now=datetime(2025, 11, 7, 12))


# ---- Yahoo chart v8 -----------------------------------------------------------------------


def test_the_recorded_aapl_chart_gives_bars_adjusted_closes_and_its_split_and_dividend():
    body = chart_body(AAPL_CHART)["chart"]["result"][0]
    quote = body["indicators"]["quote"][0]
    chart = parse_chart(AAPL_CHART.read_bytes())
    assert (chart.symbol, chart.currency, chart.quote_currency, chart.scale) == (
        "AAPL",
        "USD",
        "USD",
        1,
    )
    assert chart.exchange_timezone == "America/New_York"
    assert len(chart.bars) == len(body["timestamp"]) == 49
    assert chart.splits == [SplitEvent(date="2020-08-31", numerator=4, denominator=1)]
    assert chart.dividends == [DividendEvent(date="2020-11-06", amount=0.205)]
    first = chart.bars[0]
    assert (first.date, first.open, first.close, first.volume) == (
        "2020-08-31",
        quote["open"][0],
        quote["close"][0],
        quote["volume"][0],
    )
    assert first.splits == 4.0 and not first.adjusted
    assert chart.adj_close["2020-08-31"] == body["indicators"]["adjclose"][0]["adjclose"][0]
    assert by_date(chart.bars)["2020-11-06"].dividends == 0.205


def test_the_chart_parser_accepts_the_raw_yahoo_body_as_well_as_the_recorded_wrapper():
    raw_body = json.dumps(chart_body(AAPL_CHART)).encode()
    assert parse_chart(raw_body) == parse_chart(AAPL_CHART.read_bytes())


def test_nvda_chart_is_split_adjusted_across_its_recorded_4_for_1_split_and_on_the_10_for_1_basis():
    chart = parse_chart(NVDA_CHART.read_bytes())
    assert chart.splits == [SplitEvent(date="2021-07-20", numerator=4, denominator=1)]
    bars = by_date(chart.bars)
    assert bars["2021-07-20"].splits == 4.0
    assert 0.9 < bars["2021-07-20"].close / bars["2021-07-19"].close < 1.1  # not a fall to 1/4
    # Recorded 2025-02-21, after the June 2024 10:1 split: the chart's own price for that day
    # matches the yfinance CSV close of 2025-02-21 (post-10:1 basis), not ten times it.
    meta = chart_body(NVDA_CHART)["chart"]["result"][0]["meta"]
    csv_close = by_date(history("NVDA"))["2025-02-21"].close
    assert meta["regularMarketPrice"] == pytest.approx(csv_close, rel=0.005)
    assert meta["chartPreviousClose"] == pytest.approx(chart.bars[0].open, rel=0.05)


def test_a_gbp_pence_chart_is_converted_to_pounds_with_currency_and_scale_recorded():
    # Mutates the real recorded AAPL chart: only meta.currency changes, from USD to GBp.
    def to_pence(result: dict) -> None:
        result["meta"]["currency"] = "GBp"

    dollars = parse_chart(AAPL_CHART.read_bytes())
    pounds = parse_chart(with_chart_change(AAPL_CHART, to_pence))
    assert (pounds.currency, pounds.quote_currency, pounds.scale) == ("GBP", "GBp", 100)
    assert len(pounds.bars) == len(dollars.bars)
    for gbp, usd in zip(pounds.bars, dollars.bars, strict=True):
        assert gbp.currency == "GBP"
        assert gbp.close == pytest.approx(usd.close / 100)
        assert gbp.high == pytest.approx(usd.high / 100)
        assert gbp.volume == usd.volume and gbp.splits == usd.splits
    assert pounds.bars[0].close == pytest.approx(1.2904, abs=1e-6)
    assert pounds.dividends[0].amount == pytest.approx(0.00205)
    assert pounds.adj_close["2020-08-31"] == pytest.approx(dollars.adj_close["2020-08-31"] / 100)
    assert normalize_minor_units(pounds) == pounds  # never divided twice


def test_chart_days_with_null_values_are_skipped_not_stored_as_zero():
    def null_sixth_close(result: dict) -> None:
        result["indicators"]["quote"][0]["close"][5] = None

    chart = parse_chart(with_chart_change(AAPL_CHART, null_sixth_close))
    full = parse_chart(AAPL_CHART.read_bytes())
    assert len(chart.bars) == 48
    assert full.bars[5].date not in by_date(chart.bars)


def test_a_chart_range_without_trading_days_gives_no_bars():
    def no_days(result: dict) -> None:
        del result["timestamp"]
        result["indicators"] = {"quote": [{}], "adjclose": [{}]}

    chart = parse_chart(with_chart_change(AAPL_CHART, no_days))
    assert chart.bars == [] and chart.splits  # the events are still reported


def test_the_single_bar_chart_is_partial_until_the_close():
    payload = (RAW / "chart-AAPL.json").read_bytes()
    assert parse_chart(payload, now=datetime(2022, 2, 22, 15, 0, tzinfo=NY)).bars == []
    bars = parse_chart(payload, now=datetime(2022, 2, 22, 16, 5, tzinfo=NY)).bars
    assert [(bar.date, bar.close) for bar in bars] == [("2022-02-22", 164.32000732421875)]


def test_a_response_that_is_not_json_is_a_source_error():
    with pytest.raises(SourceError, match="not JSON"):
        parse_chart((OHLCV / "AAPL.csv").read_bytes())


# ---- quotes -------------------------------------------------------------------------------


def test_the_recorded_aapl_quote_v7_gives_price_valuation_and_as_of():
    assert parse_quote((RAW / "quote-AAPL.json").read_bytes()) == Quote(
        symbol="AAPL",
        name="Apple Inc.",
        currency="USD",
        quote_currency="USD",
        price=244.6,
        market_cap=3674405863424,
        trailing_pe=38.763866,
        eps=6.31,
        week52_low=164.08,
        week52_high=260.1,
        as_of="2025-02-14T21:00:00+00:00",  # regularMarketTime 1739566800 = 16:00 EST
        exchange_timezone="America/New_York",
    )


def test_the_quote_summary_price_module_alone_has_no_valuation_figures():
    quote = parse_quote((RAW / "quoteSummary-price-AAPL.json").read_bytes())
    assert (quote.price, quote.market_cap, quote.as_of) == (
        245.55,
        3688676720640,
        "2025-02-21T21:00:02+00:00",
    )
    assert quote.trailing_pe is None and quote.eps is None and quote.week52_high is None


def test_the_quote_summary_with_all_modules_fills_pe_eps_and_range():
    quote = parse_quote((RAW / "quoteSummary-all-AAPL.json").read_bytes())
    assert (quote.price, quote.trailing_pe, quote.eps) == (245.55, 38.91442, 6.31)
    assert (quote.week52_low, quote.week52_high) == (164.08, 260.1)


def test_a_quote_without_a_currency_is_refused():
    with pytest.raises(SourceError, match="no 'currency'"):
        parse_quote((RAW / "quote-MSFT-fields-beta.json").read_bytes())


def test_an_empty_quote_result_is_a_source_error():
    data = json.loads((RAW / "quote-AMZN.json").read_bytes())
    data["response"]["bodyJson"]["quoteResponse"]["result"] = []
    with pytest.raises(SourceError, match="no result"):
        parse_quote(json.dumps(data).encode())


def test_a_gbp_pence_quote_is_converted_to_pounds():
    # Mutates the real recorded AAPL quote: only the currency changes, from USD to GBp.
    data = json.loads((RAW / "quote-AAPL.json").read_bytes())
    data["response"]["bodyJson"]["quoteResponse"]["result"][0]["currency"] = "GBp"
    quote = parse_quote(json.dumps(data).encode())
    assert (quote.currency, quote.quote_currency, quote.scale) == ("GBP", "GBp", 100)
    assert quote.price == pytest.approx(2.446)
    assert (quote.week52_low, quote.week52_high) == pytest.approx((1.6408, 2.601))


# ---- monthly summaries --------------------------------------------------------------------


def test_one_summary_per_calendar_month_and_the_incomplete_month_is_skipped():
    months = sorted({row["Date"][:7] for row in csv_rows("AAPL")})
    assert len(months) == 37
    docs = monthly_summaries(history("AAPL"), "AAPL", as_of="2025-11-07")
    assert [doc.id for doc in docs] == [f"market:AAPL:{month}" for month in months[:-1]]
    assert len(monthly_summaries(history("AAPL"), "AAPL")) == 37
    assert all(doc.source == "market" and doc.ticker == "AAPL" for doc in docs)


def test_a_monthly_summary_states_numbers_recomputed_independently_from_the_csv():
    rows = csv_rows("AAPL")
    may = [row for row in rows if row["Date"].startswith("2024-05")]
    april_close = float([row for row in rows if row["Date"].startswith("2024-04")][-1]["Close"])
    high = max(may, key=lambda row: float(row["High"]))
    low = min(may, key=lambda row: float(row["Low"]))
    volume = sum(int(row["Volume"]) for row in may)
    change = (float(may[-1]["Close"]) / april_close - 1) * 100

    doc = by_id(monthly_summaries(history("AAPL"), "AAPL"))["market:AAPL:2024-05"]
    text = doc.sections[0].text
    first, last = may[0]["Date"][:10], may[-1]["Date"][:10]
    assert f"Trading days: {len(may)}, first {first}, last {last}." in text
    assert f"Open on {first}: {float(may[0]['Open']):.2f}." in text
    assert f"Close on {last}: {float(may[-1]['Close']):.2f}." in text
    assert f"High: {float(high['High']):.2f} on {high['Date'][:10]}." in text
    assert f"Low: {float(low['Low']):.2f} on {low['Date'][:10]}." in text
    assert f"Monthly return: {change:+.2f}% (from the previous month's last close" in text
    assert f"Volume: {volume:,} shares in total, {volume / len(may):,.2f} per day" in text
    assert "dividend of 0.25 USD per share on 2024-05-10" in text
    assert "Prices adjusted for splits and dividends." in text
    assert (doc.published, doc.metadata["return_pct"]) == (last, round(change, 2))


def test_the_first_month_return_is_measured_from_its_first_open():
    first = monthly_summaries(history("TSLA"), "TSLA")[0]
    bars = [bar for bar in history("TSLA") if bar.date.startswith("2022-11")]
    change = (bars[-1].close / bars[0].open - 1) * 100
    assert first.metadata["return_basis"] == "first_open"
    assert f"Monthly return: {change:+.2f}% (from the open of {bars[0].open:.2f}" in first.text


def test_the_nvda_june_2024_summary_reports_the_10_for_1_split():
    doc = by_id(monthly_summaries(history("NVDA"), "NVDA"))["market:NVDA:2024-06"]
    assert "10-for-1 stock split on 2024-06-10" in doc.text


def test_monthly_summaries_are_deterministic():
    first = [doc.model_dump_json() for doc in monthly_summaries(history("JPM"), "JPM")]
    second = [doc.model_dump_json() for doc in monthly_summaries(history("JPM"), "JPM")]
    assert first == second


def by_id(docs):
    return {doc.id: doc for doc in docs}


# ---- MarketData over yfinance (the network boundary, replayed) ----------------------------


class RecordedTicker:
    """Stands in for `yfinance.Ticker`: replays the recorded history CSV and quote JSON."""

    calls: list[dict] = []

    def __init__(self, symbol: str):
        self.symbol = symbol
        meta = chart_body(RAW / "chart-AAPL.json")["chart"]["result"][0]["meta"]
        self.history_metadata = meta

    def history(self, **kwargs):
        RecordedTicker.calls.append(kwargs)
        return history_frame_from_csv((OHLCV / f"{self.symbol}.csv").read_bytes())

    @property
    def info(self) -> dict:
        body = json.loads((RAW / f"quote-{self.symbol}.json").read_bytes())["response"]
        return body["bodyJson"]["quoteResponse"]["result"][0]


class RateLimitedTicker:
    """Stands in for `yfinance.Ticker` when Yahoo answers 429: raises yfinance's own error."""

    def __init__(self, symbol: str):
        self.symbol = symbol

    def history(self, **kwargs):
        raise YFRateLimitError()

    @property
    def info(self) -> dict:
        raise YFRateLimitError()


def test_market_data_history_asks_yfinance_for_adjusted_prices_with_actions(monkeypatch):
    RecordedTicker.calls = []
    monkeypatch.setattr(yfinance, "Ticker", RecordedTicker)
    bars = MarketData().history("AAPL", date(2022, 11, 1), now=AFTER_DATA)
    assert RecordedTicker.calls == [{"start": "2022-11-01", "auto_adjust": True, "actions": True}]
    assert bars == history("AAPL")


def test_market_data_quote_reads_yfinance_info(monkeypatch):
    monkeypatch.setattr(yfinance, "Ticker", RecordedTicker)
    quote = MarketData().quote("AMZN")
    assert (quote.symbol, quote.price, quote.eps) == ("AMZN", 228.68, 5.53)


@pytest.mark.parametrize("call", ["history", "quote"])
def test_a_yfinance_rate_limit_becomes_a_source_error_saying_rate_limited(monkeypatch, call):
    monkeypatch.setattr(yfinance, "Ticker", RateLimitedTicker)
    market = MarketData()
    with pytest.raises(SourceError, match="rate limited") as caught:
        market.history("NVDA", "2024-01-01") if call == "history" else market.quote("NVDA")
    assert isinstance(caught.value.__cause__, YFRateLimitError)
