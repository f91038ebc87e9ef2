"""A question about a listed company the store holds nothing of is refused in words that name it
and the command that ingests it, over the real demo index (six companies of 8,049)."""

import json

import pytest

from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.query.registry import TICKER_FILE
from rag.search.index import Index

DEMO = {"AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "JPM"}


@pytest.fixture(scope="module")
def assistant(sample_home, embedder):
    llm = ScriptedLLM(script=lambda messages: "No answer.")
    return assistant_over(llm, Index.open(sample_home), lambda: embedder, 64)


def spread_of_listed_tickers(count: int) -> list[str]:
    """Every n-th row of the SEC ticker file, the demo companies aside."""
    rows = list(json.loads(TICKER_FILE.read_bytes()).values())
    step = len(rows) // count
    return [r["ticker"] for r in rows[::step] if r["ticker"] not in DEMO][:count]


def test_walmart_is_refused_by_name_with_the_commands_that_ingest_it(assistant):
    answer = assistant.ask("What was Walmart's revenue in FY2024?").run()
    assert answer.refused and answer.citations == [] and answer.facts == []
    assert answer.answer == (
        "I have no filings or prices for Walmart (WMT); ingest them with "
        "`finassist ingest sec --ticker WMT` and `finassist ingest prices --ticker WMT`."
    )


@pytest.mark.parametrize("ticker", spread_of_listed_tickers(20))
def test_any_listed_company_without_data_is_refused_not_answered_from_another(assistant, ticker):
    answer = assistant.ask(f"What was {ticker}'s closing price on 2025-11-07?").run()
    assert answer.refused and answer.facts == []
    assert answer.answer.startswith("I have no filings or prices for ")
    assert f"--ticker {ticker}`" in answer.answer


def test_a_comparison_names_the_company_that_is_missing_and_fills_nothing_in(assistant):
    answer = assistant.ask("Compare Costco's revenue with Apple's in FY2024.").run()
    rows = {row.ticker: row for row in answer.table.rows}
    missing = "the store holds no filings, facts or prices of COST"
    assert all(c.value is None and c.missing.startswith(missing) for c in rows["COST"].cells)
    assert "COST: " + missing in answer.answer.splitlines()[0]
    assert "`finassist ingest sec --ticker COST`" in answer.answer
    assert answer.facts and all(f.name.startswith("AAPL ") for f in answer.facts)


def test_companies_the_store_holds_are_answered(assistant):
    answer = assistant.ask("What was Apple's revenue in FY2024?").run()
    assert not answer.refused and answer.facts
    answer = assistant.ask("What was AAPL's closing price on 2025-11-07?").run()
    assert not answer.refused and answer.facts


def test_a_company_the_question_only_mentions_beside_one_held_does_not_refuse(assistant):
    question = "To what level did Wells Fargo adjust its price target on Amazon.com in Feb 2025?"
    answer = assistant.ask(question).run()
    assert "I have no filings or prices" not in answer.answer
