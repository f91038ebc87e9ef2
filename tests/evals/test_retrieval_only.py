"""The retrieval-only FinanceBench measure over a real uploaded filing: the Assistant's own
analysis, figures and retrieval, scored for evidence-page recall@5 without a model."""

import pytest

import wiring
from evals.retrieval_only import NoModel, format_report, report, run_retrieval
from evals.suites import load_financebench
from tests.pdfs import pdf_pages

# Netflix's FY2017 10-K cut to its cover, two pages of prose and its balance sheet (page 45 of
# the filing, page 5 of the cut file): FinanceBench 03282 asks for a balance-sheet figure.
PAGES = [1, 2, 20, 30, 45]
BALANCE_SHEET = 5


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from core.settings import load_settings

    home = tmp_path_factory.mktemp("retrieval-only")
    pdf = home / "NETFLIX_2017_10K.pdf"  # the name FinanceBench's evidence gives
    pdf.write_bytes(pdf_pages("NETFLIX_2017_10K", PAGES))
    settings = wiring.eval_settings(load_settings(home=home / "home"), "financebench")
    wiring.build_eval_index(settings, "eval financebench", [pdf], None)
    return wiring.build_assistant(settings, llm=NoModel())


@pytest.fixture(scope="module")
def question():
    bench = load_financebench()
    found = next(q for q in bench.questions if q.id.endswith("03282"))
    found.expected["evidence"] = [{"document": "NETFLIX_2017_10K", "page": BALANCE_SHEET}]
    return found


def test_the_statement_page_is_found_among_the_first_five_sources(assistant, question):
    (result,) = run_retrieval(assistant, [question])
    assert result.evidence_hit is True
    assert result.hit_rank is not None and result.hit_rank <= 5
    assert result.analysis["tickers"] == ["NFLX"]  # from the filing's cover page
    assert result.analysis["fiscal_years"] == [2017]
    assert any(f"page {BALANCE_SHEET}" in s.lower() for s in result.sources[:5])


def test_a_page_not_retrieved_is_a_miss_and_the_report_has_the_full_runs_shape(assistant, question):
    elsewhere = question.__class__(**{**question.__dict__})
    elsewhere.expected = {
        **question.expected,
        "evidence": [{"document": "NETFLIX_2017_10K", "page": 99}],
    }
    results = run_retrieval(assistant, [question, elsewhere])
    assert [r.evidence_hit for r in results] == [True, False]
    data = report(results)
    assert data["mode"] == "retrieval-only"
    assert data["recall_at_5"] == 0.5
    assert data["by_company_group"]["new"]["companies"] == ["Netflix"]
    assert data["by_company_group"]["original"]["questions"] == 0
    assert set(data["seconds"]) == {"p50", "p95", "max"}
    assert "NETFLIX_2017_10K p.99" in format_report(data)  # the miss, with what was retrieved


def test_the_retrieval_only_model_is_never_asked_to_write():
    with pytest.raises(RuntimeError):
        next(iter(NoModel().stream([{"role": "user", "content": "hi"}])))
