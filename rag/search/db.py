"""The SQLite database under FINASSIST_HOME (`Home.database`) and the schema of rag's tables:
documents, chunks (with an FTS5 index), prices and facts. The stores that own these tables live
beside it (store.py, structured.py); other owners add their own tables (ingestion.runs).
"""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, ticker TEXT, cik TEXT,
    form TEXT, fiscal_year INTEGER, fiscal_period TEXT, period_end TEXT, published TEXT,
    url TEXT, tickers TEXT, metadata TEXT, content_hash TEXT NOT NULL,
    chunk_count INTEGER NOT NULL, indexed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_ticker ON documents(ticker, source);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, document_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL, content_hash TEXT NOT NULL, text TEXT NOT NULL,
    section TEXT, page INTEGER, metadata TEXT
);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TABLE IF NOT EXISTS prices (
    ticker TEXT NOT NULL, date TEXT NOT NULL, open REAL, high REAL, low REAL, close REAL NOT NULL,
    volume REAL, dividends REAL, splits REAL, adjusted INTEGER NOT NULL, currency TEXT NOT NULL,
    source TEXT NOT NULL, PRIMARY KEY (ticker, date)
);
CREATE TABLE IF NOT EXISTS facts (
    ticker TEXT NOT NULL, cik TEXT, concept TEXT NOT NULL, label TEXT, value REAL NOT NULL,
    unit TEXT NOT NULL, scale INTEGER NOT NULL, period_start TEXT NOT NULL DEFAULT '',
    period_end TEXT NOT NULL, fiscal_year INTEGER, fiscal_period TEXT, form TEXT, accession TEXT,
    filed TEXT, frame TEXT, source TEXT NOT NULL, locator TEXT,
    PRIMARY KEY (ticker, concept, unit, period_start, period_end, source)
);
CREATE INDEX IF NOT EXISTS facts_lookup ON facts(ticker, concept, fiscal_year);
"""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create) the database; WAL lets readers work while the one writer writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if readonly and path.exists():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(SCHEMA)
    conn.execute("PRAGMA busy_timeout=5000")
    conn.row_factory = sqlite3.Row
    return conn


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection for the block, closed after; None when no database exists yet."""
    if not path.exists():
        yield None
        return
    conn = connect(path, readonly=True)
    try:
        yield conn
    finally:
        conn.close()
