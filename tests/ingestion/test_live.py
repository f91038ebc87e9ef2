"""Live jobs over recorded real bytes: EDGAR through MockTransport, yfinance through a replaying
`Ticker`, Yahoo search stories and the EDGAR Atom feed, into real stores with the real embedder."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest
import yfinance
from yfinance.exceptions import YFRateLimitError

from core.settings import load_settings
from ingestion.http import Fetcher
from ingestion.live import (
    ingest_news,
    ingest_prices,
    ingest_sec,
    live_sources,
    recent_filings,
    refresh,
)
from ingestion.run import Run, Stores
from ingestion.sources.market import MarketData, history_frame_from_csv, parse_history_csv
from ingestion.sources.news import NewsFeeds, news_documents, parse_yahoo_search
from ingestion.sources.sec import SecClient, parse_submissions

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
UA = "FinAssist tests finassist-tests@example.com"
ARCHIVES = "https://www.sec.gov/Archives/edgar/data/320193"
TEN_K = f"{ARCHIVES}/000032019324000123/aapl-20240928.htm"
TEN_Q = f"{ARCHIVES}/000032019325000073/aapl-20250628.htm"
EDGAR_ATOM = (
    "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&count=40&start=0"
    "&type=&owner=include&output=atom"
)
BROKEN_FEED = "https://feeds.example.com/markets.rss"
# Longer chunks than the default 160 words: the 10-K and 10-Q become ~200 chunks instead of ~450,
# which keeps this file well under a minute on a shared 2-core machine.
WORDS_PER_CHUNK = 1000
RECORDED = {
    "https://data.sec.gov/submissions/CIK0000320193.json": "sec/submissions/CIK0000320193.json",
    "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json": (
        "sec/companyfacts/CIK0000320193.json"
    ),
    TEN_K: "sec/filings/AAPL/aapl-10-k-2024-11-01.html",
    TEN_Q: "sec/filings/AAPL/aapl-10-q-2025-08-01.html",
    EDGAR_ATOM: "sec/feeds/edgar-getcurrent-count40-start0.atom.xml",
}


@pytest.fixture(autouse=True)
def sec_limiter(sec_clock):
    """The EDGAR rate limiter on a fake clock (see conftest)."""
    return sec_clock


class Archive:
    """A MockTransport handler serving the recorded files at their real URLs; 404 otherwise."""

    def __init__(self, broken: tuple[str, ...] = ()):
        self.broken = broken
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        if url in self.broken:
            return httpx.Response(500, text="Internal Server Error")
        if url in RECORDED:
            return httpx.Response(200, content=(SAMPLE / RECORDED[url]).read_bytes())
        return httpx.Response(404, text="Not Found")

    def urls(self) -> list[str]:
        return [str(r.url) for r in self.requests]


def fetcher(archive: Archive, sleeps: list[float]) -> Fetcher:
    return Fetcher(httpx.Client(transport=httpx.MockTransport(archive)), sleep=sleeps.append)


@pytest.fixture
def stores(tmp_path) -> Stores:
    return Stores.open(tmp_path / "home")


@pytest.fixture
def new_run(stores, embedder):
    return lambda: Run("test live", stores, embedder, WORDS_PER_CHUNK)


def by_key(report) -> dict[tuple[str, str], object]:
    return {(s.source, s.key): s for s in report.sources}


# ---- SEC ------------------------------------------------------------------------------------


def apple_filings():
    return parse_submissions((SAMPLE / "sec/submissions/CIK0000320193.json").read_bytes())[1]


def test_filing_selection_keeps_the_newest_per_form_within_400_days_of_today():
    today = date(2025, 8, 10)
    chosen = recent_filings(apple_filings(), ("10-K", "10-Q", "8-K"), date(2024, 7, 6), today)
    forms = [ref.form for ref in chosen]
    assert (forms.count("10-K"), forms.count("10-Q"), forms.count("8-K")) == (1, 4, 10)
    assert chosen[0].filed == "2025-08-01" and chosen[-1].filed == "2024-08-02"
    assert "0001140361-24-040659" in {r.accession for r in chosen}  # the 10th newest 8-K
    assert "0001140361-24-038601" not in {r.accession for r in chosen}  # the 11th is not
    assert all(ref.filed <= "2025-08-10" for ref in chosen)  # later filings are not "known" yet


def test_amendments_count_towards_their_forms_limit():
    tesla = parse_submissions((SAMPLE / "sec/submissions/CIK0001318605.json").read_bytes())[1]
    chosen = recent_filings(tesla, ("10-K",), date(2023, 1, 1), date(2025, 6, 1))
    assert [(r.form, r.accession) for r in chosen] == [
        ("10-K/A", "0001104659-25-042659"),
        ("10-K", "0001628280-25-003063"),
    ]


def test_sec_run_indexes_recorded_filings_and_facts_and_fails_only_the_unrecorded_filings(
    new_run, stores
):
    archive, sleeps = Archive(), []
    client = SecClient(fetcher(archive, sleeps), UA)
    run = new_run()
    ingest_sec(run, client, "AAPL", cik="320193", today=date(2025, 8, 10))
    report = run.finish()

    sources = by_key(report)
    assert report.status == "partial"
    listing = sources[("sec", "AAPL")]
    assert (listing.status, listing.fetched, listing.skipped) == ("ok", 15, 0)
    assert listing.data_as_of == "2025-08-01"
    filings = [s for s in report.sources if s.source == "sec" and s.key != "AAPL"]
    assert len(filings) == 15
    ok = {s.key for s in filings if s.status == "ok"}
    assert ok == {"AAPL 10-K 0000320193-24-000123", "AAPL 10-Q 0000320193-25-000073"}
    failed = [s for s in filings if s.status == "failed"]
    assert len(failed) == 13 and all("HTTP 404" in s.reason for s in failed)
    assert all(sources[("sec", key)].new == 1 for key in ok)
    assert stores.chunks.document_hash("sec:0000320193-24-000123") is not None
    assert report.embedded > 0

    facts = sources[("xbrl", "AAPL")]
    assert facts.status == "ok" and facts.new == facts.fetched > 10_000
    revenue = stores.facts.facts(
        "AAPL", "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"
    )
    fy2024 = [f for f in revenue if (f.period_start, f.period_end) == ("2023-10-01", "2024-09-28")]
    assert [f.value for f in fy2024] == [391_035_000_000]

    assert all(r.headers["User-Agent"] == UA for r in archive.requests)
    assert not any("company_tickers" in url for url in archive.urls())  # the CIK was given
    assert sleeps == []  # 404 is not retried

    archive.requests.clear()
    again = new_run()
    ingest_sec(again, client, "AAPL", cik="320193", today=date(2025, 8, 10))
    second = again.finish()
    listing = by_key(second)[("sec", "AAPL")]
    assert (listing.fetched, listing.skipped) == (15, 2)
    assert TEN_K not in archive.urls() and TEN_Q not in archive.urls()
    assert len([s for s in second.sources if s.source == "sec" and s.key != "AAPL"]) == 13
    assert by_key(second)[("xbrl", "AAPL")].skipped == facts.fetched
    assert second.embedded == 0


def test_a_failed_ticker_lookup_fails_that_ticker_and_fetches_nothing_else(new_run):
    archive = Archive()  # company_tickers.json has no recording: EDGAR answers 404
    run = new_run()
    ingest_sec(run, SecClient(fetcher(archive, []), UA), "AAPL", today=date(2025, 8, 10))
    report = run.finish()
    assert [(s.source, s.key, s.status) for s in report.sources] == [("sec", "AAPL", "failed")]
    assert "company_tickers.json: HTTP 404" in report.sources[0].reason
    assert archive.urls() == ["https://www.sec.gov/files/company_tickers.json"]
    assert report.status == "failed"


def test_refresh_without_an_sec_user_agent_fails_the_sec_part_and_sends_no_request(new_run):
    settings = load_settings(ingest={"watchlist": ["AAPL", "MSFT"]})
    archive = Archive()
    run = new_run()
    with live_sources(settings, fetcher(archive, [])) as sources:
        assert sources.sec is None
        refresh(run, settings, sources, kinds=("sec",))
    report = run.finish()
    assert [(s.key, s.status) for s in report.sources] == [("AAPL", "failed"), ("MSFT", "failed")]
    assert all("FINASSIST_SEC__USER_AGENT is not set" in s.reason for s in report.sources)
    assert archive.requests == []


# ---- prices ---------------------------------------------------------------------------------


def quote_fields(symbol: str) -> dict:
    body = json.loads((SAMPLE / f"market/yahoo_raw/quote-{symbol}.json").read_bytes())
    return body["response"]["bodyJson"]["quoteResponse"]["result"][0]


class RecordedTicker:
    """Stands in for `yfinance.Ticker`: the recorded history CSV and quote, or a set failure."""

    failures: dict[str, BaseException] = {}
    empty: set[str] = set()
    calls: list[tuple[str, dict]] = []

    def __init__(self, ticker: str, session=None):
        self.ticker = ticker
        self.history_metadata = {"currency": "USD", "symbol": ticker}

    def history(self, **kwargs):
        self.calls.append((self.ticker, kwargs))
        if self.ticker in self.failures:
            raise self.failures[self.ticker]
        csv = (SAMPLE / f"market/daily_ohlcv/{self.ticker}.csv").read_bytes()
        frame = history_frame_from_csv(csv)
        if self.ticker in self.empty:
            return frame.iloc[0:0]
        return frame[frame.index.strftime("%Y-%m-%d") >= kwargs["start"]]

    @property
    def info(self) -> dict:
        if self.ticker in self.failures:
            raise self.failures[self.ticker]
        return quote_fields(self.ticker)


@pytest.fixture
def recorded_yfinance(monkeypatch):
    monkeypatch.setattr(RecordedTicker, "failures", {})
    monkeypatch.setattr(RecordedTicker, "empty", set())
    monkeypatch.setattr(RecordedTicker, "calls", [])
    monkeypatch.setattr(yfinance, "Ticker", RecordedTicker)
    return RecordedTicker


def recorded_bars(ticker: str, since: str):
    bars = parse_history_csv((SAMPLE / f"market/daily_ohlcv/{ticker}.csv").read_bytes(), ticker)
    return [bar for bar in bars if bar.date >= since]


OFFLINE = ConnectionError(
    "Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com"
)


@pytest.mark.parametrize(
    ("failure", "reason"),
    [(YFRateLimitError(), "rate limited"), (OFFLINE, "ConnectionError: Failed to perform")],
)
def test_prices_store_bars_summaries_and_a_quote_and_one_failing_ticker_fails_alone(
    new_run, stores, recorded_yfinance, failure, reason
):
    recorded_yfinance.failures["MSFT"] = failure
    today = date(2025, 11, 10)
    run = new_run()
    for ticker in ("MSFT", "AAPL"):
        ingest_prices(run, MarketData(), ticker, today=today)
    report = run.finish()

    sources = by_key(report)
    assert report.status == "partial"
    for kind in ("prices", "quotes"):
        assert sources[(kind, "MSFT")].status == "failed"
        assert reason in sources[(kind, "MSFT")].reason
    expected = recorded_bars("AAPL", "2023-11-01")  # since: the first of the month 2 years ago
    assert ("AAPL", {"start": "2023-11-01", "auto_adjust": True, "actions": True}) in (
        recorded_yfinance.calls
    )
    prices = sources[("prices", "AAPL")]
    assert (prices.status, prices.fetched) == ("ok", len(expected) + 23)  # bars, 23 summaries
    assert prices.new == len(expected) + 23
    assert prices.data_as_of == "2025-11-07"
    stored = stores.prices.bars("AAPL")
    assert len(stored) == len(expected) and stored[-1].date == "2025-11-07"
    assert round(stored[-1].close, 2) == 268.47
    assert stores.chunks.document_hash("market:AAPL:2025-10") is not None
    assert stores.chunks.document_hash("market:AAPL:2025-11") is None  # month not over
    assert stores.chunks.document_hash("market:AAPL:2023-11") is None  # no previous close
    quote = sources[("quotes", "AAPL")]
    assert quote.status == "ok" and quote.new == 1
    assert stores.chunks.document_hash(f"market:AAPL:quote:{quote.data_as_of[:10]}") is not None

    again = new_run()
    ingest_prices(again, MarketData(), "AAPL", today=today)
    second = again.finish()
    prices = by_key(second)[("prices", "AAPL")]
    assert (prices.new, prices.updated, prices.skipped) == (0, 0, len(expected) + 23)
    assert by_key(second)[("quotes", "AAPL")].skipped == 1
    assert second.embedded == 0 and second.status == "ok"


def test_an_empty_history_is_no_data_and_keeps_the_stored_prices(
    new_run, stores, recorded_yfinance
):
    stores.prices.upsert(recorded_bars("AAPL", "2025-01-01"))
    before = stores.prices.bars("AAPL")
    recorded_yfinance.empty.add("AAPL")
    run = new_run()
    ingest_prices(run, MarketData(), "AAPL", today=date(2025, 11, 10))
    report = run.finish()
    assert by_key(report)[("prices", "AAPL")].status == "no data"
    assert stores.prices.bars("AAPL") == before
    assert report.status == "ok"


# ---- news -----------------------------------------------------------------------------------


def recorded_stories(name: str) -> list[dict]:
    payload = (SAMPLE / "news" / "yahoo_search" / name).read_bytes()
    return json.loads(payload)["response"]["bodyJson"]["news"]


STORIES = {
    "AAPL": recorded_stories("search-AAPL-2025-02-25.json"),
    "AMZN": recorded_stories("search-AMZN-2025-02-25.json"),
}


def test_news_indexes_watchlist_stories_from_yahoo_and_feeds_and_a_broken_feed_fails_alone(
    new_run, stores
):
    archive, sleeps = Archive(broken=(BROKEN_FEED,)), []
    feeds = NewsFeeds(fetcher(archive, sleeps))
    companies = {"AAPL": ["Apple"], "WMT": ["Walmart"]}
    run = new_run()
    ingest_news(run, feeds, "AAPL", [EDGAR_ATOM, BROKEN_FEED], companies, STORIES.get)
    report = run.finish()

    sources = by_key(report)
    assert report.status == "partial"
    yahoo = sources[("news", "yahoo AAPL")]
    assert (yahoo.status, yahoo.fetched, yahoo.new, yahoo.skipped) == ("ok", 4, 3, 1)
    recorded = (SAMPLE / "news/yahoo_search/search-AAPL-2025-02-25.json").read_bytes()
    same_parser = news_documents(parse_yahoo_search(recorded), companies)
    assert [d.tickers for d in same_parser] == [["AAPL"], ["AAPL"], ["AAPL"], ["BRK-B"]]
    for document in same_parser[:3]:
        assert stores.chunks.document_hash(document.id) is not None
    assert stores.chunks.document_hash(same_parser[3].id) is None  # BRK-B is not watched
    assert yahoo.data_as_of == "2025-02-25T06:00:58+00:00"

    edgar = sources[("news", EDGAR_ATOM)]
    assert (edgar.status, edgar.fetched, edgar.new, edgar.skipped) == ("ok", 40, 1, 39)
    broken = sources[("news", BROKEN_FEED)]
    assert broken.status == "failed" and "HTTP 500" in broken.reason
    assert len(sleeps) == 3  # retried with backoff, through the injected no-op sleep


def test_a_failing_yahoo_search_fails_only_its_ticker(new_run):
    def search(ticker: str) -> list[dict]:
        if ticker == "MSFT":
            raise OFFLINE
        return STORIES[ticker]

    feeds = NewsFeeds(fetcher(Archive(), []))
    run = new_run()
    for ticker in ("MSFT", "AMZN"):
        ingest_news(run, feeds, ticker, [], {"AMZN": ["Amazon", "Amazon.com"]}, search)
    report = run.finish()
    msft, amzn = report.sources
    assert msft.status == "failed" and "news search for MSFT: ConnectionError" in msft.reason
    assert (amzn.status, amzn.new) == ("ok", 4)


# ---- everything, once -----------------------------------------------------------------------


def test_refresh_runs_every_source_for_every_ticker_and_reports_each(
    new_run, stores, recorded_yfinance
):
    settings = load_settings(
        sec={"user_agent": UA},
        ingest={"watchlist": ["aapl", "AMZN"], "feeds": [EDGAR_ATOM, BROKEN_FEED]},
    )
    recorded_yfinance.failures["AMZN"] = OFFLINE
    archive = Archive(broken=(BROKEN_FEED,))
    run = new_run()
    with live_sources(settings, fetcher(archive, [])) as sources:
        sources = replace(sources, search=STORIES.get)
        refresh(run, settings, sources, today=date(2025, 11, 10))
    report = run.finish()

    assert [(s.source, s.key, s.status) for s in report.sources] == [
        ("sec", "AAPL", "failed"),  # company_tickers.json is not recorded
        ("sec", "AMZN", "failed"),
        ("prices", "AAPL", "ok"),
        ("quotes", "AAPL", "ok"),
        ("prices", "AMZN", "failed"),
        ("quotes", "AMZN", "failed"),
        ("news", "yahoo AAPL", "ok"),
        ("news", "yahoo AMZN", "ok"),
        ("news", EDGAR_ATOM, "ok"),
        ("news", BROKEN_FEED, "failed"),
    ]
    assert archive.urls().count("https://www.sec.gov/files/company_tickers.json") == 2
    assert by_key(report)[("news", "yahoo AMZN")].new == 4
    assert report.status == "partial"


class DriftedArchive(Archive):
    """The recorded archive, but EDGAR's companyfacts payload has drifted: one concept's units
    arrive as a list of {unit, facts} instead of an object keyed by unit."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url.endswith("companyfacts/CIK0000320193.json"):
            self.requests.append(request)
            data = json.loads((SAMPLE / RECORDED[url]).read_bytes())
            revenue = data["facts"]["us-gaap"]["Revenues"]
            revenue["units"] = [{"unit": u, "facts": rows} for u, rows in revenue["units"].items()]
            return httpx.Response(200, content=json.dumps(data).encode())
        return super().__call__(request)


