"""What an upload is, by its content: its kind (the client's filename is only a hint) and how
its text is encoded. Raises InputError("unsupported file type: ...") for anything else."""

import codecs
import csv
import io
import itertools
import re
from typing import Literal

from core.errors import InputError

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
SNIFF_BYTES = 65_536
BOMS = (
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


def decode_text(data: bytes, final: bool = True) -> tuple[str, str]:
    """Decode by BOM (UTF-8/16/32), else UTF-8, else latin-1; returns (text, encoding used)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codecs.getincrementaldecoder(codec)("replace").decode(data, final), codec
    try:
        return codecs.getincrementaldecoder("utf-8")("strict").decode(data, final), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def encoding_warnings(encoding: str) -> list[str]:
    """What to tell the analyst about an encoding `decode_text` used (nothing for UTF-8)."""
    if encoding == "latin-1":
        return ["decoded as latin-1 (the file is not valid UTF-8)"]
    if encoding in {"utf-16", "utf-32"}:
        return [f"decoded as {encoding.upper()} (byte-order mark)"]
    return []


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
