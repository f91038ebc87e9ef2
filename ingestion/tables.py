"""Financial-statement tables of a filing as `FilingFact` rows (source "table").

Finds the primary statements (balance sheet, income statement, comprehensive income, cash
flows) in PDF page text (pypdf) and in the Markdown tables of SEC filings, reads their column
periods and scale, and emits one fact per printed figure. Pure: a Document in, facts out.
A row it cannot read with certainty is skipped rather than guessed.

Concepts are `table:<statement>:<normalized line item>`, e.g.
`table:balance sheet:merchandise inventories`; six- and nine-month columns of a 10-Q add the span
(`table:cash flow (6 months):...`) so they do not share a key with the three-month column.
`accession` names the document the figure came from (the SEC accession, or the upload's id).
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from core.types import Document, FilingFact, Section
from ingestion import segments
from ingestion.company import DATE, MONTH, MONTHS, fiscal_year_of
from ingestion.cover import cover_shares
from ingestion.release_calendar import release_calendar
from rag.search.structured import FactStore, WriteCount

ANNUAL_FORMS = {"10-K", "10-KT", "10-K405", "20-F", "40-F"}
KINDS = ("balance sheet", "income statement", "comprehensive income", "cash flow")
_STATEMENT = re.compile(
    r"^(?P<consolidated>(?:condensed\s+)?consolidated\s+)?(?:"
    r"(?P<balance>balance\s+sheets?|statements?\s+of\s+financial\s+(?:position|condition))"
    r"|(?P<comprehensive>statements?\s+of\s+comprehensive\s+(?:income|loss|earnings)"
    r"|comprehensive\s+income\s+statements?)"
    r"|(?P<income>statements?\s+of\s+(?:operations|income|earnings)|income\s+statements?)"
    r"|(?P<cash>statements?\s+of\s+cash\s+flows?|cash\s+flows?\s+statements?)"
    r")\b(?!\s*(?:analysis|data|information|reconciliation|of\s+changes))",
    re.IGNORECASE,
)
# The issuer's name printed before a title on the same line: "NIKE, Inc. Consolidated
# Statements of Income", "The Boeing Company and Subsidiaries Consolidated Balance Sheets"
_ISSUER = re.compile(
    r"^(?:[A-Z][\w.&'’-]*,?\s+){1,6}?(?:inc|incorporated|corp|corporation|company|co|ltd|plc|"
    r"llc|l\.p|n\.v|s\.a|ag|se|group|holdings)\.?,?(?:\s+and\s+(?:its\s+)?subsidiaries)?\s+"
    r"(?=(?:condensed\s+)?consolidated\b)",
    re.IGNORECASE,
)
_NOT_PRIMARY = re.compile(
    r"consolidating|notes?\s+to|parent\s+company|guarantor|segment|selected|quarterly|pro\s+forma",
    re.IGNORECASE,
)
_SCALE = re.compile(r"\bin\s+(thousands|millions|billions)\b", re.IGNORECASE)
_SCALES = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
_SHARES_IN = re.compile(
    r"shares?,?\s+(?:in|which\s+are\s+(?:reflected|presented|stated)\s+in)\s+(thousands|millions)",
    re.IGNORECASE,
)
_EXCEPT_SHARES = re.compile(
    r"except\s+(?:[\w-]+\s+){0,4}?(?<!per\s)(?:share\s+amounts|shares)\b", re.IGNORECASE
)
_SPAN = re.compile(
    r"\b(three|six|nine|twelve)\s+months?(?:\s+ended)?\b"
    r"|\b(13|26|39|52|53|thirteen|twenty[\s-]six|thirty[\s-]nine|fifty[\s-]two|fifty[\s-]three)"
    r"[\s-]+weeks?\s+ended|\bquarters?\s+ended|\b(?:first|second|third|fourth)\s+quarter\b"
    r"|\b(?:fiscal\s+)?years?\s+ended|\bfull[\s-]+year\b",
    re.IGNORECASE,
)
_SPAN_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
_WEEKS = {"13": 3, "26": 6, "39": 9, "52": 12, "53": 12, "thirteen": 3, "twenty six": 6}
_WEEKS |= {"thirty nine": 9, "fifty two": 12, "fifty three": 12}
_MONTH_DAY = re.compile(rf"\b({MONTH})\s+(\d{{1,2}})\b(?!\s*,?\s*(?:19|20)\d{{2}})", re.I)
_SHARED_DAY = re.compile(
    rf"\b({MONTH})\s+(\d{{1,2}})\s*,?\s*(?P<years>(?:19|20)\d{{2}}(?:\s+(?:19|20)\d{{2}})*)(?![\d,])",
    re.IGNORECASE,
)
_YEARS = re.compile(r"(?<![\d,.$])((?:19|20)\d{2})(?:\s+((?:19|20)\d{2}))*(?![\d,])")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_VALUE = re.compile(
    rf"(?<![\d.,/\-–—])(?:\(\s?\$?\s?(?P<neg>{_NUM})\s?\)|(?P<num>{_NUM})(?P<pct>\s?%)?"
    r"|(?P<dash>[—–]|(?<!\S)-(?!\S)))(?![\w/,;:)]|[-–—]\w|\.\w)"
)
_FOOTNOTE = re.compile(r"\s*(?:\((?:\d|[a-z])\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹])(?=\s|$|:|,)")
_GENERIC = {"total", "net", "basic", "diluted", "other", "other, net", "subtotal", "gross"}
_SHARE_ROW = re.compile(
    r"^(?:weighted|shares\s+used|average\s+(?:common\s+)?shares|number\s+of\s+shares"
    r"|(?:basic|diluted)\s+(?:weighted|shares)|common\s+shares\s+outstanding)",
    re.IGNORECASE,
)
_PER_SHARE = re.compile(r"per\s+(?:common\s+|basic\s+|diluted\s+)?share|\bEPS\b", re.I)
_CONNECTORS = ("and", "of", "for", "in", "to", "on", "the", "from", "or", "by", "at", "with")
_COMMON_WORDS = frozenset(
    """accounts accrued accumulated acquired acquisitions activities additional adjustments
    administrative allowance amortization assets attributable authorized available balance
    benefit billings borrowings business capital cash change changes commercial common
    compensation comprehensive consolidated continuing contract cost costs current customer
    debt deferred depreciation derivative development discontinued dividends earnings effect
    equipment equity equivalents exchange expense expenses fair financial financing foreign
    from goodwill gross held impairment income increase intangible interest inventories
    inventory investing investment investments issued leases liabilities long marketable
    merchandise net noncontrolling operating operations other outstanding paid payable
    payments pension per plant preferred proceeds property provision purchases rate
    receivable receivables related repayments repurchase research restricted restructuring
    retained revenue revenues sales securities selling services share shareholders shares
    short statements stock stockholders subsidiaries taxes term total translation treasury
    unrealized value weighted""".split()
)


@dataclass
class Column:
    """One period column: when it ends and how many months it spans (None for a balance)."""

    end: date
    months: int | None


@dataclass
class Row:
    label: str
    heading: str | None
    values: list[str | None]  # printed figures as text ("(1,234)", "5.30", "12%"); None = nil


@dataclass
class StatementTable:
    """One statement as printed: its kind, title, columns, scale and rows."""

    kind: str
    title: str
    columns: list[Column]
    scale: int
    share_scale: int | None  # None when share counts are not given in this table's scale
    rows: list[Row] = field(default_factory=list)
    page: int | None = None
    section: str | None = None


# ---- Public API ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a document tells about its columns: its fiscal year end and whether it is annual."""

    annual: date | None = None  # a fiscal year end, to date columns headed by a year only
    annual_form: bool = True  # a 10-K: income and cash-flow columns without a span are years


