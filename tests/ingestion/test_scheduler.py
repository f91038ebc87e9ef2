"""The scheduler: job definitions from settings, jobs in their own process under a time limit and
the writer lock (waited for briefly when busy), and one scheduler per FINASSIST_HOME. Jobs are
real spawned processes; the other writer is a real process too."""

import functools
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)

from core.settings import load_settings
from ingestion.lock import WriterLock
from ingestion.scheduler import (
    JobFailed,
    SchedulerRunning,
    build_scheduler,
    leadership,
    log_event,
    run_forever,
    run_job,
)
from tests.ingestion import scheduler_jobs

ROOT = Path(__file__).resolve().parents[2]
PATIENCE_S = 60  # generous upper bound for a spawned job process on a busy machine


@pytest.fixture(autouse=True)
def importable_jobs(monkeypatch):
    """Spawned job processes get our sys.path; with it they import `tests.ingestion...` jobs."""
    monkeypatch.syspath_prepend(str(ROOT))


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def evidence(tmp_path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    return folder


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_there_is_one_job_per_source_kind_at_the_intervals_from_settings(home):
    settings = load_settings(
        home=home,
        ingest={"sec_every_min": 7, "prices_every_min": 11, "news_every_min": 13},
    )
    scheduler = build_scheduler(settings, scheduler_jobs.fail)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert sorted(jobs) == ["news", "prices", "sec"]
    minutes = {kind: job.trigger.interval for kind, job in jobs.items()}
    assert minutes == {
        "sec": timedelta(minutes=7),
        "prices": timedelta(minutes=11),
        "news": timedelta(minutes=13),
    }
    for kind, job in jobs.items():
        assert (job.max_instances, job.coalesce) == (1, True)
        assert job.misfire_grace_time == job.trigger.interval.total_seconds()
        assert job.func is run_job
        ingest = settings.ingest
        assert job.args == (scheduler_jobs.fail, kind, home, ingest.job_timeout_s, 120)


def test_a_job_runner_the_job_process_cannot_import_is_refused_up_front(home):
    with pytest.raises(TypeError, match="cannot be sent to a job process"):
        build_scheduler(load_settings(home=home), lambda kind: kind)


def test_a_job_runs_in_its_own_process_and_returns_its_result(home, evidence):
    result = run_job(functools.partial(scheduler_jobs.touch, str(evidence)), "news", home, 60)
    assert result == "ran news"
    assert int((evidence / "ran-news").read_text()) != os.getpid()


def test_a_job_that_raises_is_a_job_failure_naming_the_error(home):
    with pytest.raises(JobFailed, match="prices job raised ValueError: the prices source sent"):
        run_job(scheduler_jobs.fail, "prices", home, 60)


def test_a_busy_writer_lock_makes_a_job_skip_without_running(home, evidence, caplog):
    job = functools.partial(scheduler_jobs.touch, str(evidence))
    with WriterLock(home):
        assert run_job(job, "sec", home, 60) == "skipped: writer busy"
    assert not (evidence / "ran-sec").exists()
    assert "sec job skipped: writer busy (another FinAssist writer is running" in caplog.text
    assert run_job(job, "sec", home, 60) == "ran sec"  # the lock is free again


HOLDER = """
import sys
from pathlib import Path
from ingestion.lock import WriterLock
with WriterLock(Path(sys.argv[1]), job="another writer"):
    print("held", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


@pytest.fixture
def other_writer(home):
    """Another process holding the writer lock until `release()` is called."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout.readline().strip() == "held"

    def release() -> None:
        process.stdin.write("go\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "released"

    process.release = release
    yield process
    process.kill()
    process.wait()


def test_a_job_waits_for_a_writer_lock_held_briefly_by_another_process(
    home, evidence, other_writer, caplog
):
    job = functools.partial(scheduler_jobs.touch, str(evidence))
    outcome: list[str] = []
    thread = threading.Thread(
        target=lambda: outcome.append(run_job(job, "sec", home, 60, 600, retry_every_s=0.1))
    )
    with caplog.at_level(logging.INFO, logger="ingestion.scheduler"):
        thread.start()
        waiting = f"sec job waiting for the writer lock (held by pid {other_writer.pid} since "
        wait_for(lambda: waiting in caplog.text, "the job to find the lock busy")
        assert ", another writer); trying every few seconds for up to 600 s" in caplog.text
        assert not (evidence / "ran-sec").exists()
        other_writer.release()
        thread.join(PATIENCE_S)
    assert outcome == ["ran sec"]
    assert (evidence / "ran-sec").exists()


def test_a_job_skips_its_run_when_the_lock_stays_busy_past_its_wait(
    home, evidence, other_writer, caplog
):
    job = functools.partial(scheduler_jobs.touch, str(evidence))
    assert run_job(job, "news", home, 60, 0.5, retry_every_s=0.1) == "skipped: writer busy"
    assert not (evidence / "ran-news").exists()
    skipped = "news job skipped: writer busy (another FinAssist writer is running"
    assert f"{skipped} (pid {other_writer.pid}" in caplog.text
    assert "another writer)) after trying for 0.5 s" in caplog.text


def test_a_hanging_job_is_killed_at_its_timeout_and_the_next_run_still_starts(
    home, evidence, caplog
):
    settings = load_settings(home=home)
    settings.ingest.job_timeout_s = 1  # below the setting's floor of 10 s, to keep this short
    job = functools.partial(scheduler_jobs.hang_once, str(evidence))
    scheduler = build_scheduler(settings, job, run_now=False)
    events: queue.Queue = queue.Queue()
    scheduler.add_listener(events.put, EVENT_JOB_ERROR | EVENT_JOB_EXECUTED)
    scheduler.start()
    try:
        scheduler.modify_job("news", next_run_time=datetime.now(UTC))
        first = events.get(timeout=PATIENCE_S)
        assert first.code == EVENT_JOB_ERROR and isinstance(first.exception, JobFailed)
        assert "timed out after 1 s" in str(first.exception)
        hung = int((evidence / "hung-news").read_text())
        with pytest.raises(ProcessLookupError):
            os.kill(hung, 0)  # killed and reaped

        scheduler.modify_job("news", next_run_time=datetime.now(UTC))
        second = events.get(timeout=PATIENCE_S)
        assert second.code == EVENT_JOB_EXECUTED and second.retval == "ran news"
    finally:
        scheduler.shutdown(wait=True)
    assert "news job timed out after 1 s" in caplog.text
    assert "news job failed: news job timed out" in caplog.text


def test_misfires_are_logged(caplog):
    missed = datetime(2025, 8, 1, 6, 0, tzinfo=UTC)
    with caplog.at_level(logging.WARNING):
        log_event(JobExecutionEvent(EVENT_JOB_MISSED, "sec", "default", missed))
    assert "sec job missed its run at 2025-08-01T06:00:00+00:00" in caplog.text


def test_a_second_scheduler_for_the_same_home_is_refused(home):
    settings = load_settings(home=home)
    with leadership(home):
        with pytest.raises(SchedulerRunning, match="already running for .*only one may run"):
            run_forever(settings, scheduler_jobs.fail)
    with leadership(home):  # released when the first one stops
        pass


def test_the_scheduler_process_runs_every_job_holds_the_home_and_stops_on_sigterm(home, evidence):
    code = (
        "import functools, sys\n"
        "from core.settings import load_settings\n"
        "from ingestion.scheduler import run_forever\n"
        "from tests.ingestion.scheduler_jobs import touch\n"
        "run_forever(load_settings(home=sys.argv[1]), functools.partial(touch, sys.argv[2]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(home), str(evidence)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ran = [evidence / f"ran-{kind}" for kind in ("sec", "prices", "news")]
        wait_for(lambda: all(path.exists() for path in ran), "the first run of every job")
        with pytest.raises(SchedulerRunning, match=f"pid {process.pid}"):
            run_forever(load_settings(home=home), scheduler_jobs.fail)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=PATIENCE_S)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    with leadership(home):
        pass
