"""Shared records that cross package boundaries: an answer with its citations, facts and timings.

These are the shapes `finassist ask --json` prints (see ARCHITECTURE.md's CLI contract).
"""

from typing import Literal

from pydantic import BaseModel, Field

SourceKind = Literal["sec", "market", "news", "upload"]


class Citation(BaseModel):
    """A numbered source an answer relies on."""

    n: int
    title: str
    source: SourceKind
    ticker: str | None = None
    form: str | None = None
    date: str | None = None
    url: str | None = None
    locator: str | None = None
    snippet: str = ""
    document_id: str | None = None  # the indexed document, e.g. "upload:<hash>" (to open it)
    page: int | None = None  # 1-based page of a paged document (PDF uploads)


class AnswerFact(BaseModel):
    """A number computed in code, with its unit, period, as-of date and the citation behind it."""

    name: str
    value: float
    unit: str
    period: str | None = None
    as_of: str | None = None
    citation: int | None = None
    formula: str | None = None  # how a derived figure was computed from others
    display: str | None = None  # the value as shown to the reader, e.g. "$391,035 million"


class TableCell(BaseModel):
    """One company's figure for one column of a comparison, or why it is missing."""

    period: str  # the column's label, e.g. "FY2024" or "growth"
    value: float | None = None
    unit: str | None = None
    display: str | None = None
    fact: int | None = None  # index into Answer.facts
    missing: str | None = None  # why there is no value


class TableRow(BaseModel):
    ticker: str
    name: str | None = None
    cells: list[TableCell] = Field(default_factory=list)


class CompareTable(BaseModel):
    """A comparison across companies: companies x periods x one metric (rag.figures.compare)."""

    metric: str
    unit: str
    basis: str  # how the periods line up (each company's own fiscal year, its end date)
    columns: list[str] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)


class Timings(BaseModel):
    retrieval_ms: float = 0.0
    first_token_ms: float = 0.0
    total_ms: float = 0.0


class Marker(BaseModel):
    """An event to mark on an answer's price chart (an earnings 8-K, a news story, a split)."""

    date: str
    label: str
    kind: str


class Answer(BaseModel):
    """What the assistant says, and everything needed to check it."""

    answer: str
    refused: bool = False
    as_of: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    facts: list[AnswerFact] = Field(default_factory=list)
    timings: Timings = Field(default_factory=Timings)
    grounded: bool = False
    notice: str | None = None
    model: str | None = None
    finish_reason: str | None = None
    # What the question was understood to be about (for charts and follow-ups).
    tickers: list[str] = Field(default_factory=list)
    intent: str | None = None  # prices | facts | narrative
    date_from: str | None = None
    date_to: str | None = None
    markers: list[Marker] = Field(default_factory=list)  # events on the chart (fusion answers)
    table: CompareTable | None = None  # a comparison across companies, cell by cell


# ---- What ingestion produces and the stores hold ------------------------------------------


class Section(BaseModel):
    """A titled part of a document (a 10-K Item, a PDF page, a news body), tables as Markdown."""

    title: str
    text: str
    page: int | None = None  # 1-based page for paged documents (PDF uploads)
    headings: list[str] = Field(default_factory=list)  # its sub-headings in order (filings)


class Document(BaseModel):
    """One normalized source document, before chunking.

    `id` is stable and readable, e.g. `sec:0000320193-24-000123`, `news:<url hash>`,
    `market:AAPL:2024-05`, `upload:<sha256 prefix>`; re-ingesting the same thing gives the same
    id, and `content_hash` tells whether its text changed.
    """

    id: str
    source: SourceKind
    title: str
    sections: list[Section]
    ticker: str | None = None
    cik: str | None = None
    form: str | None = None
    fiscal_year: int | None = None
    fiscal_period: str | None = None  # FY, Q1..Q4
    period_end: str | None = None  # ISO date the reported period ends
    published: str | None = None  # ISO 8601 UTC timestamp (news) or filing date (SEC)
    url: str | None = None
    tickers: list[str] = Field(default_factory=list)  # every ticker the document mentions
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)
    owner: str | None = None  # the user whose private document it is (an upload); None: shared

    @property
    def text(self) -> str:
        return "\n\n".join(section.text for section in self.sections)


class Chunk(BaseModel):
    """A retrievable piece of a document; `id` = `<document id>#<ordinal>`."""

    id: str
    document_id: str
    ordinal: int
    text: str
    content_hash: str
    section: str | None = None
    page: int | None = None
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)


class FilingFact(BaseModel):
    """One reported number (XBRL company facts, or a statement table) with its provenance."""

    ticker: str
    cik: str | None = None
    concept: str  # e.g. us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax
    label: str | None = None
    value: float
    unit: str  # USD, USD/shares, shares, pure
    scale: int = 1  # 1, 1_000, 1_000_000 for table figures "in thousands/millions"
    period_start: str | None = None  # ISO date; None for instant facts
    period_end: str
    fiscal_year: int | None = None
    fiscal_period: str | None = None  # FY, Q1..Q4
    form: str | None = None
    accession: str | None = None
    filed: str | None = None
    frame: str | None = None  # e.g. CY2024, CY2024Q3I
    source: Literal["xbrl", "table"] = "xbrl"
    locator: str | None = None  # for table facts: document, page and table


class PriceBar(BaseModel):
    """One daily bar; prices adjusted for splits and dividends when `adjusted` is true."""

    ticker: str
    date: str  # ISO date of the trading day (exchange time zone)
    open: float
    high: float
    low: float
    close: float
    volume: float
    dividends: float = 0.0
    splits: float = 0.0
    adjusted: bool = True
    currency: str = "USD"
    source: str = "yfinance"
