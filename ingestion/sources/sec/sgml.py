"""Split an EDGAR full submission (`<accession>.txt`, SGML) into its documents.

Keeps each document's type, file name, description and raw text; marks uuencoded binaries
(graphics, zip, xlsx, PDF) so callers can skip them. Pure: bytes in, records out.
"""

import re
from dataclasses import dataclass

from core.errors import SourceError

_DOCUMENT = re.compile(rb"<DOCUMENT>(.*?)</DOCUMENT>", re.S | re.I)
_TEXT = re.compile(rb"<TEXT>(.*?)</TEXT>", re.S | re.I)
_BINARY_TYPES = ("GRAPHIC", "ZIP", "EXCEL", "PDF", "JSON", "XML")


@dataclass(frozen=True)
class SgmlDocument:
    """One `<DOCUMENT>` of a submission."""

    type: str  # 8-K, EX-99.1, EX-101.SCH, GRAPHIC ...
    sequence: int
    filename: str
    description: str
    text: bytes  # the content between <TEXT> and </TEXT>

    @property
    def is_binary(self) -> bool:
        """Uuencoded or machine-readable payloads (images, archives, XBRL) rather than prose."""
        head = self.text.lstrip()[:20].lower()
        return (
            self.type.upper().startswith(_BINARY_TYPES + ("EX-101",))
            or head.startswith((b"begin ", b"<pdf>"))
            or self.filename.lower().endswith((".jpg", ".gif", ".png", ".zip", ".xlsx", ".pdf"))
        )

    @property
    def is_html(self) -> bool:
        head = self.text.lstrip()[:2000].lower()
        return b"<html" in head or b"<xbrl>" in head or self.filename.lower().endswith(".htm")


def is_sgml_submission(payload: bytes) -> bool:
    """True for a full submission text file (starts with <SEC-DOCUMENT> or <DOCUMENT>)."""
    head = payload.lstrip()[:64].upper()
    return head.startswith((b"<SEC-DOCUMENT>", b"<DOCUMENT>", b"<SEC-HEADER>", b"<IMS-DOCUMENT>"))


def sgml_documents(payload: bytes) -> list[SgmlDocument]:
    """Every document of the submission, in order; SourceError when there is none."""
    docs = [_document(m.group(1)) for m in _DOCUMENT.finditer(payload)]
    if not docs:
        raise SourceError("SGML submission has no <DOCUMENT> sections")
    return docs


def _document(chunk: bytes) -> SgmlDocument:
    text = _TEXT.search(chunk)
    seq = _field(chunk, b"SEQUENCE")
    return SgmlDocument(
        type=_field(chunk, b"TYPE"),
        sequence=int(seq) if seq.isdigit() else 0,
        filename=_field(chunk, b"FILENAME"),
        description=_field(chunk, b"DESCRIPTION"),
        text=_strip_xbrl_wrapper(text.group(1)) if text else b"",
    )


def _field(chunk: bytes, name: bytes) -> str:
    m = re.search(rb"<" + name + rb">([^\r\n<]*)", chunk[:4000], re.I)
    return m.group(1).strip().decode("ascii", "replace") if m else ""


def _strip_xbrl_wrapper(text: bytes) -> bytes:
    """Inline XBRL documents come wrapped in <XBRL>...</XBRL>; the HTML is inside."""
    stripped = text.strip()
    if stripped[:6].upper() == b"<XBRL>":
        stripped = stripped[6:]
        end = stripped.upper().rfind(b"</XBRL>")
        stripped = stripped[:end] if end >= 0 else stripped
    return stripped.strip()
