"""`finassist bench retrieval` on a tiny real index (Apple's FY2024 MD&A, indexed with the real
embedder), scaled to a few thousand chunks; shapes and counts only, never timings."""

import math

import pytest

from core.errors import NotAvailable
from evals.bench_retrieval import QUESTIONS, bench_retrieval, build_scaled, copy_home, format_table
from ingestion.pipeline import Indexer
from ingestion.runs import RunReport
from rag.search.store import ChunkFilter, ChunkStore
from tests.ingestion.corpus import documents


@pytest.fixture(scope="module")
def tiny_home(tmp_path_factory, embedder):
    """Twelve parts of the MD&A indexed through the real pipeline; no connection left open."""
    home = tmp_path_factory.mktemp("tiny-home")
    store = ChunkStore.open(home)
    Indexer(store, embedder, words_per_chunk=40).index(
        documents(), RunReport("t").add("sec", "AAPL")
    )
    store.close()
    return home


@pytest.fixture(scope="module")
def tiny_chunks(tiny_home, tmp_path_factory) -> int:
    """The tiny index's chunk count, read from a copy (the home itself is never opened)."""
    return open_copy(tiny_home, tmp_path_factory.mktemp("count")).counts()["chunks"]


@pytest.fixture(scope="module")
def report(tiny_home, embedder):
    """The benchmark's result, its progress messages, and the home's files before and after."""
    messages: list[str] = []
    before = files(tiny_home)
    result = bench_retrieval(
        tiny_home, embedder, scaled_chunks=2_000, runs=1, progress=messages.append
    )
    return result, messages, (before, files(tiny_home))


def files(home) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in home.rglob("*")}


def open_copy(home, where) -> ChunkStore:
    copy_home(home, where / "home")
    return ChunkStore.open(where / "home")


def test_the_report_has_demo_and_scaled_latencies_with_the_right_chunk_counts(report, tiny_chunks):
    result, *_ = report
    assert result["demo"]["chunks"] == tiny_chunks > 0
    assert result["scaled"]["chunks"] == 2_000
    assert result["questions"] == len(QUESTIONS) == 30 and result["runs"] == 1
    for name in ("demo", "scaled"):
        row = result[name]
        assert isinstance(row["chunks"], int)
        assert isinstance(row["p50_ms"], float) and isinstance(row["p95_ms"], float)
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        for stage in ("embed", "dense", "lexical", "fetch"):
            assert 0 <= row["stages"][stage]["p50_ms"] <= row["stages"][stage]["p95_ms"]
        assert row["stages"]["embed"]["p50_ms"] > 0
    assert result["scaled"]["build_s"] >= 0


def test_the_scaled_build_reports_progress_and_the_table_shows_both_indexes(report):
    result, messages, _ = report
    assert any(m.startswith("scaled: 2000 chunks built") for m in messages)
    table = format_table(result)
    assert table.splitlines()[1].startswith("demo") and table.splitlines()[2].startswith("scaled")
    assert "2,000" in table and "30 questions x 1 runs" in table


def test_the_measured_home_is_left_untouched(report):
    _, _, (before, after) = report
    assert after == before and any(name.endswith("finassist.db") for name in before)


def test_replicas_are_distinct_perturbed_copies_that_filters_can_still_tell_apart(
    tiny_home, tiny_chunks, tmp_path
):
    source = open_copy(tiny_home, tmp_path)
    n = tiny_chunks
    total = 3 * n + 5  # the source, two replicas, and 5 chunks of a third
    scaled = build_scaled(source, tmp_path / "scaled", total, lambda _: None)
    assert scaled.counts()["chunks"] == scaled.vectors.count() == total
    ids = [row[0] for row in scaled.conn.execute("SELECT id FROM chunks")]
    assert len(set(ids)) == total
    # replica 0 is the source; 1 renames the ticker (another company); 2 keeps it, a year back
    aapl = hits(scaled, ChunkFilter(tickers=["AAPL"]), 5 * n)
    assert len(aapl) == 2 * n
    assert {c.document_id.partition("~")[2] for c in aapl} == {"", "r2"}
    assert {c.document["published"] for c in aapl} == {"2024-11-01", "2023-11-01"}
    assert {c.document["fiscal_year"] for c in aapl} == {2024, 2023}
    renamed = ChunkFilter(tickers=["AAPL-R1"])
    assert {c.document["ticker"] for c in hits(scaled, renamed, 20)} == {"AAPL-R1"}
    lexical = scaled.chunks([i for i, _ in scaled.lexical("Greater China", 50, renamed)])
    assert lexical and all(c.document_id.endswith("~r1") for c in lexical)
    last_year = ChunkFilter(date_from="2023-01-01", date_to="2023-12-31")
    assert len(hits(scaled, last_year, 5 * n)) == 2 * n  # replicas 1 and 2
    original, copy = vectors(scaled, "sec:0000320193-24-000123-part0#0", "~r1#0")
    cosine = sum(a * b for a, b in zip(original, copy, strict=True))
    assert 0.9 < cosine < 0.9999
    assert math.isclose(sum(x * x for x in copy), 1.0, rel_tol=1e-4)


def test_without_an_index_the_benchmark_says_how_to_build_one(tmp_path, embedder):
    with pytest.raises(NotAvailable, match="finassist ingest --sample"):
        bench_retrieval(tmp_path / "nothing", embedder)
    ChunkStore.open(tmp_path / "empty").close()  # stores created, nothing indexed
    with pytest.raises(NotAvailable, match="finassist ingest --sample"):
        bench_retrieval(tmp_path / "empty", embedder, progress=lambda _: None)


def first_vector(store: ChunkStore) -> list[float]:
    return list(store.vectors.collection.get(limit=1, include=["embeddings"])["embeddings"][0])


def hits(store: ChunkStore, where: ChunkFilter, k: int):
    return store.chunks([i for i, _ in store.dense(first_vector(store), k, where)])


def vectors(store: ChunkStore, source_id: str, suffix: str) -> tuple[list[float], list[float]]:
    copy_id = source_id.replace("#0", suffix)
    got = store.vectors.collection.get(ids=[source_id, copy_id], include=["embeddings"])
    by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
    return list(by_id[source_id]), list(by_id[copy_id])
