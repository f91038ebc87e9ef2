"""Run reports: what each ingestion run fetched, wrote, skipped and why something failed.

Reports are stored in SQLite (`runs`, `source_status`) so `finassist status` and the UI can show
freshness per source and the last successful run. A failed fetch is recorded as failed with its
reason, never as fresh or as "no data": only a successful one moves the last success and the
data's as-of date. Failures because the network did not answer are marked offline, and
`offline_note` says them in one sentence instead of one error per ticker.
"""

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

SUCCEEDED = ("ok", "no data", "partial")  # the source answered
PROVIDERS = {
    "sec": "SEC EDGAR",
    "xbrl": "SEC EDGAR",
    "prices": "Yahoo Finance",
    "quotes": "Yahoo Finance",
    "news": "the news feeds",
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class SourceReport:
    """One source (and key: a ticker, a feed) within a run."""

    source: str
    key: str
    status: str = "ok"  # ok | partial | failed | no data
    fetched: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    reason: str | None = None
    data_as_of: str | None = None
    offline: bool = False  # failed because the network did not answer

    def fail(self, reason: str, offline: bool = False) -> None:
        self.status, self.reason, self.offline = "failed", reason, offline
        self.data_as_of = None  # nothing was fetched: no freshness to claim

    def problem(self, reason: str) -> None:
        """Some items failed but others went in."""
        self.failed += 1
        self.reason = reason if self.reason is None else self.reason
        if self.status == "ok":
            self.status = "partial"


@dataclass
class RunReport:
    job: str
    started: str = field(default_factory=now_iso)
    finished: str | None = None
    sources: list[SourceReport] = field(default_factory=list)
    embedded: int = 0
    chunks_written: int = 0
    repairs: dict[str, int] = field(default_factory=dict)  # what reconciliation fixed

    @property
    def status(self) -> str:
        states = {s.status for s in self.sources} - {"no data"}
        if not states or states == {"ok"}:
            return "ok"
        return "failed" if states == {"failed"} else "partial"

    def add(self, source: str, key: str) -> SourceReport:
        report = SourceReport(source, key)
        self.sources.append(report)
        return report

    @property
    def offline_note(self) -> str | None:
        """One sentence when sources failed because the network did not answer."""
        return offline_note([asdict(s) for s in self.sources])

    def to_dict(self) -> dict:
        return {"status": self.status, "offline_note": self.offline_note, **asdict(self)}


def offline_note(sources: Sequence[dict]) -> str | None:
    """One sentence for the sources that failed offline (`source_status` rows or reports), not
    one error per ticker; None when none did."""
    offline = [s for s in sources if s.get("status") == "failed" and s.get("offline")]
    if not offline:
        return None
    where = sorted({PROVIDERS.get(s["source"], s["source"]) for s in offline})
    reached = " or ".join([", ".join(where[:-1]), where[-1]] if len(where) > 1 else where)
    if len(offline) == len(sources):
        return (
            f"Offline: FinAssist could not reach {reached}, so nothing was refreshed; the data "
            "shown is from the last successful fetch."
        )
    return (
        f"Offline for {len(offline)} of {len(sources)} sources: FinAssist could not reach "
        f"{reached}; they keep the data of their last successful fetch."
    )


class RunLog:
    """The `runs` and `source_status` tables: the owner of their schema and of every statement
    on them. They live in the stores' database, on the connection the stores share."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY, job TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
        status TEXT NOT NULL, report TEXT
    );
    CREATE TABLE IF NOT EXISTS source_status (
        source TEXT NOT NULL, key TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,
        last_attempt TEXT NOT NULL, last_success TEXT, data_as_of TEXT,
        offline INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, key)
    );
    """

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False):
        self.conn = conn
        if not readonly:
            conn.executescript(self.SCHEMA)
            self._add_offline_column()

    def _add_offline_column(self) -> None:
        """Stores made before failures were marked offline get the column (all 0)."""
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(source_status)")}
        if "offline" not in columns:
            with self.conn:
                self.conn.execute(
                    "ALTER TABLE source_status ADD COLUMN offline INTEGER NOT NULL DEFAULT 0"
                )

    def save(self, report: RunReport) -> None:
        """Record the run and update each source's status; the last success and the data's as-of
        date only move on success (a failed fetch keeps the ones before it)."""
        report.finished = report.finished or now_iso()
        with self.conn:
            self.conn.execute(
                "INSERT INTO runs (job, started, finished, status, report) VALUES (?, ?, ?, ?, ?)",
                (
                    report.job,
                    report.started,
                    report.finished,
                    report.status,
                    json.dumps(report.to_dict()),
                ),
            )
            for source in report.sources:
                ok = source.status in SUCCEEDED
                self.conn.execute(
                    "INSERT INTO source_status (source, key, status, reason, last_attempt,"
                    " last_success, data_as_of, offline) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (source, key) DO UPDATE SET status = excluded.status,"
                    " reason = excluded.reason, last_attempt = excluded.last_attempt,"
                    " last_success = COALESCE(excluded.last_success, source_status.last_success),"
                    " data_as_of = COALESCE(excluded.data_as_of, source_status.data_as_of),"
                    " offline = excluded.offline",
                    (
                        source.source,
                        source.key,
                        source.status,
                        source.reason,
                        report.finished,
                        report.finished if ok else None,
                        source.data_as_of if ok else None,
                        int(source.status == "failed" and source.offline),
                    ),
                )

    def source_status(self) -> list[dict]:
        """Every source and key's latest outcome ([] before the first run)."""
        if not self._created():
            return []
        rows = self.conn.execute("SELECT * FROM source_status ORDER BY source, key")
        return [dict(row) for row in rows]

    def last_runs(self, limit: int = 5) -> list[dict]:
        """The newest runs first ([] before the first run)."""
        if not self._created():
            return []
        rows = self.conn.execute(
            "SELECT job, started, finished, status FROM runs ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [dict(row) for row in rows]

    def latest_repairs(self) -> dict[str, int]:
        """What the newest run's reconciliation fixed ({} before the first run)."""
        if not self._created():
            return {}
        row = self.conn.execute("SELECT report FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]).get("repairs", {}) if row and row[0] else {}

    def _created(self) -> bool:
        """False in a database no run has written to yet (read-only: the tables were never made)."""
        found = self.conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('runs', 'source_status')"
        ).fetchone()[0]
        return found == 2
