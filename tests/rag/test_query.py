from datetime import date

from rag.query import (
    VerdictAsk,
    analyze,
    analyze_chat,
    asks_forecast,
    find_periods,
    find_tickers,
    unknown_names,
)
from rag.query.figures import asked_metrics, asks_fundamentals

AS_OF = date(2025, 11, 7)


def test_tickers_come_from_symbols_and_company_names_in_order_of_mention():
    assert find_tickers("How did Nvidia's margin compare with AAPL?") == ["NVDA", "AAPL"]
    assert find_tickers("Is $TSLA up? And JP Morgan?") == ["TSLA", "JPM"]
    assert find_tickers("an apple pie recipe") == []


def test_fiscal_years_and_quarters_are_recognized():
    assert find_periods("Apple FY2024 revenue vs fiscal 2023") == ([2023, 2024], None)
    assert find_periods("NVDA Q2 2025 results") == ([2025], "Q2")
    assert find_periods("net income in the third quarter of 2023") == ([2023], "Q3")
    assert find_periods("FY24 capex") == ([2024], None)
    between = "Was there any drop in cash between FY 2023 and Q2 of FY2024?"
    assert analyze(between, AS_OF).annual_years == [2023]  # the year end, then the quarter end
    assert analyze("Q2 FY2024 vs Q2 FY2023 revenue", AS_OF).annual_years == []
    same = "revenue in the second quarter of fiscal 2024 against the same period of 2023"
    assert analyze(same, AS_OF).annual_years == []


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


def test_names_that_are_no_registered_company_or_word_are_reported():
    assert unknown_names("What was SpaceX's revenue in FY2023?") == ["SpaceX"]
    assert unknown_names("What was the revenue of Databricks in 2023?") == ["Databricks"]
    assert unknown_names("What was Coca-Cola's revenue in FY2023?") == []  # a listed company
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


# ---- what the figures read ---------------------------------------------------------------------


def keys(items) -> list[str]:
    return [item.key for item in items]


def test_specific_phrases_are_claimed_before_generic_ones():
    keys_asked = keys(asked_metrics("cost of sales, earnings per share and gross profit"))
    assert keys_asked == ["cost_of_revenue", "eps_diluted", "gross_profit"]
    assert keys(asked_metrics("net income and basic EPS")) == ["net_income", "eps_basic"]
    assert not asks_fundamentals("How did AAPL stock do last week?")


def test_the_reported_figures_a_question_asks_for():
    asked = analyze(
        "How did Apple's revenue and gross margin change over the last 3 years?", AS_OF
    ).figures
    assert keys(asked.metrics) == ["revenue"] and keys(asked.ratios) == ["gross_margin"]
    assert asked.growth and asked.recent_years == 3 and asked.fundamentals
    assert not (asked.average or asked.trend or asked.segments or asked.latest_quarter)
    asked = analyze("What is Apple's P/E ratio and free cash flow?", AS_OF).figures
    assert asked.price_earnings and asked.free_cash_flow and asked.metrics == ()
    asked = analyze("What is Amazon's FY2017 days payable outstanding (DPO)?", AS_OF).figures
    # a formula: its payables, costs and inventories are its inputs, not figures asked alone
    assert asked.days_payable and asked.metrics == ()
    assert analyze(
        "What was Boeing's average net income over FY2015 - FY2017?", AS_OF
    ).figures.average
    assert analyze("Is Best Buy's gross margin historically consistent?", AS_OF).figures.trend
    assert analyze("What was Apple's revenue last quarter?", AS_OF).figures.latest_quarter
    segments = analyze("Which segment drove Apple's revenue growth in FY2024?", AS_OF).figures
    assert segments.segments and keys(segments.metrics) == ["revenue"]
    assert not analyze(
        "What did Apple's 10-K say about supply chain risks?", AS_OF
    ).figures.fundamentals


def test_the_market_words_a_question_uses():
    words = analyze("Compare AAPL and MSFT returns YTD", AS_OF).prices
    assert words.market and words.strong and words.returns and not words.price
    words = analyze("AAPL high, low and average volume over 2024", AS_OF).prices
    assert words.range and words.volume and words.field == "high"
    assert analyze("What is AAPL's 50-day moving average?", AS_OF).prices.sma_days == (50,)
    assert analyze("What was Apple's opening price on 2025-06-13?", AS_OF).prices.field == "open"
    assert analyze("What is Apple's trailing dividend yield?", AS_OF).prices.dividend_yield
    assert not analyze("What is Apple's P/E ratio?", AS_OF).prices.market  # not a price word
    assert not analyze("How does Apple account for stock-based compensation?", AS_OF).prices.market


def test_windows_the_search_window_does_not_know():
    def window(question):
        return analyze(question, AS_OF).price_window(AS_OF)

    assert window("AAPL YTD") == ("2025-01-01", "2025-11-07")
    assert window("AAPL over the past 3 months") == ("2025-08-07", "2025-11-07")
    assert window("AAPL in October 2025") == ("2025-10-01", "2025-10-31")
    assert window("AAPL between 2025-10-01 and 2025-11-03") == ("2025-10-01", "2025-11-03")
    assert window("AAPL 52-week high") == ("2024-11-07", "2025-11-07")


