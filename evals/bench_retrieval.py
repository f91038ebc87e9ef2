"""`finassist bench retrieval`: latency of hybrid retrieval on the demo index and on a synthetic
100k-chunk index replicated from it (vectors perturbed, never re-embedded).

Both indexes are measured in temporary copies; the home given is only read.
"""

import hashlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from core.errors import NotAvailable
from core.home import Home
from core.protocols import Embedder
from core.types import Chunk, Document
from rag.query import analyze
from rag.search.index import Index
from rag.search.retrieve import Retriever
from rag.search.store import ChunkStore, VectorIndex
from rag.search.structured import PriceStore

QUESTIONS = [
    "What were Apple's total net sales in fiscal 2024?",
    "How did Apple's Greater China net sales change in fiscal 2024?",
    "What were Apple's research and development expenses in FY2024?",
    "How much cash and marketable securities did Apple hold at the end of fiscal 2024?",
    "Did Apple repurchase shares and pay dividends in fiscal 2024?",
    "What legal proceedings does Apple disclose?",
    "What did Apple report in its quarterly report for the June 2025 quarter?",
    "What happened to Apple's stock price last month?",
    "What are Nvidia's main risk factors?",
    "How much did Nvidia's data center revenue grow in fiscal 2025?",
    "What is Nvidia's gross margin in the latest 10-Q?",
    "Which customers account for a large share of Nvidia's revenue?",
    "How volatile was Nvidia stock over the past year?",
    "How did Tesla describe vehicle deliveries?",
    "What does Tesla say about capital expenditures in its annual report?",
    "What does Tesla say about competition in electric vehicles?",
    "What did the news say about Tesla Model 3 production?",
    "What did Microsoft's stock do in March 2024?",
    "What did the news report about Microsoft cloud growth?",
    "How did JPM stock perform in March 2024?",
    "What did JPMorgan disclose in its 8-K?",
    "What was Amazon's operating income in 2024?",
    "How much did AWS contribute to Amazon's operating income?",
    "How did Amazon describe its free cash flow?",
    "What was Amazon's closing price on 2025-10-31?",
    "What are the risks related to export controls on chips sold to China?",
    "Which companies mention supply chain constraints?",
    "What were the main drivers of gross margin changes?",
    "How do interest rates affect bank earnings?",
    "How many employees does the company have?",
]
STAGES = ("embed", "dense", "lexical", "fetch")
NOISE = 0.01  # per-dimension sigma: a replica's vector keeps cosine ~0.98 with its source
WRITE_BATCH = 4000  # chunks per ChunkStore.write_many call while building the scaled index

NO_INDEX = "no index in {home}; build the index first: finassist ingest --sample"

Progress = Callable[[str], None]


def bench_retrieval(
    home: Path,
    embedder: Embedder,
    *,
    scaled_chunks: int = 100_000,
    runs: int = 3,
    progress: Progress | None = None,
) -> dict:
    """p50/p95 of `Retriever.retrieve` over QUESTIONS on the demo index and a scaled copy."""
    say = progress or _stderr
    _require_index(home)
    with tempfile.TemporaryDirectory(prefix="finassist-bench-", ignore_cleanup_errors=True) as tmp:
        index = _open_copy(home, Path(tmp) / "demo")
        as_of = _as_of(index.prices)
        store = index.chunks
        say(f"demo: {store.counts()['chunks']} chunks; timing {len(QUESTIONS)} questions")
        demo = measure(store, embedder, as_of, runs)
        scaled = _measure_scaled(
            store, Path(tmp) / "scaled", scaled_chunks, embedder, runs, say, as_of
        )
    return {
        "demo": demo,
        "scaled": scaled,
        "questions": len(QUESTIONS),
        "runs": runs,
        "as_of": as_of.isoformat(),
        "embedder": embedder.name,
    }


def _open_copy(home: Path, target: Path) -> Index:
    copy_home(home, target)
    index = Index.open(target)
    if index.chunks.counts()["chunks"] == 0:
        raise NotAvailable(NO_INDEX.format(home=home))
    return index


def _measure_scaled(
    source: ChunkStore,
    home: Path,
    chunks: int,
    embedder: Embedder,
    runs: int,
    say: Progress,
    as_of: date,
) -> dict:
    """Build the scaled index (timed) from the source, then measure it on the same questions."""
    started = time.perf_counter()
    scaled = build_scaled(source, home, chunks, say)
    build_s = time.perf_counter() - started
    say(f"scaled: {scaled.counts()['chunks']} chunks built in {build_s:.0f} s; timing")
    return {**measure(scaled, embedder, as_of, runs), "build_s": round(build_s, 1)}