def table_facts(document: Document) -> list[FilingFact]:
    """The statement figures of a 10-K/10-Q document; [] if its company is unknown."""
    if not document.ticker:
        return []
    calendar = fiscal_calendar(document)
    context = Context(calendar.fye, (document.form or "").upper() in ANNUAL_FORMS)
    tables = [table for section in document.sections for table in section_tables(section, context)]
    return facts_from_tables(tables, document) + cover_shares(
        document, document_accession(document)
    )


def section_tables(section: Section, context: Context = Context()) -> list[StatementTable]:
    """The primary-statement tables in one section (a PDF page, or a filing's Markdown)."""
    if "\n|" in section.text or section.text.startswith("|"):
        return markdown_tables(section, context)
    table = pdf_table(section, context) or pdf_segment_table(section, context)
    return [table] if table else []


def facts_from_tables(tables: Iterable[StatementTable], document: Document) -> list[FilingFact]:
    """One fact per printed figure; the first table to print a concept and period wins."""
    facts: dict[tuple, FilingFact] = {}
    for table in tables:
        for fact in _table_facts(table, document):
            facts.setdefault((fact.concept, fact.unit, fact.period_end), fact)
    return list(facts.values())


def normalize_label(label: str) -> str:
    """'Total current assets (1):' -> 'total current assets' (lowercase, marks removed).

    Amounts printed inside a label ('net of $53 and $48', '(included $267,613 at fair value)',
    'Authorized — 1.0 billion shares; ...') are dropped so the concept is the same every year.
    """
    text = label.replace("’", "'").replace("“", '"').replace("”", '"')
    text = _FOOTNOTE.sub("", text)
    text = re.sub(rf"\s+of\s+{_AMOUNTS}|,?\s*{_AMOUNT}(?:\s*(?:,|,?\s*and)\s*{_AMOUNT})+", "", text)
    text = re.sub(r"\s*\([^()]*\d[^()]*\)", "", text)
    text = re.sub(r",?\s+respectively\b", "", text)
    cut = re.search(r"[:;](?=.*\d)", text)
    text = text[: cut.start()] if cut else text
    text = re.sub(r"\s+", " ", text).strip().rstrip(":;,").strip()
    return text.lower()


_AMOUNT = r"\(?\$\s?\d[\d,.]*\)?"
_AMOUNTS = rf"{_AMOUNT}(?:\s*(?:,|,?\s*and)\s*{_AMOUNT})*"


def document_accession(document: Document) -> str:
    """What table facts of `document` carry as `accession`: its SEC accession or its id."""
    accession = document.metadata.get("accession")
    if isinstance(accession, str) and accession:
        return accession
    return document.id.removeprefix("sec:") if document.source == "sec" else document.id


# ---- Statement kind, scale and columns (shared by PDF and Markdown) --------------------------


