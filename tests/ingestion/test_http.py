"""The shared fetch layer, replaying a real recorded EDGAR response through httpx.MockTransport."""

from pathlib import Path

import httpx
import pytest

from core.errors import SourceError
from ingestion.http import Fetcher, RateLimiter

ROOT = Path(__file__).resolve().parents[2]
RECORDED = (ROOT / "data" / "sample" / "sec" / "submissions" / "CIK0000320193.json").read_bytes()
URL = "https://data.sec.gov/submissions/CIK0000320193.json"


def replay(*responses):
    """A client whose transport answers with the given responses (or raises), in order."""
    queue = list(responses)
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


def fetcher(client, **kwargs):
    slept: list[float] = []
    return Fetcher(client, sleep=slept.append, **kwargs), slept


def test_a_recorded_body_comes_back_byte_for_byte():
    client, seen = replay(httpx.Response(200, content=RECORDED))
    fetch, slept = fetcher(client)
    assert fetch.get(URL) == RECORDED
    assert len(seen) == 1 and slept == []


def test_429_with_retry_after_is_retried_after_the_servers_delay():
    client, seen = replay(
        httpx.Response(429, headers={"Retry-After": "30"}), httpx.Response(200, content=RECORDED)
    )
    fetch, slept = fetcher(client, backoff_s=1.0)
    assert fetch.get(URL) == RECORDED
    assert len(seen) == 2 and 30 <= slept[0] <= 30 * 1.25


def test_server_errors_timeouts_and_truncated_bodies_are_retried_then_reported():
    client, seen = replay(
        httpx.Response(500),
        httpx.ReadTimeout("read timed out"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message body"),
        httpx.Response(503),
    )
    fetch, slept = fetcher(client, retries=3, backoff_s=2.0)
    with pytest.raises(SourceError, match="failed after 4 attempts: HTTP 503"):
        fetch.get(URL)
    assert len(seen) == 4
    assert [round(s / d, 1) <= 1.25 for s, d in zip(slept, [2, 4, 8], strict=True)] == [True] * 3


def test_a_client_error_is_not_retried():
    client, seen = replay(httpx.Response(404))
    fetch, _ = fetcher(client)
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch.get(URL)
    assert len(seen) == 1


def test_a_body_over_the_cap_is_refused():
    client, _ = replay(httpx.Response(200, content=RECORDED))
    fetch, _ = fetcher(client, max_bytes=1000)
    with pytest.raises(SourceError, match="exceeds"):
        fetch.get(URL)


def test_the_limiter_never_allows_more_than_n_requests_in_any_second():
    now = [0.0]
    sent = []

    def sleep(seconds):
        now[0] += seconds

    limiter = RateLimiter(10, clock=lambda: now[0], sleep=sleep)
    for _ in range(35):
        limiter.wait()
        sent.append(now[0])
        now[0] += 0.01
    assert max(sum(1 for t in sent if start <= t < start + 1) for start in sent) <= 10
    assert sent[-1] >= 3.0
