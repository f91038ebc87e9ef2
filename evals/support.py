"""`finassist eval support`: the sentence-support check (rag.answer.support) against the
hand-labelled answer sentences in data/eval/support_sentences.jsonl.

Each row is one answer sentence, the passages it was given (those it cites, or all of them when
it cites none), the question, and a label, supported or unsupported. The gate the answer passes
(its figures against the passages, rag.answer.grounding, then the sentence check) passes the
sentence or leaves it out; the report counts, per split ("tune": the half the
thresholds were chosen on, "test": the other half, "fresh": rows added after the check was fixed,
labelled before its verdicts were seen, scripts/add_fresh_support_rows.py; "fresh2": rows of
eight companies no other split uses, labelled before the check ran on them after the "fresh"
split's leaks were fixed, never tuned on, scripts/add_fresh2_support_rows.py; "fresh3": rows over
passages sharing no eight-word run with any other split's, written without reading the check,
their labels committed before the check ever ran on them, never tuned on,
scripts/add_fresh3_support_rows.py; "fresh4": the same again after the check was tuned on all
the others, over eleven companies' passages sharing no eight-word run with any other split's,
about half of them tables, scripts/add_fresh4_support_rows.py; "fresh5": the same again, written
by someone who had not read the check nor seen its verdicts, over eleven companies' passages,
mostly of filings and companies no other split reads, scripts/add_fresh5_support_rows.py;
"fresh6": the same again over fifteen companies' passages, mostly single FinanceBench pages of
companies no other split reads, scripts/add_fresh6_support_rows.py; "fresh7": the same again
over ten more such companies' pages and three news stories, written blind while the check was
tuned on fresh6, scripts/add_fresh7_support_rows.py; "fresh8": the same again over PG&E's
10-K and earnings-release pages, half prose, and three news stories, written blind after fresh7 was
measured, scripts/add_fresh8_support_rows.py; "fresh9": the same again over whole FinanceBench
PDFs' pages of a dozen companies earlier splits read least, half prose, half tables, and news
stories, written blind while the check was tuned on fresh8, scripts/add_fresh9_support_rows.py)
and over all rows:

- `supported_recall` (= `recall`): the share of supported sentences the check passes (target
  >= 0.8);
- `precision`: the share of the sentences it passes that are labelled supported;
- `unsupported_reaching_answer`: unsupported sentences it passes (target 0), and
  `unsupported_caught`: the share of unsupported sentences it leaves out;
- `ms_per_sentence`: mean and p95 time of the check per sentence (each row is a fresh answer,
  so its passages are embedded too: an upper bound for a sentence of a real answer).
"""

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from core.protocols import Embedder
from rag.answer.grounding import check
from rag.answer.support import Passage, SupportCheck
from rag.query import Registry, find_companies

SUPPORT_SET = Path(__file__).resolve().parent.parent / "data" / "eval" / "support_sentences.jsonl"
SPLITS = (
    "tune",
    "test",
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
)
# The split no change to the check was ever tuned on: the report's "held" figure, what a new
# customer's text would see. Each tuning round starts by writing a new one, labelled blind.
HELD = "fresh9"
# The thresholds of rag.answer.support were chosen on the "tune" split only.
FRESH4_HELD = ("BBY", "JPM", "LMT", "NKE", "TSLA")
# fresh4 is cut by company into two halves, fixed before any tuning on it: its tickers sorted,
# the 2nd, 4th, ... are "fresh4-held" (never tuned on), the others (AMZN, GIS, KO, MSFT, NVDA,
# WMT) "fresh4-dev", the rows tuned on from the session after the split's first measure; both
# halves (and fresh5) were tuned on once fresh6 was written, fresh6 once fresh7 was, fresh7
# once fresh8 was, and fresh8 once fresh9 was.
HALVES = ("fresh4-dev", "fresh4-held")


class Remembered:
    """An embedder that embeds each text once (the labelled support sentences share their
    answers' passages)."""

    def __init__(self, inner: Embedder):
        self.inner, self.seen = inner, {}

    def embed(self, texts):
        new = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if new:
            self.seen.update(zip(new, self.inner.embed(new), strict=True))
        return [self.seen[t] for t in texts]


def half(row: dict) -> str | None:
    """The half of fresh4 a row is in, or None for the other splits."""
    if row.get("split") != "fresh4":
        return None
    held = {p.get("ticker") for p in row["passages"]} & set(FRESH4_HELD)
    return "fresh4-held" if held else "fresh4-dev"


