"""List questions are answered from the filing's own structure, over the real demo index: the
risk factors of Item 1A, an 8-K's items, each cited to its section; a company none of whose
filings has the list is told so, never given another company's."""

import re
from pathlib import Path

import pytest

from core.types import Citation
from ingestion.sources.html import html_blocks, parse_html_root
from ingestion.sources.sec.items import item_sections
from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.query.lists import read_listing
from rag.search.index import Index

FILINGS = Path(__file__).resolve().parents[3] / "data/sample/sec/filings"
LINE = re.compile(r"^- (.+?) \[(\d+)\](?:: (.+))?$")  # an item, its [n], its quoted opening


def _never(messages):
    raise AssertionError("the model was asked to write a list answer")


@pytest.fixture(scope="module")
def assistant(sample_home, embedder):
    return assistant_over(ScriptedLLM(script=_never), Index.open(sample_home), lambda: embedder, 64)


def risk_headings(path: Path) -> list[str]:
    """The Item 1A sub-headings, read from the filing with the ingestion's own parser."""
    blocks = html_blocks(parse_html_root(path.read_bytes()))
    section = next(s for s in item_sections(blocks, "10-K") if "1A" in s.title)
    return section.headings


def listed(answer) -> list[tuple[str, Citation]]:
    by_n = {c.n: c for c in answer.citations}
    rows = [LINE.match(line) for line in answer.answer.splitlines()[1:]]
    assert all(rows), answer.answer
    return [(m.group(1), by_n[int(m.group(2))]) for m in rows]


@pytest.mark.parametrize(
    ("question", "ticker", "path"),
    [
        ("What are Nvidia's main risk factors?", "NVDA", "NVDA/nvda-10-k-2025-02-26.html"),
        ("Which risks does Tesla warn about?", "TSLA", "TSLA/tsla-10-k-2025-01-30.html"),
        ("What could go wrong for Amazon?", "AMZN", "AMZN/amzn-10-k-2025-02-07.html"),
    ],
)
def test_risk_factors_are_the_filings_headings_each_cited(assistant, question, ticker, path):
    answer = assistant.ask(question).run()
    headings = risk_headings(FILINGS / path)
    items = listed(answer)
    assert not answer.refused and answer.grounded and len(items) >= 5
    for heading, citation in items:
        assert heading in headings
        assert (citation.ticker, citation.form, citation.source) == (ticker, "10-K", "sec")
        assert citation.locator.startswith("Item 1A")
        assert citation.snippet.startswith(heading[:60]) or heading[:60] in citation.snippet


def test_group_titles_and_italic_prose_are_not_listed_as_risks(assistant):
    answer = assistant.ask("What are Nvidia's main risk factors?").run()
    texts = [heading for heading, _ in listed(answer)]
    assert not any(t.startswith("Risks Related to") for t in texts)
    assert not any(t.startswith("The following risk factors") for t in texts)


def test_an_8k_question_lists_its_items_cited_to_their_sections(assistant):
    answer = assistant.ask("What did Nvidia's latest 8-K announce?").run()
    items = listed(answer)
    assert [h.split(".")[0] + "." + h.split(".")[1][:2] for h, _ in items] == [
        "Item 5.02",
        "Item 9.01",
    ]
    assert all(c.form == "8-K" and c.ticker == "NVDA" for _, c in items)
    assert all(c.locator == h for h, c in items)
    opening = answer.answer.splitlines()[1]  # Item 5.02 quotes what it says
    assert 'Variable Compensation Plan; "On March 2, 2026, the Compensation Committee' in opening
    quoted = opening.split('"', 1)[1]
    assert quoted[:60] in items[0][1].snippet


def test_a_company_without_the_filing_is_told_so_not_given_another(assistant):
    answer = assistant.ask("What are Microsoft's key risk factors?").run()
    assert answer.refused and answer.citations == []
    assert answer.answer.startswith("The indexed sources hold no filing of Microsoft")
    answer = assistant.ask("What did Tesla's latest 8-K announce?").run()
    assert answer.refused and answer.citations == []
    assert answer.answer == "The indexed filings of Tesla (TSLA) include no 8-K current report."


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "What segments does Apple report?",
            ["Americas", "Europe", "Greater China", "Japan", "Rest of Asia Pacific"],
        ),
        ("How is Tesla organized into segments?", ["Automotive", "Energy Generation and Storage"]),
        ("Which business units does Amazon have?", ["North America", "International", "AWS"]),
        ("What are Nvidia's reportable segments?", ["Compute & Networking", "Graphics"]),
    ],
)
def test_segments_are_named_as_the_filings_own_sentence_states_them(assistant, question, names):
    answer = assistant.ask(question).run()
    assert [name for name, _ in listed(answer)] == names
    assert all(c.source == "sec" and c.locator.split(".")[0] for _, c in listed(answer))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What are Nvidia's main risk factors?", "risks"),
        ("What keeps threats to Apple's business in check?", "risks"),
        ("Which lawsuits is Apple involved in?", "legal"),
        ("How is Amazon exposed to market risk?", "market_risk"),
        ("What did Tesla's latest 8-K announce?", "events"),
        ("Which items were covered in Apple's last 8-K filing?", "events"),
        ("Who were elected Co-Presidents of JPMorgan Chase per its 8-K?", None),
        ("What segments does Apple report?", "segments"),
        ("Who are Microsoft's key customers?", "customers"),
        ("What was Apple's revenue in FY2024?", None),
    ],
)
def test_list_questions_are_recognised_in_their_own_words(question, kind):
    assert read_listing(question) == kind
