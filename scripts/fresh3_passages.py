"""The passages of the "fresh3" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_fresh3.py checks that no run of words is shared):

- pages of FinanceBench PDFs (data/eval/financebench/pdfs) of filings no earlier split reads, cut
  between two anchors with pypdf as an upload would read them (scripts/add_fresh_support_rows.py
  `cut_passage`): human capital, competition, segment descriptions, backlog and results tables;
- sections of the demo's SEC filings (data/sample/sec, parsed by the app's own filing reader),
  cut the same way: property and share-repurchase tables.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh3); some have several passages, so a sentence can cite the wrong one.
"""

from ingestion.sample import sample_filings
from ingestion.sources.sec.filings import parse_filing
from scripts.add_fresh_support_rows import cut_passage

NB = "\xa0"  # the Corning PDF spaces its words with no-break spaces

# key: (pdf, page, ticker, first words, last words)
PASSAGES = {
    "ba_seg": (
        "BOEING_2018_10K",
        3,
        "BA",
        "Defense, Space & Security Segment",
        "as well as the United Launch Alliance jointventure.",
    ),
    "ba_work": (
        "BOEING_2018_10K",
        4,
        "BA",
        "Total workforce",
        "continue to build a strategicpresence in the U.S.",
    ),
    "ba_backlog": (
        "BOEING_2018_10K",
        25,
        "BA",
        "Our backlog at December 31",
        "funding for contract awards in excess of revenue recognized.",
    ),
    "glw_comp": (
        "CORNING_2020_10K",
        7,
        "GLW",
        f"Corning{NB}competes",
        f"private{NB}label{NB}products.",
    ),
    "glw_people": (
        "CORNING_2020_10K",
        10,
        "GLW",
        f"Our{NB}workforce",
        f"where{NB}we{NB}operate.",
    ),
    "vz_people": (
        "VERIZON_2022_10K",
        12,
        "VZ",
        "Verizon is committed to being",
        "through August 1, 2026.",
    ),
    "nke_people": (
        "NIKE_2021_10K",
        8,
        "NKE",
        "As part of our commitment to make a positive",
        "due to labor disagreements.",
    ),
    "jpm_high": (
        "JPMORGAN_2023Q2_10Q",
        3,
        "JPM",
        "Consolidated financial highlights",
        "0.47 %  0.43 %  0.33 %  0.27 %  0.25 %  0.45 %  0.24 %",
    ),
    "nflx_dom": (
        "NETFLIX_2015_10K",
        21,
        "NFLX",
        "Domestic Streaming Segment",
        "33 %  27 %  23 %",
    ),
    "nflx_dom_why": (
        "NETFLIX_2015_10K",
        21,
        "NFLX",
        "Our two screen high d",
        "contribution margin target remains at 40%.",
    ),
    "nflx_int": (
        "NETFLIX_2015_10K",
        22,
        "NFLX",
        "International Streaming Segment",
        "(17 )%  (12 )%  (39 )%",
    ),
}

# key: (ticker, form, filed, section title start, first words, last words) of a demo filing
DEMO = {
    "tsla_prop": (
        "TSLA",
        "10-K",
        "2025-01-30",
        "Item 2.",
        "We are headquartered in Austin",
        "operating lease right-of-use assets.",
    ),
    "amzn_prop": (
        "AMZN",
        "10-K",
        "2025-02-07",
        "Item 2.",
        "As of December 31, 2024, we operated",
        "| Total | 648,652 | 56,534 |",
    ),
    "aapl_legal": (
        "AAPL",
        "10-K",
        "2024-11-01",
        "Item 3.",
        "Digital Markets Act Investigations",
        "intends to vigorously defend itself.",
    ),
}

QUESTIONS = [
    ("What does Boeing's Defense, Space & Security segment do?", ["ba_seg"]),
    ("How many people work at Boeing and who are its competitors?", ["ba_work"]),
    ("What was Boeing's backlog at the end of 2018?", ["ba_backlog", "ba_work"]),
    ("Who are Corning's competitors in each segment?", ["glw_comp"]),
    ("What does Corning say about its workforce and diversity?", ["glw_people", "glw_comp"]),
    ("How many employees do Verizon and Nike have?", ["vz_people", "nke_people"]),
    ("What does Nike say about its employees and community investment?", ["nke_people"]),
    ("What were JPMorgan's results in the second quarter of 2023?", ["jpm_high"]),
    ("How did Netflix's domestic streaming segment do in 2015?", ["nflx_dom", "nflx_dom_why"]),
    ("How did Netflix's streaming segments compare in 2015?", ["nflx_dom", "nflx_int"]),
    ("Where are Tesla's factories?", ["tsla_prop"]),
    ("What facilities does Amazon operate?", ["amzn_prop", "tsla_prop"]),
    ("What legal proceedings does Apple face?", ["aapl_legal"]),
    ("How many employees did Nike have as of May 31, 2021?", ["nke_people"]),
    ("What was JPMorgan's net income in the second quarter of 2023?", ["jpm_high"]),
    ("Where is Tesla headquartered?", ["tsla_prop"]),
    ("What was Boeing's total workforce at the end of 2018?", ["ba_work"]),
    ("Who are the primary competitors of Corning's Optical Communications segment?", ["glw_comp"]),
    ("When did the DOJ sue Apple, and in which court?", ["aapl_legal"]),
    ("What share of Verizon's employees do unions represent?", ["vz_people"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    return cut_passage(PASSAGES[key], n) if key in PASSAGES else demo_passage(DEMO[key], n)


def demo_passage(spec: tuple, n: int) -> dict:
    """A section of a demo filing (read by ingestion's filing parser) from `first` to `last`."""
    ticker, form, filed, section, first, last = spec
    ref, path = next(
        (ref, path)
        for ref, path in sample_filings()
        if (ref.ticker, ref.form, ref.filed) == (ticker, form, filed)
    )
    document = parse_filing(path.read_bytes(), ref)
    text = next(s.text for s in document.sections if s.title.startswith(section))
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return {
        "n": n,
        "title": document.title,
        "ticker": ticker,
        "source": "sec",
        "text": text[start:end],
    }
