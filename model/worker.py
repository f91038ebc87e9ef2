"""One inference worker per process: a thread that serves a bounded queue of generations in turn.

Concurrent callers wait their turn (each can read its queue position); when the queue is full,
`submit` raises `ModelBusy` at once. Every generation has a token limit and a wall-clock deadline
and can be cancelled; the worker is free for the next request as soon as one ends.

Users are served round-robin: the next request is the oldest one of the user served longest ago,
so one user's burst cannot starve the others; a user with nothing waiting is admitted even when
the queue is full of other users' requests (so the queue holds at most `queue_size` plus one per
user). `round_robin=False` serves first come, first served instead (the baseline that
`finassist bench users` measures the round-robin order against).
"""

import queue
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence

from core.errors import ModelBusy, ModelError
from core.protocols import LLM, Message

_END = object()


class Generation:
    """One queued request. Iterate it for text pieces; `cancel()` stops it at the next piece."""

    def __init__(
        self,
        worker: "InferenceWorker",
        messages: Sequence[Message],
        max_tokens: int,
        user: str = "",
    ):
        self.user = user
        self.messages = list(messages)
        self.max_tokens = max_tokens
        self.finish_reason: str | None = None  # stop | length | deadline | cancelled | error
        self.error: BaseException | None = None
        self.cancelled = threading.Event()
        self._worker = worker
        self._pieces: queue.SimpleQueue = queue.SimpleQueue()

    @property
    def position(self) -> int:
        """1 for the next request to run, 2 behind it, ...; 0 while running or once finished."""
        return self._worker.position(self)

    def cancel(self) -> None:
        self.cancelled.set()
        self._worker.withdraw(self)

    def __iter__(self) -> Iterator[str]:
        while (piece := self._pieces.get()) is not _END:
            yield piece
        if self.error is not None:
            raise self.error

    def _finish(self, reason: str, error: BaseException | None = None) -> None:
        self.finish_reason, self.error = reason, error
        self._pieces.put(_END)


class InferenceWorker:
    """Serializes access to one `LLM`; itself an `LLM`, so callers need not know it is there."""

    def __init__(
        self,
        llm: LLM,
        *,
        queue_size: int = 4,
        max_tokens: int = 384,
        deadline_s=120.0,
        round_robin: bool = True,
    ):
        self.llm = llm
        self.round_robin = round_robin
        self.name = llm.name
        self.queue_size = queue_size
        self.max_tokens = max_tokens
        self.deadline_s = deadline_s
        self._waiting: deque[Generation] = deque()
        self._served: dict[str, int] = {}  # user -> when last served (a count of generations)
        self._turn = 0
        self._ready = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="inference-worker", daemon=True)
        self._thread.start()

    def submit(
        self, messages: Sequence[Message], *, max_tokens: int | None = None, user: str = ""
    ) -> Generation:
        """Queue a generation of `user`'s, or raise ModelBusy at once if `queue_size` requests
        already wait and one of them is this user's."""
        limit = min(max_tokens or self.max_tokens, self.max_tokens)
        generation = Generation(self, messages, limit, user)
        with self._ready:
            if self._closed:
                raise ModelError("the inference worker has shut down")
            full = len(self._waiting) >= self.queue_size
            if full and any(g.user == user for g in self._waiting):
                raise ModelBusy(
                    f"the model is busy ({len(self._waiting)} questions waiting); try again shortly"
                )
            self._waiting.append(generation)
            self._ready.notify()
        return generation

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        generation = self.submit(messages, max_tokens=max_tokens)
        try:
            yield from generation
        finally:
            generation.cancel()

    def position(self, generation: Generation) -> int:
        """Where the generation stands in the order the waiting ones will be served (1: next)."""
        with self._ready:
            order = self._order()
        return order.index(generation) + 1 if generation in order else 0

    def _order(self) -> list[Generation]:
        """The waiting generations in the order they will run."""
        waiting, served, turn, order = list(self._waiting), dict(self._served), self._turn, []
        while waiting:
            chosen = self._next_of(waiting, served)
            waiting.remove(chosen)
            turn += 1
            served[chosen.user] = turn
            order.append(chosen)
        return order

    def withdraw(self, generation: Generation) -> None:
        """Drop a cancelled generation that has not started yet."""
        with self._ready:
            if generation in self._waiting:
                self._waiting.remove(generation)
                generation._finish("cancelled")

    def close(self) -> None:
        with self._ready:
            self._closed = True
            for generation in self._waiting:
                generation._finish("cancelled")
            self._waiting.clear()
            self._ready.notify()
        self._thread.join(timeout=self.deadline_s)
        close = getattr(self.llm, "close", None)
        if close:
            close()  # a model in a child process: the child exits

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._waiting and not self._closed:
                    self._ready.wait()
                if self._closed:
                    return
                generation = self._next_of(self._waiting, self._served)
                self._waiting.remove(generation)
                self._turn += 1
                self._served[generation.user] = self._turn
            self._run(generation)

    def _run(self, generation: Generation) -> None:
        deadline = time.monotonic() + self.deadline_s
        count, reason = 0, "stop"
        pieces = self.llm.stream(generation.messages, max_tokens=generation.max_tokens)
        try:
            for piece in pieces:
                if generation.cancelled.is_set():
                    reason = "cancelled"
                    break
                generation._pieces.put(piece)
                count += 1
                if time.monotonic() > deadline:
                    reason = "deadline"
                    break
            else:
                reason = "length" if count >= generation.max_tokens else "stop"
        except Exception as exc:  # noqa: BLE001 - handed to the caller's thread, worker lives on
            error = exc if isinstance(exc, ModelError) else ModelError(f"generation failed: {exc}")
            generation._finish("error", error)
            return
        finally:
            close = getattr(pieces, "close", None)
            if close:
                close()
        generation._finish(reason)

    def _next_of(self, waiting: Sequence[Generation], served: dict[str, int]) -> Generation:
        """Round-robin: the oldest waiting generation of the user served longest ago (or never);
        otherwise the oldest waiting generation."""
        return _least_recently_served(waiting, served) if self.round_robin else waiting[0]


def _least_recently_served(waiting: Sequence[Generation], served: dict[str, int]) -> Generation:
    return min(enumerate(waiting), key=lambda item: (served.get(item[1].user, 0), item[0]))[1]
