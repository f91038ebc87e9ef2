"""Analyst uploads (PDF, HTML, DOCX, CSV, text, Markdown): sniff by content, parse in a sandbox.

Parsing runs in a child process under time and memory limits (`ingestion.sandbox`); a file we
cannot accept ends as an `InputError` with a one-line reason, never as a partial Document. The
client's filename is only a hint. Nothing found in a file is executed or fetched.
"""

import codecs
import contextlib
import csv
import hashlib
import io
import itertools
import logging
import os
import re
import struct
import tempfile
import unicodedata
import xml.sax
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import defusedxml.sax
import docx
import lxml.html
from bs4.dammit import EncodingDetector
from defusedxml import DefusedXmlException
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from lxml import etree
from pydantic import BaseModel, Field
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from core.errors import InputError
from core.types import Document, Section
from ingestion.company import apply_filing_info, detect_filing
from ingestion.sandbox import (
    ProcessLimits,
    SandboxCrashed,
    SandboxMemoryExceeded,
    SandboxRaised,
    SandboxTimeout,
    run_limited,
)

Kind = Literal["pdf", "html", "docx", "csv", "text", "markdown"]
KINDS: tuple[str, ...] = ("pdf", "html", "docx", "csv", "text", "markdown")
LABELS = {
    "pdf": "PDF",
    "html": "HTML",
    "docx": "DOCX",
    "csv": "CSV",
    "text": "text file",
    "markdown": "Markdown file",
}
MB = 1_000_000
MIB = 1 << 20
MAX_DISPLAY_NAME = 120
CSV_ROWS_PER_SECTION = 50
SNIFF_BYTES = 65_536
_PRELOAD = ("ingestion.sources.uploads",)


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may cost; every limit is checked before or while parsing."""

    max_bytes: int = 50 * MB
    max_pages: int = 500
    max_chars: int = 5_000_000
    max_page_chars: int = 100_000
    parse_timeout_s: float = 60.0
    memory_bytes: int = 1 << 30
    csv_max_rows: int = 200_000
    docx_max_entries: int = 2_000
    docx_max_uncompressed_bytes: int = 200 * MB
    docx_max_ratio: float = 100.0
    docx_ratio_min_bytes: int = 1 << 20  # smaller entries are not checked for their ratio


class ParsedUpload(BaseModel):
    """The text of an accepted upload, split into sections, with what was cut and why."""

    kind: Kind
    sections: list[Section]
    pages: int = 0  # pages in the file (PDF); 0 for formats without pages
    chars: int = 0
    truncated: bool = False
    truncated_note: str | None = None
    warnings: list[str] = Field(default_factory=list)


class StoredUpload(BaseModel):
    """The original bytes as stored on disk under a name we generated."""

    path: Path
    sha256: str
    size: int


# ---- Public API ------------------------------------------------------------------------------


def parse_upload(data: bytes, filename: str, limits: UploadLimits | None = None) -> ParsedUpload:
    """Sniff and parse an upload in a sandboxed child; raise InputError saying what is wrong."""
    limits = limits or UploadLimits()
    _check_size(data, limits)
    if not data.strip():
        raise InputError("empty file")
    kind = sniff(data, filename)
    payload = _run_sandboxed(kind, data, limits)
    return ParsedUpload(kind=kind, **payload)


def sniff(data: bytes, filename: str = "") -> Kind:
    """The kind of file by its content (pdf, html, docx, csv, text, markdown); the name is a hint.

    Raises InputError("unsupported file type: ...") for anything else.
    """
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    label = _binary_label(data)
    if label:
        raise InputError(f"unsupported file type: {label}")
    head, _ = decode_text(data[:SNIFF_BYTES], final=False)
    if not _is_text(head):
        raise InputError("unsupported file type: binary data")
    if _looks_like_html(head):
        return "html"
    if csv_delimiter(head) is not None:
        return "csv"
    return "markdown" if filename.lower().endswith((".md", ".markdown")) else "text"


def store_original(data: bytes, uploads_dir: Path, kind: str | None = None) -> StoredUpload:
    """Store the bytes as `<sha256>.<kind>` (atomic; identical bytes are stored once)."""
    kind = kind or sniff(data)
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind {kind!r}")
    digest = hashlib.sha256(data).hexdigest()
    uploads_dir.mkdir(parents=True, exist_ok=True)
    path = uploads_dir / f"{digest}.{kind}"
    if not (path.is_file() and path.stat().st_size == len(data)):
        _write_atomically(path, data)
    return StoredUpload(path=path, sha256=digest, size=len(data))


def safe_display_name(filename: str) -> str:
    """The client's filename made safe to show: no path, control or bidi characters, <= 120."""
    cleaned = "".join(ch for ch in filename if not _is_unsafe_char(ch))
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", cleaned))[-1].strip()
    if name in {"", ".", ".."}:
        return "upload"
    return _cap_name(name, MAX_DISPLAY_NAME)


