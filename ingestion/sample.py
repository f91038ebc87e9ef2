"""The bundled demo corpus (data/sample): recorded real SEC, market and news data, ingested
offline through the same parsers as the live sources.

Only what retrieval needs is embedded: filing text, monthly market summaries, quotes and
ticker-tagged news. Prices and XBRL facts go to their tables, not to the vector index.
"""

import json
from pathlib import Path

from core.errors import SourceError
from core.types import Document, Section
from ingestion.events import chart_events, filing_events
from ingestion.registry import record_submissions_files
from ingestion.run import Run
from ingestion.sources import market, news, sec

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def ingest_sample(run: Run, root: Path = SAMPLE_DIR) -> None:
    """Every source in the sample folder; a broken file fails its source only."""
    companies = company_names(root)
    record_submissions_files(run, sorted((root / "sec" / "submissions").glob("*.json")))
    ingest_filings(run, root)
    ingest_facts(run, root)
    ingest_prices(run, root)
    ingest_quotes(run, root)
    ingest_news(run, root, companies)
    ingest_events(run, root)


def company_names(root: Path) -> dict[str, list[str]]:
    """News tagging names: the defaults plus each filer's EDGAR name from its submissions."""
    names = {ticker: list(aliases) for ticker, aliases in news.DEFAULT_COMPANIES.items()}
    for path in sorted((root / "sec" / "submissions").glob("*.json")):
        try:
            company, _ = sec.parse_submissions(path.read_bytes())
        except SourceError:
            continue  # tagging falls back to the default names
        for ticker in company.tickers:
            if ticker in names and company.name not in names[ticker]:
                names[ticker].append(company.name)
    return names


def sample_filings(root: Path = SAMPLE_DIR) -> list[tuple[sec.FilingRef, Path]]:
    """The sample's filings (from its manifest, `sec/filings.json`) and their files."""
    manifest = json.loads((root / "sec" / "filings.json").read_text())
    fields = set(sec.FilingRef.model_fields)
    return [
        (
            sec.FilingRef(**{k: v for k, v in entry.items() if k in fields}),
            root / "sec" / entry["file"],
        )
        for entry in manifest
    ]


def ingest_filings(run: Run, root: Path) -> None:
    for ref, path in sample_filings(root):
        with run.source("sec", f"{ref.ticker} {ref.form} {ref.accession}") as report:
            run.documents([sec.parse_filing(path.read_bytes(), ref)], report)
            report.data_as_of = ref.filed


def ingest_facts(run: Run, root: Path) -> None:
    tickers = {ref.cik: ref.ticker for ref, _ in sample_filings(root)}
    for path in sorted((root / "sec" / "companyfacts").glob("*.json")):
        ticker = tickers[path.stem.removeprefix("CIK")]
        with run.source("xbrl", ticker) as report:
            run.facts(sec.parse_companyfacts(path.read_bytes(), ticker), report)


def ingest_prices(run: Run, root: Path) -> None:
    for path in sorted((root / "market" / "daily_ohlcv").glob("*.csv")):
        ticker = path.stem
        with run.source("prices", ticker) as report:
            bars = market.parse_history_csv(path.read_bytes(), ticker)
            run.prices(bars, report)
            run.documents(market.monthly_summaries(bars, ticker), report)


def ingest_events(run: Run, root: Path) -> None:
    """Events no other source records: every filing of the submissions lists (the filings
    indexed or not) and the dividends and splits of the recorded chart responses."""
    for path in sorted((root / "sec" / "submissions").glob("*.json")):
        with run.source("events", path.stem) as report:
            _, refs = sec.parse_submissions(path.read_bytes())
            run.events(filing_events(refs), report)
    for path in sorted((root / "market" / "yahoo_raw").glob("*chart*.json")):
        with run.source("events", path.stem) as report:
            run.events(chart_events(market.parse_chart(path.read_bytes())), report)


def ingest_quotes(run: Run, root: Path) -> None:
    for path in sorted((root / "market" / "yahoo_raw").glob("quote-*.json")):
        if "-fields-" in path.stem:  # a partial response (only the requested fields)
            continue
        with run.source("quotes", path.stem) as report:
            quote = market.parse_quote(path.read_bytes())
            run.documents([quote_document(quote)], report)
            report.data_as_of = quote.as_of


def quote_document(quote: market.Quote) -> Document:
    """A quote snapshot as a short factual text, so narrative retrieval sees it."""
    lines = [f"{quote.name or quote.symbol} ({quote.symbol}) quote as of {quote.as_of} UTC:"]
    lines.append(f"price {quote.price:.2f} {quote.currency}")
    for label, value in (
        ("market capitalization", quote.market_cap),
        ("trailing P/E", quote.trailing_pe),
        ("trailing EPS", quote.eps),
        ("52-week low", quote.week52_low),
        ("52-week high", quote.week52_high),
    ):
        if value is not None:
            lines.append(f"{label} {value:,.2f}")
    return Document(
        id=f"market:{quote.symbol}:quote:{quote.as_of[:10]}",
        source="market",
        title=f"{quote.symbol} quote {quote.as_of[:10]}",
        ticker=quote.symbol,
        tickers=[quote.symbol],
        published=quote.as_of,
        sections=[Section(title="Quote", text="; ".join(lines) + ".")],
        metadata={"kind": "quote", "currency": quote.currency},
    )


def ingest_news(run: Run, root: Path, companies: dict[str, list[str]]) -> None:
    folder = root / "news"
    sources = [
        ("cnbc", folder / "cnbc_headlines.csv", lambda b: news.parse_headlines_csv(b, "CNBC")),
        (
            "guardian",
            folder / "guardian_headlines_company_subset.csv",
            lambda b: news.parse_headlines_csv(b, "The Guardian"),
        ),
        *(
            (f"yahoo {path.stem}", path, news.parse_yahoo_search)
            for path in sorted((folder / "yahoo_search").glob("*.json"))
        ),
    ]
    for key, path, parse in sources:
        with run.source("news", key) as report:
            documents = news.news_documents(parse(path.read_bytes()), companies)
            tagged = [d for d in documents if d.tickers]
            report.skipped += len(documents) - len(tagged)  # untagged stories are not indexed
            run.documents(tagged, report)
            report.data_as_of = max((d.published or "" for d in tagged), default=None)
