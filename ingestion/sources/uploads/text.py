"""Plain-text and Markdown uploads: decoded by BOM, UTF-8, else latin-1; Markdown split at its
headings (outside code fences), the text kept as written."""

import re

from core.errors import InputError
from core.types import Section
from ingestion.sources.uploads.draft import Draft
from ingestion.sources.uploads.limits import UploadLimits
from ingestion.sources.uploads.sniff import BOMS, decode_text, encoding_warnings

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def parse_text(data: bytes, limits: UploadLimits) -> Draft:
    """The whole text as one section, decoded by BOM, UTF-8, else latin-1."""
    text = _decoded_body(data)
    return Draft(sections=[Section(title="Text", text=text)], warnings=_decoding(data))


def parse_markdown(data: bytes, limits: UploadLimits) -> Draft:
    """One section per Markdown heading (outside code fences); the text is kept as written."""
    text = _decoded_body(data)
    return Draft(sections=_markdown_sections(text), warnings=_decoding(data))


def _decoded_body(data: bytes) -> str:
    text, _ = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if not text:
        raise InputError("empty file")
    return text


def _decoding(data: bytes) -> list[str]:
    """Warnings about how the bytes were decoded (only a BOM prefix needs to be looked at)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return encoding_warnings(codec)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return encoding_warnings("latin-1")
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
