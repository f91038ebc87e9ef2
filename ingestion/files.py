"""Analyst documents: validate, parse and chunk (sandboxed), keep the original bytes, index the
text.

The original is stored under its checksum before indexing, so an interrupted upload can be
retried without the file; a rejected file leaves nothing behind.
"""

import hashlib
from pathlib import Path

from core.errors import Forbidden, InputError
from core.failpoints import failpoint
from core.identity import LOCAL_USER
from core.types import Chunk, Document
from ingestion.chunking import content_hash
from ingestion.pipeline import Budget
from ingestion.reconcile import purge_document
from ingestion.run import Run
from ingestion.sources import uploads
from ingestion.sources.uploads.limits import SETTING


def owned(document: Document, owner: str) -> Document:
    """The upload as `owner`'s private document: the local user's keeps the id `upload:<hex>`,
    another user's is `upload:<hex>.<tag of the name>`, so the same file uploaded by two users
    is two documents (over one stored original)."""
    if owner == LOCAL_USER:
        return document.model_copy(update={"owner": owner})
    tag = hashlib.sha256(owner.encode()).hexdigest()[:12]
    return document.model_copy(update={"owner": owner, "id": f"{document.id}.{tag}"})


def owned_chunks(chunks: list[Chunk], document: Document) -> list[Chunk]:
    """The chunks the sandbox made of an upload, keyed to its owned document: ids, document id
    and owner in their metadata (what searches filter on)."""
    renamed = []
    for chunk in chunks:
        metadata = {**chunk.metadata, "document_id": document.id}
        if document.owner:
            metadata["owner"] = document.owner
        renamed.append(
            chunk.model_copy(
                update={
                    "id": f"{document.id}#{chunk.ordinal}",
                    "document_id": document.id,
                    "metadata": metadata,
                    "content_hash": content_hash(chunk.text, metadata),
                }
            )
        )
    return renamed


def ingest_upload(
    run: Run,
    data: bytes,
    filename: str,
    uploads_dir: Path,
    limits: uploads.UploadLimits,
    owner: str = LOCAL_USER,
) -> Document | None:
    """Parse and queue one upload for indexing, private to `owner`; a bad file fails its own
    source only. Its embedding (at `run.finish`) has its own budget: past it, nothing of the
    upload is kept and its source names the limit."""
    name = uploads.safe_display_name(filename) or "upload"
    with run.source("upload", name) as report:
        parsed = uploads.parse_upload(
            data, filename, limits, display_name=name, words_per_chunk=run.indexer.words_per_chunk
        )
        if not any(section.text.strip() for section in parsed.sections):
            raise InputError(f"{name}: no extractable text")
        stored = uploads.store_original(data, uploads_dir, parsed.kind)
        failpoint("original-stored")
        document = owned(uploads.upload_document(parsed, stored, name), owner)
        chunks = owned_chunks(parsed.chunks, document)
        budget = Budget(limits.embed_timeout_s, SETTING["embed_timeout_s"])
        derived = {document.id: (chunks, parsed.facts)}
        run.documents([document], report, derived=derived, budgets={document.id: budget})
        if parsed.truncated_note:
            report.reason = parsed.truncated_note
        return document
    return None


def ingest_paths(
    run: Run, paths: list[Path], uploads_dir: Path, limits, owner: str = LOCAL_USER
) -> None:
    """Every file, read with the size cap checked before reading."""
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError as exc:
            run.report.add("upload", path.name).fail(f"cannot read {path.name}: {exc.strerror}")
            continue
        if size > limits.max_bytes:
            run.report.add("upload", path.name).fail(uploads.size_refusal(size, limits))
            continue
        ingest_upload(run, path.read_bytes(), path.name, uploads_dir, limits, owner)


def delete_upload(run: Run, document_id: str, uploads_dir: Path, owner: str = LOCAL_USER) -> int:
    """Remove `owner`'s uploaded document, its chunks, its statement-table facts and its
    original (unless another user's upload shares it): a tombstone first, then a purge that the
    next run finishes if this one is cut short. Another user's document is refused as absent."""
    if not document_id.startswith("upload:"):
        raise InputError(f"{document_id} is not an uploaded document")
    if run.stores.chunks.state_of(document_id) is None:
        raise InputError(f"no uploaded document {document_id}")
    if run.stores.chunks.owner_of(document_id) != owner:
        raise Forbidden(f"no uploaded document {document_id} of {owner}")
    return purge_document(run.stores, document_id, uploads_dir)
