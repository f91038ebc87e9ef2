"""Analyst documents: validate, parse and chunk (sandboxed), keep the original bytes, index the
text.

The original is stored under its checksum before indexing, so an interrupted upload can be
retried without the file; a rejected file leaves nothing behind.
"""

from pathlib import Path

from core.errors import InputError
from core.failpoints import failpoint
from core.types import Document
from ingestion.reconcile import purge_document
from ingestion.run import Run
from ingestion.sources import uploads


def ingest_upload(
    run: Run, data: bytes, filename: str, uploads_dir: Path, limits: uploads.UploadLimits
) -> Document | None:
    """Parse and queue one upload for indexing; a bad file fails its own source only."""
    name = uploads.safe_display_name(filename) or "upload"
    with run.source("upload", name) as report:
        parsed = uploads.parse_upload(
            data, filename, limits, display_name=name, words_per_chunk=run.indexer.words_per_chunk
        )
        if not any(section.text.strip() for section in parsed.sections):
            raise InputError(f"{name}: no extractable text")
        stored = uploads.store_original(data, uploads_dir, parsed.kind)
        failpoint("original-stored")
        document = uploads.upload_document(parsed, stored, name)
        run.documents([document], report, derived={document.id: (parsed.chunks, parsed.facts)})
        if parsed.truncated_note:
            report.reason = parsed.truncated_note
        return document
    return None


def ingest_paths(run: Run, paths: list[Path], uploads_dir: Path, limits) -> None:
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
        ingest_upload(run, path.read_bytes(), path.name, uploads_dir, limits)


def delete_upload(run: Run, document_id: str, uploads_dir: Path) -> int:
    """Remove an uploaded document, its chunks, its statement-table facts and its original:
    a tombstone first, then a purge that the next run finishes if this one is cut short."""
    if not document_id.startswith("upload:"):
        raise InputError(f"{document_id} is not an uploaded document")
    if run.stores.chunks.state_of(document_id) is None:
        raise InputError(f"no uploaded document {document_id}")
    return purge_document(run.stores, document_id, uploads_dir)
