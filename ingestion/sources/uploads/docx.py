"""DOCX uploads: paragraphs and Markdown tables, a section per heading, hidden runs dropped
(hidden, web-hidden or always hidden, under 2 points, white with nothing behind it), directly or
through the run's character style, its paragraph's style (with the styles they are based on) or
the document's defaults. A hidden paragraph mark hides no text (Word joins the paragraph to the
next one and shows it).

The zip and its XML are checked before python-docx opens them: entry count, declared sizes and
compression ratios (zip bombs), and DTDs or entities in any XML part (defusedxml).
"""

import codecs
import io
import struct
import xml.sax
import zipfile

import defusedxml.sax
import docx  # python-docx (absolute import: not this module)
from defusedxml import DefusedXmlException
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.errors import InputError
from core.types import Section
from ingestion.sources.uploads.draft import Draft, markdown_table, one_line, tidy
from ingestion.sources.uploads.limits import MB, UploadLimits

_EOCD = b"PK\x05\x06"


def parse_docx(data: bytes, limits: UploadLimits) -> Draft:
    """Paragraphs and Markdown tables, a section per heading; the zip and XML are checked first."""
    _check_entry_count(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip_sizes(archive, limits)
            _check_xml_parts(archive)
        document = docx.Document(io.BytesIO(data))
        return _docx_draft(document)
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, NotImplementedError) as exc:
        raise InputError(f"malformed DOCX: {one_line(str(exc))}") from exc


def _check_entry_count(data: bytes, limits: UploadLimits) -> None:
    """Read the entry count from the end-of-central-directory record before opening the zip."""
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise InputError("malformed DOCX: no ZIP end-of-central-directory record")
    (entries,) = struct.unpack_from("<H", data, end + 10)
    if entries >= limits.docx_max_entries or entries == 0xFFFF:
        raise InputError(
            f"DOCX rejected: zip bomb ({entries:,} entries; limit {limits.docx_max_entries:,})"
        )


