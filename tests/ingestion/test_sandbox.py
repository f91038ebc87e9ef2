"""The sandbox: one call in a fresh child under wall-clock, CPU and memory limits; whatever the
child does, the parent survives and gets a SandboxError."""

import os
import signal
import socket
import subprocess
import tempfile
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
    assert len(run_limited(str.zfill, ("", 1 << 20), limits)) == 1 << 20


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


def test_the_child_has_no_network_no_programs_no_environment_and_a_private_directory(monkeypatch):
    monkeypatch.setenv("FINASSIST_HOME", "/somewhere/secret")
    outcome = sandbox.run_isolated(socket.if_nameindex, (), ProcessLimits(timeout_s=10))
    if outcome.isolation == sandbox.NAMESPACE:
        assert outcome.value == [[1, "lo"]]  # a fresh network namespace: loopback only
    with pytest.raises(sandbox.SandboxRaised, match="refused in the sandbox: socket"):
        run_limited(socket.create_connection, (("127.0.0.1", 9),), ProcessLimits(timeout_s=10))
    with pytest.raises(sandbox.SandboxRaised, match="refused in the sandbox: subprocess"):
        run_limited(subprocess.run, (["true"],), ProcessLimits(timeout_s=10))
    assert run_limited("os:getenv", ("FINASSIST_HOME",), ProcessLimits(timeout_s=10)) is None
    cwd = run_limited(os.getcwd, (), ProcessLimits(timeout_s=10))
    assert cwd.startswith(tempfile.gettempdir()) and "finassist-sandbox-" in cwd
    assert not os.path.exists(cwd)  # removed after the child ended
    # stdin, stdout, stderr, the answer pipe and the listing itself: nothing inherited
    assert len(run_limited(os.listdir, ("/proc/self/fd",), ProcessLimits(timeout_s=10))) <= 5


def test_what_the_child_sends_is_json_never_a_pickle():
    limits = ProcessLimits(timeout_s=10)
    with pytest.raises(sandbox.SandboxRaised, match="not JSON serializable"):
        run_limited(bytearray, (4,), limits)
    for garbage in (b"\x80\x04\x95", b"[1]", b'{"status": "ok"}', b'{"isolation": "x"}'):
        with pytest.raises(sandbox.SandboxCrashed, match="malformed"):
            sandbox._unpack(garbage, 0, limits)
