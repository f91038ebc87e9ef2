"""Legal proceedings whose Item only points to a note ("see Note 21", "Note 16 ... is incorporated
herein by reference"): the list is the note's, read from real FinanceBench 10-K pages uploaded
through the real sandboxed path, each item cited to the page it is printed on; a placeholder
("Not applicable" in bold under Item 1B or 4) is never an item."""

import re

import pytest

from core.placeholders import is_placeholder
from core.settings import load_settings
from ingestion.headings import headed_parts, is_heading
from ingestion.workspace import Workspace
from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.search.index import Index
from tests.pdfs import pdf_pages

ITEM = re.compile(r"^- (.+?) \[([\d, ]+)\]$")
# (file, pages): cover, Items 1B-4, and the note's pages; the uploaded file's pages are these,
# in order (Boeing's Note 21 is printed on pages 112-113, CVS's litigation on 172-178).
BOEING = ("BOEING_2022_10K", [1, 2, 19, 20, 112, 113, 114])
CVS = ("CVSHEALTH_2022_10K", [1, 2, 65, 171, 172, 173, 174, 175])


def _never(messages):
    raise AssertionError("the model was asked to write a list answer")


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory, embedder):
    settings = load_settings(home=tmp_path_factory.mktemp("note_lists") / "home")
    files = [(f"{name.lower()}_pages.pdf", pdf_pages(name, pages)) for name, pages in (BOEING, CVS)]
    results = Workspace(settings, embedder).upload(files)
    assert [r.status for r in results] == ["indexed", "indexed"], results
    index = Index.open(settings.home)
    return assistant_over(ScriptedLLM(script=_never), index, lambda: embedder, 64)


def _items(answer) -> list[tuple[str, list[int]]]:
    rows = [ITEM.match(line) for line in answer.answer.splitlines()[1:]]
    assert rows and all(rows), answer.answer
    by_n = {c.n: c.page for c in answer.citations}
    return [(m.group(1), [by_n[int(n)] for n in m.group(2).split(", ")]) for m in rows]


def test_a_note_without_sub_headings_gives_its_dated_matters_cited_to_their_page(uploaded):
    answer = uploaded.ask("Has Boeing reported any materially important legal battles?").run()
    assert answer.answer.splitlines()[0].startswith("Yes: ")  # "any" answered by the list
    assert 'its note "Legal Proceedings"' in answer.answer.splitlines()[0]
    items = _items(answer)
    lion_air = [set(pages) for text, pages in items if "Lion Air Flight 610" in text]
    assert lion_air == [{6}]  # the PDF's page 113, the 6th page uploaded (over two chunks)
    assert not any(is_placeholder(text) for text, _ in items)


def test_a_wider_note_is_read_from_its_litigation_sub_heading(uploaded):
    answer = uploaded.ask("What legal proceedings does CVS Health face?").run()
    assert 'its note "Commitments and Contingencies"' in answer.answer.splitlines()[0]
    items = _items(answer)
    names = [text for text, _ in items]
    assert names[:4] == [
        "Litigation and Regulatory Proceedings",
        "Usual and Customary Pricing Litigation",
        "PBM Litigation and Investigations",
        "Controlled Substances Litigation, Audits and Subpoenas",
    ]
    assert items[1][1] == [6]  # the PDF's page 173
    assert "Lease Guarantees" not in names  # the note's part before its litigation


@pytest.mark.parametrize(
    "line", ["Not applicable", "None.", "N/A", "[Reserved]", "Not Applicable."]
)
def test_placeholders_are_never_headings(line):
    assert is_placeholder(line) and not is_heading(line)
    parts = headed_parts(f"Item 1B. Unresolved Staff Comments\n{line}\n17", bold=[line])
    assert all(name != line for name, _ in parts)


@pytest.mark.parametrize("line", ["None of the above", "Non-applicable fees", "Reserves"])
def test_words_that_only_start_like_a_placeholder_are_not_one(line):
    assert not is_placeholder(line)
