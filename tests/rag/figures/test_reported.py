"""Numbers computed in code: prices and company facts loaded from the real sample data through
the ingestion parsers, then checked against the recorded CSV rows and Apple's 10-K figures."""

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.types import FilingFact
from ingestion.sources.market import parse_chart, parse_history_csv, yahoo_body
from ingestion.sources.sec.facts import parse_companyfacts
from rag.figures.reported import MAX_FACTS, FactFinder
from rag.query import analyze
from rag.search.db import connect
from rag.search.store import Catalog
from rag.search.structured import FactStore, PriceStore

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"
OHLCV = SAMPLE / "market" / "daily_ohlcv"
AS_OF = date(2025, 11, 7)  # the last trading day in the sample prices
AFTER_DATA = datetime(2025, 11, 8, tzinfo=UTC)
APPLE_10K_2024 = "0000320193-24-000123"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("facts") / "f.db")
    for ticker in ("AAPL", "MSFT"):
        bars = parse_history_csv((OHLCV / f"{ticker}.csv").read_bytes(), ticker, now=AFTER_DATA)
        PriceStore(conn).upsert(bars)
    payload = (SAMPLE / "sec" / "companyfacts" / "CIK0000320193.json").read_bytes()
    FactStore(conn).upsert(parse_companyfacts(payload, "AAPL"))
    # The same FY2024 net sales as a statement-table row: XBRL must still be preferred.
    FactStore(conn).upsert([table_row("AAPL", "income statement", "Total net sales", 391_035)])
    return conn


def finder(conn) -> FactFinder:
    """The figures over one database's facts, prices and documents."""
    return FactFinder(FactStore(conn), PriceStore(conn), Catalog(conn))


def find(conn, question: str):
    return finder(conn).find(analyze(question, AS_OF))


def csv_rows(ticker: str) -> dict[str, dict[str, float]]:
    """The recorded CSV read directly (not through the parser): date -> OHLCV."""
    with open(OHLCV / f"{ticker}.csv", newline="") as handle:
        return {
            row["Date"][:10]: {k: float(row[k]) for k in ("Open", "High", "Low", "Close", "Volume")}
            for row in csv.DictReader(handle)
        }


STATEMENT_TITLES = {
    "income statement": "CONSOLIDATED STATEMENTS OF OPERATIONS",
    "cash flow": "CONSOLIDATED STATEMENTS OF CASH FLOWS",
    "balance sheet": "CONSOLIDATED BALANCE SHEETS",
}


def table_row(ticker: str, kind: str, label: str, printed: float, year: int = 2024) -> FilingFact:
    """A statement-table fact shaped as the table extractor stores it: concept
    `table:<statement>:<line item>`, value = printed figure x scale ("In millions")."""
    return FilingFact(
        ticker=ticker,
        cik="0000320193",
        concept=f"table:{kind}:{label.lower()}",
        label=label,
        value=printed * 1_000_000,
        unit="USD",
        scale=1_000_000,
        period_end="2024-09-28",
        fiscal_year=year,
        fiscal_period="FY",
        form="10-K",
        accession=APPLE_10K_2024,
        filed="2024-11-01",
        source="table",
        locator=f"Item 8. Financial Statements and Supplementary Data, {STATEMENT_TITLES[kind]}",
    )


# ---- fundamentals from XBRL company facts ----------------------------------------------------


def test_apple_fy2024_revenue_is_the_10k_figure_with_its_filing_cited(db):
    [fact] = find(db, "What was Apple's revenue in FY2024?")
    assert fact.name == "AAPL revenue"
    assert (fact.value, fact.unit) == (391_035_000_000, "USD")
    assert fact.period == "FY2024 (fiscal year ended 2024-09-28)"
    assert fact.as_of == "2024-11-01"
    source = fact.source
    assert (source.source, source.form, source.date) == ("sec", "10-K", "2024-11-01")
    assert source.url == "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/"
    assert source.title == "Apple 10-K FY2024 (XBRL company facts)"
    assert source.locator == (
        "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax, 2023-10-01 to 2024-09-28"
    )
    assert "391,035,000,000 USD for 2023-10-01 to 2024-09-28" in source.snippet