def format_table(report: dict) -> str:
    """The report as a small text table (ms), one row per index, stage p50s alongside."""
    stages = "".join(f"{s + ' p50':>13}" for s in STAGES)
    lines = [f"{'index':<8}{'chunks':>9}{'p50 ms':>9}{'p95 ms':>9}{stages}"]
    for name in ("demo", "scaled"):
        row = report[name]
        cells = "".join(f"{row['stages'][s]['p50_ms']:>13.1f}" for s in STAGES)
        lines.append(
            f"{name:<8}{row['chunks']:>9,}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{cells}"
        )
    lines.append(
        f"{report['questions']} questions x {report['runs']} runs, as of {report['as_of']}; "
        f"scaled index built in {report['scaled']['build_s']} s"
    )
    return "\n".join(lines)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _require_index(home: Path) -> None:
    """A home with a database and an embedded Chroma folder, or a NotAvailable saying why."""
    paths = Home(home)
    if not paths.database.is_file():
        raise NotAvailable(NO_INDEX.format(home=home))
    if not paths.chroma.is_dir():
        raise NotAvailable(
            f"no embedded Chroma index in {paths.chroma}; the retrieval benchmark copies the "
            "local index (vectors on a Chroma server are not benchmarked)"
        )


def copy_home(source: Path, target: Path) -> None:
    """Copy the database (with its write-ahead log) and the Chroma folder, file by file, so
    nothing is written where the source lives (a SQLite reader would leave -shm/-wal files)."""
    source_paths, target_paths = Home(source), Home(target)
    target.mkdir(parents=True)
    shutil.copytree(source_paths.chroma, target_paths.chroma)
    for path in (source_paths.database, source_paths.database_wal):
        if path.is_file():
            shutil.copy2(path, target / path.name)


def _as_of(prices: PriceStore) -> date:
    """The market data's as-of date, as the CLI's Assistant uses it (today without prices)."""
    latest = prices.latest_date()
    return date.fromisoformat(latest) if latest else date.today()


# ---- timing ---------------------------------------------------------------------------------


