"""`finassist bench analysis`: the report's fields over the real shipped registry (never its
timings)."""

from evals.bench_analysis import bench_analysis, format_table


def test_the_report_counts_the_whole_registry_and_every_question():
    report = bench_analysis(runs=1)
    assert report["companies"] > 8000 and report["tickers"] > 10000
    assert report["questions"] > 300 and report["runs"] == 1
    ms = report["analysis_ms"]
    assert 0 < ms["p50"] <= ms["p95"] <= ms["max"]
    assert "companies" in format_table(report) and report["cpu_model"]
