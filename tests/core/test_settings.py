import pytest

from core.errors import ConfigError
from core.settings import describe_settings, env_name, load_settings


def test_defaults_use_the_shipped_llamacpp_model(settings):
    assert settings.llm.backend == "llamacpp"
    assert settings.llm.model_path is None
    assert settings.embedder.model_path is None


def test_nested_sections_are_read_from_prefixed_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "openai")
    monkeypatch.setenv("FINASSIST_OPENAI__BASE_URL", "http://127.0.0.1:9999/v1")
    monkeypatch.setenv("FINASSIST_LLM__MAX_TOKENS", "42")
    settings = load_settings()
    assert settings.home == tmp_path / "state"
    assert settings.llm.backend == "openai"
    assert settings.openai.base_url == "http://127.0.0.1:9999/v1"
    assert settings.llm.max_tokens == 42


def test_an_unknown_backend_is_a_one_line_error_naming_the_setting(monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "gpt5")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "FINASSIST_LLM__BACKEND" in message and "gpt5" in message
    assert "\n" not in message


def test_a_malformed_number_names_its_setting(monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__QUEUE_SIZE", "lots")
    with pytest.raises(ConfigError, match="FINASSIST_LLM__QUEUE_SIZE"):
        load_settings()


def test_the_openai_key_falls_back_to_the_standard_variable(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    settings = load_settings()
    assert settings.openai.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(settings)


def test_settings_are_read_from_a_dotenv_file_in_the_working_directory(tmp_path):
    (tmp_path / ".env").write_text("FINASSIST_LLM__TEMPERATURE=0.7\n")
    assert load_settings().llm.temperature == 0.7


def test_every_setting_has_a_description_and_an_environment_name():
    rows = describe_settings()
    names = [name for name, _, _ in rows]
    assert "FINASSIST_HOME" in names and "FINASSIST_LLM__BACKEND" in names
    assert len(names) == len(set(names))
    assert all(description for _, _, description in rows)
    assert env_name(("llm", "backend")) == "FINASSIST_LLM__BACKEND"