def test_without_a_named_year_the_latest_full_fiscal_year_is_used(db):
    [fact] = find(db, "What is Apple's diluted EPS?")
    assert (fact.value, fact.unit) == (7.46, "USD/shares")
    assert fact.period == "FY2025 (fiscal year ended 2025-09-27)"
    assert fact.source.url.endswith("/000032019325000079/")


def test_balances_are_read_at_the_fiscal_year_end(db):
    assets, debt = find(db, "Apple total assets and long-term debt in FY2024")
    assert (assets.name, assets.value) == ("AAPL total assets", 364_980_000_000)
    assert assets.period == "end of FY2024 (2024-09-28)"
    assert debt.value == 85_750_000_000  # LongTermDebtNoncurrent, the balance-sheet line
    assert debt.source.locator == "us-gaap:LongTermDebtNoncurrent, at 2024-09-28"


def test_net_margin_is_net_income_over_revenue(db):
    [margin] = find(db, "What was Apple's net margin in fiscal 2024?")
    net_income, revenue = margin.inputs
    assert (net_income.value, revenue.value) == (93_736_000_000, 391_035_000_000)
    assert margin.value == pytest.approx(93_736 / 391_035 * 100)
    assert margin.unit == "%"
    assert margin.formula == "net income FY2024 / revenue FY2024 x 100"


def test_bare_margins_give_gross_operating_and_net(db):
    facts = find(db, "What were Apple's margins in FY2024?")
    assert [f.name for f in facts] == [
        "AAPL gross margin",
        "AAPL operating margin",
        "AAPL net margin",
    ]
    assert facts[0].value == pytest.approx(180_683 / 391_035 * 100)  # 10-K: gross margin 180,683


def test_growth_between_two_named_years_comes_first(db):
    growth, earlier, later = find(db, "How did Apple's revenue change from FY2023 to FY2024?")
    assert growth.value == pytest.approx((391_035 / 383_285 - 1) * 100)
    assert growth.period == "FY2024 vs FY2023"
    assert [f.value for f in growth.inputs] == [391_035_000_000, 383_285_000_000]
    assert (earlier.value, later.value) == (383_285_000_000, 391_035_000_000)


def test_a_fourth_quarter_apple_never_reports_is_the_year_minus_nine_months(db):
    [fact] = find(db, "Apple revenue in Q4 2024")
    year, nine_months = fact.inputs
    assert (year.value, nine_months.value) == (391_035_000_000, 296_105_000_000)
    assert fact.value == 94_930_000_000
    assert fact.period == "Q4 FY2024 (quarter ended 2024-09-28; derived)"
    assert nine_months.source.form == "10-Q"


def test_a_reported_quarter_uses_the_three_month_fact(db):
    [fact] = find(db, "Apple net income in Q3 2025")
    assert fact.value == 23_434_000_000
    assert fact.period == "Q3 FY2025 (quarter ended 2025-06-28)"


def test_the_latest_quarter_and_the_last_n_years(db):
    [quarter] = find(db, "What was Apple's revenue last quarter?")
    assert quarter.value == 143_756_000_000  # Q1 FY2026, the newest 10-Q in the company facts
    assert quarter.period == "Q1 FY2026 (quarter ended 2025-12-27)"
    facts = find(db, "Apple R&D expense over the last 3 years")
    assert [f.period[:6] for f in facts] == ["FY2023", "FY2024", "FY2025"]
    assert facts[1].value == 31_370_000_000  # 10-K FY2024: research and development 31,370


def test_free_cash_flow_is_operating_cash_flow_minus_capex(db):
    [fcf] = find(db, "What was Apple's free cash flow in FY2024?")
    cash, capex = fcf.inputs
    # 10-K FY2024: cash generated by operating activities 118,254; PP&E payments (9,447).
    assert (cash.value, capex.value) == (118_254_000_000, 9_447_000_000)
    assert fcf.value == 108_807_000_000
    assert fcf.formula == "operating cash flow FY2024 - capital expenditures FY2024"


