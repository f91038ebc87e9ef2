"""The ingestion scheduler: one APScheduler job per source kind, each run in its own process under
the writer lock and a time limit; a leader lock keeps one scheduler per FINASSIST_HOME. A job that
finds the writer lock busy tries again every few seconds for a while before it skips its run.

What a job does is the caller's `job_runner(kind)` (the CLI builds the stores and the embedder);
this module only decides when it runs, how long it may take, and logs what happened.
"""

import contextlib
import logging
import multiprocessing
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from core.errors import FinAssistError, WriterBusy
from core.settings import Settings
from ingestion.lock import WriterLock

log = logging.getLogger(__name__)

JobRunner = Callable[[str], object]
JOB_INTERVALS = {"sec": "sec_every_min", "prices": "prices_every_min", "news": "news_every_min"}
LEADER_LOCK = "scheduler"
STARTUP_TIMEOUT_S = 120.0  # a spawned interpreter importing the job's modules, on a slow machine
EXIT_GRACE_S = 5.0
BUSY_RETRY_S = 5.0  # how often a job whose writer lock is busy tries again
SKIPPED_BUSY = "skipped: writer busy"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_running: set[BaseProcess] = set()
_running_lock = threading.Lock()


class SchedulerRunning(FinAssistError):
    """Another scheduler already runs for this FINASSIST_HOME."""


class JobFailed(FinAssistError):
    """A scheduled job raised, died, or ran over its time limit (and was killed)."""


# ---- the scheduler --------------------------------------------------------------------------


def build_scheduler(
    settings: Settings, job_runner: JobRunner, *, blocking: bool = False, run_now: bool = True
) -> BaseScheduler:
    """One job per source kind at its `settings.ingest` interval, none overlapping another.

    Jobs run one at a time (they all need the writer lock), never two instances of one job;
    a run that is late by less than its interval still happens, and missed runs coalesce into
    one. With `run_now` every job also runs once at start.
    """
    check_importable(job_runner)
    executor = ThreadPoolExecutor(max_workers=1)
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone=UTC, executors={"default": executor})
    first_run = {"next_run_time": datetime.now(UTC)} if run_now else {}
    for kind, minutes in job_intervals(settings).items():
        scheduler.add_job(
            run_job,
            "interval",
            minutes=minutes,
            args=(
                job_runner,
                kind,
                settings.home,
                settings.ingest.job_timeout_s,
                settings.ingest.lock_wait_s,
            ),
            id=kind,
            name=f"{kind} refresh",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=minutes * 60,  # late (queued, asleep) but before the next one: run
            **first_run,
        )
    scheduler.add_listener(log_event, EVENT_JOB_MISSED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)
    return scheduler


def check_importable(job_runner: JobRunner) -> None:
    """TypeError unless the job process can receive `job_runner` (a module-level function or a
    partial of one; not a lambda or a closure)."""
    try:
        pickle.dumps(job_runner)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise TypeError(
            f"job_runner {job_runner!r} cannot be sent to a job process: {exc}"
        ) from exc


def job_intervals(settings: Settings) -> dict[str, int]:
    """Minutes between runs of each job kind, from `settings.ingest`."""
    return {kind: getattr(settings.ingest, name) for kind, name in JOB_INTERVALS.items()}


def log_event(event: JobEvent) -> None:
    """Log misfires, overlapping runs and failures of scheduled jobs."""
    if event.code == EVENT_JOB_MISSED:
        log.warning("%s job missed its run at %s", event.job_id, _when(event))
    elif event.code == EVENT_JOB_MAX_INSTANCES:
        log.warning("%s job skipped at %s: its last run is still going", event.job_id, _when(event))
    elif event.code == EVENT_JOB_ERROR:
        log.error("%s job failed: %s", event.job_id, getattr(event, "exception", None))


def _when(event: JobEvent) -> str:
    scheduled = getattr(event, "scheduled_run_time", None) or getattr(event, "run_times", [None])[0]
    return scheduled.isoformat(timespec="seconds") if scheduled else "an unknown time"


