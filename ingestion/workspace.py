"""The analyst workspace's writes to the stores: refresh and uploads under the single-writer
lock with progress reports, the uploaded documents, and freshness per source (the watchlist is
`ingestion.watchlist`'s).

Composition only: the work itself is done by `ingestion.live`, `ingestion.files` and `Run`;
nothing here renders anything or imports a model (the embedder is handed in). The live sources
and the upload parsers are imported when a job runs, so a page that only reads starts fast.

A workspace acts for one `User`: uploads are that user's private documents, deletes reach only
them, and Refresh now is an admin action, refused here (not only hidden in the page).
"""

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import Forbidden, WriterBusy
from core.identity import LOCAL, LOCAL_USER, User, require_admin
from core.protocols import Embedder
from core.settings import Settings
from ingestion.audit import AuditLog
from ingestion.lock import writer_owner
from ingestion.run import Run, locked_run
from ingestion.runs import RunReport, SourceReport
from rag.search.store import Catalog

if TYPE_CHECKING:
    from ingestion.live import Sources
    from ingestion.sources.uploads import UploadLimits

SOURCE_NAMES = {
    "prices": "Prices",
    "quotes": "Quotes",
    "sec": "SEC filings",
    "xbrl": "XBRL facts",
    "news": "News",
}

# (what is happening, fraction done in [0, 1] or None when unknown)
Progress = Callable[[str, float | None], None]


def _quiet(message: str, fraction: float | None) -> None:
    """The default progress report: none."""


# ---- freshness ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """One source kind at a glance: its newest data, whether that is stale, and failures."""

    source: str
    label: str
    as_of: str | None
    stale: bool
    keys: int
    failing: int
    last_success: str | None


def freshness(sources: Sequence[dict]) -> list[Freshness]:
    """Summarise `collect_status`'s rows per source kind (uploads have no freshness)."""
    out = []
    for source, label in SOURCE_NAMES.items():
        rows = [row for row in sources if row["source"] == source]
        if not rows:
            continue
        dated = [row for row in rows if row.get("data_as_of")]
        newest = max(dated, key=lambda row: row["data_as_of"], default=None)
        successes = [row["last_success"] for row in rows if row.get("last_success")]
        out.append(
            Freshness(
                source=source,
                label=label,
                as_of=newest["data_as_of"][:10] if newest else None,
                stale=bool(newest and newest.get("stale")),
                keys=len(rows),
                failing=sum(row["status"] == "failed" for row in rows),
                last_success=max(successes, default=None),
            )
        )
    return out


# ---- uploads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadResult:
    """What became of one uploaded file: indexed (with its chunks), unchanged, or rejected."""

    name: str
    status: str  # indexed | unchanged | rejected
    chunks: int = 0
    document_id: str | None = None
    reason: str | None = None  # why it was rejected, or what was cut from it


@dataclass(frozen=True)
class UploadedDocument:
    """An uploaded document in the index."""

    id: str
    title: str
    kind: str
    pages: int
    chunks: int
    size: int
    indexed_at: str


def uploaded_documents(home: Path, viewer: str = LOCAL_USER) -> list[UploadedDocument]:
    """Every uploaded document of `viewer` in the index, newest first."""
    with Catalog.read_only(home, viewer) as catalog:
        rows = catalog.documents_of_source("upload") if catalog else []
    return [_uploaded(row) for row in rows]


def _uploaded(row: dict) -> UploadedDocument:
    meta = json.loads(row["metadata"] or "{}")
    return UploadedDocument(
        id=row["id"],
        title=row["title"],
        kind=str(meta.get("kind", "")),
        pages=int(meta.get("pages", 0) or 0),
        chunks=row["chunk_count"],
        size=int(meta.get("size", 0) or 0),
        indexed_at=row["indexed_at"],
    )


# ---- the jobs -----------------------------------------------------------------------------------


class ReportingRun(Run):
    """A `Run` that says which source it is working on."""

    def __init__(self, *args, progress: Progress, fraction: Callable[[], float | None], **kw):
        super().__init__(*args, **kw)
        self._progress = progress
        self._fraction = fraction

    @contextlib.contextmanager
    def source(self, source: str, key: str) -> Iterator[SourceReport]:
        self._progress(f"{SOURCE_NAMES.get(source, source)}: {key}", self._fraction())
        with super().source(source, key) as report:
            yield report


