"""The per-upload budget bounds embedding too: an upload whose chunks cannot be embedded within
FINASSIST_UPLOADS__EMBED_S is refused, naming the limit, and nothing of it stays (document,
chunks, vectors, statement figures, stored original); within it, the same file is indexed."""

from pathlib import Path

from ingestion.files import ingest_upload
from ingestion.run import Run, Stores
from ingestion.sources.uploads import UploadLimits
from rag.search.store import INDEXED
from tests.ingestion.sources.uploads.corpus import FULL_PDF, SMALL_PDF, good, store_snapshot


def _upload(stores: Stores, uploads: Path, embedder, name: str, limits: UploadLimits):
    run = Run("upload", stores, embedder, uploads=uploads)
    document = ingest_upload(run, good(name), name, uploads, limits)
    run.finish()
    return document, run.report


def test_an_upload_past_its_embedding_budget_is_refused_and_leaves_nothing(tmp_path, embedder):
    """Best Buy's 10-Q (30 pages, with statement tables): a zero budget refuses it after its
    figures were written, and they go with the rest; three of its pages are indexed within the
    default budget."""
    home = tmp_path / "home"
    uploads = home / "uploads"
    stores = Stores.open(home, None)
    empty = store_snapshot(stores, uploads)
    tiny = UploadLimits(embed_timeout_s=0.0)
    document, report = _upload(stores, uploads, embedder, FULL_PDF, tiny)
    source, tables = report.sources
    assert source.status == "failed" and tables.new > 0  # its figures had been written
    assert "FINASSIST_UPLOADS__EMBED_S" in source.reason
    assert "nothing of it was kept" in source.reason
    assert store_snapshot(stores, uploads) == empty
    assert stores.chunks.state_of(document.id) is None

    document, report = _upload(stores, uploads, embedder, SMALL_PDF, UploadLimits())
    assert report.sources[0].status == "ok" and stores.chunks.state_of(document.id) == INDEXED
    documents, chunks, _, vectors, originals = store_snapshot(stores, uploads)
    assert documents == 1 and chunks == vectors > 0 and len(originals) == 1
