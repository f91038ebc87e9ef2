"""How soon a long-lived reader (the UI) sees another process's writes, and what the check costs.

Over a copy of the home's index, the reader opens one Index and warms its dense search, as the app
does. For each trial a writer process indexes a new document and prints the time its commit
returned; the reader at once searches (dense, by the document's own text) and records whether
that first search finds it and the seconds from the writer's commit to its result (the reopen of
the reader's Chroma collection included). A control trial with the generation check switched off
shows what the reader saw before it existed. Dense retrieval p50/p95 in the reader are measured
with and without the check, in the same run.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.protocols import Embedder
from evals.bench_retrieval import QUESTIONS, _percentiles, _require_index, copy_home
from rag.search.index import Index
from rag.search.store import ChunkFilter, ChunkStore

ROOT = Path(__file__).resolve().parents[1]
# The writer: index one new document (its text from argv) and say when the commit returned.
WRITER = """
import json, sys, time
from core.settings import load_settings
from core.types import Document, Section
from ingestion.pipeline import Indexer
from ingestion.runs import RunReport
from model import load_embedder
from rag.search.store import ChunkStore
home, doc_id, text = sys.argv[1:4]
store = ChunkStore.open(home)
indexer = Indexer(store, load_embedder(load_settings(home=home)))
document = Document(id=doc_id, source="news", title=doc_id, published="2025-11-07",
                    sections=[Section(title="", text=text)])
print("ready", flush=True)
sys.stdin.readline()
indexer.index([document], RunReport("bench").add("news", doc_id))
print(json.dumps({"committed": time.time()}), flush=True)
"""


def bench_freshness(home: Path, embedder: Embedder, trials: int = 10, queries: int = 60) -> dict:
    """Freshness over `trials` writes and dense p50/p95 with and without the check."""
    _require_index(home)
    with tempfile.TemporaryDirectory(prefix="finassist-fresh-", ignore_cleanup_errors=True) as tmp:
        copy = Path(tmp) / "home"
        copy_home(home, copy)
        index = Index.open(copy)
        store = index.chunks
        vectors = embedder.embed(QUESTIONS)
        for vector in vectors:  # warm: the collection is loaded, as in a running app
            store.dense(vector, 10, ChunkFilter())
        fresh = [trial(store, embedder, copy, f"fresh-{i}") for i in range(trials)]
        control = [trial(store, embedder, copy, f"control-{i}", check=False) for i in range(2)]
        with_check = _dense_times(store, vectors, queries, check=True)
        without_check = _dense_times(store, vectors, queries, check=False)
        chunks = store.counts()["chunks"]
        index.close()
    seconds = [t["seconds"] for t in fresh]
    return {
        "chunks": chunks,
        "trials": trials,
        "found_by_first_search": sum(t["found"] for t in fresh),
        "freshness_s": {
            "median": round(statistics.median(seconds), 3),
            "max": round(max(seconds), 3),
        },
        "control_without_check_found": sum(t["found"] for t in control),
        "dense_with_check": with_check,
        "dense_without_check": without_check,
        "ratio_p50": round(with_check["p50_ms"] / max(without_check["p50_ms"], 1e-6), 2),
    }


def trial(store: ChunkStore, embedder: Embedder, home: Path, doc_id: str, check=True) -> dict:
    """One write by another process, then the reader's first dense search for it."""
    text = f"{doc_id}: " + " ".join(f"zq{doc_id.replace('-', '')}w{i}" for i in range(40))
    vector = embedder.embed([text])[0]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), doc_id, text],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    assert writer.stdout.readline().strip() == "ready"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    committed = json.loads(writer.stdout.readline())["committed"]
    if not check:
        refresh, store.vectors.refresh = store.vectors.refresh, lambda generation: False
    try:
        hits = store.dense(vector, 5, ChunkFilter())
    finally:
        if not check:
            store.vectors.refresh = refresh
    seconds = time.time() - committed
    writer.wait()
    return {"found": any(hit.startswith(doc_id) for hit, _ in hits), "seconds": seconds}


def _dense_times(store: ChunkStore, vectors: list, queries: int, check: bool) -> dict:
    refresh = store.vectors.refresh
    if not check:
        store.vectors.refresh = lambda generation: False
    try:
        seconds = []
        for i in range(queries):
            started = time.perf_counter()
            store.dense(vectors[i % len(vectors)], 10, ChunkFilter())
            seconds.append(time.perf_counter() - started)
    finally:
        store.vectors.refresh = refresh
    return _percentiles(seconds)


def format_table(report: dict) -> str:
    fresh = report["freshness_s"]
    return "\n".join(
        [
            f"index: {report['chunks']} chunks; {report['trials']} writes by another process",
            f"first dense search after the commit found the new document: "
            f"{report['found_by_first_search']}/{report['trials']} "
            f"(without the check: {report['control_without_check_found']}/2)",
            f"commit -> first result: median {fresh['median']} s, max {fresh['max']} s",
            f"dense p50/p95 with check {report['dense_with_check']['p50_ms']}/"
            f"{report['dense_with_check']['p95_ms']} ms, without "
            f"{report['dense_without_check']['p50_ms']}/{report['dense_without_check']['p95_ms']}"
            f" ms (ratio p50 {report['ratio_p50']})",
        ]
    )
