"""FinanceBench scored on the code-written part of each answer alone (`finassist eval
financebench --figures-only`): fast, and reproducible without the model.

Each question goes through the real Assistant (rag.answer.assistant) over the eval home's built
store, with two parts held out: the model (a silent LLM that writes nothing) and the passages
(a retriever that finds none, so nothing is embedded). What is left is exactly what the
Assistant writes from stored facts before any model text: the verdict and the figure lines, or
a comparison table, a filing's list, a refusal; each scored by the same strict evals.scoring and
reported in the same JSON shape as the full run (`"by_company_group"` included), plus
`"mode": "figures-only"`. A text question answered from passages therefore counts as a miss.
"""

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from core.protocols import Message
from evals.suites import EvalQuestion, EvalReport, QuestionResult, run_suite
from rag.answer.assistant import Assistant, assistant_over
from rag.query import Query
from rag.search.index import Index
from rag.search.retrieve import Hit, Retriever

MODE = "figures-only"


class SilentModel:
    """A model that writes nothing: the answer is the code-written lead alone."""

    name = MODE

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        return iter(())


class NoPassages(Retriever):
    """Retrieval held out: no passage is found (and nothing embedded); the store is still
    there for what reads it directly (a filing's lists)."""

    def __init__(self, index: Index):
        super().__init__(index.chunks, embedder=None)  # type: ignore[arg-type]

    def retrieve(self, query: Query, k: int = 6) -> list[Hit]:
        return []


def figures_assistant(index: Index) -> Assistant:
    """The Assistant as `finassist eval` composes it over `index`, without model or passages."""
    assistant = assistant_over(SilentModel(), index, lambda: None, max_tokens=0)  # type: ignore[arg-type, return-value]
    assistant.retriever = NoPassages(index)
    return assistant


def figures_only_eval(
    open_index: Callable[[], Index],
    build: Callable[[], None],
    questions: Sequence[EvalQuestion],
    pdfs: Sequence[Path],
    reparse: bool = False,
    progress: Callable[[int, int, QuestionResult], None] | None = None,
) -> EvalReport:
    """The figures-only results over the eval home's store: built first (`build`) only when it
    lacks one of `pdfs` or `reparse` asks to read every file again (the statement-table facts
    are then re-read by the current code; unchanged chunks are not embedded again)."""
    index = open_index()
    if reparse or missing_files(index, pdfs):
        index.close()
        build()
        index = open_index()
    try:
        return run_figures_only(index, questions, progress)
    finally:
        index.close()


def run_figures_only(
    index: Index,
    questions: Sequence[EvalQuestion],
    progress: Callable[[int, int, QuestionResult], None] | None = None,
) -> EvalReport:
    """Every question's code-written answer, scored."""
    return run_suite(figures_assistant(index), questions, progress=progress)


def report_dict(report: EvalReport) -> dict:
    """The full eval's JSON (EvalReport.to_dict) plus "mode": "figures-only"."""
    return {"mode": MODE, **report.to_dict()}


def missing_files(index: Index, files: Sequence[Path]) -> list[Path]:
    """The files (by content) the store holds no indexed upload of: when none are missing the
    store is built and is used as it is (nothing parsed or embedded again)."""
    held = set()
    for row in index.chunks.documents_of_source("upload"):
        held.add(json.loads(row.get("metadata") or "{}").get("sha256"))
    return [p for p in files if hashlib.sha256(p.read_bytes()).hexdigest() not in held]
