"""The chunk store: vectors in Chroma, chunk text and document rows in SQLite (with FTS5).

SQLite is the record of what is indexed: a document is `pending` while a run writes it and becomes
`indexed` in the one transaction that writes its chunk rows, after its vectors are in Chroma; only
indexed documents are searched. A delete marks the document `deleting` first (a tombstone, at once
invisible) and then purges vectors, rows and facts; a purge cut short is finished by the next one.
`ingestion.reconcile` repairs what a killed writer left (vectors without rows and the reverse).

Every write that changes vectors bumps the store's generation (in the same transaction): a reader
in another process sees the new number and reopens its local Chroma collection, whose in-memory
HNSW index would otherwise never show another process's writes.
Searches stay fast on large indexes: metadata filters are resolved in SQLite (Chroma's own
filtered query is slow), and BM25 ranks only the question's informative words.

Every reader has a `viewer` (a user name, given at construction): it sees the shared corpus
(documents without an owner) and its own private documents, never another user's, in every
search, listing and lookup here; `EVERYONE` (ingestion, repairs) sees all.
"""

import contextlib
import hashlib
import json
import math
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core.errors import ConfigError
from core.failpoints import failpoint
from core.home import Home
from core.identity import EVERYONE, LOCAL_USER
from core.types import Chunk, Document
from rag.search.db import connect, reading, transaction

COLLECTION = "finassist_chunks"
INDEXED, PENDING, FAILED, DELETING = "indexed", "pending", "failed", "deleting"  # document states
# Dense search under a filter (Chroma's own filtered query walks most of the HNSW graph when
# few chunks pass, and reads its metadata slowly): see ChunkStore.dense.
OVERFETCH = 2  # unfiltered neighbours fetched per wanted hit, scaled by the filter's share
MAX_FETCH = 1000  # more than this and the allowed chunks are listed from SQLite instead
EXACT_MAX = 400  # up to this many allowed chunks, distances are computed exactly here
MAX_IDS = 20_000  # more allowed chunks than this and Chroma's own `where` filter is used
# Lexical search: words matching at most this many rows (together) decide which rows match;
# commoner words only add to those rows' BM25 scores (like Lucene's "common terms" query).
LEXICAL_BUDGET = 2500
MAX_COMMON = 6  # commoner words scored at most (BM25 reads each one's whole row list)
STOP_WORDS = frozenset(
    "a about above after again all also am an and any are as at be been before being between"
    " both but by can could describe described did do does doing during each explain few for"
    " from further give had happen happened has have having he her here hers him his how i if"
    " in into is it its itself just list many me mention more most much my no nor not now of"
    " off on once only or other our out over own said same say says she should show so some"
    " such summarize tell than that the their theirs them then there these they this those"
    " through to too under until up very was we were what when where which while who whom why"
    " will with would you your".split()
)


