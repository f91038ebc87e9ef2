"""The writer lock with real processes: a holder in a child process, checks that read the lock
without taking it and name its owner, and a lock that is free again once its holder is killed."""

import fcntl
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import WriterBusy
from ingestion import lock as lock_module
from ingestion.lock import LockOwner, WriterLock, writer_owner

ROOT = Path(__file__).resolve().parents[2]
MECHANISMS = ["ofd", "portable"]
HOLDER = """
import sys, time
from pathlib import Path
from ingestion import lock
if sys.argv[2] == "portable":
    lock._OFD = False
held = lock.WriterLock(Path(sys.argv[1]), job="test holder")
held.acquire()
print("held", flush=True)
sys.stdin.readline()  # until the test says so (or kills us)
held.release()
print("released", flush=True)
time.sleep(60)
"""


@pytest.fixture(params=MECHANISMS)
def mechanism(request, monkeypatch) -> str:
    """Both ways of locking: Linux open-file-description locks, and the portable fallback."""
    if request.param == "ofd":
        assert lock_module._OFD, "this Linux Python has F_OFD_SETLK/F_OFD_GETLK"
    else:
        monkeypatch.setattr(lock_module, "_OFD", False)
    return request.param


class Holder:
    """A child process that takes the writer lock of `home` and holds it until told."""

    def __init__(self, home: Path, mechanism: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(home), mechanism],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self.process.stdout.readline().strip() == "held"
        self.pid = self.process.pid

    def release(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture
def holders():
    started: list[Holder] = []
    yield lambda home, mechanism: started.append(Holder(home, mechanism)) or started[-1]
    for holder in started:
        holder.process.kill()
        holder.process.wait()


def test_a_check_names_the_holder_in_another_process_and_a_writer_is_refused(
    tmp_path, mechanism, holders
):
    holder = holders(tmp_path, mechanism)
    owner = writer_owner(tmp_path)
    assert owner is not None and (owner.pid, owner.job) == (holder.pid, "test holder")
    assert str(owner).startswith(f"pid {holder.pid} since ") and str(owner).endswith(
        ", test holder"
    )
    assert WriterLock(tmp_path).held_elsewhere
    with pytest.raises(WriterBusy, match=f"pid {holder.pid} since .*, test holder") as busy:
        with WriterLock(tmp_path):
            pass
    assert busy.value.owner == str(owner)

    holder.release()
    assert writer_owner(tmp_path) is None
    with WriterLock(tmp_path):
        pass


def test_a_holder_killed_with_sigkill_leaves_the_lock_free(tmp_path, mechanism, holders):
    holder = holders(tmp_path, mechanism)
    assert writer_owner(tmp_path) is not None
    holder.kill()
    assert (tmp_path / "writer.owner.json").exists(), "a killed holder cannot tidy up"
    assert writer_owner(tmp_path) is None
    assert not WriterLock(tmp_path).held_elsewhere
    with WriterLock(tmp_path, job="next"):
        assert writer_owner(tmp_path) == LockOwner(os.getpid(), writer_since(tmp_path), "next")


def writer_since(home: Path) -> float | None:
    return WriterLock(home)._read_owner().since


def test_checking_a_free_lock_creates_and_takes_nothing(tmp_path, mechanism):
    home = tmp_path / "home"
    assert writer_owner(home) is None
    assert not home.exists(), "a check leaves no lock file (taking the lock would create one)"


def test_checking_a_held_lock_only_asks_the_kernel(tmp_path, holders, monkeypatch):
    """The check opens the lock file read-only and issues F_OFD_GETLK, never a lock request."""
    holders(tmp_path, "ofd")
    requests: list[int] = []
    real_fcntl, real_open = fcntl.fcntl, os.open
    opened: list[int] = []

    def spy_fcntl(fd, command, *args):
        requests.append(command)
        return real_fcntl(fd, command, *args)

    def spy_open(path, flags, *args, **kwargs):
        opened.append(flags)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(fcntl, "fcntl", spy_fcntl)
    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(fcntl, "flock", lambda *a: pytest.fail("flock called by a check"))
    assert writer_owner(tmp_path) is not None
    assert requests == [fcntl.F_OFD_GETLK]
    assert opened == [os.O_RDONLY]


def test_closing_another_descriptor_of_the_lock_file_keeps_the_lock(tmp_path):
    """The trap of classic POSIX record locks: any close() in the holder released them."""
    with WriterLock(tmp_path, job="holder"):
        os.close(os.open(tmp_path / "writer.lock", os.O_RDWR))
        code = (
            "import sys; from pathlib import Path; from ingestion.lock import writer_owner;"
            "print(writer_owner(Path(sys.argv[1])))"
        )
        seen = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
        assert seen.startswith(f"pid {os.getpid()} since ") and seen.endswith(", holder")


def test_a_writer_waits_for_a_busy_lock_and_takes_it_once_free(tmp_path, holders):
    holder = holders(tmp_path, "ofd")
    seen: list[LockOwner] = []

    def on_busy(owner: LockOwner) -> None:
        seen.append(owner)
        if len(seen) == 2:
            holder.release()  # the holder lets go after two refusals

    lock = WriterLock(tmp_path, job="patient")
    lock.acquire(wait_s=600, retry_every_s=0.01, on_busy=on_busy)
    try:
        assert [owner.pid for owner in seen] == [holder.pid, holder.pid]
        assert writer_owner(tmp_path).job == "patient"
    finally:
        lock.release()
    assert writer_owner(tmp_path) is None


def test_a_writer_that_waited_long_enough_gives_up_naming_the_holder(tmp_path, holders):
    holder = holders(tmp_path, "ofd")
    with pytest.raises(WriterBusy, match=f"pid {holder.pid}"):
        WriterLock(tmp_path).acquire(wait_s=0.05, retry_every_s=0.01)


def test_the_scheduler_leader_lock_is_a_separate_lock(tmp_path):
    with WriterLock(tmp_path, name="scheduler", job="scheduler"):
        assert writer_owner(tmp_path) is None
        assert WriterLock(tmp_path, name="scheduler").owner().job == "scheduler"
