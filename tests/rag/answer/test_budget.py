"""An answer's wall-clock budget: the model's text stops at the deadline, even before its first
word, the generation is closed, and the answer says it was stopped. The whole answer ends by its
hard deadline: the model stops a reserve before it, the passages are embedded before the model
starts, and a sentence not checked by the hard deadline is left out and said. The tests of the
deadlines themselves use a clock they move (or deadlines already passed), never real waiting."""

import threading
import time

import pytest

from core.errors import ModelError
from model.scripted import ScriptedLLM
from model.worker import InferenceWorker
from rag.answer.assistant import BUDGET_NOTICE, Assistant
from rag.answer.budget import Ahead, Budgeted, Deadline
from rag.search.index import Index
from rag.search.retrieve import Retriever

LATE = "could not be checked within the answer time limit"


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


class Clock:
    """A clock the test moves: `now` seconds."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_model_stops_the_reserve_before_the_hard_deadline_at_most_half_the_budget():
    clock = Clock()
    clock.now = 100.0
    deadline = Deadline.after(25.0, 1.5, clock)
    assert (deadline.hard, deadline.model) == (125.0, 123.5)
    assert Deadline.after(2.0, 1.5, clock).model == 101.0  # a short budget: half for the model
    assert not deadline.passed and deadline.left() == 25.0
    clock.now = 125.0
    assert deadline.passed


def test_a_stream_past_its_deadline_on_the_given_clock_yields_nothing_and_is_cut():
    clock = Clock()
    clock.now = 10.0
    budgeted = Budgeted(iter(["a", "b"]), 5.0, clock)
    assert list(budgeted) == [] and budgeted.cut


def test_work_ahead_is_not_waited_for_past_the_deadline_and_its_error_reaches_the_caller():
    release = threading.Event()
    ahead = Ahead(lambda: release.wait(timeout=30))
    assert not ahead.ready(Deadline(0.0, clock=Clock()))  # passed: not waited for
    release.set()
    assert ahead.ready()  # no deadline: waited for

    def failing():
        raise ModelError("the embedder failed")

    with pytest.raises(ModelError, match="embedder failed"):
        Ahead(failing).ready()


@pytest.fixture(scope="module")
def index(sample_home):
    return Index.open(sample_home)


class Timed:
    """The real embedder; `late(texts)` says which call moves the clock past the deadline."""

    def __init__(self, embedder, clock: Clock, late):
        self.inner, self.clock, self.late = embedder, clock, late
        self.name, self.dimension = embedder.name, embedder.dimension

    def embed(self, texts):
        vectors = self.inner.embed(texts)
        if self.late(texts):
            self.clock.now = 1_000.0  # this embedding took the answer past its hard deadline
        return vectors


def _assistant(index, embedder, clock: Clock, reply: str, calls: list) -> Assistant:
    def script(messages):
        calls.append(messages)
        return reply

    return Assistant(
        ScriptedLLM(script=script),
        retriever=Retriever(index.chunks, embedder),
        budget_s=25.0,
        check_reserve_s=1.5,
        clock=clock,
    )


QUESTION = "What does Tesla say about its competition?"
REPLY = (
    "Tesla faces competition from established automakers in electric vehicles [1]. Tesla "
    "expects competition in energy storage to intensify [1]. Tesla also sells solar panels [1]."
)


def test_a_sentence_not_checked_by_the_hard_deadline_is_left_out_and_said(index, embedder):
    """The first sentence's check runs past the hard deadline: the model's stream is stopped
    there, and the finished sentence waiting behind it is left out unchecked, not passed."""
    clock, calls = Clock(), []
    timed = Timed(embedder, clock, lambda texts: any("established automakers" in t for t in texts))
    run = _assistant(index, timed, clock, REPLY, calls).ask(QUESTION)
    answer = run.run()
    assert calls and run.sentences["time"] == 1
    assert "energy storage to intensify" not in answer.answer
    assert "solar panels" not in answer.answer  # never read: the model's text was stopped
    assert BUDGET_NOTICE in answer.notice and f"1 because they {LATE}" in answer.notice


def test_the_model_is_not_asked_when_the_passages_embedding_ends_past_the_deadline(index, embedder):
    """The cited passages are embedded before the model starts; when that ends past the
    deadline the model is never started (it would read its whole prompt for nothing)."""
    clock, calls = Clock(), []
    ahead = lambda texts: threading.current_thread().name == "answer-ahead"  # noqa: E731
    run = _assistant(index, Timed(embedder, clock, ahead), clock, REPLY, calls).ask(QUESTION)
    answer = run.run()
    assert calls == [] and run.record.citations
    assert BUDGET_NOTICE in answer.notice and "established automakers" not in answer.answer


def test_in_time_every_sentence_is_checked_and_no_time_notice(index, embedder):
    clock, calls = Clock(), []
    timed = Timed(embedder, clock, lambda texts: False)
    run = _assistant(index, timed, clock, REPLY, calls).ask(QUESTION)
    answer = run.run()
    assert calls and run.sentences["drafted"] == 3 and run.sentences["time"] == 0
    assert BUDGET_NOTICE not in (answer.notice or "") and LATE not in (answer.notice or "")
