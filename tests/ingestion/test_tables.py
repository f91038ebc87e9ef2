"""Statement tables become facts: FinanceBench gold values from real 10-K PDFs, real SEC filings.

PDF pages are read with pypdf exactly as the upload parser reads them (one Section per page),
but only the cover and the statement pages, to keep the tests fast; the Best Buy 10-Q goes
through the real sandboxed upload path.
"""

from pathlib import Path

import pytest
from pypdf import PdfReader

from core.types import Document, FilingFact, Section
from ingestion.company import detect_filing
from ingestion.files import delete_upload, ingest_upload
from ingestion.run import Run, Stores
from ingestion.sample import sample_filings
from ingestion.sources import sec, uploads
from ingestion.tables import (
    delete_document_facts,
    normalize_label,
    replace_document_facts,
    section_tables,
    table_facts,
)
from rag.search.db import connect
from rag.search.structured import FactStore
from tests.pdfs import PDFS, pdf_upload

TESTS = Path(__file__).resolve().parents[1]
TEN_Q = TESTS / "data" / "uploads" / "good" / "BESTBUY_2024Q2_10Q.pdf"
MILLION = 1_000_000


def fact(facts: list[FilingFact], concept: str, period_end: str) -> FilingFact:
    found = [f for f in facts if f.concept == concept and f.period_end == period_end]
    assert len(found) == 1, f"{concept} {period_end}: {len(found)} facts"
    return found[0]


def sec_filing(ticker: str, form: str) -> Document:
    ref, path = next(
        (ref, path) for ref, path in sample_filings() if (ref.ticker, ref.form) == (ticker, form)
    )
    return sec.parse_filing(path.read_bytes(), ref)


@pytest.fixture(scope="module")
def best_buy():
    return pdf_upload("BESTBUY_2019_10K", [52, 53, 55])


# ---- FinanceBench gold values from uploaded PDFs ---------------------------------------------


def test_an_uploaded_10k_gets_its_ticker_form_and_fiscal_year_from_the_cover(best_buy):
    assert (best_buy.ticker, best_buy.tickers, best_buy.form) == ("BBY", ["BBY"], "10-K")
    assert (best_buy.period_end, best_buy.fiscal_year, best_buy.fiscal_period) == (
        "2019-02-02",
        2019,
        "FY",
    )


def test_best_buy_fy2019_inventories_come_from_the_balance_sheet_on_page_52(best_buy):
    facts = table_facts(best_buy)
    inventories = fact(facts, "table:balance sheet:merchandise inventories", "2019-02-02")
    assert inventories.value == 5_409 * MILLION
    assert (inventories.unit, inventories.scale, inventories.source) == ("USD", MILLION, "table")
    assert (inventories.fiscal_year, inventories.fiscal_period, inventories.form) == (
        2019,
        "FY",
        "10-K",
    )
    assert inventories.locator == "page 52, Consolidated Balance Sheets"
    assert inventories.accession == best_buy.id and inventories.ticker == "BBY"
    prior = fact(facts, "table:balance sheet:merchandise inventories", "2018-02-03")
    assert (prior.value, prior.fiscal_year) == (5_209 * MILLION, 2018)


def test_best_buy_words_cut_across_lines_are_joined_and_signs_kept(best_buy):
    facts = table_facts(best_buy)
    accrued = fact(
        facts, "table:balance sheet:accrued compensation and related expenses", "2019-02-02"
    )
    assert accrued.value == 482 * MILLION
    interest = fact(facts, "table:income statement:interest expense", "2017-01-28")
    assert interest.value == -72 * MILLION and interest.frame == "P12M"
    eps = fact(facts, "table:income statement:diluted earnings per share", "2019-02-02")
    assert (eps.value, eps.unit, eps.scale) == (5.20, "USD/shares", 1)
    shares = fact(
        facts,
        "table:income statement:weighted-average common shares outstanding: basic",
        "2019-02-02",
    )
    assert (shares.value, shares.unit) == (276_400_000, "shares")
    capex = [f for f in facts if f.concept.startswith("table:cash flow:additions to property")]
    assert sorted(f.value for f in capex) == [-819 * MILLION, -688 * MILLION, -580 * MILLION]


