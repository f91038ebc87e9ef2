"""Answers over the real demo index: cited passages, refusal, the ask --json contract."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from cli import main
from model.scripted import ScriptedLLM
from rag.answer.assistant import REFUSAL, Assistant
from rag.search.retrieve import Retriever
from rag.search.store import ChunkStore

AS_OF = date(2025, 11, 7)


@pytest.fixture(scope="module")
def retriever(sample_home, embedder):
    return Retriever(ChunkStore.open(sample_home), embedder)


def test_the_model_sees_numbered_quoted_sources_and_the_answer_cites_them(retriever):
    prompts = []

    def remember(messages):
        prompts.append(messages[-1]["content"])
        return "Apple's total net sales were $391,035 million in 2024 [1]."

    assistant = Assistant(ScriptedLLM(script=remember), retriever=retriever, as_of=AS_OF)
    answer = assistant.ask("What were Apple's total net sales in fiscal 2024?").run()
    assert not answer.refused and answer.as_of == "2025-11-07"
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert all(c.ticker == "AAPL" for c in answer.citations)
    assert any("391,035" in c.snippet for c in answer.citations)
    prompt = prompts[0]
    assert prompt.startswith("Sources (JSON") and '\n{"source": 1, ' in prompt
    assert prompt.rstrip().endswith("Question: What were Apple's total net sales in fiscal 2024?")
    assert answer.timings.retrieval_ms > 0


def test_with_nothing_relevant_indexed_the_assistant_refuses_without_calling_the_model(
    tmp_path, embedder
):
    calls = []
    llm = ScriptedLLM(script=lambda m: calls.append(m) or "made up")
    empty = Retriever(ChunkStore.open(tmp_path), embedder)
    answer = Assistant(llm, retriever=empty, as_of=AS_OF).ask("What was Apple's revenue?").run()
    assert answer.refused and answer.answer == REFUSAL and answer.citations == []
    assert calls == []


def test_ask_json_answers_from_the_demo_index_with_the_real_model(sample_home):
    result = CliRunner(env={"FINASSIST_HOME": str(sample_home)}).invoke(
        main, ["ask", "How did Nvidia describe its data center business?", "--json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["answer"].strip() and answer["refused"] is False
    assert answer["as_of"] == "2025-11-07"
    assert answer["citations"] and all(c["ticker"] == "NVDA" for c in answer["citations"])
    first = answer["citations"][0]
    assert set(first) >= {"n", "title", "source", "ticker", "form", "date", "url", "locator"}
    assert answer["timings"]["retrieval_ms"] > 0
