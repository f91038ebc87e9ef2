"""The byte test before the hidden-text filter: filings' ordinary pages pass untouched, every way
of hiding text is looked at, and bytes inside strings never decide it."""

from pypdf import PdfReader
from pypdf.generic import ContentStream

from ingestion.sources.uploads.pdf_hidden import drop_hidden_text
from ingestion.sources.uploads.pdf_hints import may_hide
from tests.pdfs import PDFS


def _xobject(name: bytes) -> tuple[str, None]:
    return ("image", None) if name.startswith(b"Im") else ("other", None)


def _looked_at(data: bytes) -> bool:
    return may_hide(data, _xobject)


def test_a_1_point_font_scaled_by_the_text_matrix_is_not_looked_at():
    """Verizon's tables: `/F0 1 Tf 9 0 0 9 x y Tm` on every line."""
    page = b"BT /F0 1 Tf 9 0 0 9 63.4 -374.9 Tm (Title of Each Class)Tj ET"
    assert not _looked_at(page)
    assert _looked_at(page.replace(b"9 0 0 9", b"1 0 0 1"))  # a 1-point line stays 1 point
    assert _looked_at(b"BT /F0 1 Tf 63.4 -374.9 Td (x)Tj ET")  # no matrix: 1 point


def test_white_counts_only_on_a_page_that_paints_nothing():
    text = b"BT /F1 10 Tf 1 1 1 rg 72 700 Td (payload)Tj ET"
    assert _looked_at(text)
    assert not _looked_at(b"0 0 0 rg 0 0 612 792 re f " + text)  # white on a dark box
    assert not _looked_at(b"/Im1 Do " + text)  # or on an image
    assert _looked_at(b"/Fm1 Do " + text)  # not known to be an image: a form, looked at
    assert _looked_at(b"/CS0 cs 0 scn " + text.replace(b"1 1 1 rg", b""))  # no ink


def test_bytes_inside_strings_neither_hide_nor_excuse_text():
    hidden = b"BT /F1 10 Tf 1 1 1 rg 72 700 Td (payload re f 1 0 0 9 0 0 Tm)Tj ET"
    assert _looked_at(hidden)  # the "fill" is text in a string
    tiny = b"BT /F1 1 Tf (a (nested) 9 0 0 9 0 0 Tm string)Tj ET"
    assert _looked_at(tiny)
    assert not _looked_at(b"BT /F1 9 Tf (3 Tr and 1 1 1 rg and 0.1 Tf)Tj ET")


def test_render_modes_padding_and_unreadable_streams_are_looked_at():
    assert _looked_at(b"BT 3 Tr /F1 10 Tf (x)Tj ET")
    assert _looked_at(b"BT 7.0" + b" " * 300 + b"Tr /F1 10 Tf (x)Tj ET")
    assert _looked_at(b"BT 3." + b"0" * 300 + b" Tr /F1 10 Tf (x)Tj ET")
    assert not _looked_at(b"BT 0 Tr /F1 10 Tf (x)Tj ET")
    assert _looked_at(b"BI /W 1 /H 1 ID ( EI BT 3 Tr <41>Tj ET")  # inline image bytes
    assert _looked_at(b"% (a comment\nBT 9 Tf 1 1 1 rg (x)Tj ET")


def test_a_filings_pages_are_mostly_not_parsed_and_lose_nothing():
    """Kraft Heinz's 2019 10-K sets white on every page it also fills: the filter parses none
    of its first 20 pages, and their text is what pypdf reads without it."""
    reader, plain = (PdfReader(PDFS / "KRAFTHEINZ_2019_10K.pdf") for _ in range(2))
    removed = [drop_hidden_text(page) for page in reader.pages[:20]]
    parsed = [
        isinstance(page["/Contents"], ContentStream) and page["/Contents"]._operations
        for page in reader.pages[:20]
    ]
    assert removed == [0] * 20 and not any(parsed)
    texts = [page.extract_text() for page in reader.pages[:20]]
    assert texts == [page.extract_text() for page in plain.pages[:20]]


def test_operators_end_at_any_delimiter_as_pypdf_reads_them():
    """A name right after an operator, or NUL as whitespace, still ends it (pypdf's parse, which
    the filter walks, reads `0.5 Tf/Span` as Tf and NUL as a space)."""
    assert _looked_at(b"BT /F1 0.5 Tf/Span <</MCID 0>> BDC 72 700 Td (x)Tj EMC ET")
    assert _looked_at(b"BT\x003\x00Tr /F1 10 Tf (x)Tj ET")
    assert not _looked_at(b"BT /F1 9 Tf/Span <</MCID 0>> BDC 72 700 Td (x)Tj EMC ET")


def test_a_text_matrix_is_followed_through_many_text_objects():
    """Text objects that set no matrix, then a scaled one before the only show: not looked at;
    a show in any of them would be (a 1-point font, shown unscaled)."""
    start = b"BT /F1 1 Tf 1 0 0 1 0 0 Tm ET "
    many = b"BT ET " * 20_000
    assert not _looked_at(
        start.replace(b"1 0 0 1", b"9 0 0 9") + many + b"BT 9 0 0 9 0 0 Tm (x)Tj ET"
    )
    assert _looked_at(start + many + b"BT 9 0 0 9 0 0 Tm (x)Tj ET")  # the first Tm: scale 1
    assert _looked_at(b"BT /F1 1 Tf 9 0 0 9 0 0 Tm ET " + many + b"BT (x)Tj ET")
