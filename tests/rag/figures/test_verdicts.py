"""Figures and verdicts computed from the statement tables of real 10-K PDFs (FinanceBench's
filings): effective tax rate, gross profit of a company that prints none, days payable
outstanding, the three cash-flow sections, and the yes/no or "which" verdicts built on them."""

from datetime import date

import pytest

from ingestion.tables import table_facts
from rag.figures.reported import FactFinder
from rag.figures.verdicts import verdict_of
from rag.query import analyze
from rag.search.db import connect
from rag.search.store import Catalog
from rag.search.structured import FactStore, PriceStore
from tests.pdfs import pdf_upload

AS_OF = date(2024, 6, 1)
STATEMENT_PAGES = {
    "BOEING_2022_10K": [55],  # Consolidated Statements of Operations
    "AMAZON_2017_10K": [38, 40],  # statements of operations, balance sheets
    "BESTBUY_2023_10K": [39, 40, 42],  # balance sheets, statements of earnings, cash flows
    "LOCKHEEDMARTIN_2021_10K": [42],  # segment results in the MD&A (a PDF segment table)
}


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("verdicts") / "v.db")
    for name, pages in STATEMENT_PAGES.items():
        FactStore(conn).upsert(table_facts(pdf_upload(name, pages)))
    return conn


def ask(conn, question: str):
    query = analyze(question, AS_OF)
    facts = FactFinder(FactStore(conn), PriceStore(conn), Catalog(conn)).find(query)
    verdict = verdict_of(query, facts, [[n] for n in range(1, len(facts) + 1)])
    return facts, verdict


def by_period(facts, name: str) -> dict[str, float]:
    return {f.period.split(" (")[0]: f.value for f in facts if f.name == name}


def test_effective_tax_rate_is_tax_expense_over_pretax_income_with_the_sign_kept(conn):
    facts, _ = ask(conn, "How does Boeing's effective tax rate in FY2022 compare to FY2021?")
    rates = by_period(facts, "BA effective tax rate")
    # page 55: income tax (expense)/benefit (31) and 743 on losses before tax of 5,022 and 5,033
    assert rates["FY2022"] == pytest.approx(31 / -5022 * 100)  # -0.62%: tax paid on a loss
    assert rates["FY2021"] == pytest.approx(-743 / -5033 * 100)  # 14.76%: a benefit
    [tax_2022] = [f for f in facts if f.period.startswith("FY2022")]
    assert tax_2022.inputs[0].value == 31_000_000  # "(expense)" printed negative, an expense
    assert tax_2022.source.locator.startswith("page 55")


def test_gross_margin_of_a_company_printing_only_costs_of_products_and_services(conn):
    facts, verdict = ask(conn, "Does Boeing have an improving gross margin profile as of FY2022?")
    margins = by_period(facts, "BA gross margin")
    revenue, products, services = 66_608, 53_969, 9_109  # FY2022, in millions
    assert margins["FY2022"] == pytest.approx((revenue - products - services) / revenue * 100)
    assert list(margins) == ["FY2020", "FY2021", "FY2022"]  # a trend needs the years before
    assert verdict.text.startswith("Yes: BA gross margin rose from 4.90% (FY2021) to 5.30%")


def test_days_payable_outstanding_uses_average_payables_over_purchases(conn):
    facts, _ = ask(conn, "What is Amazon's FY2017 days payable outstanding (DPO)?")
    dpo = facts[0]
    payables, cost, inventories = (25_309 + 34_616) / 2, 111_934, 16_047 - 11_461
    assert dpo.name == "AMZN days payable outstanding" and dpo.unit == "days"
    assert dpo.value == pytest.approx(365 * payables / (cost + inventories))
    assert round(dpo.value, 2) == 93.86  # FinanceBench's gold answer
    assert len(dpo.inputs) == 5


def test_which_cash_flow_section_brought_in_the_most(conn):
    question = (
        "Among operations, investing, and financing activities, which brought in the most "
        "cash flow for Best Buy in FY2023?"
    )
    facts, verdict = ask(conn, question)
    flows = {f.name: f.value for f in facts}
    assert flows == {
        "BBY operating cash flow": 1_824_000_000,
        "BBY investing cash flow": -962_000_000,
        "BBY financing cash flow": -1_806_000_000,
    }
    assert verdict.text.startswith("BBY operating cash flow: $1,824 million is the highest")
    lowest = verdict_of(analyze(question.replace("most", "least"), AS_OF), facts, [[1], [2], [3]])
    assert lowest.text.startswith("BBY financing cash flow: -$1,806 million is the lowest")


