"""The evaluation harness: load a suite (golden set with its paraphrases, or the FinanceBench
development set), ask every question through the normal Assistant API, score the answers
(`evals.scoring`) and report: overall, per type, per group (originals vs paraphrases), per
company group (FinanceBench's first five companies vs the rest), and seconds per question.

Indexing the FinanceBench PDFs is the caller's job (rag does not import ingestion):
`load_financebench()` returns the questions and the PDF paths to ingest, `pdfs_for()` the PDFs
a subset of them needs.
"""

import csv
import json
import math
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from core.protocols import Message
from core.types import Answer
from evals.gold import dated_figures, key_entities, opening_phrase, options, picked
from evals.reading import figures
from evals.scoring import RECALL_K, score, stem, stems
from rag.answer.grounding import numbers_in

EVAL_DIR = Path(__file__).resolve().parent.parent / "data" / "eval"
GOLDEN = EVAL_DIR / "golden.jsonl"
PARAPHRASES = EVAL_DIR / "golden_paraphrases.jsonl"
FUSION = EVAL_DIR / "golden_fusion.jsonl"  # the `fusion` group (scripts/make_fusion_golden.py)
COMPARE = EVAL_DIR / "golden_compare.jsonl"  # scripts/make_compare_golden.py (type "compare")
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
# The companies of the first FinanceBench subset (24 questions), which the code was developed
# on; the widened set's other companies show whether a change generalises (`by_company_group`).
FIRST_COMPANIES = ("Amazon", "Best Buy", "Boeing", "JPMorgan", "Microsoft")
# BESTBUY_2024Q2_10Q, .._8K_dated.., ULTABEAUTY_2023Q4_EARNINGS (an earnings release)
DOC_NAME = re.compile(r"_(\d{4})(Q[1-4])?_(10K|10Q|8K|EARNINGS)(?:_|$)", re.I)
QUESTION_SCALES = (
    (re.compile(r"\b(?:USD|US\$)?\s?billions\b", re.I), 1e9),
    (re.compile(r"\b(?:USD|US\$)?\s?millions\b", re.I), 1e6),
    (re.compile(r"\b(?:USD|US\$)?\s?thousands\b", re.I), 1e3),
)
LIMIT_S = 30.0  # no answer may take longer (issue 13); the answer budget keeps them under


@dataclass
class EvalQuestion:
    """One question with what a correct answer must show (see data/eval/README.md)."""

    id: str
    type: str
    question: str
    expected: dict
    history: list[str] = field(default_factory=list)
    company: str | None = None  # FinanceBench: the company the question is about
    group: str = "original"  # or "paraphrase"
    paraphrase_of: str | None = None  # the id of the original a paraphrase shares answers with


@dataclass
class FinanceBenchSuite:
    questions: list[EvalQuestion]
    pdfs: list[Path]  # the filings to index before asking
    tags: dict[str, dict] = field(default_factory=dict)  # PDF file name -> Document fields

    def pdfs_for(self, questions: Iterable[EvalQuestion]) -> list[Path]:
        """The filings of the companies these questions are about (a subset's index)."""
        companies = {q.company for q in questions}
        return [p for p in self.pdfs if self.tags.get(p.name, {}).get("company") in companies]


@dataclass
class QuestionResult:
    """How one question went."""

    id: str
    type: str
    question: str
    correct: bool
    refused: bool
    evidence_hit: bool | None  # expected evidence among the first RECALL_K cited sources
    grounded: bool | None  # None when there was no answer (error)
    reason: str
    answer: str = ""
    citations: list[str] = field(default_factory=list)
    total_ms: float = 0.0
    error: str | None = None
    group: str = "original"
    paraphrase_of: str | None = None
    company: str | None = None
    seconds: float = 0.0  # wall-clock time of the question's own ask (not its history)
    first_words: float | None = None  # seconds from the ask to the answer's first text
    record: dict | None = None  # the Answer as returned (snippets left out), to re-score later
    sentences: dict | None = None  # the model's drafted sentences and those left out, by why


class _Run(Protocol):
    def run(self) -> Answer: ...


class Asks(Protocol):
    """What the harness needs of the Assistant."""

    def ask(self, question: str, history: Sequence[Message] = ()) -> _Run: ...


# ---- suites ------------------------------------------------------------------------------


