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

from core.errors import Forbidden
from core.home import Home
from core.identity import User, require_admin
from core.types import Answer
from ingestion.chats import cites, upload_key
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

    def users(self) -> list[str]:
        """Everyone who has an event, by name."""
        with self._connect() as conn:
            rows = conn.execute("SELECT DISTINCT user FROM audit ORDER BY user").fetchall()
        return [row[0] for row in rows]

    def readable_by(
        self, viewer: User, user: str | None = None, since: str | None = None
    ) -> list[AuditEvent]:
        """The events `viewer` may read: an admin anyone's (`user`, or everyone's), an analyst
        only their own (asking for another user's is Forbidden, and audited)."""
        if not viewer.is_admin:
            if user not in (None, viewer.name):
                reason = f"another user's audit trail is for admins; {viewer.name} is an analyst"
                self.record(viewer.name, "refused", action="audit trail", reason=reason)
                raise Forbidden(reason)
            user = viewer.name
        return self.events(user, since)

    def admin_view(
        self, viewer: User, user: str | None = None, since: str | None = None
    ) -> list[AuditEvent]:
        """The workspace's audit view: everyone's events, for an admin only (Forbidden, and
        audited, for an analyst, whatever the page shows)."""
        try:
            require_admin(viewer, "The audit trail view")
        except Forbidden as exc:
            self.record(viewer.name, "refused", action="audit trail view", reason=str(exc))
            raise
        return self.events(user, since)

    def redact_document(self, document_id: str, owner: str) -> int:
        """Remove `owner`'s deleted document's figure values from the `ask` events of `owner`
        that used them (`redact_detail`); returns how many events changed."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, detail FROM audit WHERE action = 'ask' AND user = ? "
                "AND instr(detail, ?) > 0",
                (owner, upload_key(document_id)),
            ).fetchall()
            changed = [
                (json.dumps(detail, default=str), row[0])
                for row in rows
                if (detail := redact_detail(json.loads(row[1]), document_id)) is not None
            ]
            conn.executemany("UPDATE audit SET detail = ? WHERE id = ?", changed)
        return len(changed)


def redact_detail(detail: dict, document_id: str) -> dict | None:
    """An `ask` event's detail without the values of the figures read from a deleted document
    (its sources keep their ids and titles: who used what stays on record); None if unchanged."""
    gone = {
        s.get("n") for s in detail.get("sources", []) if cites(s.get("document_id"), document_id)
    }
    figures = [f for f in detail.get("figures", []) if f.get("citation") in gone and "value" in f]
    if not gone or not figures:
        return None
    for figure in figures:
        figure.pop("value")
        figure["redacted"] = "the document was deleted"
    return detail


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
            {
                "name": f.name,
                "value": f.value,
                "unit": f.unit,
                "period": f.period,
                "citation": f.citation,
            }
            for f in answer.facts
        ],
    }
