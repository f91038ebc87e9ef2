"""The passages of the "fresh7" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_held_splits.py checks that no run of words is
shared):

- single pages of FinanceBench PDFs of companies no earlier split reads (Ulta Beauty,
  Salesforce, Intel, Amcor, MGM Resorts, PayPal, Boston Properties, 3M, American Express, AES),
  copied into data/eval/financebench/pages (provenance in its README.md) and cut between two
  anchors with pypdf as an upload would read them: earnings releases' highlights and outlooks,
  guidance tables, segment tables, a quarterly 10-Q summary, a five-year table in thousands,
  a dividend note and a cash flow summary;
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader)
  about Salesforce, Ulta Beauty and PayPal.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh7); some have several passages, so a sentence can cite the wrong one.
"""

from pathlib import Path

from pypdf import PdfReader

from scripts.add_fresh_support_rows import cut_text
from scripts.fresh4_passages import story_passage

PAGES = Path(__file__).resolve().parent.parent / "data" / "eval" / "financebench" / "pages"

# key: (pdf, page, ticker, first words, last words); the page is PAGES/<pdf>_p<page>.pdf
PASSAGES = {
    "ulta_results": (
        "ULTABEAUTY_2023Q4_EARNINGS",
        3,
        "ULTA",
        "Diluted earnings per share increased 33.5%",
        "14.2 million square feet.",
    ),
    "ulta_outlook": (
        "ULTABEAUTY_2023Q4_EARNINGS",
        3,
        "ULTA",
        "Fiscal 2023 Outlook",
        "$245 million to $250 million",
    ),
    "crm_results": (
        "SALESFORCE_2024Q1_EARNINGS",
        1,
        "CRM",
        "Salesforce delivered the following results",
        "12% Y/Y, and 12% CC.",
    ),
    "crm_guidance": (
        "SALESFORCE_2024Q1_EARNINGS",
        2,
        "CRM",
        "Forward Looking Guidance",
        "Non-GAAP operating margin(1)  ~28.0%",
    ),
    "intc_outlook": (
        "INTEL_2022Q4_EARNINGS",
        3,
        "INTC",
        "Business Outlook",
        "communicated at Q3 2022 earnings.",
    ),
    "intc_segments": (
        "INTEL_2022Q4_EARNINGS",
        11,
        "INTC",
        "Supplemental Operating Segment Results",
        "$ 14,042 $ 20,528 $ 63,054 $ 79,024",
    ),
    "amcr_returns": (
        "AMCOR_2023Q4_EARNINGS",
        2,
        "AMCR",
        "During fiscal 2023, the Company returned",
        "program previously announced in fiscal 2023.",
    ),
    "amcr_segments": (
        "AMCOR_2023Q4_EARNINGS",
        2,
        "AMCR",
        "Segment Information",
        "passing through higher raw material costs and general inflation.",
    ),
    "amcr_outlook": (
        "AMCOR_2023Q4_EARNINGS",
        5,
        "AMCR",
        "Adjusted Free Cash Flow for fiscal 2023 was",
        "Forward-Looking Statements' in this release.",
    ),
    "mgm_ceo": (
        "MGMRESORTS_2022Q4_EARNINGS",
        1,
        "MGM",
        "“We achieved our fifth consecutive",
        "additional $2 billion for share buybacks.”",
    ),
    "mgm_segments": (
        "MGMRESORTS_2022Q4_EARNINGS",
        2,
        "MGM",
        "Las Vegas Strip Resorts",
        "$5 million in the prior year quarter.",
    ),
    "pypl_results": (
        "PAYPAL_2023Q2_10Q",
        51,
        "PYPL",
        "The following table provides a summary",
        "** Not meaningful.",
    ),
    "bxp_selected": (
        "BOSTONPROPERTIES_2015_10K",
        44,
        "BXP",
        "Boston Properties, Inc.\n",
        "Net income  $ 3.72  $ 2.83  $ 4.86  $ 1.92  $ 1.86",
    ),
    "mmm_dividend": (
        "3M_2022_10K",
        41,
        "MMM",
        "3M has paid dividends since 1916.",
        "consecutive year of dividend increases.",
    ),
    "axp_summary": (
        "AMERICANEXPRESS_2022_10K",
        44,
        "AXP",
        "TABLE 1: SUMMARY OF FINANCIAL PERFORMANCE",
        "# Denotes a variance of 100 percent or more",
    ),
    "aes_cash": (
        "AES_2021_10K",
        109,
        "AES",
        "The following table reflects the changes i",
        "797 (78) (86) 875 8",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "crm_block": ("CRM", "Salesforce co-CEO Keith Block downplays"),
    "ulta_buy": ("ULTA", "Ulta Beauty had a rough few weeks"),
    "pypl_vets": ("PYPL", "PayPal CFO: Military veterans"),
}

QUESTIONS = [
    ("How did Ulta Beauty do in fiscal 2022?", ["ulta_results"]),
    ("What does Ulta Beauty expect for fiscal 2023?", ["ulta_outlook"]),
    ("How many stores will Ulta Beauty open in fiscal 2023?", ["ulta_outlook", "ulta_results"]),
    ("What were Salesforce's first quarter fiscal 2024 results?", ["crm_results"]),
    ("What revenue does Salesforce guide for fiscal 2024?", ["crm_guidance", "crm_results"]),
    ("What is Salesforce's operating margin guidance?", ["crm_guidance"]),
    ("What does Intel expect for the first quarter of 2023?", ["intc_outlook"]),
    ("How did Intel's segments do in 2022?", ["intc_segments"]),
    ("Which Intel segments lost money in the fourth quarter of 2022?", ["intc_segments"]),
    ("How much cash did Amcor return to shareholders in fiscal 2023?", ["amcr_returns"]),
    ("How did Amcor's segments perform in fiscal 2023?", ["amcr_segments"]),
    ("What is Amcor's guidance for fiscal 2024?", ["amcr_outlook", "amcr_returns"]),
    ("How much stock did MGM Resorts buy back?", ["mgm_ceo"]),
    ("How did MGM's Las Vegas Strip resorts do in the fourth quarter?", ["mgm_segments"]),
    ("How did MGM China perform?", ["mgm_segments", "mgm_ceo"]),
    ("How did PayPal's revenue change in the second quarter of 2023?", ["pypl_results"]),
    ("What was PayPal's operating cash flow in the first half of 2023?", ["pypl_results"]),
    ("What was Boston Properties' net income in 2015?", ["bxp_selected"]),
    ("How did Boston Properties' revenue grow from 2011 to 2015?", ["bxp_selected"]),
    ("What dividend does 3M pay?", ["mmm_dividend"]),
    ("How long has 3M raised its dividend?", ["mmm_dividend", "axp_summary"]),
    ("How did American Express's net income change in 2022?", ["axp_summary"]),
    ("How much cash did American Express hold at the end of 2022?", ["axp_summary"]),
    ("How did AES's cash flows change in 2021?", ["aes_cash"]),
    ("What did Salesforce's co-CEO say about the guidance cut?", ["crm_block"]),
    ("What did Jim Cramer say about Ulta Beauty and PayPal?", ["ulta_buy", "pypl_vets"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    if key in PASSAGES:
        return page_passage(PASSAGES[key], n)
    return story_passage(STORIES[key], n)


def page_passage(spec: tuple, n: int) -> dict:
    """A one-page PDF's text from `first` to `last`, read with pypdf as an upload is."""
    pdf, page = spec[:2]
    return cut_text(PdfReader(PAGES / f"{pdf}_p{page}.pdf").pages[0].extract_text(), spec, n)