def load_support_set(path: Path = SUPPORT_SET) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judge_rows(
    embedder: Embedder, rows: Sequence[dict], registry: Registry | None = None
) -> list[dict]:
    """Each row with the check's verdict ("passed") and why ("reason", "similarity", ...)."""
    out = []
    for row in rows:
        started = time.perf_counter()
        passages = [
            Passage(p["n"], p["text"], p.get("ticker"), p.get("title") or "", p.get("source") or "")
            for p in row["passages"]
        ]
        asked = [m.company.id for m in find_companies(row["question"], registry)]
        judgement = SupportCheck(embedder, passages, asked, registry).judge(row["sentence"])
        figures = check(
            row["sentence"], [], {p.n: p.text for p in passages}, citation_required=False
        )
        out.append(
            {
                **row,
                "passed": judgement.supported and figures.grounded,
                "reason": judgement.reason if figures.grounded else "figures",
                "similarity": round(judgement.similarity, 3),
                "coverage": round(judgement.coverage, 3),
                "new_entities": judgement.new_entities,
                "ms": (time.perf_counter() - started) * 1000,
            }
        )
    return out


def score(judged: Sequence[dict]) -> dict:
    """The figures above for a list of judged rows."""
    supported = [r for r in judged if r["label"] == "supported"]
    unsupported = [r for r in judged if r["label"] == "unsupported"]
    passed = [r for r in judged if r["passed"]]
    kept = sum(r["passed"] for r in supported)
    leaked = sum(r["passed"] for r in unsupported)
    recall = _share(kept, len(supported))
    return {
        "sentences": len(judged),
        "supported": len(supported),
        "unsupported": len(unsupported),
        "precision": _share(kept, len(passed)),
        "recall": recall,
        "supported_recall": recall,
        "unsupported_reaching_answer": leaked,
        "unsupported_caught": _share(len(unsupported) - leaked, len(unsupported)),
    }


def evaluate_support(
    embedder: Embedder, rows: Sequence[dict] | None = None, registry: Registry | None = None
) -> dict:
    """The report: `score` over all rows, "by_split", "held" (the never-tuned split's), the
    leaked and the missed sentences."""
    judged = judge_rows(embedder, rows if rows is not None else load_support_set(), registry)
    report = score(judged)
    report["by_split"] = {
        split: score([r for r in judged if r.get("split") == split]) for split in SPLITS
    } | {name: score([r for r in judged if half(r) == name]) for name in HALVES}
    report["held"] = {"split": HELD} | report["by_split"][HELD]
    origins = dict.fromkeys(r.get("origin", "") for r in judged)
    report["by_origin"] = {
        o: score([r for r in judged if r.get("origin", "") == o]) for o in origins
    }
    report["by_reason"] = {}
    for r in judged:
        if not r["passed"]:
            report["by_reason"][r["reason"]] = report["by_reason"].get(r["reason"], 0) + 1
    # The check's own time per sentence (its answer's passages embedded on the first sentence,
    # as in an answer), the figures check included; the embedder loaded beforehand.
    report["ms_per_sentence"] = {
        "mean": round(statistics.fmean(r["ms"] for r in judged), 1) if judged else 0.0,
        "p95": round(_p95([r["ms"] for r in judged]), 1) if judged else 0.0,
    }
    report["judged"] = [{k: r[k] for k in ("id", "split", "label", "passed")} for r in judged]
    report["mistakes"] = [
        {k: r[k] for k in ("id", "split", "label", "reason", "similarity", "coverage", "sentence")}
        | {"new_entities": r["new_entities"]}
        for r in judged
        if r["passed"] != (r["label"] == "supported")
    ]
    return report


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def format_support(report: dict) -> str:
    """One line per split and the total, then the leaked and missed sentences."""
    lines = [f"{'split':<12}{'n':>5}{'precision':>11}{'recall':>8}{'leaked':>8}{'caught':>8}"]
    for name, s in [*report["by_split"].items(), ("all", report)]:
        lines.append(
            f"{name:<12}{s['sentences']:>5}{s['precision']:>11.0%}{s['recall']:>8.0%}"
            f"{s['unsupported_reaching_answer']:>8}{s['unsupported_caught']:>8.0%}"
        )
    lines.append(f"held (never tuned on): {report['held']['split']}")
    for m in report["mistakes"]:
        lines.append(f"  {m['id']:<12} {m['label']:<12} {m['reason']:<12} {m['sentence'][:70]}")
    return "\n".join(lines)
