"""A crash in the model does not take the workspace down: with the real shipped model in its child
process, the child is killed mid-answer; the page says so in words under the question, the chat
survives, and the next question is answered by a fresh child."""

import os
import signal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model.process import ModelProcess

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def kill_at_first_piece(monkeypatch) -> list[int]:
    """Test hook: the first answer's child is killed (SIGKILL) as soon as its first piece
    arrives; returns the pids it killed."""
    real = ModelProcess.stream
    killed: list[int] = []

    def stream(self, messages, *, max_tokens):
        for piece in real(self, messages, max_tokens=max_tokens):
            if not killed:
                killed.append(self.pid)
                os.kill(self.pid, signal.SIGKILL)
            yield piece

    monkeypatch.setattr(ModelProcess, "stream", stream)
    return killed


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return at


def test_a_killed_model_fails_one_answer_in_words_and_the_next_question_is_answered(
    monkeypatch, tmp_path, kill_at_first_piece
):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))  # no index: the model alone
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception
    ask(at, "Write a long story about a stock market.")
    assert kill_at_first_piece, "the hook killed the child"
    [question] = at.chat_message
    said = question.error[0].value.replace("\\", "")
    assert "the model process stopped unexpectedly while answering" in said
    assert "killed by signal 9, SIGKILL" in said and "ask again" in said

    ask(at, "What is the capital of France?")
    first, second, answer = at.chat_message
    assert first.error, "the failed question keeps its message"
    assert "paris" in answer.markdown[0].value.lower()
