"""The company registry in the store: owner of the `companies` and `company_names` tables, and
the registry an answer reads.

What ingestion records here: every registrant of the SEC ticker file when `finassist ingest
sec` refreshes it (source "sec-tickers"), and the name and former names of each submissions
JSON it ingests (source "submissions"). The registry an answer reads adds these to the shipped
one (rag.query.registry: the ticker file in data/sec and the shipped aliases), with the
company on each uploaded filing's cover page (read from the uploads' document rows, so it goes
when the upload is deleted) and the user's alias file, a line of which wins.
"""

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from core.home import Home
from core.identity import LOCAL_USER
from rag.query.registry import Company, Registry, default_registry, name_keys, read_aliases
from rag.search.db import reading, transaction
from rag.search.index import Index
from rag.search.store import Catalog


class CompanyStore:
    """The `companies` and `company_names` tables: the owner of their schema and statements."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS companies (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, tickers TEXT NOT NULL, rank INTEGER NOT NULL,
        source TEXT NOT NULL, updated TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS company_names (
        id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (id, name)
    );
    """

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False):
        self.conn = conn
        if not readonly and not self._created():
            conn.executescript(self.SCHEMA)  # (executescript commits: only when there is none)

    def record(self, companies: Sequence[Company], source: str) -> int:
        """Add or update companies (tickers and names kept from before are merged in)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.conn):
            for company in companies:
                row = self.conn.execute(
                    "SELECT tickers FROM companies WHERE id = ?", (company.id,)
                ).fetchone()
                known = row[0].split() if row else []
                tickers = " ".join(dict.fromkeys([*company.tickers, *known]))
                self.conn.execute(
                    "INSERT INTO companies (id, name, tickers, rank, source, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "name = excluded.name, tickers = excluded.tickers, "
                    "rank = MIN(companies.rank, excluded.rank), source = excluded.source, "
                    "updated = excluded.updated",
                    (company.id, company.name, tickers, company.rank, source, now),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO company_names (id, name) VALUES (?, ?)",
                    [(company.id, name) for name in company.names],
                )
        return len(companies)

    def companies(self) -> list[Company]:
        """Every recorded company with its other names ([] before the first record)."""
        if not self._created():
            return []
        names: dict[str, list[str]] = {}
        for cid, name in self.conn.execute("SELECT id, name FROM company_names ORDER BY rowid"):
            names.setdefault(cid, []).append(name)
        rows = self.conn.execute("SELECT id, name, tickers, rank FROM companies ORDER BY rank, id")
        return [
            Company(cid, name, tuple(tickers.split()), tuple(names.get(cid, ())), rank)
            for cid, name, tickers, rank in rows
        ]

    def version(self) -> tuple:
        """Changes whenever a company or name is recorded (for caching what is built from it)."""
        if not self._created():
            return (0, None, 0)
        count, updated = self.conn.execute(
            "SELECT COUNT(*), MAX(updated) FROM companies"
        ).fetchone()
        names = self.conn.execute("SELECT COUNT(*) FROM company_names").fetchone()[0]
        return (count, updated, names)

    def _created(self) -> bool:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('companies', 'company_names')"
        ).fetchall()
        return len(rows) == 2


def cover_companies(uploads: Sequence[dict]) -> list[Company]:
    """The companies named on uploaded filings' cover pages (document rows with a "company" in
    their metadata): by CIK when the registry matched one, else by the name itself."""
    found = []
    for row in uploads:
        name = json.loads(row.get("metadata") or "{}").get("company")
        if not isinstance(name, str) or not name.strip():
            continue
        keys = name_keys(name)
        cid = row.get("cik") or (f"name:{keys[-1]}" if keys else None)
        if cid:
            tickers = (row["ticker"],) if row.get("ticker") else ()
            found.append(Company(cid, name.strip(), tickers))
    return found


_cache: dict[tuple, Registry] = {}
_cache_lock = threading.Lock()


def registry_in(
    conn: sqlite3.Connection, aliases: Path | None = None, viewer: str = LOCAL_USER
) -> Registry:
    """The registry an answer reads over this store: the shipped one, the companies recorded
    here, those on the cover pages of the uploads `viewer` may see and the user's `aliases`
    file. Built again only when one of them changed."""
    store = CompanyStore(conn, readonly=True)
    uploads = Catalog(conn, viewer).documents_of_source("upload")
    stamp = _stamp(aliases)
    database = conn.execute("PRAGMA database_list").fetchone()[2]
    key = (database, store.version(), tuple((u["id"], u.get("ticker")) for u in uploads), stamp)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    records = [*store.companies(), *cover_companies(uploads)]
    user_aliases = read_aliases(aliases) if aliases else []
    registry = (
        default_registry().with_records(records, user_aliases)
        if records or user_aliases
        else default_registry()
    )
    with _cache_lock:
        _cache.clear()  # one store per process in practice: keep only the newest
        _cache[key] = registry
    return registry


def company_labels(home: Path, tickers: Iterable[str]) -> dict[str, str]:
    """ "WMT" -> "Walmart (WMT)" by the registry of the store under `home`; a ticker no
    registered company has keeps its symbol."""
    with reading(Home(home).database) as conn:
        registry = registry_in(conn, Home(home).aliases) if conn else default_registry()
    labels = {}
    for ticker in tickers:
        company = registry.by_ticker(ticker)
        labels[ticker] = f"{company.display} ({ticker})" if company else ticker
    return labels


def _stamp(path: Path | None) -> tuple:
    try:
        stat = path.stat() if path else None
    except OSError:
        stat = None
    return (stat.st_mtime_ns, stat.st_size) if stat else ()


def companies_with_data(index: Index, registry: Registry) -> set[str]:
    """The ids of the registered companies the store holds anything of: documents, price rows
    or reported facts under one of their tickers, or an uploaded filing naming them."""
    held = {t for t in index.chunks.counts_by_ticker() if t and t != "-"}
    held |= set(index.prices.counts())
    held |= set(index.facts.counts())
    ids = {company.id for company in map(registry.by_ticker, held) if company}
    uploads = Catalog(index.chunks.conn, index.chunks.viewer).documents_of_source("upload")
    return ids | {company.id for company in cover_companies(uploads)}
