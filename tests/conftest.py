"""Shared fixtures: isolated settings, the real shipped models loaded once, and no network.

Sockets may only connect to loopback (servers the tests start themselves); anything else fails.
"""

import ipaddress
import shutil
import socket
from pathlib import Path

import pytest

from core.settings import Settings, load_settings

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            allowed = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = False
        if not allowed:
            raise ConnectionRefusedError(f"tests may not reach the network ({host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    socket.socket.connect = _loopback_only
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No FINASSIST_ variable from the developer's shell leaks into a test; cwd has no .env."""
    import os

    for name in list(os.environ):
        if name.startswith("FINASSIST_") or name == "OPENAI_API_KEY":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def session_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("finassist-home")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return load_settings(home=tmp_path / "home")


@pytest.fixture(scope="session")
def shipped_gguf() -> Path:
    from model.files import shipped_gguf

    return shipped_gguf()


@pytest.fixture(scope="session")
def llamacpp_llm(session_home):
    """The default backend exactly as `load_backend` builds it, loaded once for the session."""
    from model import load_backend

    return load_backend(load_settings(home=session_home))


@pytest.fixture(scope="session")
def embedder(session_home):
    from model import load_embedder

    return load_embedder(load_settings(home=session_home))


@pytest.fixture(scope="session")
def remembering_embedder(embedder):
    from evals.support import Remembered

    return Remembered(embedder)


@pytest.fixture(scope="session")
def sample_home(tmp_path_factory) -> Path:
    """A FINASSIST_HOME with the bundled demo corpus ingested once, through the real CLI."""
    import os
    import subprocess
    import sys

    home = tmp_path_factory.mktemp("sample-home")
    env = {**os.environ, "FINASSIST_HOME": str(home)}
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", "--sample", "--json"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return home


class FakeClock:
    """Time that moves only when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def sec_clock(monkeypatch) -> FakeClock:
    """The process-wide EDGAR rate limiter on a fake clock, so no test waits for real time."""
    from ingestion.http import RateLimiter
    from ingestion.sources.sec import client as sec_client

    fake = FakeClock()
    limiter = RateLimiter(10, clock=lambda: fake.now, sleep=fake.sleep)
    monkeypatch.setattr(sec_client, "SEC_LIMITER", limiter)
    return fake


@pytest.fixture
def browser():
    """Debian's chromium driven by Playwright (headless, no sandbox; its own download is not
    reachable here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"], headless=True
        )
        yield browser
        browser.close()
