"""One writer at a time: an OS file lock on FINASSIST_HOME that dies with its process.

On Linux the lock is an open-file-description lock (fcntl F_OFD_SETLK): the kernel drops it when
the holding process ends however it ends (kill -9 included), closing some other descriptor of the
file does not release it, and F_OFD_GETLK asks whether it is held without taking it. Elsewhere
(macOS, Windows) `filelock` holds it, and the check reads the owner file and asks whether that
process is alive. The owner file beside the lock names the holder: pid, since when, which job.
"""

import json
import os
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.errors import WriterBusy
from core.home import Home

try:
    import fcntl

    _OFD = hasattr(fcntl, "F_OFD_SETLK") and hasattr(fcntl, "F_OFD_GETLK")
except ImportError:  # Windows
    _OFD = False

_FLOCK = "hhqqi4x"  # struct flock on Linux: l_type, l_whence, l_start, l_len, l_pid (+ padding)


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock, as its owner file says (every field may be unknown)."""

    pid: int | None = None
    since: float | None = None
    job: str = ""

    def __str__(self) -> str:
        if self.pid is None:
            return "owner unknown"
        text = f"pid {self.pid}"
        if self.since is not None:
            text += " since " + time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.since))
        return f"{text}, {self.job}" if self.job else text


class WriterLock:
    """Held for the whole of an ingestion run; a second writer is refused at once (or after
    `acquire(wait_s=...)` has retried for a while)."""

    def __init__(self, home: Path, name: str = "writer", job: str = ""):
        paths = Home(home)
        self._home = Path(home)
        self._path = paths.lock(name)
        self._owner = paths.lock_owner(name)
        self._job = job or _command_line()
        self._held: _Held | None = None

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def acquire(
        self,
        wait_s: float = 0.0,
        retry_every_s: float = 5.0,
        on_busy: Callable[[LockOwner], None] | None = None,
    ) -> None:
        """Take the lock; while another process holds it, retry every `retry_every_s` for up to
        `wait_s` (calling `on_busy(owner)` before each wait), then raise WriterBusy(owner)."""
        self._home.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait_s
        while True:
            held = (_take_ofd if _OFD else _take_portable)(self._path)
            if held is not None:
                break
            owner = self.owner() or LockOwner()
            left = deadline - time.monotonic()
            if left <= 0:
                raise WriterBusy(str(owner))
            if on_busy is not None:
                on_busy(owner)
            time.sleep(min(retry_every_s, left))
        self._held = held
        record = {"pid": os.getpid(), "since": time.time(), "job": self._job}
        temporary = self._owner.with_name(f"{self._owner.name}.{os.getpid()}")
        temporary.write_text(json.dumps(record))
        temporary.replace(self._owner)  # readers never see half a file

    def release(self) -> None:
        if self._held is None:
            return
        self._owner.unlink(missing_ok=True)
        self._held.release()
        self._held = None

    def owner(self) -> LockOwner | None:
        """Who holds the lock now, or None when it is free. Never takes the lock."""
        if _OFD:
            if not _held_ofd(self._path):
                return None
            return self._read_owner()
        owner = self._read_owner()
        return owner if owner.pid is not None and _alive(owner.pid) else None

    @property
    def held_elsewhere(self) -> bool:
        """True while someone else holds the lock (the UI uses this to disable refresh)."""
        return self._held is None and self.owner() is not None

    def _read_owner(self) -> LockOwner:
        try:
            record = json.loads(self._owner.read_text())
            return LockOwner(int(record["pid"]), float(record["since"]), str(record.get("job", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return LockOwner()


def writer_owner(home: Path) -> LockOwner | None:
    """Who holds the writer lock of `home` right now, or None when it is free (never takes it)."""
    return WriterLock(home).owner()


def _command_line() -> str:
    """This process's command, as a default job name: e.g. `finassist refresh`."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join([program, *sys.argv[1:3]])[:80]


class _Held:
    def __init__(self, release: Callable[[], None]):
        self.release = release


def _flock(kind: int) -> bytes:
    return struct.pack(_FLOCK, kind, os.SEEK_SET, 0, 0, 0)  # the whole file; l_pid must be 0


def _take_ofd(path: Path) -> _Held | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by exec'd children
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_WRLCK))
    except OSError:  # EAGAIN or EACCES: another open file description holds it
        os.close(fd)
        return None

    def release() -> None:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_UNLCK))
        os.close(fd)

    return _Held(release)


def _held_ofd(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        answer = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, _flock(fcntl.F_WRLCK))
    finally:
        os.close(fd)
    return struct.unpack(_FLOCK, answer)[0] != fcntl.F_UNLCK


def _take_portable(path: Path) -> _Held | None:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return None
    return _Held(lock.release)


def _alive(pid: int) -> bool:
    import psutil

    return psutil.pid_exists(pid)
