"""Who filed an uploaded filing and for which period: registrant, CIK, ticker, form, period end
and fiscal year.

Reads the cover page: the registrant's name (the line above "(Exact name of registrant as
specified in its charter)", or below "Commission File Number"), matched to the company registry
(rag.query.registry) for its CIK and ticker; the 'Trading Symbol(s)' column; 'FORM 10-K'; 'For
the fiscal year ended February 2, 2019'; and, for a 10-Q, the quarter it covers. A registrant on
no list keeps the name its cover prints. Pure text in, a `FilingInfo` out; anything it cannot
tell stays None.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from core.types import Document, Section
from rag.query import Company, Registry, default_registry, find_companies

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DATE = re.compile(rf"\b({MONTH})\s+(\d{{1,2}})\s*,?\s*((?:19|20)\d{{2}})\b", re.IGNORECASE)
COVER_PAGES = 2
_FORM = re.compile(r"\bFORM\s+(10-K|10-Q)\b", re.IGNORECASE)
_REPORT = re.compile(r"\b(ANNUAL|QUARTERLY)\s+REPORT\s+PURSUANT", re.IGNORECASE)
_PERIOD = re.compile(
    r"for\s+the\s+(fiscal\s+year|quarterly\s+period|year)\s+ended\b(.{0,80})",
    re.IGNORECASE | re.DOTALL,
)
_SYMBOL = re.compile(
    r"\b([A-Z]{1,5}(?:\.[A-Z])?)\s+(?:The\s+)?(?:New\s+York\s+Stock\s+Exchange|NYSE|Nasdaq|NASDAQ)"
)
_EXACT_NAME = re.compile(r"\(\s*Exact\s+name\s+of\s+registrant", re.IGNORECASE)
# a press release names its issuer's listing once: "The Buckle, Inc. (NYSE: BKE) announced"
_LISTING = re.compile(
    r"\((?:NYSE|NASDAQ|Nasdaq(?:GS)?|NYSE American)\s*:\s*([A-Z]{1,5}(?:\.[A-Z])?)\s*\)"
)
# a 52/53-week year ending in the first days of January is the year before's
_JANUARY_YEAR_END_DAYS = 7
_FILE_NUMBER = re.compile(
    r"Commission\s+file\s+(?:number|no\.?)\s*:?\s*[\d-]+\s*\n((?:[^\n]*\n){1,3})", re.IGNORECASE
)
_REGISTERED = re.compile(r"Securities\s+registered\s+pursuant", re.IGNORECASE)
_QUARTER_OF_FISCAL = re.compile(
    r"\b(first|second|third|fourth)\s+quarter\s+of\s+(?:fiscal\s+(?:year\s+)?)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_SPAN_MONTHS = {"three": 3, "six": 6, "nine": 9}
_SPAN = re.compile(
    rf"\b(three|six|nine)\s+months\s+ended\s*((?:{MONTH})\s+\d{{1,2}}\s*,?\s*(?:19|20)\d{{2}})",
    re.IGNORECASE,
)


@dataclass
class FilingInfo:
    """What the cover page says about a filing; None where it does not say."""

    ticker: str | None = None
    tickers: list[str] = field(default_factory=list)
    company: str | None = None  # the registrant, e.g. "Best Buy Co., Inc."
    cik: str | None = None  # when the registry knows the registrant
    form: str | None = None
    period_end: str | None = None
    fiscal_year: int | None = None
    fiscal_period: str | None = None  # FY, Q1..Q4


def parse_date(text: str) -> date | None:
    """The first 'Month D, YYYY' date in `text` ('Jan 26, 2025' too), or None."""
    match = DATE.search(text)
    if not match:
        return None
    month = MONTHS[match.group(1).lower().rstrip(".")]
    try:
        return date(int(match.group(3)), month, int(match.group(2)))
    except ValueError:
        return None


def detect_filing(sections: Sequence[Section], registry: Registry | None = None) -> FilingInfo:
    """Registrant, ticker, form, period end, fiscal year and period of a 10-K/10-Q from its
    text; companies are looked up in `registry` (the SEC's listed companies by default)."""
    cover = "\n".join(section.text for section in sections[:COVER_PAGES])
    form, end = _form(cover), _period_end(cover)
    periodic = form is not None and end is not None
    if not periodic and not _EXACT_NAME.search(cover):
        # no filing cover: only a release's own listing says who it is; never a mention
        return _listed(cover, registry if registry is not None else default_registry())
    name, company, symbol = _registrant(
        cover, registry if registry is not None else default_registry(), periodic
    )
    ticker = symbol or (company.ticker if company else None)
    info = FilingInfo(
        ticker,
        [ticker] if ticker else [],
        company=name or (company.name if company else None),
        cik=company.id if company and company.id[:1].isdigit() else None,
    )
    if form is None or end is None:
        return info  # another form's cover (8-K, proxy): who filed it, no period
    info.form, info.period_end = form, end.isoformat()
    if form == "10-K":
        info.fiscal_year, info.fiscal_period = fiscal_year_of(end), "FY"
    else:
        info.fiscal_year, info.fiscal_period = _quarter(sections, end)
    return info


def fiscal_year_of(year_end: date) -> int:
    """The fiscal year a year ending on `year_end` is named by: its calendar year, except a
    52/53-week year ending in the first week of January (Johnson & Johnson's fiscal 2022 ended
    on January 1, 2023)."""
    early_january = year_end.month == 1 and year_end.day <= _JANUARY_YEAR_END_DAYS
    return year_end.year - 1 if early_january else year_end.year


def _listed(text: str, registry: Registry) -> FilingInfo:
    """Who issued a press release: the one listing it prints, "(NYSE: MGM)", if the registry
    knows the symbol; nothing when it prints none or several."""
    symbols = set(_LISTING.findall(text))
    company = registry.by_ticker(symbols.pop()) if len(symbols) == 1 else None
    if company is None or not company.ticker:
        return FilingInfo()
    return FilingInfo(
        company.ticker,
        [company.ticker],
        company=company.name,
        cik=company.id if company.id[:1].isdigit() else None,
    )


def apply_filing_info(document: Document, info: FilingInfo) -> Document:
    """A copy of `document` with what `info` knows filled in (existing values are kept); the
    registrant's name goes into its metadata as "company"."""
    updates = {
        name: getattr(info, name)
        for name in ("ticker", "cik", "form", "period_end", "fiscal_year", "fiscal_period")
        if getattr(info, name) is not None and getattr(document, name) is None
    }
    if info.tickers and not document.tickers:
        updates["tickers"] = list(info.tickers)
    if info.company and "company" not in document.metadata:
        updates["metadata"] = {**document.metadata, "company": info.company}
    return document.model_copy(update=updates)


def _form(cover: str) -> str | None:
    match = _FORM.search(cover)
    if match:
        return match.group(1).upper()
    report = _REPORT.search(cover)
    if report:
        return "10-K" if report.group(1).upper() == "ANNUAL" else "10-Q"
    return None


def _registrant(
    cover: str, registry: Registry, guess: bool = True
) -> tuple[str | None, Company | None, str | None]:
    """The registrant's name as printed, its registered company, and the trading symbol;
    `guess`: without a printed name, the first company the top of the cover names."""
    symbol = _trading_symbol(cover)
    name = _registrant_name(cover)
    company = registry.by_name(name) if name else None
    if company is None and name:
        named = find_companies(name, registry)
        company = named[0].company if named else None
    if company is None and symbol:
        company = registry.by_ticker(symbol)
    if company is None and name is None and guess:  # a logo for a name: the first one named
        top = _REGISTERED.split(cover, maxsplit=1)[0]  # the exchanges listed below it
        named = find_companies(top, registry)
        company = named[0].company if named else None
    return name, company, symbol


def _registrant_name(cover: str) -> str | None:
    """The line above "(Exact name of registrant ...)", else the one below the file number."""
    exact = _EXACT_NAME.search(cover)
    if exact:
        lines = [line.strip() for line in cover[: exact.start()].splitlines() if line.strip()]
        if lines and not re.search(r"\bfile\s+(?:number|no)\b|^[\d\s-]+$", lines[-1], re.I):
            return _tidy(lines[-1])
        return None
    below = _FILE_NUMBER.search(cover)
    if below:
        lines = [line.strip() for line in below.group(1).splitlines() if line.strip()]
        if lines and re.search(r"[A-Za-z]{2}", lines[0]):
            return _tidy(lines[0])
    return None


def _tidy(name: str) -> str | None:
    """ "NIKE, Inc ." -> "NIKE, Inc."; a name without letters is none."""
    name = re.sub(r"\s+([.,])", r"\1", name.replace("\xa0", " "))
    name = re.sub(r"\s{2,}", " ", name).strip(" ,")
    return name if re.search(r"[A-Za-z]{2}", name) and len(name) <= 120 else None


def _trading_symbol(cover: str) -> str | None:
    """The symbol in the 'Trading Symbol(s)' column."""
    start = re.search(r"Trading\s+Symbol", cover, re.IGNORECASE)
    if start:
        symbol = _SYMBOL.search(cover, start.end(), start.end() + 600)
        if symbol:
            return symbol.group(1)
    return None


def _period_end(cover: str) -> date | None:
    match = _PERIOD.search(cover)
    return parse_date(match.group(2)) if match else None


def _quarter(sections: Sequence[Section], end: date) -> tuple[int | None, str | None]:
    """A 10-Q's fiscal year and quarter.

    The quarter is the longest 'Three/Six/Nine Months Ended <period end>' column; the year is
    the one most said as '<that> quarter of fiscal <year>' (or '... quarter of <year>').
    """
    text = "\n".join(section.text for section in sections)
    months = [
        _SPAN_MONTHS[m.group(1).lower()]
        for m in _SPAN.finditer(text)
        if parse_date(m.group(2)) == end
    ]
    if not months:
        return None, None
    quarter = max(months) // 3
    years = Counter(
        int(m.group(2))
        for m in _QUARTER_OF_FISCAL.finditer(text)
        if _ORDINALS[m.group(1).lower()] == quarter and abs(int(m.group(2)) - end.year) <= 1
    )
    year = years.most_common(1)[0][0] if years else None
    return year, f"Q{quarter}"