@dataclass
class ChunkFilter:
    """Metadata constraints applied identically to dense and lexical search."""

    tickers: Sequence[str] = ()
    sources: Sequence[str] = ()
    forms: Sequence[str] = ()
    fiscal_years: Sequence[int] = ()
    document_ids: Sequence[str] = ()
    date_from: str | None = None  # ISO date, inclusive, on `published`
    date_to: str | None = None

    def _lists(self) -> list[tuple[str, str, Sequence]]:
        """(Chroma metadata key, SQL column, wanted values) for each non-empty list filter."""
        pairs = [
            ("ticker", "d.ticker", self.tickers),
            ("source", "d.source", self.sources),
            ("form", "d.form", self.forms),
            ("fiscal_year", "d.fiscal_year", self.fiscal_years),
            ("document_id", "d.id", self.document_ids),
        ]
        return [(key, column, values) for key, column, values in pairs if values]

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = [{key: {"$in": list(v)}} for key, _, v in self._lists()]
        if self.date_from:
            clauses.append({"published_day": {"$gte": _day_number(self.date_from)}})
        if self.date_to:
            clauses.append({"published_day": {"$lte": _day_number(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def sql_where(self) -> tuple[str, list]:
        parts, params = [f"d.state = '{INDEXED}'"], []
        for _, column, values in self._lists():
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            params += list(values)
        if self.date_from:
            parts.append("substr(d.published, 1, 10) >= ?")
            params.append(self.date_from[:10])
        if self.date_to:
            parts.append("substr(d.published, 1, 10) <= ?")
            params.append(self.date_to[:10])
        return " AND ".join(parts), params


def _day_number(iso: str) -> int:
    """2024-11-01 -> 20241101, so Chroma can range-filter dates as integers."""
    return int(iso[:10].replace("-", ""))


@dataclass
class StoredChunk:
    """A chunk as retrieval sees it: text plus the metadata of its document."""

    id: str
    text: str
    document_id: str
    section: str | None
    page: int | None
    document: dict = field(default_factory=dict)


class VectorIndex:
    """A Chroma collection we always give vectors to (its downloading default is never used).

    A local store is opened once per process and path (`_LocalCollection`), so that `refresh`
    can reopen it for every user in the process when another process has written."""

    def __init__(self, collection, max_batch: int = 1000):
        self._collection = collection
        self.max_batch = max_batch

    @property
    def collection(self):
        source = self._collection
        return source.get() if isinstance(source, _LocalCollection) else source

    @classmethod
    def open(cls, home: Path, url: str | None = None) -> "VectorIndex":
        if not url:
            local = _LocalCollection.of(Home(home))
            return cls(local, max_batch=local.max_batch)
        from urllib.parse import urlparse

        import chromadb

        parsed = urlparse(url)
        if not parsed.hostname:
            raise ConfigError(f"FINASSIST_CHROMA_URL: not a URL: {url!r}")
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=_chroma_settings(),
        )
        return cls(_collection_of(client), max_batch=min(client.get_max_batch_size(), 1000))

    def refresh(self, generation: int) -> bool:
        """Reopen a local collection last opened before `generation` (another process wrote
        since); True if it was reopened. A server's collection is always current."""
        source = self._collection
        return source.refresh(generation) if isinstance(source, _LocalCollection) else False

    def wrote(self, before: int, after: int) -> None:
        """This process moved the generation from `before` to `after` with its own writes: an
        open collection that held `before` holds `after` too (no reopen needed)."""
        if isinstance(self._collection, _LocalCollection):
            self._collection.wrote(before, after)

    def upsert(self, ids: list[str], vectors: list[list[float]], metadatas: list[dict]) -> None:
        for start in range(0, len(ids), self.max_batch):
            end = start + self.max_batch
            self.collection.upsert(
                ids=ids[start:end], embeddings=vectors[start:end], metadatas=metadatas[start:end]
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self.max_batch):
            self.collection.delete(ids=ids[start : start + self.max_batch])

    def vectors_of(self, ids: Sequence[str]) -> dict[str, list[float]]:
        """The stored vectors of these ids (those that have one)."""
        found: dict[str, list[float]] = {}
        ids = list(ids)
        for start in range(0, len(ids), self.max_batch):
            got = self.collection.get(
                ids=ids[start : start + self.max_batch], include=["embeddings"]
            )
            for key, vector in zip(got["ids"], got["embeddings"], strict=True):
                found[key] = [float(x) for x in vector]
        return found

    def ids_of(self, document_id: str) -> set[str]:
        return self.ids_of_many([document_id])

    def ids_of_many(self, document_ids: Sequence[str]) -> set[str]:
        ids: set[str] = set()
        for start in range(0, len(document_ids), 100):
            where = {"document_id": {"$in": list(document_ids[start : start + 100])}}
            ids |= set(self.collection.get(where=where, include=[])["ids"])
        return ids

    def query(self, vector: list[float], k: int, where: dict | None) -> list[tuple[str, float]]:
        result = self.collection.query(
            query_embeddings=[vector], n_results=k, where=where, include=["distances"]
        )
        return list(zip(result["ids"][0], result["distances"][0], strict=True))

    def query_among(
        self, vector: list[float], k: int, ids: Sequence[str]
    ) -> list[tuple[str, float]] | None:
        """The `k` nearest of these ids by HNSW; None if one has no vector (just deleted)."""
        from chromadb.errors import ChromaError

        try:
            result = self.collection.query(
                query_embeddings=[vector],
                n_results=min(k, len(ids)),
                ids=list(ids),
                include=["distances"],
            )
        except ChromaError:
            return None
        return list(zip(result["ids"][0], result["distances"][0], strict=True))

    def exact(self, vector: list[float], k: int, ids: Sequence[str]) -> list[tuple[str, float]]:
        """The `k` nearest of these ids by cosine distance, computed over all of them."""
        import numpy as np

        got = self.collection.get(ids=list(ids), include=["embeddings"])
        if not got["ids"]:
            return []
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        query = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query)
        distances = 1.0 - (matrix @ query) / np.maximum(norms, 1e-12)
        order = np.argsort(distances, kind="stable")[:k]
        return [(got["ids"][i], float(distances[i])) for i in order]

    def count(self) -> int:
        return self.collection.count()

    def all_ids(self, page: int = 5000) -> set[str]:
        """Every id in the collection (read a page at a time)."""
        ids: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            ids.update(got)
            if len(got) < page:
                return ids
            offset += page


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def _collection_of(client):
    return client.get_or_create_collection(
        COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )


def stored_generation(database: Path) -> int:
    """The store generation recorded in `database` (0 before the first write)."""
    with reading(database) as conn:
        if conn is None:
            return 0
        try:
            row = conn.execute("SELECT value FROM store_generation WHERE id = 1").fetchone()
        except sqlite3.OperationalError:  # a database from before generations
            return 0
        return row[0] if row else 0


class _LocalCollection:
    """This process's one client of an on-disk Chroma store, reopened when it falls behind.

    Chroma's embedded client keeps its HNSW index in memory and never reloads it for another
    process's writes; closing the client (the last reference stops its system) and opening it
    again reads them from disk. Queries hold the lock, so none runs on a closed client."""

    _open: dict[Path, "_LocalCollection"] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: Path, database: Path):
        self.path = path
        self.database = database
        self.lock = threading.RLock()
        self.generation = 0  # the store generation the open collection is known to hold
        self._client = None
        self._collection = None
        self.max_batch = 1000
        self._connect()

    @classmethod
    def of(cls, home: Home) -> "_LocalCollection":
        path = home.chroma.resolve()
        with cls._registry_lock:
            if path not in cls._open:
                cls._open[path] = cls(path, home.database)
            return cls._open[path]

    def _connect(self) -> None:
        import chromadb

        self.generation = stored_generation(self.database)  # read first: the disk holds it
        self._client = chromadb.PersistentClient(path=str(self.path), settings=_chroma_settings())
        self._collection = _collection_of(self._client)
        self.max_batch = min(self._client.get_max_batch_size(), 1000)

    def get(self) -> "_Locked":
        return _Locked(self)

    def refresh(self, generation: int) -> bool:
        with self.lock:
            if generation == self.generation:
                return False
            self._client.close()
            self._connect()
            return True

    def wrote(self, before: int, after: int) -> None:
        with self.lock:
            if self.generation == before:
                self.generation = after


class _Locked:
    """The store's current collection, each call made under its lock: a call never runs on a
    collection a reopen (in another thread) has just closed, and a reopen waits for calls."""

    def __init__(self, local: "_LocalCollection"):
        self._local = local

    def __getattr__(self, name: str):
        def locked(*args, **kwargs):
            with self._local.lock:
                return getattr(self._local._collection, name)(*args, **kwargs)

        return locked


class Catalog:
    """The SQLite record of what is indexed: the `documents` and `chunks` rows, read without
    Chroma. Row listings are plain dicts of the stored columns (`metadata` stays JSON text)."""

    def __init__(self, conn: sqlite3.Connection, viewer: str = LOCAL_USER):
        self.conn = conn
        self.viewer = viewer

    @staticmethod
    @contextlib.contextmanager
    def read_only(home: Path, viewer: str = LOCAL_USER) -> Iterator["Catalog | None"]:
        """The catalog of `home`'s index for the block (read-only); None when none is built."""
        with reading(Home(home).database) as conn:
            yield Catalog(conn, viewer) if conn else None

    def _visible(self, alias: str = "") -> tuple[str, list]:
        """(SQL condition, parameters): the documents the viewer may see (shared or its own)."""
        if self.viewer == EVERYONE:
            return "1", []
        column = f"{alias}.owner" if alias else "owner"
        return f"({column} IS NULL OR {column} = ?)", [self.viewer]

    def owner_of(self, document_id: str) -> str | None:
        """The owner of a document (None when it is shared or there is no such document)."""
        row = self.conn.execute(
            "SELECT owner FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    def others_with_original(self, sha_prefix: str, besides: str) -> list[str]:
        """Ids of the other uploaded documents made from the same original bytes (any owner)."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE source = 'upload' AND id != ? "
            "AND (id = ? OR id LIKE ?)",
            (besides, f"upload:{sha_prefix}", f"upload:{sha_prefix}.%"),
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        self.conn.close()

    def document_hash(self, document_id: str) -> str | None:
        """The content hash of an indexed document (None if it is not indexed)."""
        row = self.conn.execute(
            f"SELECT content_hash FROM documents WHERE id = ? AND state = '{INDEXED}'",
            (document_id,),
        ).fetchone()
        return row[0] if row else None

    def chunk_hashes(self, document_id: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT id, content_hash FROM chunks WHERE document_id = ?", (document_id,)
        )
        return {row[0]: row[1] for row in rows}

    def chunk_counts(self, document_ids: Sequence[str]) -> dict[str, int]:
        """How many chunks each of these documents has (those not indexed are left out)."""
        if not document_ids:
            return {}
        mine, params = self._visible()
        rows = self.conn.execute(
            "SELECT id, chunk_count FROM documents "
            f"WHERE id IN ({','.join('?' * len(document_ids))}) AND state = '{INDEXED}' "
            f"AND {mine}",
            [*document_ids, *params],
        )
        return {row[0]: row[1] for row in rows}

    def chunk_sections(self, document_id: str) -> list[tuple[str, str | None]]:
        """(chunk id, section title) of every chunk of a document."""
        if not self._may_see(document_id):
            return []
        rows = self.conn.execute(
            "SELECT id, section FROM chunks WHERE document_id = ?", (document_id,)
        )
        return [(row[0], row[1]) for row in rows]

    def _may_see(self, document_id: str) -> bool:
        """Whether the document is shared or the viewer's own (True also when it is absent)."""
        owner = self.owner_of(document_id)
        return self.viewer == EVERYONE or owner is None or owner == self.viewer

    def documents_of_source(self, source: str) -> list[dict]:
        """The rows of one source's documents (e.g. "upload"), newest indexed first."""
        mine, params = self._visible()
        rows = self.conn.execute(
            f"SELECT * FROM documents WHERE source = ? AND state = '{INDEXED}' AND {mine} "
            "ORDER BY indexed_at DESC, title",
            (source, *params),
        )
        return [dict(row) for row in rows]

    def documents_of_form(self, form_like: str) -> list[dict]:
        """id, cik, form and period_end of documents whose form is LIKE `form_like` (e.g. '%/A'),
        in order of publication."""
        mine, params = self._visible()
        rows = self.conn.execute(
            "SELECT id, cik, form, period_end FROM documents WHERE form LIKE ? "
            f"AND state = '{INDEXED}' AND {mine} ORDER BY published",
            (form_like, *params),
        )
        return [dict(row) for row in rows]

    def same_filing(self, cik: str, form: str, period_end: str | None, besides: str) -> list[str]:
        """Ids of the documents of this filer, form and period (None matches None), but one."""
        mine, params = self._visible()
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE cik = ? AND form = ? AND period_end IS ? AND id != ? "
            f"AND state = '{INDEXED}' AND {mine}",
            (cik, form, period_end, besides, *params),
        )
        return [row[0] for row in rows]

    def title_and_url(self, document_ids: Sequence[str]) -> tuple[str, str | None] | None:
        """Title and URL of the first of these documents that is indexed (any when several)."""
        mine, params = self._visible()
        row = self.conn.execute(
            f"SELECT title, url FROM documents WHERE id IN ({','.join('?' * len(document_ids))}) "
            f"AND state = '{INDEXED}' AND {mine} LIMIT 1",
            [*document_ids, *params],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def sec_company(self, ticker: str) -> str | None:
        """The filer's name as the latest SEC filing of `ticker` with one gives it."""
        row = self.conn.execute(
            "SELECT metadata FROM documents WHERE ticker = ? AND source = 'sec' "
            f"AND state = '{INDEXED}' AND metadata LIKE '%\"company\"%' "
            "ORDER BY published DESC LIMIT 1",
            (ticker,),
        ).fetchone()
        return json.loads(row[0]).get("company") if row else None

    def filings_of(self, tickers: Sequence[str], document_ids: Sequence[str] = ()) -> list[dict]:
        """Indexed filings and uploads of these tickers (or with these ids), newest first."""
        if not (tickers or document_ids):
            return []
        where = " OR ".join(
            clause
            for clause, values in (
                (f"ticker IN ({','.join('?' * len(tickers))})", tickers),
                (f"id IN ({','.join('?' * len(document_ids))})", document_ids),
            )
            if values
        )
        mine, params = self._visible()
        rows = self.conn.execute(
            f"SELECT * FROM documents WHERE source IN ('sec', 'upload') AND state = '{INDEXED}' "
            f"AND ({where}) AND {mine} ORDER BY COALESCE(published, indexed_at) DESC, id",
            [*tickers, *document_ids, *params],
        )
        return [dict(row) for row in rows]

    def outline(self, document_id: str) -> list[dict]:
        """id, ordinal, section, page, text and metadata (parsed) of a document's chunks, in
        reading order: the headings each starts (`metadata["headings"]`) are its outline."""
        if not self._may_see(document_id):
            return []
        rows = self.conn.execute(
            "SELECT id, ordinal, section, page, text, metadata FROM chunks "
            "WHERE document_id = ? ORDER BY ordinal",
            (document_id,),
        )
        return [dict(row) | {"metadata": json.loads(row["metadata"] or "{}")} for row in rows]

    def all_documents(self) -> list[dict]:
        """Every document row the viewer may see, by id."""
        mine, params = self._visible()
        rows = self.conn.execute(f"SELECT * FROM documents WHERE {mine} ORDER BY id", params)
        return [dict(row) for row in rows]

    def all_chunks(self) -> list[dict]:
        """Every chunk row the viewer may see, in document and reading order."""
        mine, params = self._visible("d")
        rows = self.conn.execute(
            "SELECT c.id, c.document_id, c.ordinal, c.content_hash, c.text, c.section, c.page,"
            " c.metadata FROM chunks c JOIN documents d ON d.id = c.document_id "
            f"WHERE {mine} ORDER BY c.document_id, c.ordinal",
            params,
        )
        return [dict(row) for row in rows]

    def counts_by_ticker(self) -> dict[str, dict[str, int]]:
        """Documents and chunks per ticker ("-" for none), and documents per source."""
        mine, params = self._visible()
        rows = self.conn.execute(
            "SELECT COALESCE(ticker, '-') AS t, source, COUNT(*), SUM(chunk_count) FROM documents "
            f"WHERE state = '{INDEXED}' AND {mine} GROUP BY t, source",
            params,
        )
        out: dict[str, dict[str, int]] = {}
        for ticker, source, documents, chunks in rows:
            entry = out.setdefault(ticker, {"documents": 0, "chunks": 0})
            entry["documents"] += documents
            entry["chunks"] += chunks
            entry[f"{source}_documents"] = documents
        return out


class ChunkStore(Catalog):
    """Documents and their chunks, searchable by vector (Chroma) and by words (FTS5)."""

    def __init__(self, conn: sqlite3.Connection, vectors: VectorIndex, viewer: str = LOCAL_USER):
        super().__init__(conn, viewer)
        self.vectors = vectors

    @classmethod
    def open(
        cls, home: Path, chroma_url: str | None = None, viewer: str = LOCAL_USER
    ) -> "ChunkStore":
        return cls(connect(Home(home).database), VectorIndex.open(home, chroma_url), viewer)

    # ---- writing (the run that calls these holds the writer lock) ------------------------------

    def mark_pending(self, documents: Sequence[Document]) -> None:
        """Record that a run is writing these documents (their old chunks stop being searched).

        Call inside the transaction that writes their facts, so both land together."""
        with transaction(self.conn):
            for document in documents:
                row = _document_row(document, "", 0)
                self.conn.execute(
                    f"INSERT INTO documents VALUES ({', '.join('?' * 16)}, ?, NULL, ?) "
                    "ON CONFLICT(id) DO UPDATE SET state = excluded.state, error = NULL",
                    (*row, PENDING, document.owner),
                )

    def write_many(self, items: list[tuple[Document, str, list[Chunk], dict]]) -> None:
        """Store several documents: vectors first (one upsert), then one SQLite transaction
        that writes their chunk rows and marks them indexed; stale vectors of these documents
        are removed."""
        fresh = [c for _, _, chunks, vectors in items for c in chunks if c.id in vectors]
        if fresh:
            by_id = {k: v for *_, vectors in items for k, v in vectors.items()}
            self.vectors.upsert(
                [c.id for c in fresh], [by_id[c.id] for c in fresh], [c.metadata for c in fresh]
            )
        failpoint("vectors-written")
        keep = {c.id for _, _, chunks, _ in items for c in chunks}
        stale = self.vectors.ids_of_many([document.id for document, *_ in items]) - keep
        if stale:
            self.vectors.delete(sorted(stale))
        with self._vectors_changed():  # the checkpoint for these documents
            for document, content_hash, chunks, _ in items:
                self._replace_rows(document, content_hash, chunks)
            failpoint("before-commit")

    def mark_failed(self, document_ids: Sequence[str], error: str) -> None:
        """These documents could not be stored; their facts stop feeding answers."""
        with transaction(self.conn):
            self.conn.executemany(
                "UPDATE documents SET state = ?, error = ? WHERE id = ?",
                [(FAILED, error[:500], i) for i in document_ids],
            )

    def stored_vectors(self, hashes: Sequence[str]) -> dict[str, list[float]]:
        """By `text_hash`, the vector of an indexed chunk with that exact text (any one), for
        texts the store already holds: what need not be embedded again."""
        ids: dict[str, str] = {}
        hashes = list(dict.fromkeys(hashes))
        for start in range(0, len(hashes), 500):
            part = hashes[start : start + 500]
            rows = self.conn.execute(
                "SELECT c.text_hash, MIN(c.id) FROM chunks c JOIN documents d"
                f" ON d.id = c.document_id AND d.state = ? WHERE c.text_hash IN"
                f" ({','.join('?' * len(part))}) GROUP BY c.text_hash",
                [INDEXED, *part],
            )
            ids.update((row[1], row[0]) for row in rows)
        vectors = self.vectors.vectors_of(list(ids)) if ids else {}
        return {ids[chunk_id]: vector for chunk_id, vector in vectors.items()}

    def _replace_rows(self, document: Document, content_hash: str, chunks: list[Chunk]) -> None:
        self.conn.execute("DELETE FROM chunks WHERE document_id = ?", (document.id,))
        self.conn.executemany(
            "INSERT INTO chunks (id, document_id, ordinal, content_hash, text, section, page,"
            " metadata, text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    c.id,
                    c.document_id,
                    c.ordinal,
                    c.content_hash,
                    c.text,
                    c.section,
                    c.page,
                    json.dumps(c.metadata),
                    text_hash(c.text),
                )
                for c in chunks
            ],
        )
        self.conn.execute(
            f"INSERT OR REPLACE INTO documents VALUES ({', '.join('?' * 16)}, ?, NULL, ?)",
            (*_document_row(document, content_hash, len(chunks)), INDEXED, document.owner),
        )

    @contextlib.contextmanager
    def _vectors_changed(self) -> Iterator[None]:
        """A transaction that also counts one more write of vectors (the store generation);
        once it is committed, this process's open collection is known to hold it."""
        with transaction(self.conn):
            before = self.generation()
            self.conn.execute("UPDATE store_generation SET value = value + 1 WHERE id = 1")
            yield
        if not self.conn.in_transaction:  # committed (not part of a caller's transaction)
            self.vectors.wrote(before, before + 1)

    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM store_generation WHERE id = 1").fetchone()
        return row[0] if row else 0

    def drop_chunks(self, document_id: str, chunk_ids: Sequence[str], note: str) -> int:
        """Remove some chunks of a document (vectors first) and note why in its metadata."""
        if not chunk_ids:
            return 0
        self.vectors.delete(list(chunk_ids))
        with self._vectors_changed():
            self.conn.executemany("DELETE FROM chunks WHERE id = ?", [(i,) for i in chunk_ids])
            row = self.conn.execute(
                "SELECT metadata FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            metadata = {**json.loads(row[0] or "{}"), "superseded": note} if row else {}
            self.conn.execute(
                "UPDATE documents SET chunk_count = (SELECT COUNT(*) FROM chunks WHERE"
                " document_id = ?), metadata = ? WHERE id = ?",
                (document_id, json.dumps(metadata), document_id),
            )
        return len(chunk_ids)

    def tombstone(self, document_id: str) -> bool:
        """Mark a document `deleting` (searches and its facts drop it at once); False if there
        is no such document. `purge` then removes it."""
        with transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE documents SET state = ? WHERE id = ?", (DELETING, document_id)
            )
        return cursor.rowcount > 0

    def purge(self, document_id: str) -> int:
        """Remove a document's vectors, then its chunk and document rows; idempotent, so a purge
        cut short is finished by running it again. Returns how many chunks went."""
        ids = self.vectors.ids_of(document_id) | set(self.chunk_hashes(document_id))
        self.vectors.delete(sorted(ids))
        failpoint("purge-vectors-deleted")
        with self._vectors_changed():
            self.conn.execute("DELETE FROM chunks WHERE document_id = ?", (document_id,))
            self.conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        return len(ids)

    def delete_document(self, document_id: str) -> int:
        """Tombstone and purge a document and every one of its chunks; returns the chunks."""
        self.tombstone(document_id)
        failpoint("tombstoned")
        return self.purge(document_id)

    # ---- what reconciliation reads and repairs -------------------------------------------------

    def state_of(self, document_id: str) -> str | None:
        """The document's state (None when there is no such document)."""
        row = self.conn.execute(
            "SELECT state FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return row[0] if row else None

    def document_ids_in(self, *states: str) -> list[str]:
        rows = self.conn.execute(
            f"SELECT id FROM documents WHERE state IN ({','.join('?' * len(states))}) ORDER BY id",
            states,
        )
        return [row[0] for row in rows]

    def chunk_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT id FROM chunks")}

    def chunk_rows(self, ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks with these ids (text and metadata as written), to embed again."""
        chunks = []
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            rows = self.conn.execute(
                "SELECT id, document_id, ordinal, content_hash, text, section, page, metadata "
                f"FROM chunks WHERE id IN ({','.join('?' * len(part))})",
                part,
            )
            chunks += [
                Chunk(
                    id=row[0],
                    document_id=row[1],
                    ordinal=row[2],
                    content_hash=row[3],
                    text=row[4],
                    section=row[5],
                    page=row[6],
                    metadata=json.loads(row[7] or "{}"),
                )
                for row in rows
            ]
        return chunks

    def restore_vectors(self, chunks: Sequence[Chunk], vectors: Sequence[list[float]]) -> None:
        """Put back the vectors of chunks whose rows are stored (a repair)."""
        self.vectors.upsert([c.id for c in chunks], list(vectors), [c.metadata for c in chunks])
        with self._vectors_changed():
            pass

    def remove_vectors(self, ids: Sequence[str]) -> None:
        """Delete vectors no chunk row has (a repair)."""
        self.vectors.delete(ids)
        with self._vectors_changed():
            pass

    def state_counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT state, COUNT(*) FROM documents GROUP BY state")
        return {row[0]: row[1] for row in rows}

    def dense(self, vector: list[float], k: int, where: ChunkFilter) -> list[tuple[str, float]]:
        """Nearest chunks by cosine distance (smaller is closer), under the filter.

        The filter is resolved in SQLite: a common one post-filters unfiltered neighbours, a
        narrow one searches among the allowed ids (exactly, when there are few)."""
        self.vectors.refresh(self.generation())  # another process may have written
        chroma_where = where.chroma_where()
        if chroma_where is None and not self._hidden_chunks():
            return self.vectors.query(vector, k, None)
        allowed, total = self._filtered_size(where)
        if allowed == 0:
            return []
        fetch = math.ceil(OVERFETCH * k * total / allowed)
        if fetch <= MAX_FETCH:
            hits = self.vectors.query(vector, fetch, None)
            keep = self._matching([chunk_id for chunk_id, _ in hits], where)
            if len(keep) >= min(k, allowed):
                return [hit for hit in hits if hit[0] in keep][:k]
        if allowed <= MAX_IDS:
            ids = self._allowed_ids(where)
            search = self.vectors.exact if len(ids) <= EXACT_MAX else self.vectors.query_among
            hits = search(vector, k, ids) if ids else []
            if hits is not None:
                return hits
        hits = self.vectors.query(vector, max(k, MAX_FETCH), chroma_where)
        keep = self._matching([chunk_id for chunk_id, _ in hits], where)  # the viewer's only
        return [hit for hit in hits if hit[0] in keep][:k]

    def _hidden_chunks(self) -> int:
        """Indexed chunks of other users' private documents (none hidden from EVERYONE)."""
        if self.viewer == EVERYONE:
            return 0
        return self.conn.execute(
            "SELECT COALESCE(SUM(chunk_count), 0) FROM documents WHERE owner IS NOT NULL "
            f"AND owner != ? AND state = '{INDEXED}'",
            (self.viewer,),
        ).fetchone()[0]

    def _where(self, where: ChunkFilter) -> tuple[str, list]:
        """The filter's SQL condition on documents `d`, and the viewer's: every search's."""
        clause, params = where.sql_where()
        mine, more = self._visible("d")
        return f"{clause} AND {mine}", [*params, *more]

    def _filtered_size(self, where: ChunkFilter) -> tuple[int, int]:
        """(chunks the filter allows, all chunks), from the documents' chunk counts."""
        clause, params = self._where(where)
        allowed = self.conn.execute(
            f"SELECT COALESCE(SUM(chunk_count), 0) FROM documents d WHERE {clause}", params
        ).fetchone()[0]
        total = self.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        return allowed, max(total, allowed, 1)

    def _matching(self, ids: Sequence[str], where: ChunkFilter) -> set[str]:
        """Those of `ids` that pass the filter (CROSS JOIN: look the ids up first)."""
        if not ids:
            return set()
        clause, params = self._where(where)
        rows = self.conn.execute(
            "SELECT c.id FROM chunks c CROSS JOIN documents d ON d.id = c.document_id "
            f"WHERE c.id IN ({','.join('?' * len(ids))}) AND {clause}",
            [*ids, *params],
        )
        return {row[0] for row in rows}

    def _allowed_ids(self, where: ChunkFilter) -> list[str]:
        """Every chunk id the filter allows."""
        clause, params = self._where(where)
        rows = self.conn.execute(
            f"SELECT c.id FROM documents d JOIN chunks c ON c.document_id = d.id WHERE {clause}",
            params,
        )
        return [row[0] for row in rows]

    def lexical(self, query: str, k: int, where: ChunkFilter) -> list[tuple[str, float]]:
        """Best BM25 matches (FTS5's bm25: more negative is better) for the query's words.

        Stop words are dropped. Rare words (together in at most LEXICAL_BUDGET rows) decide which
        rows match, and the commoner words add their share to those rows' scores (exact BM25 of
        these words, at bounded cost). With no rare word, rows must have all the common ones."""
        rare, common = self._split_words(_fts_words(query))
        if not rare:
            return self._bm25(self._all_present(common), k, where) if common else []
        hits = self._bm25(_any(rare), k, where)
        if common:
            hits += self._bm25(f"({_any(rare)}) AND ({_any(common[:MAX_COMMON])})", k, where)
        best: dict[str, float] = {}
        for chunk_id, score in hits:
            best[chunk_id] = min(score, best.get(chunk_id, 0.0))
        return sorted(best.items(), key=lambda hit: hit[1])[:k]

    def phrases(
        self, phrases: Sequence[str], k: int, where: ChunkFilter
    ) -> list[tuple[str, float]]:
        """Best BM25 matches for any of the phrases (letters and digits only are kept)."""
        quoted = [" ".join(_fts_words(p, keep_stop_words=True)) for p in phrases]
        return self._bm25(_any([q for q in quoted if q]), k, where) if any(quoted) else []

    def _all_present(self, words: list[str]) -> str:
        """An AND of the words, leaving out the commonest until some row has them all."""
        for n in range(len(words), 1, -1):
            if self._rows_matching(_all(words[:n]), limit=1):
                return _all(words[:n])
        return _all(words[:1])

    def _bm25(self, expression: str, k: int, where: ChunkFilter) -> list[tuple[str, float]]:
        clause, params = self._where(where)
        rows = self.conn.execute(
            "SELECT c.id, bm25(chunks_fts) AS score FROM chunks_fts "
            "JOIN chunks c ON c.rowid = chunks_fts.rowid "
            "JOIN documents d ON d.id = c.document_id "
            f"WHERE chunks_fts MATCH ? AND {clause} ORDER BY score LIMIT ?",
            [expression, *params, k],
        )
        return [(row[0], row[1]) for row in rows]

    def _split_words(self, words: list[str]) -> tuple[list[str], list[str]]:
        """(rare words within the budget, the other words), each rarest first."""
        limit = LEXICAL_BUDGET + 1  # enough to know a word is over the budget
        counted = sorted(
            (n, word) for word in words if (n := self._rows_matching(f'"{word}"', limit))
        )
        rare, spent = [], 0
        for n, word in counted:
            if spent + n > LEXICAL_BUDGET:
                break
            rare.append(word)
            spent += n
        return rare, [word for _, word in counted[len(rare) :]]

    def _rows_matching(self, expression: str, limit: int) -> int:
        """How many rows match, counted up to `limit` (reading that many rows at most)."""
        return self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)",
            (expression, limit),
        ).fetchone()[0]

    def chunks(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks with these ids, in the order given, with their documents' metadata."""
        if not ids:
            return []
        rows = self.conn.execute(
            "SELECT c.id, c.text, c.document_id, c.section, c.page, d.source, d.title, d.ticker,"
            " d.form, d.fiscal_year, d.fiscal_period, d.published, d.url FROM chunks c "
            f"JOIN documents d ON d.id = c.document_id WHERE c.id IN ({','.join('?' * len(ids))})"
            f" AND d.state = '{INDEXED}' AND {self._visible('d')[0]}",
            [*ids, *self._visible("d")[1]],
        ).fetchall()
        found = {row["id"]: row for row in rows}
        return [_stored(found[i]) for i in ids if i in found]

    def page_heads(self, pages: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The text of each (document id, page)'s first chunk: what the page opens with."""
        heads: dict[tuple[str, int], str] = {}
        by_document: dict[str, set[int]] = {}
        for document_id, page in pages:
            by_document.setdefault(document_id, set()).add(page)
        for document_id, numbers in by_document.items():
            rows = self.conn.execute(
                "SELECT page, text FROM chunks WHERE document_id = ? "
                f"AND page IN ({','.join('?' * len(numbers))}) ORDER BY ordinal",
                [document_id, *numbers],
            )
            for page, text in rows:
                heads.setdefault((document_id, page), text)
        return heads

    def counts(self) -> dict:
        mine, params = self._visible()
        row = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(chunk_count), 0) FROM documents "
            f"WHERE state = '{INDEXED}' AND {mine}",
            params,
        ).fetchone()
        return {"documents": row[0], "chunks": row[1], "vectors": self.vectors.count()}


