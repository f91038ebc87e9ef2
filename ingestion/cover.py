"""The common shares outstanding a filing's cover page states, as of the date it names.

A 10-K or 10-Q cover says how many shares were outstanding on a recent day ("As of January
22, 2025, there were 3,216,517,037 shares of the registrant's common stock outstanding", "The
number of shares of common stock outstanding as of February 21, 2025 was 24.4 billion", or a
table row). That count, times a close on or after its date, is the company's market value
(rag.figures.reported). One statement with one count and one date is read; several classes of
stock with their own counts, or the non-affiliates' market value, are not a company's count.
"""

import re

from core.types import Document, FilingFact
from ingestion.company import DATE, parse_date

CONCEPT = "table:cover:common shares outstanding"
LABEL = "common shares outstanding"
COUNT = re.compile(r"(?<![\d.,$])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+(?:million|billion))?\b")
# a statement about the count: shares ... outstanding, in either order
SHARES_OUTSTANDING = re.compile(r"\bshares\b.{0,120}\boutstanding\b", re.IGNORECASE | re.DOTALL)
NOT_THE_COUNT = re.compile(
    r"\b(market value|non-?affiliates|aggregate|authori[sz]ed|par value of \$?\d|classes|"
    r"class [a-c]\b.{0,200}\bclass [a-c]\b)",
    re.IGNORECASE | re.DOTALL,
)
PERIODIC = {"10-K", "10-Q", "10-KT", "10-QT", "20-F", "40-F"}
SCALES = {"million": 1e6, "billion": 1e9}
MIN_COUNT = 100_000  # a listed company's count; smaller numbers are rule numbers or years


def cover_shares(document: Document, accession: str) -> list[FilingFact]:
    """The cover page's count of common shares outstanding, as one fact ([] if none);
    `accession`: what the document's table facts carry as theirs."""
    if not document.ticker or (document.form or "").upper().split("/")[0] not in PERIODIC:
        return []
    section = _cover(document)
    if section is None:
        return []
    found = {said for line in _statements(section) if (said := read_count(line))}
    if len(found) != 1:
        return []
    ((count, day),) = found
    return [
        FilingFact(
            ticker=document.ticker,
            cik=document.cik,
            concept=CONCEPT,
            label=LABEL,
            value=count,
            unit="shares",
            period_end=day,
            fiscal_year=None,  # a day after the period: never a fiscal year's balance
            form=document.form,
            accession=accession,
            filed=document.published[:10]
            if document.source == "sec" and document.published
            else None,
            source="table",
            locator="Cover page",
        )
    ]


def read_count(statement: str) -> tuple[float, str] | None:
    """(count, ISO date) of one statement of shares outstanding as of a date, else None."""
    if not SHARES_OUTSTANDING.search(statement) or NOT_THE_COUNT.search(statement):
        return None
    dates = list(DATE.finditer(statement))
    if len(dates) != 1:
        return None
    rest = statement[: dates[0].start()] + " " + statement[dates[0].end() :]
    rest = re.sub(r"\$\s*\d[\d,.]*", " ", rest)  # a par value is not a count
    counts = [m for m in COUNT.finditer(rest) if _count(m) >= MIN_COUNT]
    if len(counts) != 1:
        return None
    when = parse_date(dates[0].group(0))
    return (_count(counts[0]), when.isoformat()) if when else None


def _count(match: re.Match) -> float:
    number = float(match.group(1).replace(",", ""))
    scale = (match.group(2) or "").strip().lower()
    return number * SCALES.get(scale, 1)


def _cover(document: Document) -> str | None:
    """A filing's "Cover page" section, or an uploaded PDF's first page."""
    for section in document.sections:
        if "cover" in section.title.lower():
            return section.text
    first = document.sections[0] if document.sections else None
    return first.text if first is not None and first.page == 1 else None


def _statements(text: str) -> list[str]:
    """The cover's sentences and table rows (a row's label and its cells on one line)."""
    lines = []
    for block in text.split("\n"):
        if "|" in block:
            lines.append(block)
        else:
            lines += re.split(r"(?<=[.;])\s+(?=[A-Z])", block)
    return lines