class _Stopwatch:
    """Accumulates time spent in named calls during one question."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def wrap(self, stage: str, call: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.spent[stage] += time.perf_counter() - started

        return timed


class _TimedStore:
    """The store with its search calls timed; everything else passes through."""

    def __init__(self, store: ChunkStore, watch: _Stopwatch):
        self._store = store
        self.dense = watch.wrap("dense", store.dense)
        self.lexical = watch.wrap("lexical", store.lexical)
        self.chunks = watch.wrap("fetch", store.chunks)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


class _TimedEmbedder:
    """The embedder with `embed` timed."""

    def __init__(self, embedder: Embedder, watch: _Stopwatch):
        self.name, self.dimension = embedder.name, embedder.dimension
        self.embed = watch.wrap("embed", embedder.embed)


def measure(store: ChunkStore, embedder: Embedder, as_of: date, runs: int) -> dict:
    """Warm up once over QUESTIONS, then time `runs` passes; totals and per-stage percentiles."""
    watch = _Stopwatch()
    retriever = Retriever(_TimedStore(store, watch), _TimedEmbedder(embedder, watch))
    for question in QUESTIONS:
        retriever.retrieve(analyze(question, as_of), k=5)
    totals: list[float] = []
    stages: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for _ in range(runs):
        for question in QUESTIONS:
            watch.spent.clear()
            started = time.perf_counter()
            retriever.retrieve(analyze(question, as_of), k=5)
            totals.append(time.perf_counter() - started)
            for stage in STAGES:
                stages[stage].append(watch.spent[stage])
    return {
        "chunks": store.counts()["chunks"],
        **_percentiles(totals),
        "stages": {stage: _percentiles(values) for stage, values in stages.items()},
    }


def _percentiles(seconds: list[float]) -> dict:
    """p50 and p95 in milliseconds (inclusive method: always within the observed range)."""
    ms = [s * 1000 for s in seconds]
    if len(ms) == 1:
        return {"p50_ms": round(ms[0], 2), "p95_ms": round(ms[0], 2)}
    cuts = statistics.quantiles(ms, n=20, method="inclusive")
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(cuts[18], 2)}


# ---- the scaled index -----------------------------------------------------------------------


@dataclass
class _Source:
    """The demo index in memory: document rows, their chunk rows, and one vector per chunk."""

    documents: list[dict]
    chunks: dict[str, list[dict]]
    vectors: dict[str, np.ndarray]


def build_scaled(source: ChunkStore, home: Path, total: int, say: Progress) -> ChunkStore:
    """A new index of exactly `total` chunks: the source index, then perturbed replicas of it,
    written through `ChunkStore.write_many` (Chroma upsert + one SQLite transaction per batch)."""
    data = _load_source(source)
    store = ChunkStore.open(home)
    written, batch, size = 0, [], 0
    for item in _replicas(data, total):
        batch.append(item)
        size += len(item[2])
        if size >= WRITE_BATCH:
            written += _write(store, batch)
            batch, size = [], 0
            say(f"scaled: {written:,}/{total:,} chunks written")
    if batch:
        written += _write(store, batch)
    return store


def _write(store: ChunkStore, batch: list) -> int:
    store.write_many(batch)
    return sum(len(chunks) for _, _, chunks, _ in batch)


def _load_source(store: ChunkStore) -> _Source:
    """Everything the replicas copy; chunks without a vector in Chroma are left out."""
    vectors = _load_vectors(store.vectors)
    documents = store.all_documents()
    chunks: dict[str, list[dict]] = defaultdict(list)
    for row in store.all_chunks():
        if row["id"] in vectors:
            chunks[row["document_id"]].append(dict(row))
    if not chunks:
        raise NotAvailable("the index has no chunks with vectors to replicate")
    return _Source(documents, dict(chunks), vectors)


def _load_vectors(index: VectorIndex, page: int = 5000) -> dict[str, np.ndarray]:
    vectors: dict[str, np.ndarray] = {}
    for offset in range(0, index.count(), page):
        got = index.collection.get(include=["embeddings"], limit=page, offset=offset)
        embeddings = np.asarray(got["embeddings"], dtype=np.float32)
        vectors.update(zip(got["ids"], embeddings, strict=True))
    return vectors


def _replicas(data: _Source, total: int) -> Iterator[tuple[Document, str, list[Chunk], dict]]:
    """Replica 0 is the source unchanged; replica r > 0 shifts dates back (r + 1) // 2 years,
    renames tickers for odd r (other companies) and keeps them for even r (older history)."""
    remaining, replica = total, 0
    while remaining > 0:
        rng = np.random.default_rng(replica)
        for row in data.documents:
            rows = data.chunks.get(row["id"], [])[:remaining]
            if not rows:
                continue
            yield _replica(row, rows, data.vectors, replica, rng)
            remaining -= len(rows)
            if remaining == 0:
                return
        replica += 1


def _replica(row: dict, rows: list[dict], vectors: dict, replica: int, rng) -> tuple:
    document = _replica_document(row, replica, len(rows))
    chunks, embeddings = [], {}
    for chunk_row in rows:
        chunk = _replica_chunk(chunk_row, document, replica)
        vector = vectors[chunk_row["id"]]
        if replica:
            vector = vector + rng.normal(0.0, NOISE, vector.shape).astype(np.float32)
            vector = vector / np.linalg.norm(vector)
        chunks.append(chunk)
        embeddings[chunk.id] = vector.tolist()
    return document, _hash(row["content_hash"], replica), chunks, embeddings


def _replica_document(row: dict, replica: int, chunk_count: int) -> Document:
    years = (replica + 1) // 2
    ticker = row["ticker"]
    if ticker and replica % 2:
        ticker = f"{ticker}-R{replica}"
    metadata = {**json.loads(row["metadata"] or "{}"), "bench_replica": replica}
    return Document(
        id=_replica_id(row["id"], replica),
        source=row["source"],
        title=row["title"],
        sections=[],
        ticker=ticker,
        cik=row["cik"],
        form=row["form"],
        fiscal_year=row["fiscal_year"] - years if row["fiscal_year"] else None,
        fiscal_period=row["fiscal_period"],
        period_end=_shift(row["period_end"], years),
        published=_shift(row["published"], years),
        url=row["url"],
        tickers=[ticker] if ticker else [],
        metadata=metadata,
    )


def _replica_chunk(row: dict, document: Document, replica: int) -> Chunk:
    metadata = json.loads(row["metadata"] or "{}")
    metadata.update(document_id=document.id)
    for key, value in [("ticker", document.ticker), ("fiscal_year", document.fiscal_year)]:
        if value is not None:
            metadata[key] = value
    if document.published:
        metadata["published_day"] = int(document.published[:10].replace("-", ""))
    return Chunk(
        id=f"{document.id}#{row['ordinal']}",
        document_id=document.id,
        ordinal=row["ordinal"],
        text=row["text"],
        content_hash=_hash(row["content_hash"], replica),
        section=row["section"],
        page=row["page"],
        metadata=metadata,
    )


def _replica_id(document_id: str, replica: int) -> str:
    return document_id if replica == 0 else f"{document_id}~r{replica}"


def _hash(content_hash: str, replica: int) -> str:
    if replica == 0:
        return content_hash
    return hashlib.sha256(f"{content_hash}:{replica}".encode()).hexdigest()


def _shift(iso: str | None, years: int) -> str | None:
    """An ISO date or timestamp moved back whole years (29 February becomes the 28th)."""
    if not iso or not years:
        return iso
    day = iso[5:10] if iso[5:10] != "02-29" else "02-28"
    return f"{int(iso[:4]) - years:04d}-{day}{iso[10:]}"
