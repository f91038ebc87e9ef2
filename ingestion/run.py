"""One ingestion run: the stores it writes, the indexer, and the report it keeps.

Sources hand their output to a `Run` (documents, price bars, facts); text is embedded at the end
in one batched pass with a progress display, then the report is saved. A failing source is
recorded in the report and never stops the others.
"""

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from core.errors import InputError, SourceError
from core.protocols import Embedder
from core.settings import Settings
from core.types import Document, FilingFact, PriceBar
from ingestion.amendments import supersede_all
from ingestion.lock import WriterLock
from ingestion.pipeline import Indexer, Pending, total_to_embed
from ingestion.runs import RunLog, RunReport, SourceReport
from ingestion.tables import delete_document_facts, replace_document_facts
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
    def on(cls, conn: sqlite3.Connection, vectors: VectorIndex) -> "Stores":
        index = Index.on(conn, vectors)
        return cls(index.chunks, index.prices, index.facts, RunLog(conn))


class Run:
    """Collects a run's output and writes it; use `source()` around each source's work."""

    def __init__(self, job: str, stores: Stores, embedder: Embedder, words_per_chunk: int = 100):
        self.report = RunReport(job)
        self.stores = stores
        self.indexer = Indexer(stores.chunks, embedder, words_per_chunk)
        self._pending: list[Pending] = []
        self._tables: SourceReport | None = None

    @contextlib.contextmanager
    def source(self, source: str, key: str) -> Iterator[SourceReport]:
        """Record one source's outcome; a bad source or file fails alone, the run goes on."""
        report = self.report.add(source, key)
        try:
            yield report
        except (SourceError, InputError) as exc:
            report.fail(str(exc))

    def documents(self, documents: Sequence[Document], report: SourceReport) -> None:
        self._pending += self.indexer.plan(documents, report)
        for document in documents:
            if document.source in TABLE_SOURCES:
                self.table_facts(document)

    def table_facts(self, document: Document) -> None:
        """Write the figures of the document's financial statements; drop those it lost."""
        written, removed = replace_document_facts(self.stores.facts, document)
        if written.new or written.updated or written.unchanged or removed:
            if self._tables is None:  # one report line for the run's statement tables
                self._tables = self.report.add("tables", "statements")
            self._count(written, self._tables, written.new + written.updated + written.unchanged)

    def forget_document(self, document_id: str) -> int:
        """Remove a deleted document's table facts; returns how many went."""
        return delete_document_facts(self.stores.facts, document_id)

    def prices(self, bars: Sequence[PriceBar], report: SourceReport) -> None:
        if not bars:
            report.status = "no data"
            return
        self._count(self.stores.prices.upsert(bars), report, len(bars))
        report.data_as_of = max(bar.date for bar in bars)

    def facts(self, facts: Sequence[FilingFact], report: SourceReport) -> None:
        self._count(self.stores.facts.upsert(facts), report, len(facts))
        if facts:
            report.data_as_of = max(f.filed or f.period_end for f in facts)

    def finish(self, progress: ProgressFactory | None = None) -> RunReport:
        """Embed and store all planned text, then save the report."""
        total = total_to_embed(self._pending)
        tick = progress(total, "embedding") if progress and total else None
        self.indexer.apply(self._pending, tick)
        self._pending = []
        supersede_all(self.stores.chunks)
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
    once if another writer holds it). The caller finishes the run; the lock ends with the block."""
    with WriterLock(settings.home):
        stores = Stores.open(settings.home, settings.chroma_url)
        yield run_class(job, stores, embedder, settings.ingest.chunk_words, **kwargs)
