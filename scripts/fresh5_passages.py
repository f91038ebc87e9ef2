"""The passages of the "fresh5" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_fresh5.py checks that no run of words is shared):

- pages of FinanceBench PDFs (data/eval/financebench/pdfs) of filings no earlier split reads, cut
  between two anchors with pypdf as an upload would read them (scripts/add_fresh_support_rows.py
  `cut_passage`): gross margin, cash flows, capital spending and buybacks, selected financial
  data, a quarterly table, consolidated results and outlooks of Costco, Kraft Heinz, Lockheed
  Martin, Boeing, Corning, Verizon, CVS Health, Nike and American Water Works;
- sections of the demo's SEC filings (data/sample/sec, parsed by the app's own filing reader):
  Amazon's first-quarter 2025 guidance and Tesla's summary of cash flows;
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader)
  about Microsoft.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh5); some have several passages, so a sentence can cite the wrong one.
"""

from scripts.fresh4_passages import passage_in

NB = "\xa0"  # the Corning and CVS Health PDFs space their words with no-break spaces

# key: (pdf, page, ticker, first words, last words)
PASSAGES = {
    "cost_margin": (
        "COSTCO_2021_10K",
        26,
        "COST",
        "Gross Margin",
        "with no such reserve this year.",
    ),
    "cost_cash": (
        "COSTCO_2021_10K",
        29,
        "COST",
        "Cash Flows from Investing Activities",
        "was $3,250 at the end of 2021.",
    ),
    "khc_selected": (
        "KRAFTHEINZ_2019_10K",
        26,
        "KHC",
        "Item 6. Selected Financial Data.",
        "Cash dividends per common share 1.60  2.50  2.45  2.35  1.70",
    ),
    "lmt_selected": (
        "LOCKHEEDMARTIN_2020_10K",
        30,
        "LMT",
        "(In millions, except per share data) 2020 2019 2018 2017 2016",
        "Backlog $ 147,131 $ 143,981 $ 130,468 $ 105,493 $ 103,458",
    ),
    "lmt_cash": (
        "LOCKHEEDMARTIN_2020_10K",
        30,
        "LMT",
        "Cash generated from operations for the year ended December 31, 2020",
        "that are due by their terms in future periods.",
    ),
    "ba_cash": (
        "BOEING_2022_10K",
        42,
        "BA",
        "Cash Flow Summary",
        "Inventories ($1.5 billion)",
    ),
    "glw_results": (
        "CORNING_2021_10K",
        25,
        "GLW",
        "2021 Results",
        f"approximately{NB}$15{NB}billion{NB}in{NB}2022.",
    ),
    "vz_capex": (
        "VERIZON_2021_10K",
        36,
        "VZ",
        "Our 2022 capital program includes",
        "deploying phase two spectrum.",
    ),
    "vz_cash": (
        "VERIZON_2021_10K",
        36,
        "VZ",
        "Consolidated Financial Condition",
        "higher cash taxes in 2021.",
    ),
    "cvs_outlook": (
        "CVSHEALTH_2018_10K",
        270,
        "CVS",
        f"Outlook{NB}for{NB}2019",
        f"initiating{NB}a{NB}new{NB}enterprise{NB}cost{NB}reduction{NB}effort.",
    ),
    "nke_quarters": (
        "NIKE_2018_10K",
        21,
        "NKE",
        "Selected Quarterly Financial Data",
        "63.21  50.81",
    ),
    "awk_results": (
        "AMERICANWATERWORKS_2021_10K",
        63,
        "AWK",
        "Consolidated Results of Operations",
        "$ 1,263 $ 709 $ 621",
    ),
}

# key: (ticker, form, filed, section title start, first words, last words) of a demo filing
DEMO = {
    "amzn_guide": (
        "AMZN",
        "10-K",
        "2025-02-07",
        "Item 7.",
        "We provided guidance on February 6, 2025",
        "or legal settlements are concluded.",
    ),
    "tsla_cash": (
        "TSLA",
        "10-K",
        "2025-01-30",
        "Item 7.",
        "Summary of Cash Flows",
        "increase in repayments of debt.",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "msft_jedi": ("MSFT", "JEDI contract means a lot more for Microsoft"),
    "msft_cloud": ("MSFT", "Microsoft 'might be the best tech stock in this market,'"),
    "msft_growth": ("MSFT", "Microsoft's 17 percent revenue growth is not sustainable"),
}

QUESTIONS = [
    ("How did Costco's gross margin change in 2021?", ["cost_margin"]),
    (
        "How much did Costco spend on capital expenditures and buybacks in 2021?",
        ["cost_cash", "cost_margin"],
    ),
    ("How did Kraft Heinz's net sales and earnings change in 2019?", ["khc_selected"]),
    ("What were Lockheed Martin's net sales and earnings in 2020?", ["lmt_selected"]),
    ("Why was Lockheed Martin's operating cash flow high in 2020?", ["lmt_cash", "lmt_selected"]),
    ("How did Boeing's operating cash flow change in 2022?", ["ba_cash"]),
    ("What were Corning's 2021 results and 2022 outlook?", ["glw_results"]),
    ("How much does Verizon plan to spend on capital in 2022?", ["vz_capex", "vz_cash"]),
    ("Why did Verizon's operating cash flow fall in 2021?", ["vz_cash"]),
    ("What does CVS Health expect for 2019?", ["cvs_outlook"]),
    ("What were Nike's quarterly revenues in fiscal 2018?", ["nke_quarters"]),
    ("How did American Water Works' net income change in 2021?", ["awk_results"]),
    ("What is Amazon's guidance for the first quarter of 2025?", ["amzn_guide"]),
    ("How did Tesla's cash flows change in 2024?", ["tsla_cash"]),
    ("What did Jim Cramer say about Microsoft's JEDI contract?", ["msft_jedi", "msft_cloud"]),
    ("Is Microsoft's revenue growth sustainable?", ["msft_growth"]),
    ("What was Nike's net income in the third quarter of fiscal 2018?", ["nke_quarters"]),
    ("What was Costco's gross margin percentage in 2021?", ["cost_margin"]),
    ("How much did Costco spend on stock repurchases in 2021?", ["cost_cash"]),
    ("What was Kraft Heinz's long-term debt at the end of 2019?", ["khc_selected"]),
    ("What was Lockheed Martin's backlog at the end of 2020?", ["lmt_selected"]),
    ("What was Boeing's net loss in 2022?", ["ba_cash"]),
    ("What was Corning's diluted EPS in 2021?", ["glw_results"]),
    ("What was American Water Works' operating income in 2021?", ["awk_results"]),
    ("How much did Tesla spend on capital expenditures in 2024?", ["tsla_cash"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    return passage_in(key, n, PASSAGES, DEMO, STORIES)
