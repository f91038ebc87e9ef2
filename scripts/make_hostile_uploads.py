"""Build the hostile upload set (tests/data/uploads/hostile/) and report how uploads fare on it.

Sixty-odd files an attacker could upload, by class: decompression bombs in every container
(DOCX/zip, PDF Flate streams, gzip, nested zips, XML entity expansion), deep nesting (PDF page
trees and arrays, XML, HTML, Markdown), pathological inputs for our own patterns (long runs of
digits, commas, spaces, parentheses, table rows, cover-page phrases), huge single lines, 10^5
tiny lines, mixed and invalid encodings, NUL bytes, a CSV with 10^5 columns. Every file is built
here from text and numbers (no outside data), deterministically. Files up to `COMMIT_MAX` bytes
are committed; larger ones are built at test time (`build_all`), which keeps the repo small.

    .venv/bin/python scripts/make_hostile_uploads.py           # write the small files + README
    .venv/bin/python scripts/make_hostile_uploads.py --report  # every file (and the older bad
                                                               # ones) through the real upload
                                                               # path: outcome and time (JSON;
                                                               # --table: per class, Markdown)
"""

import argparse
import bz2
import gzip
import io
import json
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "uploads" / "hostile"
COMMIT_MAX = 64_000
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SENTENCE = "Net revenue increased 12% to $4,210 million in fiscal 2024, driven by services. "


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, class, how it is built and what is wrong with it."""

    name: str
    kind: str  # the class it is reported under
    build: Callable[[], bytes]
    wrong: str


# ---- PDF, written by hand (so any structure can be made) -------------------------------------


def pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF of these objects (object i+1 is objects[i]) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def stream(content: bytes, flate: int = 0, extra: bytes = b"") -> bytes:
    """A stream object, Flate-compressed `flate` times."""
    filters = []
    for _ in range(flate):
        content = zlib.compress(content, 9)
        filters.append(b"/FlateDecode")
    filter_entry = b"/Filter [" + b" ".join(filters) + b"] " if filters else b""
    return (
        b"<< /Length %d %s%s>>\nstream\n" % (len(content), filter_entry, extra)
        + content
        + b"\nendstream"
    )


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_ops(lines: list[str]) -> bytes:
    """Content-stream operators that print these lines."""
    body = [b"BT /F1 10 Tf 50 780 Td 12 TL"]
    for line in lines:
        escaped = line.encode("latin-1", "replace")
        escaped = escaped.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        body.append(b"(" + escaped + b") Tj T*")
    body.append(b"ET")
    return b"\n".join(body)


def pages_pdf(contents: list[bytes], flate: int = 0) -> bytes:
    """A flat page tree: one page per content stream."""
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        FONT,
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i)
        )
        objects.append(stream(content, flate))
    return pdf(objects)


def one_page(lines: list[str], flate: int = 1) -> bytes:
    return pages_pdf([text_ops(lines)], flate)


def pdf_deep_page_tree(depth: int) -> bytes:
    """A page tree `depth` levels deep with one page at the bottom."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b"/Parent %d 0 R " % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent, number + 1))
    leaf = 2 + depth
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (leaf - 1, leaf + 1, leaf + 2)
    )
    objects.append(stream(text_ops([SENTENCE])))
    objects.append(FONT)
    return pdf(objects)


