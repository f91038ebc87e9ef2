"""A small real corpus for store and pipeline tests: Apple's FY2024 MD&A, one document per part.

Also runnable (`python tests/ingestion/corpus.py HOME`) to index it in a separate process, which
the kill-and-rerun test SIGKILLs at arbitrary moments.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.types import Document, Section  # noqa: E402

EXCERPT = (ROOT / "data" / "bench" / "aapl-10k-2024-item7-excerpt.txt").read_text()


def documents(parts: int = 12, suffix: str = "") -> list[Document]:
    words = EXCERPT.split()
    step = len(words) // parts + 1
    return [
        Document(
            id=f"sec:0000320193-24-000123-part{i}",
            source="sec",
            title=f"Apple Inc. 10-K FY2024 part {i}",
            ticker="AAPL",
            form="10-K",
            fiscal_year=2024,
            published="2024-11-01",
            sections=[
                Section(title="Item 7", text=" ".join(words[i * step : (i + 1) * step]) + suffix)
            ],
        )
        for i in range(parts)
    ]


if __name__ == "__main__":
    from core.settings import load_settings
    from ingestion.pipeline import Indexer
    from ingestion.runs import RunReport
    from model import load_embedder
    from rag.search.store import ChunkStore

    home = Path(sys.argv[1])
    store = ChunkStore.open(home)
    indexer = Indexer(store, load_embedder(load_settings(home=home)), words_per_chunk=20, batch=2)
    indexer.index(
        documents(), RunReport("test").add("sec", "AAPL"), lambda n: print("wrote", flush=True)
    )
    print("done", flush=True)
