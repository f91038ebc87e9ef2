"""Events derived from what a run ingests (rag.search.events): each 8-K, 10-K and 10-Q in a
company's submissions list (an 8-K known only from that list is still an event, with its date,
acceptance time and items), each dated news story, and each dividend or split in the price
history or a Yahoo chart response. Pure functions: records in, `Event`s out.
"""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from core.types import Document, PriceBar
from ingestion.sources.market import ChartResult
from ingestion.sources.sec import FilingRef
from rag.search.events import Event, timed

FILING_FORMS = ("8-K", "10-K", "10-Q")


def filing_events(refs: Iterable[FilingRef], ticker: str | None = None) -> list[Event]:
    """The 8-K, 10-K and 10-Q filings (amendments included) of a submissions list as events,
    timed by EDGAR's acceptance time (its filing date when that is missing)."""
    events = []
    for ref in refs:
        symbol = ticker or ref.ticker
        if ref.base_form not in FILING_FORMS or not symbol:
            continue
        day, moment, session = ref.filed, None, "unknown"
        if ref.accepted:
            day, moment, session = timed(_utc(ref.accepted))
        report = f" for the period ended {ref.report_date}" if ref.report_date else ""
        if ref.base_form == "8-K":
            report = " (current report)"
        events.append(
            Event(
                id=f"{ref.form}:{ref.accession}",
                ticker=symbol,
                date=day,
                time_utc=moment,
                session=session,
                kind=ref.form,
                title=f"{ref.company} {ref.form} filed{report}",
                items=",".join(ref.items),
                document_id=f"sec:{ref.accession}",
                url=ref.url,
                accession=ref.accession,
                source="submissions",
            )
        )
    return events


def news_events(documents: Iterable[Document]) -> list[Event]:
    """One event per dated news story and ticker it is tagged with (a story dated only by
    month is no event)."""
    events = []
    for document in documents:
        precision = document.metadata.get("date_precision")
        if document.source != "news" or not document.published or precision == "month":
            continue
        if precision == "day" or len(document.published) <= 10:
            day, moment, session = document.published[:10], None, "unknown"
        else:
            day, moment, session = timed(_utc(document.published))
        events += [
            Event(
                id=f"news:{ticker}:{document.id}",
                ticker=ticker,
                date=day,
                time_utc=moment,
                session=session,
                kind="news",
                title=document.title,
                document_id=document.id,
                url=document.url,
                source="news",
            )
            for ticker in document.tickers
        ]
    return events


def price_events(bars: Sequence[PriceBar]) -> list[Event]:
    """The dividends and splits of a daily history (on their ex-dates; time of day unknown)."""
    events = []
    for bar in bars:
        if bar.dividends:
            events.append(dividend(bar.ticker, bar.date, bar.dividends, bar.currency, "prices"))
        if bar.splits:
            events.append(split(bar.ticker, bar.date, bar.splits, "prices"))
    return events


def chart_events(chart: ChartResult) -> list[Event]:
    """The dividends and splits a Yahoo chart response lists."""
    return [
        dividend(chart.symbol, d.date, d.amount, chart.currency, "chart") for d in chart.dividends
    ] + [split(chart.symbol, s.date, s.ratio, "chart") for s in chart.splits]


def dividend(ticker: str, day: str, amount: float, currency: str, source: str) -> Event:
    return Event(
        id=f"dividend:{ticker}:{day}",
        ticker=ticker,
        date=day,
        time_utc=None,
        session="unknown",
        kind="dividend",
        title=f"{ticker} ex-dividend date: {amount:g} {currency} per share",
        value=amount,
        source=source,
    )


def split(ticker: str, day: str, ratio: float, source: str) -> Event:
    return Event(
        id=f"split:{ticker}:{day}",
        ticker=ticker,
        date=day,
        time_utc=None,
        session="unknown",
        kind="split",
        title=f"{ticker} stock split {ratio:g}-for-1",
        value=ratio,
        source=source,
    )


def _utc(stamp: str) -> datetime:
    """An ISO 8601 time ("2024-05-22T20:21:29.000Z", "+00:00" or naive UTC) as aware UTC."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