def test_one_reading_of_the_dates_gives_the_search_and_the_price_window():
    since = analyze("What is AAPL's return since 2025-10-01?", AS_OF)
    assert (since.date_from, since.date_to) == ("2025-10-01", "2025-10-01")  # retrieval
    assert since.price_window(AS_OF) == ("2025-10-01", "2025-11-07")  # the return
    assert since.price_window(date(2025, 10, 31)) == ("2025-10-01", "2025-10-31")  # data's day
    month = analyze("How did Apple stock perform last month?", AS_OF)
    assert (month.date_from, month.date_to) == ("2025-10-01", "2025-10-31")
    assert month.price_window(AS_OF) == ("2025-10-01", "2025-10-31")
    month.date_from, month.date_to = "2025-10-06", "2025-10-10"  # the user's date filter
    assert month.price_window(AS_OF) == ("2025-10-06", "2025-10-10")
    ended = analyze("Apple net income for the quarter ended June 28, 2025", AS_OF)
    assert ended.dates.quarter_end == "2025-06-28"
    assert analyze("What was AAPL's close on 2025-13-45?", AS_OF).dates.invalid


def test_the_verdict_a_question_asks_for():
    assert analyze("Did Apple's revenue decline in FY2024?", AS_OF).verdict == VerdictAsk(
        change="down"
    )
    assert analyze("Has Boeing's debt increased since FY2020?", AS_OF).verdict.change == "up"
    consistent = analyze(
        "Are Best Buy's gross margins historically consistent (not fluctuating more than 2%)?",
        AS_OF,
    ).verdict
    assert consistent == VerdictAsk(steady=True, tolerance=2.0)
    assert analyze("Is Tesla's gross margin volatile?", AS_OF).verdict == VerdictAsk(steady=False)
    which = (
        "Among operations, investing, and financing activities, which brought in the most "
        "cash flow for Best Buy in FY2023?"
    )
    assert analyze(which, AS_OF).verdict.extreme == "highest"
    assert analyze(which.replace("most", "least"), AS_OF).verdict.extreme == "lowest"
    named = "What were Best Buy's cash and cash equivalents in FY2023?"  # a name, not "best"
    assert analyze(named, AS_OF).verdict.extreme is None
    best = "Which Best Buy product category performed the best in FY2023?"
    assert analyze(best, AS_OF).verdict.extreme == "highest"
    assert analyze("What was Boeing's gross margin in FY2022?", AS_OF).verdict == VerdictAsk()
    healthy = "Does Target have a healthy current ratio?"
    assert analyze(healthy, AS_OF).verdict == VerdictAsk(benchmark="high")
    assert analyze("Is Ford capital-intensive?", AS_OF).verdict.benchmark == "high"
    assert analyze("Is Ford's liquidity weak?", AS_OF).verdict.benchmark == "low"
    assert analyze("What makes a balance sheet strong?", AS_OF).verdict.benchmark is None


def test_what_the_answer_reads_of_the_question_itself():
    assert analyze("What will AAPL close at next Friday?", AS_OF).forecast
    coca_cola = analyze("What was Coca-Cola's revenue in FY2023?", AS_OF)
    assert coca_cola.tickers == ["KO"] and not coca_cola.forecast
    assert [(m.text, m.subject) for m in coca_cola.companies] == [("Coca-Cola", True)]
    assert analyze("What was SpaceX's revenue?", AS_OF).unknown_names == ["SpaceX"]
    assert analyze("What was Apple's revenue in FY2024, and why?", AS_OF).explain
    assert not analyze("Apple net income FY2024?", AS_OF).explain
    terms = analyze("How many shares did Apple repurchase in 2024?", AS_OF).terms
    assert terms == {"share", "apple", "repurc", "2024"}


def test_a_follow_up_that_refers_back_asks_for_the_earlier_figures_and_window():
    earlier = ["What was Apple's gross margin in FY2024?"]
    query = analyze_chat("And in fiscal 2023?", earlier, AS_OF)
    assert keys(query.figures.ratios) == ["gross_margin"] and query.fiscal_years == [2023]
    assert query.question == "And in fiscal 2023?"  # what the prompt quotes
    since = analyze_chat("And since 2025-10-01?", ["How did AAPL perform YTD?"], AS_OF)
    assert since.prices.returns and since.price_window(AS_OF) == ("2025-10-01", "2025-11-07")
    fresh = analyze_chat("What is Apple's diluted EPS?", earlier, AS_OF)
    assert keys(fresh.figures.metrics) == ["eps_diluted"] and fresh.figures.ratios == ()