def statement_kind(line: str) -> str | None:
    """The statement a title line names ('CONSOLIDATED BALANCE SHEETS' -> 'balance sheet')."""
    text = _without_issuer(re.sub(r"\s+", " ", line).strip())
    match = _STATEMENT.match(text)
    if not match or len(text) > 160 or _NOT_PRIMARY.search(text[: match.end()]):
        return None
    if "equity" in text[: match.end()].lower():
        return None
    rest = re.split(r"\s{3,}|\(", text[match.end() :].replace("\n", "   "))[0]
    if not match.group("consolidated") and rest.strip(" 0123456789"):
        return None
    names = {"balance": 0, "income": 1, "comprehensive": 2, "cash": 3}
    return next(KINDS[i] for name, i in names.items() if match.group(name))


def _without_issuer(title: str) -> str:
    """A title line without the issuer's name printed before it."""
    issuer = _ISSUER.match(title)
    return title[issuer.end() :] if issuer else title


def scales(text: str) -> tuple[int, int | None] | None:
    """(money scale, share scale) from '(In millions, except ...)'; None without a scale."""
    flat = re.sub(r"\s+", " ", text)
    match = _SCALE.search(flat)
    if not match:
        return None
    scale = _SCALES[match.group(1).lower()]
    shares = _SHARES_IN.search(flat)
    if shares:
        return scale, _SCALES[shares.group(1).lower()]
    return scale, None if _EXCEPT_SHARES.search(flat) else scale


def header_columns(text: str, kind: str, context: Context) -> tuple[list[Column], int] | None:
    """The period columns a header names, and where the header ends in `text`."""
    found = _column_dates(text, context.annual)
    if not found:
        return None
    ends, stop = found
    if kind == "balance sheet":
        return [Column(end, None) for end in ends], stop
    months = _spans(text[:stop], len(ends), context.annual_form)
    if months is None:
        return None
    return [Column(end, span) for end, span in zip(ends, months, strict=True)], stop


def _column_dates(text: str, annual: date | None) -> tuple[list[date], int] | None:
    """'December 31, 2018 2017'; else full dates side by side; else 'March 31,' and years;
    else years alone, dated at the fiscal year end."""
    shared = _SHARED_DAY.search(text)
    if shared and len(shared.group("years").split()) >= 2:
        return _dated(shared.group(1), shared.group(2), shared.group("years"), shared.end())
    full = _date_cluster(text)
    if full:
        return [_to_date(m) for m in full], full[-1].end()
    month_day = _MONTH_DAY.search(text)
    years = _YEARS.search(text, month_day.end() if month_day else 0)
    if years and month_day and years.start() - month_day.end() <= 80:
        return _dated(month_day.group(1), month_day.group(2), years.group(0), years.end())
    if years and annual:
        # a fiscal year ending in the first week of January ends in the next calendar year
        later = annual.year - fiscal_year_of(annual)
        named = " ".join(str(int(year) + later) for year in years.group(0).split())
        return _dated(str(annual.month), str(annual.day), named, years.end())
    return None


def _dated(month: str, day: str, years: str, stop: int) -> tuple[list[date], int] | None:
    number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return [date(int(year), number, int(day)) for year in years.split()], stop
    except ValueError:
        return None


_LISTED_DATES = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)?")


def _date_cluster(text: str) -> list[re.Match] | None:
    """The first run of 'Month D, YYYY' dates separated only by white space, or listed ("Fiscal
    years ended December 31, 2022, December 25, 2021 and December 26, 2020")."""
    matches = list(DATE.finditer(text))
    if not matches:
        return None
    run = [matches[0]]
    for match in matches[1:]:
        between = _FOOTNOTE.sub("", text[run[-1].end() : match.start()])
        if not _LISTED_DATES.fullmatch(between):
            break
        run.append(match)
    return run


def _to_date(match: re.Match) -> date:
    month = MONTHS[match.group(1).lower().rstrip(".")]
    return date(int(match.group(3)), month, int(match.group(2)))


def _spans(header: str, count: int, is_annual_form: bool) -> list[int] | None:
    """Months per column from 'Three Months Ended ... Six Months Ended' (split evenly)."""
    spans = [_span_months(m) for m in _SPAN.finditer(header)]
    if not spans:
        return [12] * count if is_annual_form else None
    if count % len(spans):
        return None
    width = count // len(spans)
    return [span for span in spans for _ in range(width)]


def _span_months(match: re.Match) -> int:
    if match.group(1):
        return _SPAN_WORDS[match.group(1).lower()]
    if match.group(2):
        return _WEEKS[re.sub(r"[\s-]+", " ", match.group(2).lower())]
    return 3 if "quarter" in match.group(0).lower() else 12


# ---- PDF pages -------------------------------------------------------------------------------

HEAD_LINES = 12
MIN_ROWS = 3


@dataclass
class _Run:
    """Figures printed side by side, with where they start and end in the page text."""

    start: int
    end: int
    values: list[re.Match]


def pdf_table(section: Section, context: Context = Context()) -> StatementTable | None:
    """The statement on one PDF page (pypdf text), or None if the page is not one."""
    text = _one_row_per_line(section.text.replace("\xa0", " "))
    found = _pdf_title(text)
    if not found:
        return None
    kind, title, title_end = found
    scale = scales(text[: title_end + 400])
    header = header_columns(text[title_end : title_end + 800], kind, context)
    if not scale or not header or len(header[0]) < 2:
        return None
    columns, stop = header
    table = StatementTable(kind, title, columns, scale[0], scale[1], page=section.page)
    rows = _pdf_rows(text[title_end + stop :], len(columns), _vocabulary(text))
    table.rows = [row for row in rows if not _years_row(row)]
    table.section = section.title
    return table if len(table.rows) >= MIN_ROWS else None