def test_consistent_margins_are_judged_by_the_largest_yearly_move(conn):
    question = (
        "Are Best Buy's gross margins historically consistent (not fluctuating more than 2%)?"
    )
    facts, verdict = ask(conn, question)
    assert len(by_period(facts, "BBY gross margin")) == 3
    assert verdict.text.startswith("Yes: BBY gross margin stayed between 21.41% and 22.49%")
    [move] = verdict.facts  # the computed move is a fact, so the grounding check can find it
    assert move.unit == "points" and move.value == pytest.approx(1.08, abs=0.005)
    assert "move was a decline of 1.08 points (FY2022 to FY2023)" in verdict.text  # its direction
    strict = verdict_of(analyze(question.replace("2%", "0.5%"), AS_OF), facts, [[1], [2], [3]])
    assert strict.text.startswith("No:")


def test_the_largest_move_of_a_steady_margin_says_which_way_it_went(conn):
    _, verdict = ask(conn, "Has Amazon's operating margin been stable from FY2015 to FY2017?")
    # page 38: operating income 2,233 / 107,006, 4,186 / 135,987, 4,106 / 177,866
    assert verdict.text.startswith("Yes: AMZN operating margin stayed between 2.09% and 3.08%")
    assert "move was a rise of 0.99 points (FY2015 to FY2016)" in verdict.text


def test_no_verdict_when_the_question_wants_none_or_the_facts_cannot_decide(conn):
    facts, verdict = ask(conn, "What was Boeing's gross margin in FY2022?")
    assert facts and verdict is None
    _, verdict = ask(conn, "Has Best Buy's gross margin been stable since FY2010?")
    assert verdict is None  # no figures for those years


def test_a_liquidity_ratio_is_judged_against_its_usual_benchmark(conn):
    _, verdict = ask(
        conn, "Does Amazon have a healthy liquidity profile based on its current ratio in FY2017?"
    )
    # page 40: total current assets 60,197 against total current liabilities 57,883
    assert verdict.text.startswith("Yes: AMZN current ratio was 1.04x in FY2017, at or above")
    [benchmark] = verdict.facts  # the 1.00x it is judged against, shown and checked as a figure
    assert benchmark.value == 1.0 and "rule of thumb" in benchmark.formula
    _, weak = ask(conn, "Is Amazon's liquidity weak based on its quick ratio for FY2017?")
    # (cash 20,522 + marketable securities 10,464 + receivables 13,164) / 57,883 = 0.76
    assert weak.text.startswith("Yes: AMZN quick ratio was 0.76x in FY2017, below the usual")


def test_capital_intensity_is_judged_by_assets_against_a_years_revenue(conn):
    _, verdict = ask(conn, "Is Amazon a capital-intensive business based on FY2017 data?")
    # total assets 131,310 (page 40) against net sales 177,866 (page 38)
    assert verdict.text.startswith("No: AMZN capital intensity ratio (total assets / revenue) was")
    assert "0.74x" in verdict.text and "not capital intensive" in verdict.text


def test_which_segment_of_a_pdf_filing_led_is_read_from_its_segment_table(conn):
    facts, verdict = ask(conn, "Which Lockheed Martin segment had the lowest net sales in 2019?")
    assert len(facts) == 4  # Aeronautics, Missiles and Fire Control, RMS, Space; no total
    assert verdict.text.startswith("LMT revenue: Missiles and Fire Control: $10,131 million is the")
    assert all(f.source.locator.startswith("page 42") for f in facts)


def test_debt_on_the_balance_sheet_is_long_term_debt_plus_what_is_due_within_a_year(conn):
    facts, verdict = ask(conn, "Has Best Buy's debt on balance sheet increased in FY2023?")
    total = next(f for f in facts if f.name == "BBY total debt")
    # page 39: long-term debt 1,160 and current portion of long-term debt 16 (1,216 and 13)
    assert total.value == (1_160 + 16) * 1_000_000
    assert [i.name for i in total.inputs] == ["BBY long-term debt", "BBY debt due within one year"]
    assert verdict.text.startswith("No: BBY total debt decreased by $53.0 million (4.3%)")
    [moved] = verdict.facts  # the amount is a computed figure the grounding check can find
    assert moved.value == -53_000_000 and moved.formula.startswith("BBY total debt FY2023 -")


def test_a_company_printing_no_current_debt_line_has_its_long_term_debt_as_total(conn):
    facts, _ = ask(conn, "What was Amazon's total debt at the end of FY2017?")
    [total] = [f for f in facts if f.name == "AMZN total debt"]
    assert total.value == 24_743_000_000  # page 40: long-term debt
    assert "no debt due within one year line" in total.formula
