"""Held-out phrasings: questions written for issue 12 before the code was run on them, each with
the analysis it must get (companies, the day, what is asked, no false names) and, over the real
demo index, the answer (a close read from the raw price CSV, or a refusal in words naming the
company and its ticker). Companies without data are a seeded random sample of the SEC ticker
file, not picked by hand."""

import csv
import json
import random
import re
from datetime import date
from pathlib import Path

import pytest

from model.scripted import ScriptedLLM
from rag.answer.assistant import assistant_over
from rag.query.analysis import analyze
from rag.query.registry import TICKER_FILE
from rag.search.index import Index

AS_OF = date(2025, 11, 7)  # the demo data's last trading day
PRICES = Path(__file__).resolve().parents[3] / "data" / "sample" / "market" / "daily_ohlcv"
DEMO = {"AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "JPM"}

# (question, tickers named in order, the day asked or None, intent or None)
CLOSES = [
    ("What was Apple's closing price on June 20, 2024?", ["AAPL"], "2024-06-20"),
    ("Where did MSFT shares close on Jun 20th, 2024?", ["MSFT"], "2024-06-20"),
    ("What was the closing price of Nvidia on 20 June 2024?", ["NVDA"], "2024-06-20"),
    ("Tesla's share price at the close on March 3rd 2025?", ["TSLA"], "2025-03-03"),
    ("What did Amazon stock close at on Sept. 15, 2023?", ["AMZN"], "2023-09-15"),
    ("JPMorgan closing price, 1 Feb 2024", ["JPM"], "2024-02-01"),
    (
        "On October 31st, 2024, what was the closing share price of Apple Inc.?",
        ["AAPL"],
        "2024-10-31",
    ),
    ("How much were Microsoft shares worth at the close on May 1, 2025?", ["MSFT"], "2025-05-01"),
    ("What was the stock price of NVIDIA Corporation on 2 January 2025?", ["NVDA"], "2025-01-02"),
    ("Using the price data, what did TSLA close at on Dec 2nd, 2024?", ["TSLA"], "2024-12-02"),
    (
        "Given the daily prices, where did Amazon.com stock close on 3 June 2024?",
        ["AMZN"],
        "2024-06-03",
    ),
]
# (question, tickers named in order): openings, abbreviations and word-tickers name no company
NAMED = [
    ("Calculate Apple's gross margin for fiscal year 2024.", ["AAPL"]),
    ("Using the cash flow statement, what was Microsoft's free cash flow in FY2024?", ["MSFT"]),
    ("Based on its 10-K, what was NVIDIA's total revenue for fiscal 2025?", ["NVDA"]),
    ("Given Tesla's FY2024 results, what was its operating income?", ["TSLA"]),
    ("Calculate the YoY change in Amazon's net sales from 2023 to 2024.", ["AMZN"]),
    ("What was Apple's EBITDA in FY2024?", ["AAPL"]),
    ("What was Apple's PPNE at the end of fiscal 2024?", ["AAPL"]),
    ("Has JPMorgan done any M&A recently?", ["JPM"]),
    ("What was Nvidia's EPS for fiscal 2025?", ["NVDA"]),
    ("Calculate Microsoft's FCF and ROE for FY2024.", ["MSFT"]),
    ("How much CAPEX did Amazon report in 2024?", ["AMZN"]),
    ("What is the YoY revenue growth for Tesla in 2024?", ["TSLA"]),
    ("What was J.P. Morgan's net income in 2024?", ["JPM"]),
    ("What were Amazon.com's net sales in FY2024?", ["AMZN"]),
    ("Is it worth looking at ALL of Apple's revenue segments?", ["AAPL"]),
    ("How much did Microsoft spend on IT infrastructure in 2024?", ["MSFT"]),
    ("What is the price of Apple stock right NOW?", ["AAPL"]),
    ("What is the KEY risk factor for Tesla?", ["TSLA"]),
    ("What was the COST of revenue for Amazon in 2024?", ["AMZN"]),
    ("Did Apple hit its TARGET margin in 2024?", ["AAPL"]),
    ("Give me A summary of JPMorgan's 2024 results.", ["JPM"]),
    ("Was Tesla ON track with deliveries in 2024?", ["TSLA"]),
    # names that are words or aliases, used as names
    ("What was Alphabet's revenue in fiscal 2024?", ["GOOGL"]),
    ("How much net income did Google make in 2023?", ["GOOGL"]),
    ("What was Facebook's revenue in 2022?", ["META"]),
    ("What was Target's revenue in fiscal 2024?", ["TGT"]),
    ("How did NOW stock perform in 2024?", ["NOW"]),
]
# Registry companies that are not in the demo store, named as people write them: refused
ABSENT_NAMED = [
    ("What was Alphabet's revenue in fiscal 2024?", "GOOGL"),
    ("How much net income did Google make in 2023?", "GOOGL"),
    ("What was Facebook's revenue in 2022?", "META"),
    ("What was Target's revenue in fiscal 2024?", "TGT"),
    ("How did NOW stock perform in 2024?", "NOW"),
]
BEFORE_DATA = "What was Apple's closing price on March 15, 2021?"  # the prices start 2022-11-08


def sampled_absent(count: int, seed: int = 12) -> list[dict]:
    """A seeded random sample of the SEC ticker file's rows, the demo companies aside."""
    rows = [r for r in json.loads(TICKER_FILE.read_bytes()).values() if r["ticker"] not in DEMO]
    return random.Random(seed).sample(rows, count)


def short_name(title: str) -> str:
    """A filed title as a person writes it: legal words dropped, capitals titled
    ("WALMART INC." -> "Walmart")."""
    words = re.sub(r"[,.]", " ", re.sub(r"/[A-Z]{2,4}/?$", "", title)).split()
    legal = {"inc", "corp", "corporation", "co", "company", "ltd", "plc", "llc", "lp", "sa", "nv"}
    while len(words) > 1 and words[-1].lower() in legal:
        words.pop()
    return " ".join(w.title() if w.isupper() and len(w) > 3 else w for w in words)


ABSENT = sampled_absent(12)


def listed_tickers(cik: int) -> set[str]:
    """Every symbol the ticker file lists for a CIK (a company named by name may be given by
    any of them, "AMH" for a row of its preferred "AMH-PH")."""
    return {
        r["ticker"] for r in json.loads(TICKER_FILE.read_bytes()).values() if r["cik_str"] == cik
    }


def close_on(ticker: str, day: str) -> float:
    with (PRICES / f"{ticker}.csv").open() as f:
        return next(float(r["Close"]) for r in csv.DictReader(f) if r["Date"].startswith(day))


@pytest.mark.parametrize(("question", "tickers", "day"), CLOSES)
def test_a_close_on_a_day_written_any_way_is_read_as_that_day(question, tickers, day):
    query = analyze(question, AS_OF)
    assert query.tickers == tickers and query.unknown_names == []
    assert (query.date_from, query.date_to) == (day, day)
    assert query.intent == "prices" and query.prices.price and not query.prices.returns


@pytest.mark.parametrize(("question", "tickers"), NAMED)
def test_only_the_companies_written_as_names_are_found(question, tickers):
    query = analyze(question, AS_OF)
    assert query.tickers == tickers
    assert query.unknown_names == []


@pytest.mark.parametrize("row", ABSENT, ids=lambda r: r["ticker"])
def test_sampled_registry_companies_are_found_by_ticker_and_by_name(row):
    cik = str(row["cik_str"]).zfill(10)
    by_ticker = analyze(f"What was {row['ticker']} stock's close on June 20, 2024?", AS_OF)
    assert [m.company.id for m in by_ticker.companies] == [cik]
    by_name = analyze(f"What was {short_name(row['title'])}'s revenue in fiscal 2024?", AS_OF)
    assert [m.company.id for m in by_name.companies] == [cik]


@pytest.fixture(scope="module")
def assistant(sample_home, embedder):
    llm = ScriptedLLM(script=lambda messages: "No answer.")
    return assistant_over(llm, Index.open(sample_home), lambda: embedder, 64)


@pytest.mark.parametrize(("question", "tickers", "day"), CLOSES)
def test_the_close_answered_is_the_days_close_in_the_raw_prices(assistant, question, tickers, day):
    answer = assistant.ask(question).run()
    assert not answer.refused
    closes = [f.value for f in answer.facts if f.period == day and f.unit.startswith("USD")]
    assert closes and abs(closes[0] - close_on(tickers[0], day)) <= 0.01


@pytest.mark.parametrize(("question", "ticker"), ABSENT_NAMED)
def test_a_named_company_without_data_is_refused_by_name_and_ticker(assistant, question, ticker):
    answer = assistant.ask(question).run()
    assert answer.refused and answer.facts == []
    assert answer.answer.startswith("I have no filings or prices for ")
    assert f"({ticker})" in answer.answer


@pytest.mark.parametrize("row", ABSENT, ids=lambda r: r["ticker"])
def test_sampled_companies_without_data_are_refused_never_answered(assistant, row):
    for question in (
        f"What was {short_name(row['title'])}'s revenue in fiscal 2024?",
        f"What was the closing price of {row['ticker']} stock on June 20, 2024?",
    ):
        answer = assistant.ask(question).run()
        assert answer.refused and answer.facts == [], question
        named = re.findall(r"\(([A-Z0-9.-]+)\); ingest", answer.answer)
        assert named and named[0] in listed_tickers(row["cik_str"]), (question, answer.answer)


def test_a_close_before_the_data_starts_is_refused_not_quoted_from_news(assistant):
    answer = assistant.ask(BEFORE_DATA).run()
    assert answer.refused and answer.facts == []


# Written after the fusion/compare paraphrases were used to fix rag/query (so those are tuned
# data) and before these were run: do the fixes generalise to phrasings nobody tuned on?
MOVES = [
    ("What pushed Tesla shares higher on October 24, 2024?", ("why", "2024-10-24", False)),
    ("Why did Nvidia's stock slide on Oct 17th, 2023?", ("why", "2023-10-17", False)),
    (
        "Tell me what happened to Microsoft stock around 11 Dec 2024.",
        ("around", "2024-12-11", False),
    ),
    ("Explain the drop in Microsoft shares on January 30, 2025.", ("why", "2025-01-30", False)),
    ("What drove the rally in Tesla stock on 24 October 2024?", ("why", "2024-10-24", False)),
    ("Did anything happen to Apple stock around June 10th, 2024?", ("around", "2024-06-10", False)),
    ("How did Apple stock react after the company's May 2024 earnings?", ("why", None, True)),
    ("What were the largest daily moves in NVDA during Q2 2024?", ("largest", None, False)),
]
COMPARISONS = [
    (
        "Sort Amazon, Apple and Microsoft by FY2024 net income.",
        ("rank", False, "highest"),
        ["AMZN", "AAPL", "MSFT"],
    ),
    (
        "Between Apple and Tesla, who had more revenue in fiscal 2024?",
        ("extreme", False, "highest"),
        ["AAPL", "TSLA"],
    ),
    (
        "Which earned less operating income in FY2023, Tesla or Amazon?",
        ("extreme", False, "lowest"),
        ["TSLA", "AMZN"],
    ),
    (
        "Put Apple, Tesla and Nvidia in order by gross margin for fiscal 2024.",
        ("rank", False, "highest"),
        ["AAPL", "TSLA", "NVDA"],
    ),
    (
        "Apple versus Amazon: net income growth in fiscal 2024",
        ("table", True, "highest"),
        ["AAPL", "AMZN"],
    ),
]


@pytest.mark.parametrize(("question", "expected"), MOVES)
def test_a_move_asked_in_untuned_words_is_read_as_a_move(question, expected):
    move = analyze(question, AS_OF).move
    assert move is not None and (move.kind, move.day, move.earnings) == expected


@pytest.mark.parametrize(("question", "expected", "tickers"), COMPARISONS)
def test_a_comparison_asked_in_untuned_words_is_read_as_one(question, expected, tickers):
    comparison = analyze(question, AS_OF).comparison
    assert comparison is not None and comparison.tickers == tickers
    assert (comparison.ask, comparison.growth, comparison.order) == expected
