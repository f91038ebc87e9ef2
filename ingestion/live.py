"""The live ingestion jobs: SEC EDGAR, yfinance prices and quotes, Yahoo and RSS/Atom news.

Each job adds to a given `Run` through the same parsers as the bundled sample; none opens stores
or takes locks (the caller does). A failing source is recorded in the run and never stops others.
"""

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from core.errors import ConfigError, SourceError, Unreachable
from core.settings import Settings
from core.types import Document, PriceBar
from ingestion import registry
from ingestion.events import filing_events
from ingestion.http import Fetcher, make_client, unreachable
from ingestion.run import Run
from ingestion.runs import SourceReport
from ingestion.sample import quote_document
from ingestion.sources import sec
from ingestion.sources.market import MarketData, monthly_summaries, raising_yfinance
from ingestion.sources.news import (
    NewsFeeds,
    NewsItem,
    news_documents,
    parse_yahoo_search,
)
from ingestion.sources.sec.client import USER_AGENT_SETTING, SecClient

T = TypeVar("T")
Search = Callable[[str], list[dict[str, Any]]]

KINDS = ("sec", "prices", "news")
DEFAULT_FORMS = ("10-K", "10-Q", "8-K")
FILINGS_PER_FORM = {"10-K": 2, "10-Q": 4, "8-K": 10}  # newest first, amendments included
OTHER_FORMS_LIMIT = 4
SEC_LOOKBACK = timedelta(days=400)
PRICE_LOOKBACK_YEARS = 2
YAHOO_NEWS_COUNT = 20
# Feeds and Yahoo get a product name; only EDGAR gets the contact User-Agent (with an email).
FEED_USER_AGENT = "FinAssist/0.1 (self-hosted research assistant)"


def utc_today() -> date:
    return datetime.now(UTC).date()


# ---- SEC EDGAR ------------------------------------------------------------------------------


def ingest_sec(
    run: Run,
    client: SecClient,
    ticker: str,
    forms: Sequence[str] = DEFAULT_FORMS,
    since: date | str | None = None,
    *,
    cik: str | int | None = None,
    today: date | None = None,
) -> None:
    """XBRL facts and the recent filings of `ticker`; already stored filings are not fetched.

    `since` defaults to 400 days before `today`; `cik` skips the ticker lookup when known.
    """
    today = today or utc_today()
    floor = _as_date(since) if since else today - SEC_LOOKBACK
    refs: list[sec.FilingRef] = []
    with run.source("sec", ticker) as listing:
        cik = sec.normalize_cik(cik) if cik else registry.ticker_cik(run, client, ticker)
        filer, listed = sec.parse_submissions(client.submissions(cik))
        registry.record_filer(run, filer)  # its name and former names, for questions
        run.events(filing_events(listed, ticker))  # every listed filing, fetched or not
        refs = not_stored(run, listing, recent_filings(listed, forms, floor, today), ticker)
    if cik:
        ingest_facts(run, client, cik, ticker)
    for ref in refs:
        ingest_filing(run, client, ref, ticker)


def recent_filings(
    refs: Iterable[sec.FilingRef], forms: Sequence[str], since: date, today: date
) -> list[sec.FilingRef]:
    """Filings of `forms` filed in [since, today], at most the newest N per form (newest first).

    N is 2 for 10-K, 4 for 10-Q, 10 for 8-K (amendments count towards their form), else 4.
    Filings dated after `today` are left out, so a recorded list can be replayed "as of" a day.
    """
    chosen = sec.select_filings(refs, forms, since)
    newest = sorted(
        (r for r in chosen if r.filed <= today.isoformat()), key=lambda r: r.filed, reverse=True
    )
    kept, per_form = [], dict[str, int]()
    for ref in newest:
        per_form[ref.base_form] = per_form.get(ref.base_form, 0) + 1
        if per_form[ref.base_form] <= FILINGS_PER_FORM.get(ref.base_form, OTHER_FORMS_LIMIT):
            kept.append(ref)
    return kept


