"""PDF uploads: one section per page ("Page N", 1-based) read with pypdf, repairs reported, text
a reader cannot see removed first (pdf_hidden); a page's bold lines are its section's `headings`
(the chunker splits the page at them)."""

import contextlib
import io
import logging
from collections.abc import Iterator

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError

from core.errors import InputError
from core.types import Section
from ingestion.sources.uploads.draft import Draft, one_line
from ingestion.sources.uploads.limits import UploadLimits, over_budget
from ingestion.sources.uploads.pdf_bold import text_and_bold_lines
from ingestion.sources.uploads.pdf_hidden import drop_hidden_text


def parse_pdf(data: bytes, limits: UploadLimits) -> Draft:
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


def _read_pages(reader: PdfReader, limits: UploadLimits) -> Draft:
    count = len(reader.pages)
    if count == 0:
        raise InputError("no extractable text (the PDF has no pages)")
    over_budget("max_pages", count, limits, "pages")
    draft = Draft(sections=[], pages=count)
    blank = []
    for number in range(1, count + 1):
        text, bold = _page_text(reader, number, limits, draft)
        if text:
            section = Section(title=f"Page {number}", text=text, page=number, headings=bold)
            draft.sections.append(section)
        else:
            blank.append(number)
    if not draft.sections:
        raise InputError("no extractable text (image-only or scanned?)")
    if blank:
        draft.warnings.append(f"no text on {len(blank)} page(s): {_number_list(blank)}")
    return draft


def _page_text(
    reader: PdfReader, number: int, limits: UploadLimits, draft: Draft
) -> tuple[str, list[str]]:
    """The text of one page and its bold lines; a page pypdf cannot read is noted and skipped."""
    try:
        page = reader.pages[number - 1]
        hidden = drop_hidden_text(page)
        text, bold = text_and_bold_lines(page)
    except LimitReachedError:
        raise
    except PyPdfError as exc:
        draft.warnings.append(f"page {number} could not be read ({one_line(str(exc))})")
        return "", []
    if hidden:
        draft.warnings.append(f"hidden text removed on page {number} ({hidden} text run(s))")
    text = text.replace("\x00", "").strip()
    if len(text) > limits.max_page_chars:
        draft.notes.append(f"page {number} cut at {limits.max_page_chars:,} characters")
        text = text[: limits.max_page_chars]
    return text, [line.replace("\x00", "") for line in bold]


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
            f"PDF rejected: a decoding limit was reached ({one_line(str(exc))})"
        ) from exc
    except DependencyError as exc:
        raise InputError(f"encrypted PDF cannot be read here ({one_line(str(exc))})") from exc
    except PyPdfError as exc:
        raise InputError(f"malformed PDF: {one_line(str(exc))}") from exc


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
