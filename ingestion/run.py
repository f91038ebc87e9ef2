"""One ingestion run: the stores it writes, the indexer, and the report it keeps.

Sources hand their output to a `Run` (documents, price bars, facts); text is embedded at the end
in one batched pass with a progress display, then the report is saved. A failing source is
recorded in the report and never stops the others.
"""

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError, SourceError
from core.protocols import Embedder
from core.types import Document, FilingFact, PriceBar
from ingestion.amendments import supersede_all
from ingestion.pipeline import Indexer, Pending, total_to_embed
from ingestion.runs import RunReport, SourceReport, save_run
from ingestion.tables import delete_document_facts, replace_document_facts
from rag.store import ChunkStore
from rag.structured import FactStore, PriceStore

ProgressFactory = Callable[[int, str], Callable[[int], None]]
TABLE_SOURCES = {"sec", "upload"}  # documents whose statement tables become facts


@dataclass
class Stores:
    chunks: ChunkStore
    prices: PriceStore
    facts: FactStore

    @classmethod
    def open(cls, home: Path, chroma_url: str | None = None) -> "Stores":
        chunks = ChunkStore.open(home, chroma_url)
        return cls(chunks, PriceStore(chunks.conn), FactStore(chunks.conn))


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
        save_run(self.stores.chunks.conn, self.report)
        return self.report

    @staticmethod
    def _count(written, report: SourceReport, fetched: int) -> None:
        report.fetched += fetched
        report.new += written.new
        report.updated += written.updated
        report.skipped += written.unchanged