def test_a_drifted_payload_fails_its_own_record_into_quarantine_and_the_run_goes_on(
    stores, embedder, tmp_path
):
    quarantine = tmp_path / "quarantine"
    run = Run("test live", stores, embedder, WORDS_PER_CHUNK, quarantine=quarantine)
    client = SecClient(fetcher(DriftedArchive(), []), UA)
    ingest_sec(run, client, "AAPL", cik="320193", today=date(2025, 8, 10))
    report = run.finish()

    xbrl = by_key(report)[("xbrl", "AAPL")]
    assert xbrl.status == "failed" and xbrl.reason.startswith("schema drift: AttributeError")
    [kept] = quarantine.iterdir()
    entry = json.loads(kept.read_text())
    assert (entry["source"], entry["key"]) == ("xbrl", "AAPL")
    assert "parse_companyfacts" in "".join(entry["traceback"])
    assert str(kept) in xbrl.reason
    # the filings after the drifted facts were still fetched and indexed
    assert by_key(report)[("sec", "AAPL 10-K 0000320193-24-000123")].status == "ok"
    assert stores.chunks.document_hash("sec:0000320193-24-000123") is not None


# ---- offline: failed, never fresh or "no data" ----------------------------------------------

REAL_TICKER = yfinance.Ticker  # before any test replaces it with RecordedTicker


