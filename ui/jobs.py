"""The page's thread runtime: slow work (loading models, answering, refreshing, indexing uploads)
runs in background threads that the page watches, so it survives reruns.

Loader builds one heavy part once; Job runs work with progress and ends with a result or a
friendly error; ChildJob is a Job whose work is a child process (a `finassist` command speaking
JSON lines) killed with its process group at a time limit; AnswerJob streams one answer;
QueuedLLM is the inference worker as one question sees it. Jobs live in the session state;
`settle`/`running` look at them, `watch` redraws them.
"""

import atexit
import contextlib
import importlib
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

import streamlit as st

from core import errors
from core.errors import FinAssistError, ModelBusy, ModelError, WriterBusy
from core.types import Answer
from ingestion.audit import AuditLog, answer_detail
from ui.chats import ChatStore
from ui.text import UNEXPECTED, esc, friendly

if TYPE_CHECKING:
    from ui.engine import Engine

log = logging.getLogger("finassist.app")
POLL_S = 0.05  # how often a running job is looked at
HEARTBEAT_S = 0.5  # redraw at least this often, so clicks interrupt the watch loop promptly
BUSY_NOTE = (
    "The model was busy with other questions, so this answer has no text of its own from it; "
    "ask again for one."
)
EXIT_GRACE_S = 5.0  # a child job's last lines are read within this long after it exits

# Parts load one at a time: Python imports packages like numpy and torch safely from one thread at
# a time only (two threads importing them at once can see half-initialized modules and fail).
LOADING = threading.Lock()


class Loader:
    """Builds one heavy part (the model, the embedder, the stores) once, in a background thread,
    so the page is interactive while it loads; `get()` waits for it."""

    def __init__(self, what: str, build: Callable[[], Any]):
        self.what = what
        self.value: Any = None
        self.error: FinAssistError | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(build,), name=f"load {what}", daemon=True).start()

    def _run(self, build: Callable[[], Any]) -> None:
        try:
            with LOADING:
                self.value = build()
        except FinAssistError as exc:
            self.error = exc
        except Exception as exc:  # a broken install must show as a message, not a dead page
            log.exception("loading the %s failed", self.what)
            self.error = ModelError(f"could not load the {self.what}: {exc}")
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def get(self) -> Any:
        self._done.wait()
        if self.error is not None:
            raise self.error
        return self.value


class Job:
    """Work in a background thread: progress while it runs, then a result or a friendly error."""

    def __init__(self, kind: str, work: Callable[["Job"], Any], imports: tuple[str, ...] = ()):
        self.kind = kind
        self.imports = imports  # modules the work needs, imported under the loading lock first
        self.message = "Starting…"
        self.fraction: float | None = None
        self.result: Any = None
        self.error: str | None = None
        self.busy = False  # the error is "someone else is using it", not a failure
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(work,), name=kind, daemon=True).start()

    def progress(self, message: str, fraction: float | None) -> None:
        self.message, self.fraction = message, fraction

    def _run(self, work: Callable[["Job"], Any]) -> None:
        try:
            with LOADING:
                for module in self.imports:
                    importlib.import_module(module)
            self.result = work(self)
        except JobStopped as exc:
            self.error = str(exc)
        except FinAssistError as exc:
            self.error, self.busy = friendly(exc), isinstance(exc, ModelBusy | WriterBusy)
        except Exception:  # the page must show a message, whatever broke
            log.exception("%s failed", self.kind)
            self.error = UNEXPECTED
        finally:
            self.done.set()


class JobStopped(FinAssistError):
    """A job ran past its time limit and was killed; the message says so in words."""


