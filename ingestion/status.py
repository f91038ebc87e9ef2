"""What the stores hold and how fresh each source is, read from SQLite only (fast, read-only),
and a live check that SQLite and Chroma agree (`store_check`, which opens Chroma)."""

from datetime import UTC, datetime
from pathlib import Path

from core.home import Home
from core.identity import EVERYONE, LOCAL_USER
from ingestion.runs import RunLog, offline_note
from rag.search.db import reading
from rag.search.store import Catalog
from rag.search.structured import FactStore, PriceStore

STALE_AFTER_DAYS = {"prices": 3, "news": 2, "quotes": 3, "sec": 120, "xbrl": 120}


def collect_status(home: Path, now: datetime | None = None, viewer: str = LOCAL_USER) -> dict:
    """Per ticker: documents, chunks, price rows, facts (the shared ones and `viewer`'s own
    uploads', never another user's); per source: last success and age (of successful fetches
    only); `offline`: one sentence when the latest fetches found no network."""
    with reading(Home(home).database) as conn:
        if conn is None:
            return {"built": False, "tickers": {}, "sources": [], "runs": [], "offline": None}
        runs = RunLog(conn, readonly=True)
        rows = runs.source_status()
        return {
            "built": True,
            "tickers": _tickers(Catalog(conn, viewer), PriceStore(conn), FactStore(conn, viewer)),
            "sources": [_freshness(row, now or datetime.now(UTC)) for row in rows],
            "runs": runs.last_runs(),
            "offline": offline_note(rows),
        }


def store_check(home: Path, chroma_url: str | None = None, viewer: str = EVERYONE) -> dict:
    """Documents, chunks and vectors counted live, every kind of orphan, and what the newest
    run's reconciliation repaired (healthy: chunks == vectors and no orphans or pending); as
    `viewer` sees the store (the shared documents and its own uploads; EVERYONE: all)."""
    from ingestion.reconcile import StoreCheck, check
    from rag.search.index import Index

    if not Home(home).indexed:
        empty = dict.fromkeys(StoreCheck.__dataclass_fields__, 0)
        return {"built": False, **empty, "healthy": True, "repairs": {}}
    index = Index.open(home, chroma_url)
    try:
        found = check(index, viewer).to_dict()
        return {"built": True, **found, "repairs": RunLog(index.chunks.conn).latest_repairs()}
    finally:
        index.close()


def _tickers(catalog: Catalog, prices: PriceStore, facts: FactStore) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def entry(ticker: str) -> dict:
        return out.setdefault(ticker, {"documents": 0, "chunks": 0, "price_rows": 0, "facts": 0})

    for ticker, counts in catalog.counts_by_ticker().items():
        entry(ticker).update(documents=counts["documents"], chunks=counts["chunks"])
    for ticker, counts in prices.counts().items():
        entry(ticker).update(price_rows=counts["price_rows"], prices_as_of=counts["last"])
    for ticker, count in facts.counts().items():
        entry(ticker)["facts"] = count
    return dict(sorted(out.items()))


def _freshness(row: dict, now: datetime) -> dict:
    """Mark a source stale when its data is older than the source's threshold."""
    as_of = row.get("data_as_of")
    row = dict(row)
    row["stale"] = None
    if as_of:
        day = datetime.fromisoformat(as_of[:10]).replace(tzinfo=UTC)
        row["age_days"] = (now - day).days
        row["stale"] = row["age_days"] > STALE_AFTER_DAYS.get(row["source"], 30)
    return row
