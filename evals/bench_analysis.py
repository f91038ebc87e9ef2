"""`finassist bench analysis`: how long question analysis takes against the whole company
registry (every SEC registrant in data/sec/company_tickers.json, plus the shipped aliases).

The questions are the golden set with its paraphrases and the FinanceBench questions; each is
analysed `runs` times after one untimed warm-up pass (the registry is built once, its build
timed apart). Reports p50/p95/max milliseconds per question and the CPU it ran on.
"""

import math
import os
import statistics
import time
from datetime import date

from core.cpu import cpu_model
from evals.suites import load_financebench, load_golden
from rag.query.analysis import analyze
from rag.query.registry import default_registry

AS_OF = date(2025, 11, 7)  # the demo data's last trading day


def bench_analysis(runs: int = 3) -> dict:
    """Registry build seconds, registry size, and analysis milliseconds per question."""
    default_registry.cache_clear()
    started = time.perf_counter()
    registry = default_registry()
    build_s = time.perf_counter() - started
    questions = [q.question for q in load_golden()] + [
        q.question for q in load_financebench().questions
    ]
    for question in questions:  # warm-up: the English word list and regex caches
        analyze(question, AS_OF, registry)
    times = []
    for _ in range(max(1, runs)):
        for question in questions:
            started = time.perf_counter()
            analyze(question, AS_OF, registry)
            times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    return {
        "cpu_model": cpu_model(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "companies": len(registry),  # one per CIK
        "tickers": len(registry.tickers),  # the ticker file's rows (a CIK may list several)
        "registry_build_s": round(build_s, 3),
        "questions": len(questions),
        "runs": max(1, runs),
        "analysis_ms": {
            "p50": round(statistics.median(ordered), 3),
            "p95": round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 3),
            "max": round(ordered[-1], 3),
        },
    }


def format_table(report: dict) -> str:
    ms = report["analysis_ms"]
    return (
        f"CPU: {report['cpu_model']} ({report['cpus']} cores); load {report['load_average']}\n"
        f"registry: {report['companies']} companies ({report['tickers']} tickers), "
        f"built in {report['registry_build_s']} s\n"
        f"analysis of {report['questions']} questions x {report['runs']}: p50 {ms['p50']} ms, "
        f"p95 {ms['p95']} ms, max {ms['max']} ms"
    )
