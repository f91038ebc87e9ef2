"""Who filed a document: the registrant on real FinanceBench cover pages, matched to the company
registry, and what ingestion records in the registry's tables (the live ticker file replayed at
the HTTP boundary, the names and former names of real submissions JSON)."""

from pathlib import Path

import httpx
import pytest

from core.errors import SourceError
from core.types import Section
from ingestion.company import detect_filing
from ingestion.http import Fetcher
from ingestion.registry import news_names, record_filer, ticker_cik
from ingestion.run import Run, Stores
from ingestion.sources.sec import SecClient, parse_submissions
from rag.query import find_tickers
from rag.query.registry import TICKER_FILE, Registry
from rag.search.companies import CompanyStore, cover_companies, registry_in
from tests.pdfs import pdf_upload

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "sec" / "submissions"
UA = "FinAssist tests finassist-tests@example.com"


class NotEmbedding:
    """Recording companies embeds nothing."""

    name, dimension = "not-embedding", 3

    def embed(self, texts):
        raise AssertionError("the registry must not need the embedder")


@pytest.fixture(autouse=True)
def sec_limiter(sec_clock):
    return sec_clock


@pytest.fixture
def run(tmp_path) -> Run:
    return Run("registry", Stores.open(tmp_path / "home"), NotEmbedding())


def cover(name: str) -> list[Section]:
    return pdf_upload(name, []).sections


# ---- cover pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pdf", "ticker", "cik", "company"),
    [
        ("BOEING_2018_10K", "BA", "0000012927", "THE BOEING COMPANY"),  # name beside the note
        ("MICROSOFT_2016_10K", "MSFT", "0000789019", "MICROSOFT CORPORATION"),  # below file no.
        ("COCACOLA_2017_10K", "KO", "0000021344", "COCA COLA CO"),  # a logo: named in the address
        ("CVSHEALTH_2022_10K", "CVS", "0000064803", "CVS HEALTH CORPORATION"),
        ("VERIZON_2022_10K", "VZ", "0000732712", "Verizon Communications Inc."),
    ],
)
def test_the_registrant_on_a_cover_is_matched_to_its_cik_and_ticker(pdf, ticker, cik, company):
    info = detect_filing(cover(pdf))
    assert (info.ticker, info.cik, info.company, info.form) == (ticker, cik, company, "10-K")


def test_a_registrant_on_no_list_keeps_the_name_and_symbol_its_cover_prints():
    info = detect_filing(cover("WALMART_2020_10K"), Registry.build([]))
    assert (info.company, info.ticker, info.cik) == ("WALMART INC.", "WMT", None)
    assert (info.form, info.fiscal_year) == ("10-K", 2020)
    delisted = detect_filing(cover("FOOTLOCKER_2022_8K_dated-2022-05-20"))  # not listed in 2026
    assert (delisted.company, delisted.ticker, delisted.cik) == ("Foot Locker, Inc.", "FL", None)
    assert delisted.form is None and delisted.period_end is None  # an 8-K: who, not when


def test_an_upload_carries_its_registrant_and_the_registry_reads_it_back():
    document = pdf_upload("KRAFTHEINZ_2019_10K", [])
    assert (document.ticker, document.cik) == ("KHC", "0001637459")
    assert document.metadata["company"] == "The Kraft Heinz Company"
    row = {"id": document.id, "cik": None, "ticker": None, "metadata": '{"company": "Acme Ltd"}'}
    (unlisted,) = cover_companies([row])
    assert (unlisted.id, unlisted.name, unlisted.tickers) == ("name:acme", "Acme Ltd", ())


def test_a_text_that_is_no_filing_cover_names_no_company():
    text = "Walmart and Costco both reported results. Apple's revenue grew."
    assert detect_filing([Section(title="Notes", text=text)]).company is None


# ---- what ingestion records ----------------------------------------------------------------


def test_a_ticker_lookup_records_every_listed_company_of_the_live_file(run):
    requests = []

    def edgar(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return httpx.Response(200, content=TICKER_FILE.read_bytes())

    client = SecClient(Fetcher(httpx.Client(transport=httpx.MockTransport(edgar))), UA)
    assert ticker_cik(run, client, "wmt") == "0000104169"
    assert ticker_cik(run, client, "BRK.B") == "0001067983"
    assert requests == ["https://www.sec.gov/files/company_tickers.json"] * 2
    store = CompanyStore(run.stores.chunks.conn)
    assert len(store.companies()) == 8049
    with pytest.raises(SourceError, match="not in EDGAR"):
        ticker_cik(run, client, "NOPE")


def test_a_filers_former_names_find_it(run):
    for cik in ("0000320193", "0001318605"):
        company, _ = parse_submissions((SAMPLE / f"CIK{cik}.json").read_bytes())
        record_filer(run, company)
    apple, _ = parse_submissions((SAMPLE / "CIK0000320193.json").read_bytes())
    assert apple.former_names == ("APPLE INC", "APPLE COMPUTER INC", "APPLE COMPUTER INC/ FA")
    registry = registry_in(run.stores.chunks.conn)
    assert find_tickers("What did Apple Computer earn in 1999?", registry) == ["AAPL"]
    assert find_tickers("How many cars did Tesla Motors sell?", registry) == ["TSLA"]
    assert registry_in(run.stores.chunks.conn) is registry  # unchanged: not built again


def test_news_is_tagged_by_the_registrys_names_for_any_listed_ticker():
    names = news_names(["WMT", "TGT", "AAPL", "ZZZZZ"])
    assert names["WMT"][0] == "Walmart" and names["AAPL"] == ["Apple"]
    assert names["TGT"] == [] and names["ZZZZZ"] == []  # "Target" alone tags every "target"


# ---- press releases and fiscal years -------------------------------------------------------


def test_a_press_release_is_its_issuers_by_the_one_listing_it_prints():
    """Buckle's recorded earnings release: "The Buckle, Inc. (NYSE: BKE) announced today ...";
    no filing cover, so only that listing names the issuer (a mention never does)."""
    from tests.earnings import earnings_release

    release = earnings_release("bke-8k-ex99-1-2024-11-22")
    info = detect_filing(release.sections)
    assert (info.ticker, info.form, info.fiscal_year) == ("BKE", None, None)
    two = "Acme (NYSE: BKE) and its peer (NASDAQ: AAPL) both reported results."
    assert detect_filing([Section(title="Release", text=two)]).ticker is None
    unknown = "Privately held Nobody Corp (NYSE: ZZZZZ) announced results."
    assert detect_filing([Section(title="Release", text=unknown)]).ticker is None


def test_a_year_ending_in_the_first_week_of_january_is_the_year_before():
    from datetime import date

    from ingestion.company import fiscal_year_of
    from ingestion.tables import _column_dates

    assert fiscal_year_of(date(2023, 1, 1)) == 2022  # Johnson & Johnson's fiscal 2022
    assert fiscal_year_of(date(2025, 1, 26)) == 2025  # NVIDIA's fiscal 2025
    assert fiscal_year_of(date(2024, 12, 28)) == 2024
    # columns headed by years alone are dated at that fiscal year's own end
    dates, _ = _column_dates("2022 2021", date(2023, 1, 1))
    assert dates == [date(2023, 1, 1), date(2022, 1, 1)]
    dates, _ = _column_dates("2022 2021", date(2022, 12, 31))
    assert dates == [date(2022, 12, 31), date(2021, 12, 31)]
