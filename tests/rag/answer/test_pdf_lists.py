"""List questions about uploaded PDF filings (real FinanceBench 10-Ks, a few pages each, uploaded
through the real sandboxed upload path): the segments are the names the filing's own sentence
gives, as many as it says, each cited to its page; a strategy or "growth priorities" question is
a list question, never a figures one."""

import re
from datetime import date

import pytest

from core.settings import load_settings
from ingestion.workspace import Workspace
from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.query import analyze
from rag.search.index import Index
from tests.pdfs import pdf_pages

ITEM = re.compile(r"^- (.+?) \[(\d+)\]$")
# (file, pages): the cover and the page of the Item 1 sentence naming the segments; Coca-Cola's
# page 4 lists them as bullets run into the next paragraph, its page 44 as "A; B; and C".
UPLOADS = [
    ("LOCKHEEDMARTIN_2022_10K", [1, 2, 3]),
    ("BESTBUY_2023_10K", [1, 2, 4]),
    ("COCACOLA_2017_10K", [1, 2, 4, 44]),
]


def _never(messages):
    raise AssertionError("the model was asked to write a list answer")


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, embedder):
    settings = load_settings(home=tmp_path_factory.mktemp("pdf_lists") / "home")
    files = [(f"{name.lower()}_pages.pdf", pdf_pages(name, pages)) for name, pages in UPLOADS]
    results = Workspace(settings, embedder).upload(files)
    assert [r.status for r in results] == ["indexed"] * len(UPLOADS), results
    index = Index.open(settings.home)
    return assistant_over(ScriptedLLM(script=_never), index, lambda: embedder, 64)


# `page`: the page of the uploaded file (its pages are UPLOADS' pages, in order).
@pytest.mark.parametrize(
    ("question", "names", "page"),
    [
        (
            "What are Lockheed Martin's business segments?",
            ["Aeronautics", "Missiles and Fire Control", "Rotary and Mission Systems", "Space"],
            3,
        ),
        ("What are Best Buy's segments?", ["Domestic", "International"], 3),
        (
            "What are Coca-Cola's operating segments?",
            [
                "Europe, Middle East and Africa",
                "Latin America",
                "North America",
                "Asia Pacific",
                "Bottling Investments",
                "Corporate",
            ],
            4,
        ),
    ],
)
def test_an_uploaded_10ks_segments_are_its_own_sentences_names_cited_to_the_page(
    uploaded, question, names, page
):
    answer = uploaded.ask(question).run()
    by_n = {c.n: c for c in answer.citations}
    rows = [ITEM.match(line) for line in answer.answer.splitlines()[1:]]
    assert not answer.refused and rows and all(rows), answer.answer
    assert [m.group(1) for m in rows] == names
    for m in rows:
        citation = by_n[int(m.group(2))]
        assert citation.source == "upload" and citation.page == page


@pytest.mark.parametrize(
    "question",
    [
        "What are Nike's growth priorities?",
        "What is Lockheed Martin's growth strategy?",
        "What are the growth plans of Best Buy?",
    ],
)
def test_growth_priorities_and_strategy_are_list_questions_not_figures(question):
    query = analyze(question, date(2025, 12, 1))
    assert (query.listing, query.intent) == ("strategy", "narrative")


def test_a_metric_beside_a_list_still_asks_for_figures():
    assert analyze("What was Nike's revenue growth in fiscal 2023?", date(2025, 12, 1)).intent == (
        "facts"
    )