@contextlib.contextmanager
def leadership(home: Path) -> Iterator[None]:
    """Hold the scheduler lock of `home`; SchedulerRunning if another scheduler holds it."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(WriterLock(home, name=LEADER_LOCK, job="scheduler"))
        except WriterBusy as exc:
            raise SchedulerRunning(
                f"a FinAssist scheduler is already running for {home} ({exc.owner}); only one "
                "may run per FINASSIST_HOME"
            ) from None
        yield


def run_forever(settings: Settings, job_runner: JobRunner) -> None:
    """The scheduler in the foreground until Ctrl-C or SIGTERM (call from the main thread)."""
    with leadership(settings.home):
        scheduler = build_scheduler(settings, job_runner, blocking=True)
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        log.info(
            "scheduler started for %s: every %s minutes", settings.home, job_intervals(settings)
        )
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            log.info("scheduler stopping")
        finally:
            signal.signal(signal.SIGTERM, previous)
            if scheduler.running:
                scheduler.shutdown(wait=False)
            stop_jobs()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


# ---- one job run ----------------------------------------------------------------------------


def run_job(
    job_runner: JobRunner,
    kind: str,
    home: Path,
    timeout_s: float,
    lock_wait_s: float = 0.0,
    retry_every_s: float = BUSY_RETRY_S,
) -> str:
    """Run `job_runner(kind)` in a new process under the writer lock; kill it after `timeout_s`.

    While another writer holds the lock the process tries again every `retry_every_s` for up to
    `lock_wait_s`; then it returns "skipped: writer busy". Otherwise returns the job's result as
    text. Raises JobFailed when the job raised, died, or ran over time. The time limit counts
    from when the process holds the writer lock, not from the spawn.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    level = logging.getLogger().getEffectiveLevel()
    waiting = (lock_wait_s, retry_every_s)
    process = context.Process(
        target=_child,
        args=(job_runner, kind, str(home), sender, level, waiting),
        name=f"finassist-{kind}",
    )
    process.start()
    sender.close()
    with _running_lock:
        _running.add(process)
    reported = False
    try:
        status, detail = _outcome(process, receiver, kind, timeout_s, lock_wait_s)
        reported = True
    finally:
        receiver.close()
        _stop(process, EXIT_GRACE_S if reported else 0)
    if status == "busy":
        waited = f" after trying for {lock_wait_s:g} s" if lock_wait_s else ""
        log.warning("%s job %s (%s)%s", kind, SKIPPED_BUSY, detail, waited)
        return SKIPPED_BUSY
    if status == "error":
        raise JobFailed(f"{kind} job raised {detail}")
    log.info("%s job finished: %s", kind, detail)
    return detail


def _outcome(
    process: BaseProcess, receiver: Connection, kind: str, timeout_s: float, lock_wait_s: float
) -> tuple[str, str]:
    if _receive(process, receiver, kind, STARTUP_TIMEOUT_S) is None:
        raise JobFailed(f"{kind} job process did not start within {STARTUP_TIMEOUT_S:g} s")
    while True:  # the child says when it holds the lock, or that it gave up waiting for it
        locking = _receive(process, receiver, kind, lock_wait_s + STARTUP_TIMEOUT_S)
        if locking is None:
            raise JobFailed(f"{kind} job process neither took nor gave up the writer lock")
        status, detail = locking
        if status != "waiting":
            break
        log.info(
            "%s job waiting for the writer lock (held by %s); trying every few seconds for up "
            "to %g s",
            kind,
            detail,
            lock_wait_s,
        )
    if status != "locked":
        return status, detail
    outcome = _receive(process, receiver, kind, timeout_s)
    if outcome is None:
        log.warning("%s job timed out after %g s; killing process %s", kind, timeout_s, process.pid)
        raise JobFailed(f"{kind} job timed out after {timeout_s:g} s and was killed")
    return outcome


def _receive(
    process: BaseProcess, receiver: Connection, kind: str, timeout_s: float
) -> tuple[str, str] | None:
    """The child's next message, None on timeout; JobFailed if it died without one."""
    if not receiver.poll(timeout_s):
        return None
    try:
        return receiver.recv()
    except EOFError:
        process.join(EXIT_GRACE_S)
        raise JobFailed(f"{kind} job process died (exit code {process.exitcode})") from None


def _stop(process: BaseProcess, grace_s: float = 0) -> None:
    """Give the job process `grace_s` to exit, then terminate it, then kill it; always reap it."""
    process.join(grace_s)
    if process.is_alive():
        process.terminate()
        process.join(EXIT_GRACE_S)
    if process.is_alive():
        process.kill()
    process.join()
    with _running_lock:
        _running.discard(process)


def stop_jobs() -> None:
    """Kill every job process still running (the scheduler is shutting down)."""
    with _running_lock:
        running = list(_running)
    for process in running:
        _stop(process)


def _child(
    job_runner: JobRunner,
    kind: str,
    home: str,
    sender: Connection,
    level: int,
    waiting: tuple[float, float],
) -> None:
    """The job process: report that it started, that it holds the writer lock (or that it is
    waiting for it, or gave up), then run the job and report how it went."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the scheduler, which stops us
    logging.basicConfig(level=level, format=LOG_FORMAT)
    sender.send(("started", ""))
    sender.send(_run_locked(job_runner, kind, Path(home), sender, *waiting))
    sender.close()


def _run_locked(
    job_runner: JobRunner,
    kind: str,
    home: Path,
    sender: Connection,
    lock_wait_s: float,
    retry_every_s: float,
) -> tuple[str, str]:
    lock = WriterLock(home, job=f"scheduled {kind} refresh")
    told = []

    def busy(owner) -> None:
        if not told:  # once is enough for the log
            sender.send(("waiting", str(owner)))
            told.append(owner)

    try:
        lock.acquire(lock_wait_s, retry_every_s, on_busy=busy)
    except WriterBusy as exc:
        return "busy", str(exc)
    sender.send(("locked", ""))
    try:
        result = job_runner(kind)
    except Exception as exc:  # the process boundary: any failure is reported to the scheduler
        log.exception("%s job failed", kind)
        return "error", f"{type(exc).__name__}: {exc}"
    finally:
        lock.release()
    return "done", "done" if result is None else str(result)[:500]
