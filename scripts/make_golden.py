"""Write data/eval/golden.jsonl: questions over the demo corpus with answers derived from raw data.

Every expected number is computed here from the files in data/sample (price CSVs with pandas,
XBRL company facts and inline-XBRL filing tags with json/lxml, headlines with csv/json), never
through rag/ or ingestion/, so the evaluation is not circular. Text rows are checked against the
raw document: each key term must occur in it. Unanswerable rows are checked to be absent from it.
Run `.venv/bin/python scripts/make_golden.py`; the output is deterministic.
"""

import csv
import json
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

import lxml.html
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
OUT = ROOT / "data" / "eval" / "golden.jsonl"
TOLERANCE = 0.01
AS_OF = "2025-11-07"  # the last trading day in the price data

# ---- raw data readers --------------------------------------------------------------------


@cache
def prices(ticker: str) -> pd.DataFrame:
    """Daily bars of one ticker, indexed by ISO trading day."""
    frame = pd.read_csv(SAMPLE / "market" / "daily_ohlcv" / f"{ticker}.csv")
    frame.index = frame["Date"].str[:10]
    return frame


def bar(ticker: str, day: str) -> pd.Series:
    frame = prices(ticker)
    if day not in frame.index:
        raise ValueError(f"{ticker} has no bar on {day}")
    return frame.loc[day]


def close(ticker: str, day: str) -> float:
    return float(bar(ticker, day)["Close"])


def pct_return(ticker: str, start: str, end: str) -> float:
    """Close-to-close return in percent."""
    return (close(ticker, end) / close(ticker, start) - 1) * 100


def window(ticker: str, start: str, end: str) -> pd.DataFrame:
    frame = prices(ticker)
    return frame[(frame.index >= start) & (frame.index <= end)]


def month(ticker: str, yyyy_mm: str) -> pd.DataFrame:
    frame = prices(ticker)
    return frame[frame.index.str.startswith(yyyy_mm)]


def sma(ticker: str, day: str, n: int) -> float:
    """Mean close of the `n` trading days ending on `day` (inclusive)."""
    closes = prices(ticker).loc[:day, "Close"]
    return float(closes.iloc[-n:].mean())


@cache
def companyfacts() -> dict:
    return json.loads((SAMPLE / "sec" / "companyfacts" / "CIK0000320193.json").read_text())


def apple_annual(concept: str, fiscal_year: int, unit: str = "USD") -> float:
    """Apple's 10-K value for a fiscal year (duration ~1 year ending in that year)."""
    entries = companyfacts()["facts"]["us-gaap"][concept]["units"][unit]
    values = {
        v["val"]
        for v in entries
        if v.get("form") == "10-K"
        and v["end"][:4] == str(fiscal_year)
        and "start" in v
        and 350 <= (date.fromisoformat(v["end"]) - date.fromisoformat(v["start"])).days <= 380
    }
    if len(values) != 1:
        raise ValueError(f"{concept} FY{fiscal_year}: expected one value, got {values}")
    return float(values.pop())


def apple_years(concept: str) -> set[int]:
    entries = companyfacts()["facts"]["us-gaap"][concept]["units"]["USD"]
    return {int(v["end"][:4]) for v in entries}


@cache
def ix_facts(relpath: str) -> list[tuple[str, str | None, str, tuple[str, ...], float]]:
    """Inline-XBRL numbers of a filing: (concept, start, end or instant, members, value)."""
    doc = lxml.html.fromstring((SAMPLE / "sec" / "filings" / relpath).read_bytes())
    contexts = {}
    for ctx in doc.iter("xbrli:context"):
        start = [e.text for e in ctx.iter("xbrli:startdate")]
        end = [e.text for e in ctx.iter("xbrli:enddate", "xbrli:instant")]
        members = tuple(sorted(m.text.strip() for m in ctx.iter("xbrldi:explicitmember")))
        contexts[ctx.get("id")] = (start[0] if start else None, end[0], members)
    out = []
    for tag in doc.iter("ix:nonfraction"):
        start, end, members = contexts[tag.get("contextref")]
        out.append((tag.get("name"), start, end, members, _ix_number(tag)))
    return out


