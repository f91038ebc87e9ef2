"""Real FinanceBench 10-K/10-Q PDFs as upload Documents, read page by page with pypdf exactly as
the upload parser reads them, but only the cover and the pages a test needs (to keep it fast)."""

from pathlib import Path

from pypdf import PdfReader

from core.types import Document, Section
from ingestion.sources.uploads.derive import upload_document_of

PDFS = Path(__file__).resolve().parents[1] / "data" / "eval" / "financebench" / "pdfs"  # README


def pdf_upload(name: str, pages: list[int]) -> Document:
    """The upload Document of a real PDF, with its cover (pages 1-2) and the given pages."""
    data = (PDFS / f"{name}.pdf").read_bytes()
    reader = PdfReader(PDFS / f"{name}.pdf")
    sections = [
        Section(title=f"Page {n}", text=reader.pages[n - 1].extract_text().strip(), page=n)
        for n in sorted({1, 2, *pages})
    ]
    # what the sandboxed child makes of them (registrant, ticker, form, period from the cover)
    return upload_document_of("pdf", sections, len(reader.pages), data, f"{name}.pdf", None)


def pdf_pages(name: str, pages: list[int]) -> bytes:
    """Some pages of a real PDF as one new PDF file (its bytes), e.g. a 10-K's cover and
    statements, to upload as a whole file."""
    import io

    from pypdf import PdfWriter

    reader, writer = PdfReader(PDFS / f"{name}.pdf"), PdfWriter()
    for n in pages:
        writer.add_page(reader.pages[n - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
