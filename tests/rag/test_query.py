from datetime import date

from rag.query import COMPANIES, analyze, find_periods, find_tickers

AS_OF = date(2025, 11, 7)


def test_tickers_come_from_symbols_and_company_names_in_order_of_mention():
    assert find_tickers("How did Nvidia's margin compare with AAPL?", COMPANIES) == ["NVDA", "AAPL"]
    assert find_tickers("Is $TSLA up? And JP Morgan?", COMPANIES) == ["TSLA", "JPM"]
    assert find_tickers("an apple pie recipe", COMPANIES) == []


def test_fiscal_years_and_quarters_are_recognized():
    assert find_periods("Apple FY2024 revenue vs fiscal 2023") == ([2023, 2024], None)
    assert find_periods("NVDA Q2 2025 results") == ([2025], "Q2")
    assert find_periods("net income in the third quarter of 2023") == ([2023], "Q3")
    assert find_periods("FY24 capex") == ([2024], None)


def test_forms_dates_and_intent():
    query = analyze("What did Tesla's 10-K say about risk last month?", AS_OF)
    assert query.tickers == ["TSLA"] and query.forms == ["10-K"]
    assert (query.date_from, query.date_to) == ("2025-10-01", "2025-10-31")
    assert query.intent == "narrative"
    assert analyze("AAPL closing price on 2025-11-03", AS_OF).intent == "prices"
    assert analyze("AAPL closing price on 2025-11-03", AS_OF).date_from == "2025-11-03"
    assert analyze("Apple revenue growth in FY2024", AS_OF).intent == "facts"
