"""Accepting an upload: sniff it, derive everything from it in a sandboxed child, check what
comes back.

The child (`derive.derive_upload`, run by `ingestion.sandbox`) parses the file and derives its
Document, chunks and statement-table facts under the upload's budgets; it answers in JSON, which
is validated here against `Derived` (version, types, ids, counts) before anything is stored. A
file we cannot accept ends as an `InputError` with a one-line reason naming the limit it went
over, never as a partial Document.
"""

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import InputError
from core.types import Chunk, Document, FilingFact, Section
from ingestion.sandbox import (
    ProcessLimits,
    SandboxCrashed,
    SandboxMemoryExceeded,
    SandboxRaised,
    SandboxTimeout,
    run_isolated,
)
from ingestion.sources.uploads.draft import one_line
from ingestion.sources.uploads.limits import MIB, SETTING, UploadLimits, check_size, over_budget
from ingestion.sources.uploads.sniff import LABELS, Kind, sniff
from ingestion.sources.uploads.store import StoredUpload, safe_display_name
from ingestion.tables import document_accession

_CHILD = "ingestion.sources.uploads.derive:derive_upload"
# What the forkserver imports once for every child: the derivation, its parsers, the registry.
_PRELOAD = ("ingestion.sources.uploads.derive",)
PAYLOAD_VERSION = 1


class Derived(BaseModel):
    """What the child sends back for an accepted file (JSON, version 1); anything else is
    refused."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    kind: Kind
    pages: int = Field(ge=0)
    chars: int = Field(ge=0)
    truncated: bool
    truncated_note: str | None
    warnings: list[str]
    document: Document
    chunks: list[Chunk]
    facts: list[FilingFact]


class ParsedUpload(BaseModel):
    """An accepted upload: its text in sections, what was cut and why, and what was derived
    from it in the sandbox (the Document, its chunks and its statement-table facts)."""

    kind: Kind
    sections: list[Section]
    pages: int = 0  # pages in the file (PDF); 0 for formats without pages
    chars: int = 0
    truncated: bool = False
    truncated_note: str | None = None
    warnings: list[str] = Field(default_factory=list)
    document: Document
    chunks: list[Chunk] = Field(default_factory=list)
    facts: list[FilingFact] = Field(default_factory=list)
    isolation: str = ""  # how the child was cut off (ingestion.sandbox.ISOLATIONS)


def parse_upload(
    data: bytes,
    filename: str,
    limits: UploadLimits | None = None,
    *,
    display_name: str | None = None,
    words_per_chunk: int = 100,
) -> ParsedUpload:
    """Sniff an upload and derive its Document, chunks and facts in a sandboxed child; raise
    InputError saying what is wrong or which budget it is over."""
    limits = limits or UploadLimits()
    check_size(data, limits)
    if not data.strip():
        raise InputError("empty file")
    kind = sniff(data, filename)
    title = safe_display_name(display_name or filename) or "upload"
    args = (kind, data, limits.as_dict(), title, words_per_chunk)
    answer, isolation = _run_sandboxed(kind, args, limits)
    derived = _validated(answer, kind, data, title, limits)
    fields = derived.model_dump(exclude={"version", "document", "chunks", "facts"})
    metadata = {**derived.document.metadata, "sandbox": isolation}  # kept with the document
    document = derived.document.model_copy(update={"metadata": metadata})
    return ParsedUpload(
        **fields,
        sections=document.sections,
        document=document,
        chunks=derived.chunks,
        facts=derived.facts,
        isolation=isolation,
    )


def upload_document(parsed: ParsedUpload, stored: StoredUpload, display_name: str) -> Document:
    """The Document for an accepted upload: id `upload:<16 hex of sha256>`, source "upload"; a
    10-K/10-Q also has its ticker, form, period end and fiscal year from its cover page."""
    document = parsed.document
    if document.metadata.get("sha256") != stored.sha256:
        raise InputError("the stored original is not the file that was parsed")
    title = safe_display_name(display_name)
    if title and title != document.title:
        raise ValueError(f"parsed as {document.title!r}, stored as {title!r}: pass display_name")
    return document


def sandbox_isolation() -> str:
    """How an upload's child is cut off on this machine (`ingestion.sandbox.ISOLATIONS`), by a
    live probe through the same forkserver (and preload) uploads use."""
    return run_isolated("os:getpid", (), ProcessLimits(timeout_s=60), _PRELOAD).isolation


# ---- The sandbox boundary --------------------------------------------------------------------


def _run_sandboxed(kind: str, args: tuple, limits: UploadLimits) -> tuple:
    """Run the child; map every way it can fail to a one-line InputError."""
    process_limits = ProcessLimits(
        timeout_s=limits.parse_timeout_s,
        memory_bytes=limits.memory_bytes,
        result_bytes=8 * limits.max_chars + 64 * MIB,
    )
    label = LABELS[kind]
    try:
        outcome = run_isolated(_CHILD, args, process_limits, _PRELOAD)
    except SandboxTimeout as exc:
        raise InputError(
            f"parse timeout after {limits.parse_timeout_s:g} s: reading this file takes longer "
            f"than the limit of {limits.parse_timeout_s:g} s ({SETTING['parse_timeout_s']})"
        ) from exc
    except SandboxMemoryExceeded as exc:
        raise InputError(
            f"exceeds memory limit ({limits.memory_bytes / MIB:g} MiB) ({SETTING['memory_bytes']})"
        ) from exc
    except SandboxCrashed as exc:
        raise InputError(f"could not parse {label}: the parser crashed ({exc})") from exc
    except SandboxRaised as exc:
        short = exc.type_name.rsplit(".", 1)[-1]
        raise InputError(f"malformed {label}: {short}: {one_line(exc.detail)}") from exc
    return outcome.value, outcome.isolation


def _validated(answer: object, kind: str, data: bytes, title: str, limits: UploadLimits):
    """The child's answer checked: a refusal becomes an InputError; an accepted file must be
    this file (id, hash, size, title), within budget, its chunks and facts its own."""
    if isinstance(answer, dict) and answer.get("version") == PAYLOAD_VERSION and "error" in answer:
        raise InputError(one_line(str(answer["error"]), 400))
    try:
        derived = Derived.model_validate(answer)
    except ValidationError as exc:
        raise InputError(
            f"could not parse {LABELS[kind]}: the parser's answer is malformed"
        ) from exc
    sha256 = hashlib.sha256(data).hexdigest()
    document = derived.document
    expected_id = f"upload:{sha256[:16]}"
    problems = [
        derived.kind != kind,
        document.id != expected_id or document.source != "upload" or document.title != title,
        document.metadata.get("sha256") != sha256 or document.metadata.get("size") != len(data),
        [c.id for c in derived.chunks]
        != [f"{expected_id}#{i}" for i in range(len(derived.chunks))],
        any(c.document_id != expected_id or c.ordinal != i for i, c in enumerate(derived.chunks)),
        any(f.ticker != document.ticker or f.source != "table" for f in derived.facts),
        any(f.accession != document_accession(document) for f in derived.facts),
    ]
    if any(problems):
        raise InputError(f"could not parse {LABELS[kind]}: the parser's answer is inconsistent")
    over_budget("max_chars", derived.chars, limits, "characters of text")
    over_budget("max_chunks", len(derived.chunks), limits, "chunks")
    return derived
