"""Accepting an upload: sniff it, parse it in a sandboxed child, make its Document.

Parsing runs in a child process under time and memory limits (`ingestion.sandbox`); a file we
cannot accept ends as an `InputError` with a one-line reason, never as a partial Document. The
child gets `(kind, bytes, UploadLimits)` and sends back plain data (`Draft.as_payload`), so only
builtins and `UploadLimits` are pickled across; `_PRELOAD` names the modules it runs.
"""

from collections.abc import Callable

from pydantic import BaseModel, Field

from core.errors import InputError
from core.types import Document, Section
from ingestion.company import apply_filing_info, detect_filing
from ingestion.sandbox import (
    ProcessLimits,
    SandboxCrashed,
    SandboxMemoryExceeded,
    SandboxRaised,
    SandboxTimeout,
    run_limited,
)
from ingestion.sources.uploads.csv import parse_csv
from ingestion.sources.uploads.docx import parse_docx
from ingestion.sources.uploads.draft import Draft, cap_chars, one_line
from ingestion.sources.uploads.html import parse_html
from ingestion.sources.uploads.limits import MIB, UploadLimits, check_size
from ingestion.sources.uploads.pdf import parse_pdf
from ingestion.sources.uploads.sniff import LABELS, Kind, sniff
from ingestion.sources.uploads.store import StoredUpload, safe_display_name
from ingestion.sources.uploads.text import parse_markdown, parse_text

PARSERS: dict[str, Callable[[bytes, UploadLimits], Draft]] = {
    "pdf": parse_pdf,
    "html": parse_html,
    "docx": parse_docx,
    "csv": parse_csv,
    "text": parse_text,
    "markdown": parse_markdown,
}
# What the forkserver imports once for every child: this module and each format's parser.
_PRELOAD = (__name__, *sorted({parser.__module__ for parser in PARSERS.values()}))


class ParsedUpload(BaseModel):
    """The text of an accepted upload, split into sections, with what was cut and why."""

    kind: Kind
    sections: list[Section]
    pages: int = 0  # pages in the file (PDF); 0 for formats without pages
    chars: int = 0
    truncated: bool = False
    truncated_note: str | None = None
    warnings: list[str] = Field(default_factory=list)


def parse_upload(data: bytes, filename: str, limits: UploadLimits | None = None) -> ParsedUpload:
    """Sniff and parse an upload in a sandboxed child; raise InputError saying what is wrong."""
    limits = limits or UploadLimits()
    check_size(data, limits)
    if not data.strip():
        raise InputError("empty file")
    kind = sniff(data, filename)
    payload = _run_sandboxed(kind, data, limits)
    return ParsedUpload(kind=kind, **payload)


def upload_document(parsed: ParsedUpload, stored: StoredUpload, display_name: str) -> Document:
    """The Document for an accepted upload: id `upload:<16 hex of sha256>`, source "upload".

    A 10-K/10-Q also gets its ticker, form, period end and fiscal year from its cover page.
    """
    metadata: dict[str, str | int | float | bool] = {
        "kind": parsed.kind,
        "pages": parsed.pages,
        "sha256": stored.sha256,
        "size": stored.size,
        "chars": parsed.chars,
        "truncated": parsed.truncated,
    }
    if parsed.truncated_note:
        metadata["truncated_note"] = parsed.truncated_note
    document = Document(
        id=f"upload:{stored.sha256[:16]}",
        source="upload",
        title=safe_display_name(display_name),
        sections=list(parsed.sections),
        metadata=metadata,
    )
    return apply_filing_info(document, detect_filing(document.sections))


# ---- The sandbox boundary --------------------------------------------------------------------


def _run_sandboxed(kind: str, data: bytes, limits: UploadLimits) -> dict:
    """Parse in a child; map every way the child can fail to a one-line InputError."""
    process_limits = ProcessLimits(
        timeout_s=limits.parse_timeout_s, memory_bytes=limits.memory_bytes
    )
    label = LABELS[kind]
    try:
        payload = run_limited(_parse_in_child, (kind, data, limits), process_limits, _PRELOAD)
    except SandboxTimeout as exc:
        raise InputError(f"parse timeout after {limits.parse_timeout_s:g} s") from exc
    except SandboxMemoryExceeded as exc:
        raise InputError(f"exceeds memory limit ({limits.memory_bytes / MIB:g} MiB)") from exc
    except SandboxCrashed as exc:
        raise InputError(f"could not parse {label}: the parser crashed ({exc})") from exc
    except SandboxRaised as exc:
        short = exc.type_name.rsplit(".", 1)[-1]
        raise InputError(f"malformed {label}: {short}: {one_line(exc.detail)}") from exc
    if "error" in payload:
        raise InputError(payload["error"])
    return payload


def _parse_in_child(kind: str, data: bytes, limits: UploadLimits) -> dict:
    """Runs in the sandbox: the parse as plain data, or {"error": message} for an InputError."""
    try:
        draft = PARSERS[kind](data, limits)
        cap_chars(draft, limits.max_chars)
    except InputError as exc:
        return {"error": str(exc)}
    return draft.as_payload()
