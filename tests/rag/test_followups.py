"""Follow-ups: the question in front wins. A turn takes from earlier turns only what its own
subject (company, metric or topic) lacks; a new subject resets the carried context."""

from datetime import date

from rag.query import analyze, analyze_chat
from rag.query.followups import asks_something

AS_OF = date(2025, 11, 7)
RETURN = "What was NVDA's one-year return?"
REVENUE = "What was Apple's revenue in FY2024?"


def metric_keys(query) -> list[str]:
    return [m.key for m in query.figures.metrics] + [r.key for r in query.figures.ratios]


def test_a_new_company_and_topic_take_nothing_from_a_stock_return_question():
    query = analyze_chat("What are Nvidia's main risk factors?", [RETURN], AS_OF)
    alone = analyze("What are Nvidia's main risk factors?", AS_OF)
    assert query.carried == ()
    assert query.text == alone.text and query.intent == alone.intent == "narrative"
    assert not query.prices.returns and (query.date_from, query.date_to) == (None, None)
    assert query.price_window(AS_OF) == alone.price_window(AS_OF)


def test_a_new_topic_keeps_the_company_but_not_the_metric_period_or_intent():
    query = analyze_chat("What are the main risk factors?", [REVENUE], AS_OF)
    assert query.tickers == ["AAPL"] and query.carried == ("company",)
    assert query.intent == "narrative" and query.fiscal_years == [] and metric_keys(query) == []
    after_return = analyze_chat("What does it say about competition?", [RETURN], AS_OF)
    assert after_return.tickers == ["NVDA"] and not after_return.prices.market
    assert after_return.date_from is None and after_return.intent == "narrative"


def test_a_period_alone_carries_the_company_and_the_metric():
    query = analyze_chat("And in 2023?", [REVENUE], AS_OF)
    assert query.tickers == ["AAPL"] and query.fiscal_years == [2023]
    assert metric_keys(query) == ["revenue"] and query.intent == "facts"
    assert query.carried == ("company", "ask") and query.question == "And in 2023?"


def test_another_company_alone_carries_the_metric_and_period_not_the_old_company():
    query = analyze_chat("What about Microsoft?", [REVENUE], AS_OF)
    assert query.tickers == ["MSFT"] and query.fiscal_years == [2024]
    assert metric_keys(query) == ["revenue"] and query.intent == "facts"
    assert "Apple" not in query.search_text and "apple" not in query.terms
    prices = analyze_chat("And Tesla?", [RETURN], AS_OF)
    assert prices.tickers == ["TSLA"] and prices.prices.returns and prices.intent == "prices"


def test_a_new_metric_of_the_same_kind_keeps_company_and_period():
    query = analyze_chat("And net income?", [REVENUE], AS_OF)
    assert query.tickers == ["AAPL"] and query.fiscal_years == [2024]
    assert metric_keys(query) == ["net_income"] and query.carried == ("company", "period")
    # another kind of question (prices after figures) does not keep the fiscal year
    price = analyze_chat("How did the stock perform?", [REVENUE], AS_OF)
    assert price.tickers == ["AAPL"] and price.fiscal_years == [] and price.carried == ("company",)
    assert metric_keys(price) == [] and price.intent == "prices"


def test_a_chain_of_follow_ups_keeps_the_latest_subject():
    earlier = [REVENUE, "And net income?", "What about Microsoft?"]
    query = analyze_chat("And in 2023?", earlier, AS_OF)
    assert query.tickers == ["MSFT"] and query.fiscal_years == [2023]
    assert metric_keys(query) == ["net_income"]
    reset = analyze_chat("What are Tesla's main risk factors?", earlier, AS_OF)
    assert reset.tickers == ["TSLA"] and metric_keys(reset) == [] and reset.fiscal_years == []


def test_an_unregistered_name_is_a_new_company_not_the_old_one():
    query = analyze_chat("What about SpaceX?", [REVENUE], AS_OF)
    assert query.tickers == [] and query.unknown_names == ["SpaceX"]


def test_a_comparison_keeps_the_earlier_company_beside_the_new_one():
    query = analyze_chat("Compare it with Microsoft", ["What was Apple's gross margin?"], AS_OF)
    assert query.tickers == ["AAPL", "MSFT"] and metric_keys(query) == ["gross_margin"]


def test_a_change_asked_of_the_earlier_figure_keeps_its_metric():
    query = analyze_chat("By what percentage did it grow?", [REVENUE], AS_OF)
    assert query.tickers == ["AAPL"] and query.fiscal_years == [2024]
    assert metric_keys(query) == ["revenue"] and query.intent == "facts"
    assert query.carried == ("company", "period", "ask")


def test_what_counts_as_a_subject_of_its_own():
    asks = {q: asks_something(analyze(q, AS_OF)) for q in QUESTIONS}
    assert asks == QUESTIONS


QUESTIONS = {
    "And in fiscal 2023?": False,
    "What about Microsoft?": False,
    "Why?": False,
    "What drove that?": False,
    "How about the same period last year?": False,
    "By what percentage did it grow?": False,
    "How much did it change from the prior year?": False,
    "And for Q3 2024?": False,
    "And net income?": True,
    "And its margin?": True,
    "What are the main risk factors?": True,
    "What did it say about supply chain?": True,
    "How did the stock do?": True,
}


def test_another_company_alone_after_a_list_question_asks_for_its_list():
    risks = ["What are Nvidia's main risk factors?"]
    query = analyze_chat("And Tesla's?", risks, AS_OF)
    assert query.tickers == ["TSLA"] and query.listing == "risks"
    fresh = analyze_chat("What was Tesla's revenue?", risks, AS_OF)
    assert fresh.listing is None


def test_a_calendar_month_carries_to_a_follow_up_about_the_same_figure():
    query = analyze_chat(
        "On which date was that low reached?", ["What was AMZN's lowest low in April 2025?"], AS_OF
    )
    assert query.tickers == ["AMZN"]
    assert query.price_window(AS_OF) == ("2025-04-01", "2025-04-30")
