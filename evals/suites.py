"""The evaluation harness: load a suite (golden set or FinanceBench subset), ask every question
through the normal Assistant API, score the answers (`evals.scoring`) and report.

Indexing the FinanceBench PDFs is the caller's job (rag does not import ingestion):
`load_financebench()` returns the questions and the PDF paths to ingest.
"""

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from core.protocols import Message
from core.types import Answer
from evals.scoring import RECALL_K, score, stem, stems
from rag.answer.grounding import numbers_in

EVAL_DIR = Path(__file__).resolve().parent.parent / "data" / "eval"
GOLDEN = EVAL_DIR / "golden.jsonl"
FINANCEBENCH = EVAL_DIR / "financebench"
FINANCEBENCH_MIN_OVERLAP = 0.4  # its key terms are every content word of a gold sentence
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would yes you your per via due million billion thousand trillion percent usd bn mn""".split()
)
NUMERIC_ANSWER = re.compile(r"\s*-?\$?-?[\d,]+(?:\.\d+)?\s*%?\s*")
COMPANY_TICKERS = {
    "Amazon": "AMZN",
    "Best Buy": "BBY",
    "Boeing": "BA",
    "JPMorgan": "JPM",
    "Microsoft": "MSFT",
}
DOC_NAME = re.compile(r"_(\d{4})(Q[1-4])?_(10K|10Q)$")  # BESTBUY_2024Q2_10Q
QUESTION_SCALES = (
    (re.compile(r"\b(?:USD|US\$)?\s?billions\b", re.I), 1e9),
    (re.compile(r"\b(?:USD|US\$)?\s?millions\b", re.I), 1e6),
    (re.compile(r"\b(?:USD|US\$)?\s?thousands\b", re.I), 1e3),
)


@dataclass
class EvalQuestion:
    """One question with what a correct answer must show (see data/eval/README.md)."""

    id: str
    type: str
    question: str
    expected: dict
    history: list[str] = field(default_factory=list)


@dataclass
class FinanceBenchSuite:
    questions: list[EvalQuestion]
    pdfs: list[Path]  # the filings to index before asking
    tags: dict[str, dict] = field(default_factory=dict)  # PDF file name -> Document fields


@dataclass
class QuestionResult:
    """How one question went."""

    id: str
    type: str
    question: str
    correct: bool
    refused: bool
    evidence_hit: bool | None  # expected evidence among the first RECALL_K citations
    grounded: bool | None  # None when there was no answer (error)
    reason: str
    answer: str = ""
    citations: list[str] = field(default_factory=list)
    total_ms: float = 0.0
    error: str | None = None


class _Run(Protocol):
    def run(self) -> Answer: ...


class Asks(Protocol):
    """What the harness needs of the Assistant."""

    def ask(self, question: str, history: Sequence[Message] = ()) -> _Run: ...


# ---- suites ------------------------------------------------------------------------------


def load_golden(path: Path = GOLDEN) -> list[EvalQuestion]:
    """The golden questions over the demo corpus (written by scripts/make_golden.py)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [EvalQuestion(**row) for row in rows]


