"""Recorded real 8-K exhibit 99.1 earnings releases (tests/data/earnings/README.md) as the
Documents the SEC parser makes of them: the exhibit read as an 8-K document of its filer."""

from pathlib import Path

from core.types import Document
from ingestion.sources import sec

EARNINGS = Path(__file__).resolve().parent / "data" / "earnings"

# What the 8-K's cover page (the primary document next to each exhibit) says of its filer.
FILERS = {
    "bke-8k-ex99-1-2024-11-22": dict(
        cik="0000885245", company="BUCKLE INC", ticker="BKE", filed="2024-11-22"
    ),
}


def earnings_release(name: str) -> Document:
    """The exhibit as a Document: form 8-K, its filer's ticker and CIK, no fiscal period."""
    path = EARNINGS / f"{name}.htm"
    filer = FILERS[name]
    ref = sec.FilingRef(
        accession=f"exhibit:{name}",  # the recording does not carry its accession number
        form="8-K",
        report_date=filer["filed"],
        primary_document=path.name,
        url=f"file://{path.name}",
        **filer,
    )
    return sec.parse_filing(path.read_bytes(), ref)
