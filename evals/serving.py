"""A real server for a benchmark or a test: started on loopback, waited for until its health URL
answers, stopped afterwards (terminated, killed if it lingers)."""

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx


class ServerDidNotStart(RuntimeError):
    """The server exited, or its health URL did not answer in time."""


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(
    command: list[str],
    health_url: str,
    log_path: Path | None = None,
    timeout_s: float = 120,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen]:
    """Run `command` (its output to `log_path`) until the `with` block ends; ServerDidNotStart
    if it exits or `health_url` does not answer 200 within `timeout_s`."""
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(open(log_path, "w")) if log_path else subprocess.DEVNULL
        process = subprocess.Popen(
            command, cwd=cwd, env=None if env is None else dict(env), stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(health_url, timeout=1).status_code == 200:
                        break
                if time.monotonic() > deadline or process.poll() is not None:
                    raise ServerDidNotStart(f"{command[0]} did not start (see {log_path})")
                time.sleep(0.2)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