def _years_row(row: "Row") -> bool:
    """A header line of years under a dated title ("(in millions) 2022 2021 2020"), no row."""
    return all(re.fullmatch(r"(?:19|20)\d{2}", (value or "").strip()) for value in row.values)


SEGMENT_HEADER_LINES = 3  # a segment table's period header sits right under its title


def pdf_segment_table(section: Section, context: Context = Context()) -> StatementTable | None:
    """A segment table on one PDF page (ingestion.segments): a title line among the first lines
    that speaks of segments ("Summary of Business Segment Data"), period columns right under it,
    one row per segment under a measure heading ("Revenues:"), up to that measure's total. Pages
    whose columns repeat the years (segments side by side, each with its own period columns),
    and titles that are a wrapped piece of a sentence, are not read."""
    text = _one_row_per_line(section.text.replace("\xa0", " "))
    head = [line.strip() for line in text.split("\n")[:HEAD_LINES]]
    titled = next((line for line in head if _segment_title(line)), None)
    if titled is None:
        return None
    title_end = text.find(titled) + len(titled)
    scale = scales(text[: title_end + 400])
    header = header_columns(text[title_end : title_end + 400], "segment", context)
    if not scale or not header or len(header[0]) < 2:
        return None
    columns, stop = header
    years_line = text[title_end : title_end + stop].rsplit("\n", 1)[-1]
    if text[title_end : title_end + stop].count("\n") > SEGMENT_HEADER_LINES or len(
        re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", years_line)
    ) > len(columns):
        return None
    table = StatementTable("segment", titled[:120], columns, scale[0], scale[1], page=section.page)
    table.rows = _segment_rows(
        _pdf_rows(text[title_end + stop :], len(columns), _vocabulary(text)),
        segments.measure_named(titled),
    )
    table.section = section.title
    return table if len(table.rows) >= 2 else None


def _segment_title(line: str) -> bool:
    """A title or caption line about segments, not a wrapped piece of a sentence."""
    return (
        bool(line[:1].isupper())
        and len(line) <= 120
        and segments.is_segment_table([line], "")
        and not re.search(r"[a-z]\.\s", line)
    )


SEGMENT_HEADING_CHARS = 40  # "Revenues:", "Operating profit": longer is a new table's caption


def _segment_rows(rows: list[Row], lead: str | None) -> list[Row]:
    """'<measure>: <segment>' rows. A measure's rows end at its total: after it only rows under
    a new short measure heading ("Operating profit:") are read; what follows otherwise
    reconciles to other figures, and a long caption starts another table."""
    out: list[Row] = []
    closed: set[str | None] = set()  # the measure headings (None: the title's) totalled
    for row in rows:
        heading = row.heading.strip() if row.heading else None
        if heading and len(heading) > SEGMENT_HEADING_CHARS:
            if out:
                break
            heading = None
        key = heading if heading and segments.measure_named(heading) else None
        if key in closed:
            continue
        if re.match(r"(?:total|consolidated)\b", row.label, re.IGNORECASE):
            closed |= {key, None}
            continue
        label = segments.segment_label(row.label, heading, lead)
        if label and ": " in label and row.label[:1].isupper():
            out.append(Row(label, None, row.values))
    return out