def load_golden(
    path: Path = GOLDEN,
    paraphrases: Path | None = PARAPHRASES,
    fusion: Path | None = FUSION,
    compare: Path | None = COMPARE,
) -> list[EvalQuestion]:
    """The golden questions over the demo corpus (written by scripts/make_golden.py), the
    `fusion` questions (scripts/make_fusion_golden.py) and the `compare` questions
    (scripts/make_compare_golden.py), then the paraphrases (group "paraphrase"), each sharing
    its original's expected answer and history; `paraphrases=None` leaves them out."""
    extra = [p for p in (fusion, compare) if p and p.exists()]
    rows = _jsonl(path) + [row for p in extra for row in _jsonl(p)]
    originals = [EvalQuestion(**row) for row in rows]
    if paraphrases is None:
        return originals
    by_id = {q.id: q for q in originals}
    extra = []
    for row in _jsonl(paraphrases):
        original = by_id[row["paraphrase_of"]]
        for n, text in enumerate(row["paraphrases"], 1):
            extra.append(
                EvalQuestion(
                    id=f"{original.id}~p{n}",
                    type=original.type,
                    question=text,
                    expected=original.expected,
                    history=original.history,
                    group="paraphrase",
                    paraphrase_of=original.id,
                )
            )
    return originals + extra


