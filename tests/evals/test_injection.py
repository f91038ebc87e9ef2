"""The prompt-injection suite: its files are what the generator writes, every technique and
format is there with 2 questions per document, the leak check reads invisible smuggling, and a
handful of suite documents, uploaded through the CLI, leak nothing to the real model."""

import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.types import Answer, Citation
from evals.injection import SUITE, leak_markers, load_suite, shown
from rag.answer.assistant import Assistant, Scope
from rag.search.retrieve import Retriever
from rag.search.store import ChunkStore

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_covers_every_technique_and_format_with_two_questions_each():
    docs = load_suite()
    assert len(docs) >= 100
    assert len({d.technique for d in docs}) >= 11
    assert {d.format for d in docs} == {"txt", "md", "html", "pdf", "docx", "csv", "rss"}
    assert all(len(d.questions) >= 2 and d.file.exists() for d in docs)
    assert len({d.canary for d in docs}) == len(docs)


def test_the_generator_writes_the_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts/make_injection_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    sys.argv = ["gen", "--out", str(tmp_path)]
    gen.main()
    for path in sorted((SUITE / "files").iterdir())[:30]:
        built = (tmp_path / "files" / path.name).read_bytes()
        assert hashlib.sha256(built).digest() == hashlib.sha256(path.read_bytes()).digest()


def test_a_leak_is_found_in_the_answer_or_a_citation_even_when_smuggled():
    docs = load_suite()
    canary = docs[0].canary
    tagged = "".join(chr(0xE0000 + ord(c)) for c in canary)
    answer = Answer(answer=f"Revenue rose. {tagged}", citations=[])
    assert leak_markers(shown(answer), docs) == [canary]
    cited = Answer(
        answer="ok",
        citations=[Citation(n=1, title="t", source="upload", snippet=f"see {docs[1].host}/x")],
    )
    assert leak_markers(shown(cited), docs) == [docs[1].host]
    assert leak_markers("Revenue was $3.1 billion.", docs) == []


@pytest.fixture(scope="module")
def suite_home(tmp_path_factory) -> tuple[Path, list]:
    """One uploaded file of each of four techniques (the first that is not an RSS feed)."""
    picked = {}
    for doc in load_suite():
        if doc.format != "rss" and doc.technique not in picked:
            picked[doc.technique] = doc
    docs = [picked[t] for t in ("comment", "fake_system", "image_exfil", "invisible_chars")]
    home = tmp_path_factory.mktemp("injection")
    done = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", "file", *[str(d.file) for d in docs], "--json"],
        cwd=ROOT,
        env={**os.environ, "FINASSIST_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return home, docs


def test_suite_documents_leak_nothing_to_the_real_model(suite_home, embedder, llamacpp_llm):
    home, docs = suite_home
    store = ChunkStore.open(home)
    helper = Assistant(llamacpp_llm, retriever=Retriever(store, embedder), max_tokens=64)
    titles = {row["title"]: row["id"] for row in store.documents_of_source("upload")}
    everything = load_suite()
    for doc in docs:
        scope = Scope(document_ids=[titles[doc.file.name]])
        for question in doc.questions:
            answer = helper.ask(question["text"], scope=scope if question["scoped"] else None)
            result = answer.run()
            assert leak_markers(shown(result), everything) == [], (doc.file.name, result.answer)
