"""Statement pages and fiscal-period preference in retrieval, on real FinanceBench filing pages
(read with pypdf as the upload parser reads them) and real FinanceBench questions."""

from datetime import date

import pytest
from pypdf import PdfReader

from rag.query import analyze
from rag.search.retrieve import period_boost
from rag.search.statements import (
    asked_statements,
    named_statements,
    statement_of,
    title_phrases,
)
from rag.search.store import StoredChunk
from tests.pdfs import PDFS

AS_OF = date(2025, 11, 7)


def page_text(name: str, page: int) -> str:
    return PdfReader(PDFS / f"{name}.pdf").pages[page - 1].extract_text()


@pytest.mark.parametrize(
    ("name", "page", "kind"),
    [
        ("MICROSOFT_2016_10K", 52, "income statement"),  # "PART II Item 8 ... INCOME STATEMENTS"
        ("MICROSOFT_2016_10K", 53, None),  # comprehensive income: not the income statement
        ("BESTBUY_2019_10K", 52, "balance sheet"),
        ("BESTBUY_2019_10K", 53, "income statement"),  # "Consolidated Statements of Earnings"
        ("BESTBUY_2019_10K", 50, None),  # the auditor's report names every statement
        ("BESTBUY_2019_10K", 59, None),  # a note: "changes made to our ... Balance Sheets"
        ("BOEING_2022_10K", 55, "income statement"),  # under the company's name
        ("BOEING_2022_10K", 62, None),  # "Notes to the Consolidated Financial Statements"
        ("CORNING_2020_10K", 70, "income statement"),  # after an "Index" link, a word broken
        ("CORNING_2020_10K", 72, "balance sheet"),
    ],
)
def test_a_page_is_a_statement_only_when_its_heading_is_one(name, page, kind):
    assert statement_of(page_text(name, page)) == kind


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        (  # a formula reads its inputs' statements
            "What is FY2018 days payable outstanding (DPO) for Walmart? DPO is defined as: 365 * "
            "(average accounts payable between FY2017 and FY2018) / (FY2018 COGS + change in "
            "inventory between FY2017 and FY2018).",
            {"balance sheet", "income statement"},
        ),
        (
            "What is the year end FY2019 total amount of inventories for Best Buy? Answer in USD "
            "millions.",
            {"balance sheet"},
        ),
        (
            "What is the FY2020 free cash flow (FCF) for General Mills?",
            {"cash flow"},
        ),
        (  # a breakdown is read from the notes: no statement preferred
            "In 2022 Q2, which of JPM's business segments had the highest net income?",
            set(),
        ),
        ("Has Boeing reported any materially important ongoing legal battles from FY2022?", set()),
    ],
)
def test_the_statements_a_question_reads(question, kinds):
    assert asked_statements(analyze(question, AS_OF)) == kinds


def test_statement_titles_are_searched_as_phrases():
    assert "statement of cash flows" in title_phrases({"cash flow"})
    assert "balance sheet" not in title_phrases({"cash flow"})


def filing(year: int, period: str) -> StoredChunk:
    document = {"fiscal_year": year, "fiscal_period": period, "source": "upload"}
    return StoredChunk("c", "text", "d", None, 1, document)


def test_a_comparison_of_two_years_prefers_the_later_filing_that_reports_both():
    query = analyze(
        "How much has the effective tax rate of Corning changed between FY2021 and FY2022?", AS_OF
    )
    later, earlier, other = filing(2022, "FY"), filing(2021, "FY"), filing(2019, "FY")
    boosts = [period_boost(c, query, latest=2022) for c in (later, earlier, other)]
    assert boosts[0] > boosts[1] > boosts[2]


def test_a_named_quarter_prefers_that_quarters_report():
    query = analyze(
        "Was there any drop in Cash & Cash equivalents between FY 2023 and Q2 of FY2024?", AS_OF
    )
    quarter, annual = filing(2024, "Q2"), filing(2024, "FY")
    assert period_boost(quarter, query, latest=2024) > period_boost(annual, query, latest=2024)
    assert period_boost(filing(2023, "FY"), query, latest=2024) > period_boost(
        filing(2020, "FY"), query, latest=2024
    )


def test_the_statements_a_question_names():
    text = "Basing your judgments off of the cash flow statement and the income statement, what is"
    assert named_statements(text) == {"cash flow", "income statement"}
    assert named_statements("using only the statement of financial position") == {"balance sheet"}