class Workspace:
    """The writing jobs of the UI, each under the writer lock (refused at once when it is held)."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        limits: "UploadLimits | None" = None,
        user: User = LOCAL,
    ):
        self.user = user
        self.audit = AuditLog.open(settings.home)
        self.settings = settings
        self.home = settings.home
        self.embedder = embedder
        self.limits = limits

    def writer_busy(self) -> str | None:
        """Why writing is impossible right now (another writer holds the lock), or None; the
        check never takes the lock."""
        owner = writer_owner(self.home)
        return str(WriterBusy(owner)) if owner else None

    @contextlib.contextmanager
    def _run(self, job: str, progress: Progress, fraction) -> Iterator[Run]:
        with locked_run(
            self.settings, job, self.embedder, ReportingRun, progress=progress, fraction=fraction
        ) as run:
            yield run

    def refresh(
        self,
        tickers: Sequence[str],
        progress: Progress = _quiet,
        *,
        sources: "Sources | None" = None,
        kinds: Sequence[str] | None = None,
        today: date | None = None,
    ) -> RunReport:
        """Every source of `kinds` (default: all) for `tickers`, once; raises WriterBusy at once
        if another writer runs. `sources` replaces the live clients (tests replay recordings)."""
        from ingestion import live

        self._admin("Refresh now")
        kinds = kinds or live.KINDS
        settings = self.settings.model_copy(
            update={"ingest": self.settings.ingest.model_copy(update={"watchlist": list(tickers)})}
        )
        done = [0]
        steps = len(kinds) + 1  # every kind, then embedding

        with self._run("refresh (workspace)", progress, lambda: done[0] / steps) as run:
            with contextlib.ExitStack() as stack:
                if sources is None:
                    sources = stack.enter_context(live.live_sources(settings))
                for kind in kinds:
                    live.refresh(run, settings, sources, kinds=(kind,), today=today)
                    done[0] += 1
            report = run.finish(
                progress=_embedding(progress, start=done[0] / steps, span=1 / steps)
            )
        self.audit.record(self.user.name, "refresh", tickers=list(tickers), status=report.status)
        return report

    def upload(
        self, files: Sequence[tuple[str, bytes]], progress: Progress = _quiet
    ) -> list[UploadResult]:
        """Check, parse and index several files in one run; one result per file, in order."""
        from ingestion.files import ingest_upload
        from ingestion.sources.uploads import UploadLimits, safe_display_name

        limits = self.limits or UploadLimits.from_settings(self.settings.uploads)
        files = list(files)
        steps = len(files) + 1
        done = [0]
        with self._run("upload (workspace)", progress, lambda: done[0] / steps) as run:
            documents = []
            for name, data in files:
                progress(f"Reading {safe_display_name(name)}", done[0] / steps)
                documents.append(
                    ingest_upload(run, data, name, self.uploads_dir, limits, self.user.name)
                )
                done[0] += 1
            report = run.finish(
                progress=_embedding(progress, start=done[0] / steps, span=1 / steps)
            )
            indexed = [d.id for d in documents if d is not None]
            chunk_counts = run.stores.chunks.chunk_counts(indexed)
        results = [
            _result(source, document, chunk_counts)
            for source, document in zip(files_of(report), documents, strict=True)
        ]
        for result in results:
            self.audit.record(
                self.user.name,
                "upload",
                name=result.name,
                status=result.status,
                document_id=result.document_id,
                reason=result.reason,
            )
        return results

    @property
    def uploads_dir(self) -> Path:
        return self.settings.paths.uploads

    def uploads(self) -> list[UploadedDocument]:
        """This user's uploaded documents in the index, newest first."""
        return uploaded_documents(self.home, self.user.name)

    def delete_upload(self, document_id: str) -> int:
        """Remove one of this user's uploaded documents, its chunks and its stored original
        (unless another user's upload shares it); returns the chunks. Shared data (SEC, market,
        news) is not deleted here: refused for an analyst, an input error for an admin."""
        from ingestion.files import delete_upload
        from ingestion.redaction import redact_deleted

        if not document_id.startswith("upload:"):
            self._admin("Deleting shared data")
        with self._run("delete upload", _quiet, lambda: None) as run:
            removed = delete_upload(run, document_id, self.uploads_dir, self.user.name)
        redacted = redact_deleted(self.home, self.user.name, document_id)
        self.audit.record(
            self.user.name, "delete", document_id=document_id, chunks=removed, redacted=redacted
        )
        return removed

    def _admin(self, action: str) -> None:
        """Forbidden (and audited) unless this workspace's user is an admin."""
        try:
            require_admin(self.user, action)
        except Forbidden as exc:
            self.audit.record(self.user.name, "refused", action=action, reason=str(exc))
            raise


def files_of(report: RunReport) -> list[SourceReport]:
    """The report's one source per uploaded file (a 10-K's statement tables add their own)."""
    return [source for source in report.sources if source.source == "upload"]


def _embedding(progress: Progress, start: float, span: float):
    """A `Run.finish` progress factory that reports embedding within [start, start + span]."""

    def factory(total: int, what: str) -> Callable[[int], None]:
        done = [0]
        progress(f"Embedding {total} chunks", start)

        def advance(n: int) -> None:
            done[0] += n
            progress(
                f"Embedding {min(done[0], total)}/{total} chunks", start + span * done[0] / total
            )

        return advance

    return factory


def _result(source: SourceReport, document, chunk_counts: dict[str, int]) -> UploadResult:
    if source.status == "failed" or document is None:
        return UploadResult(source.key, "rejected", reason=source.reason or "could not be read")
    status = "unchanged" if source.skipped and not (source.new or source.updated) else "indexed"
    chunks = chunk_counts.get(document.id, 0)
    return UploadResult(source.key, status, chunks, document.id, source.reason)
