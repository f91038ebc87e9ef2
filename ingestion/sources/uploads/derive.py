"""Everything derived from an upload's bytes, computed inside the sandboxed child.

`derive_upload` runs in the child (`ingestion.sandbox`): it parses the file, finds the filing's
registrant on its cover page (against the shipped SEC registry, which the forkserver loaded
before any upload was read), builds the Document, splits it into chunks and reads its statement
tables into facts, checking the upload's budgets (text size, chunk count) as it goes. It returns
plain JSON data, version `PAYLOAD_VERSION`; the parent validates it (`parse.Derived`) and never
runs any of this on the file itself.
"""

import hashlib

from core.errors import InputError
from core.types import Document, Section
from ingestion.chunking import chunk_document
from ingestion.cleaning import clean_document
from ingestion.company import apply_filing_info, detect_filing
from ingestion.sources.uploads.csv import parse_csv
from ingestion.sources.uploads.docx import parse_docx
from ingestion.sources.uploads.html import parse_html
from ingestion.sources.uploads.limits import UploadLimits, over_budget
from ingestion.sources.uploads.parse import PAYLOAD_VERSION
from ingestion.sources.uploads.pdf import parse_pdf
from ingestion.sources.uploads.text import parse_markdown, parse_text
from ingestion.tables import table_facts
from rag.query import default_registry

PARSERS = {
    "pdf": parse_pdf,
    "html": parse_html,
    "docx": parse_docx,
    "csv": parse_csv,
    "text": parse_text,
    "markdown": parse_markdown,
}

default_registry()  # loaded once in the forkserver, inherited by every child: no file reads


def derive_upload(kind: str, data: bytes, limits: dict, title: str, words_per_chunk: int) -> dict:
    """Runs in the sandbox: the upload's Document, chunks and table facts as JSON data, or
    {"error": message} for a file we refuse (an InputError: malformed, over a budget)."""
    budget = UploadLimits(**limits)
    try:
        return _derive(kind, data, budget, title, words_per_chunk)
    except InputError as exc:
        return {"version": PAYLOAD_VERSION, "error": str(exc)}


def upload_document_of(
    kind: str, sections: list[Section], pages: int, data: bytes, title: str, note: str | None
) -> Document:
    """The Document of an upload: id `upload:<16 hex of sha256>`, source "upload"; a 10-K/10-Q
    also gets its registrant, ticker, form, period end and fiscal year from its cover page."""
    sha256 = hashlib.sha256(data).hexdigest()
    metadata: dict[str, str | int | float | bool] = {
        "kind": kind,
        "pages": pages,
        "sha256": sha256,
        "size": len(data),
        "chars": sum(len(section.text) for section in sections),
        "truncated": note is not None,
    }
    if note:
        metadata["truncated_note"] = note
    document = Document(
        id=f"upload:{sha256[:16]}",
        source="upload",
        title=title,
        sections=sections,
        metadata=metadata,
    )
    return apply_filing_info(document, detect_filing(document.sections))


def _derive(kind: str, data: bytes, limits: UploadLimits, title: str, words: int) -> dict:
    draft = PARSERS[kind](data, limits)
    chars = sum(len(section.text) for section in draft.sections)
    over_budget("max_chars", chars, limits, "characters of text")
    if not any(section.text.strip() for section in draft.sections):
        raise InputError("no extractable text")
    document = upload_document_of(
        kind, draft.sections, draft.pages, data, title, "; ".join(draft.notes) or None
    )
    document = clean_document(document)  # as Run.documents cleans every other document
    chunks = chunk_document(document, words)
    over_budget("max_chunks", len(chunks), limits, "chunks")
    facts = table_facts(document)
    return {
        "version": PAYLOAD_VERSION,
        "kind": kind,
        "pages": draft.pages,
        "chars": chars,
        "truncated": bool(draft.notes),
        "truncated_note": document.metadata.get("truncated_note"),
        "warnings": draft.warnings,
        "document": document.model_dump(mode="json"),
        "chunks": [chunk.model_dump(mode="json") for chunk in chunks],
        "facts": [fact.model_dump(mode="json") for fact in facts],
    }
