"""SEC EDGAR: the client (fair-access fetching), submissions, company facts, filings.

Everything but `SecClient` is pure (bytes in, records out). This module is the source's public
face: `from ingestion.sources import sec`, then `sec.parse_filing`, `sec.SecClient`, ...
"""

from ingestion.sources.sec.client import SecClient, check_user_agent
from ingestion.sources.sec.facts import parse_companyfacts
from ingestion.sources.sec.filings import parse_filing
from ingestion.sources.sec.submissions import (
    Company,
    FilingRef,
    filing_url,
    normalize_cik,
    parse_company_tickers,
    parse_submissions,
    select_filings,
)

__all__ = [
    "Company",
    "FilingRef",
    "SecClient",
    "check_user_agent",
    "filing_url",
    "normalize_cik",
    "parse_companyfacts",
    "parse_company_tickers",
    "parse_filing",
    "parse_submissions",
    "select_filings",
]
