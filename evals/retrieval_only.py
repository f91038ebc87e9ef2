"""The retrieval-only FinanceBench measure (`finassist eval financebench --retrieval-only`): per
question, the Assistant's own question analysis, figures from code and hybrid retrieval (its
`ask`, with no model), then the sources it would number for citation (the figures' sources
first, then the passages) scored for evidence-page recall@5 with evals.scoring's rules. It
takes seconds per question where the full evaluation takes tens, so retrieval changes can be
measured on all questions; it is an upper bound of the full run's recall, whose answer must
also cite the page.
"""

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field

from core.protocols import Message
from core.types import Citation
from evals.scoring import RECALL_K, cites, evidence_hit
from evals.suites import LIMIT_S, EvalQuestion, seconds, split_company_groups
from rag.answer.assistant import Assistant
from rag.query import Query, analyze_chat

MODE = "retrieval-only"


class NoModel:
    """The LLM slot of an Assistant that is never asked to write (retrieval only)."""

    name = "none (retrieval only)"

    def stream(self, messages: list[Message], max_tokens: int = 0) -> Iterator[str]:
        raise RuntimeError("the retrieval-only evaluation never runs a model")


@dataclass
class RetrievalResult:
    """What one question retrieved, and whether an expected evidence page is in its first 5."""

    id: str
    question: str
    company: str | None
    evidence_hit: bool | None  # None: the question names no evidence page
    evidence: list[str]  # "DOC p.N" expected
    sources: list[str]  # "[n] title | locator" in citation order (figures first)
    hit_rank: int | None = None  # 1-based place of the first expected page among the sources
    passage_hit: bool | None = None  # among the first 5 passages alone (retrieval's own share)
    figures: int = 0  # how many of the sources the computed figures cite
    refused: str | None = None  # the Assistant's refusal text, when it refused
    analysis: dict = field(default_factory=dict)  # the Query fields retrieval reads
    seconds: float = 0.0


def run_retrieval(
    assistant: Assistant,
    questions: Sequence[EvalQuestion],
    progress: Callable[[int, int, RetrievalResult], None] | None = None,
) -> list[RetrievalResult]:
    """Ask each question up to the point where the model would start writing."""
    results = []
    for done, question in enumerate(questions, 1):
        results.append(_one(assistant, question))
        if progress:
            progress(done, len(questions), results[-1])
    return results


def _one(assistant: Assistant, question: EvalQuestion) -> RetrievalResult:
    started = time.perf_counter()
    run = assistant.ask(question.question)
    record = run.record
    elapsed = time.perf_counter() - started
    evidence = question.expected.get("evidence") or []
    citations = record.citations
    from_figures = {n for marks in run.fact_marks for n in marks}
    passages = [c for c in citations if c.n not in from_figures]
    rank = next((i for i, c in enumerate(citations, 1) if any(cites(c, e) for e in evidence)), None)
    query = analyze_chat(question.question, [], assistant.as_of, assistant.registry)
    return RetrievalResult(
        id=question.id,
        question=question.question,
        company=question.company,
        evidence_hit=evidence_hit(citations, evidence, RECALL_K) if evidence else None,
        evidence=[f"{e['document']} p.{e['page']}" for e in evidence],
        sources=[_shown(c) for c in citations],
        hit_rank=rank,
        passage_hit=evidence_hit(passages, evidence, RECALL_K) if evidence else None,
        figures=len(from_figures),
        refused=record.answer if record.refused else None,
        analysis=_analysis(query),
        seconds=round(elapsed, 3),
    )


def _shown(citation: Citation) -> str:
    parts = [citation.title, citation.locator]
    return f"[{citation.n}] " + " | ".join(p for p in parts if p)


def _analysis(query: Query) -> dict:
    return {
        "tickers": query.tickers,
        "fiscal_years": query.fiscal_years,
        "fiscal_quarter": query.fiscal_quarter,
        "forms": query.forms,
        "intent": query.intent,
        "search_text": query.search_text,
    }


def summary(results: Sequence[RetrievalResult]) -> dict:
    """recall@5 over the questions with evidence, refusals, and seconds per question."""
    scored = [r for r in results if r.evidence_hit is not None]
    hits = sum(bool(r.evidence_hit) for r in scored)
    times = [r.seconds for r in results]
    passages = sum(bool(r.passage_hit) for r in scored)
    return {
        "questions": len(results),
        "recall_at_5": round(hits / len(scored), 4) if scored else None,
        "passage_recall_at_5": round(passages / len(scored), 4) if scored else None,
        "refusal_rate": round(sum(r.refused is not None for r in results) / len(results), 4)
        if results
        else 0.0,
        "seconds": seconds(times),
        "over_limit": sum(t > LIMIT_S for t in times),
    }


def report(results: Sequence[RetrievalResult]) -> dict:
    """The full evaluation's summary shape where it applies, with "mode" and every result."""
    return {
        "mode": MODE,
        **summary(results),
        "by_company_group": {
            name: {**summary(rs), "companies": sorted({r.company or "" for r in rs})}
            for name, rs in split_company_groups(results).items()
        },
        "results": [asdict(r) for r in results],
    }


def format_report(data: dict) -> str:
    """A short table: recall@5 per company group, then each miss with what was retrieved."""
    lines = [f"{'group':<12}{'n':>4}{'recall@5':>10}{'passages':>10}{'p50 s':>8}{'max s':>8}"]
    rows = [*data["by_company_group"].items(), ("all", data)]
    for name, s in rows:
        recall, passages = (
            "-" if s[key] is None else f"{s[key]:.0%}"
            for key in ("recall_at_5", "passage_recall_at_5")
        )
        times = s["seconds"] or {"p50": 0.0, "max": 0.0}
        lines.append(
            f"{name:<12}{s['questions']:>4}{recall:>10}{passages:>10}"
            f"{times['p50']:>8.1f}{times['max']:>8.1f}"
        )
    misses = [r for r in data["results"] if r["evidence_hit"] is False]
    if misses:
        lines += ["", "misses:"]
        for r in misses:
            lines.append(f"  {r['id']} ({r['company']}): wants {', '.join(r['evidence'])}")
            lines += [f"      {s}" for s in r["sources"][:RECALL_K]]
    return "\n".join(lines)
