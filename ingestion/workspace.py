"""The analyst workspace's writes to the stores: a validated watchlist, refresh and uploads under
the single-writer lock with progress reports, the uploaded documents, and freshness per source.

Composition only: the work itself is done by `ingestion.live`, `ingestion.files` and `Run`;
nothing here renders anything or imports a model (the embedder is handed in). The live sources
and the upload parsers are imported when a job runs, so a page that only reads starts fast.
"""

import contextlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InputError
from core.protocols import Embedder
from core.settings import Settings
from ingestion.lock import WriterBusy, WriterLock
from ingestion.run import Run, Stores
from ingestion.runs import RunReport, SourceReport
from rag.db import connect

if TYPE_CHECKING:
    from ingestion.live import Sources
    from ingestion.sources.uploads import UploadLimits

WORKSPACE_DB = "workspace.db"  # the analyst's own state; rag.chats keeps its chats there too
TICKER = re.compile(r"^[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,2})?$")  # AAPL, BRK.B, BF-B, RDS-A
MAX_WATCHLIST = 50
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


# ---- watchlist --------------------------------------------------------------------------------


def normalize_ticker(text: str) -> str:
    """`" $brk.b "` -> "BRK.B"; InputError for anything that is not a ticker symbol."""
    symbol = text.strip().removeprefix("$").strip().upper()
    if not TICKER.match(symbol):
        shown = " ".join(text.split())[:20] or "an empty name"
        raise InputError(
            f"{shown!r} is not a ticker symbol: use 1-6 letters or digits starting with a letter, "
            "with an optional class like BRK.B"
        )
    return symbol


class Watchlist:
    """The tickers refresh keeps fresh; starts as the configured list, then the analyst's own."""

    def __init__(self, path: Path, default: Sequence[str]):
        self.path = path
        self.default = [t.strip().upper() for t in default if t.strip()]
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(
                "CREATE TABLE IF NOT EXISTS watchlist (ticker TEXT PRIMARY KEY, position INTEGER);"
                "CREATE TABLE IF NOT EXISTS workspace_state (key TEXT PRIMARY KEY, value TEXT);"
            )
            self._seed(conn)

    @classmethod
    def open(cls, settings: Settings) -> "Watchlist":
        return cls(settings.home / WORKSPACE_DB, settings.ingest.watchlist)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def _seed(self, conn: sqlite3.Connection) -> None:
        """Copy the configured watchlist in once; later edits (even emptying it) stay."""
        seeded = conn.execute("SELECT 1 FROM workspace_state WHERE key = 'watchlist_seeded'")
        if seeded.fetchone():
            return
        conn.executemany(
            "INSERT OR IGNORE INTO watchlist VALUES (?, ?)",
            [(t, i) for i, t in enumerate(dict.fromkeys(self.default))],
        )
        conn.execute("INSERT INTO workspace_state VALUES ('watchlist_seeded', '1')")

    def tickers(self) -> list[str]:
        """The watchlist in the order tickers were added."""
        with self._connect() as conn:
            rows = conn.execute("SELECT ticker FROM watchlist ORDER BY position").fetchall()
        return [row[0] for row in rows]

    def add(self, text: str) -> str:
        """Add a ticker (validated, upper-cased); returns the symbol as stored."""
        symbol = normalize_ticker(text)
        with self._connect() as conn:
            count, last = conn.execute("SELECT COUNT(*), MAX(position) FROM watchlist").fetchone()
            known = conn.execute("SELECT 1 FROM watchlist WHERE ticker = ?", (symbol,)).fetchone()
            if not known and count >= MAX_WATCHLIST:
                raise InputError(f"the watchlist holds at most {MAX_WATCHLIST} tickers")
            if not known:
                conn.execute("INSERT INTO watchlist VALUES (?, ?)", (symbol, (last or 0) + 1))
        return symbol

    def remove(self, ticker: str) -> None:
        """Drop a ticker (its indexed data stays searchable)."""
        with self._connect() as conn:
            conn.execute("DELETE FROM watchlist WHERE ticker = ?", (ticker.strip().upper(),))