def pdf_page_tree_cycle() -> bytes:
    """Two /Pages nodes that are each other's kid."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return pdf(objects)


def pdf_nested_arrays(depth: int) -> bytes:
    """A page whose /MediaBox is an array nested `depth` deep."""
    box = b"[" * depth + b"0 0 612 792" + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % box,
        stream(text_ops([SENTENCE])),
    ]
    return pdf(objects)


def pdf_nested_dicts(depth: int) -> bytes:
    """A page carrying a dictionary nested `depth` deep."""
    deep = b"<< /A " * depth + b"1" + b" >>" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Deep %s "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % deep,
        stream(text_ops([SENTENCE])),
    ]
    return pdf(objects)


def pdf_self_drawing_xobject() -> bytes:
    """A form XObject that draws itself (infinite recursion for a naive text extractor)."""
    form = stream(
        b"BT /F1 10 Tf 50 700 Td (loop) Tj ET /X1 Do",
        extra=b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
        b"/Resources << /XObject << /X1 6 0 R >> /Font << /F1 3 0 R >> >> ",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> >>",
        stream(text_ops([SENTENCE]) + b"\n/X1 Do"),
        form,
    ]
    return pdf(objects)


def pdf_many_streams_bomb(streams: int, each: int) -> bytes:
    """One page with `streams` content streams, each inflating to `each` bytes of spaces."""
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(streams))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%s] "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % refs,
    ]
    objects += [stream(b" " * each, flate=1) for _ in range(streams)]
    return pdf(objects)


def pdf_objstm_bomb(size: int) -> bytes:
    """The page's font lives in an object stream that inflates to `size` bytes."""
    header = b"3 0 "
    body = header + FONT + b" " * size
    objstm = stream(body, flate=1, extra=b"/Type /ObjStm /N 1 /First %d " % len(header))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"null",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>",
        stream(text_ops([SENTENCE])),
        objstm,
    ]
    return pdf(objects)


def pdf_incremental_updates(count: int) -> bytes:
    """`count` incremental updates, each redefining the same page's content."""
    data = one_page([SENTENCE])
    for i in range(count):
        previous = data.rindex(b"startxref")
        prev_offset = int(data[previous + 10 :].split()[0])
        content = stream(text_ops([f"revision {i} " + SENTENCE]), flate=1)
        offset = len(data)
        update = b"5 0 obj\n" + content + b"\nendobj\n"
        xref = offset + len(update)
        update += b"xref\n5 1\n%010d 00000 n \n" % offset
        update += b"trailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            prev_offset,
            xref,
        )
        data += update
    return data


# ---- ZIP / DOCX ------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str, prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + prolog
        + f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def zipped(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = method
            archive.writestr(
                info, data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None
            )
    return out.getvalue()


def docx(body: str, extra: list[tuple[str, bytes]] = (), prolog: str = "", **parts) -> bytes:
    entries = [
        ("[Content_Types].xml", parts.get("content_types", CONTENT_TYPES).encode()),
        ("_rels/.rels", parts.get("rels", RELS).encode()),
        ("word/document.xml", document_xml(body, prolog).encode()),
        *extra,
    ]
    return zipped(entries)


def billion_laughs(levels: int = 10) -> str:
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return f"<!DOCTYPE w:document [{''.join(lines)}]>"


def docx_lying_sizes() -> bytes:
    """document.xml declares 100 bytes uncompressed but inflates to 20 MB."""
    big = document_xml(paragraph(" " * 20_000_000)).encode()
    entries = [("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", RELS.encode())]
    data = bytearray(zipped([*entries, ("word/document.xml", big)]))
    # the uncompressed size: at offset 22 of a local header, 24 of a central directory entry
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + 17] == b"word/document.xml":
                data[start + size_at : start + size_at + 4] = (100).to_bytes(4, "little")
            start += 4
    return bytes(data)


# ---- Text, HTML, CSV -------------------------------------------------------------------------


def deep_html(tag: str, depth: int, close: bool = True) -> bytes:
    opening = f"<{tag}>" * depth
    closing = f"</{tag}>" * depth if close else ""
    return f"<html><body>{opening}{SENTENCE}{closing}</body></html>".encode()


def cover(extra: str) -> str:
    """A 10-K cover page whose fields are filled with `extra` (cover-page patterns' input)."""
    return (
        "UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nFORM 10-K\n"
        f"ANNUAL REPORT PURSUANT TO SECTION 13 for the fiscal year ended {extra}\n"
        f"Commission file number 1-{extra}\n{extra}\n"
        f"(Exact name of registrant as specified in its charter)\nTrading Symbol(s) {extra}\n"
    )


