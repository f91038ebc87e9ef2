"""The transformers backend on the same shipped weights (GGUF dequantized to fp32), and int8."""

import pytest

from core.errors import ModelError
from core.settings import load_settings
from model import load_backend

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one word."}]


@pytest.fixture(scope="module")
def hf_llm(session_home):
    return load_backend(load_settings(home=session_home, llm={"backend": "transformers"}))


def test_transformers_streams_an_answer_from_the_shipped_gguf(hf_llm):
    pieces = list(hf_llm.stream(QUESTION, max_tokens=16))
    assert "paris" in "".join(pieces).lower()


def test_stopping_early_ends_the_generation_thread(hf_llm):
    story = [{"role": "user", "content": "Write a long story about a bank."}]
    stream = hf_llm.stream(story, max_tokens=200)
    assert next(stream)
    stream.close()
    assert "".join(hf_llm.stream(QUESTION, max_tokens=8)).strip()


def test_int8_quantization_still_answers(session_home):
    llm = load_backend(
        load_settings(home=session_home, llm={"backend": "transformers", "quantize": "int8"})
    )
    assert llm.name.endswith(":int8")
    assert "".join(llm.stream(QUESTION, max_tokens=12)).strip()


def test_a_folder_with_pickle_weights_is_refused_before_loading(tmp_path):
    (tmp_path / "pytorch_model.bin").write_bytes(b"\x80\x04")
    settings = load_settings(home=tmp_path, llm={"backend": "transformers", "model_path": tmp_path})
    with pytest.raises(ModelError, match="pickle"):
        load_backend(settings)
