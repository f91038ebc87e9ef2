"""The finassist CLI, run in-process with click's CliRunner."""

import json

import pytest
from click.testing import CliRunner

from cli import EXIT_NOT_AVAILABLE, main


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_ask_json_prints_the_answer_schema_from_the_real_model(run):
    result = run("ask", "What is a 10-Q filing?", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"answer", "refused", "as_of", "citations", "facts", "timings"} <= set(answer)
    assert set(answer["timings"]) == {"retrieval_ms", "first_token_ms", "total_ms"}
    assert answer["answer"].strip() and answer["refused"] is False
    assert answer["model"].startswith("llamacpp:")


def test_ask_streams_text_and_then_the_notice(run, monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    result = run("ask", "hello there")
    assert result.exit_code == 0
    assert result.output.startswith("You asked: hello there\n")
    assert "Note: No sources are indexed yet" in result.output


def test_a_bad_setting_is_one_line_on_stderr_and_a_nonzero_exit(run, monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "nope")
    result = CliRunner().invoke(main, ["ask", "hi"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "FINASSIST_LLM__BACKEND" in result.stderr


def test_status_json_reports_the_model_and_stores(run):
    result = run("status", "--json")
    assert result.exit_code == 0
    status = json.loads(result.output)
    assert status["model"]["backend"] == "llamacpp"
    assert status["model"]["path"].endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert status["embedder"]["path"].endswith("model")
    assert status["stores"]["chunks"] == 0


def test_the_retrieval_benchmark_without_an_index_says_how_to_build_one(run):
    result = CliRunner().invoke(main, ["bench", "retrieval"])
    assert result.exit_code == EXIT_NOT_AVAILABLE
    assert "not available" in result.stderr and "ingest --sample" in result.stderr


def test_every_command_of_the_contract_exists(run):
    for command in ["ingest", "refresh", "schedule", "ask", "eval", "bench", "status", "ui"]:
        assert run(command, "--help").exit_code == 0
    for source in ["sec", "prices", "news", "file"]:
        assert run("ingest", source, "--help").exit_code == 0


def test_live_sec_ingestion_refuses_to_start_without_a_contact_user_agent(run):
    result = CliRunner().invoke(main, ["ingest", "sec", "--ticker", "AAPL"])
    assert result.exit_code == 1
    assert "FINASSIST_SEC__USER_AGENT" in result.stderr
