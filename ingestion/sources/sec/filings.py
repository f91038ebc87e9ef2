"""SEC filings (primary HTML or full SGML submission) to `core.types.Document`, split by Item."""

import re
from datetime import date, timedelta

from lxml import etree

from core.errors import SourceError
from core.types import Document, Section
from ingestion.sources.html import Block, html_blocks, normalize_space, parse_html_root
from ingestion.sources.sec.items import drop_page_furniture, item_sections, join_blocks
from ingestion.sources.sec.sgml import SgmlDocument, is_sgml_submission, sgml_documents
from ingestion.sources.sec.submissions import (
    FilingRef,
)

PERIODIC_FORMS = {"10-K", "10-Q", "10-KT", "10-QT", "20-F", "40-F"}
ANNUAL_FORMS = {"10-K", "10-KT", "20-F", "40-F"}


def parse_filing(payload: bytes, ref: FilingRef) -> Document:
    """A filing (primary HTML document or full SGML submission) as a Document split by Item."""
    if is_sgml_submission(payload):
        sections, dei = _sgml_sections(payload, ref)
    else:
        root = parse_html_root(payload)
        sections, dei = item_sections(html_blocks(root), ref.form), dei_facts(root)
    if not sections:
        raise SourceError(f"{ref.accession}: the document has no text")
    fiscal_year, fiscal_period = _fiscal(ref, dei)
    return Document(
        id=f"sec:{ref.accession}",
        source="sec",
        title=filing_title(ref),
        sections=sections,
        ticker=ref.ticker,
        cik=ref.cik,
        form=ref.form,
        fiscal_year=fiscal_year,
        fiscal_period=fiscal_period,
        period_end=ref.report_date,
        published=ref.filed,
        url=ref.url,
        tickers=[ref.ticker] if ref.ticker else [],
        metadata=_metadata(ref),
    )


def _sgml_sections(payload: bytes, ref: FilingRef) -> tuple[list[Section], dict[str, str]]:
    docs = [d for d in sgml_documents(payload) if not d.is_binary]
    if not docs:
        raise SourceError(f"{ref.accession}: the submission has no text document")
    primary = next((d for d in docs if d.type.upper() == ref.form.upper()), docs[0])
    root = parse_html_root(primary.text) if primary.is_html else None
    blocks = html_blocks(root) if root is not None else text_blocks(primary.text)
    sections = item_sections(blocks, ref.form)
    for exhibit in (d for d in docs if d.type.upper().startswith("EX-")):
        sections.extend(_exhibit_section(exhibit))
    return sections, dei_facts(root) if root is not None else {}


def _exhibit_section(doc: SgmlDocument) -> list[Section]:
    blocks = html_blocks(parse_html_root(doc.text)) if doc.is_html else text_blocks(doc.text)
    text = join_blocks(drop_page_furniture(blocks))
    number = doc.type.upper().removeprefix("EX-")
    described = f": {doc.description}" if doc.description and doc.description != doc.type else ""
    return [Section(title=f"Exhibit {number}{described}", text=text)] if text else []


def text_blocks(payload: bytes) -> list[Block]:
    """A plain-text document as paragraphs (split on blank lines, whitespace normalized)."""
    text = payload.decode("utf-8", "replace").replace("\r\n", "\n")
    paragraphs = (normalize_space(p) for p in re.split(r"\n\s*\n", text))
    return [Block("text", p) for p in paragraphs if p]


def dei_facts(root: etree._Element) -> dict[str, str]:
    """The inline-XBRL cover facts (dei:DocumentFiscalYearFocus ...), hidden ones included."""
    facts: dict[str, str] = {}
    for el in root.iter("ix:nonnumeric"):
        name = el.get("name") or ""
        if name.startswith("dei:") and name[4:] not in facts:
            facts[name[4:]] = normalize_space(el.text_content())
    return facts


def _fiscal(ref: FilingRef, dei: dict[str, str]) -> tuple[int | None, str | None]:
    year, period = dei.get("DocumentFiscalYearFocus", ""), dei.get("DocumentFiscalPeriodFocus")
    valid = year.isdigit() and len(year) == 4 and period in {"FY", "Q1", "Q2", "Q3", "Q4"}
    if ref.base_form in PERIODIC_FORMS and valid:
        return int(year), period
    return fiscal_period_of(ref)


def fiscal_period_of(ref: FilingRef) -> tuple[int | None, str | None]:
    """Fiscal year and period of a 10-K/10-Q from its report date and the fiscal year end."""
    fye = ref.fiscal_year_end or ""
    if ref.base_form not in PERIODIC_FORMS or not ref.report_date:
        return None, None
    if not (len(fye) == 4 and fye.isdigit()):
        return None, None
    day = date.fromisoformat(ref.report_date)
    grace = timedelta(days=7)  # 52/53-week years end a few days after the nominal date
    fiscal_year = next(
        y for y in range(day.year - 1, day.year + 2) if day <= _year_end(y, fye) + grace
    )
    if ref.base_form in ANNUAL_FORMS:
        return fiscal_year, "FY"
    months = (day - _year_end(fiscal_year - 1, fye)).days / 30.44
    return fiscal_year, f"Q{min(4, max(1, round(months / 3)))}"


def _year_end(year: int, mmdd: str) -> date:
    month, day = int(mmdd[:2]), int(mmdd[2:])
    return date(year, month, 28 if (month, day) == (2, 29) else day)


def filing_title(ref: FilingRef) -> str:
    """ "Apple Inc. 10-K for fiscal year ended 2024-09-28", "... 8-K filed 2026-03-06 ..."."""
    if ref.base_form in ANNUAL_FORMS and ref.report_date:
        return f"{ref.company} {ref.form} for fiscal year ended {ref.report_date}"
    if ref.base_form in {"10-Q", "10-QT"} and ref.report_date:
        return f"{ref.company} {ref.form} for quarter ended {ref.report_date}"
    items = f" (Items {', '.join(ref.items)})" if ref.items else ""
    return f"{ref.company} {ref.form} filed {ref.filed}{items}"


def _metadata(ref: FilingRef) -> dict[str, str | int | float | bool]:
    meta: dict[str, str | int | float | bool] = {"accession": ref.accession, "company": ref.company}
    if ref.items:
        meta["items"] = ",".join(ref.items)
    if ref.primary_document:
        meta["primary_document"] = ref.primary_document
    if ref.fiscal_year_end:
        meta["fiscal_year_end"] = ref.fiscal_year_end  # MMDD: dates an 8-K release's columns
    return meta
