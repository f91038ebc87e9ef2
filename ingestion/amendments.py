"""Amended filings: the Items a 10-K/A or 10-Q/A restates replace the same Items of the
original filing, so retrieval never mixes the old and the new text.

Amendments often restate only some Items (Part III alone is common), so the rest of the
original stays searchable; the amendment itself is indexed as its own document.
"""

import re

from core.types import Document, Section
from rag.store import ChunkStore

ITEM = re.compile(r"^(?:Part [IV]+, )?Item \d+[A-Z]?(?:\.\d+)?", re.IGNORECASE)


def item_key(section_title: str | None) -> str | None:
    """'Item 7. Management's Discussion…' -> 'item 7'; None for non-Item sections."""
    match = ITEM.match(section_title or "")
    return match.group(0).lower() if match else None


def originals(store: ChunkStore, amendment: Document) -> list[str]:
    """Stored documents of the same filer, base form and period as the amendment."""
    if not (amendment.form or "").endswith("/A") or not amendment.cik:
        return []
    rows = store.conn.execute(
        "SELECT id FROM documents WHERE cik = ? AND form = ? AND period_end IS ? AND id != ?",
        (amendment.cik, amendment.form.removesuffix("/A"), amendment.period_end, amendment.id),
    )
    return [row[0] for row in rows]


def supersede(store: ChunkStore, amendment: Document) -> int:
    """Drop the originals' chunks for every Item the amendment restates; returns how many."""
    restated = {key for s in amendment.sections if (key := item_key(s.title))}
    if not restated:
        return 0
    dropped = 0
    for document_id in originals(store, amendment):
        rows = store.conn.execute(
            "SELECT id, section FROM chunks WHERE document_id = ?", (document_id,)
        ).fetchall()
        stale = [row[0] for row in rows if item_key(row[1]) in restated]
        dropped += store.drop_chunks(document_id, stale, note=f"superseded by {amendment.id}")
    return dropped


def supersede_all(store: ChunkStore) -> int:
    """Apply every stored amendment (in filing order), whichever was ingested first."""
    rows = store.conn.execute(
        "SELECT id, cik, form, period_end FROM documents WHERE form LIKE '%/A' ORDER BY published"
    ).fetchall()
    dropped = 0
    for document_id, cik, form, period_end in rows:
        sections = store.conn.execute(
            "SELECT DISTINCT section FROM chunks WHERE document_id = ?", (document_id,)
        ).fetchall()
        amendment = Document(
            id=document_id,
            source="sec",
            title="",
            cik=cik,
            form=form,
            period_end=period_end,
            sections=[Section(title=row[0] or "", text="") for row in sections],
        )
        dropped += supersede(store, amendment)
    return dropped
