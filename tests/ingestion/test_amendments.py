"""A 10-K/A replaces the Items it restates in the original 10-K (RELIABILITY I17).

No amended filing is recorded in the sample data, so the amendment here is derived from the
real Apple 10-K: its Item 7 with one sentence changed, filed as a 10-K/A for the same period.
"""

import pytest

from core.types import Section
from ingestion.run import Run, Stores
from ingestion.sample import sample_filings
from ingestion.sources import sec
from rag.search.store import ChunkFilter

OLD = "Greater China net sales decreased during 2024 compared to 2023"
NEW = "Greater China net sales were restated to a smaller decrease"


def original():
    ref, path = next(
        (ref, path) for ref, path in sample_filings() if ref.form == "10-K" and ref.ticker == "AAPL"
    )
    return sec.parse_filing(path.read_bytes(), ref)


def amendment(filing):
    item7 = next(s for s in filing.sections if s.title.startswith("Item 7."))
    assert OLD in item7.text
    return filing.model_copy(
        update={
            "id": "sec:0000320193-24-000999",
            "form": "10-K/A",
            "published": "2025-01-15",
            "sections": [Section(title=item7.title, text=item7.text.replace(OLD, NEW))],
        }
    )


def ingest(stores, embedder, *documents):
    run = Run("test", stores, embedder, words_per_chunk=1000)
    with run.source("sec", "AAPL") as report:
        run.documents(list(documents), report)
    return run.finish()


def sections_of(stores, document_id):
    rows = stores.chunks.conn.execute(
        "SELECT DISTINCT section FROM chunks WHERE document_id = ?", (document_id,)
    )
    return {row[0] for row in rows}


@pytest.mark.parametrize("amendment_first", [False, True])
def test_an_amended_item_replaces_the_original_item_only(tmp_path, embedder, amendment_first):
    stores = Stores.open(tmp_path)
    filing = original()
    amended = amendment(filing)
    for document in [amended, filing] if amendment_first else [filing, amended]:
        ingest(stores, embedder, document)
    kept = sections_of(stores, filing.id)
    assert not any(title.startswith("Item 7.") for title in kept)
    assert any(title.startswith("Item 1A.") for title in kept)
    old_hits = stores.chunks.lexical(f'"{OLD}"', 5, ChunkFilter(tickers=["AAPL"]))
    texts = [c.text for c in stores.chunks.chunks([i for i, _ in old_hits])]
    assert not any(OLD in text for text in texts)
    new_hits = stores.chunks.lexical(NEW, 1, ChunkFilter(tickers=["AAPL"]))
    assert stores.chunks.chunks([new_hits[0][0]])[0].document_id == amended.id
    vectors = stores.chunks.vectors.ids_of(filing.id)
    rows = set(stores.chunks.chunk_hashes(filing.id))
    assert vectors == rows
    again = ingest(stores, embedder, filing, amended)
    assert again.embedded == 0 and sections_of(stores, filing.id) == kept