def upload_document(parsed: ParsedUpload, stored: StoredUpload, display_name: str) -> Document:
    """The Document for an accepted upload: id `upload:<16 hex of sha256>`, source "upload".

    A 10-K/10-Q also gets its ticker, form, period end and fiscal year from its cover page.
    """
    metadata: dict[str, str | int | float | bool] = {
        "kind": parsed.kind,
        "pages": parsed.pages,
        "sha256": stored.sha256,
        "size": stored.size,
        "chars": parsed.chars,
        "truncated": parsed.truncated,
    }
    if parsed.truncated_note:
        metadata["truncated_note"] = parsed.truncated_note
    document = Document(
        id=f"upload:{stored.sha256[:16]}",
        source="upload",
        title=safe_display_name(display_name),
        sections=list(parsed.sections),
        metadata=metadata,
    )
    return apply_filing_info(document, detect_filing(document.sections))


def decode_text(data: bytes, final: bool = True) -> tuple[str, str]:
    """Decode by BOM (UTF-8/16/32), else UTF-8, else latin-1; returns (text, encoding used)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codecs.getincrementaldecoder(codec)("replace").decode(data, final), codec
    try:
        return codecs.getincrementaldecoder("utf-8")("strict").decode(data, final), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def csv_delimiter(text: str) -> str | None:
    """The delimiter that splits the first records of `text` consistently, or None if not CSV."""
    sample = text[: text.rfind("\n")] if text.count("\n") > 2 else text
    best: tuple[int, int, str] | None = None
    for delimiter in (",", ";", "\t"):
        widths = _record_widths(sample, delimiter)
        if len(widths) < 2 or widths[0] < 2:
            continue
        same = sum(width == widths[0] for width in widths)
        if same / len(widths) >= 0.8 and (best is None or (same, widths[0]) > best[:2]):
            best = (same, widths[0], delimiter)
    return best[2] if best else None


# ---- Size, sniffing, names -------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\x00asm", "WebAssembly module"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media file"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (.doc/.xls)"),
    (b"{\\rtf", "RTF document"),
)
# A ZIP central-directory entry (name length 17) for word/document.xml.
_DOCX_ENTRY = re.compile(rb"PK\x01\x02.{24}\x11\x00.{16}word/document\.xml", re.DOTALL)
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
_XML_PROLOG = re.compile(r"\s*(?:<\?xml[^>]*\?>\s*|<!--.*?-->\s*)*", re.DOTALL)
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|base|link|div|p|pre|span|a|b|i|u|em|strong|"
    r"small|sub|sup|code|br|hr|img|table|thead|tbody|tr|td|th|caption|h[1-6]|ul|ol|li|dl|"
    r"blockquote|script|style|iframe|frameset|frame|noscript|noframes|template|object|embed|"
    r"form|input|button|label|select|textarea|section|article|header|footer|nav|main|aside|"
    r"figure|center|font|svg|video|audio|canvas)\b",
    re.IGNORECASE,
)
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _check_size(data: bytes, limits: UploadLimits) -> None:
    if len(data) > limits.max_bytes:
        raise InputError(
            f"file too large ({len(data) / MB:.1f} MB; limit {limits.max_bytes / MB:g} MB)"
        )


def _sniff_zip(data: bytes) -> Kind:
    if _DOCX_ENTRY.search(data):
        return "docx"
    raise InputError("unsupported file type: ZIP archive without word/document.xml (not a DOCX)")


def _binary_label(data: bytes) -> str | None:
    """A name for well-known binary formats, so the error can say what the file really is."""
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "Windows executable"
    return next((label for magic, label in _MAGIC if data.startswith(magic)), None)


def _is_text(text: str) -> bool:
    """No NUL and at most 5% control characters: what text files look like, binaries do not."""
    if "\x00" in text:
        return False
    return len(_CONTROL.findall(text)) <= 0.05 * max(len(text), 1)


def _looks_like_html(head: str) -> bool:
    text = head.lstrip("\ufeff")
    prolog = _XML_PROLOG.match(text)
    return bool(_HTML_START.match(text, prolog.end() if prolog else 0))


def _record_widths(sample: str, delimiter: str) -> list[int]:
    """Field counts of the first 20 non-blank records of `sample` split by `delimiter`."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        records = [row for row in itertools.islice(reader, 40) if any(c.strip() for c in row)]
    except csv.Error:
        return []
    return [len(row) for row in records[:20]]


