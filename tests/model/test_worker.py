"""The inference worker: turns, 'busy' when full, deadlines, cancellation, errors."""

import threading
import time

import pytest

from core.errors import ModelBusy, ModelError
from model.scripted import ScriptedLLM
from model.worker import InferenceWorker

ASK = [{"role": "user", "content": "one two three four five six"}]


def test_concurrent_callers_are_served_in_turn_and_each_gets_its_whole_reply():
    worker = InferenceWorker(ScriptedLLM(delay_s=0.01), queue_size=8)
    replies: dict[int, str] = {}

    def ask(n: int) -> None:
        question = [{"role": "user", "content": f"question {n}"}]
        replies[n] = "".join(worker.stream(question, max_tokens=50))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replies == {n: f"You asked: question {n}" for n in range(5)}


def test_a_full_queue_answers_busy_at_once_and_queued_requests_still_finish():
    worker = InferenceWorker(ScriptedLLM(delay_s=0.05), queue_size=2)
    running = worker.submit(ASK)
    while running.position != 0:  # wait until the worker has taken it
        time.sleep(0.005)
    waiting = [worker.submit(ASK), worker.submit(ASK)]
    assert [g.position for g in waiting] == [1, 2]
    started = time.monotonic()
    with pytest.raises(ModelBusy, match="busy"):
        worker.submit(ASK)
    assert time.monotonic() - started < 1.0
    for generation in [running, *waiting]:
        assert "".join(generation) == "You asked: one two three four five six"
        assert generation.finish_reason == "stop"


def test_the_deadline_stops_a_generation_that_runs_too_long_and_frees_the_worker():
    worker = InferenceWorker(ScriptedLLM(delay_s=0.05), deadline_s=0.12)
    slow = worker.submit([{"role": "user", "content": " ".join(["word"] * 200)}], max_tokens=200)
    pieces = list(slow)
    assert slow.finish_reason == "deadline"
    assert 1 <= len(pieces) < 20
    assert "".join(InferenceWorker(ScriptedLLM(), deadline_s=5).stream(ASK, max_tokens=3))


def test_the_token_limit_is_capped_by_the_worker_setting():
    worker = InferenceWorker(ScriptedLLM(), max_tokens=3)
    generation = worker.submit(ASK, max_tokens=100)
    assert len(list(generation)) == 3
    assert generation.finish_reason == "length"


def test_a_cancelled_request_stops_and_one_still_waiting_never_runs():
    worker = InferenceWorker(ScriptedLLM(delay_s=0.05), queue_size=4)
    long = worker.submit([{"role": "user", "content": " ".join(["w"] * 100)}], max_tokens=100)
    queued = worker.submit(ASK)
    queued.cancel()
    assert list(queued) == [] and queued.finish_reason == "cancelled"
    first = next(iter(long))
    long.cancel()
    rest = list(long)
    assert first and len(rest) < 10
    assert long.finish_reason == "cancelled"


def test_a_failing_model_reports_the_error_to_its_caller_and_the_worker_lives_on():
    def explode(messages):
        if "boom" in messages[-1]["content"]:
            raise RuntimeError("backend crashed")
        return "fine"

    worker = InferenceWorker(ScriptedLLM(script=explode))
    with pytest.raises(ModelError, match="backend crashed"):
        list(worker.stream([{"role": "user", "content": "boom"}], max_tokens=5))
    assert "".join(worker.stream(ASK, max_tokens=5)) == "fine"


def test_the_real_model_serves_concurrent_callers_through_the_worker(llamacpp_llm):
    worker = InferenceWorker(llamacpp_llm, queue_size=4)
    replies: list[str] = []
    questions = ["Name a fruit.", "Name a color.", "Name an animal."]

    def ask(text: str) -> None:
        replies.append("".join(worker.stream([{"role": "user", "content": text}], max_tokens=12)))

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(replies) == 3 and all(reply.strip() for reply in replies)


class Gate:
    """An LLM that records what it serves and holds its first request until `release()`."""

    name = "gate"

    def __init__(self):
        self.served: list[str] = []
        self.started, self.released = threading.Event(), threading.Event()

    def release(self) -> None:
        self.released.set()

    def stream(self, messages, *, max_tokens: int):
        self.served.append(messages[-1]["content"])
        self.started.set()
        self.released.wait()
        yield "ok"


def test_users_are_served_round_robin_and_a_burst_cannot_shut_others_out():
    gate = Gate()
    worker = InferenceWorker(gate, queue_size=3)
    first = worker.submit([{"role": "user", "content": "a0"}], user="alice")
    assert gate.started.wait(10)  # the worker holds alice's first request

    def ask(text: str, user: str):
        return worker.submit([{"role": "user", "content": text}], user=user)

    burst = [ask(f"a{n}", "alice") for n in (1, 2, 3)]  # the queue is full now
    with pytest.raises(ModelBusy):
        ask("a4", "alice")
    bob = ask("b1", "bob")  # admitted: bob has nothing waiting
    with pytest.raises(ModelBusy):
        ask("b2", "bob")
    assert bob.position == 1 and [g.position for g in burst] == [2, 3, 4]
    carol = ask("c1", "carol")
    assert carol.position == 2 and [g.position for g in burst] == [3, 4, 5]
    gate.release()
    for generation in [first, *burst, bob, carol]:
        assert "".join(generation) == "ok"
    assert gate.served == ["a0", "b1", "c1", "a1", "a2", "a3"]


def test_the_arrival_order_baseline_serves_first_come_first_served():
    gate = Gate()
    worker = InferenceWorker(gate, queue_size=3, round_robin=False)
    first = worker.submit([{"role": "user", "content": "a0"}], user="alice")
    assert gate.started.wait(10)
    queued = [
        worker.submit([{"role": "user", "content": text}], user=user)
        for text, user in [("a1", "alice"), ("a2", "alice"), ("b1", "bob")]
    ]
    assert [g.position for g in queued] == [1, 2, 3]
    gate.release()
    for generation in [first, *queued]:
        assert "".join(generation) == "ok"
    assert gate.served == ["a0", "a1", "a2", "b1"]