def test_pe_is_the_latest_close_over_the_latest_fiscal_years_diluted_eps(db):
    [pe] = find(db, "What is Apple's P/E ratio?")
    close, eps = pe.inputs
    expected_close = csv_rows("AAPL")["2025-11-07"]["Close"]
    assert (close.value, close.as_of) == (pytest.approx(expected_close), "2025-11-07")
    assert (eps.value, eps.as_of, eps.period) == (
        7.46,
        "2025-10-31",
        "FY2025 (fiscal year ended 2025-09-27)",
    )
    assert pe.value == pytest.approx(expected_close / 7.46)
    assert (pe.unit, pe.as_of) == ("x", "2025-11-07")


def test_pe_on_a_past_date_uses_the_eps_reported_by_then(db):
    [pe] = find(db, "What was Apple's P/E on 2025-06-13?")
    close, eps = pe.inputs
    assert close.as_of == "2025-06-13" and eps.value == 6.08  # FY2025's 10-K came out later
    assert pe.value == pytest.approx(csv_rows("AAPL")["2025-06-13"]["Close"] / 6.08)


# ---- market figures from the prices table ----------------------------------------------------


def test_close_on_a_trading_day_equals_the_csv_row(db):
    [fact] = find(db, "What was AAPL's closing price on 2025-06-13?")
    assert fact.value == pytest.approx(csv_rows("AAPL")["2025-06-13"]["Close"])
    assert (fact.unit, fact.period, fact.as_of) == ("USD/shares", "2025-06-13", "2025-06-13")
    assert fact.source.source == "market"
    assert fact.source.title == "AAPL daily prices (Yahoo Finance)"
    assert fact.source.snippet == "2025-06-13 close 196.23"


def test_a_weekend_date_gives_the_previous_fridays_close(db):
    [fact] = find(db, "What was AAPL's closing price on 2025-06-14?")  # a Saturday
    assert fact.value == pytest.approx(csv_rows("AAPL")["2025-06-13"]["Close"])
    assert fact.period == "2025-06-13 (last trading day on or before 2025-06-14)"


def test_open_and_high_on_a_date_read_those_columns(db):
    [high] = find(db, "What was AAPL's high on 2025-06-13?")
    assert high.value == pytest.approx(csv_rows("AAPL")["2025-06-13"]["High"])
    [opening] = find(db, "What was Apple's opening price on 2025-06-13?")
    assert opening.value == pytest.approx(csv_rows("AAPL")["2025-06-13"]["Open"])


def test_latest_close_when_no_date_is_named(db):
    [fact] = find(db, "What is Apple's current stock price?")
    assert fact.name == "AAPL latest close"
    assert fact.value == pytest.approx(csv_rows("AAPL")["2025-11-07"]["Close"])
    assert fact.period == "2025-11-07 (latest trading day in the data)"


def test_return_over_last_month_is_computed_from_two_csv_closes(db):
    [fact] = find(db, "How did Apple stock perform last month?")
    rows = csv_rows("AAPL")
    october = [day for day in rows if day.startswith("2025-10")]
    first, last = rows["2025-10-01"]["Close"], rows["2025-10-31"]["Close"]
    assert fact.value == pytest.approx((last / first - 1) * 100)
    assert fact.unit == "%"
    assert fact.period == f"2025-10-01 to 2025-10-31 ({len(october)} trading days)"
    assert fact.formula == "(close 2025-10-31 / close 2025-10-01 - 1) x 100"
    assert [i.value for i in fact.inputs] == [pytest.approx(first), pytest.approx(last)]
    assert fact.source.locator.startswith("prices 2025-10-01 to 2025-10-31 (23 trading days")
    assert fact.source.snippet == "2025-10-01 close 255.45; 2025-10-31 close 270.37"