def load_financebench(root: Path = FINANCEBENCH) -> FinanceBenchSuite:
    """The FinanceBench questions whose evidence PDFs we have, and those PDFs."""
    lines = (root / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [financebench_question(json.loads(line)) for line in lines if line.strip()]
    pdfs = sorted((root / "pdfs").glob("*.pdf"))
    return FinanceBenchSuite(questions, pdfs, financebench_tags(root / "pdf_coverage.csv"))


def financebench_tags(coverage: Path) -> dict[str, dict]:
    """What each PDF is (ticker, form, fiscal year and period), for tagging its upload so that
    questions naming the company or form retrieve it: {"BOEING_2022_10K.pdf": {...}}."""
    with open(coverage, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tags = {}
    for row in rows:
        year, quarter, form = DOC_NAME.search(row["doc_name"]).groups()
        ticker = COMPANY_TICKERS[row["company"]]
        tags[Path(row["file"]).name] = {
            "ticker": ticker,
            "tickers": [ticker],
            "form": f"{form[:2]}-{form[2]}",
            "fiscal_year": int(year),
            "fiscal_period": quarter or "FY",
        }
    return tags


def financebench_question(row: dict) -> EvalQuestion:
    """A FinanceBench row as an EvalQuestion: a number when the gold answer is one, else text."""
    evidence = _pages(row["evidence"])
    answer = row["answer"]
    if NUMERIC_ANSWER.fullmatch(answer):
        expected = _numeric(answer, row["question"]) | {"evidence": evidence}
    else:
        expected = {
            "kind": "text",
            "key_terms": financebench_terms(answer, row["question"]),
            "min_overlap": FINANCEBENCH_MIN_OVERLAP,
            "evidence": evidence,
        }
        if first := re.match(r"\W*(yes|no)\b", answer, re.I):
            expected["polarity"] = first.group(1).lower()
    return EvalQuestion(row["financebench_id"], row["question_type"], row["question"], expected)


def _pages(evidence: list[dict]) -> list[dict]:
    """Evidence pages, 1-based like our PDF pages (FinanceBench's are 0-indexed)."""
    pages = {(e["doc_name"], e["evidence_page_num"] + 1) for e in evidence}
    return [{"document": doc, "page": page} for doc, page in sorted(pages)]


def _numeric(answer: str, question: str) -> dict:
    """The gold figure in base units: "$11588.00" asked "in USD millions" is 11,588,000,000."""
    value = float(re.sub(r"[^\d.]", "", answer))
    unit = "%" if "%" in answer else "USD" if "$" in answer else ""
    if unit == "USD":
        value *= next((s for pattern, s in QUESTION_SCALES if pattern.search(question)), 1.0)
    return {"kind": "number", "value": value, "unit": unit, "tolerance": 0.01}


def financebench_terms(answer: str, question: str) -> list[str]:
    """Key terms of a gold answer: its figures and content words, minus what the question says."""
    asked = stems(question)
    asked_values = {abs(n.value) for n in numbers_in(question)}
    figures = [n.text for n in numbers_in(answer) if abs(n.value) not in asked_values]
    words: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z'’]*", answer):
        key = stem(word)
        if len(word) > 2 and word.lower() not in STOPWORDS and key not in asked:
            words.setdefault(key, word)
    return [*dict.fromkeys(figures), *words.values()]


# ---- running -----------------------------------------------------------------------------


def run_suite(
    assistant: Asks,
    questions: Sequence[EvalQuestion],
    *,
    progress: Callable[[int, int, QuestionResult], None] | None = None,
) -> "EvalReport":
    """Ask every question (its history first, in the same chat) and score the answers."""
    said: dict[tuple[tuple[str, ...], str], str] = {}  # (history, question) -> answer text
    results = []
    for done, question in enumerate(questions, 1):
        results.append(_ask_one(assistant, question, said))
        if progress:
            progress(done, len(questions), results[-1])
    return EvalReport(results)


def _ask_one(assistant: Asks, question: EvalQuestion, said: dict) -> QuestionResult:
    try:
        messages = _history(assistant, question.history, said)
        answer = assistant.ask(question.question, messages).run()
    except Exception as exc:  # any failure is this question's result, not the whole run's
        return _error_result(question, f"{type(exc).__name__}: {exc}")
    said[(tuple(question.history), question.question)] = answer.answer
    verdict = score(question.expected, answer)
    return QuestionResult(
        id=question.id,
        type=question.type,
        question=question.question,
        correct=verdict.correct,
        refused=verdict.refused,
        evidence_hit=verdict.evidence_hit,
        grounded=answer.grounded,
        reason=verdict.reason,
        answer=answer.answer,
        citations=[_cited(c) for c in answer.citations],
        total_ms=answer.timings.total_ms,
    )


def _history(assistant: Asks, history: list[str], said: dict) -> list[Message]:
    """Chat messages for the earlier turns; each earlier question is asked once per run."""
    messages: list[Message] = []
    for n, earlier in enumerate(history):
        key = (tuple(history[:n]), earlier)
        if key not in said:
            said[key] = assistant.ask(earlier, list(messages)).run().answer
        messages += [
            {"role": "user", "content": earlier},
            {"role": "assistant", "content": said[key]},
        ]
    return messages


def _error_result(question: EvalQuestion, error: str) -> QuestionResult:
    evidence = question.expected.get("evidence")
    return QuestionResult(
        id=question.id,
        type=question.type,
        question=question.question,
        correct=False,
        refused=False,
        evidence_hit=False if evidence else None,
        grounded=None,
        reason="error",
        error=error,
    )


def _cited(citation) -> str:
    parts = [citation.title, citation.locator, citation.date]
    return f"[{citation.n}] " + " | ".join(p for p in parts if p)


# ---- reporting ---------------------------------------------------------------------------


def summarize(results: Sequence[QuestionResult]) -> dict:
    """accuracy, recall@5, refusal rate, ungrounded rate and errors of some results."""
    answered = [r for r in results if r.error is None]
    with_evidence = [r for r in results if r.evidence_hit is not None]
    n = len(results)
    return {
        "questions": n,
        "accuracy": _share(sum(r.correct for r in results), n),
        "recall_at_5": (
            _share(sum(bool(r.evidence_hit) for r in with_evidence), len(with_evidence))
            if with_evidence
            else None
        ),
        "refusal_rate": _share(sum(r.refused for r in results), n),
        "ungrounded_rate": _share(
            sum(r.grounded is False and not r.refused for r in answered), len(answered)
        ),
        "errors": n - len(answered),
    }


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


@dataclass
class EvalReport:
    """The results of one suite run."""

    results: list[QuestionResult]

    def to_dict(self) -> dict:
        """The summary, per-type summaries under "by_type" and every result under "results"."""
        types = dict.fromkeys(r.type for r in self.results)
        return {
            **summarize(self.results),
            "by_type": {t: summarize([r for r in self.results if r.type == t]) for t in types},
            "results": [asdict(r) for r in self.results],
        }

    def format_table(self) -> str:
        """A per-type table, the totals, and the questions that missed with the reason."""
        report = self.to_dict()
        head = f"{'type':<18}{'n':>4}{'accuracy':>10}{f'recall@{RECALL_K}':>10}"
        lines = [head + f"{'refused':>9}{'ungrounded':>12}{'errors':>8}"]
        rows = [*report["by_type"].items(), ("all", report)]
        lines += [_table_row(name, summary) for name, summary in rows]
        misses = [r for r in self.results if not r.correct]
        if misses:
            lines += ["", "misses:"]
            lines += [f"  {r.id:<24} {r.error or r.reason}" for r in misses]
        return "\n".join(lines)


def _table_row(name: str, s: dict) -> str:
    recall = "-" if s["recall_at_5"] is None else f"{s['recall_at_5']:.0%}"
    return (
        f"{name:<18}{s['questions']:>4}{s['accuracy']:>10.0%}{recall:>10}"
        f"{s['refusal_rate']:>9.0%}{s['ungrounded_rate']:>12.0%}{s['errors']:>8}"
    )
