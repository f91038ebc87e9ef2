"""Key customers and strategy are answered with the filing's own sentences, each quoted and cited
(over the real demo index); an uploaded PDF 10-K lists its Item 1A risk factors from the lines it
prints in bold, and its customers, through the same code as an EDGAR filing (a real FinanceBench
10-K's pages uploaded through the sandboxed upload path into a real store)."""

import re

import pytest
from pypdf import PdfReader

from core.settings import load_settings
from ingestion.workspace import Workspace
from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.query.lists import read_listing
from rag.search.index import Index
from tests.pdfs import PDFS, pdf_pages

LINE = re.compile(r'^- "(.+?)" \[(\d+)\]$')  # a quoted sentence and its [n]
ITEM = re.compile(r"^- (.+?) \[(\d+)\]$")
BOEING_PAGES = list(range(1, 20))  # cover, contents, Item 1 and Item 1A to Item 1B (page 19)


def _never(messages):
    raise AssertionError("the model was asked to write a list answer")


@pytest.fixture(scope="module")
def demo(sample_home, embedder):
    index = Index.open(sample_home)
    return index, assistant_over(ScriptedLLM(script=_never), index, lambda: embedder, 64)


def quoted(answer) -> list[tuple[str, object]]:
    by_n = {c.n: c for c in answer.citations}
    rows = [LINE.match(line) for line in answer.answer.splitlines()[1:]]
    assert rows and all(rows), answer.answer
    return [(m.group(1), by_n[int(m.group(2))]) for m in rows]


def in_cited_chunk(index: Index, sentence: str, citation) -> bool:
    """The sentence is printed in the cited document (word for word, spacing aside)."""
    flat = " ".join(sentence.split())
    texts = [" ".join(r["text"].split()) for r in index.chunks.outline(citation.document_id)]
    joined = " ".join(" ".join(t.split("]", 1)[-1] for t in texts).split())  # headers aside
    return any(flat in t for t in texts) or flat in joined


def test_key_customers_are_the_filings_concentration_sentences(demo):
    index, assistant = demo
    answer = assistant.ask("Who are Nvidia's key customers?").run()
    items = quoted(answer)
    assert answer.answer.splitlines()[0].endswith("states these customer concentrations:")
    assert any(
        s.startswith("Sales to direct Customers A, B and C represented 12%") for s, _ in items
    )
    for sentence, citation in items:
        assert (citation.ticker, citation.form) == ("NVDA", "10-K")
        assert in_cited_chunk(index, sentence, citation), sentence
        assert re.search(r"\d+%", sentence) and re.search(r"revenue|receivable", sentence)
        assert not re.search(r"outside of the United States|Singapore", sentence)


def test_no_customer_over_ten_percent_is_answered_as_such(demo):
    _, assistant = demo
    answer = assistant.ask("Who are Tesla's main customers?").run()
    items = quoted(answer)
    assert answer.answer.splitlines()[0].endswith(
        "names no customer above the threshold it reports:"
    )
    assert [s for s, _ in items] == [
        "As of December 31, 2024 and 2023, no entity represented 10% or more of our total "
        "receivables balance."
    ]


def test_a_filing_naming_no_customer_share_is_told_so_never_invented(demo):
    _, assistant = demo
    answer = assistant.ask("Who are Amazon's major customers?").run()
    assert answer.refused and answer.citations == []
    assert "state no customer's share of revenue, sales or receivables" in answer.answer


def test_strategy_is_the_paragraphs_under_the_filings_strategy_heading(demo):
    index, assistant = demo
    answer = assistant.ask("What is Nvidia's strategy?").run()
    items = quoted(answer)
    sentences = [s for s, _ in items]
    assert sentences[:2] == [
        "Advancing the NVIDIA accelerated computing platform.",
        "Extending our technology and platform leadership in AI.",
    ]
    assert "Advancing the leading autonomous vehicle platform." in sentences
    assert all(c.locator == "Item 1. Business" and c.ticker == "NVDA" for _, c in items)
    assert all(in_cited_chunk(index, s, c) for s, c in items)


