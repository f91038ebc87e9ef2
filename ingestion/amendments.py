"""Amended filings: the Items a 10-K/A or 10-Q/A restates replace the same Items of the
original filing, so retrieval never mixes the old and the new text.

Amendments often restate only some Items (Part III alone is common), so the rest of the
original stays searchable; the amendment itself is indexed as its own document.
"""

import re

from core.types import Document, Section
from rag.search.store import ChunkStore

ITEM = re.compile(r"^(?:Part [IV]+, )?Item \d+[A-Z]?(?:\.\d+)?", re.IGNORECASE)


def item_key(section_title: str | None) -> str | None:
    """'Item 7. Management's Discussion…' -> 'item 7'; None for non-Item sections."""
    match = ITEM.match(section_title or "")
    return match.group(0).lower() if match else None


def originals(store: ChunkStore, amendment: Document) -> list[str]:
    """Stored documents of the same filer, base form and period as the amendment."""
    if not (amendment.form or "").endswith("/A") or not amendment.cik:
        return []
    return store.same_filing(
        amendment.cik, amendment.form.removesuffix("/A"), amendment.period_end, amendment.id
    )


def supersede(store: ChunkStore, amendment: Document) -> int:
    """Drop the originals' chunks for every Item the amendment restates; returns how many."""
    restated = {key for s in amendment.sections if (key := item_key(s.title))}
    if not restated:
        return 0
    dropped = 0
    for document_id in originals(store, amendment):
        sections = store.chunk_sections(document_id)
        stale = [chunk_id for chunk_id, section in sections if item_key(section) in restated]
        dropped += store.drop_chunks(document_id, stale, note=f"superseded by {amendment.id}")
    return dropped


def supersede_all(store: ChunkStore) -> int:
    """Apply every stored amendment (in filing order), whichever was ingested first."""
    dropped = 0
    for row in store.documents_of_form("%/A"):
        sections = dict.fromkeys(section for _, section in store.chunk_sections(row["id"]))
        amendment = Document(
            id=row["id"],
            source="sec",
            title="",
            cik=row["cik"],
            form=row["form"],
            period_end=row["period_end"],
            sections=[Section(title=title or "", text="") for title in sections],
        )
        dropped += supersede(store, amendment)
    return dropped
