"""Idempotent indexing into real Chroma + SQLite with the real embedder."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import WriterBusy
from core.home import Home
from core.types import Document, Section
from ingestion.lock import WriterLock
from ingestion.pipeline import Indexer
from ingestion.runs import RunLog, RunReport
from ingestion.status import collect_status
from rag.search.db import connect
from rag.search.store import ChunkFilter, ChunkStore
from tests.ingestion.corpus import documents

RUNNER = Path(__file__).with_name("corpus.py")


class CountingEmbedder:
    """The real embedder, counting how many texts it embeds."""

    def __init__(self, inner):
        self.inner, self.name, self.dimension, self.calls = inner, inner.name, inner.dimension, 0

    def embed(self, texts):
        self.calls += len(texts)
        return self.inner.embed(texts)


def state(store: ChunkStore) -> tuple[set, set]:
    rows = store.conn.execute("SELECT id, content_hash FROM chunks").fetchall()
    vectors = set(store.vectors.collection.get(include=[])["ids"])
    return {tuple(r) for r in rows}, vectors


@pytest.fixture
def store(tmp_path):
    return ChunkStore.open(tmp_path / "home")


def index(store, embedder, docs):
    report = RunReport("test")
    Indexer(store, embedder, words_per_chunk=20, batch=8).index(docs, report.add("sec", "AAPL"))
    return report


def test_reingesting_unchanged_documents_embeds_and_writes_nothing(store, embedder):
    counting = CountingEmbedder(embedder)
    first = index(store, counting, documents())
    assert counting.calls > 0 and first.sources[0].new == 12
    before, changes = state(store), store.conn.total_changes
    counting.calls = 0
    again = index(store, counting, documents())
    assert counting.calls == 0
    assert store.conn.total_changes == changes
    assert state(store) == before
    assert again.sources[0].skipped == 12 and again.sources[0].new == 0


def test_a_changed_document_replaces_its_old_chunks_and_embeds_only_what_changed(store, embedder):
    counting = CountingEmbedder(embedder)
    index(store, counting, documents())
    docs = documents()
    old_ids = set(store.chunk_hashes(docs[3].id))
    docs[3].sections = [Section(title="Item 7", text="Amended: net sales were restated.")]
    counting.calls = 0
    report = index(store, counting, docs)
    assert report.sources[0].updated == 1 and report.sources[0].skipped == 11
    assert counting.calls == 1
    new_ids = set(store.chunk_hashes(docs[3].id))
    assert len(new_ids) == 1 and len(old_ids) > 1
    rows, vectors = state(store)
    assert not (old_ids - new_ids) & vectors
    hits = store.lexical("restated", 5, ChunkFilter())
    assert [chunk_id for chunk_id, _ in hits] == [f"{docs[3].id}#0"]


def test_search_applies_the_same_filters_to_dense_and_lexical_results(store, embedder):
    index(store, embedder, documents())
    query = "Greater China net sales decreased"
    lexical = store.lexical(query, 5, ChunkFilter(tickers=["AAPL"], forms=["10-K"]))
    dense = store.dense(embedder.embed([query])[0], 5, ChunkFilter(tickers=["AAPL"]))
    assert lexical and dense
    assert any("Greater China" in c.text for c in store.chunks([i for i, _ in lexical[:3]]))
    assert any("Greater China" in c.text for c in store.chunks([i for i, _ in dense[:3]]))
    assert store.lexical(query, 5, ChunkFilter(tickers=["MSFT"])) == []
    assert store.dense(embedder.embed([query])[0], 5, ChunkFilter(tickers=["MSFT"])) == []
    assert store.lexical(query, 5, ChunkFilter(date_from="2025-01-01")) == []


def test_deleting_a_document_removes_every_chunk(store, embedder):
    index(store, embedder, documents())
    target = documents()[0].id
    assert store.delete_document(target) > 0
    assert store.chunk_hashes(target) == {}
    assert store.vectors.ids_of(target) == set()
    assert store.document_hash(target) is None


def test_a_writer_killed_at_any_point_and_rerun_ends_like_a_clean_run(tmp_path, embedder):
    clean = ChunkStore.open(tmp_path / "clean")
    index(clean, embedder, documents())
    expected = state(clean)
    for attempt, writes_before_kill in enumerate([1, 3, 6]):
        home = tmp_path / f"killed{attempt}"
        process = subprocess.Popen([sys.executable, str(RUNNER), str(home)], stdout=subprocess.PIPE)
        for _ in range(writes_before_kill):  # then kill wherever the writer happens to be
            assert process.stdout.readline().strip() == b"wrote"
        process.send_signal(signal.SIGKILL)
        process.wait()
        rerun = subprocess.run([sys.executable, str(RUNNER), str(home)], capture_output=True)
        assert rerun.returncode == 0, rerun.stderr.decode()[-500:]
        assert state(ChunkStore.open(home)) == expected


def test_the_lock_refuses_a_second_writer_while_the_first_holds_it(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, '.');"
            "from ingestion.lock import WriterLock; from pathlib import Path;"
            f"lock = WriterLock(Path({str(tmp_path)!r})); lock.__enter__();"
            "print('held', flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout.readline().strip() == b"held"
        with pytest.raises(WriterBusy, match=f"pid {holder.pid}"):
            with WriterLock(tmp_path):
                pass
        assert WriterLock(tmp_path).held_elsewhere
    finally:
        holder.kill()
        holder.wait()
    with WriterLock(tmp_path):  # free again once the holder is gone
        pass


def test_run_reports_record_status_and_keep_the_last_success(tmp_path):
    runs = RunLog(connect(Home(tmp_path).database))
    ok = RunReport("refresh")
    ok.add("prices", "AAPL").data_as_of = "2025-11-07"
    runs.save(ok)
    failed = RunReport("refresh")
    failed.add("prices", "AAPL").fail("rate limited")
    runs.save(failed)
    [row] = runs.source_status()
    assert row["status"] == "failed" and row["reason"] == "rate limited"
    assert row["last_success"] == ok.finished and row["data_as_of"] == "2025-11-07"
    assert failed.status == "failed" and ok.status == "ok"


def test_status_reads_an_index_that_no_run_has_written_to(store, tmp_path):
    """The run log's tables are made by the first run; before it there is nothing to report."""
    store.close()
    status = collect_status(tmp_path / "home")
    assert status["built"] and status["sources"] == [] and status["runs"] == []
    assert status["tickers"] == {}


