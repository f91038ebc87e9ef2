from datetime import date

from rag.query import (
    COMPANIES,
    analyze,
    analyze_chat,
    asks_forecast,
    find_periods,
    find_tickers,
    unknown_names,
)

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


def test_a_follow_up_keeps_the_company_and_period_of_the_turn_before():
    query = analyze_chat("And net income?", ["What was Apple's revenue in FY2024?"], AS_OF)
    assert query.tickers == ["AAPL"] and query.fiscal_years == [2024] and query.intent == "facts"
    query = analyze_chat("What about Tesla?", ["What was Apple's revenue in FY2024?"], AS_OF)
    assert query.tickers == ["TSLA"] and query.fiscal_years == [2024]
    fresh = analyze_chat("Nvidia revenue in FY2023?", ["Apple revenue in FY2024?"], AS_OF)
    assert fresh.tickers == ["NVDA"] and fresh.fiscal_years == [2023]


def test_names_that_are_not_known_companies_or_vocabulary_are_reported():
    assert unknown_names("What was Coca-Cola's revenue in FY2023?") == ["Coca-Cola"]
    assert unknown_names("What was Netflix revenue in 2023?") == ["Netflix"]
    assert unknown_names("What was Apple's Services revenue in FY2024?") == []
    assert unknown_names("How did Nvidia's Data Center revenue grow in Q2 2025?") == []


def test_questions_about_the_future_are_recognized():
    assert asks_forecast("What will AAPL close at next Friday?")
    assert asks_forecast("Where will TSLA trade in a year?")
    assert not asks_forecast("Which risks will Apple face according to its 10-K?")
    assert not asks_forecast("What production rate changes is Boeing forecasting for FY2023?")


def test_everyday_phrasings_search_with_the_words_filings_use():
    query = analyze("Has Boeing reported any ongoing legal battles?", AS_OF)
    assert query.search_text.endswith("(legal proceedings litigation)")
    assert query.text == "Has Boeing reported any ongoing legal battles?"  # facts read this
    plain = analyze("What was Apple's revenue in FY2024?", AS_OF)
    assert plain.search_text == plain.text
