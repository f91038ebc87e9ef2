"""Keeping an upload: the original stored once under its hash, a display name safe to show,
and the Document keyed by the hash."""

import pytest

from core.errors import InputError
from ingestion.sandbox import ISOLATIONS
from ingestion.sources.uploads import (
    parse_upload,
    safe_display_name,
    store_original,
    upload_document,
)
from tests.ingestion.sources.uploads.corpus import BAD, LIMITS, SMALL_PDF, good


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
    assert document.metadata.pop("sandbox") in ISOLATIONS  # how the child was isolated
    assert document.metadata == {
        "kind": "pdf",
        "pages": 3,
        "sha256": stored.sha256,
        "size": len(data),
        "chars": parsed.chars,
        "truncated": False,
    }
