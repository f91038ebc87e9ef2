"""The SEC EDGAR source on recorded real EDGAR bytes: submissions, filings, company facts, fetch."""

import json
from collections import Counter
from functools import cache
from pathlib import Path

import httpx
import pytest

from core.errors import ConfigError, SourceError
from ingestion.http import Fetcher, RateLimiter
from ingestion.sample import sample_filings  # noqa: E402
from ingestion.sources.sec import (
    FilingRef,
    SecClient,
    parse_companyfacts,
    parse_filing,
    parse_submissions,
    select_filings,
)
from ingestion.sources.sec import client as sec_client

DATA = Path(__file__).resolve().parents[3] / "data" / "sample" / "sec"
UA = "FinAssist tests finassist-tests@example.com"


def read(relative: str) -> bytes:
    return (DATA / relative).read_bytes()


@cache
def manifest() -> dict[str, dict]:
    return {entry["file"]: entry for entry in json.loads(read("filings.json"))}


def ref_for(file: str) -> FilingRef:
    """The reference the sample ingest builds for this file (ingestion.sample)."""
    return next(ref for ref, path in sample_filings() if path == DATA / file)


@cache
def parsed(file: str):
    return parse_filing(read(file), ref_for(file))


def section(doc, title_start: str):
    found = [s for s in doc.sections if s.title.startswith(title_start)]
    assert len(found) == 1, [s.title for s in doc.sections]
    return found[0]


def blocks_with(text: str, needle: str) -> list[str]:
    return [block for block in text.split("\n\n") if needle in block]


AAPL_10K = "filings/AAPL/aapl-10-k-2024-11-01.html"
AAPL_10Q = "filings/AAPL/aapl-10-q-2025-08-01.html"
AAPL_8K_SGML = "filings/AAPL/aapl-8k-20191115.txt"
NVDA_10K = "filings/NVDA/nvda-10-k-2025-02-26.html"
NVDA_10Q = "filings/NVDA/nvda-10-q-2025-08-27.html"
NVDA_8K = "filings/NVDA/nvda-20260302.htm"
TSLA_10K = "filings/TSLA/tsla-10-k-2025-01-30.html"
AMZN_10K = "filings/AMZN/amzn-10-k-2025-02-07.html"
JPM_8K = "filings/JPM/jpm-20260624.htm"


# ---- submissions ----------------------------------------------------------------------------


def test_submissions_give_the_company_and_all_its_recent_filings():
    company, refs = parse_submissions(read("submissions/CIK0000320193.json"))
    assert (company.cik, company.name, company.tickers) == ("0000320193", "Apple Inc.", ("AAPL",))
    assert company.fiscal_year_end == "0926"
    assert len(refs) == 1005
    forms = Counter(ref.form for ref in refs)
    assert (forms["10-K"], forms["10-Q"], forms["8-K"], forms["8-K/A"]) == (11, 33, 106, 1)


def test_apples_fy2024_10k_is_listed_with_its_dates_and_primary_document_url():
    _, refs = parse_submissions(read("submissions/CIK0000320193.json"))
    ref = next(r for r in refs if r.accession == "0000320193-24-000123")
    assert (ref.form, ref.filed, ref.report_date) == ("10-K", "2024-11-01", "2024-09-28")
    assert ref.primary_document == "aapl-20240928.htm"
    assert ref.url == (
        "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm"
    )
    assert (ref.ticker, ref.company, ref.items) == ("AAPL", "Apple Inc.", ())


def test_8k_items_are_read_from_the_submissions_list():
    _, refs = parse_submissions(read("submissions/CIK0000320193.json"))
    ref = next(r for r in refs if r.accession == "0001193125-19-292676")
    assert (ref.form, ref.items, ref.report_date) == ("8-K", ("8.01", "9.01"), "2019-11-07")


def test_select_filings_includes_amendments_of_the_chosen_forms():
    _, refs = parse_submissions(read("submissions/CIK0001318605.json"))
    annual = select_filings(refs, forms=("10-K",))
    assert Counter(r.form for r in annual) == {"10-K": 9, "10-K/A": 4}
    recent = select_filings(refs, forms=("10-K",), since="2025-01-01")
    assert [(r.accession, r.form, r.filed) for r in recent] == [
        ("0001628280-26-003952", "10-K", "2026-01-29"),
        ("0001104659-25-042659", "10-K/A", "2025-04-30"),
        ("0001628280-25-003063", "10-K", "2025-01-30"),
    ]
    default = select_filings(refs)
    assert {r.base_form for r in default} == {"10-K", "10-Q", "8-K"}
    assert Counter(r.form for r in default)["8-K/A"] == 1


