"""`SecClient`: the only I/O of the SEC source, through `ingestion.http.Fetcher`.

Follows EDGAR's fair-access rules: a User-Agent naming a person and an email address, at most
10 requests per second for the whole process, and a back-off of at least 10 minutes when EDGAR
answers 403 ("Request Rate Threshold Exceeded") or 429. Returns bytes; parsing is elsewhere.
"""

import re

from core.errors import ConfigError, SourceError
from ingestion.http import Fetcher, RateLimiter
from ingestion.sources.sec.submissions import (
    FilingRef,
    filing_url,
    normalize_cik,
    parse_company_tickers,
)

SEC_RATE_PER_SECOND = 10
SEC_LIMITER = RateLimiter(SEC_RATE_PER_SECOND)  # one per process: shared by every SecClient
SEC_BACKOFF_S = 600.0  # EDGAR blocks an over-eager client for about 10 minutes
SEC_MAX_BACKOFF_S = 1200.0
USER_AGENT_SETTING = "FINASSIST_SEC__USER_AGENT"
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}")
_LIBRARY_AGENTS = (
    "python-httpx", "python-requests", "python-urllib", "mozilla", "curl/", "wget/",
    "aiohttp", "okhttp", "go-http-client", "java/", "libwww-perl", "axios", "node-fetch",
)  # fmt: skip


def check_user_agent(user_agent: str | None) -> str:
    """The User-Agent if EDGAR's policy accepts it (a name and an email), else ConfigError."""
    agent = (user_agent or "").strip()
    problem = _user_agent_problem(agent)
    if problem:
        raise ConfigError(
            f"{USER_AGENT_SETTING} {problem}: the SEC requires a User-Agent that names you and "
            "gives an email address, e.g. 'Jane Doe jane.doe@example.com'"
        )
    return agent


def _user_agent_problem(agent: str) -> str | None:
    if not agent:
        return "is empty"
    if agent.lower().startswith(_LIBRARY_AGENTS):
        return f"is a library or browser default ({agent.split('/')[0]!r})"
    if not _EMAIL.search(agent):
        return "has no email address"
    return None


class SecClient:
    """Fetches EDGAR JSON and documents as bytes; `ingestion.sources.sec` parses them."""

    SUBMISSIONS = "https://data.sec.gov/submissions/CIK{cik}.json"
    COMPANYFACTS = "https://data.sec.gov/api/xbrl/companyfacts/CIK{cik}.json"
    TICKERS = "https://www.sec.gov/files/company_tickers.json"

    def __init__(self, fetcher: Fetcher, user_agent: str):
        self.user_agent = check_user_agent(user_agent)
        self.fetcher = Fetcher(  # a copy: the caller's Fetcher keeps its own limiter and backoff
            fetcher.client,
            max_bytes=fetcher.max_bytes,
            retries=fetcher.retries,
            backoff_s=max(fetcher.backoff_s, SEC_BACKOFF_S),
            max_backoff_s=max(fetcher.max_backoff_s, SEC_MAX_BACKOFF_S),
            limiter=SEC_LIMITER,
            sleep=fetcher.sleep,
        )

    def _get(self, url: str) -> bytes:
        return self.fetcher.get(url, headers={"User-Agent": self.user_agent})

    def submissions(self, cik: str | int) -> bytes:
        """The submissions JSON of a company."""
        return self._get(self.SUBMISSIONS.format(cik=normalize_cik(cik)))

    def companyfacts(self, cik: str | int) -> bytes:
        """The XBRL company facts JSON of a company."""
        return self._get(self.COMPANYFACTS.format(cik=normalize_cik(cik)))

    def document(self, ref: FilingRef) -> bytes:
        """The primary document of a filing (only EDGAR Archives URLs are fetched)."""
        expected = filing_url(ref.cik, ref.accession, ref.primary_document)
        if ref.url != expected:
            raise SourceError(f"{ref.accession}: refusing to fetch {ref.url!r} (not {expected})")
        return self._get(expected)

    def company_tickers(self) -> bytes:
        """EDGAR's company_tickers.json: every listed registrant's CIK, ticker and name."""
        return self._get(self.TICKERS)

    def ticker_cik(self, ticker: str) -> str:
        """The zero-padded CIK of a ticker, from EDGAR's company_tickers.json."""
        table = parse_company_tickers(self.company_tickers())
        try:
            return table[ticker.strip().upper()]
        except KeyError as exc:
            raise SourceError(f"ticker {ticker!r} is not in EDGAR's company_tickers.json") from exc
