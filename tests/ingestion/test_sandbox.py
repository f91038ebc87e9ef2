"""The sandbox: one call in a fresh child under wall-clock, CPU and memory limits; whatever the
child does, the parent survives and gets a SandboxError."""

import signal
import time

import pytest

from ingestion import sandbox
from ingestion.sandbox import ProcessLimits, run_limited

# The child imports the function by name, and pytest's test modules are not importable there,
# so these use standard-library callables: `signal.raise_signal(SIGSEGV)` is exactly
# `os.kill(os.getpid(), SIGSEGV)`, and `bytearray(n)` allocates n bytes.


def test_the_parent_survives_a_child_killed_by_sigsegv():
    with pytest.raises(sandbox.SandboxCrashed, match="SIGSEGV") as caught:
        run_limited(signal.raise_signal, (signal.SIGSEGV,), ProcessLimits(timeout_s=10))
    assert caught.value.exitcode == -signal.SIGSEGV
    assert run_limited(len, ("still working",), ProcessLimits(timeout_s=10)) == 13


def test_the_parent_survives_a_child_over_its_memory_cap():
    limits = ProcessLimits(timeout_s=10, memory_bytes=256 << 20)
    with pytest.raises(sandbox.SandboxMemoryExceeded):
        run_limited(bytearray, (512 << 20,), limits)
    assert len(run_limited(bytearray, (1 << 20,), limits)) == 1 << 20


def test_a_child_past_its_wall_clock_is_killed():
    with pytest.raises(sandbox.SandboxTimeout):
        run_limited(time.sleep, (60,), ProcessLimits(timeout_s=0.5))


def test_a_child_past_its_cpu_limit_is_killed():
    with pytest.raises(sandbox.SandboxTimeout, match="CPU"):
        run_limited(sum, (range(10**12),), ProcessLimits(timeout_s=30, cpu_s=1))


def test_an_exception_in_the_child_comes_back_as_plain_data():
    with pytest.raises(sandbox.SandboxRaised) as caught:
        run_limited(int, ("not a number",), ProcessLimits(timeout_s=10))
    assert caught.value.type_name == "ValueError"
    assert "invalid literal" in caught.value.detail and "Traceback" in caught.value.child_traceback
