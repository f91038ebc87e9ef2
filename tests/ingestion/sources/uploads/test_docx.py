"""DOCX uploads: a section per heading, tables as Markdown, hidden runs and zip bombs refused."""

import json
import re
from pathlib import Path

import pytest

from core.errors import InputError
from ingestion.sources.uploads import UploadLimits, parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, DOCX, LIMITS, all_text, good


def test_hidden_docx_runs_are_dropped_and_the_rest_kept():
    parsed = parse_upload((BAD / "docx_hidden_text.docx").read_bytes(), "x.docx", LIMITS)
    assert "Vice President, Deputy General Counsel and Assistant Secretary" in all_text(parsed)


def test_the_8k_docx_has_a_section_per_heading_and_its_tables_as_markdown():
    parsed = parse_upload(good(DOCX), DOCX, LIMITS)
    titles = [s.title for s in parsed.sections]
    assert parsed.kind == "docx" and titles[0] == "Document" and titles[1] == "FORM 8-K"
    assert titles[-2:] == ["Item 9.01. Financial Statements and Exhibits.", "SIGNATURE"]
    item_502 = parsed.sections[2]
    assert item_502.title.startswith("Item 5.02. Departure of Directors")
    assert "| Jen-Hsun Huang President and Chief Executive Officer | $4,000,000 | 200% |" in (
        item_502.text
    )


def test_docx_over_the_entry_or_size_limit_is_refused_as_a_zip_bomb():
    with pytest.raises(InputError, match=re.escape("zip bomb (17 entries; limit 10)")):
        parse_upload(good(DOCX), DOCX, UploadLimits(parse_timeout_s=60, docx_max_entries=10))
    limits = UploadLimits(parse_timeout_s=60, docx_max_uncompressed_bytes=100_000)
    with pytest.raises(InputError, match=re.escape("zip bomb (expands to")):
        parse_upload(good(DOCX), DOCX, limits)


SUITE = Path(__file__).resolve().parents[4] / "data" / "eval" / "injection"


@pytest.mark.parametrize(
    "hiding",
    [
        "display",
        "webhidden",
        "white",
        "tiny",
        "para_style",
        "based_on",
        "char_style",
        "spec_vanish",
    ],
)
def test_hidden_web_hidden_white_and_tiny_runs_are_dropped(hiding):
    rows = [json.loads(line) for line in (SUITE / "manifest.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["format"] == "docx" and r.get("hiding") == hiding)
    parsed = parse_upload((SUITE / row["file"]).read_bytes(), "note.docx", LIMITS)
    text = all_text(parsed)
    assert row["canary"] not in text and "attacker" not in text
    assert "Operating margin" in text
