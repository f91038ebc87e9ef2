"""`finassist bench model`: its shape (rows, ratios, the CPU) with the row processes faked; the
real measurement takes minutes and is run by hand (README: Benchmarks)."""

import json
import subprocess

from core.settings import load_settings
from model import bench


def fake_row(name: str) -> dict:
    speed = {"finassist-default": 99.0, "finassist-in-process": 100.0, "llama_cpp-raw": 90.0}
    return {
        "name": name,
        "ttft_s": 2.0,
        "ttft_short_s": 0.1,
        "decode_tok_s": speed.get(name, 15.0),
        "rss_mb": 800.0,
        "backend_files": ["libggml-cpu-haswell.so"],
    }


def test_the_report_has_a_row_per_path_the_ratios_and_the_cpu(monkeypatch, tmp_path):
    def run(command, **kwargs):
        row = fake_row(command[3])
        return subprocess.CompletedProcess(command, 0, stdout=json.dumps(row) + "\n", stderr="")

    monkeypatch.setattr(bench.subprocess, "run", run)
    report = bench.run_model_bench(load_settings(home=tmp_path), runs=1, progress=False)
    assert [row["name"] for row in report["rows"]] == bench.ROWS
    assert report["ratios"] == {
        "default_vs_llamacpp": 1.1,
        "default_vs_transformers_fp32": 6.6,
        "default_vs_in_process_decode": 0.99,
        "default_vs_in_process_ttft": 1.0,
    }
    assert report["cpu"] and report["llama_cpp_backend"] == ["libggml-cpu-haswell.so"]
    table = bench.format_table(report)
    assert "finassist-in-process" in table and "libggml-cpu-haswell.so" in table
