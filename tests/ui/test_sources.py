"""An answer's sources: the cited ones apart from the ones only retrieved, the anchors [n] jump
to, and where "Open" goes (the filing at its passage, an uploaded PDF at its page)."""

from core.types import Answer, AnswerFact, Citation
from ui.sources import (
    anchor,
    page_link,
    source_links,
    split_sources,
    upload_pdf,
    web_open_link,
)

TEN_K = "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm"


def source(n: int, **kw) -> Citation:
    return Citation(n=n, title=f"Source {n}", source=kw.pop("source", "sec"), **kw)


def test_only_sources_the_text_or_figures_cite_are_in_the_main_list():
    answer = Answer(
        answer="Revenue grew [2]. Margins held [4][2].",
        citations=[source(n) for n in range(1, 6)],
        facts=[AnswerFact(name="revenue", value=1.0, unit="USD", citation=1)],
    )
    cited, others = split_sources(answer)
    assert [c.n for c in cited] == [1, 2, 4] and [c.n for c in others] == [3, 5]
    links = source_links(17, cited)
    assert links(2) == "#source-17-2" == f"#{anchor(17, 2)}" and links(3) is None


def test_open_goes_to_the_quoted_passage_of_a_filing_when_it_is_prose():
    prose = source(1, url=TEN_K, snippet="The Company's business, reputation and results of")
    assert web_open_link(prose) == (
        f"{TEN_K}#:~:text=The%20Company%27s%20business%2C%20reputation%20and%20results%20of"
    )
    table = source(2, url=TEN_K, snippet="| Total net sales | $ 391,035 | $ 383,285 |")
    assert web_open_link(table) == TEN_K
    assert web_open_link(source(3, url="javascript:alert(1)", snippet="a b c d e")) is None
    assert web_open_link(source(4)) is None


def test_an_uploaded_pdf_opens_at_the_page_its_passage_is_on(tmp_path):
    digest = "0123456789abcdef" + "0" * 48
    (tmp_path / f"{digest}.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / f"{digest}.docx").write_bytes(b"PK")
    quoted = source(1, source="upload", document_id="upload:0123456789abcdef", page=18)
    assert upload_pdf(tmp_path, quoted) == tmp_path / f"{digest}.pdf"
    assert page_link("/media/x.pdf", quoted.page) == "/media/x.pdf#page=18"
    assert page_link("/media/x.pdf", None) == "/media/x.pdf"
    for other in (
        source(2, source="upload", document_id="upload:ffffffffffffffff", page=1),
        source(3, source="upload", document_id="upload:../../etc/passwd*"),
        source(4, document_id="upload:0123456789abcdef"),  # not an upload
    ):
        assert upload_pdf(tmp_path, other) is None
