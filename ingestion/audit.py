"""The audit trail: who asked what (and which sources and figures the answer used), uploads,
deletes, refreshes, watchlist changes, logins and refused actions, in the workspace database.

The owner of the `audit` table and of every statement on it. Events are only ever added; a
reader asks for them by user and by time (ISO 8601 UTC, to the microsecond).
"""

import contextlib
import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.home import Home
from core.types import Answer
from ingestion.workspace_db import workspace_connection

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, time TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_user_time ON audit(user, time);
CREATE INDEX IF NOT EXISTS audit_time ON audit(time);
"""


@dataclass(frozen=True)
class AuditEvent:
    """One thing a user did: `detail` is a JSON object (what was asked, uploaded, deleted)."""

    time: str
    user: str
    action: str  # ask | upload | delete | refresh | watchlist | login | refused
    detail: dict

    def to_dict(self) -> dict:
        return asdict(self)


class AuditLog:
    """The audit events in one SQLite file; each call opens its own connection (thread-safe)."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    @classmethod
    def open(cls, home: Path) -> "AuditLog":
        """The audit trail of a FINASSIST_HOME (kept in its workspace database)."""
        return cls(Home(home).workspace_db)

    def _connect(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return workspace_connection(self.path)

    def record(self, user: str, action: str, /, **detail: object) -> None:
        """Add one event, now."""
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO audit (time, user, action, detail) VALUES (?, ?, ?, ?)",
                (stamp, user, action, json.dumps(detail, default=str)),
            )

    def events(
        self, user: str | None = None, since: str | None = None, limit: int = 10_000
    ) -> list[AuditEvent]:
        """Events oldest first, of one user (None: all) from `since` (an ISO date or time)."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT time, user, action, detail FROM audit WHERE (? IS NULL OR user = ?) "
                "AND time >= ? ORDER BY time, id LIMIT ?",
                (user, user, since or "", limit),
            ).fetchall()
        return [AuditEvent(row[0], row[1], row[2], json.loads(row[3])) for row in rows]


def answer_detail(question: str, answer: Answer) -> dict:
    """What an `ask` event keeps: the question, whether it was refused, and the sources and
    figures the answer used (ids, titles, values with unit and period)."""
    return {
        "question": question,
        "refused": answer.refused,
        "sources": [
            {"n": c.n, "title": c.title, "source": c.source, "document_id": c.document_id}
            for c in answer.citations
        ],
        "figures": [
            {"name": f.name, "value": f.value, "unit": f.unit, "period": f.period}
            for f in answer.facts
        ],
    }
