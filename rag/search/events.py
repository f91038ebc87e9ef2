"""The `events` table and its owner: dated things that happened to a company (8-K current
reports with their items, 10-K/10-Q filings, news stories, dividends, splits), each with its
time in UTC when known, the US market session it fell in, and its source document.

An event's `session` is read from its UTC time on the New York clock: `pre-market` (04:00 to
09:30), `regular` (09:30 to 16:00), `after-hours` (16:00 to 20:00), `closed` (overnight and
weekends); an event known only by its date has the session `unknown`. The schema is in
rag.search.db. Writes compare with what
is stored first, so re-deriving the same events writes nothing.
"""

import sqlite3
from dataclasses import astuple, dataclass, fields
from datetime import datetime, time
from zoneinfo import ZoneInfo

from rag.search.db import transaction

EASTERN = ZoneInfo("America/New_York")
SESSIONS = ("pre-market", "regular", "after-hours", "closed", "unknown")
# The titles of Form 8-K's items (SEC Form 8-K, General Instructions B).
ITEM_TITLES = {
    "1.01": "Entry into a Material Definitive Agreement",
    "1.02": "Termination of a Material Definitive Agreement",
    "1.03": "Bankruptcy or Receivership",
    "1.04": "Mine Safety",
    "1.05": "Material Cybersecurity Incidents",
    "2.01": "Completion of Acquisition or Disposition of Assets",
    "2.02": "Results of Operations and Financial Condition",
    "2.03": "Creation of a Direct Financial Obligation",
    "2.04": "Triggering Events That Accelerate a Financial Obligation",
    "2.05": "Costs Associated with Exit or Disposal Activities",
    "2.06": "Material Impairments",
    "3.01": "Notice of Delisting or Failure to Satisfy a Listing Rule",
    "3.02": "Unregistered Sales of Equity Securities",
    "3.03": "Material Modification to Rights of Security Holders",
    "4.01": "Changes in Registrant's Certifying Accountant",
    "4.02": "Non-Reliance on Previously Issued Financial Statements",
    "5.01": "Changes in Control of Registrant",
    "5.02": "Departure or Appointment of Directors or Officers; Compensatory Arrangements",
    "5.03": "Amendments to Articles of Incorporation or Bylaws",
    "5.04": "Temporary Suspension of Trading Under Employee Benefit Plans",
    "5.05": "Amendments to the Code of Ethics",
    "5.06": "Change in Shell Company Status",
    "5.07": "Submission of Matters to a Vote of Security Holders",
    "5.08": "Shareholder Director Nominations",
    "6.01": "ABS Informational and Computational Material",
    "7.01": "Regulation FD Disclosure",
    "8.01": "Other Events",
    "9.01": "Financial Statements and Exhibits",
}
EARNINGS_ITEM = "2.02"


@dataclass(frozen=True)
class Event:
    """One dated event of one company. `kind`: 8-K, 10-K, 10-Q, news, dividend or split."""

    id: str  # "8-K:0001045810-24-000113", "news:<document id>", "split:NVDA:2024-06-10"
    ticker: str
    date: str  # the New York calendar date (ISO)
    time_utc: str | None  # ISO 8601 UTC ("2024-05-22T20:21:29Z"); None when only the date is known
    session: str  # one of SESSIONS
    kind: str
    title: str
    items: str = ""  # 8-K item codes, comma-separated: "2.02,8.01,9.01"
    value: float | None = None  # a dividend's amount per share, a split's ratio
    document_id: str | None = None  # the indexed document it comes from, if there is one
    url: str | None = None
    accession: str | None = None
    source: str = ""  # where it was read: submissions, news, prices, chart

    @property
    def item_codes(self) -> list[str]:
        return [code for code in self.items.split(",") if code]

    @property
    def earnings(self) -> bool:
        """An 8-K reporting results of operations (item 2.02)."""
        return EARNINGS_ITEM in self.item_codes

    def describe(self) -> str:
        """ "8-K: 2.02 Results of Operations and Financial Condition; 9.01 ..." or the title."""
        if self.kind.startswith("8-K") and self.item_codes:
            named = "; ".join(f"{c} {ITEM_TITLES.get(c, 'item')}" for c in self.item_codes)
            return f"{self.kind} filed, items {named}"
        return self.title

    def when(self) -> str:
        """ "2024-05-22 16:21 New York time (after-hours)" or "2024-05-22 (time of day
        unknown)"; the date is always the New York date."""
        if self.time_utc:
            moment = datetime.fromisoformat(self.time_utc.replace("Z", "+00:00"))
            return f"{self.date} {moment.astimezone(EASTERN):%H:%M} New York time ({self.session})"
        return f"{self.date} (time of day unknown)"


COLUMNS = tuple(f.name for f in fields(Event))


def session_of(moment: datetime) -> str:
    """The US equity session an aware datetime falls in, on the New York clock."""
    local = moment.astimezone(EASTERN)
    if local.weekday() >= 5:
        return "closed"
    clock = local.time()
    if time(4) <= clock < time(9, 30):
        return "pre-market"
    if time(9, 30) <= clock < time(16):
        return "regular"
    if time(16) <= clock < time(20):
        return "after-hours"
    return "closed"


def timed(moment: datetime) -> tuple[str, str, str]:
    """(New York date, UTC time ISO, session) of an aware datetime."""
    utc = moment.astimezone(ZoneInfo("UTC"))
    return (
        moment.astimezone(EASTERN).date().isoformat(),
        utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        session_of(moment),
    )


class EventStore:
    """Events keyed by id; read by ticker and date window, oldest first."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def upsert(self, events: list[Event]) -> tuple[int, int, int]:
        """Write the events that differ from those stored: (new, updated, unchanged)."""
        if not events or not self._exists():
            return 0, 0, 0
        ids = [e.id for e in events]
        stored = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM events WHERE id IN "
                f"({', '.join('?' * len(part))})",
                part,
            )
            stored.update({row[0]: tuple(row) for row in rows})
        changed = [astuple(e) for e in events if stored.get(e.id) != astuple(e)]
        if changed:
            with transaction(self.conn):
                self.conn.executemany(
                    f"INSERT OR REPLACE INTO events ({', '.join(COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(COLUMNS))})",
                    changed,
                )
        new = sum(1 for row in changed if row[0] not in stored)
        return new, len(changed) - new, len(events) - len(changed)

    def events(self, ticker: str, start: str | None = None, end: str | None = None) -> list[Event]:
        """A ticker's events between two ISO dates (inclusive), by date and time."""
        if not self._exists():
            return []
        rows = self.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM events WHERE ticker = ? AND date >= ? "
            "AND date <= ? ORDER BY date, COALESCE(time_utc, date), id",
            (ticker, start or "0000", end or "9999"),
        )
        return [Event(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        if not self._exists():
            return {}
        rows = self.conn.execute("SELECT ticker, COUNT(*) FROM events GROUP BY ticker")
        return {row[0]: row[1] for row in rows}

    def _exists(self) -> bool:
        """Whether the table is there (a read-only database made before it has none)."""
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        ).fetchone()
        return row is not None
