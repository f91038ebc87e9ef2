"""What the stores hold and how fresh each source is, read from SQLite only (fast, read-only)."""

from datetime import UTC, datetime
from pathlib import Path

from ingestion.runs import last_runs, source_status
from rag.db import connect

STALE_AFTER_DAYS = {"prices": 3, "news": 2, "quotes": 3, "sec": 120, "xbrl": 120}


def collect_status(home: Path, now: datetime | None = None) -> dict:
    """Per ticker: documents, chunks, price rows, facts; per source: last success and age."""
    database = home / "finassist.db"
    if not database.exists():
        return {"built": False, "tickers": {}, "sources": [], "runs": []}
    conn = connect(database, readonly=True)
    try:
        return {
            "built": True,
            "tickers": _tickers(conn),
            "sources": [_freshness(row, now or datetime.now(UTC)) for row in source_status(conn)],
            "runs": last_runs(conn),
        }
    finally:
        conn.close()


def _tickers(conn) -> dict[str, dict]:
    out: dict[str, dict] = {}

    def entry(ticker: str) -> dict:
        return out.setdefault(ticker, {"documents": 0, "chunks": 0, "price_rows": 0, "facts": 0})

    for ticker, documents, chunks in conn.execute(
        "SELECT COALESCE(ticker, '-'), COUNT(*), SUM(chunk_count) FROM documents GROUP BY 1"
    ):
        entry(ticker).update(documents=documents, chunks=chunks)
    for ticker, rows, last in conn.execute(
        "SELECT ticker, COUNT(*), MAX(date) FROM prices GROUP BY ticker"
    ):
        entry(ticker).update(price_rows=rows, prices_as_of=last)
    for ticker, facts in conn.execute("SELECT ticker, COUNT(*) FROM facts GROUP BY ticker"):
        entry(ticker)["facts"] = facts
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
