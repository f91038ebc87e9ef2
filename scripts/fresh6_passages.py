"""The passages of the "fresh6" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_held_splits.py checks that no run of words is
shared):

- single pages of FinanceBench PDFs of companies no earlier split reads (Activision Blizzard,
  Adobe, Pfizer, FedEx, Oracle, Block, PepsiCo, Johnson & Johnson, McDonald's, eBay), copied
  into data/eval/financebench/pages (provenance in its README.md) and cut between two anchors
  with pypdf as an upload would read them: outlooks, segment and quarterly tables, cash flow
  summaries, liquidity, consolidated results;
- sections of the demo's SEC filings (data/sample/sec, parsed by the app's own filing reader):
  Amazon's free cash flow and shipping costs for 2024, Nvidia's cash flows and capital return
  for fiscal 2025;
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader)
  about Chipotle, Disney and Uber.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh6); some have several passages, so a sentence can cite the wrong one.
"""

from pathlib import Path

from pypdf import PdfReader

from scripts.add_fresh_support_rows import cut_text
from scripts.fresh3_passages import demo_passage
from scripts.fresh4_passages import story_passage

PAGES = Path(__file__).resolve().parent.parent / "data" / "eval" / "financebench" / "pages"

# key: (pdf, page, ticker, first words, last words); the page is PAGES/<pdf>_p<page>.pdf
PASSAGES = {
    "atvi_outlook": (
        "ACTIVISIONBLIZZARD_2019_10K",
        36,
        "ATVI",
        "Outlook",
        "complete the execution of the restructuring plan.",
    ),
    "atvi_segments": (
        "ACTIVISIONBLIZZARD_2019_10K",
        40,
        "ATVI",
        "Information on the reportable segment net revenues",
        "charged between segments.",
    ),
    "adbe_cash": (
        "ADOBE_2022_10K",
        47,
        "ADBE",
        "This data should be read in conjunction",
        "for the next twelve months.",
    ),
    "pfe_quarters": (
        "PFIZER_2021_10K",
        112,
        "PFE",
        "Quarter (MILLIONS, EXCEPT PER COMMON SHARE DATA)",
        "may not agree to the total for the year.",
    ),
    "fdx_outlook": (
        "FEDEX_2023_10K",
        58,
        "FDX",
        "Outlook",
        "inherently less certain.",
    ),
    "orcl_liquidity": (
        "ORACLE_2021_10K",
        55,
        "ORCL",
        "Liquidity and Capital Resources",
        "Not meaningful",
    ),
    "sq_quarters": (
        "BLOCK_2020_10K",
        68,
        "SQ",
        "Three Months Ended,",
        "$ (6,740) $ (38,151)",
    ),
    "pep_results": (
        "PEPSICO_2021_10K",
        39,
        "PEP",
        "Consolidated Net Revenue and Operating Profit",
        "commodity costs.",
    ),
    "pep_other": (
        "PEPSICO_2021_10K",
        45,
        "PEP",
        "Other Consolidated Results",
        "$ 5.49 $ 5.12 7 %",
    ),
    "pep_other_why": (
        "PEPSICO_2021_10K",
        45,
        "PEP",
        "Other pension and retiree medical benefits income increased",
        "tax years 2014 through 2016.",
    ),
    "jnj_liquidity": (
        "JOHNSON_JOHNSON_2021_10K",
        37,
        "JNJ",
        "Medical Devices Segment:",
        "cash equivalents and marketable securities.",
    ),
    "mcd_outlook": (
        "MCDONALDS_2022_10K",
        10,
        "MCD",
        "OUTLOOK",
        "free cash flow conversion rate greater than 90%.",
    ),
    "ebay_cash": (
        "EBAY_2021_10K",
        42,
        "EBAY",
        "2021 2020 2019",
        "proceeds from debt issuances of $2.5 billion.",
    ),
}

