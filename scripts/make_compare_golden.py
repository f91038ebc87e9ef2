"""Write data/eval/golden_compare.jsonl: comparisons across companies over the demo corpus, every
expected cell derived from the raw data here (Apple's XBRL company facts; the inline-XBRL tags of
the NVIDIA, Tesla and Amazon 10-Ks, read by scripts/make_golden.py's readers), never through rag/
or ingestion/, so the evaluation is not circular.

A company's fiscal year is the calendar year its fiscal year ends in (NVIDIA's FY2025 ends
2025-01-26). A company without figures in the demo data (Microsoft, JPMorgan: no facts; AMD,
Intel: nothing at all) is expected as a row of missing cells. The winner is computed here: the
highest (or lowest) value in the latest fiscal year every company with figures reports, or the
largest growth between the two compared years.
Run `.venv/bin/python scripts/make_compare_golden.py`; the output is deterministic.
"""

import json
import sys
from datetime import date
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_golden import (  # noqa: E402
    AMZN_10K,
    NVDA_10K,
    TSLA_10K,
    companyfacts,
    ix_facts,
    sec_file,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eval" / "golden_compare.jsonl"
TOLERANCE = 0.005  # relative: a cell must be right within rounding
TEN_K = {"NVDA": NVDA_10K, "TSLA": TSLA_10K, "AMZN": AMZN_10K}
CONCEPTS = {  # the us-gaap concepts each metric is tagged under, most specific first
    "revenue": ("RevenueFromContractWithCustomerExcludingAssessedTax", "Revenues"),
    "net income": ("NetIncomeLoss",),
    "operating income": ("OperatingIncomeLoss",),
    "gross profit": ("GrossProfit",),
}
MARGINS = {"gross margin": "gross profit", "operating margin": "operating income"}
MARGINS["net margin"] = "net income"


def annual(start: str | None, end: str) -> bool:
    if not start:
        return False
    return 350 <= (date.fromisoformat(end) - date.fromisoformat(start)).days <= 380


@cache
def yearly(ticker: str, metric: str) -> dict[int, float]:
    """Fiscal year -> the full-year value a company reports (the first concept it tags)."""
    for concept in CONCEPTS[metric]:
        if ticker == "AAPL":
            entries = companyfacts()["facts"]["us-gaap"].get(concept, {}).get("units", {})
            found = {
                int(v["end"][:4]): float(v["val"])
                for v in entries.get("USD", [])
                if v.get("form") == "10-K" and annual(v.get("start"), v["end"])
            }
        elif ticker in TEN_K:
            found = {
                int(end[:4]): value
                for name, start, end, members, value in ix_facts(sec_file(TEN_K[ticker]))
                if name == f"us-gaap:{concept}" and not members and annual(start, end)
            }
        else:
            found = {}
        if found:
            return found
    return {}


def values(ticker: str, measure: str) -> dict[int, float]:
    """A metric's values, or a margin (metric / revenue x 100) by fiscal year."""
    if measure not in MARGINS:
        return yearly(ticker, measure)
    top, revenue = yearly(ticker, MARGINS[measure]), yearly(ticker, "revenue")
    return {y: top[y] / revenue[y] * 100 for y in top if revenue.get(y)}


def latest_common(tickers: list[str], measure: str, count: int) -> list[int]:
    """The latest `count` fiscal years every company with figures reports."""
    held = [set(values(t, measure)) for t in tickers if values(t, measure)]
    return sorted(set.intersection(*held))[-count:]


def comparison(
    qid: str,
    question: str,
    tickers: list[str],
    measure: str,
    years: list[int] | None = None,
    growth: bool = False,
    order: str = "highest",
    count: int = 1,
) -> dict:
    """One row: every expected cell, the companies with none, and the winner."""
    unit = "%" if measure in MARGINS else "USD"
    span = years or latest_common(tickers, measure, count)
    cells, absent, scores = [], [], {}
    for ticker in tickers:
        found = values(ticker, measure)
        if not found:
            absent.append(ticker)
            continue
        own = span if years or len(span) == count else sorted(found)[-count:]
        for year in own:
            if year in found:
                cells.append({"ticker": ticker, "period": f"FY{year}", "value": found[year]})
        first, last = own[0], own[-1]
        if growth and first in found and last in found and found[first] > 0:
            change = (found[last] / found[first] - 1) * 100
            cells.append({"ticker": ticker, "period": "growth", "value": change})
            scores[ticker] = change
        elif not growth and (last := latest_common(tickers, measure, 1)[-1]) in found:
            scores[ticker] = found[last]
    pick = max if order == "highest" else min
    winner = pick(scores, key=scores.get)
    return {
        "id": qid,
        "type": "compare",
        "question": question,
        "history": [],
        "expected": {
            "kind": "comparison",
            "unit": unit,
            "tolerance": TOLERANCE,
            "cells": cells,
            "absent": absent,
            "winner": winner,
            "tickers": tickers,
        },
    }


def rows() -> list[dict]:
    three = ["AAPL", "NVDA", "TSLA"]
    return [
        comparison(
            "compare-01",
            "Compare Apple and Tesla revenue in FY2024.",
            ["AAPL", "TSLA"],
            "revenue",
            [2024],
        ),
        comparison(
            "compare-02",
            "Which of NVDA, TSLA and AMZN had the highest net income in fiscal 2024?",
            ["NVDA", "TSLA", "AMZN"],
            "net income",
            [2024],
        ),
        comparison(
            "compare-03",
            "How does Tesla's operating margin compare with Nvidia's in FY2024?",
            ["TSLA", "NVDA"],
            "operating margin",
            [2024],
        ),
        comparison(
            "compare-04",
            "Rank AAPL, NVDA, TSLA and AMZN by revenue in FY2024.",
            ["AAPL", "NVDA", "TSLA", "AMZN"],
            "revenue",
            [2024],
        ),
        comparison(
            "compare-05",
            "Which of Amazon, Tesla and Apple had the lowest net margin in FY2024?",
            ["AMZN", "TSLA", "AAPL"],
            "net margin",
            [2024],
            order="lowest",
        ),
        comparison(
            "compare-06",
            "Which of NVDA, AMD and INTC grew revenue fastest in FY2025?",
            ["NVDA", "AMD", "INTC"],
            "revenue",
            [2024, 2025],
            growth=True,
        ),
        comparison(
            "compare-07",
            "Compare Apple and Microsoft gross margin over the last three fiscal years.",
            ["AAPL", "MSFT"],
            "gross margin",
            count=3,
        ),
        comparison(
            "compare-08",
            "AAPL vs AMZN revenue growth in FY2024",
            ["AAPL", "AMZN"],
            "revenue",
            [2023, 2024],
            growth=True,
        ),
        comparison(
            "compare-09",
            "Which grew net income faster in FY2024, Tesla or Amazon?",
            ["TSLA", "AMZN"],
            "net income",
            [2023, 2024],
            growth=True,
        ),
        comparison(
            "compare-10",
            "Did Nvidia or Apple have the higher operating income in fiscal 2024?",
            ["NVDA", "AAPL"],
            "operating income",
            [2024],
        ),
        comparison(
            "compare-11",
            "Rank Tesla, Nvidia and Apple by gross margin in FY2024.",
            ["TSLA", "NVDA", "AAPL"],
            "gross margin",
            [2024],
        ),
        comparison(
            "compare-12",
            "Compare NVDA and TSLA net income over the last three fiscal years.",
            ["NVDA", "TSLA"],
            "net income",
            count=3,
        ),
        comparison(
            "compare-13",
            "Which of Apple, Nvidia and Tesla grew revenue fastest over the last two fiscal years?",
            three,
            "revenue",
            growth=True,
            count=2,
        ),
        comparison(
            "compare-14",
            "Compare Tesla and JPMorgan revenue in FY2024.",
            ["TSLA", "JPM"],
            "revenue",
            [2024],
        ),
        comparison(
            "compare-15",
            "Which of Apple, Amazon and Tesla had the smallest operating income in FY2023?",
            ["AAPL", "AMZN", "TSLA"],
            "operating income",
            [2023],
            order="lowest",
        ),
        comparison(
            "compare-16",
            "Which has the higher gross margin in FY2025, Apple or Nvidia?",
            ["AAPL", "NVDA"],
            "gross margin",
            [2025],
        ),
    ]


def main() -> None:
    out = rows()
    OUT.write_text("".join(json.dumps(row) + "\n" for row in out), encoding="utf-8")
    print(f"wrote {len(out)} comparison questions to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