def _is_unsafe_char(ch: str) -> bool:
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _cap_name(name: str, limit: int) -> str:
    """Cut a long name to `limit` characters, keeping a short extension."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= 10:
        return stem[: limit - len(ext) - 1].rstrip() + "." + ext
    return name[:limit].rstrip()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# ---- The sandbox boundary --------------------------------------------------------------------


def _run_sandboxed(kind: str, data: bytes, limits: UploadLimits) -> dict:
    """Parse in a child; map every way the child can fail to a one-line InputError."""
    process_limits = ProcessLimits(
        timeout_s=limits.parse_timeout_s, memory_bytes=limits.memory_bytes
    )
    label = LABELS[kind]
    try:
        payload = run_limited(_parse_in_child, (kind, data, limits), process_limits, _PRELOAD)
    except SandboxTimeout as exc:
        raise InputError(f"parse timeout after {limits.parse_timeout_s:g} s") from exc
    except SandboxMemoryExceeded as exc:
        raise InputError(f"exceeds memory limit ({limits.memory_bytes / MIB:g} MiB)") from exc
    except SandboxCrashed as exc:
        raise InputError(f"could not parse {label}: the parser crashed ({exc})") from exc
    except SandboxRaised as exc:
        short = exc.type_name.rsplit(".", 1)[-1]
        raise InputError(f"malformed {label}: {short}: {_one_line(exc.detail)}") from exc
    if "error" in payload:
        raise InputError(payload["error"])
    return payload


def _parse_in_child(kind: str, data: bytes, limits: UploadLimits) -> dict:
    """Runs in the sandbox: the parse as plain data, or {"error": message} for an InputError."""
    try:
        draft = _PARSERS[kind](data, limits)
        _cap_chars(draft, limits.max_chars)
    except InputError as exc:
        return {"error": str(exc)}
    return draft.as_payload()


@dataclass
class _Draft:
    """A parse in progress: sections plus truncation notes and warnings."""

    sections: list[Section]
    pages: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_payload(self) -> dict:
        return {
            "sections": [section.model_dump() for section in self.sections],
            "pages": self.pages,
            "chars": sum(len(section.text) for section in self.sections),
            "truncated": bool(self.notes),
            "truncated_note": "; ".join(self.notes) or None,
            "warnings": self.warnings,
        }


def _cap_chars(draft: _Draft, max_chars: int) -> None:
    """Cut the sections so that their text adds up to at most `max_chars` characters."""
    kept: list[Section] = []
    room = max_chars
    for section in draft.sections:
        if len(section.text) > room:
            if room > 0:
                kept.append(section.model_copy(update={"text": section.text[:room]}))
            draft.notes.append(f"truncated at {max_chars:,} characters")
            break
        kept.append(section)
        room -= len(section.text)
    draft.sections = kept


def _one_line(text: str, limit: int = 200) -> str:
    """A library's message made fit for a one-line error."""
    return re.sub(r"\s+", " ", text).strip()[:limit]


def _encoding_warnings(encoding: str) -> list[str]:
    if encoding == "latin-1":
        return ["decoded as latin-1 (the file is not valid UTF-8)"]
    if encoding in {"utf-16", "utf-32"}:
        return [f"decoded as {encoding.upper()} (byte-order mark)"]
    return []


