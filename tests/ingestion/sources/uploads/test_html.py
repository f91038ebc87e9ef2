"""HTML uploads: read by the same HTML reader as SEC filings (see tests/ingestion/sources/
test_html.py), under lxml's limits; injected scripts and hidden text never reach the text."""

import pytest

from core.errors import InputError
from ingestion.sources.uploads import parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, HTML, LIMITS, all_text, good


def test_injected_html_keeps_the_filing_text_and_drops_every_injection():
    parsed = parse_upload((BAD / "html_injection.html").read_bytes(), "x.html", LIMITS)
    text = all_text(parsed)
    assert "Adoption of Fiscal Year 2027 Variable Compensation Plan" in text
    assert "Investor relations" in text  # a link's text stays, its javascript: href does not
    assert "ignore previous instructions" not in text
    assert "color: red" not in text and "127.0.0.1" not in text


def test_the_8k_html_gives_its_text_and_a_markdown_table_without_the_hidden_xbrl_header():
    parsed = parse_upload(good(HTML), HTML, LIMITS)
    text = all_text(parsed)
    assert parsed.kind == "html" and parsed.sections[0].title == "nvda-20260302"
    assert "| Colette M. Kress Executive Vice President and Chief Financial Officer" in text
    assert "| $1,500,000 | 150% |" in text
    assert "0001045810 false" not in text  # the display:none ix:header
    assert parsed.warnings == ["hidden text removed (1 hidden element(s))"]


def test_html_nested_deeper_than_the_parser_allows_is_rejected_cleanly():
    deep = b"<html><body>" + b"<div>" * 5_000 + b"deep" + b"</div>" * 5_000 + good(HTML)[-500:]
    with pytest.raises(InputError, match="HTML rejected: Excessive depth in document"):
        parse_upload(deep, "deep.html", LIMITS)


def test_parsing_the_same_bytes_twice_gives_the_same_result():
    first = parse_upload(good(HTML), HTML, LIMITS)
    assert parse_upload(good(HTML), HTML, LIMITS) == first