def _one_row_per_line(text: str) -> str:
    """Pages that print every cell on a line of its own, blank lines between, made into rows."""
    lines = text.split("\n")
    blank = sum(not line.strip() for line in lines)
    alone = sum(bool(_FIGURE_LINE.fullmatch(line.strip())) for line in lines)
    if blank < 0.3 * len(lines) and blank + alone < 0.5 * len(lines):
        return text
    text = re.sub(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*", "   ", text)
    text = re.sub(r"\([ \t]*\n[ \t]*(?=\d)", "(", text)
    text = re.sub(r"(?<=\d)[ \t]*\n[ \t]*\)", ")", text)
    return re.sub(r"[ \t]*\n[ \t]*(?=\$|\d)", " ", text)


_FIGURE_LINE = re.compile(r"\$|\(?\$?\s?[\d,.]+\)?%?|[—–-]|\)")


def _pdf_title(text: str) -> tuple[str, str, int] | None:
    """The statement named in the first lines of the page (a title may wrap once)."""
    parts = [m for m in re.finditer(r"[^\n]+?(?=[ \t]{3,}|\n|$)", text)][:HEAD_LINES]
    for index, part in enumerate(parts):
        line = part.group(0).strip()
        following = parts[index + 1].group(0).strip() if index + 1 < len(parts) else ""
        for candidate in (line, line + " " + following, line + following):
            kind = statement_kind(candidate)
            if kind:
                title = _clean_title(candidate)
                last = title.split()[-1]
                return kind, title, text.find(last, part.start()) + len(last)
    return None


def _clean_title(line: str) -> str:
    title = _without_issuer(re.sub(r"\s+", " ", line).strip())
    match = _STATEMENT.match(title)
    return title[: match.end()].strip() if match else title


def _pdf_rows(body: str, width: int, vocabulary: set[str]) -> list[Row]:
    """Rows of `width` figures, each with the label text printed before its figures."""
    rows: list[Row] = []
    heading: str | None = None
    label_start = 0
    body = _statement_body(body)
    for run in _runs(body):
        if _is_inline(body, run, width):
            continue
        matches = _row_values(body, run, width)
        end = matches[0].start() if matches else run.start
        lines = _label_lines(body[label_start:end], vocabulary)
        label_start = run.end
        if not lines:
            continue
        heading = next((line for line in reversed(lines[:-1])), heading)
        label = lines[-1]
        if matches is None or label.endswith(":"):
            heading = label if label.endswith(":") else heading
            continue
        values = [None if m.group("dash") else m.group(0) for m in matches]
        rows.append(Row(label, heading, values))
    return rows


def _runs(body: str) -> list[_Run]:
    """Figures grouped into runs: only spaces and '$' signs between them, on one line."""
    runs: list[_Run] = []
    for match in _VALUE.finditer(body):
        gap = body[runs[-1].end : match.start()] if runs else None
        if gap is not None and re.fullmatch(r"[ \t$]*", gap):
            runs[-1].values.append(match)
            runs[-1].end = match.end()
        else:
            runs.append(_Run(match.start(), match.end(), [match]))
    return runs


def _statement_body(body: str) -> str:
    """The page up to the statement's end: its notes line or its first footnote."""
    end = _END.search(body)
    return body[: end.start()] if end else body


_END = re.compile(
    r"see\s+(?:the\s+)?(?:accompanying\s+)?notes\s+to|the\s+(?:accompanying\s+)?notes\s+to\s+"
    r"(?:the\s+)?(?:condensed\s+)?consolidated|^\s*\([a-z]\)\s",
    re.IGNORECASE | re.MULTILINE,
)


def _is_inline(body: str, run: _Run, width: int) -> bool:
    """A figure inside a sentence ('net of tax of $5 and'), not a column of the table."""
    line_end = body.find("\n", run.end)
    after = body[run.end : line_end if line_end >= 0 else len(body)]
    attached_before = _attached_before(body, run.start)
    attached_after = bool(after.strip()) and len(after) - len(after.lstrip()) <= 1
    if len(run.values) < width and (
        attached_before or (attached_after and after.lstrip()[0].islower())
    ):
        return True
    glued = body[run.start - 1 : run.start].isalpha()
    if not (attached_before and attached_after) or (glued and len(run.values) == width):
        return False
    gaps = [body[a.end() : b.start()] for a, b in zip(run.values, run.values[1:], strict=False)]
    return all(len(gap.replace("$", "")) <= 1 for gap in gaps)


def _attached_before(body: str, start: int) -> bool:
    """Printed right after words on the same line (at most one space and a '$' between)."""
    before = body[body.rfind("\n", 0, start) + 1 : start].rstrip("$")
    return bool(before.strip()) and len(before) - len(before.rstrip()) <= 1


def _after_connector(body: str, start: int) -> bool:
    """Printed after 'and', 'of', a comma...: an amount the label speaks of, not a column."""
    before = body[body.rfind("\n", 0, start) + 1 : start].rstrip(" $")
    word = re.search(r"(\w+|[,;(])\s?$", before)
    return bool(word) and _attached_before(body, start) and word.group(1).lower() in _LEADS


_LEADS = {"and", "of", "or", "to", "by", "from", "at", "than", "was", "were", ",", ";", "("}


def _row_values(body: str, run: _Run, width: int) -> list[re.Match] | None:
    """The run's figures if it has one per column; leading extras may belong to the label
    (a year, or an amount printed right after its words: 'net of $68 and $59   95   74')."""
    values = run.values[1:] if _after_connector(body, run.start) else run.values
    extra = len(values) - width
    if extra > 0 and (
        all(re.fullmatch(r"(?:19|20)\d{2}", m.group(0)) for m in values[:extra])
        or _attached_before(body, run.start)
    ):
        values = values[extra:]
    return values if len(values) == width else None


def _label_lines(text: str, vocabulary: set[str]) -> list[str]:
    """The printed lines of a label area: wrapped lines joined, headings kept apart."""
    pieces = re.split(r"(\n[ \t]*|[ \t]{3,})", text.rstrip(" \t$").strip())
    lines: list[str] = []
    for index in range(0, len(pieces), 2):
        piece = pieces[index].strip()
        breaker = pieces[index - 1] if index else ""
        if not piece:
            continue
        if lines and _continues(lines[-1], piece, breaker):
            lines[-1] = _join(lines[-1], piece, breaker, pieces[index - 2], vocabulary)
        else:
            lines.append(piece)
    return [_tidy_label(line) for line in lines if _tidy_label(line)]


def _continues(previous: str, piece: str, breaker: str) -> bool:
    """A wrapped label line: starts lower-case, or follows 'and', 'of', a comma or hyphen."""
    if previous.endswith(":"):
        return False
    if not breaker.startswith("\n"):  # a wide gap on one line: the next column
        return bool(re.match(r"(?:and|or|of|net)\b", piece)) and previous[-1:].isdigit()
    last = previous.split()[-1].lower() if previous.split() else ""
    if piece[0].islower() or piece[0] in ",;)":
        return True
    return previous.endswith((",", "-", "—", "&")) or last in _CONNECTORS


def _join(previous: str, piece: str, breaker: str, raw_before: str, vocabulary: set[str]) -> str:
    """Join a wrapped line; a word cut in two ('re' + 'lated') is put back together."""
    cut = breaker == "\n" and raw_before[-1:].isalpha() and piece[0].isalpha()
    if cut:
        left = re.findall(r"[A-Za-z]+$", previous)[0].lower()
        right = re.match(r"[A-Za-z]+", piece).group(0).lower()
        whole = left + right
        if whole in vocabulary or not (left in vocabulary and right in vocabulary):
            return previous + piece
    return previous + " " + piece


def _vocabulary(text: str) -> set[str]:
    """Words printed at least twice on the page, plus common statement words."""
    counts = Counter(word.lower() for word in re.findall(r"[A-Za-z]{2,}", text))
    return {word for word, n in counts.items() if n >= 2} | _COMMON_WORDS


def _tidy_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip("$ ")
    text = re.sub(r"^(?:[\d,.()$—–-]+\s+)+(?=[A-Z])", "", text)
    return text if re.search(r"[A-Za-z]", text) else ""


# ---- Markdown tables (SEC filings) -----------------------------------------------------------

MD_TITLE_LINES = 4


def markdown_tables(section: Section, context: Context = Context()) -> list[StatementTable]:
    """The statements among a section's Markdown tables (title and scale printed above)."""
    lines = section.text.split("\n")
    tables, index = [], 0
    while index < len(lines):
        if not lines[index].startswith("|"):
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        above = lines[max(0, index - MD_TITLE_LINES) : index]
        block = lines[index:end]
        table = _markdown_table(above, block, context) or _segment_table(above, block, context)
        if table:
            table.section = section.title
            tables.append(table)
        index = end
    return tables


def _markdown_table(above: list[str], block: list[str], context: Context) -> StatementTable | None:
    found = [(statement_kind(line), line) for line in above if line.strip()]
    titled = [(kind, line) for kind, line in found if kind]
    if not titled:
        return None
    kind, title = titled[-1]
    scale = scales("\n".join(above[above.index(title) :]) + " " + " ".join(block[:4]))
    rows = [_cells(line) for line in block if not re.fullmatch(r"[|\s:-]+", line)]
    header, body = _split_header(rows)
    if not scale or not header:
        return None
    header_text = "\n".join("   ".join(c for c in row if c) for row in header)
    found = header_columns(header_text, kind, context)
    if not found or not found[0]:
        return None
    table = StatementTable(kind, _clean_title(title), found[0], scale[0], scale[1])
    table.rows = _markdown_rows(body, len(table.columns))
    return table if len(table.rows) >= MIN_ROWS else None


def _segment_table(above: list[str], block: list[str], context: Context) -> StatementTable | None:
    """A table of figures by segment, with period columns (ingestion.segments)."""
    rows = [_cells(line) for line in block if not re.fullmatch(r"[|\s:-]+", line)]
    header, body = _split_header(rows)
    header_text = "\n".join("   ".join(c for c in row if c) for row in header)
    if not header or not segments.is_segment_table(above, header_text):
        return None
    scale = scales("\n".join(above) + " " + " ".join(block[:4]))
    found = header_columns(header_text, "segment", context)
    if not scale or not found or not found[0]:
        return None
    title = segments.lead_line(above) or "Segment table"
    table = StatementTable("segment", title[:120], found[0], scale[0], scale[1])
    lead = segments.measure_named(title)
    changes = [[cell for cell in cells if not cell.endswith("%")] for cells in body]
    for row in _markdown_rows(changes, len(table.columns)):
        label = segments.segment_label(row.label, row.heading, lead)
        if label:
            table.rows.append(Row(label, None, row.values))
    return table if len(table.rows) >= 2 else None


def _markdown_rows(body: list[list[str]], width: int) -> list[Row]:
    rows: list[Row] = []
    heading = None
    for cells in body:
        label, values = _markdown_row(cells)
        if label and values is None:
            heading = label
        elif label and len(values) == width:
            rows.append(Row(label, heading, values))
    return rows


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _split_header(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Header rows are those before the first row with a figure."""
    for index, cells in enumerate(rows):
        if any(_is_figure(cell) for cell in cells[1:]) and not _is_year_row(cells):
            start = index
            while start > 0 and rows[start - 1][0] and not any(rows[start - 1][1:]):
                start -= 1  # a heading row ('Net sales:') just above the first figures
            return rows[:start], rows[start:]
    return rows, []


def _is_year_row(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(re.fullmatch(r"(?:19|20)\d{2}", cell) for cell in filled)


def _is_figure(cell: str) -> bool:
    return bool(cell) and bool(_FIGURE.fullmatch(cell))


_FIGURE = re.compile(rf"\$?\s?(?:\(\s?\$?\s?(?:{_NUM})\s?\)|(?:{_NUM})\s?%?|[—–-])")


def _markdown_row(cells: list[str]) -> tuple[str, list[str | None] | None]:
    """(label, figures) of a body row; figures None for a heading row; [] if unreadable."""
    label = _tidy_label(cells[0]) if cells else ""
    rest = _merge_marks([cell for cell in cells[1:] if cell not in ("", "$")])
    if not label:
        texts = [cell for cell in rest if not _is_figure(cell)]
        return (_tidy_label(texts[0]), None) if len(texts) == 1 and len(rest) == 1 else ("", [])
    if not rest:
        return label, None
    if not all(_is_figure(cell) for cell in rest):
        return label, []
    return label, [None if re.fullmatch(r"\$?\s?[—–-]", c) else c.lstrip("$ ") for c in rest]


def _merge_marks(cells: list[str]) -> list[str]:
    """Join ')' and '%' cells to the figure before them."""
    merged: list[str] = []
    for cell in cells:
        if cell in (")", "%", ")%") and merged:
            merged[-1] += cell
        else:
            merged.append(cell)
    return merged


# ---- Facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiscalCalendar:
    """The fiscal year end of the document's period and that fiscal year's number."""

    fye: date | None = None
    fiscal_year: int | None = None


def fiscal_calendar(document: Document) -> FiscalCalendar:
    """Where the document's fiscal year ends (its period end plus the quarters still to go)."""
    end = _iso_date(document.period_end)
    period = document.fiscal_period or ("FY" if document.form in ANNUAL_FORMS else None)
    if end is None or period not in {"FY", "Q1", "Q2", "Q3", "Q4"}:
        return _release_calendar(document)
    quarter = 4 if period == "FY" else int(period[1])
    year = document.fiscal_year or (end.year if quarter == 4 else None)
    if year is None:
        return FiscalCalendar()
    return FiscalCalendar(end + timedelta(days=round((4 - quarter) * 91.31)), year)


def _release_calendar(document: Document) -> FiscalCalendar:
    """An earnings release's calendar from the quarter and year its text names (or its
    filer's fiscal year end); empty when neither says."""
    text = "\n".join(section.text for section in document.sections[:3])
    year_end = document.metadata.get("fiscal_year_end")
    found = release_calendar(text, year_end if isinstance(year_end, str) else None)
    return FiscalCalendar(*found) if found else FiscalCalendar()


def column_fiscal(column: Column, calendar: FiscalCalendar) -> tuple[int, str | None]:
    """(fiscal year, fiscal period) of a column: FY, Q1..Q4, or YTD for six/nine months."""
    year, quarter = column.end.year, (4 if column.months == 12 else None)
    if calendar.fye is not None and calendar.fiscal_year is not None:
        shift = math.ceil(((column.end - calendar.fye).days - 15) / 365.25)
        year_end = calendar.fye + timedelta(days=round(shift * 365.25))
        left = round((year_end - column.end).days / 30.44 / 3)
        year, quarter = calendar.fiscal_year + shift, (4 - left if 0 <= left <= 3 else None)
    if column.months in (6, 9):
        return year, "YTD"
    if column.months == 12:
        return year, "FY"
    if quarter is None:
        return year, None
    return year, "FY" if quarter == 4 and column.months is None else f"Q{quarter}"


def _table_facts(table: StatementTable, document: Document) -> list[FilingFact]:
    if not _balanced(table):
        return []
    calendar = fiscal_calendar(document)
    facts = []
    for row, label in _labelled_rows(table):
        unit = _unit(row, table)
        if unit is None:
            continue
        for column, printed in zip(table.columns, row.values, strict=True):
            fact = _fact(table, document, calendar, label, column, printed, unit)
            if fact:
                facts.append(fact)
    return facts


def _fact(
    table: StatementTable,
    document: Document,
    calendar: FiscalCalendar,
    label: str,
    column: Column,
    printed: str | None,
    unit: tuple[str, int],
) -> FilingFact | None:
    number = parse_figure(printed) if printed else None
    if number is None:
        return None
    name, scale = unit
    fiscal_year, fiscal_period = column_fiscal(column, calendar)
    span = f" ({column.months} months)" if column.months in (6, 9) else ""
    where = f"page {table.page}" if table.page is not None else table.section
    return FilingFact(
        ticker=document.ticker or "",
        cik=document.cik,
        concept=f"table:{table.kind}{span}:{normalize_label(label)}",
        label=label,
        value=float(number * scale),
        unit=name,
        scale=scale,
        period_end=column.end.isoformat(),
        fiscal_year=fiscal_year,
        fiscal_period=fiscal_period,
        form=document.form,
        accession=document_accession(document),
        filed=document.published[:10] if document.source == "sec" and document.published else None,
        frame=f"P{column.months}M" if column.months else None,
        source="table",
        locator=f"{where}, {table.title}" if where else table.title,
    )


def parse_figure(printed: str) -> Decimal | None:
    """'(1,234)' -> Decimal('-1234'), '5.30' -> Decimal('5.30'), '12%' -> Decimal('12')."""
    text = printed.replace("$", "").replace(",", "").replace("%", "").strip()
    negative = text.startswith("(") and text.endswith(")")
    digits = text.strip("() ")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    value = Decimal(digits)
    return -value if negative else value


def _unit(row: Row, table: StatementTable) -> tuple[str, int] | None:
    """(unit, scale) of a row: shares, USD per share, percent or USD; None if unsure."""
    label, heading = row.label, row.heading or ""
    figures = [value for value in row.values if value]
    if figures and all(value.endswith("%") for value in figures):
        return "%", 1
    if any(value.endswith("%") for value in figures):
        return None
    generic = normalize_label(label) in {"basic", "diluted"}
    if _SHARE_ROW.match(label) or (generic and _SHARE_ROW.match(heading)):
        own = _SCALE_NOTE.search(label) or (_SCALE_NOTE.search(heading) if generic else None)
        scale = _SCALES_NOTED[own.group(1).lower()] if own else table.share_scale
        return ("shares", scale) if scale else None
    decimals = bool(figures) and all(re.search(r"\.\d{2}\)?$", value) for value in figures)
    if _PER_SHARE.search(label) and not re.search(r"par\s+value", label, re.I):
        return "USD/shares", 1
    if _PER_SHARE.search(heading) and decimals:
        return "USD/shares", 1
    if any("." in value for value in figures) and table.scale > 1 and not _tenths(row, table):
        return None  # a fraction of a million in a money row: not a line item we can trust
    return "USD", table.scale


def _tenths(row: Row, table: StatementTable) -> bool:
    """A table that prints its amounts to one decimal ('16,865.2' in millions): most of its
    rows do, and this row's figures have one decimal each."""
    if not all(_DECIMALS.fullmatch(v) for v in row.values if v):
        return False
    rows = [r for r in table.rows if any(r.values)]
    tenths = [r for r in rows if all(_DECIMALS.fullmatch(v) for v in r.values if v)]
    return len(tenths) >= 0.6 * len(rows)


_DECIMALS = re.compile(r"\(?\$?\s?[\d,]+\.\d\)?")
_SCALE_NOTE = re.compile(r"\((?:in\s+)?(thousands|millions|000)(?:[’']?s)?(?:\s+omitted)?\)", re.I)
_SCALES_NOTED = {**_SCALES, "000": 1_000}


def _labelled_rows(table: StatementTable) -> list[tuple[Row, str]]:
    """Each row with a label that says what it is and is unique within the table."""
    labels = [_qualified(row) for row in table.rows]
    counts = Counter(normalize_label(label) for label in labels)
    out, seen = [], set()
    for row, label in zip(table.rows, labels, strict=True):
        if counts[normalize_label(label)] > 1 and row.heading:
            label = f"{_heading(row.heading)}: {row.label}"
        key = normalize_label(label)
        if key and key not in seen:
            seen.add(key)
            out.append((row, label))
    return out


def _qualified(row: Row) -> str:
    """'Total' under 'Current assets' -> 'Total current assets'; 'Net' -> '<heading>, net'."""
    name = normalize_label(row.label)
    if name not in _GENERIC or not row.heading:
        return row.label
    heading = _heading(row.heading)
    if name == "total":
        return f"Total {heading[:1].lower()}{heading[1:]}"
    if name == "net":
        return f"{heading}, net"
    return f"{heading}: {row.label}"


def _heading(heading: str) -> str:
    return re.sub(r"\s+", " ", heading).strip().rstrip(":").strip()


def _balanced(table: StatementTable) -> bool:
    """A balance sheet whose total assets differ from liabilities plus equity was misread."""
    if table.kind != "balance sheet":
        return True
    totals = {normalize_label(row.label): row.values for row in table.rows}
    assets = totals.get("total assets")
    other = next(
        (values for name, values in totals.items() if re.fullmatch(_BALANCING, name)), None
    )
    if assets is None or other is None:
        return True
    return [_figure(v) for v in assets] == [_figure(v) for v in other]


def _figure(printed: str | None) -> Decimal | None:
    return parse_figure(printed) if printed else None


_BALANCING = r"total liabilities,? (?:and|&) (?:\w+'? )?(?:equity|deficit)(?: \(deficit\))?"


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# ---- Storage ---------------------------------------------------------------------------------


def _key(fact: FilingFact) -> tuple:
    """A table figure's TABLE_KEY."""
    return (fact.ticker, fact.concept, fact.unit, fact.period_start or "", fact.period_end)


def replace_document_facts(
    store: FactStore, document: Document, facts: list[FilingFact] | None = None
) -> tuple[WriteCount, int]:
    """Write a document's table facts (`facts`, when already read from it) and drop the ones it
    no longer prints.

    Returns the write counts and how many stale rows went. Facts of a document are those whose
    `accession` is `document_accession(document)`. The first document to print a line item for
    a period keeps it, so two filings showing the same column do not overwrite each other on
    every run (a later 10-Q repeating the year-end balance sheet, say); but a period's own
    filing (its current-year column) takes it over from another's comparative column, so a
    figure is the one its fiscal year's report stated, whichever filing was indexed first.
    """
    accession = document_accession(document)
    facts = table_facts(document) if facts is None else facts
    keep = {_key(f) for f in facts}
    owner = document.owner  # an upload's facts are its owner's (never another user's)
    removed = store.drop_table_facts(accession, keep, owner)
    tickers = {key[0] for key in keep}
    taken = store.table_keys_besides(tickers, accession, owner)
    theirs = store.own_period_keys(tickers, accession, owner) if taken else set()
    own_year = max((f.fiscal_year for f in facts if f.fiscal_year), default=None)
    mine = [
        f
        for f in facts
        if _key(f) not in taken or (f.fiscal_year == own_year and _key(f) not in theirs)
    ]
    written = store.upsert(mine, document.id, owner) if mine else WriteCount()
    written.unchanged += len(facts) - len(mine)
    return written, removed


def delete_document_facts(store: FactStore, document_id: str) -> int:
    """Remove every table fact of a document (by id, e.g. `upload:<hex>` or `sec:<accession>`;
    facts written before they carried their document's id are found by accession)."""
    removed = store.drop_document_facts(document_id)
    removed += store.drop_table_facts(document_id)  # shared facts written without their id
    if document_id.startswith("sec:"):
        removed += store.drop_table_facts(document_id.removeprefix("sec:"))
    return removed
