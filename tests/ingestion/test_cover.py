"""The common shares outstanding a filing's cover page states (ingestion.cover), read from the
real sample filings through the same parser and table extractor the ingestion job runs."""

import re
from pathlib import Path

import pytest

from ingestion.cover import CONCEPT, read_count
from ingestion.sample import sample_filings
from ingestion.sources import sec
from ingestion.tables import table_facts

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def cover_facts(accession_prefix: str) -> tuple[list, bytes]:
    [(ref, path)] = [
        (ref, path)
        for ref, path in sample_filings(SAMPLE)
        if ref.accession.startswith(accession_prefix) and ref.form in ("10-K", "10-Q")
    ]
    raw = path.read_bytes()
    facts = [f for f in table_facts(sec.parse_filing(raw, ref)) if f.concept == CONCEPT]
    return facts, raw


@pytest.mark.parametrize(
    ("accession", "printed", "count", "day"),
    [
        # "As of January 22, 2025, there were 3,216,517,037 shares ... outstanding"
        ("0001628280-25-003063", "3,216,517,037", 3_216_517_037, "2025-01-22"),
        # a cover table row: "Number of shares of common stock outstanding as of January 29, 2025"
        ("0001018724-25-000004", "10,597,729,352", 10_597_729_352, "2025-01-29"),
        # "... outstanding as of February 21, 2025 was 24.4 billion"
        ("0001045810-25-000023", "24.4 billion", 24_400_000_000, "2025-02-21"),
        # "15,115,823,000 shares of common stock were issued and outstanding as of October 18, 2024"
        ("0000320193-24-000123", "15,115,823,000", 15_115_823_000, "2024-10-18"),
    ],
)
def test_the_cover_count_is_read_with_its_own_date(accession, printed, count, day):
    [fact], raw = cover_facts(accession)
    # the figure is printed in the filing as recorded (its tags and entities taken out)
    text = re.sub(r"<[^>]+>", "", raw.decode("utf-8", "replace")).replace("&#160;", " ")
    assert printed in re.sub(r"\s+", " ", text)
    assert (fact.value, fact.unit, fact.period_end) == (count, "shares", day)
    assert fact.fiscal_year is None  # a day after the period, never a fiscal year's balance
    assert (fact.accession, fact.locator, fact.source) == (accession, "Cover page", "table")


def test_an_8k_has_no_cover_count():
    [(ref, path)] = [(r, p) for r, p in sample_filings(SAMPLE) if r.form == "8-K"][:1]
    assert not [
        f for f in table_facts(sec.parse_filing(path.read_bytes(), ref)) if f.concept == CONCEPT
    ]


def test_the_non_affiliates_market_value_is_not_a_count_of_shares():
    [(ref, path)] = [
        (r, p) for r, p in sample_filings(SAMPLE) if r.accession == "0001018724-25-000004"
    ]
    text = path.read_bytes().decode("utf-8", "replace")
    assert re.search(r"market value of voting stock held by non-affiliates", text)
    row = (
        "| Aggregate market value of voting stock held by non-affiliates of the registrant as of "
        "June 30, 2024 | $ | 1,815,014,489,485 |"
    )
    assert read_count(row) is None


@pytest.mark.parametrize(
    "statement",
    [
        # two classes, two counts: which one is "the" count is not said
        "As of July 20, 2023, there were 5,862,000,000 shares of Class A common stock and "
        "868,000,000 shares of Class B common stock outstanding.",
        # two dates
        "Shares outstanding were 1,200,000 as of May 1, 2024 and 1,100,000 as of May 1, 2023.",
        # no count at all
        "The registrant's common stock outstanding as of May 1, 2024 is listed on Nasdaq.",
    ],
)
def test_a_statement_with_no_single_count_and_date_is_not_read(statement):
    assert read_count(statement) is None


def test_a_par_value_is_not_the_count():
    said = "The number of shares of common stock, $0.001 par value, outstanding as of August 22, "
    assert read_count(said + "2025, was 24.3 billion.") == (24_300_000_000, "2025-08-22")
