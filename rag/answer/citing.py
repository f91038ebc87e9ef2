"""The citation of one stored chunk: what an answer's [n] points to (title, form, date, section
and page, the document and page an "Open" link needs). Its title, section and snippet are cleaned
like passages (rag.answer.injection.neutralize_chunk: a sentence cut at the chunk's edge is
judged conservatively): what a reader sees of a source carries no planted order."""

from core.types import Citation
from rag.answer.injection import clean_label, neutralize, neutralize_chunk

SNIPPET = 300  # characters of the chunk's body shown with the citation


def chunk_citation(
    n: int, document: dict, document_id: str, section: str | None, page: int | None, body: str
) -> Citation:
    """Citation `n` for a chunk of `document` (its catalog row) under `section` on `page`."""
    where = f"page {page}" if page else None
    section = section if (section or "").lower() != where else None
    return Citation(
        n=n,
        title=clean_label(str(document.get("title") or document_id)),
        source=document.get("source") or "upload",
        ticker=document.get("ticker"),
        form=document.get("form"),
        date=(document.get("published") or "")[:10] or None,
        url=document.get("url"),
        locator=", ".join(clean_label(p) for p in (section, where) if p) or None,
        snippet=neutralize_chunk(body)[0][:SNIPPET],
        document_id=document_id,
        page=page,
    )


def clean_citation(citation: Citation) -> Citation:
    """A figure's citation (a statement table's row label and locator, a document's title) as
    a reader may see it: labels and snippet cleaned like a chunk's."""
    return citation.model_copy(
        update={
            "title": clean_label(citation.title),
            "locator": clean_label(citation.locator) if citation.locator else None,
            "snippet": neutralize(citation.snippet)[0],
        }
    )