def test_microsoft_fy2016_cost_of_revenue_and_its_product_lines_under_their_headings():
    facts = table_facts(pdf_upload("MICROSOFT_2016_10K", [52]))
    total = fact(facts, "table:income statement:total cost of revenue", "2016-06-30")
    assert (total.value, total.fiscal_year, total.locator) == (
        32_780 * MILLION,
        2016,
        "page 52, INCOME STATEMENTS",
    )
    product = fact(facts, "table:income statement:cost of revenue: product", "2016-06-30")
    assert product.value == 17_880 * MILLION
    revenue = fact(facts, "table:income statement:revenue: product", "2016-06-30")
    assert revenue.value == 61_502 * MILLION
    basic = fact(facts, "table:income statement:earnings per share: basic", "2015-06-30")
    assert (basic.value, basic.unit) == (1.49, "USD/shares")


def test_boeing_fy2018_net_property_plant_and_equipment():
    facts = table_facts(pdf_upload("BOEING_2018_10K", [52]))
    ppe = fact(facts, "table:balance sheet:property, plant and equipment, net", "2018-12-31")
    assert (ppe.value, ppe.fiscal_year, ppe.ticker) == (12_645 * MILLION, 2018, "BA")
    treasury = fact(facts, "table:balance sheet:treasury stock, at cost", "2017-12-31")
    assert treasury.value == -43_454 * MILLION


def test_amazon_net_income_fy2019_and_net_sales_fy2017_and_fy2016():
    facts_2019 = table_facts(pdf_upload("AMAZON_2019_10K", [38]))
    net_income = fact(facts_2019, "table:income statement:net income", "2019-12-31")
    assert (net_income.value, net_income.fiscal_year) == (11_588 * MILLION, 2019)
    facts_2017 = table_facts(pdf_upload("AMAZON_2017_10K", [38]))
    sales = "table:income statement:total net sales"
    assert fact(facts_2017, sales, "2017-12-31").value == 177_866 * MILLION
    assert fact(facts_2017, sales, "2016-12-31").value == 135_987 * MILLION
    diluted = "weighted-average shares used in computation of earnings per share: diluted"
    shares = fact(facts_2017, f"table:income statement:{diluted}", "2017-12-31")
    assert (shares.value, shares.unit) == (493 * MILLION, "shares")


def test_every_figure_of_a_statement_page_is_one_fact_per_line_item_and_period(best_buy):
    facts = table_facts(best_buy)
    keys = [(f.concept, f.unit, f.period_end) for f in facts]
    assert len(keys) == len(set(keys))
    balance = [f for f in facts if f.locator == "page 52, Consolidated Balance Sheets"]
    assert len(balance) >= 50  # 30 line items printed for two year ends, a few of them nil


# ---- What must not become a fact -------------------------------------------------------------


def test_narrative_pages_with_numbers_yield_no_tables():
    reader = PdfReader(PDFS / "AMAZON_2017_10K.pdf")
    for page in (36, 25):  # the auditor's report; MD&A prose full of figures
        text = reader.pages[page - 1].extract_text()
        assert "2017" in text
        assert section_tables(Section(title=f"Page {page}", text=text, page=page)) == []


def test_a_table_that_only_mentions_a_statement_is_not_taken_for_one():
    reader = PdfReader(PDFS / "AMAZON_2019_10K.pdf")
    text = reader.pages[52].extract_text()  # note table "... Cash Flows Reconciliation"
    assert "Consolidated Statements of Cash Flows" in text
    assert section_tables(Section(title="Page 53", text=text, page=53)) == []


def test_a_document_whose_company_is_unknown_gives_no_facts(best_buy):
    anonymous = best_buy.model_copy(update={"ticker": None, "tickers": []})
    assert table_facts(anonymous) == []


