"""Run one function call in a fresh child process under a wall-clock, CPU and memory limit.

The child is forked from a `forkserver` (which may preload modules), never from the caller, so
each call starts clean; whatever the child does (crash, hang, exhaust memory) the caller gets a
`SandboxError`. Arguments and results cross the boundary by pickling: pass plain data.
"""

import math
import multiprocessing
import resource
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from core.errors import FinAssistError

_CONTEXT = multiprocessing.get_context("forkserver")
_REAP_GRACE_S = 5.0


@dataclass(frozen=True)
class ProcessLimits:
    """Limits for one child: wall clock (seconds), address space (bytes), CPU (seconds)."""

    timeout_s: float = 60.0
    memory_bytes: int | None = 1 << 30
    cpu_s: int | None = None  # None: the wall-clock timeout rounded up, plus one second

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
    """The child died without reporting (a signal such as SIGSEGV, or a non-zero exit)."""

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


def run_limited(
    func: Callable[..., Any],
    args: tuple = (),
    limits: ProcessLimits | None = None,
    preload: Sequence[str] = (),
) -> Any:
    """Return `func(*args)` computed in a fresh child under `limits`, or raise a SandboxError.

    `func` must be importable by name (a module-level function). `preload` names modules the
    forkserver imports once, so children start without paying for those imports; it only takes
    effect when the forkserver is first started.
    """
    limits = limits or ProcessLimits()
    if preload:
        _CONTEXT.set_forkserver_preload(list(preload))
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child_main, args=(sender, func, args, limits), daemon=True)
    process.start()
    sender.close()
    try:
        outcome = _wait_for_outcome(receiver, process, limits)
    finally:
        receiver.close()
        _reap(process)
    return _unpack(outcome, process.exitcode, limits)


def _wait_for_outcome(receiver: Connection, process: Any, limits: ProcessLimits) -> tuple | None:
    """The child's message, None if it died without one; kills it and raises on timeout."""
    if not receiver.poll(limits.timeout_s):
        process.kill()
        raise SandboxTimeout(f"no result after {limits.timeout_s:g} s; the child was killed")
    try:
        return receiver.recv()
    except EOFError:
        return None


def _reap(process: Any) -> None:
    """Wait for the child to exit; kill it if it lingers."""
    process.join(_REAP_GRACE_S)
    if process.exitcode is None:
        process.kill()
        process.join()


def _unpack(outcome: tuple | None, exitcode: int | None, limits: ProcessLimits) -> Any:
    """Turn the child's message (or its silent death) into a result or a SandboxError."""
    if outcome is None:
        raise _death_error(exitcode, limits)
    status, *payload = outcome
    if status == "ok":
        return payload[0]
    if status == "memory":
        raise SandboxMemoryExceeded(f"the child exceeded its memory limit ({_mb(limits)})")
    raise SandboxRaised(*payload)


def _death_error(exitcode: int | None, limits: ProcessLimits) -> SandboxError:
    """The error for a child that exited without sending anything."""
    if exitcode == -signal.SIGXCPU:
        return SandboxTimeout(f"the child used its {limits.cpu_seconds()} s of CPU and was killed")
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return SandboxCrashed(f"the child was killed by {name}", exitcode)
    return SandboxCrashed(f"the child exited with status {exitcode} without a result", exitcode)


def _mb(limits: ProcessLimits) -> str:
    if limits.memory_bytes is None:
        return "no limit"
    return f"{limits.memory_bytes / 1_048_576:g} MiB"


# ---- In the child ----------------------------------------------------------------------------


def _child_main(sender: Connection, func: Callable[..., Any], args: tuple, limits: ProcessLimits):
    """Apply the limits, call `func`, and send back ("ok", result) or what went wrong."""
    _apply_limits(limits)
    try:
        outcome: tuple = ("ok", func(*args))
    except MemoryError:
        outcome = ("memory",)
    except BaseException as exc:  # noqa: BLE001 - not swallowed: reported to the parent as data
        outcome = ("raised", _type_name(exc), str(exc)[:2000], traceback.format_exc()[-8000:])
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory",))
    finally:
        sender.close()


def _apply_limits(limits: ProcessLimits) -> None:
    """Cap the child's address space and CPU time (soft limit; SIGKILL one second later)."""
    if limits.memory_bytes is not None:
        _lower_limit(resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes)
    cpu = limits.cpu_seconds()
    _lower_limit(resource.RLIMIT_CPU, cpu, cpu + 1)


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
