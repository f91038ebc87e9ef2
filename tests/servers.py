"""Start a real server on loopback for a test, wait until it answers, stop it afterwards."""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], health_url: str, log_path=None, timeout_s: float = 120):
    """Run `command` until the `with` block ends; fail the test if `health_url` never answers."""
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(health_url, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"{command[0]} did not start (see {log_path})")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        if log_path:
            log.close()


def streamlit_app(root: Path, log_path: Path) -> tuple[int, contextlib.AbstractContextManager]:
    """The app of `root` served by `streamlit run` on a free loopback port: the port, and the
    context in which it runs (the environment and working directory are the caller's)."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port),
    ]  # fmt: skip
    return port, running(command, f"http://127.0.0.1:{port}/_stcore/health", log_path=log_path)


@contextlib.contextmanager
def signing_proxy(target_port: int, user: str):
    """A sign-on proxy stand-in on a free loopback port: every request it forwards to
    `target_port` carries `X-Forwarded-User: user` (a client's own such header is dropped), as
    an oauth2-proxy in front of the app would send it; the websocket upgrade included. The
    bench's proxy (`evals.bench_users.SigningProxies`), for one user."""
    from evals.bench_users import SigningProxies

    proxies = SigningProxies(target_port)
    try:
        proxies.url(user)
        yield proxies.ports[user]
    finally:
        proxies.close()
