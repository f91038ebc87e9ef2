"""Generation through the real shipped SmolLM2 GGUF on llama.cpp."""

import pytest

from core.errors import ConfigError, ModelError
from core.settings import load_settings
from model import load_backend, load_llm

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one word."}]


def test_the_default_backend_streams_an_answer_from_the_shipped_model(llamacpp_llm):
    pieces = list(llamacpp_llm.stream(QUESTION, max_tokens=16))
    text = "".join(pieces)
    assert len(pieces) > 1
    assert "paris" in text.lower()


def test_the_default_backend_runs_a_q4_0_copy_derived_from_the_shipped_file(
    llamacpp_llm, session_home
):
    assert llamacpp_llm.name == "llamacpp:SmolLM2-135M-Instruct.Q4_1.Q4_0.gguf"
    assert (session_home / "models" / "SmolLM2-135M-Instruct.Q4_1.Q4_0.gguf").is_file()


def test_the_q8_0_copy_answers_too(tmp_path):
    llm = load_backend(load_settings(home=tmp_path, llm={"quant": "Q8_0"}))
    assert llm.name.endswith(".Q8_0.gguf")
    assert "paris" in "".join(llm.stream(QUESTION, max_tokens=16)).lower()


def test_the_token_limit_bounds_the_reply(llamacpp_llm):
    story = [{"role": "user", "content": "Write a long story about a stock market."}]
    assert len(list(llamacpp_llm.stream(story, max_tokens=5))) <= 5


def test_the_shipped_q4_1_file_loads_directly_when_asked(tmp_path):
    llm = load_backend(load_settings(home=tmp_path, llm={"quant": "shipped"}))
    assert llm.name == "llamacpp:SmolLM2-135M-Instruct.Q4_1.gguf"
    assert "".join(llm.stream(QUESTION, max_tokens=8)).strip()
    assert not (tmp_path / "models").exists()


def test_a_missing_model_path_is_a_one_line_error_naming_the_setting(tmp_path):
    settings = load_settings(home=tmp_path, llm={"model_path": tmp_path / "nope.gguf"})
    with pytest.raises(ConfigError, match="FINASSIST_LLM__MODEL_PATH"):
        load_llm(settings)


def test_a_corrupt_gguf_the_user_configured_fails_cleanly(tmp_path, shipped_gguf):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(shipped_gguf.read_bytes()[:100_000])
    settings = load_settings(home=tmp_path, llm={"model_path": broken})
    with pytest.raises(ModelError, match="could not load"):
        load_llm(settings)
