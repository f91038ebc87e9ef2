"""Analyst uploads: content sniffing, the sandboxed parsers, the bad-file corpus, storage.

The corpus in tests/data/uploads/ is made from real files by scripts/make_bad_uploads.py (its
README says where each file comes from). Parses use a 10 s timeout so a hang fails fast.
"""

import re
import signal
import time
from pathlib import Path

import pytest

from core.errors import InputError
from ingestion import sandbox
from ingestion.sandbox import ProcessLimits, run_limited
from ingestion.sources import uploads
from ingestion.sources.uploads import (
    UploadLimits,
    parse_upload,
    safe_display_name,
    sniff,
    store_original,
    upload_document,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "uploads"
GOOD, BAD = CORPUS / "good", CORPUS / "bad"
LIMITS = UploadLimits(parse_timeout_s=10)

FULL_PDF = "BESTBUY_2024Q2_10Q.pdf"
SMALL_PDF = "BESTBUY_2024Q2_10Q_p17-19.pdf"
HTML = "nvda-20260302.htm"
CSV = "AAPL.csv"
TEXT = "financial_phrasebank_README.txt"
DOCX = "nvda-20260302_8-K.docx"

# FinanceBench financebench_id_00460: evidence on page 16 (0-indexed) of BESTBUY_2024Q2_10Q.
EVIDENCE_PAGE = 17
EVIDENCE = "Online revenue of $2.8 billion and $5.5 billion in the second quarter"


def good(name: str) -> bytes:
    return (GOOD / name).read_bytes()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def all_text(parsed) -> str:
    return "\n".join(section.text for section in parsed.sections)


# Every file in bad/: (name to upload it under, error fragment or None, warning fragment or None)
EXPECTED = {
    "empty.pdf": (None, "empty file", None),
    "whitespace_only.txt": (None, "empty file", None),
    "truncated_header_only.pdf": (None, "malformed PDF", None),
    "truncated_at_10pct.pdf": (None, "malformed PDF", None),
    "truncated_at_50pct.pdf": (None, "malformed PDF", None),
    "truncated_tail.pdf": (None, "malformed PDF", None),
    "corrupt_xref.pdf": (None, None, "PDF repaired"),
    "garbage_body.pdf": (None, "malformed PDF", None),
    "encrypted_rc4.pdf": (None, "password-protected PDF", None),
    "blank_page.pdf": (None, "no extractable text (image-only or scanned?)", None),
    "image_only.pdf": (None, "no extractable text (image-only or scanned?)", None),
    "zero_pages.pdf": (None, "no extractable text", None),
    "circular_prev.pdf": (None, None, "PDF repaired"),
    "huge_page_count.pdf": (None, None, None),
    "flate_bomb.pdf": (None, "PDF rejected: a decoding limit was reached", None),
    "with_javascript.pdf": (None, None, None),
    "zip_renamed.pdf": (None, "unsupported file type: ZIP archive", None),
    "elf_renamed.pdf": (None, "unsupported file type: ELF executable", None),
    "elf_renamed.csv": (None, "unsupported file type: ELF executable", None),
    "exe_renamed.csv": (None, "unsupported file type: Windows executable", None),
    "exe_ads_name.bin": ("x.exe:$s.pdf", "unsupported file type: Windows executable", None),
    "png_renamed.docx": (None, "unsupported file type: PNG image", None),
    "binary_nul.txt": (None, "unsupported file type: binary data", None),
    "docx_billion_laughs.docx": (
        None,
        "DOCX rejected: DTD/entity declarations are not allowed (in word/document.xml)",
        None,
    ),
    "docx_external_entity.docx": (
        None,
        "DOCX rejected: DTD/entity declarations are not allowed (in word/document.xml)",
        None,
    ),
    "docx_doctype_in_rels.docx": (
        None,
        "DOCX rejected: DTD/entity declarations are not allowed (in _rels/.rels)",
        None,
    ),
    "docx_zip_bomb.docx": (None, "DOCX rejected: zip bomb ('word/media/image1.png'", None),
    "docx_missing_document.docx": (
        None,
        "unsupported file type: ZIP archive without word/document.xml",
        None,
    ),
    "docx_malformed_xml.docx": (None, "DOCX rejected: malformed XML in word/document.xml", None),
    "docx_hidden_text.docx": (None, None, "hidden text removed (1 hidden run(s))"),
    "html_injection.html": (None, None, "hidden text removed (5 hidden element(s))"),
    "html_only_script.html": (None, "no extractable text", None),
    "csv_latin1.csv": (None, None, "decoded as latin-1"),
    "csv_utf16_bom.csv": (None, None, "decoded as UTF-16"),
    "csv_formulas.csv": (None, None, None),
    "csv_ragged.csv": (None, None, "8 row(s) have a different number of fields"),
    "text_utf16.txt": (None, None, "decoded as UTF-16"),
    "text_latin1.txt": (None, None, "decoded as latin-1"),
}
ACTIVE_MARKERS = ("<script", "javascript:", "alert(", "onload", "onclick", "onerror", "fetch(")


@pytest.fixture(scope="module")
def full_pdf():
    """The 30-page FinanceBench 10-Q, parsed once (the slowest parse in this file)."""
    return parse_upload(good(FULL_PDF), FULL_PDF, LIMITS)


# ---- The bad-file corpus ---------------------------------------------------------------------


def test_the_corpus_has_an_expectation_for_each_of_its_thirty_plus_bad_files():
    files = {path.name for path in BAD.iterdir()}
    assert files == set(EXPECTED)
    assert len(files) >= 30


def test_the_committed_corpus_stays_under_two_megabytes():
    total = sum(path.stat().st_size for path in CORPUS.rglob("*") if path.is_file())
    assert total < 2_000_000


def test_the_corpus_readme_describes_every_file():
    readme = (CORPUS / "README.md").read_text()
    for path in [*BAD.iterdir(), *GOOD.iterdir()]:
        assert f"`{path.parent.name}/{path.name}`" in readme


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_rejected_cleanly_or_parsed_without_active_or_hidden_text(name):
    upload_name, error, warning = EXPECTED[name]
    data = (BAD / name).read_bytes()
    started = time.monotonic()
    if error:
        with pytest.raises(InputError) as caught:
            parse_upload(data, upload_name or name, LIMITS)
        assert error in str(caught.value)
        assert "\n" not in str(caught.value)
    else:
        parsed = parse_upload(data, upload_name or name, LIMITS)
        text = all_text(parsed)
        assert parsed.chars > 0 and "FINASSIST_" not in text
        assert not any(marker in text.lower() for marker in ACTIVE_MARKERS)
        if warning:
            assert any(warning in item for item in parsed.warnings), parsed.warnings
    assert time.monotonic() - started < LIMITS.parse_timeout_s + 5


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


def test_injected_html_keeps_the_filing_text_and_drops_every_injection():
    parsed = parse_upload((BAD / "html_injection.html").read_bytes(), "x.html", LIMITS)
    text = all_text(parsed)
    assert "Adoption of Fiscal Year 2027 Variable Compensation Plan" in text
    assert "Investor relations" in text  # a link's text stays, its javascript: href does not
    assert "ignore previous instructions" not in text
    assert "color: red" not in text and "127.0.0.1" not in text


def test_csv_formula_cells_are_prefixed_and_signed_numbers_kept():
    parsed = parse_upload((BAD / "csv_formulas.csv").read_bytes(), "x.csv", LIMITS)
    text = all_text(parsed)
    assert "| '=HYPERLINK(" in text
    assert "| '+cmd\\|' /C calc'!A0 |" in text
    assert "| '-2+3+cmd" in text and "| '@SUM(1+1)" in text and "| ' =1+1 |" in text
    assert "| -1.5 |" in text
    assert "| 2022-11-08 00:00:00-05:00 | 138.4573305983891 |" in text


def test_ragged_csv_rows_are_padded_to_the_widest_row():
    parsed = parse_upload((BAD / "csv_ragged.csv").read_bytes(), "x.csv", LIMITS)
    header = parsed.sections[0].text.splitlines()[0]
    assert header.endswith("| Stock Splits | column 9 | column 10 |")
    assert "| 2022-12-20 00:00:00-05:00 | 129.5627349310346 |" in all_text(parsed)


def test_latin1_and_utf16_csv_decode_to_the_real_text():
    latin1 = parse_upload((BAD / "csv_latin1.csv").read_bytes(), "x.csv", LIMITS)
    assert "Clothing retail chain Sepp+ñl+ñ 's sales increased by 8 %" in all_text(latin1)
    utf16 = parse_upload((BAD / "csv_utf16_bom.csv").read_bytes(), "x.csv", LIMITS)
    assert [s.title for s in utf16.sections] == ["Rows 1-50", "Rows 51-60"]
    assert "| 2022-11-08 00:00:00-05:00 | 138.4573305983891 |" in all_text(utf16)


def test_utf16_and_latin1_text_files_decode_to_the_original_text():
    utf16 = parse_upload((BAD / "text_utf16.txt").read_bytes(), "notes.txt", LIMITS)
    assert all_text(utf16) == good(TEXT).decode("utf-8").replace("\r\n", "\n").strip()
    raw = (BAD / "text_latin1.txt").read_bytes()
    latin1 = parse_upload(raw, "notes.txt", LIMITS)
    assert all_text(latin1) == raw.decode("latin-1").replace("\r\n", "\n").strip()


def test_hidden_docx_runs_are_dropped_and_the_rest_kept():
    parsed = parse_upload((BAD / "docx_hidden_text.docx").read_bytes(), "x.docx", LIMITS)
    assert "Vice President, Deputy General Counsel and Assistant Secretary" in all_text(parsed)


# ---- Good files ------------------------------------------------------------------------------


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


def test_the_8k_html_gives_its_text_and_a_markdown_table_without_the_hidden_xbrl_header():
    parsed = parse_upload(good(HTML), HTML, LIMITS)
    text = all_text(parsed)
    assert parsed.kind == "html" and parsed.sections[0].title == "nvda-20260302"
    assert "| Colette M. Kress Executive Vice President and Chief Financial Officer" in text
    assert "| $1,500,000 | 150% |" in text
    assert "0001045810 false" not in text  # the display:none ix:header
    assert parsed.warnings == ["hidden text removed (1 hidden element(s))"]


def test_the_price_csv_becomes_tables_of_fifty_rows_with_the_header_repeated():
    parsed = parse_upload(good(CSV), CSV, LIMITS)
    header = "| Date | Open | High | Low | Close | Volume | Dividends | Stock Splits |"
    assert parsed.kind == "csv" and len(parsed.sections) == 16
    assert parsed.sections[0].title == "Rows 1-50" and parsed.sections[-1].title == "Rows 751-753"
    assert all(s.text.splitlines()[0] == header for s in parsed.sections)
    assert all(len(s.text.splitlines()) <= 52 for s in parsed.sections)
    assert "| 2025-11-07 00:00:00-05:00 |" in parsed.sections[-1].text


def test_the_csv_row_cap_truncates_with_a_note():
    parsed = parse_upload(good(CSV), CSV, UploadLimits(parse_timeout_s=10, csv_max_rows=100))
    assert [s.title for s in parsed.sections] == ["Rows 1-50", "Rows 51-100"]
    assert parsed.truncated and parsed.truncated_note == "truncated at row 100"


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


def test_plain_text_is_one_section_and_markdown_splits_at_headings():
    text = good(TEXT)
    plain = parse_upload(text, TEXT, LIMITS)
    assert plain.kind == "text" and len(plain.sections) == 1 and plain.warnings == []
    markdown = re.sub(rb"(?m)^(\d\. [A-Z][a-z]+)", rb"## \1", text)
    parsed = parse_upload(markdown, "README.md", LIMITS)
    assert parsed.kind == "markdown"
    assert [s.title for s in parsed.sections][1:3] == ["1. Introduction", "2. Data"]


# ---- Sniffing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "upload_name", "kind"),
    [
        (FULL_PDF, "report.txt", "pdf"),
        (HTML, "filing.pdf", "html"),
        (DOCX, "table.csv", "docx"),
        (CSV, "prices.pdf", "csv"),
        (TEXT, "README.txt", "text"),
        (TEXT, "README.md", "markdown"),
    ],
)
def test_the_kind_comes_from_the_content_not_the_name(name, upload_name, kind):
    assert sniff(good(name), upload_name) == kind


