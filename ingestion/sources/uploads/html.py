"""HTML uploads: decoded and parsed under lxml's limits, then read by the one HTML reader
(`ingestion.sources.html`, the same as for SEC filings): one section, tables as Markdown.

Nothing is fetched (no network, no external entities); scripts, active content and hidden
elements are left out by that reader, and the number of hidden elements becomes a warning.
"""

import contextlib
import re

import lxml.html
from bs4.dammit import EncodingDetector
from lxml import etree

from core.errors import InputError
from core.types import Section
from ingestion.sources.html import headings, hidden_count, html_blocks
from ingestion.sources.uploads.draft import Draft, tidy
from ingestion.sources.uploads.limits import UploadLimits
from ingestion.sources.uploads.sniff import decode_text

NO_TEXT = "no extractable text (only scripts, styles or hidden content)"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(data: bytes, limits: UploadLimits) -> Draft:
    """Visible text of the page, tables as Markdown; scripts, styles and hidden text dropped."""
    root = _html_tree(data)
    blocks = html_blocks(root)
    text = "\n\n".join(block.text for block in blocks)
    if not text:
        raise InputError(NO_TEXT)
    title = _html_title(root)
    draft = Draft(sections=[Section(title=title, text=text, headings=headings(blocks))])
    hidden = hidden_count(root)
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
        raise InputError(NO_TEXT) from exc
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
    text = tidy(title.text_content()) if title is not None else ""
    return text[:200] or "HTML document"