def golden_uploads(questions: Iterable[EvalQuestion]) -> list[Path]:
    """The FinanceBench PDFs golden questions ask about as uploads (`expected["uploads"]`,
    file names under data/eval/financebench/pdfs), to index beside the demo corpus."""
    names = sorted({name for q in questions for name in q.expected.get("uploads", [])})
    return [FINANCEBENCH / "pdfs" / name for name in names]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load_financebench(root: Path = FINANCEBENCH) -> FinanceBenchSuite:
    """The FinanceBench questions whose evidence PDFs we have, and those PDFs."""
    lines = (root / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [financebench_question(json.loads(line)) for line in lines if line.strip()]
    pdfs = sorted((root / "pdfs").glob("*.pdf"))
    return FinanceBenchSuite(questions, pdfs, financebench_tags(root / "pdf_coverage.csv"))


def suite_name(suite: str, root: Path | None = None) -> str:
    """The name of a suite's own index: a FinanceBench folder other than ours gets its own, so
    that two sets of filings never share a store."""
    if root is None or root.resolve() == FINANCEBENCH.resolve():
        return suite
    return f"{suite}-{_plain(root.resolve().name)}"


def select(
    questions: Sequence[EvalQuestion], companies: Sequence[str] = (), limit: int | None = None
) -> list[EvalQuestion]:
    """A quick subset: the questions about any of `companies` ("Best Buy" or "bestbuy"; all
    when none are named), then the first `limit` original questions with their paraphrases."""
    wanted = {_plain(name) for name in companies}
    chosen = [q for q in questions if not wanted or _plain(q.company or "") in wanted]
    if limit is None:
        return chosen
    kept = {q.id for q in [q for q in chosen if q.group == "original"][:limit]}
    return [q for q in chosen if q.id in kept or q.paraphrase_of in kept]


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def financebench_tags(coverage: Path) -> dict[str, dict]:
    """What each PDF is (company, form, fiscal year and period), from `pdf_coverage.csv` and
    the file name: {"BOEING_2022_10K.pdf": {"company": "Boeing", "form": "10-K", ...}}. No
    ticker: the product must find the company from the filing itself (its cover page)."""
    with open(coverage, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tags = {}
    for row in rows:
        year, quarter, form = DOC_NAME.search(row["doc_name"]).groups()
        tags[Path(row["file"]).name] = {
            "company": row["company"],
            "form": "earnings release" if form == "EARNINGS" else f"{form[:-1]}-{form[-1]}",
            "fiscal_year": int(year),
            "fiscal_period": quarter or ("FY" if form == "10K" else None),
        }
    return tags


def financebench_question(row: dict) -> EvalQuestion:
    """A FinanceBench row as an EvalQuestion: a number when the gold answer is one, else text
    with what the gold asks of an answer (evals.gold): its entities, its pick among the
    question's options, its yes/no, its signed figures and their years, its content words."""
    evidence = _pages(row["evidence"])
    answer, question, company = row["answer"], row["question"], row["company"]
    if NUMERIC_ANSWER.fullmatch(answer):
        expected = _numeric(answer, question) | {"evidence": evidence}
    else:
        expected = {
            "kind": "text",
            "key_terms": financebench_terms(answer, question),
            "key_figures": financebench_figures(answer, question),
            "key_entities": key_entities(answer, question, company),
            "dated_figures": dated_figures(answer),
            "min_overlap": FINANCEBENCH_MIN_OVERLAP,
            "company": company,
            "evidence": evidence,
        }
        if pick := opening_phrase(answer):
            expected["pick"] = pick
        choices = options(question)
        if choices and (chosen := picked(answer, choices)):
            expected |= {"options": choices, "option": chosen}
        if first := re.match(r"\W*(yes|no)\b", answer, re.I):
            expected["polarity"] = first.group(1).lower()
    return EvalQuestion(
        row["financebench_id"], row["question_type"], question, expected, company=company
    )


def _pages(evidence: list[dict]) -> list[dict]:
    """Evidence pages, 1-based like our PDF pages (FinanceBench's are 0-indexed)."""
    pages = {(e["doc_name"], e["evidence_page_num"] + 1) for e in evidence}
    return [{"document": doc, "page": page} for doc, page in sorted(pages)]


def _numeric(answer: str, question: str) -> dict:
    """The gold figure in base units, signed: "$11588.00" asked "in USD millions" is
    11,588,000,000; "-3.7" is -3.7. `precision` is half a unit of its last printed digit (a
    gold "0.01" stands for anything that rounds to it)."""
    digits = re.sub(r"[^\d.]", "", answer)
    value = float(digits) * (-1 if "-" in answer else 1)
    unit = "%" if "%" in answer else "USD" if "$" in answer else ""
    scale = 1.0
    if unit == "USD":
        scale = next((s for pattern, s in QUESTION_SCALES if pattern.search(question)), 1.0)
    decimals = len(digits.partition(".")[2])
    return {
        "kind": "number",
        "value": value * scale,
        "unit": unit,
        "tolerance": 0.01,
        "precision": 0.5 * 10.0**-decimals * scale,
    }


def financebench_terms(answer: str, question: str) -> list[str]:
    """Key words of a gold answer: its content words, minus what the question says."""
    asked = stems(question)
    words: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z'’]*", answer):
        key = stem(word)
        if len(word) > 2 and word.lower() not in STOPWORDS and key not in asked:
            words.setdefault(key, word)
    return list(words.values())


def financebench_figures(answer: str, question: str) -> list[dict]:
    """Key figures of a gold answer, signed by its words ("a decline of ~42%" is -42%), with
    the precision printed; figures the question itself states are left out."""
    asked_values = {abs(n.value) for n in numbers_in(question)}
    found = []
    for figure in figures(answer):
        number = figure.number
        if abs(number.value) in asked_values:
            continue
        found.append(
            {
                "text": number.text,
                "value": figure.value,
                "unit": number.unit or "",
                "tolerance": 0.01,
                "precision": 0.5 * 10.0**-number.decimals * number.scale,
            }
        )
    return found


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
    started = time.perf_counter()
    try:
        messages = _history(assistant, question.history, said)
        started = time.perf_counter()
        run = assistant.ask(question.question, messages)
        answer = run.run()
    except Exception as exc:  # any failure is this question's result, not the whole run's
        result = _error_result(question, f"{type(exc).__name__}: {exc}")
        result.seconds = round(time.perf_counter() - started, 3)
        return result
    seconds = time.perf_counter() - started
    said[(tuple(question.history), question.question)] = answer.answer
    verdict = score(question.expected, answer, question.question)
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
        group=question.group,
        paraphrase_of=question.paraphrase_of,
        company=question.company,
        seconds=round(seconds, 3),
        first_words=round(answer.timings.first_token_ms / 1000, 3),
        record=answer.model_dump(exclude={"citations": {"__all__": {"snippet"}}}),
        sentences=getattr(run, "sentences", None),
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
        group=question.group,
        paraphrase_of=question.paraphrase_of,
        company=question.company,
    )


def _cited(citation) -> str:
    parts = [citation.title, citation.locator, citation.date]
    return f"[{citation.n}] " + " | ".join(p for p in parts if p)


# ---- reporting ---------------------------------------------------------------------------


def summarize(results: Sequence[QuestionResult]) -> dict:
    """accuracy, recall@5, refusal rate, ungrounded rate, errors, seconds per question and
    seconds to each answer's first words, and how many answers took longer than LIMIT_S."""
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
        "unsupported_sentence_rate": unsupported_sentence_rate(answered),
        "seconds": seconds([r.seconds for r in results]),
        "first_words_seconds": seconds(
            [r.first_words for r in answered if r.first_words is not None]
        ),
        "over_limit": sum(r.seconds > LIMIT_S for r in results),
    }