def _check_zip_sizes(archive: zipfile.ZipFile, limits: UploadLimits) -> None:
    """Declared sizes and compression ratios, checked before anything is decompressed."""
    infos = archive.infolist()
    if len(infos) > limits.docx_max_entries:
        raise InputError(f"DOCX rejected: zip bomb ({len(infos):,} entries)")
    total = sum(info.file_size for info in infos)
    if total > limits.docx_max_uncompressed_bytes:
        raise InputError(
            f"DOCX rejected: zip bomb (expands to {total / MB:,.0f} MB; "
            f"limit {limits.docx_max_uncompressed_bytes / MB:g} MB)"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.docx_ratio_min_bytes and ratio > limits.docx_max_ratio:
            raise InputError(
                f"DOCX rejected: zip bomb ({info.filename[:80]!r} expands {ratio:,.0f}x; "
                f"limit {limits.docx_max_ratio:g}x)"
            )


def _check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Every XML part must parse with DTDs and entities forbidden (defusedxml)."""
    for info in archive.infolist():
        if _is_xml_part(archive, info):
            _check_xml(info.filename, archive.read(info))


def _is_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    if info.filename.lower().endswith((".xml", ".rels")):
        return True
    with archive.open(info) as handle:
        start = handle.read(64)
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        start = start.removeprefix(bom)
    return start.lstrip().startswith((b"<", b"\x00<"))


def _check_xml(name: str, blob: bytes) -> None:
    try:
        defusedxml.sax.parseString(
            blob, xml.sax.ContentHandler(), forbid_dtd=True, forbid_entities=True
        )
    except DefusedXmlException as exc:
        raise InputError(
            f"DOCX rejected: DTD/entity declarations are not allowed (in {name[:80]})"
        ) from exc
    except xml.sax.SAXParseException as exc:
        raise InputError(f"DOCX rejected: malformed XML in {name[:80]}") from exc


def _docx_draft(document: docx.document.Document) -> Draft:
    sections: list[Section] = []
    title, lines, hidden = "Document", [], 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append(_docx_table_text(block))
            continue
        text, hidden_runs = _paragraph_text(block)
        hidden += hidden_runs
        if text and _is_heading(block):
            _flush(sections, title, lines)
            title, lines = text[:200], []
        lines.append(text)
    _flush(sections, title, lines)
    if not sections:
        raise InputError("no extractable text (the document has no text in paragraphs or tables)")
    draft = Draft(sections=sections)
    if hidden:
        draft.warnings.append(f"hidden text removed ({hidden} hidden run(s))")
    return draft


def _flush(sections: list[Section], title: str, lines: list[str]) -> None:
    text = tidy("\n".join(lines))
    if text:
        sections.append(Section(title=title, text=text))


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    return bool(style is not None and (style.name or "").startswith(("Heading", "Title")))


def _paragraph_text(paragraph: Paragraph) -> tuple[str, int]:
    """The visible text of a paragraph (hyperlink text included) and how many runs were hidden."""
    parts, hidden = [], 0
    inherited = _style_properties(paragraph)
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            if not _run_hidden(run, inherited):
                parts.append(run.text)
            elif run.text.strip():
                hidden += 1
    return "".join(parts).strip(), hidden


TINY_HALF_POINTS = 4  # under 2 points (w:sz counts half-points): unreadable in print, hidden
MAX_STYLE_CHAIN = 20  # w:basedOn links followed (a cycle or a longer chain stops there)
_OFF = ("0", "false", "off")


def _run_hidden(run: Run, inherited: list) -> bool:
    """A run a reader does not see: hidden (w:vanish), web-hidden or always hidden
    (w:specVanish), under 2 points, or white with no highlight or shading behind it; each
    property as Word resolves it: the run's own, then its character style's (and the styles
    it is based on), then its paragraph style's, then the document's defaults."""
    levels = [run._r.rPr, *_chain(run.style), *inherited]
    levels = [rpr for rpr in levels if rpr is not None]
    if any(rpr.find(qn("w:specVanish")) is not None for rpr in levels):
        return True
    if _first(levels, "w:vanish") or _first(levels, "w:webHidden"):
        return True
    size = _value(levels, "w:sz")
    if size is not None and size.isdigit() and int(size) < TINY_HALF_POINTS:
        return True
    color = (_value(levels, "w:color") or "").upper()
    behind = any(
        rpr.find(qn(tag)) is not None for rpr in levels for tag in ("w:highlight", "w:shd")
    )
    return color in ("FFFFFF", "FFF") and not behind


def _style_properties(paragraph: Paragraph) -> list:
    """The run properties a paragraph's runs inherit: its style's chain, the defaults."""
    defaults = paragraph.part.styles.element.find(qn("w:docDefaults"))
    default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    default_rpr = default.find(qn("w:rPr")) if default is not None else None
    return [*_chain(paragraph.style), default_rpr]


def _chain(style) -> list:
    """A style's run properties and those of the styles it is based on, nearest first."""
    found, seen = [], set()
    while style is not None and id(style.element) not in seen and len(seen) < MAX_STYLE_CHAIN:
        seen.add(id(style.element))
        found.append(style.element.rPr)
        style = style.base_style
    return found


def _first(levels: list, tag: str) -> bool:
    """A toggle property (w:vanish...) as the nearest level that sets it says."""
    for rpr in levels:
        element = rpr.find(qn(tag))
        if element is not None:
            return (element.get(qn("w:val")) or "true").lower() not in _OFF
    return False


def _value(levels: list, tag: str) -> str | None:
    for rpr in levels:
        element = rpr.find(qn(tag))
        if element is not None and element.get(qn("w:val")) is not None:
            return element.get(qn("w:val"))
    return None


def _docx_table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                seen.add(id(cell._tc))
                cells.append(" ".join(_paragraph_text(p)[0] for p in cell.paragraphs))
        rows.append(cells)
    return "\n" + _rows_text(rows) + "\n"


def _rows_text(rows: list[list[str]]) -> str:
    """Table rows as Markdown, without empty rows and columns; a one-column table as lines."""
    rows = _drop_empty_columns([row for row in rows if any(row)])
    if not rows:
        return ""
    if max(len(row) for row in rows) == 1:
        return "\n".join(row[0] for row in rows)
    return markdown_table(rows)


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    padded = [row + [""] * (width - len(row)) for row in rows]
    keep = [col for col in range(width) if any(row[col] for row in padded)]
    return [[row[col] for col in keep] for row in padded]
