"""A writer killed with SIGKILL at every step that matters leaves a store the rerun repairs.

Each case runs the real `finassist` CLI in a child process with FINASSIST_FAILPOINT set
(core.failpoints: the child kills itself there, as `kill -9` would), then runs it again without,
and compares the store with the one a clean run leaves: the same chunk rows and vectors, the same
facts, no orphan vectors or facts, nothing pending, no duplicates."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ingestion.reconcile import check
from ingestion.run import Stores

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "data" / "uploads" / "good"
FILES = [GOOD / "BESTBUY_2024Q2_10Q.pdf", GOOD / "financial_phrasebank_README.txt"]
INGEST_POINTS = [
    "original-stored",  # parsing done, the original saved, nothing indexed
    "facts-written",  # inside the transaction that records facts and pending state
    "planned",  # pending state and facts committed, nothing embedded
    "embedding",  # about to embed
    "vectors-written",  # vectors in Chroma, no chunk rows
    "before-commit",  # inside the transaction that writes chunk rows
    "before-reconcile",  # everything written, run not reported
]
DELETE_POINTS = [
    "tombstoned",  # the document marked deleting, nothing removed
    "purge-vectors-deleted",  # vectors gone, rows and facts not
    "purged",  # rows and facts gone, the original file not
]


def finassist(home: Path, *args: str, failpoint: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FINASSIST_HOME": str(home),
        "FINASSIST_INGEST__CHUNK_WORDS": "300",  # fewer chunks: a faster test, same steps
    }
    env.pop("FINASSIST_FAILPOINT", None)
    if failpoint:
        env["FINASSIST_FAILPOINT"] = failpoint
    command = [sys.executable, "-c", "from cli import main; main()", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)


def ingest(home: Path, failpoint: str | None = None) -> subprocess.CompletedProcess:
    return finassist(home, "ingest", "file", "--json", *map(str, FILES), failpoint=failpoint)


def snapshot(home: Path) -> dict:
    """What the store holds, comparable across homes."""
    stores = Stores.open(home)
    try:
        found = check(stores)
        chunks = stores.chunks.all_chunks()
        return {
            "healthy": found.healthy,
            "documents": sorted((d["id"], d["title"]) for d in stores.chunks.all_documents()),
            "chunks": sorted((c["id"], c["content_hash"]) for c in chunks),
            "vectors": sorted(stores.chunks.vectors.all_ids()),
            "facts": sum(stores.facts.counts().values()),
            "orphan_facts": found.orphan_facts,
            "originals": sorted(p.name for p in (home / "uploads").iterdir()),
        }
    finally:
        stores.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("clean") / "home"
    result = ingest(home)
    assert result.returncode == 0, result.stderr[-2000:]
    state = snapshot(home)
    assert state["healthy"] and len(state["documents"]) == 2 and state["facts"] > 100
    assert len(state["chunks"]) == len(state["vectors"]) == len(set(state["vectors"]))
    return home, state


@pytest.mark.parametrize("point", INGEST_POINTS)
def test_an_ingest_killed_there_and_rerun_ends_as_a_clean_run(clean, tmp_path, point):
    home = tmp_path / "home"
    killed = ingest(home, failpoint=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    rerun = ingest(home)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert snapshot(home) == clean[1]


@pytest.mark.parametrize("point", DELETE_POINTS)
def test_a_delete_killed_there_is_finished_by_the_next_run(clean, tmp_path, point):
    home = tmp_path / "home"
    shutil.copytree(clean[0], home)
    [bestbuy] = [i for i, title in clean[1]["documents"] if title == FILES[0].name]
    killed = finassist(home, "delete", bestbuy, failpoint=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    repaired = finassist(home, "reconcile", "--json")
    assert repaired.returncode == 0, repaired.stderr[-2000:]
    assert json.loads(repaired.stdout)["repairs"]  # it said what it finished
    state = snapshot(home)
    assert state["healthy"] and state["documents"] == [
        d for d in clean[1]["documents"] if d[0] != bestbuy
    ]
    assert state["facts"] == 0 and state["orphan_facts"] == 0
    assert len(state["chunks"]) == len(state["vectors"])
    assert not [name for name in state["originals"] if name.startswith(bestbuy[7:])]
