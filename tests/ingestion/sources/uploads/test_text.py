"""Plain-text and Markdown uploads: decoded to the original text, Markdown split at headings,
one huge line kept up to the character cap."""

import re

import pytest

from core.errors import InputError
from ingestion.sources.uploads import UploadLimits, parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, LIMITS, TEXT, all_text, flat, good


def test_utf16_and_latin1_text_files_decode_to_the_original_text():
    utf16 = parse_upload((BAD / "text_utf16.txt").read_bytes(), "notes.txt", LIMITS)
    assert all_text(utf16) == good(TEXT).decode("utf-8").replace("\r\n", "\n").strip()
    raw = (BAD / "text_latin1.txt").read_bytes()
    latin1 = parse_upload(raw, "notes.txt", LIMITS)
    assert all_text(latin1) == raw.decode("latin-1").replace("\r\n", "\n").strip()


def test_plain_text_is_one_section_and_markdown_splits_at_headings():
    text = good(TEXT)
    plain = parse_upload(text, TEXT, LIMITS)
    assert plain.kind == "text" and len(plain.sections) == 1 and plain.warnings == []
    markdown = re.sub(rb"(?m)^(\d\. [A-Z][a-z]+)", rb"## \1", text)
    parsed = parse_upload(markdown, "README.md", LIMITS)
    assert parsed.kind == "markdown"
    assert [s.title for s in parsed.sections][1:3] == ["1. Introduction", "2. Data"]


def test_a_huge_line_up_to_the_char_cap_is_kept_and_beyond_it_is_refused():
    line = flat(good(TEXT).decode("utf-8"))
    limits = UploadLimits(parse_timeout_s=60, max_chars=200_000)
    near = (line * 60)[:199_990].strip()
    parsed = parse_upload(near.encode(), "long.txt", limits)
    assert parsed.chars == len(near) and not parsed.truncated
    assert "\n" not in parsed.sections[0].text
    over = (line * 80)[:260_000].encode()
    message = "this file yields 260,000 characters of text; the limit is 200,000"
    with pytest.raises(InputError, match=re.escape(message) + r" \(FINASSIST_UPLOADS__MAX_CHARS\)"):
        parse_upload(over, "long.txt", limits)