# key: (ticker, form, filed, section title start, first words, last words) of a demo filing
DEMO = {
    "amzn_fcf": (
        "AMZN",
        "10-K",
        "2025-02-07",
        "Item 7.",
        "Free cash flow is cash flow from operations reduced by",
        "| $ | (49,833) | $ | (94,342) |",
    ),
    "amzn_ship": (
        "AMZN",
        "10-K",
        "2025-02-07",
        "Item 7.",
        "Shipping costs were $89.5 billion",
        "one way we offer lower prices is through shipping offers.",
    ),
    "nvda_cash": (
        "NVDA",
        "10-K",
        "2025-02-26",
        "Item 7.",
        "Liquidity and Capital Resources\n| | | Jan 26, 2025",
        "higher tax payments related to RSUs.",
    ),
    "nvda_return": (
        "NVDA",
        "10-K",
        "2025-02-26",
        "Item 7.",
        "On August 26, 2024, our Board of Directors approved",
        "was not material for fiscal years 2025 and 2024.",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "cmg_bonus": ("CMG", "Chipotle to honor $6.5 million in quarterly bonuses"),
    "dis_buy": ("DIS", "Buying Disney here as a long-term play"),
    "uber_profit": ("UBER", "'Uber's clearly gotten its act together'"),
}

QUESTIONS = [
    ("What does Activision Blizzard expect for 2020?", ["atvi_outlook"]),
    ("How did Activision Blizzard's segments perform in 2019?", ["atvi_segments"]),
    (
        "Which Activision Blizzard segment earned the most operating income in 2019?",
        ["atvi_segments", "atvi_outlook"],
    ),
    ("How much cash did Adobe's operations generate in fiscal 2022?", ["adbe_cash"]),
    ("What were Pfizer's quarterly revenues in 2021?", ["pfe_quarters"]),
    ("What was Pfizer's net income in the fourth quarter of 2021?", ["pfe_quarters"]),
    ("What does FedEx expect for fiscal 2024?", ["fdx_outlook"]),
    ("How much will FedEx spend on capital in 2024?", ["fdx_outlook", "mcd_outlook"]),
    ("Why did Oracle's working capital fall in fiscal 2021?", ["orcl_liquidity"]),
    ("How did Oracle's cash flows change in fiscal 2021?", ["orcl_liquidity"]),
    ("How much bitcoin revenue did Block earn in the fourth quarter of 2020?", ["sq_quarters"]),
    ("How did Block's quarterly net income change in 2020?", ["sq_quarters"]),
    ("How did PepsiCo's net revenue and operating profit change in 2021?", ["pep_results"]),
    ("Why did PepsiCo's net interest expense rise in 2021?", ["pep_other", "pep_results"]),
    ("What was PepsiCo's diluted EPS in 2021?", ["pep_other"]),
    ("Why did PepsiCo's pension income rise in 2021?", ["pep_other_why", "pep_other"]),
    ("How much cash did Johnson & Johnson have at the end of 2021?", ["jnj_liquidity"]),
    ("What does Johnson & Johnson expect from its supply chain restructuring?", ["jnj_liquidity"]),
    ("What is McDonald's outlook for 2023?", ["mcd_outlook"]),
    ("How many restaurants will McDonald's open in 2023?", ["mcd_outlook", "fdx_outlook"]),
    ("How did eBay use its cash in 2021?", ["ebay_cash"]),
    ("How much stock did eBay repurchase in 2021?", ["ebay_cash"]),
    ("What was Amazon's free cash flow in 2024?", ["amzn_fcf"]),
    ("How much did Amazon spend on shipping in 2024?", ["amzn_ship", "amzn_fcf"]),
    ("How much cash did Nvidia's operations provide in fiscal 2025?", ["nvda_cash"]),
    ("How much stock did Nvidia buy back in fiscal 2025?", ["nvda_return", "nvda_cash"]),
    ("What bonuses is Chipotle paying its employees?", ["cmg_bonus"]),
    ("What did Jim Cramer say about Disney and Uber?", ["dis_buy", "uber_profit"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    if key in PASSAGES:
        return page_passage(PASSAGES[key], n)
    if key in DEMO:
        return demo_passage(DEMO[key], n)
    return story_passage(STORIES[key], n)


def page_passage(spec: tuple, n: int) -> dict:
    """A one-page PDF's text from `first` to `last`, read with pypdf as an upload is."""
    pdf, page = spec[:2]
    return cut_text(PdfReader(PAGES / f"{pdf}_p{page}.pdf").pages[0].extract_text(), spec, n)
