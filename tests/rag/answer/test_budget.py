"""An answer's wall-clock budget: the model's text stops at the deadline, even before its first
word, the generation is closed, and the answer says it was stopped."""

import threading
import time

import pytest

from core.errors import ModelError
from model.scripted import ScriptedLLM
from model.worker import InferenceWorker
from rag.answer.assistant import BUDGET_NOTICE, Assistant
from rag.answer.budget import Budgeted


def test_a_model_still_reading_its_prompt_is_left_at_the_deadline_and_closed_later():
    release, closed = threading.Event(), threading.Event()

    def slow_prompt():
        try:
            release.wait(timeout=30)  # a model evaluating a long prompt: no piece yet
            yield "late"
            yield "later"
        finally:
            closed.set()

    budgeted = Budgeted(slow_prompt(), time.monotonic() + 0.2)
    assert list(budgeted) == []
    assert budgeted.cut
    release.set()  # the model reaches its first token: the stream is closed there
    assert closed.wait(timeout=10)


def test_a_stream_that_ends_in_time_is_whole_and_not_cut():
    budgeted = Budgeted(iter(["a", "b", "c"]), time.monotonic() + 30)
    assert list(budgeted) == ["a", "b", "c"]
    assert not budgeted.cut


def test_a_failing_model_still_fails_in_the_callers_thread():
    def failing():
        yield "a"
        raise ModelError("the model process died")

    with pytest.raises(ModelError, match="died"):
        list(Budgeted(failing(), time.monotonic() + 30))


def test_an_answer_over_its_budget_keeps_what_was_written_and_says_it_was_stopped():
    script = " ".join(f"word{i}" for i in range(2000))
    slow = ScriptedLLM(script=lambda messages: script, delay_s=0.01)
    answer = Assistant(slow, max_tokens=2000, budget_s=0.5).ask("Tell me a story").run()
    assert answer.answer.startswith("word0")
    assert len(answer.answer.split()) < 2000
    assert BUDGET_NOTICE in answer.notice


def test_the_real_model_is_stopped_at_the_budget_and_free_for_the_next_question(llamacpp_llm):
    worker = InferenceWorker(llamacpp_llm)  # as the app runs it: one generation at a time
    question = "Write a very long essay about the history of stock exchanges."
    answer = Assistant(worker, max_tokens=400, budget_s=0.3).ask(question).run()
    assert BUDGET_NOTICE in answer.notice
    follow = Assistant(worker, max_tokens=8).ask("What is the capital of France?").run()
    assert "paris" in follow.answer.lower() and BUDGET_NOTICE not in follow.notice
