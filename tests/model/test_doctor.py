"""`finassist doctor`: the CPU, llama.cpp's build, the model file and a real short generation
through the child process; a failure or a refused build exits non-zero with the fix in words."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from core.errors import ModelError
from core.settings import load_settings
from model import llamacpp_runtime
from model.doctor import format_report, run_doctor
from model.files import sha256_file

pytestmark = pytest.mark.slow
AMX_BUILD = "CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 1 | AMX_INT8 = 1 | OPENMP = 1 |"
AMX_CPU = ["avx2", "avx512f", "amx_tile", "amx_int8", "amx_bf16"]


def test_the_report_names_the_cpu_the_build_the_model_and_a_working_generation(session_home):
    report = run_doctor(load_settings(home=session_home))
    types = {
        "cpu": str,
        "cpu_flags": list,
        "llama_cpp_features": str,
        "model": str,
        "model_sha256": str,
        "threads": int,
        "generation_ok": bool,
    }
    assert {key: type(report[key]) for key in types} == types
    assert report["generation_ok"] is True and report["error"] is None
    assert report["cpu"] and "fpu" in report["cpu_flags"]
    assert "AVX2 = 1" in report["llama_cpp_features"]
    built = llamacpp_runtime.built_features(report["llama_cpp_features"])
    assert not any(feature.startswith("AMX") for feature in built)
    assert report["backend_variant"] and report["backend_variant"][0].startswith("libggml-cpu")
    assert report["model"].endswith("SmolLM2-135M-Instruct.Q4_1.Q4_0.gguf")
    assert report["model_sha256"] == sha256_file(Path(report["model"]))
    assert report["threads"] >= 1 and report["isolated"] is True
    assert "generation: ok" in format_report(report)


def test_a_model_that_cannot_load_fails_the_check_in_words(tmp_path):
    report = run_doctor(load_settings(home=tmp_path, llm={"model_path": tmp_path / "nope.gguf"}))
    assert report["generation_ok"] is False
    assert "FINASSIST_LLM__MODEL_PATH" in report["error"]
    assert "generation: FAILED" in format_report(report)


def test_a_build_with_amx_is_refused_on_a_cpu_with_amx_naming_the_fix():
    with pytest.raises(ModelError, match="make llama-portable"):
        llamacpp_runtime.check_safe(AMX_BUILD, AMX_CPU)
    llamacpp_runtime.check_safe(AMX_BUILD, ["avx2", "avx512f"])  # no AMX on the CPU: fine
    llamacpp_runtime.check_safe(AMX_BUILD.replace("AMX_INT8", "AVX512_VNNI"), AMX_CPU)


def test_the_doctor_reports_a_refused_build_before_any_question(tmp_path, monkeypatch):
    """In-process (isolation off), so the test can make llama.cpp look like an AMX build."""
    monkeypatch.setattr(llamacpp_runtime, "system_info", lambda: AMX_BUILD)
    monkeypatch.setattr(llamacpp_runtime, "cpu_flags", lambda: AMX_CPU)
    report = run_doctor(load_settings(home=tmp_path, llm={"isolate": False}))
    assert report["generation_ok"] is False
    assert "uses AMX" in report["error"] and "make llama-portable" in report["error"]


def test_the_command_is_quiet_when_all_is_well_and_fails_loudly_otherwise(
    session_home, tmp_path, monkeypatch
):
    monkeypatch.setenv("FINASSIST_HOME", str(session_home))
    quiet = CliRunner().invoke(main, ["doctor", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    shown = CliRunner().invoke(main, ["doctor", "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["generation_ok"] is True

    monkeypatch.setenv("FINASSIST_LLM__MODEL_PATH", str(tmp_path / "nope.gguf"))
    failed = CliRunner().invoke(main, ["doctor", "--quiet"])
    assert failed.exit_code == 1 and failed.stdout == ""
    assert failed.stderr.count("\n") == 1 and "FINASSIST_LLM__MODEL_PATH" in failed.stderr
