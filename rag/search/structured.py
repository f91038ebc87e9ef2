"""The structured tables numbers are computed from: daily prices and reported facts (SQLite).

Writes compare with what is stored first, so re-ingesting unchanged data writes nothing. Facts
read from a document's statement tables carry its id and are read through `visible_facts`: they
feed answers only while their document is indexed (see rag.search.db).

A fact read from a private upload carries its owner: the FactStore's `viewer` sees shared facts
and its own, and a figure the shared corpus holds (same company, concept, unit and period) is
never taken from an upload instead.
"""

import contextlib
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.home import Home
from core.identity import EVERYONE, LOCAL_USER
from core.types import FilingFact, PriceBar
from rag.search.db import reading, transaction

PRICE_COLUMNS = (
    "ticker",
    "date",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "dividends",
    "splits",
    "adjusted",
    "currency",
    "source",
)
FACT_COLUMNS = (
    "ticker",
    "cik",
    "concept",
    "label",
    "value",
    "unit",
    "scale",
    "period_start",
    "period_end",
    "fiscal_year",
    "fiscal_period",
    "form",
    "accession",
    "filed",
    "frame",
    "source",
    "locator",
)
TABLE_KEY = ("ticker", "concept", "unit", "period_start", "period_end")  # a table figure's key


@dataclass
class WriteCount:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(
    conn, table: str, columns: Sequence[str], key: Sequence[str], rows, scope
) -> WriteCount:
    """Insert or replace only the rows that differ from what is stored under `scope`."""
    where = " AND ".join(f"{column} = ?" for column in scope)
    stored = (
        {
            tuple(row[k] for k in key): tuple(row)
            for row in conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {where}",
                [rows[0][columns.index(c)] for c in scope],
            )
        }
        if rows
        else {}
    )
    count, changed = WriteCount(), []
    for row in rows:
        before = stored.get(tuple(row[columns.index(k)] for k in key))
        if before == row:
            count.unchanged += 1
            continue
        count.new += before is None
        count.updated += before is not None
        changed.append(row)
    if changed:
        with transaction(conn):
            conn.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                changed,
            )
    return count


class PriceStore:
    """Daily bars keyed by (ticker, date)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    @contextlib.contextmanager
    def read_only(cls, home: Path) -> Iterator["PriceStore | None"]:
        """The prices of `home`'s index for the block (read-only); None when none is built."""
        with reading(Home(home).database) as conn:
            yield cls(conn) if conn else None

    def upsert(self, bars: Sequence[PriceBar]) -> WriteCount:
        """Write the bars of one ticker."""
        rows = [tuple(getattr(bar, c) for c in PRICE_COLUMNS) for bar in bars]
        rows = [r[:9] + (int(r[9]),) + r[10:] for r in rows]  # adjusted is stored as 0/1
        return _upsert(self.conn, "prices", PRICE_COLUMNS, ("ticker", "date"), rows, ("ticker",))

    def bars(self, ticker: str, start: str | None = None, end: str | None = None) -> list[PriceBar]:
        rows = self.conn.execute(
            f"SELECT {', '.join(PRICE_COLUMNS)} FROM prices WHERE ticker = ? "
            "AND date >= ? AND date <= ? ORDER BY date",
            (ticker, start or "0000", end or "9999"),
        )
        return [PriceBar(**dict(zip(PRICE_COLUMNS, row, strict=True))) for row in rows]

    def latest_date(self) -> str | None:
        """The newest trading day held for any ticker: the market data's as-of date."""
        return self.conn.execute("SELECT MAX(date) FROM prices").fetchone()[0]

    def counts(self) -> dict[str, dict]:
        rows = self.conn.execute(
            "SELECT ticker, COUNT(*), MIN(date), MAX(date) FROM prices GROUP BY ticker"
        )
        return {r[0]: {"price_rows": r[1], "first": r[2], "last": r[3]} for r in rows}


