"""One ingestion run: the stores it writes, the indexer, and the report it keeps.

Sources hand their output to a `Run` (documents, price bars, facts); text is embedded at the end
in one batched pass with a progress display, then the report is saved. A failing source, ticker
or file is recorded in the report and never stops the others: an expected failure (the source is
down, the file is bad) with its message, anything else as schema drift with the traceback kept in
the quarantine folder. A locked run reconciles the stores before it starts and after it ends.
"""

import contextlib
import json
import re
import sqlite3
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError, SourceError, Unreachable
from core.failpoints import failpoint
from core.identity import EVERYONE
from core.protocols import Embedder
from core.settings import Settings
from core.types import Chunk, Document, FilingFact, PriceBar
from ingestion.amendments import supersede_all
from ingestion.cleaning import clean_document
from ingestion.events import news_events, price_events
from ingestion.lock import WriterLock
from ingestion.pipeline import Budget, Indexer, Pending, total_to_embed
from ingestion.reconcile import purge_document, reconcile
from ingestion.runs import RunLog, RunReport, SourceReport, now_iso
from ingestion.tables import replace_document_facts
from rag.search.db import transaction
from rag.search.events import Event
from rag.search.index import Index
from rag.search.store import VectorIndex

ProgressFactory = Callable[[int, str], Callable[[int], None]]
TABLE_SOURCES = {"sec", "upload"}  # documents whose statement tables become facts


@dataclass
class Stores(Index):
    """What a run writes: the index's stores and the run log, sharing one database connection
    (`Stores.open(home, chroma_url)`)."""

    runs: RunLog

    @classmethod
    def on(cls, conn: sqlite3.Connection, vectors: VectorIndex, viewer: str = EVERYONE) -> "Stores":
        index = Index.on(conn, vectors, EVERYONE)  # a writer sees every user's documents
        return cls(index.chunks, index.prices, index.facts, index.events, RunLog(conn))


