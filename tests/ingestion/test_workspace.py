"""The workspace's writes: uploads with a result per file, deletion, refresh with progress, all
under the writer lock (refused at once while another process holds it)."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yfinance

from core.errors import InputError, WriterBusy
from core.settings import load_settings
from ingestion.sources.market import history_frame_from_csv
from ingestion.status import collect_status
from ingestion.workspace import Workspace, freshness, uploaded_documents
from rag.search.store import ChunkStore

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = ROOT / "tests" / "data" / "uploads"
SAMPLE = ROOT / "data" / "sample"
BESTBUY = "BESTBUY_2024Q2_10Q_p17-19.pdf"


@pytest.fixture
def settings(tmp_path):
    return load_settings(home=tmp_path / "home", ingest={"watchlist": ["AAPL", "MSFT"]})


@pytest.fixture
def workspace(settings, embedder):
    return Workspace(settings, embedder)


def upload(workspace, *paths: str, progress=None):
    files = [(Path(p).name, (UPLOADS / p).read_bytes()) for p in paths]
    return workspace.upload(files, *([progress] if progress else []))


@pytest.fixture
def lock_holder(settings):
    """Another process holding the writer lock of the home until the test ends."""
    code = (
        "import sys, time; from pathlib import Path; from ingestion.lock import WriterLock\n"
        "with WriterLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(settings.home)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait()


# ---- uploads ------------------------------------------------------------------------------------


def test_each_file_of_an_upload_is_indexed_or_rejected_with_its_reason(workspace, settings):
    reports = []
    results = upload(
        workspace,
        f"good/{BESTBUY}",
        "bad/encrypted_rc4.pdf",
        "bad/elf_renamed.pdf",
        "bad/whitespace_only.txt",
        "bad/image_only.pdf",
        progress=lambda message, fraction: reports.append((message, fraction)),
    )
    assert [(r.name, r.status) for r in results] == [
        (BESTBUY, "indexed"),
        ("encrypted_rc4.pdf", "rejected"),
        ("elf_renamed.pdf", "rejected"),
        ("whitespace_only.txt", "rejected"),
        ("image_only.pdf", "rejected"),
    ]
    assert [r.reason for r in results[1:]] == [
        "password-protected PDF",
        "unsupported file type: ELF executable",
        "empty file",
        "no extractable text (image-only or scanned?)",
    ]
    stored = ChunkStore.open(settings.home)
    assert results[0].chunks == len(stored.chunk_hashes(results[0].document_id)) > 0
    assert reports[0] == (f"Reading {BESTBUY}", 0.0)
    assert reports[-1][0].startswith("Embedding") and reports[-1][1] == pytest.approx(1.0)
    assert [f for _, f in reports] == sorted(f for _, f in reports)

    documents = uploaded_documents(settings.home)
    assert [(d.id, d.title, d.kind, d.pages) for d in documents] == [
        (results[0].document_id, BESTBUY, "pdf", 3)
    ]


def test_the_same_file_again_is_unchanged_and_a_deleted_one_takes_its_chunks(workspace, settings):
    first = upload(workspace, "good/financial_phrasebank_README.txt")[0]
    again = upload(workspace, "good/financial_phrasebank_README.txt")[0]
    assert (again.status, again.chunks, again.document_id) == (
        "unchanged",
        first.chunks,
        first.document_id,
    )

    assert workspace.delete_upload(first.document_id) == first.chunks
    store = ChunkStore.open(settings.home)
    assert store.chunk_hashes(first.document_id) == {}
    assert store.vectors.ids_of(first.document_id) == set()
    assert uploaded_documents(settings.home) == []
    assert list((settings.home / "uploads").iterdir()) == []
    with pytest.raises(InputError, match="not an uploaded document"):
        workspace.delete_upload("sec:0000320193-24-000123")


def test_while_another_process_writes_every_job_is_refused_at_once(workspace, lock_holder):
    assert "another FinAssist writer is running" in workspace.writer_busy()
    started = time.monotonic()
    with pytest.raises(WriterBusy, match=f"pid {lock_holder.pid}"):
        upload(workspace, f"good/{BESTBUY}")
    with pytest.raises(WriterBusy):
        workspace.refresh(["AAPL"], kinds=("prices",))
    with pytest.raises(WriterBusy):
        workspace.delete_upload("upload:0123456789abcdef")
    assert time.monotonic() - started < 5


def test_without_another_writer_nothing_is_busy(workspace):
    assert workspace.writer_busy() is None


# ---- refresh and freshness ------------------------------------------------------------------


class RecordedTicker:
    """`yfinance.Ticker` replaying the recorded daily history and quote of the demo corpus."""

    def __init__(self, ticker: str, session=None):
        self.ticker = ticker
        self.history_metadata = {"currency": "USD", "symbol": ticker}

    def history(self, **kwargs):
        csv = (SAMPLE / "market" / "daily_ohlcv" / f"{self.ticker}.csv").read_bytes()
        frame = history_frame_from_csv(csv)
        return frame[frame.index.strftime("%Y-%m-%d") >= kwargs["start"]]

    @property
    def info(self) -> dict:
        body = json.loads(
            (SAMPLE / "market" / "yahoo_raw" / f"quote-{self.ticker}.json").read_text()
        )
        return body["response"]["bodyJson"]["quoteResponse"]["result"][0]


def test_refresh_reports_progress_per_source_and_freshness_follows(
    workspace, settings, monkeypatch
):
    from datetime import UTC, date, datetime

    monkeypatch.setattr(yfinance, "Ticker", RecordedTicker)
    reports = []
    report = workspace.refresh(
        ["AAPL"],
        lambda message, fraction: reports.append((message, fraction)),
        kinds=("prices",),
        today=date(2025, 11, 10),
    )
    assert report.status == "ok" and report.embedded > 0
    messages = [m for m, _ in reports]
    assert messages[:2] == ["Prices: AAPL", "Quotes: AAPL"]
    assert messages[-1] == f"Embedding {report.embedded}/{report.embedded} chunks"
    assert reports[-1][1] == pytest.approx(1.0)

    sources = collect_status(settings.home, now=datetime(2025, 11, 9, tzinfo=UTC))["sources"]
    prices = next(f for f in freshness(sources) if f.source == "prices")
    assert (prices.label, prices.as_of, prices.stale, prices.failing) == (
        "Prices",
        "2025-11-07",
        False,
        0,
    )
    later = collect_status(settings.home, now=datetime(2025, 12, 1, tzinfo=UTC))["sources"]
    assert next(f for f in freshness(later) if f.source == "prices").stale is True
