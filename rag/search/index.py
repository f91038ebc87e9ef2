"""The stores of one index, opened together: Chroma, and one SQLite connection they share.

Each store owns its tables and is handed the connection here; nothing else reaches into one
store for the database of another.
"""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from core.home import Home
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
    def open(cls, home: Path, chroma_url: str | None = None) -> "Index":
        """The index under `home` (created empty if there is none), vectors local or on a server."""
        return cls.on(connect(Home(home).database), VectorIndex.open(home, chroma_url))

    @classmethod
    def on(cls, conn: sqlite3.Connection, vectors: VectorIndex) -> "Index":
        return cls(ChunkStore(conn, vectors), PriceStore(conn), FactStore(conn), EventStore(conn))

    def close(self) -> None:
        self.chunks.close()
