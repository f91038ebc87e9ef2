"""CSV uploads: Markdown tables of at most 50 rows each with the header repeated; cells a
spreadsheet would run as formulas are defused with a leading `'`."""

import csv
import io
import itertools
import re

from core.errors import InputError
from core.types import Section
from ingestion.sources.uploads.draft import Draft, markdown_table, one_line
from ingestion.sources.uploads.limits import UploadLimits
from ingestion.sources.uploads.sniff import (
    SNIFF_BYTES,
    csv_delimiter,
    decode_text,
    encoding_warnings,
)

CSV_ROWS_PER_SECTION = 50
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")


def parse_csv(data: bytes, limits: UploadLimits) -> Draft:
    """Markdown tables of at most 50 rows each, header repeated; formula cells defused."""
    text, encoding = decode_text(data)
    delimiter = csv_delimiter(text[:SNIFF_BYTES]) or ","
    header, rows, truncated = _csv_rows(text, delimiter, limits.csv_max_rows)
    if not header:
        raise InputError("empty file")
    draft = Draft(sections=_csv_sections(header, rows), warnings=encoding_warnings(encoding))
    ragged = sum(len(row) != len(header) for row in rows)
    if ragged:
        draft.warnings.append(f"{ragged} row(s) have a different number of fields than the header")
    if truncated:
        draft.notes.append(f"truncated at row {limits.csv_max_rows:,}")
    return draft


def _csv_rows(text: str, delimiter: str, max_rows: int) -> tuple[list[str], list[list[str]], bool]:
    """The header, up to `max_rows` non-blank data rows (cells defused), and whether cut."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records = (row for row in reader if any(cell.strip() for cell in row))
    try:
        header = [_defuse_cell(cell) for cell in next(records, [])]
        rows = [[_defuse_cell(cell) for cell in row] for row in itertools.islice(records, max_rows)]
        truncated = next(records, None) is not None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: line {reader.line_num}: {one_line(str(exc))}") from exc
    return header, rows, truncated


def _defuse_cell(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (signed numbers stay as is)."""
    if cell.startswith(_FORMULA_START) and not _is_signed_number(cell):
        return "'" + cell
    return cell


def _is_signed_number(cell: str) -> bool:
    return (
        cell[:1] in "+-"
        and any(ch.isdigit() for ch in cell)
        and bool(_PLAIN_NUMBER.fullmatch(cell))
    )


def _csv_sections(header: list[str], rows: list[list[str]]) -> list[Section]:
    width = max([len(header)] + [len(row) for row in rows])
    full_header = header + [f"column {index + 1}" for index in range(len(header), width)]
    if not rows:
        return [Section(title="Header", text=markdown_table([full_header]))]
    sections = []
    for start in range(0, len(rows), CSV_ROWS_PER_SECTION):
        chunk = rows[start : start + CSV_ROWS_PER_SECTION]
        title = f"Rows {start + 1}-{start + len(chunk)}"
        sections.append(Section(title=title, text=markdown_table([full_header, *chunk])))
    return sections
