"""Make the SQLite record, the Chroma vectors, the facts and the uploaded originals agree.

A writer killed at any point leaves one of a few states behind, each repaired here (under the
writer lock, at the start and end of every run):
- a document still `pending` (its run died before the commit that indexes it) or `failed`: its
  vectors, chunk rows and facts are removed; the next fetch or upload indexes it from scratch
  (a failed document keeps its row and error, so status can show it);
- a document still `deleting` (a delete cut short): the purge is finished;
- vectors no chunk row has: deleted; chunk rows without a vector: embedded again from their text;
- facts of a document that is gone: deleted; an uploaded original no document refers to: deleted.
`check` counts the same things without changing anything (for `finassist status --json`).
"""

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from core.failpoints import failpoint
from core.identity import EVERYONE
from core.protocols import Embedder
from ingestion.tables import delete_document_facts
from rag.search.db import transaction
from rag.search.index import Index
from rag.search.store import DELETING, FAILED, INDEXED, PENDING, Catalog


@dataclass
class StoreCheck:
    """A live look at the store; healthy when chunks == vectors and every orphan count is 0."""

    documents: int
    chunks: int
    vectors: int
    orphan_vectors: int
    missing_vectors: int
    orphan_facts: int
    pending: int
    failed: int
    deleting: int

    @property
    def healthy(self) -> bool:
        return (
            self.chunks == self.vectors
            and not self.orphan_vectors + self.missing_vectors + self.orphan_facts
            and not self.pending + self.deleting
        )

    def to_dict(self) -> dict:
        return {**asdict(self), "healthy": self.healthy}


def check(index: Index, viewer: str = EVERYONE) -> StoreCheck:
    """Count documents, chunks, vectors and every kind of orphan (reads only). A `viewer` other
    than EVERYONE (an admin) counts only what it may see: the shared documents and its own
    uploads, their chunks and vectors (a vector of a document that is gone has no known owner,
    so only an admin's check counts it)."""
    rows = index.chunks.chunk_ids()
    vectors = index.chunks.vectors.all_ids()
    if viewer == EVERYONE:
        states = index.chunks.state_counts()
    else:
        documents = Catalog(index.chunks.conn, viewer).all_documents()
        states = dict(Counter(d["state"] for d in documents))
        seen = {d["id"] for d in documents}
        rows = {i for i in rows if document_of_chunk(i) in seen}
        vectors = {i for i in vectors if document_of_chunk(i) in seen}
    return StoreCheck(
        documents=states.get(INDEXED, 0),
        chunks=len(rows),
        vectors=len(vectors),
        orphan_vectors=len(vectors - rows),
        missing_vectors=len(rows - vectors),
        orphan_facts=index.facts.orphan_count(),
        pending=states.get(PENDING, 0),
        failed=states.get(FAILED, 0),
        deleting=states.get(DELETING, 0),
    )


def document_of_chunk(chunk_id: str) -> str:
    """The document a chunk (or its vector) belongs to: chunk ids are "<document id>#<n>"."""
    return chunk_id.rpartition("#")[0]


def purge_document(index: Index, document_id: str, uploads_dir: Path | None) -> int:
    """Remove a document whole: tombstone first (invisible at once), then its facts, vectors
    and rows in one transaction, then an uploaded original. Idempotent: rerun to finish."""
    index.chunks.tombstone(document_id)
    failpoint("tombstoned")
    with transaction(index.chunks.conn):
        delete_document_facts(index.facts, document_id)
        removed = index.chunks.purge(document_id)
    failpoint("purged")
    if uploads_dir is not None and document_id.startswith("upload:"):
        digest = original_digest(document_id)
        if not index.chunks.others_with_original(digest, document_id):  # another user's copy
            for original in uploads_dir.glob(f"{digest}*"):
                original.unlink(missing_ok=True)
    return removed


def original_digest(document_id: str) -> str:
    """The stored original's hash prefix of an upload id (`upload:<hex>` or `upload:<hex>.<user
    tag>`): two users' uploads of one file are two documents over one stored original."""
    return document_id.removeprefix("upload:").split(".")[0]


def reconcile(
    index: Index, embedder: Embedder | None, uploads_dir: Path | None = None
) -> dict[str, int]:
    """Repair what a killed or failed writer left; returns what was fixed (only non-zero)."""
    repairs: dict[str, int] = {}

    def count(what: str, n: int) -> None:
        if n:
            repairs[what] = repairs.get(what, 0) + n

    chunks = index.chunks
    for document_id in chunks.document_ids_in(DELETING):
        purge_document(index, document_id, uploads_dir)
        count("deletes_finished", 1)
    for document_id in chunks.document_ids_in(PENDING):
        purge_document(index, document_id, uploads_dir)
        count("interrupted_documents_removed", 1)
    for document_id in chunks.document_ids_in(FAILED):
        _clear_failed(index, document_id)
    rows = chunks.chunk_ids()
    vectors = chunks.vectors.all_ids()
    orphans = sorted(vectors - rows)
    if orphans:
        chunks.remove_vectors(orphans)
        count("orphan_vectors_removed", len(orphans))
    missing = sorted(rows - vectors)
    if missing and embedder is not None:
        count("vectors_restored", _embed_again(index, embedder, missing))
    count("orphan_facts_removed", index.facts.drop_orphans())
    if uploads_dir is not None:
        count("orphan_originals_removed", _drop_stray_originals(index, uploads_dir))
    return repairs


def _clear_failed(index: Index, document_id: str) -> None:
    """A failed document keeps its row (and error) but nothing that could be searched."""
    ids = index.chunks.vectors.ids_of(document_id)
    if ids:
        index.chunks.remove_vectors(sorted(ids))
    delete_document_facts(index.facts, document_id)


def _embed_again(index: Index, embedder: Embedder, ids: list[str], batch: int = 256) -> int:
    restored = 0
    for start in range(0, len(ids), batch):
        chunks = index.chunks.chunk_rows(ids[start : start + batch])
        if chunks:
            index.chunks.restore_vectors(chunks, embedder.embed([c.text for c in chunks]))
            restored += len(chunks)
    return restored


def _drop_stray_originals(index: Index, uploads_dir: Path) -> int:
    """Uploaded originals (`<sha256>.<kind>`, id `upload:<first 16 hex>`) that no document row
    refers to, and the partial files of a write cut short."""
    if not uploads_dir.is_dir():
        return 0
    states = (INDEXED, PENDING, FAILED, DELETING)
    known = {original_digest(i) for i in index.chunks.document_ids_in(*states)}
    removed = 0
    for path in uploads_dir.iterdir():
        if path.is_file() and path.name[:UPLOAD_ID_HEX] not in known:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


UPLOAD_ID_HEX = 16  # an upload's id is `upload:` and the first 16 hex digits of its SHA-256
