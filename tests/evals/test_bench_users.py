"""`finassist bench users` end to end at its smallest: one user, one question, through the real
app (`streamlit run`, proxy mode, a signing proxy) in Debian's chromium, with the scripted LLM
on an empty home. Checks the report's shape and what it counts; never its timings."""

import shutil

import pytest

from evals.bench_users import fairness, run_users_bench, summary

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed"
)


@pytest.mark.slow
def test_one_user_one_question_gives_the_report_s_fields(tmp_path, monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    home = tmp_path / "home"
    home.mkdir()
    report = run_users_bench(home, users=1, each=1, baseline=False)
    assert set(report) >= {"cpu_model", "load_average_before", "load_average_after", "questions"}
    assert len(report["load_average_after"]) == 3 and report["cpu_model"]
    user = report["users"]["analyst-1"]
    assert user["outcomes"] == {"answered": 1}  # the page showed the finished answer
    assert user["total_p95_s"] >= user["first_token_p95_s"] > 0
    assert [a["question"] for a in user["asked"]] == report["questions"][:1]
    assert report["fairness_ratio"] is None  # one user: nothing to compare
    assert "baseline" not in report


def test_percentiles_and_the_fairness_ratio_count_only_answered_questions():
    def asked(total, outcome="answered"):
        return {"first_token_s": 1.0, "total_s": total, "outcome": outcome, "place_in_line_max": 2}

    fast = summary([asked(2.0), asked(4.0), asked(0.1, "busy")])
    slow = summary([asked(3.0), asked(10.0, "cut")])
    assert (fast["total_p50_s"], fast["total_p95_s"]) == (2.0, 4.0)
    assert fast["outcomes"] == {"answered": 2, "busy": 1} and fast["place_in_line_max"] == 2
    assert fairness({"a": fast, "b": slow}) == 2.5
