"""An answer's wall-clock budget: the model's text stops early enough for its checks to end in it.

`Deadline` holds one answer's limits as instants of a clock (`time.monotonic` unless a test
injects one): `hard`, by which the whole answer ends, and `model`, `reserve` seconds before it,
where the model's text is stopped so the checks of its last sentences still end by `hard`. A
sentence not checked by `hard` is left out, never passed unchecked (rag.answer.assistant).

`Budgeted(pieces, deadline)` yields a stream's text pieces until the deadline and then stops,
even while the model is still reading its prompt and has produced nothing: the stream is read on
a helper thread, the caller waits on a queue with a timeout. When the caller stops (deadline, or
it stops reading), the stream is closed on its own thread at its next piece, which cancels the
generation in the inference worker. The LLM must serialize its generations (the
`InferenceWorker` does): a stopped one may still be reading its prompt when the next one starts.

`Ahead(work)` runs work an answer will need on a helper thread ahead of the need (the cited
passages' embeddings, before the model starts); `ready(deadline)` waits for it no later than the
deadline, so work that overruns it never holds the answer past its end.
"""

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_END = object()
Clock = Callable[[], float]


@dataclass(frozen=True)
class Deadline:
    """One answer's limits as `clock()` instants: the model stops at `model`, the checks at
    `hard`."""

    hard: float
    reserve: float = 0.0  # seconds before `hard` kept for the checks
    clock: Clock = field(default=time.monotonic, compare=False)

    @classmethod
    def after(cls, budget_s: float, reserve_s: float = 0.0, clock: Clock = time.monotonic):
        """The limits of an answer starting now: `budget_s` in all, the checks' reserve at most
        half of it (a short budget still gives the model time to write)."""
        return cls(clock() + budget_s, min(reserve_s, budget_s / 2), clock)

    @property
    def model(self) -> float:
        return self.hard - self.reserve

    def left(self) -> float:
        """Seconds until `hard` (0 or less once it has passed)."""
        return self.hard - self.clock()

    @property
    def passed(self) -> bool:
        return self.left() <= 0


class Budgeted:
    """Iterate for the pieces that arrived in time; `cut` says whether the deadline stopped it."""

    def __init__(self, pieces: Iterator[str], deadline: float, clock: Clock = time.monotonic):
        self.cut = False
        self._deadline = deadline
        self._clock = clock
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._read, args=(pieces,), name="answer-budget", daemon=True
        )
        self._thread.start()

    def _read(self, pieces: Iterator[str]) -> None:
        try:
            for piece in pieces:
                if self._stop.is_set():
                    break
                self._queue.put(piece)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._error = exc
        finally:
            close = getattr(pieces, "close", None)
            if close:
                close()
            self._queue.put(_END)

    def __iter__(self) -> Iterator[str]:
        try:
            while True:
                left = self._deadline - self._clock()
                if left <= 0:
                    self.cut = True
                    return
                try:
                    piece = self._queue.get(timeout=left)
                except queue.Empty:
                    self.cut = True
                    return
                if piece is _END:
                    if self._error is not None:
                        raise self._error
                    return
                yield piece
        finally:
            self._stop.set()


class Ahead:
    """`work` started now on a helper thread; `ready` says whether it is done in time."""

    def __init__(self, work: Callable[[], object]):
        self._done = threading.Event()
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(work,), name="answer-ahead", daemon=True).start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            self._error = exc
        finally:
            self._done.set()

    def ready(self, deadline: Deadline | None = None) -> bool:
        """Wait for the work until the deadline's `hard` (without one, as long as it takes):
        True once it is done, False if the deadline passes first; its error is raised here."""
        timeout = None if deadline is None else max(0.0, deadline.left())
        if not self._done.wait(timeout):
            return False
        if self._error is not None:
            raise self._error
        return True
