"""EDGAR submissions JSON to a `Company` and its `FilingRef`s, plus `company_tickers.json`.

Pure parsers (bytes in, records out); a FilingRef carries the Archives URL of the primary
document, built from the accession and file name only (never from URLs found in content).
"""

import json
import re
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from core.errors import SourceError

ARCHIVES = "https://www.sec.gov/Archives/edgar/data"
_FILENAME = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$"
)  # xslF345X05/x.xml
_ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")


class Company(BaseModel):
    """The filer as the submissions JSON describes it."""

    model_config = ConfigDict(frozen=True)

    cik: str  # zero-padded to 10 digits
    name: str
    tickers: tuple[str, ...] = ()
    exchanges: tuple[str, ...] = ()
    fiscal_year_end: str | None = None  # MMDD, e.g. "0926"
    sic: str | None = None
    former_names: tuple[str, ...] = ()  # newest first, e.g. ("APPLE INC", "APPLE COMPUTER INC")


class FilingRef(BaseModel):
    """One filing in a company's submissions list, with the URL of its primary document."""

    model_config = ConfigDict(frozen=True)

    cik: str
    company: str
    ticker: str | None
    accession: str  # 0000320193-24-000123
    form: str  # 10-K, 10-K/A, 8-K ...
    filed: str  # YYYY-MM-DD
    report_date: str | None = None  # YYYY-MM-DD, period of report
    primary_document: str | None = None
    items: tuple[str, ...] = ()  # 8-K items, e.g. ("5.02", "9.01")
    accepted: str | None = None  # EDGAR's acceptance time, ISO UTC ("2024-05-22T20:21:29.000Z")
    fiscal_year_end: str | None = None  # MMDD of the company
    url: str

    @property
    def base_form(self) -> str:
        """The form without its amendment suffix: "10-K/A" -> "10-K"."""
        return self.form.removesuffix("/A")


# ---- submissions ----------------------------------------------------------------------------


def parse_submissions(payload: bytes) -> tuple[Company, list[FilingRef]]:
    """The company and its recent filings (newest first, as EDGAR lists them)."""
    data = _json(payload, "submissions")
    try:
        company = Company(
            cik=normalize_cik(data["cik"]),
            name=data["name"],
            tickers=tuple(data.get("tickers") or ()),
            exchanges=tuple(x for x in data.get("exchanges") or () if x),
            fiscal_year_end=data.get("fiscalYearEnd") or None,
            sic=data.get("sic") or None,
            former_names=_former_names(data.get("formerNames")),
        )
        recent = data["filings"]["recent"]
        columns = list(recent.values())
        rows = [dict(zip(recent, values, strict=True)) for values in zip(*columns, strict=True)]
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"submissions JSON lacks an expected field: {exc}") from exc
    return company, [_filing_ref(company, row) for row in rows]


def _former_names(rows: object) -> tuple[str, ...]:
    """The names in EDGAR's `formerNames` list ([{"name", "from", "to"}]); odd rows skipped."""
    if not isinstance(rows, list):
        return ()
    names = (row.get("name") for row in rows if isinstance(row, dict))
    return tuple(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _filing_ref(company: Company, row: dict) -> FilingRef:
    accession = row["accessionNumber"]
    primary = row.get("primaryDocument") or None
    return FilingRef(
        cik=company.cik,
        company=company.name,
        ticker=company.tickers[0] if company.tickers else None,
        accession=accession,
        form=row["form"],
        filed=row["filingDate"],
        report_date=row.get("reportDate") or None,
        primary_document=primary,
        items=tuple(i.strip() for i in (row.get("items") or "").split(",") if i.strip()),
        accepted=row.get("acceptanceDateTime") or None,
        fiscal_year_end=company.fiscal_year_end,
        url=filing_url(company.cik, accession, primary),
    )


def filing_url(cik: str, accession: str, primary_document: str | None) -> str:
    """The primary document's Archives URL (or the full submission .txt when there is none)."""
    if not _ACCESSION.match(accession):
        raise SourceError(f"not an EDGAR accession number: {accession!r}")
    name = primary_document or f"{accession}.txt"
    if not _FILENAME.match(name):
        raise SourceError(f"unexpected primary document name {name!r} in {accession}")
    return f"{ARCHIVES}/{int(cik)}/{accession.replace('-', '')}/{name}"


def select_filings(
    refs: Iterable[FilingRef],
    forms: Iterable[str] = ("10-K", "10-Q", "8-K"),
    since: str | date | None = None,
) -> list[FilingRef]:
    """The filings of those forms or their amendments (10-K/A), filed on or after `since`."""
    wanted = set(forms)
    floor = since.isoformat() if isinstance(since, date) else since
    return [r for r in refs if r.base_form in wanted and (floor is None or r.filed >= floor)]


def normalize_cik(value: str | int) -> str:
    """ "320193", 320193 or "CIK0000320193" -> "0000320193"."""
    digits = str(value).strip().upper().removeprefix("CIK")
    if not digits.isdigit() or len(digits) > 10:
        raise SourceError(f"not a CIK: {value!r}")
    return digits.zfill(10)


def _json(payload: bytes, what: str) -> dict:
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{what} JSON is not an object")
    return data


def parse_company_tickers(payload: bytes) -> dict[str, str]:
    """`company_tickers.json` as ticker -> zero-padded CIK."""
    data = _json(payload, "company_tickers")
    try:
        return {str(row["ticker"]).upper(): normalize_cik(row["cik_str"]) for row in data.values()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise SourceError(f"company_tickers JSON has an unexpected shape: {exc}") from exc
