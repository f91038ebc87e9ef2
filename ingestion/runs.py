"""Run reports: what each ingestion run fetched, wrote, skipped and why something failed.

Reports are stored in SQLite (`runs`, `source_status`) so `finassist status` and the UI can show
freshness per source and the last successful run.
"""

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


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

    def fail(self, reason: str) -> None:
        self.status, self.reason = "failed", reason

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

    def to_dict(self) -> dict:
        return {"status": self.status, **asdict(self)}


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
        PRIMARY KEY (source, key)
    );
    """

    def __init__(self, conn: sqlite3.Connection, *, readonly: bool = False):
        self.conn = conn
        if not readonly:
            conn.executescript(self.SCHEMA)

    def save(self, report: RunReport) -> None:
        """Record the run and update each source's status; last success only moves on success."""
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
                ok = source.status in ("ok", "no data", "partial")
                self.conn.execute(
                    "INSERT INTO source_status (source, key, status, reason, last_attempt,"
                    " last_success, data_as_of) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (source, key) DO UPDATE SET status = excluded.status,"
                    " reason = excluded.reason, last_attempt = excluded.last_attempt,"
                    " last_success = COALESCE(excluded.last_success, source_status.last_success),"
                    " data_as_of = COALESCE(excluded.data_as_of, source_status.data_as_of)",
                    (
                        source.source,
                        source.key,
                        source.status,
                        source.reason,
                        report.finished,
                        report.finished if ok else None,
                        source.data_as_of,
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
