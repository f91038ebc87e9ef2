"""Sniffing: the kind of an upload comes from its content, never from its name."""

import pytest

from core.errors import InputError
from ingestion.sources.uploads import sniff
from tests.ingestion.sources.uploads.corpus import BAD, CSV, DOCX, FULL_PDF, HTML, TEXT, good


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
