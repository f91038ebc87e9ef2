"""The workspace database (watchlist, audit trail): one short-lived connection per use, committed
on success, always closed."""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def workspace_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the workspace database at `path`, in one transaction."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        with conn:
            yield conn
    finally:
        conn.close()
