"""The model in a child process, with the real shipped model: answers stream back, a stopped
answer stops the child's generation without killing it, and a killed child fails only the
answer in flight (in words) while the next question gets a fresh child."""

import os
import signal
import time

import pytest
from click.testing import CliRunner

from cli import main
from core.errors import ConfigError, ModelError
from core.settings import load_settings
from model import load_llm
from model.llamacpp import LlamaCppLLM
from model.process import ModelProcess, how_it_ended

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one word."}]
STORY = [{"role": "user", "content": "Write a long story about a stock market."}]
pytestmark = pytest.mark.slow
KILLED = r"the model process stopped unexpectedly while answering \(killed by signal 9, SIGKILL\)"


@pytest.fixture
def worker(session_home):
    worker = load_llm(load_settings(home=session_home))
    yield worker
    worker.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_default_llm_streams_an_answer_from_a_child_process(worker):
    assert isinstance(worker.llm, ModelProcess)
    assert worker.name == "llamacpp:SmolLM2-135M-Instruct.Q4_1.Q4_0.gguf"
    assert worker.llm.pid != os.getpid() and alive(worker.llm.pid)
    pieces = list(worker.stream(QUESTION, max_tokens=16))
    assert len(pieces) > 1 and "paris" in "".join(pieces).lower()
    facts = worker.llm.facts
    assert facts["path"].endswith(".Q4_0.gguf") and facts["threads"] >= 1
    assert "AVX" in facts["llama_cpp_features"]


def test_a_killed_child_fails_the_answer_in_words_and_the_next_question_gets_a_fresh_one(worker):
    first_pid = worker.llm.pid
    generation = worker.submit(STORY, max_tokens=200)
    pieces = iter(generation)
    assert next(pieces)
    os.kill(first_pid, signal.SIGKILL)
    with pytest.raises(ModelError, match=KILLED + "; ask again to restart it"):
        list(pieces)
    assert generation.finish_reason == "error"
    assert "paris" in "".join(worker.stream(QUESTION, max_tokens=16)).lower()
    assert worker.llm.pid not in (None, first_pid) and not alive(first_pid)


def test_a_child_killed_between_questions_is_replaced_without_an_error(worker):
    first_pid = worker.llm.pid
    os.kill(first_pid, signal.SIGKILL)
    while worker.llm.alive:  # long before the next question (say the OOM killer took it)
        time.sleep(0.01)
    assert "paris" in "".join(worker.stream(QUESTION, max_tokens=16)).lower()
    assert worker.llm.pid != first_pid


def test_cancel_and_the_deadline_stop_the_child_generation_and_the_child_lives_on(session_home):
    worker = load_llm(load_settings(home=session_home))
    try:
        pid = worker.llm.pid
        generation = worker.submit(STORY, max_tokens=300)
        pieces = iter(generation)
        assert next(pieces)
        generation.cancel()
        assert len(list(pieces)) < 20 and generation.finish_reason == "cancelled"

        worker.deadline_s = 0.5
        slow = worker.submit(STORY, max_tokens=300)
        assert 1 <= len(list(slow)) < 300 and slow.finish_reason == "deadline"
        worker.deadline_s = 120

        reader = worker.stream(STORY, max_tokens=300)  # a caller that stops reading
        next(reader)
        reader.close()
        assert "paris" in "".join(worker.stream(QUESTION, max_tokens=16)).lower()
        assert worker.llm.pid == pid
    finally:
        worker.close()
    assert worker.llm.pid is None and not alive(pid)


def test_load_failures_surface_when_the_model_is_loaded(tmp_path, shipped_gguf):
    missing = load_settings(home=tmp_path, llm={"model_path": tmp_path / "nope.gguf"})
    with pytest.raises(ConfigError, match="FINASSIST_LLM__MODEL_PATH"):
        load_llm(missing)
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(shipped_gguf.read_bytes()[:100_000])
    process = ModelProcess(load_settings(home=tmp_path, llm={"model_path": broken}))
    with pytest.raises(ModelError, match="llama.cpp could not load"):
        process.start()
    assert process.pid is None


def test_a_model_that_fails_to_generate_reports_it_and_the_child_lives_on(worker):
    pid = worker.llm.pid
    with pytest.raises(ModelError, match="generation failed"):
        list(worker.stream([{"role": "nobody", "content": 3}], max_tokens=5))
    assert "paris" in "".join(worker.stream(QUESTION, max_tokens=16)).lower()
    assert worker.llm.pid == pid


def test_isolation_can_be_turned_off(session_home):
    worker = load_llm(load_settings(home=session_home, llm={"isolate": False}))
    assert isinstance(worker.llm, LlamaCppLLM)
    assert worker.name == "llamacpp:SmolLM2-135M-Instruct.Q4_1.Q4_0.gguf"


def test_exit_statuses_are_said_in_words():
    assert how_it_ended(-11) == "killed by signal 11, SIGSEGV"
    assert how_it_ended(-9) == "killed by signal 9, SIGKILL"
    assert how_it_ended(1) == "exited with status 1"


@pytest.fixture
def kill_at_first_piece(monkeypatch):
    """Test hook: the first answer's child is killed as soon as its first piece arrives."""
    real = ModelProcess.stream
    killed: list[int] = []

    def stream(self, messages, *, max_tokens):
        pieces = real(self, messages, max_tokens=max_tokens)
        for piece in pieces:
            if not killed:
                killed.append(self.pid)
                os.kill(self.pid, signal.SIGKILL)
            yield piece

    monkeypatch.setattr(ModelProcess, "stream", stream)
    return killed


def test_finassist_ask_reports_a_killed_model_in_words(
    session_home, monkeypatch, kill_at_first_piece
):
    monkeypatch.setenv("FINASSIST_HOME", str(session_home))
    result = CliRunner().invoke(main, ["ask", "Write a long story about a stock market."])
    assert kill_at_first_piece, "the hook ran"
    assert result.exit_code == 1
    assert result.stderr.startswith("finassist: error: the model process stopped unexpectedly")
    assert "killed by signal 9, SIGKILL" in result.stderr and "ask again" in result.stderr
    again = CliRunner().invoke(main, ["ask", "What is the capital of France?"])
    assert again.exit_code == 0 and "paris" in again.stdout.lower()
