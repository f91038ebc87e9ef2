"""Comparisons across companies over the real demo index: the table and verdict are computed in
code (the model is never asked), each cell is the company's own reported figure with its
citation, and a company without data is a row of missing cells with the reason.

The expected cells come from data/eval/golden_compare.jsonl, which scripts/make_compare_golden.py
derives from the raw demo files (XBRL company facts, the 10-Ks' inline-XBRL tags), not through
rag/; the strict scorer (evals.scoring) checks every cell, the rows and the verdict."""

import json

import pytest
from click.testing import CliRunner

from evals.scoring import score
from evals.suites import COMPARE
from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.search.index import Index

GOLD = [json.loads(line) for line in COMPARE.read_text().splitlines() if line]


def _never(messages):
    raise AssertionError("the model was asked to write a comparison")


@pytest.fixture(scope="module")
def assistant(sample_home, embedder):
    return assistant_over(ScriptedLLM(script=_never), Index.open(sample_home), lambda: embedder, 64)


def ask(assistant, question: str):
    return assistant.ask(question).run()


def test_the_golden_comparisons_cover_enough_companies_asks_and_missing_companies():
    assert len(GOLD) >= 12
    asked = {t for row in GOLD for t in row["expected"]["tickers"]}
    assert {"AAPL", "NVDA", "TSLA", "AMZN"} <= asked
    assert sum(bool(row["expected"]["absent"]) for row in GOLD) >= 3
    assert sum(any(c["period"] == "growth" for c in row["expected"]["cells"]) for row in GOLD) >= 3


@pytest.mark.parametrize("row", GOLD, ids=[row["id"] for row in GOLD])
def test_each_golden_comparison_is_right_cell_by_cell(assistant, row):
    answer = ask(assistant, row["question"])
    verdict = score(row["expected"], answer, row["question"])
    assert verdict.correct, (verdict.reason, answer.answer)
    assert answer.grounded and not answer.refused


def test_every_cell_points_to_a_fact_cited_to_its_own_company(assistant):
    answer = ask(assistant, "Rank AAPL, NVDA, TSLA and AMZN by revenue in FY2024.")
    table = answer.table
    assert table.columns == ["FY2024"] and table.unit == "USD"
    for row in table.rows:
        for cell in row.cells:
            fact = answer.facts[cell.fact]
            assert fact.value == cell.value and fact.name.startswith(row.ticker)
            assert answer.citations[fact.citation - 1].ticker == row.ticker
    assert answer.answer.startswith("Ranked by revenue in FY2024, highest first: 1. AMZN")


def test_the_basis_names_each_company_s_own_fiscal_year_end(assistant):
    answer = ask(assistant, "How does Tesla's operating margin compare with Nvidia's in FY2024?")
    basis = answer.table.basis
    assert "TSLA FY2024 ended 2024-12-31" in basis and "NVDA FY2024 ended 2024-01-28" in basis
    assert "different months" in basis
    assert "Basis: " in answer.answer


def test_a_company_the_store_holds_nothing_of_is_a_missing_row_never_filled(assistant):
    answer = ask(assistant, "Which of NVDA, AMD and INTC grew revenue fastest?")
    rows = {row.ticker: row for row in answer.table.rows}
    assert set(rows) == {"NVDA", "AMD", "INTC"}
    for ticker in ("AMD", "INTC"):
        assert all(c.value is None and c.fact is None for c in rows[ticker].cells)
        assert all(
            f"no filings, facts or prices of {ticker}" in c.missing for c in rows[ticker].cells
        )
    assert answer.answer.startswith("NVDA grew revenue fastest")
    assert all(f.name.startswith("NVDA") for f in answer.facts)


def test_a_company_without_reported_figures_is_named_with_the_reason(assistant):
    answer = ask(assistant, "Compare Apple and Microsoft gross margin over the last three years")
    msft = next(row for row in answer.table.rows if row.ticker == "MSFT")
    assert [c.period for c in msft.cells] == answer.table.columns
    assert all(c.missing == "no reported gross margin of MSFT in the store" for c in msft.cells)
    assert "MSFT" in answer.answer.splitlines()[0]


def test_a_single_company_question_gets_no_table(assistant):
    answer = ask(assistant, "Compare revenue and net income of Apple in FY2024")
    assert answer.table is None


def test_ask_json_prints_the_table_beside_the_facts(sample_home):
    result = CliRunner(env={"FINASSIST_HOME": str(sample_home)}).invoke(
        __import__("cli").main, ["ask", "--json", "AAPL vs AMZN revenue growth in FY2024"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output[result.output.index("{") :])
    table = printed["table"]
    assert table["metric"] == "revenue" and table["columns"] == ["FY2023", "FY2024", "growth"]
    growth = [row["cells"][-1] for row in table["rows"]]
    assert all(printed["facts"][c["fact"]]["unit"] == "%" for c in growth)
    assert printed["answer"].startswith("AMZN grew revenue fastest")


def test_the_strict_scorer_fails_a_swapped_row_and_a_wrong_winner(assistant):
    row = next(r for r in GOLD if r["id"] == "compare-08")
    answer = ask(assistant, row["question"])
    swapped = answer.model_copy(deep=True)
    first, second = swapped.table.rows
    first.ticker, second.ticker = second.ticker, first.ticker
    assert not score(row["expected"], swapped).correct
    wrong = answer.model_copy(update={"answer": "AAPL grew slower than AMZN."})
    assert score(row["expected"], wrong).reason.startswith("the verdict names AAPL")
    assert not score(row["expected"], answer.model_copy(update={"table": None})).correct
