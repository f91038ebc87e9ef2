"""Everyday verbs for reported figures (rag.query.phrasing): what they ask, and the idioms that
look alike and ask something else."""

from datetime import date

import pytest

from rag.query.analysis import analyze

AS_OF = date(2025, 11, 7)


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("How much did Amazon sell in 2024?", "revenue"),
        ("How much has Walmart sold this fiscal year?", "revenue"),
        ("How much did Apple earn in fiscal 2024?", "net_income"),
        ("How much cash did Apple generate from its operations in 2024?", "operating_cash_flow"),
        ("What were TSLA's total revenues for fiscal year 2024?", "revenue"),
        ("What was Apple's profit in fiscal 2024?", "net_income"),
        ("How much did Tesla invest in capital expenditures in 2024?", "capex"),
    ],
)
def test_a_figure_asked_in_everyday_words_is_a_facts_question(question, metric):
    query = analyze(question, AS_OF)
    assert query.intent == "facts"
    assert [m.key for m in query.figures.metrics] == [metric]


def test_what_looks_alike_is_not_rewritten():
    eps = analyze("How much did AAPL earn per diluted share in FY2024?", AS_OF)
    assert [m.key for m in eps.figures.metrics] == ["eps_diluted"]
    units = analyze("How many iPhones did Apple sell in 2024?", AS_OF)
    assert units.figures.metrics == ()
    insider = analyze("How much stock did Jeff Bezos sell in 2024?", AS_OF)
    assert insider.figures.metrics == ()


@pytest.mark.parametrize(
    "question",
    [
        "How much did Apple spend buying back stock in fiscal 2024?",
        "How much did Microsoft spend on stock buybacks in 2024?",
        "Did Apple buy back its own shares in 2024?",
    ],
)
def test_buying_back_stock_asks_about_repurchases_not_the_stock_price(question):
    query = analyze(question, AS_OF)
    assert query.intent != "prices" and not query.prices.market
    assert "repurchases" in query.search_text
