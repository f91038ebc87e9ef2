"""The chunk store against a real Chroma server started on loopback (FINASSIST_CHROMA_URL)."""

import sys
from pathlib import Path

import pytest

from ingestion.pipeline import Indexer
from ingestion.runs import RunReport
from rag.search.store import ChunkFilter, ChunkStore
from tests.ingestion.corpus import documents
from tests.servers import free_port, running

CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    command = [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/api/v2/heartbeat", data / "server.log", timeout_s=60):
        yield url


def test_indexing_and_search_work_against_a_chroma_server(chroma_url, tmp_path, embedder):
    store = ChunkStore.open(tmp_path / "home", chroma_url)
    report = RunReport("test")
    Indexer(store, embedder, words_per_chunk=20).index(documents(), report.add("sec", "AAPL"))
    assert store.vectors.count() == store.counts()["chunks"] > 0
    assert not (tmp_path / "home" / "chroma").exists()  # nothing embedded locally
    query = embedder.embed(["Greater China net sales"])[0]
    hits = store.chunks([i for i, _ in store.dense(query, 3, ChunkFilter(tickers=["AAPL"]))])
    assert any("Greater China" in hit.text for hit in hits)