def test_sample_manifest_agrees_with_the_submissions_json():
    checked = 0
    for entry in manifest().values():
        if not entry["metadata_source"].startswith("submissions/"):
            continue
        _, refs = parse_submissions(read(entry["metadata_source"]))
        ref = next(r for r in refs if r.accession == entry["accession"])
        assert ref.model_copy(update={"accepted": None}) == ref_for(entry["file"])
        checked += 1
    assert checked == 6


def test_truncated_submissions_json_is_a_source_error():
    payload = read("submissions/CIK0000320193.json")
    with pytest.raises(SourceError, match="not valid JSON"):
        parse_submissions(payload[: len(payload) // 2])


# ---- filings: the Apple 10-K ----------------------------------------------------------------


def test_apple_10k_document_identity_and_periods():
    doc = parsed(AAPL_10K)
    assert doc.id == "sec:0000320193-24-000123"
    assert doc.title == "Apple Inc. 10-K for fiscal year ended 2024-09-28"
    assert (doc.source, doc.ticker, doc.cik, doc.form) == ("sec", "AAPL", "0000320193", "10-K")
    assert (doc.fiscal_year, doc.fiscal_period, doc.period_end) == (2024, "FY", "2024-09-28")
    assert doc.published == "2024-11-01"
    assert doc.url.endswith("/000032019324000123/aapl-20240928.htm")


def test_apple_10k_is_split_by_item_and_not_by_its_table_of_contents():
    doc = parsed(AAPL_10K)
    titles = [s.title for s in doc.sections]
    assert titles[0] == "Cover page"
    mdna = "Item 7. Management's Discussion and Analysis of Financial Condition and Results of"
    assert f"{mdna} Operations" in titles
    keys = [t.split(".")[0] for t in titles[1:]]
    assert len(keys) == len(set(keys)) == 22  # Items 1 ... 16, Item 6 "[Reserved]" being empty
    assert section(doc, "Item 1A. Risk Factors").text.count("\n\n") > 50
    assert section(doc, "Item 1. Business").text.startswith("Company Background")
    assert "Risk Factors |" not in doc.text  # the table of contents is dropped, not sectioned


def test_apple_mdna_keeps_the_segment_table_with_its_heading_and_unit_caption():
    item7 = section(parsed(AAPL_10K), "Item 7.")
    assert "Total net sales" in item7.text
    [block] = blocks_with(item7.text, "net sales by reportable segment")
    lines = block.split("\n")
    assert lines[0] == "Segment Operating Performance"
    assert lines[1].endswith("for 2024, 2023 and 2022 (dollars in millions):")
    assert lines[2].startswith("| ") and lines[3].startswith("| --- |")
    assert "| Total net sales | $ | 391,035 | 2% | $ | 383,285 | (3)% | $ | 394,328 |" in lines
    assert "| Americas | $ | 167,045 | 3% | $ | 162,560 | (4)% | $ | 169,658 |" in lines


def test_apple_income_statement_keeps_title_unit_line_and_negative_numbers():
    item8 = section(parsed(AAPL_10K), "Item 8.")
    [block] = blocks_with(item8.text, "CONSOLIDATED STATEMENTS OF OPERATIONS\n")
    assert block.startswith(
        "CONSOLIDATED STATEMENTS OF OPERATIONS\n(In millions, except number of shares, which "
        "are reflected in thousands, and per-share amounts)\n| "
    )
    assert "| Other income/(expense), net | | 269 | | (565) | | (334) |" in block
    assert "| Diluted | $ | 6.08 | $ | 6.13 | $ | 6.11 |" in block


def test_hidden_inline_xbrl_header_and_page_furniture_are_dropped():
    text = parsed(AAPL_10K).text
    assert "fasb.org" not in text and "dei:" not in text  # ix:header lives in display:none
    assert "Apple Inc. | 2024 Form 10-K |" not in text  # running page footer
    assert "\xa0" not in text and "  " not in text and "\t" not in text


# ---- filings: other 10-K/10-Q ---------------------------------------------------------------


def test_nvidia_10q_sections_are_named_by_part_and_item():
    doc = parsed(NVDA_10Q)
    titles = [s.title for s in doc.sections]
    assert "Part I, Item 1. Financial Statements (Unaudited)" in titles
    assert "Part II, Item 1A. Risk Factors" in titles
    assert "Part II, Item 1. Legal Proceedings" in titles
    mdna = section(doc, "Part I, Item 2. Management's Discussion")
    assert "| Revenue | $ | 46,743 | $ | 44,062 | $ | 30,040 | 6% | 56% |" in mdna.text
    assert "| Gross margin | | 72.4% | | 60.5% | | 75.1% | 11.9 pts | (2.7) pts |" in mdna.text
    assert (doc.fiscal_year, doc.fiscal_period, doc.period_end) == (2026, "Q2", "2025-07-27")
    assert doc.title == "NVIDIA CORP 10-Q for quarter ended 2025-07-27"


def test_apple_10q_is_the_third_quarter_of_fiscal_2025():
    doc = parsed(AAPL_10Q)
    assert (doc.fiscal_year, doc.fiscal_period) == (2025, "Q3")
    assert [s.title for s in doc.sections][1] == "Part I, Item 1. Financial Statements"
    assert section(doc, "Part II, Item 6.").text


@pytest.mark.parametrize(
    ("file", "fiscal_year", "row"),
    [
        (TSLA_10K, 2024, "| Total revenues | $ | 97,690 | $ | 96,773 | $ | 81,462 |"),
        (AMZN_10K, 2024, "| Consolidated | $ | 574,785 | $ | 637,959 |"),
        (NVDA_10K, 2025, "| Revenue | $ | 130,497 |"),
    ],
)
def test_other_10ks_split_into_the_standard_items_with_mdna_tables(file, fiscal_year, row):
    doc = parsed(file)
    keys = {s.title.split(".")[0] for s in doc.sections}
    assert {"Item 1", "Item 1A", "Item 1C", "Item 7", "Item 7A", "Item 8", "Item 9A"} <= keys
    assert row in section(doc, "Item 7.").text
    assert (doc.fiscal_year, doc.fiscal_period) == (fiscal_year, "FY")


# ---- filings: 8-K ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "phrase"),
    [
        (NVDA_8K, "Variable Compensation Plan for Fiscal Year 2027"),
        (JPM_8K, "have been elected Co-Presidents of the Firm"),
    ],
)
def test_8k_item_502_becomes_its_own_section(file, phrase):
    doc = parsed(file)
    item = section(doc, "Item 5.02")
    assert item.title.startswith("Item 5.02. Departure of Directors or Certain Officers")
    assert phrase in item.text
    assert phrase not in section(doc, "Item 9.01").text
    assert (doc.fiscal_year, doc.fiscal_period) == (None, None)
    assert doc.title.startswith(f"{doc.metadata['company']} 8-K filed ")


def test_sgml_submission_yields_the_8k_items_and_exhibit_text_without_binaries():
    doc = parsed(AAPL_8K_SGML)
    titles = [s.title for s in doc.sections]
    assert titles == [
        "Cover page",
        "Item 8.01. Other Events.",
        "Item 9.01. Financial Statements and Exhibits.",
        "Exhibit 1.1",
        "Exhibit 4.1",
        "Exhibit 5.1",
    ]
    assert "€1,000,000,000 aggregate principal amount of its 0.000% Notes due 2025" in (
        section(doc, "Item 8.01").text
    )
    assert "begin 644" not in doc.text and "xsd" not in doc.text
    assert not any(line.isdigit() for line in doc.text.splitlines())  # exhibits' page numbers
    assert doc.title == "Apple Inc. 8-K filed 2019-11-15 (Items 8.01, 9.01)"
    assert doc.url.endswith("/000119312519292676/d828969d8k.htm")


def test_parsing_the_same_bytes_twice_gives_identical_documents():
    for file in (AAPL_10K, AAPL_8K_SGML, JPM_8K):
        first = parse_filing(read(file), ref_for(file))
        assert first.model_dump() == parse_filing(read(file), ref_for(file)).model_dump()


def test_an_empty_payload_is_a_source_error():
    with pytest.raises(SourceError):
        parse_filing(b"", ref_for(AAPL_10K))


def test_a_filing_without_item_headings_is_one_full_text_section():
    """A real 8-K whose 'Item' headings are renamed: the parser falls back to the whole text."""
    payload = read(JPM_8K).replace(b"Item", b"Part").replace(b"ITEM", b"PART")
    doc = parse_filing(payload, ref_for(JPM_8K))
    assert [s.title for s in doc.sections] == ["Full text"]
    assert "JPMorgan" in doc.sections[0].text


# ---- company facts --------------------------------------------------------------------------


@cache
def apple_facts():
    facts = parse_companyfacts(read("companyfacts/CIK0000320193.json"), "AAPL")
    return {(f.concept, f.unit, f.period_start, f.period_end): f for f in facts}, facts


def test_apple_fy2024_revenue_matches_the_10k_and_cites_it():
    index, _ = apple_facts()
    concept = "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"
    fact = index[(concept, "USD", "2023-10-01", "2024-09-28")]
    assert fact.value == 391_035_000_000
    assert (fact.accession, fact.form, fact.filed) == ("0000320193-24-000123", "10-K", "2024-11-01")
    assert (fact.fiscal_year, fact.fiscal_period, fact.frame) == (2024, "FY", "CY2024")
    assert fact.label == "Revenue from Contract with Customer, Excluding Assessed Tax"
    assert (fact.ticker, fact.cik, fact.source) == ("AAPL", "0000320193", "xbrl")


def test_there_is_one_fact_per_concept_unit_and_period():
    index, facts = apple_facts()
    raw = json.loads(read("companyfacts/CIK0000320193.json"))["facts"]
    periods = {
        (f"{taxonomy}:{name}", unit, row.get("start"), row["end"])
        for taxonomy in ("us-gaap", "dei")
        for name, concept in raw[taxonomy].items()
        for unit, rows in concept["units"].items()
        for row in rows
    }
    assert len(facts) == len(index) == len(periods) == 12_154
    assert {f.concept.split(":")[0] for f in facts} == {"us-gaap", "dei"}


def test_an_amended_10k_value_replaces_the_original():
    index, _ = apple_facts()
    eps = index[("us-gaap:EarningsPerShareDiluted", "USD/shares", "2008-09-28", "2009-09-26")]
    assert eps.value == 9.08  # the 10-K said 6.29; the 10-K/A restated it
    assert (eps.form, eps.accession) == ("10-K/A", "0001193125-10-012091")
    assert (eps.fiscal_year, eps.fiscal_period) == (2009, "FY")


def test_facts_first_seen_as_comparatives_keep_their_own_fiscal_period():
    index, _ = apple_facts()
    cash = "us-gaap:NetCashProvidedByUsedInOperatingActivities"
    fy2007 = index[(cash, "USD", "2006-10-01", "2007-09-29")]
    assert (fy2007.fiscal_year, fy2007.fiscal_period, fy2007.value) == (2007, "FY", 5_470_000_000)
    assert fy2007.form == "10-K" and fy2007.filed == "2009-10-27"  # reported with fy=2009
    revenue = "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax"
    q1 = index[(revenue, "USD", "2024-09-29", "2024-12-28")]
    assert (q1.fiscal_year, q1.fiscal_period, q1.value) == (2025, "Q1", 124_300_000_000)


def test_cover_facts_match_the_10k_cover_page():
    index, _ = apple_facts()
    shares = index[("dei:EntityCommonStockSharesOutstanding", "shares", None, "2024-10-18")]
    assert shares.value == 15_115_823_000
    cover = section(parsed(AAPL_10K), "Cover page").text
    assert "15,115,823,000 shares of common stock were issued and outstanding as of" in cover
    assert shares.accession == "0000320193-24-000123"
    assert (shares.fiscal_year, shares.fiscal_period) == (2024, "FY")  # as the 10-K reported it


def test_companyfacts_that_are_not_json_are_a_source_error():
    with pytest.raises(SourceError):
        parse_companyfacts(read("companyfacts/CIK0000320193.json")[:1000], "AAPL")


# ---- fetching -------------------------------------------------------------------------------


PROCESS_LIMITER = sec_client.SEC_LIMITER


@pytest.fixture(autouse=True)
def clock(sec_clock):
    """The SEC limiter on a fake clock (see conftest)."""
    return sec_clock


class Recorder:
    """A MockTransport handler replaying recorded bytes (or error shapes) in order."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class Truncated(httpx.SyncByteStream):
    def __init__(self, payload: bytes):
        self.payload = payload

    def __iter__(self):
        yield self.payload[:4096]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


def make_client(handler, sleeps: list[float] | None = None, retries: int = 3) -> SecClient:
    sleep = sleeps.append if sleeps is not None else lambda _: None
    transport = httpx.MockTransport(handler)
    fetcher = Fetcher(httpx.Client(transport=transport), retries=retries, sleep=sleep)
    return SecClient(fetcher, UA)


SUBMISSIONS = read("submissions/CIK0000320193.json")


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "   ",
        "FinAssist research desk",
        "python-httpx/0.27.0",
        "python-requests/2.32.3 jane@example.com",
        "Mozilla/5.0 (X11; Linux) jane@example.com",
    ],
)
def test_a_missing_or_default_user_agent_is_refused_before_any_request(agent):
    handler = Recorder(httpx.Response(200, content=SUBMISSIONS))
    fetcher = Fetcher(httpx.Client(transport=httpx.MockTransport(handler)))
    with pytest.raises(ConfigError, match="FINASSIST_SEC__USER_AGENT"):
        SecClient(fetcher, agent).submissions("320193")
    assert handler.requests == []


def test_every_request_sends_the_user_agent_to_the_edgar_urls():
    handler = Recorder(httpx.Response(200, content=SUBMISSIONS))
    client = make_client(handler)
    company, refs = parse_submissions(client.submissions(320193))
    client.companyfacts("CIK0000320193")
    client.document(next(r for r in refs if r.accession == "0000320193-24-000123"))
    assert company.name == "Apple Inc."
    assert [str(r.url) for r in handler.requests] == [
        "https://data.sec.gov/submissions/CIK0000320193.json",
        "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json",
        "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm",
    ]
    assert {r.headers["User-Agent"] for r in handler.requests} == {UA}


@pytest.mark.parametrize("status", [429, 403])
def test_rate_limit_answers_back_off_at_least_ten_minutes_then_succeed(status):
    handler = Recorder(
        httpx.Response(
            status, headers={"Retry-After": "5"}, text="Request Rate Threshold Exceeded"
        ),
        httpx.Response(200, content=SUBMISSIONS),
    )
    sleeps: list[float] = []
    assert make_client(handler, sleeps).submissions("320193") == SUBMISSIONS
    assert len(handler.requests) == 2
    assert len(sleeps) == 1 and 600 <= sleeps[0] <= 600 * 1.25


def test_server_errors_exhaust_the_retries_then_raise_a_source_error():
    handler = Recorder(httpx.Response(500))
    sleeps: list[float] = []
    with pytest.raises(SourceError, match="HTTP 500"):
        make_client(handler, sleeps, retries=2).submissions("320193")
    assert len(handler.requests) == 3
    assert len(sleeps) == 2 and 600 <= sleeps[0] and 1200 <= sleeps[1] <= 1200 * 1.25


def test_a_timeout_is_retried():
    handler = Recorder(
        httpx.ReadTimeout("read timed out"), httpx.Response(200, content=SUBMISSIONS)
    )
    sleeps: list[float] = []
    assert make_client(handler, sleeps).submissions("320193") == SUBMISSIONS
    assert len(sleeps) == 1


def test_a_truncated_body_is_retried_and_the_full_body_parses():
    handler = Recorder(
        httpx.Response(200, stream=Truncated(SUBMISSIONS)),
        httpx.Response(200, content=SUBMISSIONS),
    )
    body = make_client(handler, []).submissions("320193")
    assert len(handler.requests) == 2
    assert len(parse_submissions(body)[1]) == 1005


def test_every_client_shares_one_process_wide_limiter_of_ten_per_second(clock):
    assert isinstance(PROCESS_LIMITER, RateLimiter) and PROCESS_LIMITER.per_second == 10
    fetcher = Fetcher(httpx.Client(transport=httpx.MockTransport(Recorder(httpx.Response(200)))))
    first, second = SecClient(fetcher, UA), SecClient(fetcher, UA)
    assert first.fetcher.limiter is second.fetcher.limiter is sec_client.SEC_LIMITER
    assert fetcher.limiter is None  # the caller's Fetcher is left as it was


def test_requests_never_exceed_ten_in_any_one_second_window(clock):
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        clock.sleep(0.01)
        return httpx.Response(200, content=SUBMISSIONS)

    clients = [make_client(handler) for _ in range(2)]
    for n in range(35):
        clients[n % 2].submissions("320193")
    assert len(sent) == 35
    assert all(sent[i + 10] - sent[i] >= 1.0 for i in range(len(sent) - 10))
    assert sent[-1] >= 3.0  # 35 requests need at least three full windows


def test_document_refuses_a_url_that_was_not_built_from_the_accession():
    handler = Recorder(httpx.Response(200))
    ref = ref_for(AAPL_10K).model_copy(update={"url": "https://example.com/aapl-20240928.htm"})
    with pytest.raises(SourceError, match="refusing"):
        make_client(handler).document(ref)
    assert handler.requests == []


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, content=read("feeds/edgar-getcurrent-count40-start0.atom.xml")),
        httpx.Response(404),
    ],
)
def test_ticker_lookup_reports_an_unusable_answer_as_a_source_error(answer):
    handler = Recorder(answer)
    with pytest.raises(SourceError):
        make_client(handler).ticker_cik("AAPL")
    assert str(handler.requests[0].url) == "https://www.sec.gov/files/company_tickers.json"