def test_a_non_filing_upload_gets_no_company_or_period():
    text = (TESTS / "data" / "uploads" / "good" / "financial_phrasebank_README.txt").read_text()
    info = detect_filing([Section(title="Text", text=text)])
    assert (info.ticker, info.form, info.period_end, info.fiscal_year) == (None, None, None, None)


def test_the_same_pages_give_the_same_facts(best_buy):
    assert table_facts(best_buy) == table_facts(best_buy.model_copy(deep=True))


def test_concepts_drop_footnote_marks_and_amounts_printed_in_the_label():
    assert normalize_label("Total assets(b)") == "total assets"
    assert normalize_label("Other current assets (1):") == "other current assets"
    label = "Other assets, net of accumulated amortization of $503 and $482"
    assert normalize_label(label) == "other assets, net of accumulated amortization"


# ---- SEC filings (Markdown tables) -----------------------------------------------------------


def test_apple_fy2024_total_net_sales_from_the_10k_statement_of_operations():
    filing = sec_filing("AAPL", "10-K")
    facts = table_facts(filing)
    sales = fact(facts, "table:income statement:total net sales", "2024-09-28")
    assert sales.value == 391_035 * MILLION
    assert (sales.accession, sales.cik, sales.filed, sales.form) == (
        "0000320193-24-000123",
        filing.cik,
        "2024-11-01",
        "10-K",
    )
    assert sales.locator.endswith("CONSOLIDATED STATEMENTS OF OPERATIONS")
    shares = fact(
        facts,
        "table:income statement:shares used in computing earnings per share: diluted",
        "2024-09-28",
    )
    assert (shares.value, shares.scale) == (15_408_095_000, 1_000)
    current = "table:balance sheet:current assets: marketable securities"
    assert fact(facts, current, "2024-09-28").value == 35_228 * MILLION
    assert fact(facts, "table:cash flow:repurchases of common stock", "2023-09-30").value == (
        -77_550 * MILLION
    )


def test_a_10q_keeps_its_quarter_and_year_to_date_columns_apart():
    facts = table_facts(sec_filing("NVDA", "10-Q"))
    quarter = fact(facts, "table:income statement:revenue", "2025-07-27")
    assert (quarter.value, quarter.fiscal_year, quarter.fiscal_period, quarter.frame) == (
        46_743 * MILLION,
        2026,
        "Q2",
        "P3M",
    )
    half = fact(facts, "table:income statement (6 months):revenue", "2025-07-27")
    assert (half.value, half.fiscal_period, half.frame) == (90_805 * MILLION, "YTD", "P6M")
    year_end = fact(facts, "table:balance sheet:inventories", "2025-01-26")
    assert (year_end.value, year_end.fiscal_year, year_end.fiscal_period) == (
        10_080 * MILLION,
        2025,
        "FY",
    )


# ---- Storage: re-ingesting and deleting ------------------------------------------------------


def test_re_ingesting_a_document_replaces_its_facts_and_deleting_it_removes_them(
    tmp_path, best_buy
):
    store = FactStore(connect(tmp_path / "facts.db"))
    other = pdf_upload("BOEING_2018_10K", [52])
    replace_document_facts(store, other)
    first, removed = replace_document_facts(store, best_buy)
    again, _ = replace_document_facts(store, best_buy)
    assert (first.new, removed) == (len(table_facts(best_buy)), 0)
    assert (again.new, again.updated, again.unchanged) == (0, 0, first.new)
    fewer = best_buy.model_copy(update={"sections": best_buy.sections[:-1]})  # no cash flows
    _, dropped = replace_document_facts(store, fewer)
    assert dropped == len([f for f in table_facts(best_buy) if "cash flow" in f.concept])
    assert delete_document_facts(store, best_buy.id) == len(table_facts(fewer))
    stored = store.table_keys_besides({"BBY", "BA"}, accession="")  # every stored row of both
    assert len(stored) == len(table_facts(other)) and {key[0] for key in stored} == {"BA"}


