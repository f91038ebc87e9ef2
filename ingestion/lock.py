"""One writer at a time: an OS file lock on FINASSIST_HOME that dies with its process."""

import json
import os
import time
from pathlib import Path

from filelock import FileLock, Timeout

from core.errors import WriterBusy
from core.home import Home


class WriterLock:
    """Held for the whole of an ingestion run; a second writer is refused at once."""

    def __init__(self, home: Path, name: str = "writer"):
        home.mkdir(parents=True, exist_ok=True)
        paths = Home(home)
        self._lock = FileLock(str(paths.lock(name)), timeout=0)
        self._owner = paths.lock_owner(name)

    def __enter__(self) -> "WriterLock":
        try:
            self._lock.acquire()
        except Timeout:
            owner = self._describe_owner()
            raise WriterBusy(owner) from None
        self._owner.write_text(json.dumps({"pid": os.getpid(), "since": time.time()}))
        return self

    def __exit__(self, *exc_info) -> None:
        self._owner.unlink(missing_ok=True)
        self._lock.release()

    def _describe_owner(self) -> str:
        try:
            owner = json.loads(self._owner.read_text())
        except (OSError, ValueError):
            return "owner unknown"
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(owner["since"]))
        return f"pid {owner['pid']} since {started}"

    @property
    def held_elsewhere(self) -> bool:
        """True while another process holds the lock (the UI uses this to disable refresh)."""
        try:
            self._lock.acquire()
        except Timeout:
            return True
        self._lock.release()
        return False
