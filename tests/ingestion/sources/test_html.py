"""The one HTML reader (`ingestion.sources.html`): SEC filings and HTML uploads go through it,
so hidden elements and pipes in table cells come out the same way in both."""

from lxml import html as lxml_html

from ingestion.sources import html, sec
from ingestion.sources.sec import FilingRef
from ingestion.sources.sec import filings as sec_filings
from ingestion.sources.uploads import html as upload_html
from ingestion.sources.uploads import parse_upload
from tests.ingestion.sources.uploads.corpus import LIMITS

PAGE = b"""<html><head><title>Acme 8-K</title><style>p { color: red }</style></head><body>
<p>Item 8.01. Other Events.</p>
<p>Acme Corp reports its quarter.</p>
<div style="display: none">HIDDEN_DISPLAY</div>
<p hidden>HIDDEN_ATTRIBUTE</p>
<span style="visibility:hidden">HIDDEN_VISIBILITY</span>
<div style="font-size:0">HIDDEN_FONT</div>
<iframe src="http://127.0.0.1:9/">HIDDEN_IFRAME</iframe>
<script>HIDDEN_SCRIPT()</script>
<p>Revenue by segment (in millions):</p>
<table>
  <tr><th>Segment</th><th>2025</th><th>2024</th></tr>
  <tr><td>Cloud | AI</td><td>1,234</td><td>987</td></tr>
  <tr style="display:none"><td>HIDDEN_ROW</td><td>1</td><td>2</td></tr>
  <tr><td>Devices</td><td>$ 456</td><td>(12</td><td>)%</td></tr>
</table>
<p>The end.</p>
</body></html>"""
TABLE = "\n".join(
    [
        "| Segment | 2025 | 2024 |",
        "| --- | --- | --- |",
        "| Cloud \\| AI | 1,234 | 987 |",
        "| Devices | $ 456 | (12)% |",
    ]
)
REF = FilingRef(
    cik="0000000001",
    company="Acme Corp",
    ticker="ACME",
    accession="0000000001-25-000001",
    form="8-K",
    filed="2025-03-01",
    url="https://www.sec.gov/Archives/edgar/data/1/000000000125000001/acme-8k.htm",
)


def sec_text(payload: bytes) -> str:
    return "\n\n".join(section.text for section in sec.parse_filing(payload, REF).sections)


def upload_text(payload: bytes) -> str:
    return "\n\n".join(section.text for section in parse_upload(payload, "x.html", LIMITS).sections)


def test_sec_filings_and_html_uploads_use_the_same_reader():
    assert sec_filings.html_blocks is upload_html.html_blocks is html.html_blocks


def test_a_hidden_element_and_a_pipe_in_a_cell_come_out_the_same_in_a_filing_and_an_upload():
    filing, upload = sec_text(PAGE), upload_text(PAGE)
    for text in (filing, upload):
        assert "HIDDEN" not in text and "color: red" not in text
        assert "Acme Corp reports its quarter." in text and "The end." in text
        assert TABLE in text
    tables = [
        [line for line in text.splitlines() if line.startswith("|")] for text in (filing, upload)
    ]
    assert tables[0] == tables[1] == TABLE.splitlines()


def test_the_blocks_are_paragraphs_and_one_markdown_table_in_document_order():
    blocks = html.html_blocks(html.parse_html_root(PAGE))
    assert [block.kind for block in blocks] == ["text", "text", "text", "table", "text"]
    assert blocks[3].text == TABLE


def test_only_elements_hidden_by_markup_are_counted_not_scripts_nor_ones_inside_them():
    root = lxml_html.document_fromstring(
        b"<body><p hidden>a<span style='opacity:0'>b</span></p><script>x</script>"
        b"<p style='opacity: 0.5'>seen</p><p style='DISPLAY : NONE'>c</p></body>"
    )
    assert html.hidden_count(root) == 2
    assert [block.text for block in html.html_blocks(root)] == ["seen"]
