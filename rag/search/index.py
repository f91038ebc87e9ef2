"""The stores of one index, opened together: Chroma, and one SQLite connection they share.

Each store owns its tables and is handed the connection here; nothing else reaches into one
store for the database of another. The index reads as one `viewer` (a user name): the shared
corpus and that user's private uploads (see rag.search.store); `viewing` gives another user's
view over the same connection.
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from core.home import Home
from core.identity import LOCAL_USER
from rag.search.db import connect
from rag.search.events import EventStore
from rag.search.store import ChunkStore, VectorIndex
from rag.search.structured import FactStore, PriceStore


@dataclass
class Index:
    """Documents and chunks (searchable), daily prices, reported facts and events of one home."""

    chunks: ChunkStore
    prices: PriceStore
    facts: FactStore
    events: EventStore

    @classmethod
    def open(cls, home: Path, chroma_url: str | None = None, viewer: str = LOCAL_USER) -> "Index":
        """The index under `home` (created empty if there is none), vectors local or on a server,
        as `viewer` sees it."""
        return cls.on(connect(Home(home).database), VectorIndex.open(home, chroma_url), viewer)

    @classmethod
    def on(
        cls, conn: sqlite3.Connection, vectors: VectorIndex, viewer: str = LOCAL_USER
    ) -> "Index":
        return cls(
            ChunkStore(conn, vectors, viewer),
            PriceStore(conn),
            FactStore(conn, viewer),
            EventStore(conn),
        )

    @property
    def viewer(self) -> str:
        return self.chunks.viewer

    def viewing(self, viewer: str) -> "Index":
        """The same index (one connection, one Chroma collection) as `viewer` sees it."""
        if viewer == self.viewer:
            return self
        return Index.on(self.chunks.conn, self.chunks.vectors, viewer)

    def close(self) -> None:
        self.chunks.close()