def test_a_move_on_one_day_is_measured_from_the_previous_close(db):
    [fact] = find(db, "How did AAPL move on 2025-04-09?")
    rows = csv_rows("AAPL")
    assert fact.value == pytest.approx(
        (rows["2025-04-09"]["Close"] / rows["2025-04-08"]["Close"] - 1) * 100
    )
    assert fact.period == "2025-04-08 to 2025-04-09 (2 trading days)"


def test_return_since_a_date_runs_to_the_latest_close(db):
    [fact] = find(db, "What is AAPL's return since 2025-10-01?")
    rows = csv_rows("AAPL")
    assert fact.value == pytest.approx(
        (rows["2025-11-07"]["Close"] / rows["2025-10-01"]["Close"] - 1) * 100
    )
    assert fact.formula == "(close 2025-11-07 / close 2025-10-01 - 1) x 100"


def test_two_tickers_get_a_return_each_and_the_difference(db):
    apple, microsoft, difference = find(db, "Compare AAPL and MSFT returns YTD")
    a, m = csv_rows("AAPL"), csv_rows("MSFT")
    expected_apple = (a["2025-11-07"]["Close"] / a["2025-01-02"]["Close"] - 1) * 100
    expected_msft = (m["2025-11-07"]["Close"] / m["2025-01-02"]["Close"] - 1) * 100
    assert (apple.name, microsoft.name) == ("AAPL return", "MSFT return")
    assert apple.value == pytest.approx(expected_apple)
    assert microsoft.value == pytest.approx(expected_msft)
    assert difference.value == pytest.approx(expected_apple - expected_msft)
    assert difference.inputs == [apple, microsoft]
    assert apple.period.startswith("2025-01-02 to 2025-11-07")


def test_calendar_year_high_low_and_average_volume(db):
    rows = {day: row for day, row in csv_rows("AAPL").items() if day.startswith("2024")}
    high, low, volume = find(db, "AAPL high, low and average volume over 2024")
    assert high.value == pytest.approx(max(row["High"] for row in rows.values()))
    assert low.value == pytest.approx(min(row["Low"] for row in rows.values()))
    assert volume.value == pytest.approx(sum(r["Volume"] for r in rows.values()) / len(rows))
    assert volume.unit == "shares"
    assert high.period.startswith(f"2024-01-02 to 2024-12-31 ({len(rows)} trading days)")


def test_fifty_day_moving_average_is_the_mean_of_the_last_fifty_closes(db):
    [sma] = find(db, "What is AAPL's 50-day moving average?")
    closes = [row["Close"] for row in csv_rows("AAPL").values()][-50:]
    assert sma.value == pytest.approx(sum(closes) / 50)
    assert sma.period.endswith("to 2025-11-07 (50 trading days)")


def test_yahoo_chart_bars_are_cited_as_not_dividend_adjusted(tmp_path):
    payload = (
        SAMPLE / "market" / "yahoo_raw" / "chart-AAPL-2020-08-31-to-2020-11-07.json"
    ).read_bytes()
    conn = connect(tmp_path / "chart.db")
    PriceStore(conn).upsert(parse_chart(payload, now=AFTER_DATA).bars)
    result = yahoo_body(payload)["chart"]["result"][0]
    new_york = ZoneInfo("America/New_York")
    days = [datetime.fromtimestamp(t, new_york).date().isoformat() for t in result["timestamp"]]
    closes = dict(zip(days, result["indicators"]["quote"][0]["close"], strict=True))
    [fact] = finder(conn).find(analyze("AAPL close on 2020-09-05", date(2020, 11, 6)))
    assert fact.value == pytest.approx(closes["2020-09-04"])  # 2020-09-05 was a Saturday
    assert fact.source.locator == "prices 2020-09-04 (1 trading day)"


# ---- statement-table rows ----------------------------------------------------------------------