def test_days_written_with_month_names_read_as_the_iso_dates():
    as_of = date(2025, 11, 7)
    same = [
        ("What was AAPL's close on November 7, 2025?", "What was AAPL's close on 2025-11-07?"),
        ("AAPL's closing price for Nov 7th, 2025", "AAPL's closing price for 2025-11-07"),
        ("AAPL close on 7 November 2025", "AAPL close on 2025-11-07"),
        ("AMZN closes on Sep 30th and Oct 31st 2025", "AMZN closes on 2025-09-30 and 2025-10-31"),
        ("NVDA from Dec. 29, 2023 to Dec 31st 2024", "NVDA from 2023-12-29 to 2024-12-31"),
    ]
    for written, iso in same:
        a, b = analyze(written, as_of), analyze(iso, as_of)
        assert (a.fiscal_years, a.date_from, a.date_to) == (b.fiscal_years, b.date_from, b.date_to)
        assert a.price_window(as_of) == b.price_window(as_of), written
    assert analyze("MSFT volume in Sept 2025", as_of).price_window(as_of) == (
        "2025-09-01",
        "2025-09-30",
    )


def test_the_end_of_a_period_stays_a_period_not_a_day():
    as_of = date(2025, 11, 7)
    annual = analyze("Apple's revenue for the fiscal year ended September 28, 2024", as_of)
    assert annual.fiscal_years == [2024] and annual.date_from is None
    quarter = analyze("Apple's revenue for the quarter ended June 28, 2025", as_of)
    assert quarter.dates.quarter_end == "2025-06-28" and quarter.date_from is None
    three_months = analyze("AAPL's net sales for the three months ended Jun 28th 2025", as_of)
    assert three_months.dates.quarter_end == "2025-06-28"
    assert analyze("AAPL close on February 30, 2025", as_of).date_from is None  # no such day


def test_figures_asked_in_plain_words():
    def read(question: str):
        query = analyze(question, AS_OF)
        metrics = [m.key for m in query.figures.metrics]
        return metrics, [r.key for r in query.figures.ratios], query.prices

    # a share of one named metric in another is their ratio
    _, ratios, _ = read("What proportion of Nvidia's revenue ended up as net income in FY2024?")
    assert ratios == ["net_margin"]
    _, ratios, _ = read("As a percent of sales, how big was Tesla's gross profit in 2023?")
    assert ratios == ["gross_margin"]
    _, ratios, _ = read("By how many % did Microsoft's revenue and net income grow in 2024?")
    assert ratios == []  # a growth in percent is no share of one in the other
    metrics, _, _ = read("What did Microsoft earn per share, diluted, in fiscal 2024?")
    assert metrics == ["eps_diluted"]
    _, _, prices = read("How many Tesla shares changed hands each day in March 2025?")
    assert prices.volume
    _, _, prices = read("What is the moving average of NVDA over the past 50 trading days?")
    assert prices.sma_days == (50,)
    _, _, prices = read("How did NVDA do over the past 50 trading days?")
    assert prices.sma_days == () and not prices.volume


def test_standard_ratios_are_asked_by_their_names_and_definitions_are_not_asks():
    def formulas(question: str) -> list[str]:
        return [f.key for f in analyze(question, AS_OF).figures.formulas]

    assert formulas("What is CVS's fixed asset turnover ratio?") == ["fixed_asset_turnover"]
    assert formulas("Lockheed's asset turnover and quick ratio") == [
        "asset_turnover",
        "quick_ratio",
    ]
    assert formulas("Walmart's EBITDA margin vs its EBITDA") == ["ebitda_margin", "ebitda"]
    assert formulas("Define working capital ratio as ... what is GIS's working capital ratio?")
    # the defining sentence names the inputs and years; only the asked figure and year remain
    asked = analyze(
        "What is the FY2017 return on assets (ROA) for Coca Cola? ROA is defined as: FY2017 net "
        "income / (average total assets between FY2016 and FY2017).",
        AS_OF,
    )
    assert keys(asked.figures.formulas) == ["return_on_assets"] and asked.figures.metrics == ()
    assert asked.figures.years == (2017,) and not asked.figures.average
    assert asked.intent == "facts" and not asked.prices.returns  # a ratio, not a price return
    assert analyze(
        "What was Apple's 3-year revenue CAGR from FY2021 to FY2024?", AS_OF
    ).figures.cagr


def test_a_metric_asked_as_a_margin_or_share_of_revenue_is_that_metric_over_revenue():
    asked = analyze("What is AMD's FY2015 D&A % margin?", AS_OF).figures
    assert [(r.numerator, r.denominator) for r in asked.ratios] == [
        ("depreciation_amortization", "revenue")
    ]
    assert asked.metrics == ()  # asked only as part of its margin
    asked = analyze("Nike's cost of goods sold as a % of revenue in FY2018", AS_OF).figures
    assert [r.numerator for r in asked.ratios] == ["cost_of_revenue"]
    asked = analyze("What was Corning's unadjusted operating income % margin?", AS_OF).figures
    assert keys(asked.ratios) == ["operating_margin"]  # the named margin when there is one
    asked = analyze("How much did American Water Works pay out in cash dividends?", AS_OF)
    assert keys(asked.figures.metrics) == ["dividends_paid"]