def test_a_file_of_one_repeated_line_costs_one_chunk_and_one_embedding(store, embedder):
    counting = CountingEmbedder(embedder)
    flood = Document(
        id="upload:flood",
        source="upload",
        title="flood.md",
        sections=[Section(title="notes", text=" ".join(["revenue"] * 20_000))],
    )
    report = index(store, counting, [flood])
    assert report.sources[0].status == "ok"
    assert store.chunk_counts(["upload:flood"]) == {"upload:flood": 1}
    assert counting.calls == 1
    assert len(state(store)[1]) == 1


def test_a_text_two_documents_share_is_embedded_once_and_stored_for_each(store, embedder):
    counting = CountingEmbedder(embedder)
    twins = [d.model_copy(update={"id": d.id + suffix}) for d in documents(2) for suffix in "ab"]
    index(store, counting, twins)
    chunks = sum(store.chunk_counts([d.id for d in twins]).values())
    assert chunks == 2 * counting.calls  # each text twice in the store, embedded once
    rows, vectors = state(store)
    assert len(vectors) == len(rows) == chunks


def test_a_text_the_store_already_holds_is_not_embedded_again_in_a_later_run(store, embedder):
    counting = CountingEmbedder(embedder)
    originals = documents(2)
    index(store, counting, originals)
    first = counting.calls
    counting.calls = 0
    # a later run (a fresh Indexer, nothing recent) indexes copies under other ids, plus one
    # document with a text the store has never seen
    copies = [d.model_copy(update={"id": d.id + "-copy"}) for d in originals]
    novel = Document(
        id="upload:novel",
        source="upload",
        title="novel.md",
        sections=[Section(title="notes", text="A sentence no other document in the store has.")],
    )
    indexer = Indexer(store, counting, words_per_chunk=20, batch=8)
    indexer.index([*copies, novel], RunReport("test").add("upload", "copies"))
    assert counting.calls == 1 == indexer.embedded  # only the novel text met the embedder
    assert indexer.reused == first
    stored = store.vectors.vectors_of(sorted(state(store)[1]))
    rows = store.conn.execute("SELECT id, text FROM chunks").fetchall()
    by_text: dict[str, list] = {}
    for chunk_id, text in rows:
        by_text.setdefault(text, []).append(stored[chunk_id])
    assert len(rows) == 2 * first + 1
    for vectors in by_text.values():  # a copy's vector is its original's
        assert max(abs(a - b) for v in vectors for a, b in zip(v, vectors[0], strict=True)) < 1e-6
    hits = store.dense(embedder.embed([copies[0].sections[0].text])[0], 4, ChunkFilter())
    assert any(chunk_id.startswith(copies[0].id + "#") for chunk_id, _ in hits)
