"""`finassist ingest` and `finassist status` end to end: real parsers, embedder, Chroma, SQLite."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from ingestion.lock import WriterLock
from ingestion.sandbox import ISOLATIONS

UPLOADS = Path(__file__).resolve().parent / "data" / "uploads"
DEMO_TICKERS = ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "JPM"]


def cli(home: Path, *args: str):
    return CliRunner(env={"FINASSIST_HOME": str(home)}).invoke(main, list(args))


def test_the_sample_corpus_makes_every_demo_ticker_answerable(sample_home):
    status = json.loads(cli(sample_home, "status", "--json").stdout)
    assert status["stores"]["built"]
    for ticker in DEMO_TICKERS:
        held = status["tickers"][ticker]
        assert held["documents"] > 0 and held["chunks"] > 0 and held["price_rows"] > 700, ticker
    assert status["tickers"]["AAPL"]["facts"] > 10_000
    assert {s["source"] for s in status["sources"]} >= {"sec", "xbrl", "prices", "news"}
    assert all(s["status"] == "ok" for s in status["sources"])
    assert status["runs"][0]["status"] == "ok"
    assert status["upload_sandbox"] in ISOLATIONS  # a live probe of the upload child's isolation


def test_reingesting_the_unchanged_sample_embeds_and_writes_nothing(sample_home):
    result = cli(sample_home, "ingest", "--sample", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["embedded"] == 0 and report["chunks_written"] == 0
    assert all(s["new"] == 0 and s["updated"] == 0 for s in report["sources"])


def test_ingesting_files_reports_each_file_and_indexes_only_the_good_ones(tmp_path):
    files = [
        UPLOADS / "good" / "BESTBUY_2024Q2_10Q_p17-19.pdf",
        UPLOADS / "bad" / "encrypted_rc4.pdf",
        UPLOADS / "bad" / "zip_renamed.pdf",
        UPLOADS / "bad" / "whitespace_only.txt",
    ]
    result = cli(tmp_path, "ingest", "file", "--json", *map(str, files))
    report = json.loads(result.stdout)
    by_name = {s["key"]: s for s in report["sources"]}
    assert by_name["BESTBUY_2024Q2_10Q_p17-19.pdf"]["new"] == 1
    assert "password-protected" in by_name["encrypted_rc4.pdf"]["reason"]
    assert "unsupported file type" in by_name["zip_renamed.pdf"]["reason"]
    assert "empty" in by_name["whitespace_only.txt"]["reason"]
    assert report["status"] == "partial" and result.exit_code == 0
    stored = list((tmp_path / "uploads").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".pdf"
    status = json.loads(cli(tmp_path, "status", "--json").stdout)
    assert status["stores"]["documents"] == 1 and status["stores"]["chunks"] > 3


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    shutil.copy(UPLOADS / "good" / "financial_phrasebank_README.txt", tmp_path / "notes.txt")
    with WriterLock(tmp_path / "home"):
        result = CliRunner(env={"FINASSIST_HOME": str(tmp_path / "home")}).invoke(
            main, ["ingest", "file", str(tmp_path / "notes.txt")]
        )
    assert result.exit_code == 1
    assert "another FinAssist writer is running" in result.stderr


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "--json"]])
def test_ingest_without_a_target_is_a_usage_error(tmp_path, args):
    assert cli(tmp_path, *args).exit_code == 2
