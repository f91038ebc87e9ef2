"""Filing sub-headings (bold or italic paragraphs) are kept at ingest: each section lists them,
each starts a chunk, and the chunk names the headings it starts (real demo filings)."""

from pathlib import Path

import lxml.html

from core.types import Document
from ingestion.chunking import chunk_document
from ingestion.sources.html import html_blocks, parse_html_root
from ingestion.sources.sec.items import item_sections

FILINGS = Path(__file__).resolve().parents[2] / "data/sample/sec/filings"
AAPL = FILINGS / "AAPL/aapl-10-k-2024-11-01.html"


def sections(path: Path = AAPL, form: str = "10-K"):
    return item_sections(html_blocks(parse_html_root(path.read_bytes())), form)


def test_bold_and_italic_paragraphs_are_marked_and_inline_emphasis_is_not():
    root = lxml.html.document_fromstring(
        "<html><body><p><b>Risks Related to Us</b></p><p><i>We may fail.</i></p>"
        "<p><b>Competition.</b> We compete.</p>"
        '<div style="font-weight:700">Bold <span style="font-weight:400">not</span></div>'
        '<div style="font-weight:700"><span style="font-style:italic">Both</span></div>'
        "</body></html>"
    )
    assert [(b.text, b.emphasis) for b in html_blocks(root)] == [
        ("Risks Related to Us", True),
        ("We may fail.", True),
        ("Competition. We compete.", False),
        ("Bold not", False),
        ("Both", True),
    ]


def test_item_1a_keeps_the_risk_factor_headings_in_order():
    risk = next(s for s in sections() if s.title.startswith("Item 1A"))
    assert risk.headings[0] == "Macroeconomic and Industry Risks"
    assert "Business Risks" in risk.headings
    assert len(risk.headings) >= 30
    positions = [risk.text.index(h) for h in risk.headings]
    assert positions == sorted(positions)


def test_italic_prose_cut_by_a_page_break_is_not_a_heading():
    nvda = sections(FILINGS / "NVDA/nvda-10-k-2025-02-26.html")
    risk = next(s for s in nvda if s.title.startswith("Item 1A"))
    assert not any(h[0].islower() for h in risk.headings)
    assert not any(h.startswith("The following risk factors") for h in risk.headings)


def test_each_heading_starts_a_chunk_that_names_it():
    document = Document(id="sec:x", source="sec", title="Apple 10-K", sections=sections())
    chunks = chunk_document(document)
    risk = next(s for s in document.sections if s.title.startswith("Item 1A"))
    started = [
        h
        for c in chunks
        if c.section == risk.title
        for h in str(c.metadata.get("headings", "")).split("\n")
        if h
    ]
    assert started == risk.headings
    for c in chunks:
        for heading in str(c.metadata.get("headings", "")).split("\n"):
            assert not heading or heading in c.text
