"""Run one function call in a fresh, isolated child process under wall-clock, CPU and memory
limits, and get its result back as JSON.

The child is forked from a `forkserver` (which may preload modules), never from the caller, so
it holds none of the caller's open files, database or Chroma handles. Before it runs the call it
closes every other descriptor, enters a new user and network namespace (no network at all; when
the kernel refuses, an audit hook refuses sockets instead, see `ISOLATIONS`), refuses to start
programs, scrubs its environment, works in a private temporary directory (its cwd, TMPDIR and
HOME, removed afterwards) and lowers its limits: address space, CPU seconds, file size, open
files, no core dumps. The result crosses back as JSON text of bounded size, never as a pickle:
whatever the child does (crash, hang, exhaust memory, send garbage) the caller gets a
`SandboxError`.
"""

import ctypes
import importlib
import json
import math
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from core.errors import FinAssistError

_CONTEXT = multiprocessing.get_context("forkserver")
_REAP_GRACE_S = 5.0
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
NAMESPACE = "user+network namespace"  # the kernel gave the child no network interface at all
AUDIT_HOOK = "audit hook"  # no namespace: sockets and new programs refused inside Python
ISOLATIONS = (NAMESPACE, AUDIT_HOOK)
_REFUSED_EVENTS = ("socket.", "subprocess.", "os.exec", "os.posix_spawn", "os.spawn", "os.fork")
_REFUSED_EVENTS += ("os.system", "pty.spawn", "ctypes.dlopen", "urllib.Request")


@dataclass(frozen=True)
class ProcessLimits:
    """Limits for one child: wall clock (seconds), address space (bytes), CPU (seconds), the
    largest file it may write (bytes), open files, and the size of its JSON answer (bytes)."""

    timeout_s: float = 60.0
    memory_bytes: int | None = 1 << 30
    cpu_s: int | None = None  # None: the wall-clock timeout rounded up, plus one second
    file_bytes: int = 64 << 20
    open_files: int = 64
    result_bytes: int = 256 << 20

    def cpu_seconds(self) -> int:
        """The RLIMIT_CPU soft limit the child gets."""
        return self.cpu_s if self.cpu_s is not None else math.ceil(self.timeout_s) + 1


class SandboxError(FinAssistError):
    """The sandboxed call did not return a result."""


class SandboxTimeout(SandboxError):
    """The child ran past its wall-clock or CPU limit and was killed."""


class SandboxMemoryExceeded(SandboxError):
    """The child ran out of its address-space limit."""


class SandboxCrashed(SandboxError):
    """The child died without reporting (a signal such as SIGSEGV, or a non-zero exit), or sent
    something that is not a well-formed answer."""

    def __init__(self, message: str, exitcode: int | None):
        super().__init__(message)
        self.exitcode = exitcode


class SandboxRaised(SandboxError):
    """The function raised; `type_name`, `detail` and the child's `child_traceback` say what."""

    def __init__(self, type_name: str, detail: str, child_traceback: str):
        super().__init__(f"{type_name}: {detail}")
        self.type_name = type_name
        self.detail = detail
        self.child_traceback = child_traceback


@dataclass(frozen=True)
class Outcome:
    """A child's result (JSON data), how it was isolated and how long it took (wall seconds)."""

    value: Any
    isolation: str
    elapsed_s: float


def run_limited(
    func: Callable[..., Any] | str,
    args: tuple = (),
    limits: ProcessLimits | None = None,
    preload: Sequence[str] = (),
) -> Any:
    """Return `func(*args)` computed in a fresh isolated child under `limits`, or raise a
    SandboxError. The result must be JSON data (dicts, lists, str, numbers, None)."""
    return run_isolated(func, args, limits, preload).value


def run_isolated(
    func: Callable[..., Any] | str,
    args: tuple = (),
    limits: ProcessLimits | None = None,
    preload: Sequence[str] = (),
) -> Outcome:
    """`run_limited`, with the isolation the child got and the wall time it took.

    `func` is a module-level function, or its name as "module:function" (imported in the child
    only, so the caller need not import it). `preload` names modules the forkserver imports
    once, so children start without paying for those imports; it only takes effect when the
    forkserver is first started. Arguments cross by pickling from the caller (trusted data);
    nothing the child sends is unpickled.
    """
    limits = limits or ProcessLimits()
    if preload:
        _CONTEXT.set_forkserver_preload(list(preload))
    private = tempfile.mkdtemp(prefix="finassist-sandbox-")
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child_main, args=(sender, func, args, limits, private), daemon=True
    )
    started = time.monotonic()
    try:
        process.start()
        sender.close()
        try:
            message = _wait_for_message(receiver, process, limits)
            elapsed = time.monotonic() - started  # under limits.timeout_s, or it was killed
        finally:
            receiver.close()
            _reap(process)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    value, isolation = _unpack(message, process.exitcode, limits)
    return Outcome(value, isolation, elapsed)


def _wait_for_message(receiver: Connection, process: Any, limits: ProcessLimits) -> bytes | None:
    """The child's message, None if it died without one; kills it and raises on timeout."""
    if not receiver.poll(limits.timeout_s):
        process.kill()
        raise SandboxTimeout(f"no result after {limits.timeout_s:g} s; the child was killed")
    try:
        return receiver.recv_bytes(limits.result_bytes)
    except EOFError:
        return None
    except OSError as exc:  # longer than result_bytes
        process.kill()
        raise SandboxCrashed(f"the child's answer is too large ({exc})", None) from exc


