"""Price chart data: the window a question is about and closes indexed for comparisons, from the
recorded daily bars of the demo corpus."""

from pathlib import Path

import pytest

from ingestion.sources.market import parse_history_csv
from rag.search.db import connect
from rag.search.structured import PriceStore
from ui.charts import chart_window, price_chart

DAILY = Path(__file__).resolve().parents[2] / "data" / "sample" / "market" / "daily_ohlcv"


@pytest.fixture(scope="module")
def prices(tmp_path_factory) -> PriceStore:
    store = PriceStore(connect(tmp_path_factory.mktemp("charts") / "finassist.db"))
    for ticker in ("AAPL", "MSFT"):
        store.upsert(parse_history_csv((DAILY / f"{ticker}.csv").read_bytes(), ticker))
    return store


def test_by_default_a_chart_shows_six_months_to_the_datas_as_of_date(prices):
    chart = price_chart(prices, ["aapl"])
    assert (chart.start, chart.end) == ("2025-05-09", "2025-11-07")
    assert chart.tickers == ["AAPL"] and not chart.indexed
    assert chart.points[-1] == {
        "ticker": "AAPL",
        "date": "2025-11-07",
        "close": 268.47,
        "value": 268.47,
    }
    assert chart.points[0]["date"] >= "2025-05-09"
    assert chart.measure == "Close (USD)"


def test_a_comparison_draws_both_tickers_indexed_to_100_on_the_first_day(prices):
    chart = price_chart(prices, ["AAPL", "MSFT"], "2024-11-07", "2025-11-07")
    assert chart.tickers == ["AAPL", "MSFT"] and chart.indexed
    for ticker in chart.tickers:
        series = [p for p in chart.points if p["ticker"] == ticker]
        assert series[0]["value"] == 100.0 and series[0]["date"] == "2024-11-07"
        assert series[-1]["value"] == round(series[-1]["close"] / series[0]["close"] * 100, 2)
    assert chart.measure.startswith("Indexed close")


def test_a_single_day_is_widened_to_a_month_around_it_and_a_late_end_is_cut_to_the_data():
    assert chart_window("2024-05-03", "2024-05-03", "2025-11-07") == ("2024-04-18", "2024-05-18")
    assert chart_window("2025-10-01", "2026-03-01", "2025-11-07") == ("2025-10-01", "2025-11-07")
    assert chart_window(None, None, "2025-11-07") == ("2025-05-09", "2025-11-07")


def test_tickers_without_prices_give_no_chart(prices):
    assert price_chart(prices, ["BA"]) is None
    assert price_chart(prices, []) is None
    assert price_chart(prices, ["AAPL"], "2001-01-01", "2001-02-01") is None
