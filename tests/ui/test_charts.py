"""Price chart data: the window an answer is about (or none) and closes indexed for comparisons,
from the recorded daily bars of the demo corpus."""

from datetime import date
from pathlib import Path

import pytest

from core.types import Answer, AnswerFact
from ingestion.sources.market import parse_history_csv
from rag.search.db import connect
from rag.search.structured import PriceStore
from ui.charts import answer_window, chart_window, compare_points, period_window, price_chart

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


# ---- the window an answer is about ------------------------------------------------------------


def answer(tickers=("AAPL",), periods=(), date_from=None, date_to=None, **kw) -> Answer:
    facts = [AnswerFact(name="x", value=1.0, unit="USD", period=p) for p in periods]
    return Answer(
        answer="...", tickers=list(tickers), facts=facts, date_from=date_from, date_to=date_to, **kw
    )


def test_a_fiscal_year_figure_charts_that_fiscal_year():
    fy = answer(periods=["FY2024 (fiscal year ended 2024-09-28)"])
    assert answer_window(fy) == ("2023-09-29", "2024-09-28")
    quarter = answer(periods=["Q2 FY2024 (quarter ended 2024-03-30)"])
    assert answer_window(quarter) == ("2023-12-31", "2024-03-30")


def test_a_price_figure_charts_its_own_span_and_the_questions_dates_come_first():
    march = answer(periods=["2024-03-01 to 2024-03-28 (20 trading days)"], intent="prices")
    assert answer_window(march) == ("2024-03-01", "2024-03-28")
    both = answer(
        periods=["2024-03-01 to 2024-03-28"], date_from="2024-05-03", date_to="2024-05-03"
    )
    assert answer_window(both) == ("2024-05-03", "2024-05-03")
    several = answer(
        periods=["FY2023 (fiscal year ended 2023-09-30)", "end of FY2024 (2024-09-28)"]
    )
    assert answer_window(several) == ("2022-10-01", "2024-09-28")


def test_an_answer_without_a_window_tickers_or_with_a_refusal_has_no_chart():
    assert answer_window(answer()) is None  # "What are Nvidia's main risk factors?"
    assert answer_window(answer(periods=["FY2024 vs FY2023"])) is None
    assert answer_window(answer(tickers=(), periods=["2024-03-01 to 2024-03-28"])) is None
    assert answer_window(answer(periods=["2024-03-01 to 2024-03-28"], refused=True)) is None


def test_the_chart_of_a_fiscal_year_answer_spans_that_year(prices):
    window = answer_window(answer(periods=["FY2024 (fiscal year ended 2024-09-28)"]))
    chart = price_chart(prices, ["AAPL"], *window)
    assert (chart.start, chart.end) == ("2023-09-29", "2024-09-28")
    days = [p["date"] for p in chart.points]
    assert days[0] <= "2023-10-03" and days[-1] >= "2024-09-26"
    assert all("2023-09-29" <= d <= "2024-09-28" for d in days)


def test_period_windows_read_the_figures_own_dates():
    assert period_window("close 2025-11-07 / FY2024 diluted EPS") == (
        date(2025, 11, 7),
        date(2025, 11, 7),
    )
    assert period_window("FY2024 (fiscal year ended 2024-02-29)") == (
        date(2023, 3, 1),
        date(2024, 2, 29),
    )
    assert period_window(None) is None and period_window("2024-13-45") is None


def test_a_comparison_charts_exactly_its_periods_and_companies_and_no_prices():
    from core.types import CompareTable, TableCell, TableRow

    def cell(period, value=None):
        shown = f"${value:,.0f}" if value is not None else None
        missing = None if value is not None else "no reported revenue of MSFT in the store"
        return TableCell(period=period, value=value, unit="USD", display=shown, missing=missing)

    table = CompareTable(
        metric="revenue",
        unit="USD",
        basis="Each company's own fiscal periods",
        columns=["FY2023", "FY2024", "growth"],
        rows=[
            TableRow(ticker="AAPL", cells=[cell("FY2023", 383e9), cell("FY2024", 391e9)]),
            TableRow(ticker="MSFT", cells=[cell("FY2023"), cell("FY2024")]),
        ],
    )
    points = compare_points(table)
    assert [(p["ticker"], p["period"], p["value"]) for p in points] == [
        ("AAPL", "FY2023", 383_000.0),
        ("AAPL", "FY2024", 391_000.0),
    ]
    compared = answer(periods=["FY2024 (fiscal year ended 2024-09-28)"])
    assert answer_window(compared) is not None
    assert answer_window(compared.model_copy(update={"table": table})) is None
