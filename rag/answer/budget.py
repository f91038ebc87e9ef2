"""A wall-clock budget for the model's part of an answer.

`Budgeted(pieces, deadline)` yields a stream's text pieces until the deadline (a
`time.monotonic()` instant) and then stops, even while the model is still reading its prompt and
has produced nothing: the stream is read on a helper thread, the caller waits on a queue with a
timeout. When the caller stops (deadline, or it stops reading), the stream is closed on its own
thread at its next piece, which cancels the generation in the inference worker. The LLM must
serialize its generations (the `InferenceWorker` does): a stopped one may still be reading its
prompt when the next one starts.
"""

import queue
import threading
import time
from collections.abc import Iterator

_END = object()


class Budgeted:
    """Iterate for the pieces that arrived in time; `cut` says whether the deadline stopped it."""

    def __init__(self, pieces: Iterator[str], deadline: float):
        self.cut = False
        self._deadline = deadline
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
                left = self._deadline - time.monotonic()
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