def unsupported_sentence_rate(results: Sequence[QuestionResult]) -> float | None:
    """The share of the sentences the model drafted, over all answers, that the sentence-support
    check (rag.answer.support) left out as unsupported statements: a claim its cited passage
    does not make, boilerplate, or a citation of another company's source. Sentences left out
    for their figures are not counted here (`ungrounded_rate` covers figures). None when no
    answer drafted a sentence (every figure answered from code, or refused)."""
    counts = [r.sentences for r in results if r.sentences]
    drafted = sum(c["drafted"] for c in counts)
    return _share(sum(c["statements"] for c in counts), drafted) if drafted else None


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def seconds(times: Sequence[float]) -> dict | None:
    """p50 (median), p95 (nearest rank) and max of the seconds per question; None if none."""
    if not times:
        return None
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"p50": round(statistics.median(ordered), 3), "p95": p95, "max": ordered[-1]}


@dataclass
class EvalReport:
    """The results of one suite run."""

    results: list[QuestionResult]

    def to_dict(self) -> dict:
        """The summary and per-type summaries of the original questions ("by_type"); when the
        run has paraphrases, "by_group" (original vs paraphrase) and "paraphrases" (per type);
        when it has FinanceBench companies, "by_company_group" (the first five companies vs the
        others); "seconds" over every question asked; every result under "results"."""
        originals = [r for r in self.results if r.group == "original"]
        report = {**summarize(originals), "by_type": _by_type(originals)}
        paraphrases = [r for r in self.results if r.group == "paraphrase"]
        if paraphrases:
            report["by_group"] = {"original": summarize(originals)}
            report["by_group"]["paraphrase"] = summarize(paraphrases)
            gap = report["by_group"]["paraphrase"]["accuracy"] - report["accuracy"]
            report["paraphrases"] = {"accuracy_gap": round(gap, 4)}
            report["paraphrases"]["by_type"] = _by_type(paraphrases)
        if any(r.company for r in self.results):
            report["by_company_group"] = company_groups(self.results)
        report["seconds"] = seconds([r.seconds for r in self.results])
        report["results"] = [asdict(r) for r in self.results]
        return report

    def format_table(self) -> str:
        """A per-type table, the totals, and the questions that missed with the reason."""
        report = self.to_dict()
        head = f"{'type':<18}{'n':>4}{'accuracy':>10}{f'recall@{RECALL_K}':>10}"
        lines = [head + f"{'refused':>9}{'ungrounded':>12}{'errors':>8}{'p50 s':>8}{'max s':>8}"]
        rows = [*report["by_type"].items(), ("all", report)]
        rows += [(f"{name} (group)", s) for name, s in report.get("by_group", {}).items()]
        rows += [(f"{name} companies", s) for name, s in report.get("by_company_group", {}).items()]
        lines += [_table_row(name, summary) for name, summary in rows]
        misses = [r for r in self.results if not r.correct]
        if misses:
            lines += ["", "misses:"]
            lines += [f"  {r.id:<24} {r.error or r.reason}" for r in misses]
        return "\n".join(lines)


def _by_type(results: Sequence[QuestionResult]) -> dict:
    types = dict.fromkeys(r.type for r in results)
    return {t: summarize([r for r in results if r.type == t]) for t in types}


def company_groups(results: Sequence[QuestionResult]) -> dict:
    """The first five FinanceBench companies (FIRST_COMPANIES, all their filings) and the new
    ones, each with its summary and companies."""
    return {
        name: {**summarize(rs), "companies": sorted({r.company or "" for r in rs})}
        for name, rs in split_company_groups(results).items()
    }


def split_company_groups(results: Sequence) -> dict[str, list]:
    """Results (anything with a `.company`) split into "original" (FIRST_COMPANIES) and "new"."""
    first = {_plain(c) for c in FIRST_COMPANIES}
    groups: dict[str, list] = {"original": [], "new": []}
    for r in results:
        groups["original" if _plain(r.company or "") in first else "new"].append(r)
    return groups


def _table_row(name: str, s: dict) -> str:
    recall = "-" if s["recall_at_5"] is None else f"{s['recall_at_5']:.0%}"
    times = s["seconds"] or {"p50": 0.0, "max": 0.0}
    return (
        f"{name:<18}{s['questions']:>4}{s['accuracy']:>10.0%}{recall:>10}"
        f"{s['refusal_rate']:>9.0%}{s['ungrounded_rate']:>12.0%}{s['errors']:>8}"
        f"{times['p50']:>8.1f}{times['max']:>8.1f}"
    )
