"""`finassist bench ingest`: the sample corpus into empty stores, against the raw embedder.

Three timings in one run: a first ingest (parse, chunk, embed, store), the embedder alone on
exactly the chunks that ingest embedded, and a rerun on unchanged data.
"""

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from core.protocols import Embedder
from ingestion.run import Run, Stores
from ingestion.sample import ingest_sample


def run_ingest_bench(load_embedder: Callable[[], Embedder], words_per_chunk: int) -> dict:
    """Times on a throwaway FINASSIST_HOME; the embedder is loaded once, before timing."""
    embedder = load_embedder()
    embedder.embed(["warm up"])
    with tempfile.TemporaryDirectory(prefix="finassist-bench-") as home:
        first_s, report = _timed_ingest(Path(home), embedder, words_per_chunk)
        texts = [chunk["text"] for chunk in Stores.open(Path(home)).chunks.all_chunks()]
        started = time.perf_counter()
        for start in range(0, len(texts), 256):  # the pipeline's batch size
            embedder.embed(texts[start : start + 256])
        embed_s = time.perf_counter() - started
        rerun_s, rerun = _timed_ingest(Path(home), embedder, words_per_chunk)
    chunks = report.embedded
    return {
        "ingest_s": round(first_s, 1),
        "chunks": chunks,
        "chunks_per_s": round(chunks / first_s, 1),
        "embedder_chunks_per_s": round(len(texts) / embed_s, 1),
        "ratio_vs_embedder": round((chunks / first_s) / (len(texts) / embed_s), 2),
        "rerun_s": round(rerun_s, 2),
        "rerun_ratio": round(rerun_s / first_s, 3),
        "rerun_embedded": rerun.embedded,
    }


def _timed_ingest(home: Path, embedder: Embedder, words_per_chunk: int):
    started = time.perf_counter()
    run = Run("bench ingest", Stores.open(home), embedder, words_per_chunk)
    ingest_sample(run)
    report = run.finish()
    return time.perf_counter() - started, report