@pytest.fixture
def table_db(tmp_path):
    """Apple's FY2024 statement lines (10-K, Item 8, in millions) as table rows, no XBRL."""
    conn = connect(tmp_path / "t.db")
    rows = [
        ("income statement", "Total net sales", 391_035),
        ("income statement", "Net income", 93_736),
        ("cash flow", "Net income", 93_736),
        ("cash flow", "Cash generated by operating activities", 118_254),
        ("cash flow", "Payments for acquisition of property, plant and equipment", -9_447),
        ("cash flow", "Inventories", -1_046),  # the change in the year, not the balance
    ]
    FactStore(conn).upsert([table_row("AAPL", *row) for row in rows])
    return conn


def test_table_rows_stand_in_when_there_is_no_xbrl(table_db):
    [revenue] = find(table_db, "What was Apple's revenue in FY2024?")
    assert revenue.value == 391_035_000_000
    assert revenue.period == "FY2024 (fiscal year ended 2024-09-28)"
    assert revenue.source.title == "Apple 10-K FY2024 (statement table)"
    assert revenue.source.locator.endswith("CONSOLIDATED STATEMENTS OF OPERATIONS")
    assert revenue.source.snippet == "Total net sales: 391,035 (USD in millions) at 2024-09-28"
    assert revenue.source.url.endswith("/000032019324000123/")
    [net_income] = find(table_db, "Apple net income FY2024")
    assert net_income.source.locator.endswith("OPERATIONS")  # not the cash-flow repeat


def test_table_capex_printed_as_an_outflow_feeds_free_cash_flow(table_db):
    [fcf] = find(table_db, "Apple free cash flow FY2024")
    cash, capex = fcf.inputs
    assert capex.value == 9_447_000_000 and "outflow" in capex.formula
    assert fcf.value == 108_807_000_000
    [margin] = find(table_db, "Apple net margin FY2024")
    assert margin.value == pytest.approx(93_736 / 391_035 * 100)


def test_a_cash_flow_change_in_inventories_is_not_the_inventory_balance(table_db):
    assert find(table_db, "What were Apple's inventories in FY2024?") == []


def test_no_pe_without_prices_or_without_eps(table_db, db):
    assert find(table_db, "What is Apple's P/E ratio?") == []  # table rows, but no prices
    assert find(db, "What is Microsoft's P/E ratio?") == []  # prices, but no EPS


def test_statements_extracted_from_the_real_10k_answer_without_xbrl(tmp_path):
    tables = pytest.importorskip("ingestion.tables")  # the statement-table extractor
    from ingestion.sample import sample_filings
    from ingestion.sources import sec

    [(ref, path)] = [
        (ref, path) for ref, path in sample_filings(SAMPLE) if ref.accession == APPLE_10K_2024
    ]
    conn = connect(tmp_path / "x.db")
    filing = sec.parse_filing(path.read_bytes(), ref)
    FactStore(conn).upsert(tables.table_facts(filing))
    conn.execute(  # the filing as the index lists it (its chunks are not needed here)
        "INSERT INTO documents (id, source, title, ticker, url, content_hash, chunk_count, "
        "indexed_at) VALUES (?, 'sec', ?, 'AAPL', ?, '', 0, '2025-11-08')",
        (filing.id, filing.title, filing.url),
    )

    def value(question):
        [fact] = find(conn, question)
        return fact.value

    [revenue] = find(conn, "Apple revenue FY2024")
    assert revenue.source.title == (
        "Apple Inc. 10-K for fiscal year ended 2024-09-28 (statement table)"
    )
    assert revenue.source.url == filing.url  # the primary document the table is printed in
    assert revenue.source.snippet == "Total net sales: 391,035 (USD in millions) at 2024-09-28"
    # Figures printed in the FY2024 10-K's statements (in millions, EPS in dollars).
    assert value("Apple revenue FY2024") == 391_035_000_000
    assert value("Apple diluted EPS FY2024") == 6.08
    assert value("Apple long-term debt FY2024") == 85_750_000_000  # not current term debt 10,912
    assert value("Apple inventories FY2024") == 7_286_000_000  # not the cash-flow change (1,046)
    assert value("Apple capex FY2024") == 9_447_000_000
    assert value("Apple gross margin FY2024") == pytest.approx(180_683 / 391_035 * 100)


