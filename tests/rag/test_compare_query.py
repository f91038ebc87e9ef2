"""What a comparison across companies asks, read from the question alone: two or more companies
(names, tickers, short names), one measure, a period span and the ask; a question about one
company, or one with no measure, is no comparison."""

from datetime import date

import pytest

from rag.query import analyze

AS_OF = date(2025, 11, 7)


def comparison(question: str):
    return analyze(question, AS_OF).comparison


@pytest.mark.parametrize(
    ("question", "tickers", "ask", "growth", "order"),
    [
        ("Compare Apple and Microsoft margins over the last three fiscal years",
         ["AAPL", "MSFT"], "table", False, "highest"),
        ("Which of NVDA, AMD and INTC grew revenue fastest?",
         ["NVDA", "AMD", "INTC"], "extreme", True, "highest"),
        ("How does Tesla's operating margin compare with Nvidia's in FY2024?",
         ["TSLA", "NVDA"], "table", False, "highest"),
        ("Rank AAPL, MSFT and NVDA by net income", ["AAPL", "MSFT", "NVDA"], "rank", False,
         "highest"),
        ("AAPL vs TSLA revenue growth", ["AAPL", "TSLA"], "table", True, "highest"),
        ("Which of Apple, Amazon and Tesla had the smallest operating income in FY2023?",
         ["AAPL", "AMZN", "TSLA"], "extreme", False, "lowest"),
        ("Which has the higher gross margin in FY2025, Apple or Nvidia?", ["AAPL", "NVDA"],
         "extreme", False, "highest"),
        ("Which grew net income slowest in FY2024, Tesla or Amazon?", ["TSLA", "AMZN"],
         "extreme", True, "lowest"),
    ],
)  # fmt: skip
def test_comparisons_are_read_with_their_companies_ask_and_order(
    question, tickers, ask, growth, order
):
    found = comparison(question)
    assert found is not None
    assert found.tickers == tickers
    assert (found.ask, found.growth, found.order) == (ask, growth, order)


def test_the_period_span_is_read_years_named_or_the_last_n():
    assert comparison("Compare Apple and Tesla revenue in FY2024").years == (2024,)
    assert comparison("Compare AAPL and NVDA revenue over the last 3 years").recent_years == 3
    named = comparison("Compare Apple and Nvidia revenue in Q2 FY2025")
    assert (named.years, named.quarter) == ((2025,), "Q2")


@pytest.mark.parametrize(
    "question",
    [
        "What was Apple's revenue in FY2024?",  # one company
        "Compare revenue and net income of Apple",  # two measures, one company
        "Compare Apple's revenue growth with the year before",
        "Compare Apple and Microsoft stock over the past year",  # prices, no reported measure
        "What were Apple's and Tesla's main risk factors?",  # no measure
        "Why did Nvidia grow revenue faster than AMD?",  # wants reasons, not a table
    ],
)
def test_questions_that_are_not_comparisons_across_companies(question):
    assert comparison(question) is None


def test_a_follow_up_that_compares_with_another_company_becomes_a_comparison():
    from rag.query import analyze_chat

    query = analyze_chat(
        "How does that compare with Tesla?", ["What was Nvidia's revenue in FY2024?"], AS_OF
    )
    assert query.comparison is not None
    assert query.comparison.tickers == ["NVDA", "TSLA"]
    assert query.comparison.years == (2024,)