class FactStore:
    """Reported numbers keyed by (ticker, concept, unit, period, source, owner); reads show the
    viewer's (shared ones and its own uploads')."""

    def __init__(self, conn: sqlite3.Connection, viewer: str = LOCAL_USER):
        self.conn = conn
        self.viewer = viewer

    def upsert(
        self, facts: Sequence[FilingFact], document_id: str | None = None, owner: str | None = None
    ) -> WriteCount:
        """Write the facts of one ticker (those read from a document carry its id and owner)."""
        rows = [
            tuple(
                (getattr(f, c) or "") if c == "period_start" else getattr(f, c)
                for c in FACT_COLUMNS
            )
            + (document_id, owner or "")
            for f in facts
        ]
        key = ("ticker", "concept", "unit", "period_start", "period_end", "source", "owner")
        columns = (*FACT_COLUMNS, "document_id", "owner")
        return _upsert(self.conn, "facts", columns, key, rows, ("ticker", "owner"))

    def _seen(self) -> tuple[str, list]:
        """(SQL condition on `visible_facts v`, parameters): shared facts, and the viewer's own
        where no shared fact has the same company, concept, unit and period."""
        if self.viewer == EVERYONE:
            return "1", []
        return (
            "(v.owner = '' OR (v.owner = ? AND NOT EXISTS (SELECT 1 FROM visible_facts s "
            "WHERE s.owner = '' AND s.ticker = v.ticker AND s.concept = v.concept "
            "AND s.unit = v.unit AND s.period_start = v.period_start "
            "AND s.period_end = v.period_end)))",
            [self.viewer],
        )

    def facts(self, ticker: str, concept: str | None = None) -> list[FilingFact]:
        seen, more = self._seen()
        sql = f"SELECT {', '.join(FACT_COLUMNS)} FROM visible_facts v WHERE ticker = ? AND {seen}"
        params: list = [ticker, *more]
        if concept:
            sql += " AND concept = ?"
            params.append(concept)
        rows = self.conn.execute(sql + " ORDER BY period_end", params)
        return [FilingFact(**_fact_fields(row)) for row in rows]

    def table_facts(self, ticker: str) -> list[FilingFact]:
        """Every figure of a ticker read from statement tables (source "table"), by period end."""
        seen, more = self._seen()
        rows = self.conn.execute(
            f"SELECT {', '.join(FACT_COLUMNS)} FROM visible_facts v WHERE ticker = ? "
            f"AND source = 'table' AND {seen} ORDER BY period_end",
            (ticker, *more),
        )
        return [FilingFact(**_fact_fields(row)) for row in rows]

    def fiscal_quarter(self, ticker: str, period_end: str) -> tuple[int, str] | None:
        """(fiscal year, Q1..Q4) of a quarter the company reported ending on `period_end`."""
        seen, more = self._seen()
        row = self.conn.execute(
            "SELECT fiscal_year, fiscal_period FROM visible_facts v WHERE ticker = ? "
            f"AND period_end = ? AND {seen} "
            "AND fiscal_period IN ('Q1', 'Q2', 'Q3', 'Q4') AND fiscal_year IS NOT NULL LIMIT 1",
            (ticker, period_end, *more),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def table_keys_besides(
        self, tickers: Iterable[str], accession: str, owner: str | None = None
    ) -> set[tuple]:
        """TABLE_KEY of the statement-table figures of these tickers that another accession
        than `accession` holds, among those of `owner` (None: the shared ones)."""
        held: set[tuple] = set()
        for ticker in tickers:
            rows = self.conn.execute(
                f"SELECT {', '.join(TABLE_KEY)} FROM facts WHERE source = 'table' AND ticker = ? "
                "AND accession IS NOT ? AND owner = ?",
                (ticker, accession, owner or ""),
            )
            held |= {tuple(row) for row in rows}
        return held

    def own_period_keys(
        self, tickers: Iterable[str], accession: str, owner: str | None = None
    ) -> set[tuple]:
        """TABLE_KEY of the figures another accession holds as its own fiscal year's (the
        current-year column of that filing, not a comparative one), among those of `owner`."""
        held: set[tuple] = set()
        columns = ", ".join(f"f.{c}" for c in TABLE_KEY)
        for ticker in tickers:
            rows = self.conn.execute(
                f"SELECT {columns} FROM facts f JOIN (SELECT accession, MAX(fiscal_year) AS year "
                "FROM facts WHERE source = 'table' AND ticker = ? AND owner = ? "
                "GROUP BY accession) o ON o.accession = f.accession "
                "WHERE f.source = 'table' AND f.ticker = ? AND f.owner = ? "
                "AND f.accession IS NOT ? AND f.fiscal_year = o.year",
                (ticker, owner or "", ticker, owner or "", accession),
            )
            held |= {tuple(row) for row in rows}
        return held

    def drop_table_facts(
        self, accession: str, keep: Collection[tuple] = frozenset(), owner: str | None = None
    ) -> int:
        """Delete the statement-table figures of an accession (in one transaction) of `owner`
        (None: shared), but those whose TABLE_KEY is in `keep`; returns how many went."""
        rows = self.conn.execute(
            f"SELECT {', '.join(TABLE_KEY)} FROM facts WHERE source = 'table' AND accession = ? "
            "AND owner = ?",
            (accession, owner or ""),
        ).fetchall()
        stale = [tuple(row) for row in rows if tuple(row) not in keep]
        if stale:
            where = " AND ".join(f"{column} = ?" for column in TABLE_KEY)
            with transaction(self.conn):
                self.conn.executemany(
                    f"DELETE FROM facts WHERE source = 'table' AND accession = ? AND owner = ? "
                    f"AND {where}",
                    [(accession, owner or "", *row) for row in stale],
                )
        return len(stale)

    def drop_document_facts(self, document_id: str) -> int:
        """Delete every fact read from one document; returns how many went."""
        with transaction(self.conn):
            cursor = self.conn.execute("DELETE FROM facts WHERE document_id = ?", (document_id,))
        return cursor.rowcount

    def orphan_count(self) -> int:
        """Facts of documents that are gone, failed or being deleted."""
        return self.conn.execute("SELECT COUNT(*) FROM orphan_facts").fetchone()[0]

    def drop_orphans(self) -> int:
        with transaction(self.conn):
            cursor = self.conn.execute(
                "DELETE FROM facts WHERE rowid IN (SELECT fact_rowid FROM orphan_facts)"
            )
        return cursor.rowcount

    def counts(self) -> dict[str, int]:
        seen, more = self._seen()
        rows = self.conn.execute(
            f"SELECT ticker, COUNT(*) FROM visible_facts v WHERE {seen} GROUP BY ticker", more
        )
        return {r[0]: r[1] for r in rows}


def _fact_fields(row) -> dict:
    fields = dict(zip(FACT_COLUMNS, row, strict=True))
    fields["period_start"] = fields["period_start"] or None
    return fields