class Run:
    """Collects a run's output and writes it; use `source()` around each source's work."""

    def __init__(
        self,
        job: str,
        stores: Stores,
        embedder: Embedder,
        words_per_chunk: int = 100,
        *,
        quarantine: Path | None = None,
        uploads: Path | None = None,
    ):
        self.report = RunReport(job)
        self.stores = stores
        self.embedder = embedder
        self.indexer = Indexer(stores.chunks, embedder, words_per_chunk)
        self.quarantine = quarantine
        self.uploads = uploads
        self._pending: list[Pending] = []
        self._tables: SourceReport | None = None

    @contextlib.contextmanager
    def source(self, source: str, key: str) -> Iterator[SourceReport]:
        """Record one source's outcome; a bad source, ticker or file fails alone and the run
        goes on (an unexpected error is kept in the quarantine folder as schema drift)."""
        report = self.report.add(source, key)
        try:
            yield report
        except Unreachable as exc:  # offline: failed, never "no data" or fresh
            report.fail(str(exc), offline=True)
        except (SourceError, InputError) as exc:
            report.fail(str(exc))
        except Exception as exc:  # drifted payloads, parser bugs: this record only
            kept = self._quarantine(source, key, exc)
            where = f"; details in {kept}" if kept else ""
            report.fail(f"schema drift: {type(exc).__name__}: {exc}{where}")

    def _quarantine(self, source: str, key: str, exc: Exception) -> Path | None:
        """Keep the error and its traceback (and the record, if the error carries one)."""
        if self.quarantine is None:
            return None
        self.quarantine.mkdir(parents=True, exist_ok=True)
        safe_key = re.sub(r"[^A-Za-z0-9._-]+", "_", key)[:80]
        path = self.quarantine / f"{now_iso().replace(':', '')}-{source}-{safe_key}.json"
        record = getattr(exc, "record", None)
        entry = {
            "job": self.report.job,
            "source": source,
            "key": key,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exception(exc),
            "record": record if isinstance(record, dict | list | str) else None,
        }
        path.write_text(json.dumps(entry, indent=1, default=str))
        return path

    def documents(
        self,
        documents: Sequence[Document],
        report: SourceReport,
        derived: Mapping[str, tuple[list[Chunk], list[FilingFact]]] | None = None,
        budgets: Mapping[str, Budget] | None = None,
    ) -> None:
        """Plan the documents' indexing; the ones to write and their statement-table facts are
        recorded (pending, facts not yet used) in one transaction. `derived`: by document id,
        chunks and facts already made from the file (an upload's, in its sandbox, from the
        document cleaned there). `budgets`: by document id, how long embedding it may take (an
        upload's; past it the document is refused and removed whole at `finish`). Each document
        is cleaned first (ingestion.cleaning: no comments or invisible characters are indexed)."""
        documents = [clean_document(document) for document in documents]
        derived = derived or {}
        chunked = {doc_id: chunks for doc_id, (chunks, _) in derived.items()}
        pending = self.indexer.plan(documents, report, chunked)
        with transaction(self.stores.chunks.conn):
            self.stores.chunks.mark_pending([item.document for item in pending])
            for document in documents:
                if document.source in TABLE_SOURCES:
                    facts = derived[document.id][1] if document.id in derived else None
                    self.table_facts(document, facts)
            failpoint("facts-written")
        failpoint("planned")
        for item in pending:
            item.budget = (budgets or {}).get(item.document.id)
        self._pending += pending
        self.events(news_events(documents))

    def table_facts(self, document: Document, facts: list[FilingFact] | None = None) -> None:
        """Write the figures of the document's financial statements (`facts`, when already read
        from them); drop those it lost."""
        written, removed = replace_document_facts(self.stores.facts, document, facts)
        if written.new or written.updated or written.unchanged or removed:
            if self._tables is None:  # one report line for the run's statement tables
                self._tables = self.report.add("tables", "statements")
            self._count(written, self._tables, written.new + written.updated + written.unchanged)

    def prices(self, bars: Sequence[PriceBar], report: SourceReport) -> None:
        if not bars:
            report.status = "no data"
            return
        self._count(self.stores.prices.upsert(bars), report, len(bars))
        report.data_as_of = max(bar.date for bar in bars)
        self.events(price_events(bars))

    def events(self, events: Sequence[Event], report: SourceReport | None = None) -> None:
        """Store events (ingestion.events), counted in `report` when given; those derived from
        another source's documents or prices are not counted (that source's report stands)."""
        if not events:
            return
        new, updated, unchanged = self.stores.events.upsert(list(events))
        if report is not None:
            report.fetched += len(events)
            report.new += new
            report.updated += updated
            report.skipped += unchanged

    def facts(self, facts: Sequence[FilingFact], report: SourceReport) -> None:
        self._count(self.stores.facts.upsert(facts), report, len(facts))
        if facts:
            report.data_as_of = max(f.filed or f.period_end for f in facts)

    def reconcile(self) -> None:
        """Repair what an earlier writer left (see ingestion.reconcile) and count it."""
        for what, n in reconcile(self.stores, self.embedder, self.uploads).items():
            self.report.repairs[what] = self.report.repairs.get(what, 0) + n

    def finish(self, progress: ProgressFactory | None = None) -> RunReport:
        """Embed and store all planned text, reconcile, then save the report."""
        total = total_to_embed(self._pending)
        tick = progress(total, "embedding") if progress and total else None
        self.indexer.apply(self._pending, tick)
        self._pending = []
        for item in self.indexer.refused:  # over its budget: its facts, rows and original go
            purge_document(self.stores, item.document.id, self.uploads)
        self.indexer.refused = []
        supersede_all(self.stores.chunks)
        failpoint("before-reconcile")
        self.reconcile()
        self.report.embedded = self.indexer.embedded
        self.report.chunks_written = self.indexer.chunks_written
        self.stores.runs.save(self.report)
        return self.report

    @staticmethod
    def _count(written, report: SourceReport, fetched: int) -> None:
        report.fetched += fetched
        report.new += written.new
        report.updated += written.updated
        report.skipped += written.unchanged


@contextlib.contextmanager
def locked_run(
    settings: Settings, job: str, embedder: Embedder, run_class: type[Run] = Run, **kwargs
) -> Iterator[Run]:
    """A `run_class` run over the stores of `settings.home`, under the writer lock (WriterBusy at
    once if another writer holds it), the stores reconciled first. The caller finishes the run;
    the lock ends with the block."""
    paths = settings.paths
    with WriterLock(settings.home, job=job):
        stores = Stores.open(settings.home, settings.chroma_url)
        run = run_class(
            job,
            stores,
            embedder,
            settings.ingest.chunk_words,
            quarantine=paths.quarantine,
            uploads=paths.uploads,
            **kwargs,
        )
        run.reconcile()
        yield run
