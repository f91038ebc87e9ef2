"""The indexing pipeline: documents -> chunks -> embeddings -> stores, idempotently.

An unchanged document (same content hash as stored) costs nothing; a changed one re-embeds only
its new or changed chunks and drops the rest. A chunk that repeats an earlier one of the same
document word for word is kept once, and a text the run embedded recently, or that the store
already holds under another chunk (same `text_hash`), is not embedded again: its vector is
reused (a hostile file of one repeated line costs one embedding, a re-upload under another
name none). A document is
marked indexed (its SQLite row written) only after its vectors are stored, so a killed run is
finished by the next one. A group that cannot be embedded or stored marks its documents failed;
the other groups go on.
"""

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from core.failpoints import failpoint
from core.protocols import Embedder
from core.types import Chunk, Document
from ingestion.chunking import chunk_document, document_hash
from ingestion.runs import SourceReport
from rag.search.store import ChunkStore, text_hash

Progress = Callable[[int], None]
RECENT_VECTORS = 4096  # texts whose vectors a run keeps for reuse (about 6 MB of floats)
BUDGET_SLICE = 32  # chunks embedded between two checks of an upload's budget


@dataclass(frozen=True)
class Budget:
    """Wall-clock seconds one document's embedding may take, and the setting that sets them."""

    seconds: float
    setting: str

    def refusal(self, chunks: int) -> str:
        return (
            f"embedding this file's {chunks:,} chunks took longer than the limit of "
            f"{self.seconds:g} s ({self.setting}); nothing of it was kept"
        )


@dataclass
class Pending:
    document: Document
    content_hash: str
    chunks: list[Chunk]
    to_embed: list[Chunk]
    report: SourceReport
    is_new: bool
    budget: Budget | None = None  # an upload's: embedded alone, refused past it


class Indexer:
    """Chunks, embeds and stores documents for one run."""

    def __init__(
        self, store: ChunkStore, embedder: Embedder, words_per_chunk: int = 100, batch: int = 256
    ):
        self.store = store
        self.embedder = embedder
        self.words_per_chunk = words_per_chunk
        self.batch = batch
        self.embedded = 0
        self.chunks_written = 0
        self.reused = 0  # texts whose vector came from the store instead of the embedder
        self.refused: list[Pending] = []  # over their budget: nothing written
        self._recent: OrderedDict[str, list[float]] = OrderedDict()  # text_hash -> vector

    def plan(
        self,
        documents: Iterable[Document],
        report: SourceReport,
        chunked: Mapping[str, list[Chunk]] | None = None,
    ) -> list[Pending]:
        """The documents that need work, with the chunks each must embed; counts the rest.
        `chunked`: chunks already made (an upload's, in its sandbox), by document id."""
        pending = []
        for document in documents:
            report.fetched += 1
            digest = document_hash(document)
            stored = self.store.document_hash(document.id)
            if stored == digest:
                report.skipped += 1
                continue
            chunks = (chunked or {}).get(document.id)
            if chunks is None:
                chunks = chunk_document(document, self.words_per_chunk)
            if not chunks:
                report.problem(f"{document.id}: no text to index")
                continue
            chunks = distinct(chunks)  # a page header repeated on every page is kept once
            known = self.store.chunk_hashes(document.id)
            to_embed = [c for c in chunks if known.get(c.id) != c.content_hash]
            pending.append(Pending(document, digest, chunks, to_embed, report, stored is None))
        return pending

    def apply(self, pending: list[Pending], progress: Progress | None = None) -> None:
        """Embed in batches across documents, then store each document whole."""
        group: list[Pending] = []
        size = 0
        for item in pending:
            if item.budget is not None:
                self._store_budgeted(item, progress)
                continue
            group.append(item)
            size += len(item.to_embed)
            if size >= self.batch:
                self._store_group(group, progress)
                group, size = [], 0
        if group:
            self._store_group(group, progress)

    def index(self, documents: Iterable[Document], report: SourceReport, progress=None) -> None:
        self.apply(self.plan(documents, report), progress)

    def _store_group(
        self, group: list[Pending], progress: Progress | None, vectors: list | None = None
    ) -> None:
        """Embed (unless `vectors` are given, in order of the group's chunks to embed) and
        store a group of documents; a group that fails marks its documents failed."""
        try:
            self._write_group(group, vectors)
        except Exception as exc:  # one bad group must not stop the run: its documents fail
            error = f"could not be indexed: {type(exc).__name__}: {exc}"
            self.store.mark_failed([item.document.id for item in group], error)
            for item in group:
                item.report.problem(f"{item.document.id}: {error}")
            return
        for item in group:
            self.chunks_written += len(item.chunks)
            if item.is_new:
                item.report.new += 1
            else:
                item.report.updated += 1
        if progress:
            progress(sum(len(item.to_embed) for item in group))

    def _store_budgeted(self, item: Pending, progress: Progress | None) -> None:
        """Embed one document in slices, checking its budget before each and after the last;
        past it nothing is written and the document is refused."""
        started, vectors = time.monotonic(), []
        texts = [chunk.text for chunk in item.to_embed]
        for start in range(0, len(texts) + 1, BUDGET_SLICE):
            if time.monotonic() - started >= item.budget.seconds:
                item.report.fail(item.budget.refusal(len(item.chunks)))
                self.refused.append(item)
                return
            vectors += self._vectors(texts[start : start + BUDGET_SLICE])
        self._store_group([item], progress, vectors)

    def _write_group(self, group: list[Pending], vectors: list | None = None) -> None:
        chunks = [chunk for item in group for chunk in item.to_embed]
        failpoint("embedding")
        if vectors is None:
            vectors = self._vectors([chunk.text for chunk in chunks])
        by_id = {chunk.id: vector for chunk, vector in zip(chunks, vectors, strict=True)}
        self.store.write_many(
            [
                (
                    item.document,
                    item.content_hash,
                    item.chunks,
                    {c.id: by_id[c.id] for c in item.to_embed},
                )
                for item in group
            ]
        )

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        """A vector per text; each distinct text embedded once: recent ones and those the store
        already holds (under another chunk) are not embedded again."""
        keys = [text_hash(text) for text in texts]
        new = {key: text for key, text in zip(keys, texts, strict=True) if key not in self._recent}
        if new:
            stored = self.store.stored_vectors(list(new))
            self.reused += len(stored)
            self._recent.update(stored)
            new = {key: text for key, text in new.items() if key not in stored}
        if new:
            self.embedded += len(new)
            for key, vector in zip(new, self.embedder.embed(list(new.values())), strict=True):
                self._recent[key] = vector
        found = [self._recent[key] for key in keys]
        for key in keys:
            self._recent.move_to_end(key)
        while len(self._recent) > RECENT_VECTORS:
            self._recent.popitem(last=False)
        return found


def distinct(chunks: list[Chunk]) -> list[Chunk]:
    """The chunks without those that repeat an earlier chunk's text word for word."""
    seen: set[str] = set()
    return [c for c in chunks if not (c.text in seen or seen.add(c.text))]


def total_to_embed(pending: list[Pending]) -> int:
    return sum(len(item.to_embed) for item in pending)