def _ix_number(tag) -> float:
    text = tag.text_content().strip().replace(",", "")
    value = float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else 0.0  # "—" is a zero
    value *= 10 ** int(tag.get("scale", "0"))
    return -value if tag.get("sign") == "-" else value


def ix_value(relpath: str, concept: str, start: str | None, end: str, members=()) -> float:
    """The one value a filing tags for a concept and period (no dimensions unless given)."""
    values = {
        value
        for name, s, e, m, value in ix_facts(relpath)
        if name == concept and s == start and e == end and m == tuple(sorted(members))
    }
    if len(values) != 1:
        raise ValueError(f"{relpath} {concept} {start}..{end}: expected one value, got {values}")
    return values.pop()


@cache
def filing_text(relpath: str) -> str:
    """Visible text of a filing document (every document of an SGML submission)."""
    raw = (SAMPLE / "sec" / "filings" / relpath).read_bytes()
    if relpath.endswith(".txt"):
        parts = re.findall(rb"<TEXT>(.*?)</TEXT>", raw, re.S)
        return " ".join(_html_text(p) for p in parts if b"<html" in p[:2000].lower())
    return _html_text(raw)


def _html_text(raw: bytes) -> str:
    doc = lxml.html.fromstring(raw)
    for hidden in doc.iter("ix:header"):
        hidden.drop_tree()
    return re.sub(r"\s+", " ", doc.text_content())


@cache
def manifest() -> dict[str, dict]:
    """The sample filings by accession (filing dates, forms, files)."""
    entries = json.loads((SAMPLE / "sec" / "filings.json").read_text())
    return {entry["accession"]: entry for entry in entries}


