"""Events derived from the recorded demo data: the submissions lists (8-Ks with their items,
acceptance time and session), the price history's splits and dividends, a chart response's
split, dated news; stored once (re-deriving writes nothing)."""

from datetime import UTC, datetime
from pathlib import Path

from core.types import Document, Section
from ingestion.events import chart_events, filing_events, news_events, price_events
from ingestion.sources.market import parse_chart, parse_history_csv
from ingestion.sources.sec import parse_submissions
from rag.search.db import connect
from rag.search.events import EventStore, session_of

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
NVDA_SUBMISSIONS = SAMPLE / "sec" / "submissions" / "CIK0001045810.json"
AFTER_DATA = datetime(2025, 11, 8, tzinfo=UTC)


def nvda_filings():
    _, refs = parse_submissions(NVDA_SUBMISSIONS.read_bytes())
    return filing_events(refs)


def test_an_earnings_8k_is_an_event_on_its_day_and_session_with_its_items():
    events = {e.accession: e for e in nvda_filings()}
    release = events["0001045810-24-000113"]  # accepted 2024-05-22T20:21:29Z = 16:21 New York
    assert (release.ticker, release.kind, release.date) == ("NVDA", "8-K", "2024-05-22")
    assert release.session == "after-hours"
    assert release.time_utc == "2024-05-22T20:21:29Z"
    assert release.earnings and release.item_codes == ["2.02", "8.01", "9.01"]
    assert "2.02 Results of Operations and Financial Condition" in release.describe()
    assert release.document_id == "sec:0001045810-24-000113"


def test_an_8k_known_only_from_the_filing_index_is_still_an_event():
    import json

    indexed = {row["accession"] for row in json.loads((SAMPLE / "sec/filings.json").read_text())}
    only_listed = [e for e in nvda_filings() if e.kind == "8-K" and e.accession not in indexed]
    assert len(only_listed) > 10
    assert all(e.date and e.items and e.url for e in only_listed)


def test_the_new_york_date_of_an_evening_filing_is_kept_not_the_utc_date():
    _, refs = parse_submissions((SAMPLE / "sec/submissions/CIK0001318605.json").read_bytes())
    tenq = next(e for e in filing_events(refs) if e.accession == "0001628280-24-017503")
    assert tenq.time_utc == "2024-04-24T00:27:48Z"
    assert (tenq.date, tenq.session) == ("2024-04-23", "closed")  # 20:27 New York time


def test_sessions_follow_the_new_york_clock():
    def at(text: str) -> str:
        return session_of(datetime.fromisoformat(text))

    assert at("2024-05-22T13:00:00+00:00") == "pre-market"  # 09:00 EDT
    assert at("2024-05-22T13:30:00+00:00") == "regular"
    assert at("2024-01-22T20:59:00+00:00") == "regular"  # 15:59 EST (winter)
    assert at("2024-01-22T21:00:00+00:00") == "after-hours"
    assert at("2024-05-23T01:00:00+00:00") == "closed"  # 21:00 EDT
    assert at("2024-05-25T15:00:00+00:00") == "closed"  # a Saturday


def test_the_nvda_split_and_dividends_come_from_the_price_history_and_the_chart():
    csv = (SAMPLE / "market/daily_ohlcv/NVDA.csv").read_bytes()
    events = price_events(parse_history_csv(csv, "NVDA", now=AFTER_DATA))
    split = next(e for e in events if e.kind == "split")
    assert (split.date, split.value, split.session) == ("2024-06-10", 10.0, "unknown")
    assert sum(e.kind == "dividend" for e in events) >= 10
    chart = (
        SAMPLE
        / "market/yahoo_raw/historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json"
    )
    (old_split,) = chart_events(parse_chart(chart.read_bytes()))
    assert (old_split.kind, old_split.date, old_split.value) == ("split", "2021-07-20", 4.0)


def test_news_with_a_time_is_timed_and_a_month_only_story_is_no_event():
    timed = Document(
        id="news:x",
        source="news",
        title="Story",
        sections=[Section(title="t", text="t")],
        tickers=["AAPL", "AMZN"],
        published="2025-02-24T23:20:00+00:00",
    )
    month = timed.model_copy(update={"id": "news:y", "metadata": {"date_precision": "month"}})
    events = news_events([timed, month])
    assert [(e.ticker, e.date, e.session) for e in events] == [
        ("AAPL", "2025-02-24", "after-hours"),
        ("AMZN", "2025-02-24", "after-hours"),
    ]


def test_storing_the_same_events_again_writes_nothing(tmp_path):
    store = EventStore(connect(tmp_path / "e.db"))
    events = nvda_filings()
    assert store.upsert(events) == (len(events), 0, 0)
    assert store.upsert(events) == (0, 0, len(events))
    window = store.events("NVDA", "2024-05-22", "2024-05-22")
    assert [e.accession for e in window] == ["0001045810-24-000113"]