def test_without_a_strategy_heading_its_stated_aims_are_quoted(demo):
    index, assistant = demo
    answer = assistant.ask("What is Amazon's business strategy?").run()
    items = quoted(answer)
    assert items[0][0] == "We seek to be Earth's most customer-centric company."
    assert all(c.locator.startswith(("Item 1.", "Item 7.")) for _, c in items)
    assert all(in_cited_chunk(index, s, c) for s, c in items)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who are Boeing's key customers?", "customers"),
        ("Which customers account for a large share of Nvidia's revenue?", "customers"),
        ("Does Nike depend on a few customers?", "customers"),
        ("What is Nvidia's strategy?", "strategy"),
        ("What are Amazon's strategic priorities?", "strategy"),
        ("What is Apple's hedging strategy?", None),  # not the company's strategy
    ],
)
def test_customer_and_strategy_questions_are_recognised(question, kind):
    assert read_listing(question) == kind


# ---- an uploaded PDF 10-K -------------------------------------------------------------------


@pytest.fixture(scope="module")
def boeing(tmp_path_factory, embedder):
    """Boeing's FY2022 10-K (FinanceBench), its first 19 pages, uploaded as a user would."""
    settings = load_settings(home=tmp_path_factory.mktemp("boeing") / "home")
    data = pdf_pages("BOEING_2022_10K", BOEING_PAGES)
    [result] = Workspace(settings, embedder).upload([("boeing_10k_pages.pdf", data)])
    assert result.status == "indexed", result
    index = Index.open(settings.home)
    return index, assistant_over(ScriptedLLM(script=_never), index, lambda: embedder, 64)


def bold_sentences(name: str, pages: list[int]) -> set[str]:
    """Every line the PDF's pages print wholly in a bold font, read with pypdf's font names."""
    found = set()
    for n in pages:
        pieces = []

        def visit(text, _cm, _tm, font, _size, pieces=pieces):
            bold = "bold" in str((font or {}).get("/BaseFont", "")).lower()
            pieces.append((text, bold))

        PdfReader(PDFS / f"{name}.pdf").pages[n - 1].extract_text(visitor_text=visit)
        found |= {" ".join(t.split()) for t, bold in pieces if bold and t.strip()}
    return found


def test_an_uploaded_10k_lists_its_bold_item_1a_risk_factors_each_cited(boeing):
    _, assistant = boeing
    answer = assistant.ask("What are Boeing's main risk factors?").run()
    by_n = {c.n: c for c in answer.citations}
    rows = [ITEM.match(line) for line in answer.answer.splitlines()[1:]]
    assert not answer.refused and len(rows) >= 8 and all(rows), answer.answer
    assert (
        rows[0].group(1)
        == "We depend heavily on commercial airlines, subjecting us to unique risks."
    )
    bold = " ".join(bold_sentences("BOEING_2022_10K", list(range(8, 19))))
    for match in rows:
        heading, citation = match.group(1), by_n[int(match.group(2))]
        assert heading[:60] in bold  # a line the filing prints in bold
        assert citation.source == "upload" and 8 <= citation.page <= 18
        assert not heading.startswith(("Item 1A", "Risks Related to"))


def test_an_uploaded_10ks_customer_concentration_is_quoted_from_its_page(boeing):
    _, assistant = boeing
    answer = assistant.ask("Who are Boeing's key customers?").run()
    items = quoted(answer)
    assert (
        "In 2022, 40% of our revenues were earned pursuant to U.S. government contracts, "
        "which include FMS through the U.S. government."
    ) in [s for s, _ in items]
    assert all(c.source == "upload" and c.page for _, c in items)
    assert not any("non-U.S. customers" in s for s, _ in items)  # a region, not a customer