def test_a_year_is_cited_from_its_own_filing_not_a_later_comparative_column(tmp_path):
    """Apple's FY2023 net sales are printed in the FY2023 10-K and again as the comparative
    column of the FY2024 10-K, whose "Fiscal 2023" column (no date printed) is dated from that
    filing's own year end: the FY2023 question cites the FY2023 10-K (as reported), even where
    the later filing's row would sort first."""
    conn = connect(tmp_path / "two.db")
    later = table_row("AAPL", "income statement", "Total net sales", 383_285, 2023)
    later = later.model_copy(update={"period_end": "2023-09-28", "locator": "page 28, OPS"})
    current = table_row("AAPL", "income statement", "Total net sales", 391_035)
    current = current.model_copy(update={"locator": "page 28, OPS"})
    own = later.model_copy(
        update={
            "period_end": "2023-09-30",
            "accession": "0000320193-23-000106",
            "filed": "2023-11-03",
            "locator": "page 29",
        }
    )
    FactStore(conn).upsert([later, current, own])
    [fact] = find(conn, "What was Apple's revenue in FY2023?")
    assert fact.value == 383_285_000_000
    assert fact.source.url.endswith("/000032019323000106/")
    [fact] = find(conn, "What was Apple's revenue in FY2024?")
    assert fact.source.url.endswith("/000032019324000123/")


def test_xbrl_is_preferred_over_a_table_row_for_the_same_period(db):
    [fact] = find(db, "Apple revenue FY2024")
    assert fact.source.title.endswith("(XBRL company facts)")


# ---- nothing to compute ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What was Microsoft's revenue in FY2024?",  # no company facts for MSFT
        "What was AAPL's closing price on 2021-03-01?",  # before the prices start
        "What was AAPL's closing price on 2026-01-15?",  # after the prices end
        "What was AAPL's return over 2021?",
        "What did Apple's 10-K say about supply chain risks?",
        "How does Apple account for stock-based compensation?",
        "What is the current stock price?",  # no ticker
        "What was Apple's revenue in FY1990?",
        "What was AAPL's close on 2025-13-45?",  # not a date: not the latest close either
    ],
)
def test_missing_data_or_no_number_asked_gives_no_facts(db, question):
    assert find(db, question) == []


def test_at_most_six_facts_are_returned(db):
    question = "Apple revenue, net income, R&D, gross margin and EPS in FY2023 and FY2024"
    facts = find(db, question)
    assert len(facts) == MAX_FACTS
    assert facts[0].name == "AAPL revenue growth"


# ---- market capitalization: a close x the shares outstanding a filing states by then ---------


@pytest.fixture(scope="module")
def cap_db(tmp_path_factory):
    """Tesla's and Nvidia's prices and the cover counts of their sample 10-Ks, read by the
    ingestion parsers; Apple's XBRL cover counts (dei) from its company facts."""
    from ingestion.cover import CONCEPT
    from ingestion.sample import sample_filings
    from ingestion.sources import sec
    from ingestion.tables import table_facts

    conn = connect(tmp_path_factory.mktemp("cap") / "c.db")
    for ticker in ("TSLA", "NVDA", "AAPL"):
        bars = parse_history_csv((OHLCV / f"{ticker}.csv").read_bytes(), ticker, now=AFTER_DATA)
        PriceStore(conn).upsert(bars)
    for ref, path in sample_filings(SAMPLE):
        if ref.ticker in ("TSLA", "NVDA") and ref.form in ("10-K", "10-Q"):
            facts = table_facts(sec.parse_filing(path.read_bytes(), ref))
            FactStore(conn).upsert([f for f in facts if f.concept == CONCEPT])
    payload = (SAMPLE / "sec" / "companyfacts" / "CIK0000320193.json").read_bytes()
    FactStore(conn).upsert(parse_companyfacts(payload, "AAPL"))
    return conn