def test_a_markdown_name_does_not_make_binary_data_text():
    with pytest.raises(InputError, match="unsupported file type: ELF executable"):
        sniff((BAD / "elf_renamed.pdf").read_bytes(), "notes.md")


# ---- Limits ----------------------------------------------------------------------------------


def test_too_large_a_file_is_refused_before_any_parsing(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(uploads, "run_limited", no_parsing)
    limits = UploadLimits(max_bytes=100_000)
    with pytest.raises(InputError, match=re.escape("file too large (0.4 MB; limit 0.1 MB)")):
        parse_upload(good(FULL_PDF), FULL_PDF, limits)
    with pytest.raises(InputError, match="file too large"):
        parse_upload((BAD / "elf_renamed.pdf").read_bytes() * 300, "x.pdf", limits)


def test_the_page_cap_truncates_with_a_note():
    limits = UploadLimits(parse_timeout_s=10, max_pages=2)
    parsed = parse_upload(good(SMALL_PDF), SMALL_PDF, limits)
    assert [s.page for s in parsed.sections] == [1, 2] and parsed.pages == 3
    assert parsed.truncated and parsed.truncated_note == "truncated at page 2 (of 3)"


def test_the_per_page_text_cap_cuts_long_pages():
    limits = UploadLimits(parse_timeout_s=10, max_page_chars=1_000)
    parsed = parse_upload(good(SMALL_PDF), SMALL_PDF, limits)
    assert [len(s.text) for s in parsed.sections] == [1_000, 1_000, 1_000]
    assert parsed.truncated and "page 1 cut at 1,000 characters" in parsed.truncated_note


def test_a_huge_line_up_to_the_char_cap_is_kept_and_beyond_it_is_cut():
    line = flat(good(TEXT).decode("utf-8"))
    limits = UploadLimits(parse_timeout_s=10, max_chars=200_000)
    near = (line * 60)[:199_990].strip()
    parsed = parse_upload(near.encode(), "long.txt", limits)
    assert parsed.chars == len(near) and not parsed.truncated
    assert "\n" not in parsed.sections[0].text
    over = (line * 80)[:260_000].encode()
    parsed = parse_upload(over, "long.txt", limits)
    assert parsed.chars == 200_000 and parsed.truncated_note == "truncated at 200,000 characters"


def test_html_nested_deeper_than_the_parser_allows_is_rejected_cleanly():
    deep = b"<html><body>" + b"<div>" * 5_000 + b"deep" + b"</div>" * 5_000 + good(HTML)[-500:]
    with pytest.raises(InputError, match="HTML rejected: Excessive depth in document"):
        parse_upload(deep, "deep.html", LIMITS)


def test_docx_over_the_entry_or_size_limit_is_refused_as_a_zip_bomb():
    with pytest.raises(InputError, match=re.escape("zip bomb (17 entries; limit 10)")):
        parse_upload(good(DOCX), DOCX, UploadLimits(parse_timeout_s=10, docx_max_entries=10))
    limits = UploadLimits(parse_timeout_s=10, docx_max_uncompressed_bytes=100_000)
    with pytest.raises(InputError, match=re.escape("zip bomb (expands to")):
        parse_upload(good(DOCX), DOCX, limits)


def test_a_parse_past_the_timeout_is_killed_with_a_clean_error():
    started = time.monotonic()
    with pytest.raises(InputError, match=re.escape("parse timeout after 0.2 s")):
        parse_upload(good(FULL_PDF), FULL_PDF, UploadLimits(parse_timeout_s=0.2))
    assert time.monotonic() - started < 10


def test_a_parse_over_the_memory_cap_is_a_clean_error():
    limits = UploadLimits(parse_timeout_s=10, memory_bytes=32 << 20)
    with pytest.raises(InputError, match=re.escape("exceeds memory limit (32 MiB)")):
        parse_upload(good(SMALL_PDF), SMALL_PDF, limits)


def test_a_crashed_parser_becomes_an_input_error(monkeypatch):
    def crashed(*args, **kwargs):
        raise sandbox.SandboxCrashed("the child was killed by SIGSEGV", -signal.SIGSEGV)

    monkeypatch.setattr(uploads, "run_limited", crashed)
    with pytest.raises(InputError, match="could not parse PDF: the parser crashed .*SIGSEGV"):
        parse_upload(good(SMALL_PDF), SMALL_PDF, LIMITS)


def test_parsing_the_same_bytes_twice_gives_the_same_result():
    first = parse_upload(good(HTML), HTML, LIMITS)
    assert parse_upload(good(HTML), HTML, LIMITS) == first


# ---- The sandbox -----------------------------------------------------------------------------


# The child imports the function by name, and pytest's test modules are not importable there,
# so these use standard-library callables: `signal.raise_signal(SIGSEGV)` is exactly
# `os.kill(os.getpid(), SIGSEGV)`, and `bytearray(n)` allocates n bytes.


def test_the_parent_survives_a_child_killed_by_sigsegv():
    with pytest.raises(sandbox.SandboxCrashed, match="SIGSEGV") as caught:
        run_limited(signal.raise_signal, (signal.SIGSEGV,), ProcessLimits(timeout_s=10))
    assert caught.value.exitcode == -signal.SIGSEGV
    assert run_limited(len, ("still working",), ProcessLimits(timeout_s=10)) == 13


def test_the_parent_survives_a_child_over_its_memory_cap():
    limits = ProcessLimits(timeout_s=10, memory_bytes=256 << 20)
    with pytest.raises(sandbox.SandboxMemoryExceeded):
        run_limited(bytearray, (512 << 20,), limits)
    assert len(run_limited(bytearray, (1 << 20,), limits)) == 1 << 20


def test_a_child_past_its_wall_clock_is_killed():
    with pytest.raises(sandbox.SandboxTimeout):
        run_limited(time.sleep, (60,), ProcessLimits(timeout_s=0.5))


def test_a_child_past_its_cpu_limit_is_killed():
    with pytest.raises(sandbox.SandboxTimeout, match="CPU"):
        run_limited(sum, (range(10**12),), ProcessLimits(timeout_s=30, cpu_s=1))


def test_an_exception_in_the_child_comes_back_as_plain_data():
    with pytest.raises(sandbox.SandboxRaised) as caught:
        run_limited(int, ("not a number",), ProcessLimits(timeout_s=10))
    assert caught.value.type_name == "ValueError"
    assert "invalid literal" in caught.value.detail and "Traceback" in caught.value.child_traceback


# ---- Storage, names and the Document ---------------------------------------------------------


def test_originals_are_stored_once_under_their_hash(tmp_path):
    data = good(SMALL_PDF)
    first = store_original(data, tmp_path / "uploads")
    assert first.path == tmp_path / "uploads" / f"{first.sha256}.pdf"
    assert first.path.read_bytes() == data and first.size == len(data)
    written = first.path.stat().st_mtime_ns
    second = store_original(data, tmp_path / "uploads")
    assert second == first and first.path.stat().st_mtime_ns == written
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == [first.path.name]


def test_storing_refuses_an_unsupported_file(tmp_path):
    with pytest.raises(InputError, match="unsupported file type"):
        store_original((BAD / "exe_ads_name.bin").read_bytes(), tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\analyst\\Q2 report.pdf", "Q2 report.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("line\nbreak\r.csv", "linebreak.csv"),
        ("..", "upload"),
        ("", "upload"),
        ("x.exe:$s.pdf", "x.exe:$s.pdf"),
    ],
)
def test_display_names_lose_paths_controls_and_bidi_overrides(filename, shown):
    assert safe_display_name(filename) == shown


def test_display_names_are_capped_at_120_characters_keeping_the_extension():
    name = safe_display_name("a" * 300 + ".pdf")
    assert len(name) == 120 and name.endswith("aaa.pdf")


def test_an_upload_becomes_a_document_keyed_by_its_hash(tmp_path):
    data = good(SMALL_PDF)
    parsed = parse_upload(data, "../Q2 \u202ereport.pdf", LIMITS)
    stored = store_original(data, tmp_path)
    document = upload_document(parsed, stored, "../Q2 \u202ereport.pdf")
    assert document.id == f"upload:{stored.sha256[:16]}" and document.source == "upload"
    assert document.title == "Q2 report.pdf"
    assert document.sections == parsed.sections and document.sections[0].page == 1
    assert document.metadata == {
        "kind": "pdf",
        "pages": 3,
        "sha256": stored.sha256,
        "size": len(data),
        "chars": parsed.chars,
        "truncated": False,
    }
