from pathlib import Path

from core.types import Document, Section
from ingestion.chunking import chunk_document, split_table
from ingestion.headings import is_heading
from tests.pdfs import pdf_upload

ROOT = Path(__file__).resolve().parents[2]
EXCERPT = (ROOT / "data" / "bench" / "aapl-10k-2024-item7-excerpt.txt").read_text()
TABLE = """(dollars in millions)
| | 2024 | 2023 | 2022 |
|---|---|---|---|
| Americas | $ 167,045 | $ 162,560 | $ 169,658 |
| Europe | 101,328 | 94,294 | 95,118 |
| Greater China | 66,952 | 72,559 | 74,200 |
| Total net sales | $ 391,035 | $ 383,285 | $ 394,328 |"""


def filing(text: str) -> Document:
    return Document(
        id="sec:0000320193-24-000123",
        source="sec",
        title="Apple Inc. 10-K FY2024",
        ticker="AAPL",
        form="10-K",
        fiscal_year=2024,
        published="2024-11-01",
        sections=[Section(title="Item 7. MD&A", text=text)],
    )


def test_chunks_respect_the_word_budget_and_carry_a_context_header():
    chunks = chunk_document(filing(EXCERPT), words_per_chunk=80)
    assert len(chunks) > 3
    assert all(c.text.startswith("[Apple Inc. 10-K FY2024 | Item 7. MD&A]") for c in chunks)
    assert all(len(c.text.split()) <= 80 + 12 for c in chunks)
    assert [c.id for c in chunks] == [f"sec:0000320193-24-000123#{i}" for i in range(len(chunks))]


def test_a_table_stays_whole_with_its_unit_line_nearby():
    chunks = chunk_document(filing(TABLE), words_per_chunk=160)
    table = next(c for c in chunks if "| Total net sales |" in c.text)
    assert "| | 2024 | 2023 | 2022 |" in table.text and "| Americas |" in table.text
    assert any("(dollars in millions)" in c.text for c in chunks)


def test_a_long_table_is_split_by_rows_with_the_header_repeated():
    lines = TABLE.splitlines()[1:]
    parts = split_table("\n".join(lines), limit=20)
    assert len(parts) > 1
    assert all(part.startswith("| | 2024 | 2023 | 2022 |\n|---|") for part in parts)
    rows = [row for part in parts for row in part.splitlines()[2:]]
    assert rows == lines[2:]


def test_chunking_is_deterministic_and_metadata_is_filterable():
    first, second = chunk_document(filing(EXCERPT)), chunk_document(filing(EXCERPT))
    assert [c.content_hash for c in first] == [c.content_hash for c in second]
    assert first[0].metadata["ticker"] == "AAPL"
    assert first[0].metadata["published_day"] == 20241101
    assert None not in first[0].metadata.values()


def test_a_table_chunk_carries_the_scale_note_printed_above_its_table():
    from ingestion.sample import sample_filings
    from ingestion.sources import sec

    ref, path = next((r, p) for r, p in sample_filings() if r.form == "10-K" and r.ticker == "AAPL")
    chunks = chunk_document(sec.parse_filing(path.read_bytes(), ref))
    by_region = next(c for c in chunks if "| Rest of Asia Pacific |" in c.text)
    assert by_region.text.splitlines()[1] == "(dollars in millions)"
    assert "| Japan | | 25,052 |" in by_region.text


def test_a_pdf_chunk_names_the_heading_it_stands_under_even_on_the_next_page():
    boeing = chunk_document(pdf_upload("BOEING_2022_10K", [112, 113]))
    lawsuits = next(c for c in boeing if "Lion Air Flight 610" in c.text)
    assert lawsuits.page == 113  # the note's heading is printed on page 112
    assert lawsuits.text.startswith(
        "[BOEING_2022_10K.pdf | Page 113 | Note 21 – Legal Proceedings]"
    )
    best_buy = chunk_document(pdf_upload("BESTBUY_2023_10K", [51]))
    bought = next(c for c in best_buy if "Current Health" in c.text and "acquired" in c.text)
    assert "| 2.   Acquisitions]" in bought.text.splitlines()[0]
    assert all(len(c.text.split()) > 20 for c in best_buy if c.page == 51)  # no bare headings


def test_heading_lines_are_short_title_like_and_not_continued():
    assert is_heading("Note 21 – Legal Proceedings", "Various legal proceedings, claims")
    assert is_heading("Segment results – managed basis", "The following tables summarize")
    assert not is_heading("Total net revenue $ 12,614 $ 12,760", "Total noninterest expense")
    assert not is_heading("Except as described below, we believe,", "")
    assert not is_heading("Best Buy Health reporting unit and was deductible", "for income tax")
    assert not is_heading("ROE", "24 %")  # a lone word is a column label
    assert not is_heading("Table of Contents", "Item 1A. Risk Factors")
