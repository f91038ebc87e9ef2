"""Start a real server on loopback for a test, wait until it answers, stop it afterwards."""

import contextlib
import sys
from pathlib import Path

import pytest

from evals.serving import ServerDidNotStart, free_port, serving


@contextlib.contextmanager
def running(command: list[str], health_url: str, log_path=None, timeout_s: float = 120):
    """Run `command` until the `with` block ends; fail the test if `health_url` never answers."""
    try:
        with serving(command, health_url, log_path, timeout_s) as process:
            yield process
    except ServerDidNotStart as error:
        pytest.fail(str(error))


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