class ChildJob(Job):
    """A Job run by a child process in its own process group: `command` prints JSON lines
    (`{"progress", "fraction"}`, then `{"result"}` or `{"error"}`, as `finassist ... --json-lines`
    does). The whole group is killed once `timeout_s` has passed; `limit` names the setting.

    `decode` turns the child's result into what the page shows; `cleanup` runs when it ends.
    """

    def __init__(
        self,
        kind: str,
        command: Sequence[str],
        *,
        what: str,
        timeout_s: float,
        limit: str,
        env: dict[str, str] | None = None,
        decode: Callable[[Any], Any] = lambda result: result,
        cleanup: Callable[[], None] = lambda: None,
    ):
        self.command, self.env = list(command), env
        self.what, self.timeout_s, self.limit = what, timeout_s, limit
        self.decode, self.cleanup = decode, cleanup
        self.pid: int | None = None
        self._said: dict[str, Any] = {}
        super().__init__(kind, ChildJob._child)

    def _child(self) -> Any:
        try:
            return self.decode(self._supervise())
        finally:
            self.cleanup()

    def _supervise(self) -> Any:
        process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
            env=self.env,
            start_new_session=True,  # its own process group, so all of it can be killed
        )
        self.pid = process.pid
        with _children_lock:
            _children.add(process)
        reader = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        reader.start()
        try:
            process.wait(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("%s ran past %g s: killing its process group", self.kind, self.timeout_s)
            _kill_group(process)
            raise JobStopped(
                f"{self.what} stopped after {self.timeout_s:g} s (the job time limit, setting "
                f"{self.limit})."
            ) from None
        finally:
            reader.join(EXIT_GRACE_S)  # at most this long for lines still in the pipe
            with _children_lock:
                _children.discard(process)
        if "error" in self._said:
            raise child_error(self._said["error"])
        if "result" not in self._said:
            raise FinAssistError(
                f"the {self.what.lower()} process stopped unexpectedly ({_exit(process)})"
            )
        return self._said["result"]

    def _read(self, stream: IO[str]) -> None:
        """Take in the child's lines: progress as it comes, then its result or its error."""
        for line in stream:
            try:
                record = json.loads(line)
            except ValueError:
                log.warning("%s said: %s", self.kind, line.rstrip()[:200])
                continue
            if not isinstance(record, dict):
                continue
            if "progress" in record:
                self.progress(str(record["progress"]), record.get("fraction"))
            self._said.update((k, record[k]) for k in ("result", "error") if k in record)
            if self._said:
                break  # the last line
        stream.close()


def child_error(said: dict) -> FinAssistError:
    """The error a child reported, as the FinAssistError it was (WriterBusy keeps its owner)."""
    if said.get("type") == "WriterBusy":
        return WriterBusy(said.get("owner") or "owner unknown")
    kind = getattr(errors, str(said.get("type")), None)
    message = str(said.get("message", ""))
    if isinstance(kind, type) and issubclass(kind, FinAssistError):
        with contextlib.suppress(TypeError):
            return kind(message)
    return FinAssistError(message)


def _exit(process: subprocess.Popen) -> str:
    code = process.returncode
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by signal {-code}, {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the child and everything it started (its process group), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@atexit.register
def _stop_children() -> None:
    """The app is stopping: its child jobs stop with it."""
    with _children_lock:
        running = list(_children)
    for process in running:
        _kill_group(process)


class QueuedLLM:
    """The process's inference worker as one question sees it: knows its place in the queue.
    A full queue ends the model's text at once, empty, and leaves the reason in `busy`, so the
    rest of the answer (figures, passages, sources) is still given."""

    def __init__(self, worker, user: str = ""):
        self.worker = worker
        self.user = user  # the worker serves users round-robin
        self.name = worker.name
        self.generation = None
        self.busy: ModelBusy | None = None
        self.stopped = threading.Event()

    def stream(self, messages, *, max_tokens: int):
        if self.stopped.is_set():
            return
        try:
            self.generation = self.worker.submit(messages, max_tokens=max_tokens, user=self.user)
        except ModelBusy as exc:
            self.busy = exc
            return
        try:
            yield from self.generation
        finally:
            self.generation.cancel()

    @property
    def position(self) -> int:
        """1 when next in line, 2 behind one other question...; 0 when running or not queued."""
        return self.generation.position if self.generation is not None else 0

    def stop(self) -> None:
        self.stopped.set()
        if self.generation is not None:
            self.generation.cancel()


class AnswerJob(Job):
    """One question being answered: the streamed text so far, then the stored answer."""

    def __init__(self, engine: "Engine", chats: ChatStore, chat_id: int, question: str, scope):
        self.chat_id = chat_id
        self.history = chats.history(chat_id)
        self.question_id = chats.add_question(chat_id, question)
        self.text = ""
        self.llm: QueuedLLM | None = None
        self._stop = threading.Event()
        super().__init__("answer", lambda job: self._answer(engine, chats, question, scope))

    def _answer(self, engine: "Engine", chats: ChatStore, question: str, scope) -> Answer:
        self.progress("Loading the local model…", None)
        self.llm = QueuedLLM(engine.llm.get(), chats.owner)
        if self._stop.is_set():
            self.llm.stop()
        assistant = engine.assistant(self.llm, chats.owner)
        self.progress("Searching the index…", None)
        run = assistant.ask(question, self.history, scope=scope)
        for piece in run:
            self.text += piece
        self.llm.stop()  # a generation the answer's time limit gave up on leaves the model's queue
        if self.llm.busy is not None and not self.text.strip():
            raise self.llm.busy  # nothing to show without the model: "busy, try again"
        answer = run.answer
        notes = [BUSY_NOTE] if self.llm.busy is not None else []
        if self._stop.is_set():
            notes.append("You stopped this answer before it was finished.")
        answer.notice = " ".join([answer.notice, *notes] if answer.notice else notes) or None
        chats.add_answer(self.chat_id, answer)
        AuditLog.open(engine.settings.home).record(
            chats.owner, "ask", **answer_detail(question, answer)
        )
        return answer

    def stop(self) -> None:
        self._stop.set()
        if self.llm is not None:
            self.llm.stop()

    @property
    def position(self) -> int:
        return self.llm.position if self.llm is not None else 0


# ---- jobs in the session --------------------------------------------------------------------


def settle(name: str) -> Job | None:
    """The finished job stored under `name` (removed from the session), else None."""
    job = st.session_state.get(name)
    if job is not None and job.done.is_set():
        del st.session_state[name]
        return job
    return None


def running(name: str) -> Job | None:
    job = st.session_state.get(name)
    return job if job is not None and not job.done.is_set() else None


def finished_job(key: str) -> Job | None:
    """The finished job stored under `key` when it succeeded; its error is shown otherwise
    (a warning when someone else held the index, an error when the work failed)."""
    job = st.session_state.get(key)
    if job is not None and job.error:
        (st.warning if job.busy else st.error)(esc(job.error))
        return None
    return job


# ---- watching jobs ------------------------------------------------------------------------------


def progress_drawer(slot) -> Callable[[Job], None]:
    """Draws a job's progress bar into `slot` whenever it changes."""
    drawn: dict = {"state": None, "at": 0.0}

    def draw(job: Job) -> None:
        state = (job.message, job.fraction)
        if state == drawn["state"] and time.monotonic() - drawn["at"] < HEARTBEAT_S:
            return
        drawn.update(state=state, at=time.monotonic())
        slot.progress(min(max(job.fraction or 0.0, 0.0), 1.0), text=esc(job.message))

    return draw


def watch(views: list[tuple[Job, Callable[[Job], None]]]) -> None:
    """Redraw the running jobs until one of them ends, then rerun the page to show its outcome.

    A click elsewhere interrupts this loop (the next draw raises Streamlit's rerun signal); the
    jobs keep running in their threads and the next run watches them again.
    """
    if not views:
        return
    while True:
        for job, draw in views:
            draw(job)
        if any(job.done.is_set() for job, _ in views):
            break
        time.sleep(POLL_S)
    st.rerun()
