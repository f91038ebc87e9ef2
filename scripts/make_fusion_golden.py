"""The golden set's `fusion` rows: "why did X move", "what happened around D" and "what moved the
stock in a quarter" questions over the demo data, with the expected move and events derived
here from the raw files (never through `rag/` or `ingestion/`).

- Earnings dates and times: the 8-Ks with item 2.02 in the submissions JSON (EDGAR's
  `acceptanceDateTime`, UTC); other 8-Ks, 10-Ks and 10-Qs the same way.
- Moves: close-to-close returns from the price CSVs (pandas). An event accepted at or after
  16:00 New York time moves the next trading day's close; one before moves that day's.
- Windows: an event counts for a move when the move's day is the first close after it; an
  answer may cite no filing or news from outside the row's `window`.

`python scripts/make_fusion_golden.py` rewrites data/eval/golden_fusion.jsonl; the output is
deterministic.
"""

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data/sample"
OUT = ROOT / "data/eval/golden_fusion.jsonl"
EASTERN = ZoneInfo("America/New_York")
NAMES = {"AAPL": "Apple", "NVDA": "NVIDIA", "TSLA": "Tesla", "MSFT": "Microsoft"}
CIKS = {"AAPL": "0000320193", "MSFT": "0000789019", "NVDA": "0001045810", "TSLA": "0001318605"}
FORMS = ("8-K", "10-K", "10-Q", "8-K/A", "10-K/A", "10-Q/A")
TOLERANCE_POINTS = 0.05


def closes(ticker: str) -> pd.Series:
    frame = pd.read_csv(SAMPLE / f"market/daily_ohlcv/{ticker}.csv")
    days = frame["Date"].str[:10]
    return pd.Series(frame["Close"].to_numpy(), index=days)


def filings(ticker: str) -> list[dict]:
    """Filings of the forms in FORMS: accession, form, items, New York date and hour."""
    data = json.loads((SAMPLE / f"sec/submissions/CIK{CIKS[ticker]}.json").read_text())
    recent = data["filings"]["recent"]
    rows = []
    for i, form in enumerate(recent["form"]):
        if form not in FORMS:
            continue
        accepted = datetime.fromisoformat(recent["acceptanceDateTime"][i].replace("Z", "+00:00"))
        local = accepted.astimezone(EASTERN)
        rows.append(
            {
                "accession": recent["accessionNumber"][i],
                "form": form,
                "items": recent["items"][i].split(",") if recent["items"][i] else [],
                "date": local.date().isoformat(),
                "after_close": local.hour >= 16,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["accession"]))


def reaction_index(series: pd.Series, filing: dict) -> int | None:
    """Position of the first close after the filing (None outside the prices)."""
    days = list(series.index)
    for i, day in enumerate(days):
        if day > filing["date"] or (day == filing["date"] and not filing["after_close"]):
            return i if i > 0 else None
    return None


def pct(series: pd.Series, i: int) -> float:
    return round((series.iloc[i] / series.iloc[i - 1] - 1) * 100, 4)


def month_words(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d:%B} {d.day}, {d.year}"


def expected(value: float, day: str, events: list[dict], window: tuple[str, str]) -> dict:
    return {
        "kind": "move",
        "value": value,
        "unit": "%",
        "date": day,
        "tolerance_points": TOLERANCE_POINTS,
        "events": [{"document_id": f"sec:{e['accession']}", "date": e["date"]} for e in events],
        "window": list(window),
    }


EARNINGS_ASKS = (
    "Why did {name} stock move after its {month} earnings?",
    "How did {ticker} shares react to the {month} earnings release?",
    "Why did {name}'s share price {verb} after its {month} results?",
)
DAY_ASKS = (
    "Why did {ticker} {verb} on {day}?",
    "Why did {name} shares {verb} on {iso}?",
)
QUARTER_ASKS = (
    "What moved {subject} in Q{quarter} {year}?",
    "What were the biggest moves in {subject} in Q{quarter} {year}, and what happened before them?",
)
AROUND_ASKS = (
    "What happened to {name} around {day}?",
    "What happened with {ticker} stock around {iso}?",
    "What happened to {name} shares in the days around {day}?",
)