def _reap(process: Any) -> None:
    """Wait for the child to exit; kill it if it lingers."""
    process.join(_REAP_GRACE_S)
    if process.exitcode is None:
        process.kill()
        process.join()


def _unpack(message: bytes | None, exitcode: int | None, limits: ProcessLimits) -> tuple:
    """Turn the child's message (or its silent death) into (value, isolation) or an error."""
    if message is None:
        raise _death_error(exitcode, limits)
    try:
        outcome = json.loads(message)
        status, isolation = outcome["status"], outcome["isolation"]
        if isolation not in ISOLATIONS:
            raise ValueError(f"unknown isolation {isolation!r}")
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise SandboxCrashed(f"the child sent a malformed answer ({exc})", exitcode) from exc
    if status == "ok":
        return outcome.get("value"), isolation
    if status == "memory":
        raise SandboxMemoryExceeded(f"the child exceeded its memory limit ({_mb(limits)})")
    if status == "raised":
        raise SandboxRaised(
            str(outcome.get("type")), str(outcome.get("detail")), str(outcome.get("traceback"))
        )
    raise SandboxCrashed(f"the child sent an unknown status {str(status)[:40]!r}", exitcode)


def _death_error(exitcode: int | None, limits: ProcessLimits) -> SandboxError:
    """The error for a child that exited without sending anything."""
    if exitcode == -signal.SIGXCPU:
        return SandboxTimeout(f"the child used its {limits.cpu_seconds()} s of CPU and was killed")
    if exitcode == -signal.SIGXFSZ:
        return SandboxCrashed(f"the child wrote a file over {limits.file_bytes:,} bytes", exitcode)
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return SandboxCrashed(f"the child was killed by {name}", exitcode)
    return SandboxCrashed(f"the child exited with status {exitcode} without a result", exitcode)


def _mb(limits: ProcessLimits) -> str:
    if limits.memory_bytes is None:
        return "no limit"
    return f"{limits.memory_bytes / 1_048_576:g} MiB"


# ---- In the child ----------------------------------------------------------------------------


def _child_main(
    sender: Connection,
    func: Callable[..., Any] | str,
    args: tuple,
    limits: ProcessLimits,
    private: str,
) -> None:
    """Isolate, call `func`, and send back its result or what went wrong, as JSON."""
    isolation = _isolate(sender.fileno(), limits, private)
    try:
        target = _resolve(func) if isinstance(func, str) else func
        outcome: dict = {"status": "ok", "value": target(*args)}
        message = json.dumps(outcome, ensure_ascii=False, allow_nan=False)
    except MemoryError:
        message = json.dumps({"status": "memory"})
    except BaseException as exc:  # noqa: BLE001 - not swallowed: reported to the parent as data
        message = json.dumps(
            {
                "status": "raised",
                "type": _type_name(exc),
                "detail": str(exc)[:2000],
                "traceback": traceback.format_exc()[-8000:],
            }
        )
    try:
        sender.send_bytes(_with_isolation(message, isolation))
    except MemoryError:
        sender.send_bytes(_with_isolation(json.dumps({"status": "memory"}), isolation))
    finally:
        sender.close()


def _with_isolation(message: str, isolation: str) -> bytes:
    """The message with the isolation added (a JSON object's first key, no re-encoding)."""
    return ('{"isolation": ' + json.dumps(isolation) + ", " + message[1:]).encode()


def _resolve(name: str) -> Callable[..., Any]:
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def _isolate(keep_fd: int, limits: ProcessLimits, private: str) -> str:
    """Cut the child off (descriptors, network, programs, environment, files); the isolation."""
    _close_other_fds(keep_fd)
    isolation = NAMESPACE if _unshare_network() else AUDIT_HOOK
    sys.addaudithook(_refuse_escapes)
    os.chdir(private)
    os.environ.clear()
    os.environ.update(
        {"TMPDIR": private, "HOME": private, "LANG": "C.UTF-8", "PATH": "/nonexistent"}
    )
    tempfile.tempdir = private
    _apply_limits(limits)
    return isolation


def _close_other_fds(keep_fd: int) -> None:
    """Close every descriptor but stdin/out/err and the answer pipe."""
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def _unshare_network() -> bool:
    """Enter a new user and network namespace (only a down loopback); False if refused."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def _refuse_escapes(event: str, _args: tuple) -> None:
    """An audit hook: no sockets, no new programs or processes, no native libraries loaded."""
    if event.startswith(_REFUSED_EVENTS):
        raise PermissionError(f"refused in the sandbox: {event}")


def _apply_limits(limits: ProcessLimits) -> None:
    """Cap address space, CPU time (soft; SIGKILL a second later), file size, open files, and
    forbid core dumps."""
    if limits.memory_bytes is not None:
        _lower_limit(resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes)
    cpu = limits.cpu_seconds()
    _lower_limit(resource.RLIMIT_CPU, cpu, cpu + 1)
    _lower_limit(resource.RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes)
    _lower_limit(resource.RLIMIT_NOFILE, limits.open_files, limits.open_files)
    _lower_limit(resource.RLIMIT_CORE, 0, 0)


def _lower_limit(which: int, soft: int, hard: int) -> None:
    """Set a limit, never above the hard limit the child already has."""
    _, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
