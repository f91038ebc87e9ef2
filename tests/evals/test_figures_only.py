"""`finassist eval financebench --figures-only`: the code-written part of each answer, scored
by the strict scorer over a store built once from a real FinanceBench filing (Verizon's 2022
10-K: its cover and primary statements, uploaded as one PDF through the real upload path)."""

import pytest

import wiring
from core.settings import load_settings
from evals.figures_only import MODE, figures_only_eval, report_dict
from evals.suites import load_financebench
from tests.pdfs import pdf_pages

VERIZON_PAGES = [1, 2, 54, 56, 57]  # cover, income statement, balance sheet, cash flows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A FINASSIST_HOME whose FinanceBench eval store holds the Verizon excerpt."""
    root = tmp_path_factory.mktemp("figures-only")
    pdf = root / "VERIZON_2022_10K_statements.pdf"
    pdf.write_bytes(pdf_pages("VERIZON_2022_10K", VERIZON_PAGES))
    settings = wiring.eval_settings(load_settings(home=root / "home"), "financebench")
    wiring.build_eval_index(settings, "test figures-only", [pdf], None)
    return settings, pdf


def verizon_questions():
    return [q for q in load_financebench().questions if q.company == "Verizon"]


def test_the_report_is_the_full_evals_shape_from_code_alone_without_building(built):
    settings, pdf = built
    builds = []
    report = figures_only_eval(
        lambda: wiring.open_index(settings),
        lambda: builds.append("built"),
        verizon_questions(),
        [pdf],
    )
    assert builds == []  # the store holds the file: nothing parsed or embedded again
    data = report_dict(report)
    assert data["mode"] == MODE
    assert {"accuracy", "recall_at_5", "by_type", "by_company_group", "results"} <= set(data)
    assert data["by_company_group"]["new"]["companies"] == ["Verizon"]
    results = {r["id"][-5:]: r for r in data["results"]}
    quick = results["00216"]  # "...healthy liquidity profile based on its quick ratio?"
    assert "VZ quick ratio, end of FY2022" in quick["answer"]
    assert "0.54x" in quick["answer"]  # (2,605 + 24,506) / 50,171, balance sheet page 56
    assert quick["grounded"] is True
    assert quick["answer"].startswith("No: VZ quick ratio was 0.54x")  # below its benchmark
    # strict: right verdict and figure, but the cited page is this excerpt's, not page 56 of
    # the filing FinanceBench names
    assert not quick["correct"] and quick["reason"] == "expected evidence not cited"
    # no model: a question the statements cannot answer gets no text, only a refusal
    narrative = results["02024"]  # expected retiree benefit payments (a note's table)
    assert narrative["refused"] and not narrative["correct"]
    assert all(r["record"]["model"] == MODE for r in data["results"])


def test_a_store_lacking_a_filing_is_built_first(built, tmp_path):
    settings, pdf = built
    other = tmp_path / "another.pdf"
    other.write_bytes(pdf_pages("VERIZON_2022_10K", [1, 2]))
    builds = []
    figures_only_eval(
        lambda: wiring.open_index(settings),
        lambda: builds.append("built"),
        verizon_questions()[:1],
        [pdf, other],
    )
    assert builds == ["built"]
