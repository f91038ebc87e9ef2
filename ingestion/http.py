"""The one HTTP path every live source uses: timeouts, a size cap, bounded retries, rate limits.

Sources get a `Fetcher`; tests give it an `httpx.Client` over `httpx.MockTransport` that replays
recorded responses, so live bytes and recorded bytes go through the same code.
"""

import email.utils
import random
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from core.errors import SourceError, Unreachable

RETRY_STATUSES = {403, 429, 500, 502, 503, 504}
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)


class RateLimiter:
    """At most `per_second` requests in any one-second window, across every thread."""

    def __init__(self, per_second: int, clock=time.monotonic, sleep=time.sleep):
        self.per_second = per_second
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self) -> None:
        with self._lock:
            while True:
                now = self._clock()
                while self._sent and now - self._sent[0] >= 1.0:
                    self._sent.popleft()
                if len(self._sent) < self.per_second:
                    self._sent.append(now)
                    return
                self._sleep(max(1.0 - (now - self._sent[0]), 0.001))


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The server's Retry-After (seconds or an HTTP date), if it sent one."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """GET with a byte cap, retries with exponential backoff and jitter, and an optional limiter.

    Raises SourceError naming the URL and the reason once the retry budget is spent.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        max_bytes: int = 50_000_000,
        retries: int = 3,
        backoff_s: float = 1.0,
        max_backoff_s: float = 60.0,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.client = client
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.limiter = limiter
        self.sleep = sleep

    def get(self, url: str, headers: dict[str, str] | None = None) -> bytes:
        failure: _Retryable | None = None
        for attempt in range(self.retries + 1):
            if failure is not None:
                self.sleep(self._delay(attempt, failure.retry_after))
            if self.limiter:
                self.limiter.wait()
            try:
                return self._get_once(url, headers)
            except _Retryable as exc:
                failure = exc
        error = Unreachable if failure and failure.network else SourceError
        raise error(f"GET {url} failed after {self.retries + 1} attempts: {failure}")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        delay = min(self.max_backoff_s, self.backoff_s * 2 ** (attempt - 1))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff_s))
        return delay * (1 + random.random() * 0.25)  # noqa: S311 - jitter, not security

    def _get_once(self, url: str, headers: dict[str, str] | None) -> bytes:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Retryable(
                        f"HTTP {response.status_code}", retry_after_seconds(response), False
                    )
                if response.status_code >= 400:
                    raise SourceError(f"GET {url}: HTTP {response.status_code}")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise SourceError(f"GET {url}: body of {declared} bytes exceeds the cap")
                body = bytearray()
                for block in response.iter_bytes():
                    body += block
                    if len(body) > self.max_bytes:
                        raise SourceError(f"GET {url}: body exceeds {self.max_bytes} bytes")
                return bytes(body)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out ({type(exc).__name__})", None, True) from exc
        except httpx.TransportError as exc:  # connection refused, reset, truncated body
            raise _Retryable(f"{type(exc).__name__}: {exc}", None, unreachable(exc)) from exc


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None, network: bool):
        super().__init__(reason)
        self.retry_after = retry_after
        self.network = network  # the network did not answer (not a server's error status)


def unreachable(exc: BaseException) -> bool:
    """Whether `exc` says the network did not answer (no connection, DNS, proxy, timeout), as
    raised by httpx, the standard library, or curl_cffi (yfinance's transport)."""
    network = (httpx.NetworkError, httpx.TimeoutException, httpx.ProxyError)
    if isinstance(exc, (*network, ConnectionError, TimeoutError, socket.gaierror)):
        return True
    try:
        from curl_cffi.requests import exceptions as curl
    except ImportError:  # pragma: no cover - yfinance depends on curl_cffi
        return False
    return isinstance(exc, (curl.ConnectionError, curl.Timeout, curl.ProxyError))


def make_client(user_agent: str, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.Client:
    """A live client with connect/read timeouts and our User-Agent."""
    return httpx.Client(timeout=timeout, headers={"User-Agent": user_agent}, follow_redirects=True)