def test_market_cap_is_the_close_times_the_latest_cover_count_before_it(cap_db):
    [cap] = find(cap_db, "What is Tesla's market capitalization?")
    close, shares = cap.inputs
    expected_close = csv_rows("TSLA")["2025-11-07"]["Close"]
    assert (close.value, close.as_of) == (pytest.approx(expected_close), "2025-11-07")
    assert (shares.value, shares.period) == (3_216_517_037, "as of 2025-01-22")
    assert cap.value == pytest.approx(expected_close * 3_216_517_037)
    assert (cap.unit, cap.as_of) == ("USD", "2025-11-07")
    assert cap.source.locator == "Cover page" and "(cover page)" in cap.source.title


def test_market_cap_on_a_past_day_uses_the_count_stated_by_then(cap_db):
    [cap] = find(cap_db, "What was Tesla's market cap on 2025-01-30?")
    assert cap.value == pytest.approx(csv_rows("TSLA")["2025-01-30"]["Close"] * 3_216_517_037)
    # Before the first cover count in the data no count is stated: no figure, not a guess.
    assert find(cap_db, "What was Tesla's market cap on 2024-12-02?") == []


def test_market_cap_prefers_a_cover_count_to_the_balance_sheets_and_compares(cap_db):
    caps = find(cap_db, "Compare the market caps of Apple and Nvidia")
    assert [c.name for c in caps] == [
        "AAPL market capitalization",
        "NVDA market capitalization",
    ]
    apple = caps[0].inputs[1]
    assert apple.source.locator.startswith("dei:EntityCommonStockSharesOutstanding")
    assert apple.value == 14_776_353_000  # the FY2025 10-K's cover, as of 2025-10-17


def test_a_count_before_a_stock_split_is_multiplied_by_the_split(cap_db):
    """Nvidia's 10-Q of May 2024 states 2.46 billion shares as of May 17, 2024; the stock split
    10-for-1 on 2024-06-10 (the recorded bar's "Stock Splits"), so a later close counts 24.6
    billion shares."""
    before = FilingFact(
        ticker="NVDA",
        concept="table:cover:common shares outstanding",
        label="common shares outstanding",
        value=2_460_000_000,
        unit="shares",
        period_end="2024-05-17",
        form="10-Q",
        accession="0001045810-24-000124",
        filed="2024-05-29",
        source="table",
        locator="Cover page",
    )
    FactStore(cap_db).upsert([before])
    [cap] = find(cap_db, "What was Nvidia's market cap on 2024-06-28?")
    assert cap.value == pytest.approx(csv_rows("NVDA")["2024-06-28"]["Close"] * 24_600_000_000)
    assert "x 10 (stock split after 2024-05-17)" in cap.formula
    [cap] = find(cap_db, "What was Nvidia's market cap on 2024-06-03?")  # before the split
    assert cap.value == pytest.approx(csv_rows("NVDA")["2024-06-03"]["Close"] * 2_460_000_000)


def test_fair_market_value_is_not_market_capitalization():
    from rag.query.figures import read_figures

    assert read_figures("What is Apple's market value?").market_cap
    assert not read_figures("What is the fair market value of Apple's options?").market_cap
    assert not read_figures("What is the market value of Apple's marketable securities?").market_cap
    held = "What was the aggregate market value of Apple's stock held by non-affiliates?"
    assert not read_figures(held).market_cap
    assert read_figures("Compare the market caps of Apple and Amazon").market_cap


def test_a_market_cap_without_a_count_by_then_is_refused_as_such_not_as_a_fiscal_year():
    from rag.answer.assistant import missing_figures

    said = missing_figures(
        analyze("What was Nvidia's market cap at the end of June 2024?", AS_OF), []
    )
    assert said.startswith("A market capitalization of NVDA needs a close and the shares")


def test_capital_spending_is_a_cash_flow_statements_capex_line():
    from rag.figures.metrics import BY_KEY

    capex = BY_KEY["capex"]
    assert capex.names_line_item("capital spending")  # PepsiCo's statement of cash flows
    assert capex.names_line_item("capital expenditures")
    assert not capex.names_line_item("capital spending commitments")
