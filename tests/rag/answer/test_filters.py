"""Filters never answer about another company: when the user's filters exclude what the question
names (a company, a kind of source, a date window), the answer says so in one sentence and
offers to widen them, without searching or asking the model. Over the real demo index."""

from datetime import date

import pytest

from model.scripted import ScriptedLLM
from rag.answer.assistant import Assistant, Scope
from rag.figures.reported import FactFinder
from rag.search.index import Index
from rag.search.retrieve import Retriever

AS_OF = date(2025, 11, 7)
TESLA_ONLY = Scope(tickers=["TSLA"])


@pytest.fixture(scope="module")
def index(sample_home):
    return Index.open(sample_home)


@pytest.fixture
def calls() -> list:
    return []


@pytest.fixture
def assistant(index, embedder, calls) -> Assistant:
    def script(messages):
        calls.append(messages)
        return "Noted [1]."

    return Assistant(
        ScriptedLLM(script=script),
        retriever=Retriever(index.chunks, embedder),
        facts=FactFinder(index.facts, index.prices, index.chunks),
        as_of=AS_OF,
    )


def test_a_company_outside_the_companies_filter_is_refused_never_answered_about_another(
    assistant, calls
):
    answer = assistant.ask("What was Apple's revenue in FY2024?", scope=TESLA_ONLY).run()
    assert answer.refused and calls == []
    assert answer.answer == (
        "Your filters limit the search to TSLA; the question asks about Apple (AAPL). "
        "Clear the Companies filter to answer it."
    )
    assert answer.facts == [] and answer.citations == []


def test_the_same_question_inside_the_filter_is_answered(assistant):
    answer = assistant.ask("What was Apple's revenue in FY2024?", scope=Scope(tickers=["AAPL"]))
    record = answer.run()
    assert not record.refused and record.tickers == ["AAPL"]
    assert any(f.value == 391_035_000_000 for f in record.facts)


def test_a_question_naming_no_company_is_answered_about_the_filters_company(assistant):
    answer = assistant.ask("What was the revenue in fiscal 2024?", scope=TESLA_ONLY).run()
    assert not answer.refused and answer.tickers == ["TSLA"]
    assert answer.facts and {c.ticker for c in answer.citations} == {"TSLA"}


def test_a_follow_up_about_a_company_outside_the_filter_is_refused(assistant, calls):
    history = [{"role": "user", "content": "What was Apple's revenue in FY2024?"}]
    answer = assistant.ask("What about Tesla?", history, scope=Scope(tickers=["AAPL"])).run()
    assert answer.refused and calls == []
    assert "the question asks about Tesla (TSLA)" in answer.answer


def test_one_of_two_compared_companies_outside_the_filter_is_refused(assistant):
    question = "Compare Apple's revenue with Tesla's revenue in FY2024."
    answer = assistant.ask(question, scope=TESLA_ONLY).run()
    assert answer.refused and "asks about Apple (AAPL)" in answer.answer


def test_a_form_outside_the_sources_filter_is_refused(assistant, calls):
    question = "What did Apple's 10-K say about competition?"
    answer = assistant.ask(question, scope=Scope(sources=["news"])).run()
    assert answer.refused and calls == []
    assert answer.answer == (
        "Your filters limit the search to News; the question asks about 10-K filings. "
        "Add SEC filings or Uploads to the sources searched to answer it."
    )


def test_a_date_outside_the_dates_filter_is_refused(assistant):
    question = "What was AAPL's closing price on 2025-11-03?"
    scope = Scope(date_from="2024-01-01", date_to="2024-12-31")
    answer = assistant.ask(question, scope=scope).run()
    assert answer.refused and answer.answer == (
        "Your filters limit the search to 2024-01-01 to 2024-12-31; the question asks about "
        "2025-11-03. Clear the dates filter to answer it."
    )
    inside = assistant.ask(question, scope=Scope(date_from="2025-11-01")).run()
    assert not inside.refused and inside.facts