def not_stored(
    run: Run, listing: SourceReport, selected: list[sec.FilingRef], ticker: str
) -> list[sec.FilingRef]:
    """The filings not stored yet (as `ticker`'s); stored ones are immutable: counted skipped."""
    fresh = [
        ref.model_copy(update={"ticker": ticker})
        for ref in selected
        if run.stores.chunks.document_hash(f"sec:{ref.accession}") is None
    ]
    listing.fetched += len(selected)
    listing.skipped += len(selected) - len(fresh)
    listing.data_as_of = max((r.filed for r in selected), default=None)
    return fresh


def ingest_facts(run: Run, client: SecClient, cik: str, ticker: str) -> None:
    """The company's XBRL facts into the facts table (source "xbrl")."""
    with run.source("xbrl", ticker) as report:
        run.facts(sec.parse_companyfacts(client.companyfacts(cik), ticker), report)


def ingest_filing(run: Run, client: SecClient, ref: sec.FilingRef, ticker: str) -> None:
    """One filing's primary document as a Document (source "sec", key "AAPL 10-K <acc>")."""
    with run.source("sec", f"{ticker} {ref.form} {ref.accession}") as report:
        run.documents([sec.parse_filing(client.document(ref), ref)], report)
        report.data_as_of = ref.filed


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# ---- prices and quotes (yfinance) -----------------------------------------------------------


def ingest_prices(
    run: Run,
    market: MarketData,
    ticker: str,
    since: date | str | None = None,
    *,
    today: date | None = None,
) -> None:
    """Daily bars, monthly summaries and a quote for `ticker`; empty history is "no data".

    `since` defaults to the first of the month two years ago. The first month of the window is
    not summarised (it may be partial and has no previous close), nor is the month of `today`.
    """
    today = today or utc_today()
    start = _as_date(since) if since else date(today.year - PRICE_LOOKBACK_YEARS, today.month, 1)
    with run.source("prices", ticker) as report:
        bars = from_yfinance("history", ticker, lambda: market.history(ticker, start))
        run.prices(bars, report)  # [] -> "no data"; stored prices are left as they are
        run.documents(window_summaries(bars, ticker, today), report)
    with run.source("quotes", ticker) as report:
        quote = from_yfinance("quote", ticker, lambda: market.quote(ticker))
        run.documents([quote_document(quote)], report)
        report.data_as_of = quote.as_of


def window_summaries(bars: list[PriceBar], ticker: str, today: date) -> list[Document]:
    """Monthly summaries of a fetched window, without its first month and the current one."""
    if not bars:
        return []
    first_month = min(bar.date for bar in bars)[:7]
    summaries = monthly_summaries(bars, ticker, as_of=today)
    return [d for d in summaries if d.id != f"market:{ticker}:{first_month}"]


def from_yfinance(what: str, ticker: str, call: Callable[[], T]) -> T:
    """Run a call that reaches Yahoo through yfinance; any failure becomes a SourceError."""
    try:
        return call()
    except SourceError:
        raise
    except Exception as exc:
        # yfinance lets its transport's errors through (curl_cffi/requests connection and
        # timeout errors, JSON errors, KeyError on a changed payload), with no common base class.
        # One ticker failing must never stop the others, so every one of them fails this source;
        # a network that did not answer is said as such (offline, not "no data").
        error = Unreachable if unreachable(exc) else SourceError
        raise error(f"yfinance {what} for {ticker}: {type(exc).__name__}: {exc}") from exc


# ---- news -----------------------------------------------------------------------------------


def yahoo_news(ticker: str) -> list[dict[str, Any]]:
    """The raw story dicts of a Yahoo Finance search for `ticker`, via yfinance (raising: an
    offline search must fail, not return no stories)."""
    return raising_yfinance().Search(ticker, news_count=YAHOO_NEWS_COUNT).news


def ingest_news(
    run: Run,
    feeds: NewsFeeds,
    ticker: str,
    feed_urls: Sequence[str],
    companies: dict[str, list[str]],
    search: Search = yahoo_news,
) -> None:
    """Yahoo news for `ticker` and every configured feed; only watchlist-tagged stories go in."""
    ingest_yahoo_news(run, ticker, companies, search)
    ingest_feeds(run, feeds, feed_urls, companies)


def ingest_yahoo_news(
    run: Run, ticker: str, companies: dict[str, list[str]], search: Search = yahoo_news
) -> None:
    """Yahoo search stories, through the same parser as the recorded search responses."""
    with run.source("news", f"yahoo {ticker}") as report:
        stories = from_yfinance("news search", ticker, lambda: search(ticker))
        payload = json.dumps({"news": stories}).encode("utf-8")
        add_news(run, parse_yahoo_search(payload), companies, report)