def with_workspace_watchlist(settings: Settings) -> Settings:
    """`settings` with the workspace's watchlist, so `finassist refresh` and the scheduler keep
    fresh what the analyst watches in the UI (the configured list until it is first edited)."""
    tickers = Watchlist.open(settings).tickers()
    return settings.model_copy(
        update={"ingest": settings.ingest.model_copy(update={"watchlist": tickers})}
    )


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


def uploaded_documents(home: Path) -> list[UploadedDocument]:
    """Every uploaded document in the index, newest first."""
    database = home / "finassist.db"
    if not database.exists():
        return []
    conn = connect(database, readonly=True)
    try:
        rows = conn.execute(
            "SELECT id, title, metadata, chunk_count, indexed_at FROM documents "
            "WHERE source = 'upload' ORDER BY indexed_at DESC, title"
        ).fetchall()
    finally:
        conn.close()
    return [_uploaded(row) for row in rows]


def _uploaded(row: sqlite3.Row) -> UploadedDocument:
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
        self, settings: Settings, embedder: Embedder, limits: "UploadLimits | None" = None
    ):
        self.settings = settings
        self.home = settings.home
        self.embedder = embedder
        self.limits = limits

    def writer_busy(self) -> str | None:
        """Why writing is impossible right now (another writer holds the lock), or None."""
        try:
            with WriterLock(self.home):
                return None
        except WriterBusy as exc:
            return str(exc)

    @contextlib.contextmanager
    def _run(self, job: str, progress: Progress, fraction) -> Iterator[Run]:
        with WriterLock(self.home):
            stores = Stores.open(self.home, self.settings.chroma_url)
            chunk_words = self.settings.ingest.chunk_words
            yield ReportingRun(
                job, stores, self.embedder, chunk_words, progress=progress, fraction=fraction
            )

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
            return run.finish(progress=_embedding(progress, start=done[0] / steps, span=1 / steps))

    def upload(
        self, files: Sequence[tuple[str, bytes]], progress: Progress = _quiet
    ) -> list[UploadResult]:
        """Check, parse and index several files in one run; one result per file, in order."""
        from ingestion.files import ingest_upload
        from ingestion.sources.uploads import UploadLimits, safe_display_name

        limits = self.limits or UploadLimits()
        files = list(files)
        steps = len(files) + 1
        done = [0]
        with self._run("upload (workspace)", progress, lambda: done[0] / steps) as run:
            documents = []
            for name, data in files:
                progress(f"Reading {safe_display_name(name)}", done[0] / steps)
                documents.append(ingest_upload(run, data, name, self.uploads_dir, limits))
                done[0] += 1
            report = run.finish(
                progress=_embedding(progress, start=done[0] / steps, span=1 / steps)
            )
            chunk_counts = _chunk_counts(run, [d.id for d in documents if d is not None])
        return [
            _result(source, document, chunk_counts)
            for source, document in zip(report.sources, documents, strict=True)
        ]

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    def uploads(self) -> list[UploadedDocument]:
        """The uploaded documents in the index, newest first."""
        return uploaded_documents(self.home)

    def delete_upload(self, document_id: str) -> int:
        """Remove an uploaded document, its chunks and its stored original; returns the chunks."""
        from ingestion.files import delete_upload

        with self._run("delete upload", _quiet, lambda: None) as run:
            return delete_upload(run, document_id, self.uploads_dir)


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


def _chunk_counts(run: Run, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = run.stores.chunks.conn.execute(
        f"SELECT id, chunk_count FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids
    )
    return {row[0]: row[1] for row in rows}


def _result(source: SourceReport, document, chunk_counts: dict[str, int]) -> UploadResult:
    if source.status == "failed" or document is None:
        return UploadResult(source.key, "rejected", reason=source.reason or "could not be read")
    status = "unchanged" if source.skipped and not (source.new or source.updated) else "indexed"
    chunks = chunk_counts.get(document.id, 0)
    return UploadResult(source.key, status, chunks, document.id, source.reason)