def _tidy(text: str) -> str:
    """Collapse runs of spaces in each line and runs of blank lines; strip the ends."""
    lines = (re.sub(r"[ \t\f\v\r\xa0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _markdown_table(rows: list[list[str]]) -> str:
    """Rows (the first is the header) as a Markdown table; cells on one line, pipes escaped."""
    width = max(len(row) for row in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = [_table_cell(cell) for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


def _table_cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().replace("|", "\\|")


# ---- PDF -------------------------------------------------------------------------------------


def _parse_pdf(data: bytes, limits: UploadLimits) -> _Draft:
    """One section per page ("Page N", 1-based), pypdf's repair warnings kept."""
    if b"%%EOF" not in data[-1024:]:
        raise InputError("malformed PDF: the file is truncated (no %%EOF marker at its end)")
    with _pypdf_warnings() as repairs, _pdf_errors():
        reader = _open_pdf(data)
        draft = _read_pages(reader, limits)
    draft.warnings += [f"PDF repaired: {message}" for message in repairs[:5]]
    return draft


def _open_pdf(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise InputError("password-protected PDF")
    return reader


def _read_pages(reader: PdfReader, limits: UploadLimits) -> _Draft:
    count = len(reader.pages)
    if count == 0:
        raise InputError("no extractable text (the PDF has no pages)")
    draft = _Draft(sections=[], pages=count)
    blank = []
    for number in range(1, min(count, limits.max_pages) + 1):
        text = _page_text(reader, number, limits, draft)
        if text:
            draft.sections.append(Section(title=f"Page {number}", text=text, page=number))
        else:
            blank.append(number)
    if not draft.sections:
        raise InputError("no extractable text (image-only or scanned?)")
    if count > limits.max_pages:
        draft.notes.append(f"truncated at page {limits.max_pages} (of {count})")
    if blank:
        draft.warnings.append(f"no text on {len(blank)} page(s): {_number_list(blank)}")
    return draft


def _page_text(reader: PdfReader, number: int, limits: UploadLimits, draft: _Draft) -> str:
    """The text of one page; a page pypdf cannot read is noted and skipped."""
    try:
        text = reader.pages[number - 1].extract_text() or ""
    except LimitReachedError:
        raise
    except PyPdfError as exc:
        draft.warnings.append(f"page {number} could not be read ({_one_line(str(exc))})")
        return ""
    text = text.replace("\x00", "").strip()
    if len(text) > limits.max_page_chars:
        draft.notes.append(f"page {number} cut at {limits.max_page_chars:,} characters")
        text = text[: limits.max_page_chars]
    return text


def _number_list(numbers: list[int], shown: int = 10) -> str:
    listed = ", ".join(str(n) for n in numbers[:shown])
    return listed + (f" and {len(numbers) - shown} more" if len(numbers) > shown else "")


@contextlib.contextmanager
def _pdf_errors() -> Iterator[None]:
    """pypdf's exceptions as InputErrors that say what is wrong with the PDF."""
    try:
        yield
    except LimitReachedError as exc:
        raise InputError(
            f"PDF rejected: a decoding limit was reached ({_one_line(str(exc))})"
        ) from exc
    except DependencyError as exc:
        raise InputError(f"encrypted PDF cannot be read here ({_one_line(str(exc))})") from exc
    except PyPdfError as exc:
        raise InputError(f"malformed PDF: {_one_line(str(exc))}") from exc


@contextlib.contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Collect the distinct warnings pypdf logs while it repairs a damaged file."""
    messages: list[str] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()[:200]
            if message not in messages:
                messages.append(message)

    logger, handler = logging.getLogger("pypdf"), _Collector(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


# ---- HTML ------------------------------------------------------------------------------------

_ACTIVE_TAGS = frozenset(
    "script style iframe frame frameset noscript template object embed applet svg math canvas "
    "audio video head".split()
)
_LINE_BREAK, _PARAGRAPH_BREAK = "\ue000", "\ue001"  # private-use marks, resolved at the end
_MARKDOWN_TAG = "finassist-markdown"  # a <table> already rendered as Markdown: keep its lines
_LINE_TAGS = frozenset(
    "div br li tr dt dd address figure figcaption main nav aside form fieldset details summary "
    "caption title body html header footer section article".split()
)
_PARAGRAPH_TAGS = frozenset(
    f"p h1 h2 h3 h4 h5 h6 ul ol dl blockquote pre hr table {_MARKDOWN_TAG}".split()
)
_BREAKS = re.compile(f"[ ]*[{_LINE_BREAK}{_PARAGRAPH_BREAK}][{_LINE_BREAK}{_PARAGRAPH_BREAK} ]*")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|"
    r"font-size\s*:\s*0(?![.\d])|opacity\s*:\s*0(?![.\d])",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CURRENCY_CELLS = {"$", "€", "£", "¥"}
_CLOSING_CELLS = {")", "%", ")%", "%)"}


def _parse_html(data: bytes, limits: UploadLimits) -> _Draft:
    """Visible text of the page, tables as Markdown; scripts, styles and hidden text dropped."""
    root = _html_tree(data)
    title = _html_title(root)
    hidden = _drop_invisible(root)
    for table in reversed(list(root.iter("table"))):  # inner tables first
        text = _rows_text([_row_cells(tr) for tr in table.iter("tr")])
        table.clear(keep_tail=True)
        table.tag, table.text = _MARKDOWN_TAG, text
    text = _tidy(_element_text(root))
    if not text:
        raise InputError("no extractable text (only scripts, styles or hidden content)")
    draft = _Draft(sections=[Section(title=title, text=text)])
    if hidden:
        draft.warnings.append(f"hidden text removed ({hidden} hidden element(s))")
    return draft


def _html_tree(data: bytes) -> lxml.html.HtmlElement:
    """Parse with lxml (no network, comments and processing instructions dropped)."""
    text = _XML_DECLARATION.sub("", _html_unicode(data), count=1)
    parser = lxml.html.HTMLParser(
        huge_tree=True, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError as exc:
        raise InputError("no extractable text (only scripts, styles or hidden content)") from exc
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise InputError(f"HTML rejected: {error.message.split(',')[0]}")
    return root


def _html_unicode(data: bytes) -> str:
    """Decode by BOM or as UTF-8; else by the declared charset; else as latin-1."""
    text, encoding = decode_text(data)
    if encoding != "latin-1":
        return text
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    with contextlib.suppress(LookupError, UnicodeDecodeError):
        return data.decode(declared) if declared else text
    return text


def _html_title(root: lxml.html.HtmlElement) -> str:
    title = root.find(".//title")
    text = _tidy(title.text_content()) if title is not None else ""
    return text[:200] or "HTML document"


def _drop_invisible(root: lxml.html.HtmlElement) -> int:
    """Remove active content (scripts, frames, ...) and hidden elements; return how many hidden."""
    active, hidden = [], []
    walker = etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _ACTIVE_TAGS:
            active.append(element)
        elif _is_hidden(element):
            hidden.append(element)
        else:
            continue
        walker.skip_subtree()
    for element in active + hidden:
        element.drop_tree()  # keeps the text that follows the element
    return len(hidden)


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    style = element.get("style")
    return "hidden" in element.attrib or bool(style and _HIDDEN_STYLE.search(style))


def _element_text(element: lxml.html.HtmlElement) -> str:
    """The text under `element` as a browser lays it out: whitespace collapsed outside <pre>,
    a line break around block elements and a blank line around paragraphs, lists and tables."""
    parts: list[str] = []
    verbatim = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        keep = tag in ("pre", _MARKDOWN_TAG)
        parts.append(_break_for(tag))
        if event == "start":
            verbatim += keep
            parts.append(_html_space(node.text, verbatim))
        else:
            verbatim -= keep
            if node is not element:
                parts.append(_html_space(node.tail, verbatim))
    text = "".join(parts)
    return _BREAKS.sub(lambda m: "\n\n" if _PARAGRAPH_BREAK in m.group() else "\n", text)


def _break_for(tag: str) -> str:
    if tag in _PARAGRAPH_TAGS:
        return _PARAGRAPH_BREAK
    return _LINE_BREAK if tag in _LINE_TAGS else ""


def _html_space(text: str | None, verbatim: int) -> str:
    if not text:
        return ""
    return text if verbatim else re.sub(r"\s+", " ", text)


def _row_cells(tr: lxml.html.HtmlElement) -> list[str]:
    cells = [_tidy(_element_text(cell)) for cell in tr if cell.tag in ("td", "th")]
    return _merge_symbol_cells(cells)


def _merge_symbol_cells(cells: list[str]) -> list[str]:
    """Join "$" cells to the figure after them and ")" or "%" cells to the one before."""
    merged = list(cells)
    for index, cell in enumerate(merged):
        if cell in _CURRENCY_CELLS and index + 1 < len(merged) and merged[index + 1]:
            merged[index + 1], merged[index] = cell + merged[index + 1], ""
        elif cell in _CLOSING_CELLS and index > 0 and merged[index - 1]:
            merged[index - 1], merged[index] = merged[index - 1] + cell, ""
    return merged


def _rows_text(rows: list[list[str]]) -> str:
    """Table rows as Markdown, without empty rows and columns; a one-column table as lines."""
    rows = _drop_empty_columns([row for row in rows if any(row)])
    if not rows:
        return ""
    if max(len(row) for row in rows) == 1:
        return "\n".join(row[0] for row in rows)
    return _markdown_table(rows)


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    padded = [row + [""] * (width - len(row)) for row in rows]
    keep = [col for col in range(width) if any(row[col] for row in padded)]
    return [[row[col] for col in keep] for row in padded]


# ---- Text and Markdown -----------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _parse_text(data: bytes, limits: UploadLimits) -> _Draft:
    """The whole text as one section, decoded by BOM, UTF-8, else latin-1."""
    text = _decoded_body(data)
    return _Draft(sections=[Section(title="Text", text=text)], warnings=_decoding(data))


def _parse_markdown(data: bytes, limits: UploadLimits) -> _Draft:
    """One section per Markdown heading (outside code fences); the text is kept as written."""
    text = _decoded_body(data)
    return _Draft(sections=_markdown_sections(text), warnings=_decoding(data))


def _decoded_body(data: bytes) -> str:
    text, _ = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise InputError("empty file")
    return text


def _decoding(data: bytes) -> list[str]:
    """Warnings about how the bytes were decoded (only a BOM prefix needs to be looked at)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _encoding_warnings(codec)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _encoding_warnings("latin-1")
    return []


def _markdown_sections(text: str) -> list[Section]:
    sections: list[Section] = []
    title, lines, fenced = "Text", [], False
    for line in text.split("\n"):
        fenced ^= bool(_FENCE.match(line))
        heading = None if fenced else _HEADING.match(line)
        if heading and any(part.strip() for part in lines):
            sections.append(Section(title=title, text="\n".join(lines).strip()))
            lines = []
        if heading:
            title = heading.group(2).strip()[:200]
        lines.append(line)
    sections.append(Section(title=title, text="\n".join(lines).strip()))
    return [section for section in sections if section.text]


# ---- CSV -------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")


def _parse_csv(data: bytes, limits: UploadLimits) -> _Draft:
    """Markdown tables of at most 50 rows each, header repeated; formula cells defused."""
    text, encoding = decode_text(data)
    delimiter = csv_delimiter(text[:SNIFF_BYTES]) or ","
    header, rows, truncated = _csv_rows(text, delimiter, limits.csv_max_rows)
    if not header:
        raise InputError("empty file")
    draft = _Draft(sections=_csv_sections(header, rows), warnings=_encoding_warnings(encoding))
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
        raise InputError(f"malformed CSV: line {reader.line_num}: {_one_line(str(exc))}") from exc
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
        return [Section(title="Header", text=_markdown_table([full_header]))]
    sections = []
    for start in range(0, len(rows), CSV_ROWS_PER_SECTION):
        chunk = rows[start : start + CSV_ROWS_PER_SECTION]
        title = f"Rows {start + 1}-{start + len(chunk)}"
        sections.append(Section(title=title, text=_markdown_table([full_header, *chunk])))
    return sections


# ---- DOCX ------------------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"


def _parse_docx(data: bytes, limits: UploadLimits) -> _Draft:
    """Paragraphs and Markdown tables, a section per heading; the zip and XML are checked first."""
    _check_entry_count(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip_sizes(archive, limits)
            _check_xml_parts(archive)
        document = docx.Document(io.BytesIO(data))
        return _docx_draft(document)
    except (zipfile.BadZipFile, OpcError, KeyError, ValueError, NotImplementedError) as exc:
        raise InputError(f"malformed DOCX: {_one_line(str(exc))}") from exc


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


def _docx_draft(document: docx.document.Document) -> _Draft:
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
    draft = _Draft(sections=sections)
    if hidden:
        draft.warnings.append(f"hidden text removed ({hidden} hidden run(s))")
    return draft


def _flush(sections: list[Section], title: str, lines: list[str]) -> None:
    text = _tidy("\n".join(lines))
    if text:
        sections.append(Section(title=title, text=text))


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    return bool(style is not None and (style.name or "").startswith(("Heading", "Title")))


def _paragraph_text(paragraph: Paragraph) -> tuple[str, int]:
    """The visible text of a paragraph (hyperlink text included) and how many runs were hidden."""
    parts, hidden = [], 0
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            if run.font.hidden and run.text.strip():
                hidden += 1
            elif not run.font.hidden:
                parts.append(run.text)
    return "".join(parts).strip(), hidden


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


_PARSERS: dict[str, Callable[[bytes, UploadLimits], _Draft]] = {
    "pdf": _parse_pdf,
    "html": _parse_html,
    "docx": _parse_docx,
    "csv": _parse_csv,
    "text": _parse_text,
    "markdown": _parse_markdown,
}
