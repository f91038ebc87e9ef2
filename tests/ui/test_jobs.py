"""The app's child jobs with real processes: `finassist ... --json-lines` speaks the protocol the
app reads, and ChildJob turns it into progress, a result or an error in words; past its time limit
the whole process group is killed and the page says so."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from core.markdown import escape_markdown
from ui import indexing
from ui.jobs import ChildJob, Job

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = ROOT / "tests" / "data" / "uploads"
LIMIT = "FINASSIST_INGEST__JOB_TIMEOUT_S"
PATIENCE_S = 120  # an upper bound for a child on a busy machine, never a expected duration

# A stand-in child: reports progress, starts a grandchild in its group, then does what it is told.
CHILD = """
import json, os, subprocess, sys, time
def say(**record):
    print(json.dumps(record), flush=True)
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
say(progress="Prices: AAPL", fraction=0.25)
print("a stray line that is not JSON", flush=True)
say(progress="Embedding 3/4 chunks", fraction=0.75)
what = sys.argv[1]
if what == "result":
    grandchild.kill()
    say(result={"done": [1, 2]})
elif what == "busy":
    grandchild.kill()
    owner = "pid 4242 since 2025-01-02 03:04:05, finassist refresh"
    say(error={"type": "WriterBusy", "message": "busy", "owner": owner})
    sys.exit(1)
elif what == "die":
    grandchild.kill()
    os.kill(os.getpid(), 9)
else:
    with open(what, "w") as pids:
        pids.write(f"{os.getpid()} {grandchild.pid}")
    time.sleep(600)
"""


def child_job(what: str, timeout_s: float = PATIENCE_S, **kw) -> Job:
    job = ChildJob(
        "refresh",
        [sys.executable, "-c", CHILD, what],
        what="Refresh",
        timeout_s=timeout_s,
        limit=LIMIT,
        **kw,
    )
    assert job.done.wait(PATIENCE_S), "the job ended"
    return job


def gone(pid: int, within_s: float = 30.0) -> bool:
    """Whether the process is dead (or a zombie) within `within_s`: a SIGKILL is delivered
    asynchronously, so a loaded machine may show a killed grandchild running for a moment."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def test_a_child_job_reports_its_progress_then_its_result():
    cleaned = []
    job = child_job("result", decode=lambda said: said["done"], cleanup=lambda: cleaned.append(1))
    assert job.error is None
    assert job.result == [1, 2]
    assert (job.message, job.fraction) == ("Embedding 3/4 chunks", 0.75)
    assert cleaned == [1]


def test_a_child_job_past_its_time_limit_is_killed_with_everything_it_started(tmp_path):
    pids = tmp_path / "pids"
    cleaned = []
    job = child_job(str(pids), timeout_s=1, cleanup=lambda: cleaned.append(1))
    assert job.error == (
        "Refresh stopped after 1 s (the job time limit, setting FINASSIST_INGEST__JOB_TIMEOUT_S)."
    )
    assert not job.busy and job.result is None and cleaned == [1]
    child, grandchild = map(int, pids.read_text().split())
    assert child == job.pid
    assert gone(child) and gone(grandchild), "the whole process group was killed"


def test_a_busy_writer_reported_by_the_child_is_a_busy_warning_naming_the_owner():
    job = child_job("busy")
    assert job.busy
    assert job.error == (
        "The index is being updated by another FinAssist job "
        "(pid 4242 since 2025-01-02 03:04:05, finassist refresh). Try again when it has finished."
    )


def test_a_child_that_dies_without_a_result_says_how_it_ended():
    job = child_job("die")
    assert not job.busy
    assert job.error == (
        "Sorry, that did not work: the refresh process stopped unexpectedly "
        "(killed by signal 9, SIGKILL)"
    )


def finassist_lines(home: Path, *args: str) -> tuple[list[dict], subprocess.CompletedProcess]:
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env={**os.environ, "FINASSIST_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return [json.loads(line) for line in done.stdout.splitlines()], done


def test_ingest_file_json_lines_keeps_the_uploaded_names_and_says_only_json(tmp_path):
    good = tmp_path / "0" / "upload"
    good.parent.mkdir()
    good.write_bytes((UPLOADS / "good" / "financial_phrasebank_README.txt").read_bytes())
    bad = UPLOADS / "bad" / "encrypted_rc4.pdf"
    hostile = "--json notes <b>.txt"
    lines, done = finassist_lines(
        tmp_path / "home",
        "ingest", "file", "--json-lines", f"--name={hostile}", "--name=report.pdf",
        "--", str(good), str(bad),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    *progress, last = lines
    assert progress and all(set(line) == {"progress", "fraction"} for line in progress)
    assert progress[-1]["fraction"] == 1.0
    indexed, rejected = last["result"]
    assert (indexed["name"], indexed["status"]) == (hostile, "indexed") and indexed["chunks"] > 3
    assert (rejected["name"], rejected["status"]) == ("report.pdf", "rejected")
    assert "password-protected" in rejected["reason"]


def test_a_busy_writer_is_one_json_error_line_naming_the_owner(tmp_path):
    from ingestion.lock import WriterLock

    home = tmp_path / "home"
    paper = UPLOADS / "good" / "financial_phrasebank_README.txt"
    with WriterLock(home, job="the test"):
        lines, done = finassist_lines(home, "ingest", "file", "--json-lines", str(paper))
    assert done.returncode == 1
    [said] = lines
    assert said["error"]["type"] == "WriterBusy"
    assert said["error"]["owner"].startswith(f"pid {os.getpid()} since ")
    assert said["error"]["owner"].endswith(", the test")


def test_name_without_json_lines_is_a_usage_error(tmp_path):
    paper = UPLOADS / "good" / "financial_phrasebank_README.txt"
    _, done = finassist_lines(tmp_path, "ingest", "file", "--name=x.txt", str(paper))
    assert done.returncode == 2 and "--name goes with --json-lines" in done.stderr


# ---- in the page --------------------------------------------------------------------------------


@pytest.fixture
def empty_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("FINASSIST_HOME", str(home))
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    return home


def test_refresh_past_the_time_limit_is_stopped_and_the_page_says_so(empty_home, monkeypatch):
    """The refresh child is a stand-in that hangs (a real refresh would need the network)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv(LIMIT, "10")  # the setting's floor
    pids = empty_home.parent / "pids"
    monkeypatch.setattr(indexing, "FINASSIST", ["-c", CHILD, str(pids)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=PATIENCE_S).run()
    data = next(e for e in at.sidebar.expander if e.label == "Data and model")
    next(b for b in data.button if b.label == "Refresh now").click().run()
    assert not at.exception
    data = next(e for e in at.sidebar.expander if e.label == "Data and model")
    said = escape_markdown(
        "Refresh stopped after 10 s (the job time limit, setting FINASSIST_INGEST__JOB_TIMEOUT_S)."
    )
    assert [e.value for e in data.error] == [said]
    child, grandchild = map(int, pids.read_text().split())
    assert gone(child) and gone(grandchild)