@pytest.mark.parametrize("later_first", [True, False])
def test_a_year_is_kept_from_its_own_10k_whichever_is_indexed_first(tmp_path, later_first):
    """Best Buy's FY2017 revenue is the FY2017 10-K's current-year column and the FY2019 10-K's
    comparative one: the FY2017 10-K's row is kept, in either order of indexing."""
    conn = connect(tmp_path / "facts.db")
    store = FactStore(conn)
    own, later = pdf_upload("BESTBUY_2017_10K", [56]), pdf_upload("BESTBUY_2019_10K", [53])
    for document in (later, own) if later_first else (own, later):
        replace_document_facts(store, document)
    rows = conn.execute(  # the stored row (no document is indexed here, so no store view)
        "SELECT accession, value FROM facts WHERE concept = 'table:income statement:revenue' "
        "AND period_end = '2017-01-28'"
    ).fetchall()
    assert [tuple(row) for row in rows] == [(own.id, 39_403 * MILLION)]
    again, _ = replace_document_facts(store, later)  # stable on the next run
    assert again.new == again.updated == 0


def test_an_uploaded_10q_writes_its_statement_facts_once_and_they_go_with_it(tmp_path, embedder):
    stores, uploads_dir = Stores.open(tmp_path), tmp_path / "uploads"
    runs = [Run("upload", stores, embedder) for _ in range(2)]
    for run in runs:  # the same file uploaded twice
        document = ingest_upload(
            run, TEN_Q.read_bytes(), TEN_Q.name, uploads_dir, uploads.UploadLimits()
        )
        if run is runs[0]:  # written with the document, used once it is indexed
            assert stores.facts.facts("BBY") == []
        run.finish()
    assert (document.ticker, document.form, document.fiscal_year, document.fiscal_period) == (
        "BBY",
        "10-Q",
        2024,
        "Q2",
    )
    facts = stores.facts.facts("BBY")
    first, second = (next(s for s in r.report.sources if s.source == "tables") for r in runs)
    assert (first.new, second.new, second.skipped) == (len(facts), 0, len(facts))
    revenue = fact(facts, "table:income statement:revenue", "2023-07-29")
    assert (revenue.value, revenue.fiscal_year, revenue.fiscal_period) == (
        9_583 * MILLION,
        2024,
        "Q2",
    )
    cash = fact(facts, "table:balance sheet:cash and cash equivalents", "2023-01-28")
    assert (cash.value, cash.fiscal_year, cash.fiscal_period) == (1_874 * MILLION, 2023, "FY")
    run = Run("delete", stores, embedder)
    delete_upload(run, document.id, uploads_dir)
    assert stores.facts.facts("BBY") == []
    assert stores.facts.facts("BBY") == []


def test_a_header_listing_its_year_ends_in_a_sentence_dates_every_column():
    """A cash-flow page whose title lists its three (52/53-week) year ends in one sentence, then
    prints the years alone: three columns, each at its own year end; the years line is no row."""
    from ingestion.tables import pdf_table

    text = (
        "Consolidated Statement of Cash Flows\nAcme Foods, Inc. and Subsidiaries\n"
        "Fiscal years ended December 31, 2022, December 25, 2021 and December 26, 2020\n"
        "(in millions)\n2022 2021 2020\nOperating Activities\n"
        "Net income $ 8,978 $ 7,679 $ 7,175 \nDepreciation and amortization 2,763 2,710 2,548 \n"
        "Net Cash Provided by Operating Activities 10,811 11,616 10,613 \n"
        "Investing Activities\nCapital spending (5,207) (4,625) (4,240)\n"
    )
    table = pdf_table(Section(title="Page 64", text=text, page=64))
    assert [c.end.isoformat() for c in table.columns] == ["2022-12-31", "2021-12-25", "2020-12-26"]
    assert [r.label for r in table.rows][0] == "Net income"
    assert table.rows[-1].values == ["(5,207)", "(4,625)", "(4,240)"]
