"""Standard ratios (rag/figures/formulas.py) computed from the statement tables of real 10-K
PDFs (FinanceBench's filings, data/eval/financebench): each checked against the figure
FinanceBench's analysts computed by hand from the same pages, and each naming its inputs."""

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
    "COCACOLA_2017_10K": [74, 76],  # income (a label wrapped onto an indented line), balance
    "GENERALMILLS_2019_10K": [53, 55],  # earnings, balance sheets
    "GENERALMILLS_2022_10K": [45, 49],  # earnings, cash flows
    "KRAFTHEINZ_2019_10K": [50, 52],  # prints only "Cost of products sold"
    "LOCKHEEDMARTIN_2022_10K": [63],  # three years of earnings
    "NETFLIX_2015_10K": [40, 42],  # operations, cash flows (in thousands)
    "NIKE_2018_10K": [46, 48, 49],  # titles printed after "NIKE, Inc."
    "AMD_2015_10K": [56, 60],  # operations, cash flows
    "AMERICANWATERWORKS_2022_10K": [81, 82],  # a balance sheet over two pages
    "CORNING_2022_10K": [58, 60],  # "Provision for income taxes (411)": an expense, negative
    "VERIZON_2022_10K": [56],  # "Accounts receivable" and "Accounts receivable, net"
}


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("formulas") / "f.db")
    for name, pages in STATEMENT_PAGES.items():
        FactStore(conn).upsert(table_facts(pdf_upload(name, pages)))
    return conn


def ask(conn, question: str):
    query = analyze(question, AS_OF)
    return FactFinder(FactStore(conn), PriceStore(conn), Catalog(conn)).find(query)


def test_return_on_assets_is_net_income_over_average_total_assets(conn):
    facts = ask(
        conn,
        "What is the FY2017 return on assets (ROA) for Coca Cola? ROA is defined as: FY2017 net "
        "income / (average total assets between FY2016 and FY2017). Round your answer to two "
        "decimal places.",
    )
    roa = facts[0]
    # page 74: "NET INCOME ATTRIBUTABLE TO SHAREOWNERS OF / THE COCA-COLA COMPANY" 1,248
    assert roa.name == "KO return on assets" and roa.unit == "%"
    assert roa.value == pytest.approx(1_248 / ((87_270 + 87_896) / 2) * 100)
    assert round(roa.value / 100, 2) == 0.01  # FinanceBench's gold answer
    assert [f.value for f in roa.inputs] == [1_248e6, 87_270e6, 87_896e6]
    assert "average total assets (FY2016, FY2017 ends)" in roa.formula
    assert roa.period.startswith("FY2017") and roa.source.locator.startswith("page 74")
    assert len([f for f in facts if "return on assets" in f.name]) == 1  # FY2016 lacks FY2015


def test_cash_conversion_cycle_is_dio_plus_dso_minus_dpo(conn):
    facts = ask(
        conn,
        "What is the FY2019 cash conversion cycle (CCC) for General Mills? CCC is defined as: DIO"
        " + DSO - DPO. DIO is defined as: 365 * (average inventory between FY2018 and FY2019) / "
        "(FY2019 COGS).",
    )
    ccc = facts[0]
    assert ccc.name == "GIS cash conversion cycle" and ccc.unit == "days"
    assert round(ccc.value, 1) == -3.7  # FinanceBench's gold answer
    assert ccc.period.startswith("FY2019 (fiscal year ended 2019-05-26)")
    assert {f.name for f in ccc.inputs} >= {"GIS inventories", "GIS accounts receivable"}
    assert len(facts) == 1  # the definitions' DIO and DSO are how, not what, is asked


def test_retention_ratio_keeps_dividends_paid_as_an_outflow(conn):
    facts = ask(
        conn,
        "What is the FY2022 retention ratio (using total cash dividends paid and net income "
        "attributable to shareholders) for General Mills?",
    )
    ratio = facts[0]
    dividends = next(f for f in facts if f.name == "GIS dividends paid")
    assert dividends.value == 1_244_500_000  # printed (1,244.5) in the cash-flow statement
    assert ratio.name == "GIS retention ratio" and round(ratio.value, 2) == 0.54


def test_inventory_turnover_of_a_company_printing_only_cost_of_products_sold(conn):
    facts = ask(
        conn,
        "What is Kraft Heinz's FY2019 inventory turnover ratio? Inventory turnover ratio is "
        "defined as: (FY2019 COGS) / (average inventory between FY2018 and FY2019).",
    )
    assert facts[0].name == "KHC inventory turnover" and round(facts[0].value, 2) == 6.25
    cost = facts[0].inputs[0]
    assert cost.name == "KHC cost of revenue" and "cost of products" in cost.formula


