"""Inference in a child process, so a crash in the model never takes the app down.

`ModelProcess` is an `LLM` whose generations run in a child process (`model.child`, started with
`python -m`, never forked from a process that already runs threads) that loads the configured
backend and streams text pieces back over a socket pair. A stopped generation (cancel, deadline,
a caller that stops reading) is stopped in the child between two tokens; the child lives on. If
the child dies (a segfault in llama.cpp, the OOM killer, `kill -9`), the generation in flight
fails with a ModelError in words and the next one starts a fresh child.
"""

import os
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator, Sequence
from multiprocessing import Pipe
from pathlib import Path

from core.errors import ModelError
from core.protocols import Message
from core.settings import Settings
from model.llamacpp_runtime import FIX

ROOT = Path(__file__).resolve().parent.parent
STOP_WAIT_S = 30.0  # a stopped generation that has not ended by then gets its child killed
CLOSE_WAIT_S = 5.0
LOADING, ANSWERING = "while loading the model", "while answering"


class ModelProcess:
    """The configured backend, served by a child process; one generation at a time (the
    inference worker serializes them). `facts` says what the child loaded: the model file,
    threads, and for llama.cpp its CPU features and backend variant."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = settings.llm.backend
        self.facts: dict = {}
        self._process: subprocess.Popen | None = None
        self._conn = None
        self._ids = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return self._process.pid if self._process is not None else None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> "ModelProcess":
        """Start a child and wait until its model is loaded; a load failure is raised here."""
        with self._lock:
            self._discard()
            ours, theirs = Pipe()
            path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "model.child", str(theirs.fileno())],
                    pass_fds=[theirs.fileno()],
                    stdin=subprocess.DEVNULL,
                    stdout=_stderr(),  # nothing the child prints mixes into a command's output
                    env={**os.environ, "PYTHONPATH": path},
                )
            except OSError as exc:
                ours.close()
                raise ModelError(f"could not start the model process: {exc}") from exc
            finally:
                theirs.close()  # so the child's death reads as end-of-file here
            self._conn = ours
            weakref.finalize(self, _kill, self._process)
            self._send(self.settings, LOADING)
            reply = self._receive(LOADING)
            self.facts = reply[-1]
            if reply[0] == "failed":
                self._discard()
                raise reply[1]
            self.name = self.facts["name"]
            return self

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        if not self.alive:
            self.start()  # the last child died: this question gets a fresh one
        self._ids += 1
        gen = self._ids
        self._send(("generate", gen, list(messages), max_tokens), ANSWERING)
        ended = False
        try:
            while True:
                kind, got, *rest = self._receive(ANSWERING)
                if got != gen:
                    continue  # the tail of an earlier, stopped generation
                if kind == "pieces":
                    yield from rest[0]
                    continue
                ended = True
                if kind == "error":
                    raise rest[0]
                return
        finally:
            if not ended:
                self._stop(gen)

    def close(self) -> None:
        """Ask the child to exit (killing it if it does not) and forget it."""
        with self._lock:
            if self.alive:
                try:
                    self._conn.send(("close",))
                    self._process.wait(CLOSE_WAIT_S)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._discard()

    def _stop(self, gen: int) -> None:
        """Stop generation `gen` in the child and wait for its end; kill a child that hangs."""
        if not self.alive:
            return
        try:
            self._conn.send(("stop", gen))
            while self._conn.poll(STOP_WAIT_S):
                kind, got, *_ = self._conn.recv()
                if got == gen and kind in ("done", "error"):
                    return
        except (EOFError, OSError):
            pass
        self._discard(kill=True)

    def _send(self, message, when: str) -> None:
        try:
            self._conn.send(message)
        except (OSError, AttributeError):  # AttributeError: closed meanwhile
            raise self._died(when) from None

    def _receive(self, when: str) -> tuple:
        try:
            return self._conn.recv()
        except (EOFError, OSError, AttributeError):
            raise self._died(when) from None

    def _died(self, when: str) -> ModelError:
        """The child is gone: reap it, say how it ended and what to do."""
        process = self._process
        self._discard()
        code = process.returncode if process is not None else None
        if code == -signal.SIGILL:
            advice = f"this llama.cpp was built for another CPU: {FIX}"
        elif when == LOADING:
            advice = "`finassist doctor` shows what llama.cpp runs on"
        else:
            advice = "ask again to restart it"
        return ModelError(
            f"the model process stopped unexpectedly {when} ({how_it_ended(code)}); {advice}"
        )

    def _discard(self, kill: bool = False) -> None:
        """Close the pipe and reap the child: killed at once, or after CLOSE_WAIT_S to exit."""
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if kill:
                _kill(self._process)
            try:
                self._process.wait(CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:
                _kill(self._process)
                self._process.wait()
        self._process = self._conn = None


def how_it_ended(returncode: int | None) -> str:
    """An exit status in words: 'killed by signal 9, SIGKILL', 'exited with status 1'."""
    if returncode is None:
        return "closed"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "an unknown signal"
        return f"killed by signal {-returncode}, {name}"
    return f"exited with status {returncode}"


def _stderr() -> int:
    """This process's standard error, where the child's standard output goes too."""
    try:
        return sys.__stderr__.fileno()
    except (AttributeError, OSError, ValueError):
        return subprocess.DEVNULL


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
