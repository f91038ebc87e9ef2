"""Two processes, one embedded store: what one writes, the other's dense search finds at once."""

from evals.bench_freshness import trial
from ingestion.pipeline import Indexer
from ingestion.runs import RunReport
from rag.search.store import ChunkFilter, ChunkStore
from tests.ingestion.corpus import documents


def test_a_long_lived_reader_finds_another_process_write_by_dense_search(tmp_path, embedder):
    home = tmp_path / "home"
    reader = ChunkStore.open(home)  # the app's long-lived store
    Indexer(reader, embedder, words_per_chunk=40).index(documents(), RunReport("t").add("sec", "A"))
    query = embedder.embed(["Greater China net sales"])[0]
    assert reader.dense(query, 5, ChunkFilter())  # its HNSW index is loaded in memory now

    for attempt in range(2):  # the second write is seen too (the reopened collection is current)
        seen = trial(reader, embedder, home, f"news-written-elsewhere-{attempt}")
        assert seen["found"], seen
    assert reader.generation() == 3  # one write here, two by the other process
    filtered = reader.dense(query, 5, ChunkFilter(sources=["news"]))
    assert {hit.split("#")[0] for hit, _ in filtered} == {
        "news-written-elsewhere-0",
        "news-written-elsewhere-1",
    }
