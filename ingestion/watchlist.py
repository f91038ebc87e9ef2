"""The watchlist: the tickers refresh keeps fresh, in the workspace database
(`Home.workspace_db`, the analyst's own state; ui.chats keeps its chats there too).

The owner of the `watchlist` and `workspace_state` tables and of every statement on them. Changes
are admin actions, refused here for an analyst.
"""

import contextlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from core.errors import InputError
from core.identity import LOCAL, User, require_admin
from core.settings import Settings
from ingestion.workspace_db import workspace_connection

TICKER = re.compile(r"^[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,2})?$")  # AAPL, BRK.B, BF-B, RDS-A
MAX_WATCHLIST = 50


def normalize_ticker(text: str) -> str:
    """`" $brk.b "` -> "BRK.B"; InputError for anything that is not a ticker symbol."""
    symbol = text.strip().removeprefix("$").strip().upper()
    if not TICKER.match(symbol):
        shown = " ".join(text.split())[:20] or "an empty name"
        raise InputError(
            f"{shown!r} is not a ticker symbol: use 1-6 letters or digits starting with a letter, "
            "with an optional class like BRK.B"
        )
    return symbol


class Watchlist:
    """The tickers refresh keeps fresh; starts as the configured list, then the analyst's own."""

    def __init__(self, path: Path, default: Sequence[str], user: User = LOCAL):
        self.user = user  # changes are admin actions (refused for an analyst)
        self.path = path
        self.default = [t.strip().upper() for t in default if t.strip()]
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(
                "CREATE TABLE IF NOT EXISTS watchlist (ticker TEXT PRIMARY KEY, position INTEGER);"
                "CREATE TABLE IF NOT EXISTS workspace_state (key TEXT PRIMARY KEY, value TEXT);"
            )
            self._seed(conn)

    @classmethod
    def open(cls, settings: Settings, user: User = LOCAL) -> "Watchlist":
        return cls(settings.paths.workspace_db, settings.ingest.watchlist, user)

    def _connect(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return workspace_connection(self.path)

    def _seed(self, conn: sqlite3.Connection) -> None:
        """Copy the configured watchlist in once; later edits (even emptying it) stay."""
        seeded = conn.execute("SELECT 1 FROM workspace_state WHERE key = 'watchlist_seeded'")
        if seeded.fetchone():
            return
        conn.executemany(
            "INSERT OR IGNORE INTO watchlist VALUES (?, ?)",
            [(t, i) for i, t in enumerate(dict.fromkeys(self.default))],
        )
        conn.execute("INSERT INTO workspace_state VALUES ('watchlist_seeded', '1')")

    def tickers(self) -> list[str]:
        """The watchlist in the order tickers were added."""
        with self._connect() as conn:
            rows = conn.execute("SELECT ticker FROM watchlist ORDER BY position").fetchall()
        return [row[0] for row in rows]

    def add(self, text: str) -> str:
        """Add a ticker (validated, upper-cased); returns the symbol as stored."""
        require_admin(self.user, "Changing the watchlist")
        symbol = normalize_ticker(text)
        with self._connect() as conn:
            count, last = conn.execute("SELECT COUNT(*), MAX(position) FROM watchlist").fetchone()
            known = conn.execute("SELECT 1 FROM watchlist WHERE ticker = ?", (symbol,)).fetchone()
            if not known and count >= MAX_WATCHLIST:
                raise InputError(f"the watchlist holds at most {MAX_WATCHLIST} tickers")
            if not known:
                conn.execute("INSERT INTO watchlist VALUES (?, ?)", (symbol, (last or 0) + 1))
        return symbol

    def remove(self, ticker: str) -> None:
        """Drop a ticker (its indexed data stays searchable)."""
        require_admin(self.user, "Changing the watchlist")
        with self._connect() as conn:
            conn.execute("DELETE FROM watchlist WHERE ticker = ?", (ticker.strip().upper(),))


def with_workspace_watchlist(settings: Settings) -> Settings:
    """`settings` with the workspace's watchlist, so `finassist refresh` and the scheduler keep
    fresh what the analyst watches in the UI (the configured list until it is first edited)."""
    tickers = Watchlist.open(settings).tickers()
    return settings.model_copy(
        update={"ingest": settings.ingest.model_copy(update={"watchlist": tickers})}
    )
