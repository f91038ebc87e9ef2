"""The SQLite database under FINASSIST_HOME (`Home.database`) and the schema of rag's tables:
documents, chunks (with an FTS5 index), prices, facts, events, and the store's generation
number. The stores that own these tables live beside it (store.py, structured.py, events.py);
other owners add their own tables (ingestion.runs).

A document's `state` says what a reader may use: only `indexed` documents are searched and only
their statement-table facts feed answers (`pending` while a run writes it, `failed` when its run
could not finish it, `deleting` from the moment a delete starts until the purge is done).

A document's `owner` is the user whose private document it is (an upload); NULL is the shared
corpus (SEC, market data, news). Facts carry their document's owner ('' when shared) in their
key, so two users' uploads, and an upload and an SEC filing, never replace each other's figures.
Databases made before owners migrate on open: uploads become the local user's.
"""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from core.identity import LOCAL_USER

FACTS_TABLE = """CREATE TABLE IF NOT EXISTS facts (
    ticker TEXT NOT NULL, cik TEXT, concept TEXT NOT NULL, label TEXT, value REAL NOT NULL,
    unit TEXT NOT NULL, scale INTEGER NOT NULL, period_start TEXT NOT NULL DEFAULT '',
    period_end TEXT NOT NULL, fiscal_year INTEGER, fiscal_period TEXT, form TEXT, accession TEXT,
    filed TEXT, frame TEXT, source TEXT NOT NULL, locator TEXT, document_id TEXT,
    owner TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ticker, concept, unit, period_start, period_end, source, owner)
)"""
SCHEMA = (
    FACTS_TABLE
    + """;
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, ticker TEXT, cik TEXT,
    form TEXT, fiscal_year INTEGER, fiscal_period TEXT, period_end TEXT, published TEXT,
    url TEXT, tickers TEXT, metadata TEXT, content_hash TEXT NOT NULL,
    chunk_count INTEGER NOT NULL, indexed_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'indexed', error TEXT, owner TEXT
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
CREATE INDEX IF NOT EXISTS facts_lookup ON facts(ticker, concept, fiscal_year);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, ticker TEXT NOT NULL, date TEXT NOT NULL, time_utc TEXT,
    session TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, items TEXT NOT NULL,
    value REAL, document_id TEXT, url TEXT, accession TEXT, source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_ticker_date ON events(ticker, date);
CREATE TABLE IF NOT EXISTS store_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL
);
INSERT OR IGNORE INTO store_generation VALUES (1, 0);
"""
)
_FACTS_INDEX = "CREATE INDEX IF NOT EXISTS facts_lookup ON facts(ticker, concept, fiscal_year)"
# Columns added after a release: (table, column, definition), added to older databases on open.
ADDED_COLUMNS = (
    ("documents", "state", "TEXT NOT NULL DEFAULT 'indexed'"),
    ("documents", "error", "TEXT"),
    ("facts", "document_id", "TEXT"),
    ("chunks", "text_hash", "TEXT"),  # store.text_hash(text): a vector is reused for its text
    ("documents", "owner", "TEXT"),
)
# Indexes on added columns, created once the columns exist.
LATE_SCHEMA = """
CREATE INDEX IF NOT EXISTS documents_state ON documents(state);
CREATE INDEX IF NOT EXISTS documents_owner ON documents(owner);
CREATE INDEX IF NOT EXISTS facts_document ON facts(document_id);
CREATE INDEX IF NOT EXISTS chunks_text_hash ON chunks(text_hash);
-- The facts answers may use: those of no document (XBRL) and those of indexed documents.
CREATE VIEW IF NOT EXISTS visible_facts AS SELECT f.* FROM facts f
    WHERE f.document_id IS NULL OR EXISTS (
        SELECT 1 FROM documents d WHERE d.id = f.document_id AND d.state = 'indexed');
-- Facts whose document is gone or will not be indexed (left by a crash or a failed document).
CREATE VIEW IF NOT EXISTS orphan_facts AS SELECT f.rowid AS fact_rowid, f.document_id FROM facts f
    WHERE f.document_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM documents d WHERE d.id = f.document_id AND d.state IN ('indexed', 'pending'));
"""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create) the database; WAL lets readers work while the one writer writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if readonly and path.exists():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.executescript(SCHEMA)
        _add_columns(conn)
    conn.execute("PRAGMA busy_timeout=5000")
    conn.row_factory = sqlite3.Row
    return conn


def _add_columns(conn: sqlite3.Connection) -> None:
    """Bring a database made by an older release up to SCHEMA (columns only ever get added)."""
    for table, column, definition in ADDED_COLUMNS:
        present = _columns(conn, table)
        if column not in present:
            with contextlib.suppress(sqlite3.OperationalError):  # another process added it
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
                if (table, column) == ("documents", "owner"):  # uploads were the local user's
                    conn.execute(
                        "UPDATE documents SET owner = ? WHERE source = 'upload'", (LOCAL_USER,)
                    )
    if "owner" not in _columns(conn, "facts"):
        _owned_facts(conn)
    conn.executescript(LATE_SCHEMA)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _owned_facts(conn: sqlite3.Connection) -> None:
    """Rebuild an older `facts` table with `owner` in its key (uploads' facts: the local user)."""
    if conn.in_transaction:  # the columns just added
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        if "owner" not in _columns(conn, "facts"):  # not done by another process meanwhile
            conn.execute("DROP VIEW IF EXISTS visible_facts")
            conn.execute("DROP VIEW IF EXISTS orphan_facts")
            conn.execute("ALTER TABLE facts RENAME TO facts_before_owners")
            conn.execute(FACTS_TABLE)
            columns = ", ".join(sorted(_columns(conn, "facts_before_owners")))
            conn.execute(
                f"INSERT INTO facts ({columns}, owner) SELECT {columns}, CASE WHEN document_id "
                "LIKE 'upload:%' THEN ? ELSE '' END FROM facts_before_owners",
                (LOCAL_USER,),
            )
            conn.execute("DROP TABLE facts_before_owners")
            conn.execute(_FACTS_INDEX)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction for the block, begun at once (IMMEDIATE: the write lock is taken
    before anything is read); a block inside another joins the outer transaction, so several
    stores' writes commit together or not at all."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


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
