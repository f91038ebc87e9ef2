"""What ingestion adds to the company registry (rag.search.companies): every registrant of
EDGAR's live ticker file, fetched through the fair-access client when `finassist ingest sec`
looks a ticker up, and the name and former names of each submissions JSON it ingests; and the
names news is tagged by, for any listed company."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

from core.errors import SourceError
from ingestion.sources import sec
from ingestion.sources.news import DEFAULT_COMPANIES
from rag.query.lexicon import english_words, is_word
from rag.query.registry import Company, Registry, default_registry, ticker_file_companies
from rag.search.companies import CompanyStore

_recorded: set[str] = set()  # digests of ticker files this process has recorded already


def company_store(run) -> CompanyStore:
    """The registry's table on the run's database connection."""
    return CompanyStore(run.stores.chunks.conn)


def ticker_cik(run, client: sec.SecClient, ticker: str) -> str:
    """The CIK of `ticker` from EDGAR's live company_tickers.json, whose companies are recorded
    in the registry (once per file content); SourceError if the ticker is not listed."""
    payload = client.company_tickers()
    try:
        companies = ticker_file_companies(payload)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SourceError(f"company_tickers JSON has an unexpected shape: {exc}") from exc
    digest = hashlib.sha256(payload).hexdigest()
    if digest not in _recorded:
        company_store(run).record(companies, "sec-tickers")
        _recorded.add(digest)
    wanted = ticker.strip().upper().replace(".", "-")
    for company in companies:
        if wanted in company.tickers:
            return company.id
    raise SourceError(f"ticker {ticker!r} is not in EDGAR's company_tickers.json")


def submissions_company(company: sec.Company) -> Company:
    """A submissions JSON's filer as the registry keeps it: CIK, tickers, name, former names."""
    return Company(company.cik, company.name, company.tickers, company.former_names)


def record_filer(run, company: sec.Company) -> None:
    """Record the filer of a submissions JSON (its name and former names) in the registry."""
    company_store(run).record([submissions_company(company)], "submissions")


def record_submissions_files(run, paths: Iterable[Path]) -> None:
    """Record the filer of each submissions JSON file; a file that is not one is skipped."""
    for path in paths:
        try:
            company, _ = sec.parse_submissions(path.read_bytes())
        except SourceError:
            continue
        record_filer(run, company)


def news_names(tickers: Iterable[str], registry: Registry | None = None) -> dict[str, list[str]]:
    """The names news is tagged by for each ticker: the shipped ones, else the registry's short
    name and aliases ("Walmart"), leaving out a name that is one English word ("Target")."""
    registry = registry if registry is not None else default_registry()
    names: dict[str, list[str]] = {}
    for ticker in (t.upper() for t in tickers):
        known = list(DEFAULT_COMPANIES.get(ticker, []))
        company = registry.by_ticker(ticker)
        if company and not known:
            aliases = [alias for alias, symbol in registry.aliases if symbol.upper() == ticker]
            short = [company.display] if not is_word(company.display) else []
            aliases = [a for a in aliases if a.lower() not in english_words()]
            known = list(dict.fromkeys([*short, *aliases]))
        names[ticker] = known
    return names
