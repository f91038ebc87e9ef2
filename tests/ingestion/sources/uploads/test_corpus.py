"""The bad-file corpus: every file in tests/data/uploads/bad/ is rejected with a one-line reason
or parsed without active or hidden text, within the timeout (README: where each comes from)."""

import time

import pytest

from core.errors import InputError
from ingestion.sources.uploads import parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, CORPUS, GOOD, LIMITS, all_text

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