@pytest.fixture
def offline_yahoo(monkeypatch, tmp_path):
    """The real yfinance with the network gone: every request goes to a closed loopback port,
    so curl fails to connect as it does offline (nothing leaves this machine)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the probe is: connections are refused
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yfinance.set_tz_cache_location(str(tmp_path / "yfinance"))
    monkeypatch.setitem(yfinance.config.network.data, "proxy", f"http://127.0.0.1:{port}")
    monkeypatch.setattr(yfinance, "Ticker", REAL_TICKER)


def test_offline_price_refreshes_fail_with_their_reason_and_keep_the_last_success(
    new_run, stores, recorded_yfinance, monkeypatch, offline_yahoo, tmp_path
):
    from ingestion.runs import RunLog
    from ingestion.status import collect_status

    tickers = ("AAPL", "MSFT", "NVDA", "AMZN")  # yfinance hid errors after its first two
    monkeypatch.setattr(yfinance, "Ticker", RecordedTicker)  # one good run first
    first = new_run()
    ingest_prices(first, MarketData(), "AAPL", today=date(2025, 11, 10))
    first.finish()
    before = {(r["source"], r["key"]): r for r in RunLog(stores.chunks.conn).source_status()}
    bars = stores.prices.bars("AAPL")

    monkeypatch.setattr(yfinance, "Ticker", REAL_TICKER)  # now the network is gone
    run = new_run()
    for ticker in tickers:
        ingest_prices(run, MarketData(), ticker, today=date(2025, 11, 10))
    report = run.finish()

    assert {(s.source, s.status, s.offline) for s in report.sources} == {
        ("prices", "failed", True),
        ("quotes", "failed", True),
    }
    assert all("Failed to connect" in s.reason for s in report.sources)
    assert report.offline_note == (
        "Offline: FinAssist could not reach Yahoo Finance, so nothing was refreshed; the data "
        "shown is from the last successful fetch."
    )
    assert stores.prices.bars("AAPL") == bars
    rows = {(r["source"], r["key"]): r for r in RunLog(stores.chunks.conn).source_status()}
    aapl = rows[("prices", "AAPL")]
    assert aapl["status"] == "failed" and aapl["offline"] == 1 and aapl["reason"]
    assert aapl["last_success"] == before[("prices", "AAPL")]["last_success"]
    assert aapl["data_as_of"] == before[("prices", "AAPL")]["data_as_of"] == "2025-11-07"
    assert rows[("prices", "NVDA")]["last_success"] is None  # never fetched: never fresh
    assert collect_status(tmp_path / "home")["offline"] == report.offline_note


def test_an_offline_yahoo_news_search_fails_rather_than_finding_no_stories(new_run, offline_yahoo):
    from ingestion.live import ingest_yahoo_news

    run = new_run()
    for ticker in ("AAPL", "MSFT", "NVDA"):
        ingest_yahoo_news(run, ticker, {ticker: [ticker]})
    report = run.finish()
    assert [(s.status, s.offline) for s in report.sources] == [("failed", True)] * 3
    assert report.status == "failed"


def test_unreachable_feeds_and_edgar_are_offline_and_said_in_one_sentence(new_run):
    from cli import format_run

    def no_network(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    settings = load_settings(
        sec={"user_agent": UA}, ingest={"watchlist": ["AAPL", "MSFT"], "feeds": [EDGAR_ATOM]}
    )
    run = new_run()
    offline = Fetcher(httpx.Client(transport=httpx.MockTransport(no_network)), sleep=[].append)
    with live_sources(settings, offline) as sources:
        refresh(run, settings, sources, kinds=("sec", "news"), today=date(2025, 11, 10))
    report = run.finish()
    feed = by_key(report)[("news", EDGAR_ATOM)]
    assert feed.status == "failed" and feed.offline and "ConnectError" in feed.reason
    assert by_key(report)[("sec", "AAPL")].offline
    assert report.offline_note.startswith("Offline")
    printed = format_run(report)
    assert printed.count("Offline") == 1 and "ConnectError" not in printed


def test_a_server_error_is_a_failure_but_not_offline(new_run):
    archive = Archive(broken=(BROKEN_FEED,))
    run = new_run()
    ingest_news(run, NewsFeeds(fetcher(archive, [])), "AAPL", [BROKEN_FEED], {}, lambda t: [])
    report = run.finish()
    broken = by_key(report)[("news", BROKEN_FEED)]
    assert broken.status == "failed" and not broken.offline and report.offline_note is None