def test_compound_annual_growth_between_two_named_years(conn):
    facts = ask(
        conn,
        "What is Lockheed Martin's 2 year total revenue CAGR from FY2020 to FY2022 (in units of "
        "percents and round to one decimal place)?",
    )
    cagr = facts[0]
    assert cagr.name == "LMT revenue CAGR" and cagr.unit == "%"
    assert cagr.value == pytest.approx(((65_984 / 65_398) ** 0.5 - 1) * 100)
    assert round(cagr.value, 1) == 0.4  # FinanceBench's gold answer


def test_ebitda_margin_adds_cash_flow_d_and_a_to_operating_income(conn):
    facts = ask(
        conn,
        "What is the FY2015 unadjusted EBITDA % margin for Netflix? Calculate unadjusted EBITDA "
        "using unadjusted operating income and D&A (from cash flow statement).",
    )
    margin = facts[0]
    assert margin.name == "NFLX EBITDA margin" and round(margin.value, 1) == 5.4
    names = [f.name for f in margin.inputs]
    assert names == ["NFLX operating income", "NFLX depreciation and amortization", "NFLX revenue"]


def test_a_metric_asked_as_a_margin_is_that_metric_over_revenue(conn):
    facts = ask(
        conn,
        "What is the FY2015 depreciation and amortization (D&A from cash flow statement) % margin "
        "for AMD?",
    )
    assert [f.name for f in facts] == ["AMD depreciation and amortization as % of revenue"]
    assert round(facts[0].value, 1) == 4.2  # FinanceBench's gold answer


def test_statements_titled_after_the_issuers_name_are_read(conn):
    facts = ask(
        conn,
        "What is Nike's three year average of cost of goods sold as a % of revenue from FY2016 "
        "to FY2018?",
    )
    average = facts[0]
    assert average.name == "NKE average cost of revenue as % of revenue"
    # page 46 "NIKE, Inc. Consolidated Statements of Income": 17,405 / 32,376 in FY2016, ...
    assert average.value == pytest.approx(
        (17_405 / 32_376 + 19_038 / 34_350 + 20_441 / 36_397) / 3 * 100
    )
    cash = ask(conn, "What was Nike's operating cash flow in FY2018?")
    assert cash[0].value == 4_955_000_000  # "Cash provided by operations", page 49


def test_the_sign_of_working_capital_is_a_yes_no_verdict(conn):
    question = "Does American Water Works have positive working capital based on FY2022 data?"
    query = analyze(question, AS_OF)
    facts = FactFinder(FactStore(conn), PriceStore(conn), Catalog(conn)).find(query)
    verdict = verdict_of(query, facts, [[n] for n in range(1, len(facts) + 1)])
    assert facts[0].name == "AWK working capital" and facts[0].value == -1_561_000_000
    assert verdict.text.startswith("No: AWK working capital was -$1,561 million in FY2022")
    assert "negative [1]" in verdict.text and "balance sheets" in verdict.text


def test_a_tax_line_the_statement_adds_is_an_expense_by_its_arithmetic(conn):
    facts = ask(
        conn, "How much has the effective tax rate of Corning changed between FY2021 and FY2022?"
    )
    rates = {f.period.split(" (")[0]: round(f.value, 1) for f in facts if "tax rate" in f.name}
    assert rates == {"FY2021": 20.2, "FY2022": 22.9}  # positive: taxes on a profit (page 58)


def test_the_quick_ratio_reads_net_receivables(conn):
    facts = ask(conn, "What is Verizon's quick ratio for FY 2022?")
    quick = facts[0]
    assert quick.name == "VZ quick ratio" and round(quick.value, 2) == 0.54  # FinanceBench's
    receivables = next(f for f in quick.inputs if f.name == "VZ accounts receivable")
    assert receivables.value == 24_506_000_000  # "Accounts receivable, net", not the gross 25,332


def test_interest_coverage_reads_operating_profit_and_an_expense_printed_negative(conn):
    facts = ask(conn, "What was Lockheed Martin's interest coverage ratio in FY2022?")
    coverage = facts[0]
    profit, interest = coverage.inputs
    assert profit.name == "LMT operating income"  # printed "Operating profit"
    assert interest.value == 623_000_000  # printed (623)
    assert coverage.value == pytest.approx(profit.value / 623_000_000)
