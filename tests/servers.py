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
def signing_proxy(target_port: int, user: str, header: str = "X-Forwarded-User"):
    """A sign-on proxy stand-in on a free loopback port: every request it forwards to
    `target_port` carries `header: user` (a client's own such header is dropped), as an
    oauth2-proxy in front of the app would send it; the websocket upgrade included."""
    import asyncio
    import threading

    port, loop = free_port(), asyncio.new_event_loop()
    marker = header.lower().encode() + b":"

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def serve(client_reader, client_writer):
        try:
            head = await client_reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_writer.close()
            return
        first, *lines = head[:-4].split(b"\r\n")
        kept = [line for line in lines if not line.lower().startswith(marker)]
        signed = b"\r\n".join([first, f"{header}: {user}".encode(), *kept]) + b"\r\n\r\n"
        reader, writer = await asyncio.open_connection("127.0.0.1", target_port)
        writer.write(signed)
        await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer))

    servers = []

    async def start():
        servers.append(await asyncio.start_server(serve, "127.0.0.1", port))

    async def shutdown():
        servers[0].close()
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    ready = threading.Event()

    def run() -> None:  # the loop lives in its own thread (Playwright's sync API has one here)
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield port
    finally:
        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()
