"""PDF uploads: a section per page, damaged files repaired or refused, scripts never run, hidden
text removed."""

import json
import re
from pathlib import Path

import pytest

from core.errors import InputError
from core.types import Document
from ingestion.chunking import chunk_document
from ingestion.sources.uploads import UploadLimits, parse_upload
from tests.ingestion.sources.uploads.corpus import (
    BAD,
    EVIDENCE,
    EVIDENCE_PAGE,
    LIMITS,
    SMALL_PDF,
    all_text,
    flat,
    good,
)
from tests.pdfs import pdf_pages


def test_a_huge_page_count_claim_is_not_believed():
    parsed = parse_upload((BAD / "huge_page_count.pdf").read_bytes(), "x.pdf", LIMITS)
    assert parsed.pages == 1 and [s.title for s in parsed.sections] == ["Page 1"]


def test_a_circular_prev_chain_is_cut_and_the_page_still_read(full_pdf):
    parsed = parse_upload((BAD / "circular_prev.pdf").read_bytes(), "x.pdf", LIMITS)
    assert parsed.sections[0].text == full_pdf.sections[EVIDENCE_PAGE - 1].text


def test_pdf_javascript_is_neither_run_nor_extracted(full_pdf):
    parsed = parse_upload((BAD / "with_javascript.pdf").read_bytes(), "x.pdf", LIMITS)
    assert parsed.sections[0].text == full_pdf.sections[EVIDENCE_PAGE - 1].text
    assert "app.alert" not in all_text(parsed)


def test_the_financebench_pdf_has_its_evidence_on_the_right_page(full_pdf):
    assert full_pdf.kind == "pdf" and full_pdf.pages == 30 and not full_pdf.truncated
    assert [s.page for s in full_pdf.sections] == list(range(1, 31))
    assert full_pdf.sections[0].title == "Page 1"
    pages_with_evidence = [s.page for s in full_pdf.sections if EVIDENCE in flat(s.text)]
    assert pages_with_evidence == [EVIDENCE_PAGE]


def test_the_three_page_extract_matches_pages_17_to_19_of_the_original(full_pdf):
    parsed = parse_upload(good(SMALL_PDF), SMALL_PDF, LIMITS)
    assert [s.title for s in parsed.sections] == ["Page 1", "Page 2", "Page 3"]
    assert [s.text for s in parsed.sections] == [s.text for s in full_pdf.sections[16:19]]


def test_the_page_budget_refuses_the_file_naming_the_limit():
    limits = UploadLimits(parse_timeout_s=60, max_pages=2)
    message = "this file yields 3 pages; the limit is 2 (FINASSIST_UPLOADS__MAX_PAGES)"
    with pytest.raises(InputError, match=re.escape(message)):
        parse_upload(good(SMALL_PDF), SMALL_PDF, limits)


def test_the_per_page_text_cap_cuts_long_pages():
    limits = UploadLimits(parse_timeout_s=60, max_page_chars=1_000)
    parsed = parse_upload(good(SMALL_PDF), SMALL_PDF, limits)
    assert [len(s.text) for s in parsed.sections] == [1_000, 1_000, 1_000]
    assert parsed.truncated and "page 1 cut at 1,000 characters" in parsed.truncated_note


def test_a_pages_bold_lines_are_its_headings_and_split_its_chunks():
    """Boeing's FY2022 10-K (FinanceBench), Item 1A's first page: the lines printed in bold are
    the page's headings (the italic lead sentences are not), and each risk factor starts the
    chunk it heads."""
    parsed = parse_upload(pdf_pages("BOEING_2022_10K", [1, 8]), "boeing.pdf", LIMITS)
    page = next(s for s in parsed.sections if "Item 1A. Risk Factors" in s.text)
    risk = "We depend heavily on commercial airlines, subjecting us to unique risks."
    assert risk in page.headings and "Item 1A. Risk Factors" in page.headings
    assert not any(line.startswith("Market conditions have") for line in page.headings)
    document = Document(id="upload:t", source="upload", title="boeing.pdf", sections=[page])
    chunks = chunk_document(document, 100)
    started = [c for c in chunks if c.metadata.get("headings") == risk]
    body = started[0].text.split("\n", 1)[1]  # the group's title joins its first risk's chunk
    assert len(started) == 1 and body.startswith(
        f"Risks Related to Our Business and Operations {risk}"
    )


SUITE = Path(__file__).resolve().parents[4] / "data" / "eval" / "injection"


@pytest.mark.parametrize(
    "hiding", ["render", "tiny", "white", "form_render", "form_white", "form_tiny"]
)
def test_text_a_reader_cannot_see_is_removed_and_the_rest_kept(hiding):
    rows = [json.loads(line) for line in (SUITE / "manifest.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["format"] == "pdf" and r.get("hiding") == hiding)
    parsed = parse_upload((SUITE / row["file"]).read_bytes(), "note.pdf", LIMITS)
    text = all_text(parsed)
    assert row["canary"] not in text and "attacker" not in text
    assert "Operating margin" in text and re.search(r"revenue of \$[\d,.]+ million", text)
    assert any("hidden text removed" in w for w in parsed.warnings)


def test_a_filings_pages_lose_no_text_to_the_hidden_text_filter(full_pdf):
    assert not any("hidden text" in w for w in full_pdf.warnings)