@cache
def headlines() -> dict[str, str]:
    """Every news headline in the sample -> its text with preview (CNBC, Guardian, Yahoo)."""
    folder = SAMPLE / "news"
    out = {}
    with open(folder / "cnbc_headlines.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["Headlines"]] = f"{row['Headlines']} {row['Description']}"
    with open(folder / "guardian_headlines_company_subset.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["Headlines"]] = row["Headlines"]
    for path in sorted((folder / "yahoo_search").glob("*.json")):
        for story in json.loads(path.read_text())["response"]["bodyJson"]["news"]:
            out[story["title"]] = story["title"]
    return out


def headline(part: str) -> str:
    """The one headline containing `part`."""
    found = [title for title in headlines() if part in title]
    if len(found) != 1:
        raise ValueError(f"headline {part!r}: {len(found)} matches")
    return found[0]


# ---- row builders --------------------------------------------------------------------------

AAPL_10K, AAPL_10Q, AAPL_8K = "0000320193-24-000123", "0000320193-25-000073", "0001193125-19-292676"
NVDA_10K, NVDA_10Q, NVDA_8K = "0001045810-25-000023", "0001045810-25-000209", "0001045810-26-000024"
TSLA_10K, AMZN_10K, JPM_8K = "0001628280-25-003063", "0001018724-25-000004", "0000019617-26-000241"


def sec_file(accession: str) -> str:
    """The sample file of a filing, under data/sample/sec/filings."""
    return manifest()[accession]["file"].removeprefix("filings/")


def market(ticker: str) -> dict:
    return {"source": "market", "ticker": ticker}


def xbrl(ticker: str) -> dict:
    return {"source": "sec", "ticker": ticker}


def filing(accession: str) -> dict:
    entry = manifest()[accession]
    return {
        "document_id": f"sec:{accession}",
        "source": "sec",
        "ticker": entry["ticker"],
        "form": entry["form"],
    }


def news(part: str) -> dict:
    return {"source": "news", "title": headline(part)}


def number(value: float, unit: str, *evidence: dict) -> dict:
    return {
        "kind": "number",
        "value": round(float(value), 4),
        "unit": unit,
        "tolerance": TOLERANCE,
        "evidence": list(evidence),
    }


def text(key_terms: list, *evidence: dict) -> dict:
    """Key terms (a string, or a list of accepted alternatives) that the evidence must contain."""
    source = " ".join(_evidence_text(e) for e in evidence).lower()
    for term in key_terms:
        options = term if isinstance(term, list) else [term]
        if not any(option.lower() in source for option in options):
            raise ValueError(f"key term {term!r} is not in the evidence {evidence}")
    return {"kind": "text", "key_terms": key_terms, "evidence": list(evidence)}


def _evidence_text(evidence: dict) -> str:
    if evidence["source"] == "news":
        return headlines()[evidence["title"]]
    return filing_text(sec_file(evidence["document_id"].removeprefix("sec:")))


def refuse() -> dict:
    return {"kind": "refuse"}


class Spec(NamedTuple):
    """One question; `expected` computes its expected result from the raw data."""

    id: str
    question: str
    expected: Callable[[], dict]
    history: tuple[str, ...] = ()


def row(spec: Spec, type_: str) -> dict:
    return {
        "id": spec.id,
        "type": type_,
        "question": spec.question,
        "history": list(spec.history),
        "expected": spec.expected(),
    }


# ---- derived values ------------------------------------------------------------------------

REV = "RevenueFromContractWithCustomerExcludingAssessedTax"
EPS = "EarningsPerShareDiluted"


def on_market(ticker: str, value: float, unit: str = "USD") -> dict:
    return number(value, unit, market(ticker))


def apple(concept: str, fiscal_year: int, unit: str = "USD") -> dict:
    return number(apple_annual(concept, fiscal_year, unit), unit, xbrl("AAPL"))


def apple_share(part: str, whole: str, fiscal_year: int) -> dict:
    """A margin in percent: `part` over `whole` for the fiscal year."""
    value = apple_annual(part, fiscal_year) / apple_annual(whole, fiscal_year) * 100
    return number(value, "%", xbrl("AAPL"))


def tagged(accession: str, concept: str, start: str | None, end: str, members=()) -> float:
    """A number the filing's inline XBRL tags for the period."""
    return ix_value(sec_file(accession), concept, start, end, members)


def reported(accession: str, concept: str, start: str, end: str, unit: str = "USD") -> dict:
    return number(tagged(accession, concept, start, end), unit, filing(accession))


def in_text(accession: str, pattern: str, scale: float) -> dict:
    """A figure printed in a filing's prose, found by `pattern`'s first group."""
    found = re.search(pattern, filing_text(sec_file(accession)))
    return number(float(found.group(1)) * scale, "USD", filing(accession))


def in_headline(part: str, pattern: str, scale: float) -> dict:
    found = re.search(pattern, headline(part))
    return number(float(found.group(1)) * scale, "USD", news(part))


def huang_target() -> dict:
    """The dollar cell of the Huang row in the NVIDIA 8-K's award table."""
    for table in pd.read_html(SAMPLE / "sec" / "filings" / sec_file(NVDA_8K)):
        for record in table.itertuples(index=False):
            cells = [str(cell).strip() for cell in record]
            amounts = [c for c in cells if re.fullmatch(r"\$?[\d,]{7,}", c)]
            if amounts and any("Huang" in c for c in cells):
                return number(float(amounts[0].strip("$").replace(",", "")), "USD", filing(NVDA_8K))
    raise ValueError("no Huang row in the NVIDIA 8-K tables")


def low_day() -> dict:
    """The day of AMZN's lowest low in April 2025, as an ISO date or spelled out."""
    day = date.fromisoformat(month("AMZN", "2025-04")["Low"].idxmin())
    spoken = [f"{day:%B} {day.day}", f"{day:%b} {day.day}", f"{day.day} {day:%B}"]
    return {"kind": "text", "key_terms": [[day.isoformat(), *spoken]], "evidence": [market("AMZN")]}


def dividend_yield(ticker: str, start: str, end: str) -> dict:
    paid = window(ticker, start, end)["Dividends"].sum()
    return on_market(ticker, paid / close(ticker, end) * 100, "%")


def pe(ticker: str, eps: float, *evidence: dict) -> dict:
    return number(close(ticker, AS_OF) / eps, "x", market(ticker), *evidence)


def filed(accession: str) -> str:
    return manifest()[accession]["filed"]


# ---- the questions -------------------------------------------------------------------------

PRICE = [
    Spec(
        "price-01",
        "What was AAPL's closing price on 2025-11-07?",
        lambda: on_market("AAPL", close("AAPL", AS_OF)),
    ),
    Spec(
        "price-02",
        "What was NVIDIA's (NVDA) closing price on 2025-06-30?",
        lambda: on_market("NVDA", close("NVDA", "2025-06-30")),
    ),
    Spec(
        "price-03",
        "What did TSLA close at on 2024-12-31?",
        lambda: on_market("TSLA", close("TSLA", "2024-12-31")),
    ),
    Spec(
        "price-04",
        "What was JPM's closing price on 2024-03-28?",
        lambda: on_market("JPM", close("JPM", "2024-03-28")),
    ),
    Spec(
        "price-05",
        "What was AAPL's percentage return from its close on 2025-01-02 to its close on "
        "2025-06-30?",
        lambda: on_market("AAPL", pct_return("AAPL", "2025-01-02", "2025-06-30"), "%"),
    ),
    Spec(
        "price-06",
        "What was NVDA's price return in calendar 2024, from the 2023-12-29 close to the "
        "2024-12-31 close, in percent?",
        lambda: on_market("NVDA", pct_return("NVDA", "2023-12-29", "2024-12-31"), "%"),
    ),
    Spec(
        "price-07",
        "By how much did AMZN's share price change in October 2025, in percent, from the "
        "2025-09-30 close to the 2025-10-31 close?",
        lambda: on_market("AMZN", pct_return("AMZN", "2025-09-30", "2025-10-31"), "%"),
    ),
    Spec(
        "price-08",
        "What was TSLA's highest intraday high in October 2025?",
        lambda: on_market("TSLA", month("TSLA", "2025-10")["High"].max()),
    ),
    Spec(
        "price-09",
        "What was AMZN's lowest intraday low in April 2025?",
        lambda: on_market("AMZN", month("AMZN", "2025-04")["Low"].min()),
    ),
    Spec(
        "price-10",
        "What was MSFT's average daily trading volume in September 2025?",
        lambda: on_market("MSFT", month("MSFT", "2025-09")["Volume"].mean(), "shares"),
    ),
    Spec(
        "price-11",
        "What was AAPL's 20-day simple moving average of closing prices as of 2025-11-07?",
        lambda: on_market("AAPL", sma("AAPL", AS_OF, 20)),
    ),
    Spec(
        "price-12",
        "What was JPM's 50-day simple moving average closing price as of 2025-10-31?",
        lambda: on_market("JPM", sma("JPM", "2025-10-31", 50)),
    ),
    Spec(
        "price-13",
        "How many dollars higher was MSFT's closing price than AAPL's on 2025-11-07?",
        lambda: on_market("MSFT", close("MSFT", AS_OF) - close("AAPL", AS_OF)),
    ),
    Spec(
        "price-14",
        "What was AAPL's trailing dividend yield on 2025-11-07, in percent, counting the "
        "dividends paid from 2024-11-08 to 2025-11-07 against the 2025-11-07 close?",
        lambda: dividend_yield("AAPL", "2024-11-08", AS_OF),
    ),
]

FUNDAMENTALS = [
    Spec("fund-01", "What was Apple's revenue in FY2024?", lambda: apple(REV, 2024)),
    Spec(
        "fund-02",
        "What was Apple's net income in fiscal year 2023?",
        lambda: apple("NetIncomeLoss", 2023),
    ),
    Spec(
        "fund-03",
        "What was Apple's diluted EPS in fiscal 2024?",
        lambda: apple(EPS, 2024, "USD/shares"),
    ),
    Spec(
        "fund-04",
        "What was Apple's gross margin in fiscal year 2024, in percent?",
        lambda: apple_share("GrossProfit", REV, 2024),
    ),
    Spec(
        "fund-05",
        "By what percentage did Apple's revenue grow from fiscal 2023 to fiscal 2024?",
        lambda: number(
            (apple_annual(REV, 2024) / apple_annual(REV, 2023) - 1) * 100, "%", xbrl("AAPL")
        ),
    ),
    Spec(
        "fund-06",
        "What was Apple's operating margin in fiscal 2025?",
        lambda: apple_share("OperatingIncomeLoss", REV, 2025),
    ),
    Spec(
        "fund-07",
        "How much did Apple spend on research and development in fiscal 2025?",
        lambda: apple("ResearchAndDevelopmentExpense", 2025),
    ),
    Spec(
        "fund-08",
        "What was Apple's cash generated by operating activities in fiscal 2024?",
        lambda: apple("NetCashProvidedByUsedInOperatingActivities", 2024),
    ),
    Spec(
        "fund-09",
        "What was NVIDIA's revenue in fiscal year 2025?",
        lambda: reported(NVDA_10K, "us-gaap:Revenues", "2024-01-29", "2025-01-26"),
    ),
    Spec(
        "fund-10",
        "What was Tesla's total revenue in 2024?",
        lambda: reported(TSLA_10K, "us-gaap:Revenues", "2024-01-01", "2024-12-31"),
    ),
    Spec(
        "fund-11",
        "What were Tesla's diluted earnings per share for 2024?",
        lambda: reported(TSLA_10K, f"us-gaap:{EPS}", "2024-01-01", "2024-12-31", "USD/shares"),
    ),
    Spec(
        "fund-12",
        "What were Amazon's total net sales in 2024?",
        lambda: reported(AMZN_10K, f"us-gaap:{REV}", "2024-01-01", "2024-12-31"),
    ),
    Spec(
        "fund-13",
        "What were the net sales of Amazon's AWS segment in 2024?",
        lambda: number(
            tagged(
                AMZN_10K,
                f"us-gaap:{REV}",
                "2024-01-01",
                "2024-12-31",
                ("amzn:AmazonWebServicesSegmentMember",),
            ),
            "USD",
            filing(AMZN_10K),
        ),
    ),
    Spec(
        "fund-14",
        "What was NVIDIA's revenue for the second quarter of fiscal 2026 (the quarter ended "
        "July 27, 2025)?",
        lambda: reported(NVDA_10Q, "us-gaap:Revenues", "2025-04-28", "2025-07-27"),
    ),
    Spec(
        "fund-15",
        "What were Apple's net sales in the quarter ended June 28, 2025?",
        lambda: reported(AAPL_10Q, f"us-gaap:{REV}", "2025-03-30", "2025-06-28"),
    ),
]

FILING_TEXT = [
    Spec(
        "text-01",
        "What did Apple's 8-K filed on 2019-11-15 report?",
        lambda: text(["notes", ["€", "euro"], ["2025", "2031"]], filing(AAPL_8K)),
    ),
    Spec(
        "text-02",
        "What did NVIDIA's Form 8-K filed on 2026-03-06 announce?",
        lambda: text(
            ["Variable Compensation Plan", ["Fiscal Year 2027", "fiscal 2027"]], filing(NVDA_8K)
        ),
    ),
    Spec(
        "text-03",
        "Who were elected Co-Presidents of JPMorgan Chase according to its June 2026 8-K?",
        lambda: text(["Petno", "Rohrbaugh"], filing(JPM_8K)),
    ),
    Spec(
        "text-04",
        "What are Apple's reportable segments according to its fiscal 2024 10-K?",
        lambda: text(
            ["Americas", "Europe", "Greater China", "Japan", "Rest of Asia Pacific"],
            filing(AAPL_10K),
        ),
    ),
    Spec(
        "text-05",
        "What are NVIDIA's two operating segments?",
        lambda: text(
            [["Compute & Networking", "Compute and Networking"], "Graphics"], filing(NVDA_10K)
        ),
    ),
    Spec(
        "text-06",
        "Which reportable segments does Tesla have according to its 2024 10-K?",
        lambda: text(["automotive", "energy generation and storage"], filing(TSLA_10K)),
    ),
    Spec(
        "text-07",
        "What does Tesla's 2024 10-K say about the company's dependence on Elon Musk?",
        lambda: text(
            ["Musk", ["highly dependent", "depend"], ["Chief Executive Officer", "Technoking"]],
            filing(TSLA_10K),
        ),
    ),
    Spec(
        "text-08",
        "How large a charge did NVIDIA record in the first quarter of fiscal 2026 because of "
        "the new license requirement for H20 exports to China?",
        lambda: in_text(
            NVDA_10Q,
            r"we incurred a \$([\d.]+) billion charge in the first quarter of fiscal year 2026 "
            r"associated with H20",
            1e9,
        ),
    ),
    Spec(
        "text-09",
        "Under NVIDIA's Fiscal Year 2027 Variable Compensation Plan, what is Jen-Hsun Huang's "
        "target award opportunity for base compensation plan achievement?",
        huang_target,
    ),
    Spec(
        "text-10",
        "How large were the retention awards JPMorgan granted in June 2026 to each of its two "
        "new Co-Presidents?",
        lambda: in_text(
            JPM_8K, r"Troy Rohrbaugh, Co-President .*? in the amount of \$(\d+) million each", 1e6
        ),
    ),
    Spec(
        "text-11",
        "Which areas does Apple's Greater China segment include?",
        lambda: text(["China mainland", "Hong Kong", "Taiwan"], filing(AAPL_10K)),
    ),
]

NEWS = [
    Spec(
        "news-01",
        "What acquisition did Nvidia close in April 2020, according to CNBC, and for how much?",
        lambda: text(
            ["Mellanox", ["$7 billion", "7 billion"]], news("closing $7 billion acquisition")
        ),
    ),
    Spec(
        "news-02",
        "To what level did Wells Fargo adjust its price target on Amazon.com in February 2025?",
        lambda: in_headline("Wells Fargo Adjusts Price Target", r"to \$(\d+) From", 1),
    ),
    Spec(
        "news-03",
        "How large is the US investment plan Apple announced, according to a February 2025 "
        "Yahoo Finance story?",
        lambda: in_headline("US investment plan", r"\$(\d+)B US investment plan", 1e9),
    ),
    Spec(
        "news-04",
        "Which country reportedly agreed on terms with Apple in February 2025 to lift a ban on "
        "the iPhone 16?",
        lambda: text(["Indonesia"], news("lift iPhone 16 ban")),
    ),
    Spec(
        "news-05",
        "What did the EU court rule in July 2020 about Apple's Irish tax bill?",
        lambda: text(
            [["€13bn", "13bn", "13 billion"], ["not need to pay", "does not need"]],
            news("Irish tax bill"),
        ),
    ),
    Spec(
        "news-06",
        "How much Amazon stock did Jeff Bezos sell just before the Covid-19 market collapse, "
        "according to the Guardian?",
        lambda: in_headline("Jeff Bezos sold", r"sold \$([\d.]+)bn of Amazon stock", 1e9),
    ),
    Spec(
        "news-07",
        "How much first-quarter revenue did Amazon post in 2020, according to the Guardian?",
        lambda: in_headline("Amazon posts $75bn", r"posts \$(\d+)bn first-quarter", 1e9),
    ),
    Spec(
        "news-08",
        "How many cars did Tesla say in January 2020 that it expected to sell that year?",
        lambda: text(
            [["500,000", "500000", "half a million"]], news("expects to sell 500,000 cars")
        ),
    ),
]

MULTI_SOURCE = [
    Spec(
        "multi-01",
        "What was Apple's price-to-earnings ratio at the 2025-11-07 close, using its fiscal "
        "2025 diluted EPS?",
        lambda: pe("AAPL", apple_annual(EPS, 2025, "USD/shares"), xbrl("AAPL")),
    ),
    Spec(
        "multi-02",
        "What was NVDA's closing price on the day NVIDIA filed its fiscal 2025 annual report "
        "on Form 10-K?",
        lambda: number(close("NVDA", filed(NVDA_10K)), "USD", market("NVDA"), filing(NVDA_10K)),
    ),
    Spec(
        "multi-03",
        "By how much did AAPL's share price change, in percent, from its close on the day "
        "Apple filed its fiscal 2024 10-K to its close on 2025-11-07?",
        lambda: number(
            pct_return("AAPL", filed(AAPL_10K), AS_OF), "%", market("AAPL"), filing(AAPL_10K)
        ),
    ),
    Spec(
        "multi-04",
        "What was Amazon's P/E ratio at the 2025-11-07 close, based on its 2024 diluted EPS?",
        lambda: pe(
            "AMZN",
            tagged(AMZN_10K, f"us-gaap:{EPS}", "2024-01-01", "2024-12-31"),
            filing(AMZN_10K),
        ),
    ),
    Spec(
        "multi-05",
        "Using the shares outstanding on the cover of Tesla's 2024 10-K and TSLA's close on "
        "the day that 10-K was filed, what was Tesla's market capitalization?",
        lambda: number(
            tagged(TSLA_10K, "dei:EntityCommonStockSharesOutstanding", None, "2025-01-22")
            * close("TSLA", filed(TSLA_10K)),
            "USD",
            market("TSLA"),
            filing(TSLA_10K),
        ),
    ),
]

FOLLOW_UP = [
    Spec(
        "follow-01",
        "And net income?",
        lambda: apple("NetIncomeLoss", 2024),
        ("What was Apple's revenue in FY2024?",),
    ),
    Spec(
        "follow-02",
        "By what percentage did it grow from the prior fiscal year?",
        lambda: number(
            (
                tagged(NVDA_10K, "us-gaap:Revenues", "2024-01-29", "2025-01-26")
                / tagged(NVDA_10K, "us-gaap:Revenues", "2023-01-30", "2024-01-28")
                - 1
            )
            * 100,
            "%",
            filing(NVDA_10K),
        ),
        ("What was NVIDIA's revenue in fiscal year 2025?",),
    ),
    Spec(
        "follow-03",
        "And MSFT's on the same day?",
        lambda: on_market("MSFT", close("MSFT", AS_OF)),
        ("What was AAPL's closing price on 2025-11-07?",),
    ),
    Spec(
        "follow-04",
        "What was its net income that year?",
        lambda: reported(TSLA_10K, "us-gaap:NetIncomeLoss", "2024-01-01", "2024-12-31"),
        ("What was Tesla's total revenue in 2024?",),
    ),
    Spec(
        "follow-05",
        "And in fiscal 2025?",
        lambda: apple(EPS, 2025, "USD/shares"),
        ("What was Apple's diluted EPS in fiscal 2024?",),
    ),
    Spec(
        "follow-06",
        "On which date was that low reached?",
        low_day,
        ("What was AMZN's lowest intraday low in April 2025?",),
    ),
]

UNANSWERABLE = [
    Spec(f"unans-{n:02d}", question, refuse)
    for n, question in enumerate(
        [
            "What was Coca-Cola's revenue in FY2023?",
            "What will AAPL close at next Friday?",
            "What was AAPL's closing price on 2019-05-15?",
            "What was Apple's revenue in fiscal year 1995?",
            "What was Microsoft's net income in fiscal year 2024?",
            "What was JPMorgan's net interest income in 2024?",
            "What revenue does NVIDIA expect for fiscal year 2030?",
            "What was TSLA's closing price on 2026-01-15?",
            "What was Amazon's net income in the third quarter of 2025?",
            "What was Alphabet's (GOOGL) closing price on 2025-11-07?",
        ],
        1,
    )
]

SUITE = [
    ("price", PRICE),
    ("fundamentals", FUNDAMENTALS),
    ("filing_text", FILING_TEXT),
    ("news", NEWS),
    ("multi_source", MULTI_SOURCE),
    ("follow_up", FOLLOW_UP),
    ("unanswerable", UNANSWERABLE),
]


def check_unanswerable() -> None:
    """The data really lacks what the unanswerable questions ask for."""
    for ticker in ("KO", "GOOGL"):
        assert not (SAMPLE / "market" / "daily_ohlcv" / f"{ticker}.csv").exists()
        assert not any(entry["ticker"] == ticker for entry in manifest().values())
    assert "2019-05-15" < prices("AAPL").index.min()
    assert "2026-01-15" > prices("TSLA").index.max()
    assert 1995 not in apple_years(REV)
    assert not any(e["ticker"] == "MSFT" and e["form"] == "10-K" for e in manifest().values())


def build_rows() -> list[dict]:
    """Every golden row, in file order."""
    check_unanswerable()
    return [row(spec, type_) for type_, specs in SUITE for spec in specs] + _prose_rows()


def _prose_rows() -> list[dict]:
    """The `prose` rows (list questions), derived by scripts/make_prose_golden.py."""
    import importlib.util

    path = Path(__file__).with_name("make_prose_golden.py")
    spec = importlib.util.spec_from_file_location("make_prose_golden", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.rows()


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main() -> None:
    rows = build_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(rows)} questions to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