def ingest_feeds(
    run: Run, feeds: NewsFeeds, feed_urls: Sequence[str], companies: dict[str, list[str]]
) -> None:
    """Every RSS/Atom feed, each its own source (key: the feed URL)."""
    for url in feed_urls:
        with run.source("news", url) as report:
            add_news(run, feeds.fetch(url), companies, report)


def add_news(
    run: Run, items: list[NewsItem], companies: dict[str, list[str]], report: SourceReport
) -> None:
    """Deduplicated stories tagged with a watchlist company; the others are counted as skipped."""
    documents = news_documents(items, companies)
    tagged = [d for d in documents if any(t in companies for t in d.tickers)]
    report.fetched += len(documents) - len(tagged)
    report.skipped += len(documents) - len(tagged)
    run.documents(tagged, report)
    report.data_as_of = max((d.published or "" for d in tagged), default=None) or None


def watchlist_companies(tickers: Iterable[str]) -> dict[str, list[str]]:
    """News tagging names for the watchlist: the registry's names, or the bare symbol."""
    return registry.news_names(tickers)


# ---- everything, once -----------------------------------------------------------------------


@dataclass
class Sources:
    """The live clients of a refresh; `sec` is None (and `sec_problem` says why) without a
    usable EDGAR User-Agent."""

    market: MarketData
    feeds: NewsFeeds
    sec: SecClient | None = None
    sec_problem: str | None = None
    search: Search = yahoo_news


@contextlib.contextmanager
def live_sources(settings: Settings, fetcher: Fetcher | None = None) -> Iterator[Sources]:
    """The real clients (one HTTP client, closed at the end); `fetcher` replaces the network."""
    with contextlib.ExitStack() as stack:
        if fetcher is None:
            fetcher = Fetcher(stack.enter_context(make_client(FEED_USER_AGENT)))
        client, problem = edgar_client(settings, fetcher)
        yield Sources(MarketData(), NewsFeeds(fetcher), client, problem)


def edgar_client(settings: Settings, fetcher: Fetcher) -> tuple[SecClient | None, str | None]:
    """An EDGAR client, or None and the reason when the User-Agent is missing or unusable."""
    if not settings.sec.user_agent.strip():
        return None, (
            f"{USER_AGENT_SETTING} is not set: the SEC requires a User-Agent that names you and "
            "gives an email address, e.g. 'Jane Doe jane.doe@example.com'"
        )
    try:
        return SecClient(fetcher, settings.sec.user_agent), None
    except ConfigError as exc:
        return None, str(exc)


def refresh(
    run: Run,
    settings: Settings,
    sources: Sources | None = None,
    *,
    kinds: Sequence[str] = KINDS,
    today: date | None = None,
) -> None:
    """Every source of `kinds` for every watchlist ticker, once (live clients unless given)."""
    if sources is None:
        with live_sources(settings) as live:
            refresh(run, settings, live, kinds=kinds, today=today)
        return
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ConfigError(f"unknown ingestion job(s) {sorted(unknown)}; expected {KINDS}")
    tickers = [t.strip().upper() for t in settings.ingest.watchlist]
    if "sec" in kinds:
        refresh_sec(run, sources, tickers, today)
    if "prices" in kinds:
        for ticker in tickers:
            ingest_prices(run, sources.market, ticker, today=today)
    if "news" in kinds:
        companies = watchlist_companies(tickers)
        for ticker in tickers:
            ingest_yahoo_news(run, ticker, companies, sources.search)
        ingest_feeds(run, sources.feeds, settings.ingest.feeds, companies)


def refresh_sec(run: Run, sources: Sources, tickers: list[str], today: date | None) -> None:
    """SEC filings and facts per ticker; without an EDGAR client each ticker fails, unfetched."""
    for ticker in tickers:
        if sources.sec is None:
            with run.source("sec", ticker) as report:
                report.fail(sources.sec_problem or f"{USER_AGENT_SETTING} is not set")
            continue
        ingest_sec(run, sources.sec, ticker, today=today)