def _any(words: Sequence[str]) -> str:
    return " OR ".join(f'"{word}"' for word in words)


def _all(words: Sequence[str]) -> str:
    return " AND ".join(f'"{word}"' for word in words)


def _fts_words(query: str, keep_stop_words: bool = False) -> list[str]:
    """The query's distinct words, lowercased, without stop words (unless kept, for a phrase)
    or single characters; only letters and digits, so no FTS syntax gets through (each word is
    quoted when used)."""
    words = "".join(ch if ch.isalnum() else " " for ch in query.lower()).split()
    if keep_stop_words:
        return words
    return list(dict.fromkeys(w for w in words if len(w) > 1 and w not in STOP_WORDS))


def text_hash(text: str) -> str:
    """The key under which a chunk's exact text is stored (`chunks.text_hash`): identical texts
    share one vector."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _document_row(document: Document, content_hash: str, chunk_count: int) -> tuple:
    return (
        document.id,
        document.source,
        document.title,
        document.ticker,
        document.cik,
        document.form,
        document.fiscal_year,
        document.fiscal_period,
        document.period_end,
        document.published,
        document.url,
        ",".join(document.tickers),
        json.dumps(document.metadata),
        content_hash,
        chunk_count,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _stored(row: sqlite3.Row) -> StoredChunk:
    keys = ("source", "title", "ticker", "form", "fiscal_year", "fiscal_period", "published", "url")
    return StoredChunk(
        id=row["id"],
        text=row["text"],
        document_id=row["document_id"],
        section=row["section"],
        page=row["page"],
        document={key: row[key] for key in keys},
    )
