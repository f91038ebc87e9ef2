import pytest

from core.errors import InputError
from model.scripted import ScriptedLLM
from rag.answer.assistant import MAX_QUESTION_CHARS, Assistant


def test_an_answer_streams_and_then_records_timings_and_the_model():
    run = Assistant(ScriptedLLM()).ask("What is EPS?")
    pieces = list(run)
    assert "".join(pieces) == "You asked: What is EPS?"
    assert run.answer.answer == "You asked: What is EPS?"
    assert run.answer.model == "scripted"
    assert run.answer.timings.total_ms >= run.answer.timings.first_token_ms >= 0


def test_without_an_index_the_answer_says_it_is_not_grounded():
    answer = Assistant(ScriptedLLM()).ask("What was Apple's revenue?").run()
    assert answer.grounded is False and answer.citations == []
    assert "not checked against any source" in answer.notice


def test_an_empty_question_is_refused_with_a_clear_error():
    with pytest.raises(InputError, match="empty"):
        Assistant(ScriptedLLM()).ask("   ")


def test_an_overlong_question_is_refused_with_its_length_and_the_limit_never_cut():
    calls = []
    llm = ScriptedLLM(script=lambda messages: calls.append(messages) or "made up")
    answer = Assistant(llm).ask("x" * 5214).run()
    assert answer.refused and calls == []
    assert answer.answer == "Your question is 5,214 characters; the limit is 2,000. Shorten it."
    at_limit = Assistant(llm).ask("x" * MAX_QUESTION_CHARS).run()
    assert not at_limit.refused and len(calls) == 1


def test_earlier_turns_reach_the_model():
    seen = []

    def remember(messages):
        seen.append(messages)
        return "ok"

    history = [
        {"role": "user", "content": "Tell me about NVDA"},
        {"role": "assistant", "content": "ok"},
    ]
    Assistant(ScriptedLLM(script=remember)).ask("and its margin?", history).run()
    assert [m["content"] for m in seen[0][1:]] == ["Tell me about NVDA", "ok", "and its margin?"]


def test_the_real_model_answers_a_question(llamacpp_llm):
    answer = Assistant(llamacpp_llm, max_tokens=24).ask("What does a 10-K report contain?").run()
    assert len(answer.answer.split()) >= 3
    assert answer.timings.first_token_ms > 0