def table_rows(rows: int, cols: int, cell: str) -> str:
    header = "| Line item | " + " | ".join(f"20{i % 100:02d}" for i in range(cols)) + " |"
    rule = "|" + " --- |" * (cols + 1)
    body = [f"| Revenue {r} | " + " | ".join([cell] * cols) + " |" for r in range(rows)]
    return "\n".join(["(in millions)", header, rule, *body])


def statement_pdf_lines(lines: int, width: int) -> list[str]:
    """A 'CONSOLIDATED STATEMENTS OF OPERATIONS' page with `width` figures per row."""
    head = ["CONSOLIDATED STATEMENTS OF OPERATIONS", "(in millions)", "Three Months Ended"]
    head.append(" ".join(["August 3, 2024"] * width))
    rows = [f"Revenue item {i} " + " ".join(["1,234"] * width) for i in range(lines)]
    return head + rows


def utf16_no_bom(text: str, encoding: str) -> bytes:
    return text.encode(encoding)


def mixed_encodings() -> bytes:
    parts = [
        SENTENCE.encode("utf-8"),
        "Umsatz über 5 Mio. € — café".encode(),
        "Umsatz über 5 Mio. - café".encode("latin-1"),
        "売上高は増加した".encode("shift_jis"),
        "Выручка выросла".encode("koi8_r"),
    ]
    return b"\n".join(parts * 200)


def invalid_utf8() -> bytes:
    bad = [
        b"\xc3\x28",
        b"\xa0\xa1",
        b"\xe2\x28\xa1",
        b"\xf0\x28\x8c\xbc",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
    ]
    return b"\n".join(SENTENCE.encode() + chunk for chunk in bad * 100)


def nul_csv() -> bytes:
    rows = ["date,close,volume"] + [f"2024-01-{d:02d},1{d}.5\x00,100\x00{d}" for d in range(1, 29)]
    return "\n".join(rows).encode()


def csv_huge_field() -> bytes:
    return b'name,notes\nacme,"' + b"x" * 150_000 + b'"\n'


def csv_unbalanced_quotes() -> bytes:
    return b'a,b,c\n1,"2,3\n4,5,6\n' + b'7,"8""9,10\n' * 2000


# ---- The set ---------------------------------------------------------------------------------

MB = 1_000_000