def rows() -> list[dict]:
    out: list[dict] = []
    for ticker, name in NAMES.items():
        series = closes(ticker)
        days = list(series.index)
        listed = filings(ticker)
        reacting = {}  # reaction index -> filings whose first close is that day
        for filing in listed:
            i = reaction_index(series, filing)
            if i is not None:
                reacting.setdefault(i, []).append(filing)
        earnings = [f for f in listed if "2.02" in f["items"] and reaction_index(series, f)]
        months = [f["date"][:7] for f in earnings]
        single = [f for f in earnings if months.count(f["date"][:7]) == 1]
        used: set[int] = set()  # reaction days asked about already
        # earnings reactions: three per ticker, spread over the range
        for filing in single[1::3][:3]:
            i = reaction_index(series, filing)
            move = pct(series, i)
            month = date.fromisoformat(filing["date"]).strftime("%B %Y")
            verb = "rise" if move > 0 else "fall"
            ask = EARNINGS_ASKS[len(out) % len(EARNINGS_ASKS)]
            question = ask.format(name=name, ticker=ticker, month=month, verb=verb)
            window = (days[i - 1], days[i])
            out.append(_row(question, expected(move, days[i], reacting[i], window)))
            used.add(i)
        # the largest moves that a filing preceded (days not asked about above)
        ranked = sorted(set(reacting) - used, key=lambda i: -abs(pct(series, i)))
        for i in ranked[:2]:
            move = pct(series, i)
            verb = "jump" if move > 0 else "drop"
            ask = DAY_ASKS[len(out) % len(DAY_ASKS)]
            question = ask.format(
                name=name, ticker=ticker, verb=verb, day=month_words(days[i]), iso=days[i]
            )
            out.append(_row(question, expected(move, days[i], reacting[i], (days[i - 1], days[i]))))
        # what happened around a non-earnings 8-K
        others = [f for f in listed if f["form"] == "8-K" and "2.02" not in f["items"]]
        others = [f for f in others if f["date"] in series.index]
        for filing in others[3::9][:2]:
            i = days.index(filing["date"])
            if i < 5 or i + 3 >= len(days):
                continue
            ask = AROUND_ASKS[len(out) % len(AROUND_ASKS)]
            question = ask.format(name=name, ticker=ticker, day=month_words(days[i]), iso=days[i])
            window = (days[i - 4], days[i + 3])
            found = [f for f in listed if f["date"] == filing["date"]]
            out.append(_row(question, expected(pct(series, i), days[i], found, window)))
        # what moved the stock in a calendar quarter whose largest move a filing preceded
        for year, quarter in ((2023, 4), (2024, 3), (2025, 2)):
            first = date(year, 3 * quarter - 2, 1).isoformat()
            last = (date(year, 3 * quarter % 12 + 1, 1) - timedelta(days=1)).isoformat()
            if quarter == 4:
                last = f"{year}-12-31"
            inside = [i for i, d in enumerate(days) if first <= d <= last and i > 0]
            top = max(inside, key=lambda i: abs(pct(series, i)))
            if top not in reacting:
                continue
            subject = f"{name} stock" if quarter == 3 else f"{ticker} shares"
            question = QUARTER_ASKS[len(out) % len(QUARTER_ASKS)].format(
                subject=subject, quarter=quarter, year=year
            )
            window = (
                (date.fromisoformat(first) - timedelta(days=7)).isoformat(),
                (date.fromisoformat(last) + timedelta(days=7)).isoformat(),
            )
            out.append(_row(question, expected(pct(series, top), days[top], reacting[top], window)))
    for n, row in enumerate(out, 1):
        row["id"] = f"fusion-{n:02d}"
    return [{"id": r["id"], **{k: v for k, v in r.items() if k != "id"}} for r in out]


def _row(question: str, expected_answer: dict) -> dict:
    return {
        "id": "",
        "type": "fusion",
        "question": question,
        "history": [],
        "expected": expected_answer,
    }


def main() -> None:
    lines = [json.dumps(row) for row in rows()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} fusion rows -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
