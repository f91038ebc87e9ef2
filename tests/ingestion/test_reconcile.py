"""Document states, tombstones and reconciliation over real Chroma + SQLite with the real
embedder: what a reader may see while a document is pending or being deleted, and the repairs."""

import json
from pathlib import Path

import pytest

from core.types import Document, Section
from ingestion.files import delete_upload, ingest_upload
from ingestion.reconcile import check, reconcile
from ingestion.run import Run, Stores
from ingestion.sources.uploads import UploadLimits
from rag.search.store import ChunkFilter
from tests.ingestion.corpus import documents

UPLOADS = Path(__file__).resolve().parents[1] / "data" / "uploads" / "good"
BESTBUY = UPLOADS / "BESTBUY_2024Q2_10Q.pdf"


@pytest.fixture
def stores(tmp_path) -> Stores:
    return Stores.open(tmp_path / "home")


def new_run(stores, embedder, tmp_path) -> Run:
    return Run("test", stores, embedder, 300, uploads=tmp_path / "uploads")


def upload_bestbuy(stores, embedder, tmp_path) -> Document:
    run = new_run(stores, embedder, tmp_path)
    document = ingest_upload(
        run, BESTBUY.read_bytes(), BESTBUY.name, tmp_path / "uploads", UploadLimits()
    )
    run.finish()
    return document


def bestbuy_facts(stores) -> int:
    """How many statement-table facts answers may use."""
    return sum(stores.facts.counts().values())


def test_an_indexed_store_checks_healthy_and_reconcile_finds_nothing(stores, embedder, tmp_path):
    upload_bestbuy(stores, embedder, tmp_path)
    found = check(stores)
    assert found.healthy and found.documents == 1 and found.chunks == found.vectors > 3
    assert bestbuy_facts(stores)
    assert reconcile(stores, embedder, tmp_path / "uploads") == {}


def test_vectors_without_rows_go_and_rows_without_vectors_are_embedded_again(
    stores, embedder, tmp_path
):
    upload_bestbuy(stores, embedder, tmp_path)
    [row] = stores.chunks.documents_of_source("upload")
    lost = sorted(stores.chunks.chunk_hashes(row["id"]))[:2]
    stores.chunks.vectors.delete(lost)
    stores.chunks.vectors.upsert(
        ["ghost#0"], embedder.embed(["a vector no row has"]), [{"document_id": "ghost"}]
    )
    found = check(stores)
    assert (found.orphan_vectors, found.missing_vectors, found.healthy) == (1, 2, False)

    repairs = reconcile(stores, embedder, tmp_path / "uploads")
    assert repairs == {"orphan_vectors_removed": 1, "vectors_restored": 2}
    assert check(stores).healthy
    text = stores.chunks.chunks([lost[0]])[0].text
    hits = stores.chunks.dense(embedder.embed([text])[0], 3, ChunkFilter())
    assert hits[0][0] == lost[0]  # found again by dense search


def test_a_pending_document_is_not_searched_nor_its_facts_used_and_reconcile_removes_it(
    stores, embedder, tmp_path
):
    document = upload_bestbuy(stores, embedder, tmp_path)
    assert bestbuy_facts(stores)
    stores.chunks.mark_pending([document])  # as a run killed before its commit leaves it
    assert bestbuy_facts(stores) == 0
    assert stores.chunks.lexical("Best Buy revenue", 5, ChunkFilter()) == []
    assert stores.chunks.document_hash(document.id) is None  # so the next run indexes it again
    assert check(stores).pending == 1

    repairs = reconcile(stores, embedder, tmp_path / "uploads")
    assert repairs["interrupted_documents_removed"] == 1
    found = check(stores)
    assert found.healthy and (found.documents, found.chunks, found.vectors) == (0, 0, 0)
    assert stores.facts.orphan_count() == 0 and not list((tmp_path / "uploads").iterdir())
    again = upload_bestbuy(stores, embedder, tmp_path)  # and the file indexes as new
    assert stores.chunks.document_hash(again.id) and bestbuy_facts(stores)


def test_a_tombstoned_document_vanishes_at_once_and_any_later_run_finishes_the_purge(
    stores, embedder, tmp_path
):
    document = upload_bestbuy(stores, embedder, tmp_path)
    assert stores.chunks.tombstone(document.id)  # a delete killed right after its first step
    assert bestbuy_facts(stores) == 0 and stores.chunks.documents_of_source("upload") == []
    assert stores.chunks.chunks(sorted(stores.chunks.chunk_hashes(document.id))) == []
    assert check(stores).deleting == 1

    repairs = reconcile(stores, embedder, tmp_path / "uploads")
    assert repairs["deletes_finished"] == 1
    found = check(stores)
    assert found.healthy and (found.documents, found.vectors, found.orphan_facts) == (0, 0, 0)
    assert not list((tmp_path / "uploads").iterdir())


def test_deleting_an_upload_twice_says_it_is_gone(stores, embedder, tmp_path):
    document = upload_bestbuy(stores, embedder, tmp_path)
    run = new_run(stores, embedder, tmp_path)
    assert delete_upload(run, document.id, tmp_path / "uploads") > 0
    with pytest.raises(Exception, match="no uploaded document"):
        delete_upload(run, document.id, tmp_path / "uploads")
    assert check(stores).healthy and bestbuy_facts(stores) == 0


class FailingOn:
    """The real embedder, except that it raises for texts holding `marker` (a fault)."""

    def __init__(self, inner, marker: str):
        self.inner, self.marker = inner, marker
        self.name, self.dimension = inner.name, inner.dimension

    def embed(self, texts):
        if any(self.marker in text for text in texts):
            raise RuntimeError("embedding backend crashed")
        return self.inner.embed(texts)


def test_a_group_that_cannot_be_embedded_fails_alone_and_leaves_nothing_searchable(
    stores, embedder, tmp_path
):
    good, bad = documents(parts=2)
    bad.sections = [Section(title="Item 7", text="POISON " * 50)]
    run = Run("test", stores, FailingOn(embedder, "POISON"), 40)
    run.indexer.batch = 1  # one document per group
    run.documents([good, bad], run.report.add("sec", "AAPL"))
    report = run.finish()
    [source] = report.sources
    assert source.status == "partial" and "embedding backend crashed" in source.reason
    assert stores.chunks.state_of(bad.id) == "failed"
    assert stores.chunks.state_of(good.id) == "indexed"
    found = check(stores)
    assert (found.failed, found.documents, found.orphan_vectors) == (1, 1, 0)
    assert found.chunks == found.vectors
    retry = Run("retry", stores, embedder, 40)  # the next run indexes the failed one
    retry.documents([good, bad], retry.report.add("sec", "AAPL"))
    retry.finish()
    assert stores.chunks.state_of(bad.id) == "indexed" and check(stores).healthy


def test_status_json_reports_the_live_store_check(tmp_path, embedder):
    from click.testing import CliRunner

    from cli import main

    env = {"FINASSIST_HOME": str(tmp_path / "home")}
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["ingest", "file", str(BESTBUY)]).exit_code == 0
    store = json.loads(runner.invoke(main, ["status", "--json"]).stdout)["store"]
    assert store["chunks"] == store["vectors"] > 3 and store["documents"] == 1
    assert (store["orphan_vectors"], store["orphan_facts"], store["pending"]) == (0, 0, 0)
    assert store["healthy"] and store["repairs"] == {}