def _gzip(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as handle:
        handle.write(data)
    return out.getvalue()


HOSTILE: list[Hostile] = [
    # -- decompression bombs --
    Hostile(
        "pdf_flate_bomb_50mb.pdf",
        "bomb",
        lambda: pages_pdf([b" " * 50 * MB], 1),
        "one content stream inflating to 50 MB of spaces",
    ),
    Hostile(
        "pdf_flate_bomb_triple.pdf",
        "bomb",
        lambda: pages_pdf([b" " * 100 * MB], 3),
        "a content stream Flate'd three times, 100 MB inflated",
    ),
    Hostile(
        "pdf_many_stream_bomb.pdf",
        "bomb",
        lambda: pdf_many_streams_bomb(20, 5 * MB),
        "one page with 20 content streams of 5 MB each",
    ),
    Hostile(
        "pdf_pages_bomb.pdf",
        "bomb",
        lambda: pages_pdf([b" " * 5 * MB] * 20, 1),
        "20 pages, each a content stream inflating to 5 MB",
    ),
    Hostile(
        "pdf_objstm_bomb.pdf",
        "bomb",
        lambda: pdf_objstm_bomb(50 * MB),
        "the font is in an object stream inflating to 50 MB",
    ),
    Hostile(
        "docx_ratio_bomb.docx",
        "bomb",
        lambda: docx(paragraph(" " * 20 * MB)),
        "word/document.xml: 20 MB of spaces at ~1000:1",
    ),
    Hostile(
        "docx_entries_bomb.docx",
        "bomb",
        lambda: docx(paragraph(SENTENCE), [(f"word/media/{i}.bin", b"") for i in range(5000)]),
        "5,000 empty zip entries",
    ),
    Hostile(
        "docx_nested_zip.docx",
        "bomb",
        lambda: docx(
            paragraph(SENTENCE),
            [
                (
                    "word/embeddings/inner.zip",
                    zipped([(f"{i}.txt", b"0" * 5 * MB) for i in range(10)]),
                )
            ],
        ),
        "an embedded zip of 10 x 5 MB entries",
    ),
    Hostile(
        "docx_lying_sizes.docx",
        "bomb",
        docx_lying_sizes,
        "document.xml declares 100 bytes and inflates to 20 MB",
    ),
    Hostile(
        "docx_billion_laughs_styles.docx",
        "bomb",
        lambda: docx(
            paragraph(SENTENCE),
            [
                (
                    "word/styles.xml",
                    (billion_laughs() + f'<w:styles xmlns:w="{W}">&lol9;</w:styles>').encode(),
                )
            ],
        ),
        "billion laughs in word/styles.xml",
    ),
    Hostile(
        "docx_billion_laughs_content_types.docx",
        "bomb",
        lambda: docx(
            paragraph(SENTENCE),
            content_types=CONTENT_TYPES.replace("<Types", billion_laughs(8) + "<Types", 1),
        ),
        "billion laughs in [Content_Types].xml",
    ),
    Hostile(
        "docx_quadratic_blowup.docx",
        "bomb",
        lambda: docx(
            paragraph("&a;" * 20_000),
            prolog=f'<!DOCTYPE w:document [<!ENTITY a "{"x" * 50_000}">]>',
        ),
        "one 50 KB entity referenced 20,000 times (quadratic blowup)",
    ),
    Hostile(
        "zip_in_zip.docx",
        "bomb",
        lambda: zipped(
            [("inner.zip", zipped([("inner2.zip", zipped([("a.txt", b"0" * 20 * MB)]))]))]
        ),
        "a zip in a zip in a zip (no word/document.xml)",
    ),
    Hostile(
        "gzip_text.txt",
        "bomb",
        lambda: _gzip(b"revenue " * 3 * MB),
        "gzip of 24 MB of text, named .txt",
    ),
    Hostile(
        "gzip_html.html",
        "bomb",
        lambda: _gzip(deep_html("p", 1) * 100_000),
        "gzip'd HTML, named .html",
    ),
    Hostile(
        "bzip2_csv.csv",
        "bomb",
        lambda: bz2.compress(b"1,2,3\n" * MB),
        "bzip2 of 6 MB of CSV, named .csv",
    ),
    # -- deep nesting --
    Hostile(
        "pdf_page_tree_depth_5000.pdf",
        "nesting",
        lambda: pdf_deep_page_tree(5000),
        "a page tree 5,000 levels deep",
    ),
    Hostile(
        "pdf_page_tree_cycle.pdf",
        "nesting",
        pdf_page_tree_cycle,
        "two /Pages nodes that are each other's kid",
    ),
    Hostile(
        "pdf_nested_arrays.pdf",
        "nesting",
        lambda: pdf_nested_arrays(100_000),
        "a /MediaBox array nested 100,000 deep",
    ),
    Hostile(
        "pdf_nested_dicts.pdf",
        "nesting",
        lambda: pdf_nested_dicts(50_000),
        "a dictionary nested 50,000 deep",
    ),
    Hostile(
        "pdf_self_drawing_xobject.pdf",
        "nesting",
        pdf_self_drawing_xobject,
        "a form XObject that draws itself",
    ),
    Hostile(
        "pdf_incremental_updates.pdf",
        "nesting",
        lambda: pdf_incremental_updates(300),
        "300 incremental updates chained by /Prev",
    ),
    Hostile(
        "html_div_100k.html", "nesting", lambda: deep_html("div", 100_000), "100,000 nested <div>"
    ),
    Hostile(
        "html_table_20k.html",
        "nesting",
        lambda: deep_html("table><tr><td", 20_000, False),
        "20,000 nested unclosed tables",
    ),
    Hostile(
        "html_b_unclosed_100k.html",
        "nesting",
        lambda: deep_html("b", 100_000, False),
        "100,000 unclosed <b>",
    ),
    Hostile(
        "html_list_nesting.html",
        "nesting",
        lambda: deep_html("ul><li", 30_000),
        "30,000 nested lists",
    ),
    Hostile(
        "docx_deep_xml.docx",
        "nesting",
        lambda: docx(
            "<w:p><w:r>"
            + "<w:smartTag>" * 50_000
            + f"<w:t>{SENTENCE}</w:t>"
            + "</w:smartTag>" * 50_000
            + "</w:r></w:p>"
        ),
        "document.xml with elements nested 50,000 deep",
    ),
    Hostile(
        "markdown_blockquotes.md",
        "nesting",
        lambda: (">" * 50_000 + " " + SENTENCE).encode(),
        "a blockquote 50,000 levels deep",
    ),
    Hostile(
        "markdown_lists.md",
        "nesting",
        lambda: "\n".join("  " * i + "- " + SENTENCE for i in range(1000)).encode(),
        "a list indented 1,000 levels",
    ),
    # -- our own patterns, fed pathological input --
    Hostile(
        "regex_digits.txt", "regex", lambda: ("1" * 1_000_000).encode(), "one run of 10^6 digits"
    ),
    Hostile(
        "regex_commas.txt",
        "regex",
        lambda: ("1," * 500_000).encode(),
        "'1,' 500,000 times (figures with thousands separators)",
    ),
    Hostile(
        "regex_spaces.txt",
        "regex",
        lambda: ("a" + " " * 1_000_000 + "b").encode(),
        "10^6 spaces between two letters",
    ),
    Hostile(
        "regex_parentheses.txt",
        "regex",
        lambda: ("(" * 500_000 + "1" + ")" * 500_000).encode(),
        "10^6 parentheses around a figure",
    ),
    Hostile(
        "regex_dollars.txt",
        "regex",
        lambda: ("$(" + "1," * 200_000 + ")").encode(),
        "one negative dollar figure 400,000 characters long",
    ),
    Hostile(
        "regex_dates.txt",
        "regex",
        lambda: ("January 1, 2024 " * 60_000).encode(),
        "60,000 dates in a row",
    ),
    Hostile(
        "regex_cover_fields.txt",
        "regex",
        lambda: cover("9" * 300_000).encode(),
        "a 10-K cover whose fields are 300,000 digits",
    ),
    Hostile(
        "regex_cover_spaces.txt",
        "regex",
        lambda: cover(" " * 300_000 + "x").encode(),
        "a 10-K cover whose fields are 300,000 spaces",
    ),
    Hostile(
        "regex_scale_notes.txt",
        "regex",
        lambda: ("(in millions " * 80_000).encode(),
        "80,000 unclosed scale notes",
    ),
    Hostile(
        "regex_months_ended.txt",
        "regex",
        lambda: ("three months ended " * 60_000).encode(),
        "60,000 'three months ended'",
    ),
    Hostile(
        "regex_wide_table.md",
        "regex",
        lambda: table_rows(3, 20_000, "1,234").encode(),
        "a Markdown statement table 20,000 columns wide",
    ),
    Hostile(
        "regex_long_table.md",
        "regex",
        lambda: table_rows(30_000, 3, "(1,234)").encode(),
        "a Markdown statement table of 30,000 rows",
    ),
    Hostile("regex_pipes.md", "regex", lambda: ("|" * 1_000_000).encode(), "10^6 pipes"),
    Hostile(
        "regex_statement_pdf.pdf",
        "regex",
        lambda: one_page(statement_pdf_lines(60, 400)),
        "a statement page, 60 rows of 400 figures each",
    ),
    Hostile(
        "regex_headings.txt",
        "regex",
        lambda: "\n".join(f"ITEM {i}. RISK FACTORS" for i in range(50_000)).encode(),
        "50,000 heading lines",
    ),
    # -- size of lines --
    Hostile(
        "huge_line_4mb.txt",
        "lines",
        lambda: ("revenue " * 500_000).encode(),
        "one 4 MB line of a repeated word",
    ),
    Hostile(
        "huge_line_6mb.md",
        "lines",
        lambda: ("revenue " * 750_000).encode(),
        "one 6 MB line (over the character budget)",
    ),
    Hostile(
        "huge_line_html.html",
        "lines",
        lambda: b"<html><body><p>" + b"revenue " * 600_000 + b"</p></body></html>",
        "an HTML paragraph of one 4.8 MB line",
    ),
    Hostile(
        "huge_line_pdf.pdf",
        "lines",
        lambda: one_page([SENTENCE * 20_000]),
        "a PDF page of one 1.6 MB line",
    ),
    Hostile("huge_cell.csv", "lines", csv_huge_field, "a 150 KB quoted CSV field"),
    Hostile("tiny_lines_100k.txt", "lines", lambda: b"a\n" * 100_000, "10^5 one-letter lines"),
    Hostile(
        "tiny_lines_numbers.txt",
        "lines",
        lambda: "\n".join(str(i) for i in range(100_000)).encode(),
        "10^5 numbered lines",
    ),
    Hostile(
        "blank_lines.md",
        "lines",
        lambda: b"x" + b"\n" * 1_000_000 + b"y",
        "10^6 blank lines between two letters",
    ),
    Hostile(
        "csv_100k_columns.csv",
        "lines",
        lambda: (
            ",".join(f"c{i}" for i in range(100_000))
            + "\n"
            + ",".join("1" for _ in range(100_000))
            + "\n"
        ).encode(),
        "a CSV with 10^5 columns",
    ),
    Hostile(
        "csv_100k_rows.csv",
        "lines",
        lambda: ("a,b\n" + "".join(f"{i},{i}\n" for i in range(100_000))).encode(),
        "a CSV with 10^5 short rows",
    ),
    Hostile(
        "pdf_3000_pages.pdf",
        "lines",
        lambda: pages_pdf([text_ops([SENTENCE])] * 3000),
        "3,000 pages (over the page budget)",
    ),
    # -- encodings --
    Hostile(
        "utf16le_no_bom.txt",
        "encoding",
        lambda: utf16_no_bom(SENTENCE * 50, "utf-16-le"),
        "UTF-16LE text without a BOM",
    ),
    Hostile(
        "utf16be_no_bom.txt",
        "encoding",
        lambda: utf16_no_bom(SENTENCE * 50, "utf-16-be"),
        "UTF-16BE text without a BOM",
    ),
    Hostile(
        "utf32_bom.txt", "encoding", lambda: (SENTENCE * 50).encode("utf-32"), "UTF-32 with a BOM"
    ),
    Hostile(
        "utf16_no_bom.csv",
        "encoding",
        lambda: "date,close\n2024-01-02,185.6\n".encode("utf-16-le") * 50,
        "a UTF-16LE CSV without a BOM",
    ),
    Hostile(
        "mixed_encodings.txt",
        "encoding",
        mixed_encodings,
        "UTF-8, latin-1, Shift-JIS and KOI8-R lines in one file",
    ),
    Hostile(
        "invalid_utf8.txt",
        "encoding",
        invalid_utf8,
        "invalid UTF-8: overlong forms, lone continuation bytes, surrogates",
    ),
    Hostile(
        "bom_midfile.md",
        "encoding",
        lambda: ("# Notes\n" + "\ufeff".join([SENTENCE] * 500)).encode(),
        "byte order marks in the middle of the text",
    ),
    Hostile("nul_bytes.csv", "encoding", nul_csv, "a CSV with NUL bytes in its cells"),
    Hostile(
        "nul_html.html",
        "encoding",
        lambda: b"<html><body><p>" + (SENTENCE.encode() + b"\x00") * 500 + b"</p></body></html>",
        "HTML with NUL bytes",
    ),
    Hostile(
        "control_chars.txt",
        "encoding",
        lambda: (
            "".join(SENTENCE + chr(c) for c in range(1, 32) if c not in (9, 10, 13)).encode() * 20
        ),
        "text with every C0 control character",
    ),
    Hostile(
        "html_bad_charrefs.html",
        "encoding",
        lambda: (
            b"<html><body><p>"
            + b"&#0;&#xD800;&#x110000;&#xFFFE;&#99999999999;" * 5000
            + b"</p></body></html>"
        ),
        "HTML with invalid numeric character references",
    ),
    Hostile(
        "html_meta_charset_lie.html",
        "encoding",
        lambda: (
            b'<html><head><meta charset="utf-7"></head><body><p>+ADw-script+AD4-'
            + SENTENCE.encode() * 100
            + b"</p></body></html>"
        ),
        "HTML declaring UTF-7 (a script tag in UTF-7)",
    ),
    Hostile(
        "csv_unbalanced_quotes.csv",
        "encoding",
        csv_unbalanced_quotes,
        "a CSV whose quotes never balance",
    ),
    Hostile("ebcdic.txt", "encoding", lambda: (SENTENCE * 100).encode("cp500"), "EBCDIC text"),
]


def build_all(out: Path, small_only: bool = False) -> list[Path]:
    """Write every hostile file (or only those up to COMMIT_MAX bytes) under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for hostile in HOSTILE:
        data = hostile.build()
        if small_only and len(data) > COMMIT_MAX:
            continue
        path = out / hostile.name
        path.write_bytes(data)
        written.append(path)
    return written


def readme(out: Path) -> str:
    lines = [
        "# Hostile uploads",
        "",
        "Built by `scripts/make_hostile_uploads.py` (deterministic; no outside data). Files over "
        f"{COMMIT_MAX // 1000} KB are not committed: the test builds them in a temporary folder.",
        "",
        "| File | Class | Size | What is wrong |",
        "| --- | --- | --- | --- |",
    ]
    for hostile in HOSTILE:
        size = len(hostile.build())
        where = "" if size <= COMMIT_MAX else " (built at test time)"
        lines.append(f"| `{hostile.name}`{where} | {hostile.kind} | {size:,} B | {hostile.wrong} |")
    return "\n".join(lines) + "\n"


BAD = ROOT / "tests" / "data" / "uploads" / "bad"  # the older set of bad files, by hand


def report_files() -> list[tuple[str, str, Callable[[], bytes]]]:
    """(name, class, bytes) of every hostile file, then of the older bad files (their class:
    "older bad <extension>")."""
    files = [(h.name, h.kind, h.build) for h in HOSTILE]
    for path in sorted(BAD.glob("*")):
        kind = f"older bad {path.suffix.lstrip('.') or 'file'}"
        files.append((path.name, kind, path.read_bytes))
    return files


def report(limits=None) -> dict:
    """Every hostile and older bad file through the real upload path in a temporary home: per
    class, the files accepted and refused, the distinct refusal messages and the slowest file's
    seconds; per file, the outcome."""
    import tempfile

    from core.settings import load_settings
    from ingestion.files import ingest_upload
    from ingestion.run import Run, Stores
    from ingestion.sources.uploads import UploadLimits
    from model import load_embedder

    limits = limits or UploadLimits()
    embedder = load_embedder(load_settings())
    budget = limits.parse_timeout_s + limits.embed_timeout_s + SLACK_S
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        stores = Stores.open(home, None)
        for name, kind, build in report_files():
            data = build()
            run = Run("hostile", stores, embedder, uploads=home / "uploads")
            before = _held(stores, home / "uploads")
            started = time.monotonic()
            document = ingest_upload(run, data, name, home / "uploads", limits)
            run.finish()
            seconds = time.monotonic() - started
            source = run.report.sources[0]
            refused = source.status == "failed"
            rows.append(
                {
                    "file": name,
                    "class": kind,
                    "bytes": len(data),
                    "outcome": "refused" if refused else "accepted",
                    "reason": source.reason,
                    "seconds": round(seconds, 2),
                    "past_budget": seconds > budget,
                    "partial": _partial(stores, home / "uploads", before, document, refused),
                }
            )
    classes: dict[str, dict] = {}
    for row in rows:
        entry = classes.setdefault(
            row["class"],
            {
                "files": 0,
                "accepted": 0,
                "refused": 0,
                "past_budget": 0,
                "partial": 0,
                "messages": [],
                "max_seconds": 0.0,
            },
        )
        entry["files"] += 1
        entry["past_budget"] += row["past_budget"]
        entry["partial"] += row["partial"]
        entry[row["outcome"]] += 1
        entry["max_seconds"] = max(entry["max_seconds"], row["seconds"])
        if row["outcome"] == "refused" and row["reason"] not in entry["messages"]:
            entry["messages"].append(row["reason"])
    return {"classes": classes, "files": rows, "budget_s": budget}


SLACK_S = 5.0  # the budgets bound parsing and embedding; writing and checks may add this much


def _held(stores, uploads: Path) -> tuple:
    """What the stores hold: documents, chunks, vectors, figures, stored originals."""
    originals = sorted(p.name for p in uploads.glob("*")) if uploads.exists() else []
    return stores.chunks.counts(), stores.facts.counts(), originals


def _partial(stores, uploads: Path, before: tuple, document, refused: bool) -> bool:
    """A refused upload changed the stores, or an accepted one is not indexed whole."""
    if refused:
        left = document is not None and stores.chunks.state_of(document.id) is not None
        return left or _held(stores, uploads) != before
    ids = stores.chunks.vectors.ids_of(document.id)
    return stores.chunks.state_of(document.id) != "indexed" or ids != set(
        stores.chunks.chunk_hashes(document.id)
    )


def report_table(data: dict) -> str:
    """The per-class report as a Markdown table."""
    lines = [
        "| Class | Files | Refused | Ingested | Max s | Past budget | Partial | Refusal messages |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for kind, row in data["classes"].items():
        messages = "; ".join(m.replace("|", "/")[:90] for m in row["messages"][:4])
        more = f" (+{len(row['messages']) - 4} more)" if len(row["messages"]) > 4 else ""
        lines.append(
            f"| {kind} | {row['files']} | {row['refused']} | {row['accepted']} | "
            f"{row['max_seconds']:.1f} | {row['past_budget']} | {row['partial']} | "
            f"{messages}{more} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report", action="store_true", help="run every file, print JSON")
    parser.add_argument("--table", action="store_true", help="with --report: a Markdown table")
    parser.add_argument(
        "--tight",
        action="store_true",
        help="with --report: the test's budgets (2,000,000 characters, 400 chunks, 30 s to "
        "read, 30 s to embed), so big files are refused instead of embedded for minutes",
    )
    args = parser.parse_args()
    if args.report:
        from ingestion.sources.uploads import UploadLimits

        tight = UploadLimits(
            max_chars=2_000_000, max_chunks=400, parse_timeout_s=30, embed_timeout_s=30
        )
        data = report(tight if args.tight else None)
        print(report_table(data) if args.table else json.dumps(data, indent=1))
        return
    for stale in args.out.glob("*"):
        if stale.name != "README.md":
            stale.unlink()
    written = build_all(args.out, small_only=True)
    (args.out / "README.md").write_text(readme(args.out))
    print(f"wrote {len(written)} of {len(HOSTILE)} hostile files under {args.out}")


if __name__ == "__main__":
    main()
