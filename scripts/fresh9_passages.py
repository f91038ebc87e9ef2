"""The passages of the "fresh9" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_held_splits.py checks that no run of words is
shared):

- pages of whole FinanceBench PDFs (data/eval/financebench/pdfs, provenance in
  data/eval/README.md) of filings earlier splits read least, cut between two anchors from the
  page pypdf extracts, as an upload reads it (no page is copied out): Foot Locker's August 2022
  8-K (the new CEO's pay), Best Buy's fiscal 2024 second-quarter 10-Q (the International
  segment's quarter and six-month columns, gross profit and SG&A explanations), JPMorgan Chase's
  first-quarter 2021 10-Q (the outlook, a climate financing target, results by segment),
  American Water Works' 2022 10-K (liquidity and capital resources, a segment table of two
  years, quarterly data with per-share figures), General Mills' fiscal 2022 10-K (organic and
  reported growth of a segment, operating units, the International segment, net sales by product
  class and by geography), Walmart's fiscal 2020 10-K (unit counts by state and format with the
  labels shifted a row, Sam's Club's net sales, with words broken mid-way by the extraction),
  Nike's fiscal 2023 10-K (the United States market and its store counts), AMD's 2015 10-K (the
  year's overview, contractual obligations by year of payment), Microsoft's fiscal 2023 10-K
  (More Personal Computing's revenue and operating income), Verizon's 2022 10-K (the Consumer
  segment's depreciation, operating income and EBITDA). About half are prose, half tables.
  Anchors keep out boilerplate other splits share;
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader)
  about Campbell Soup, Union Pacific and Corteva, companies no split reads.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh9); some have several passages, so a sentence can cite the wrong one.
"""

from functools import cache
from pathlib import Path

from pypdf import PdfReader

from scripts.add_fresh_support_rows import cut_text
from scripts.fresh4_passages import story_passage

PDFS = Path(__file__).resolve().parent.parent / "data" / "eval" / "financebench" / "pdfs"
FL = "FOOTLOCKER_2022_8K_dated_2022-08-19"
BBY = "BESTBUY_2024Q2_10Q"
JPM = "JPMORGAN_2021Q1_10Q"
AWK = "AMERICANWATERWORKS_2022_10K"
GIS = "GENERALMILLS_2022_10K"
WMT = "WALMART_2020_10K"

# key: (pdf, 1-based page, ticker, first words, last words); the pdf is PDFS/<pdf>.pdf
PASSAGES = {
    "fl_pay": (
        FL,
        2,
        "FL",
        "Ms. Dillon will receive a base salary",
        "non-qualified\nstock options (20%)",
    ),
    "bby_margin": (
        BBY,
        18,
        "BBY",
        "Our profit-sharing revenue from our credit card arrangement",
        "offset by higher incentive compensation expense.",
    ),
    "bby_intl": (
        BBY,
        18,
        "BBY",
        "Selected financial data for the International segment",
        "Operating income as a % of revenue   2.7 %    3.7 %    2.9 %    4.0 %",
    ),
    "jpm_climate": (
        JPM,
        7,
        "JPM",
        "On April 15, 2021, JPMorgan Chase announced",
        "clean technologies.",
    ),
    "jpm_outlook": (JPM, 7, "JPM", "Full-year 2021", "approximately 2.5%."),
    "jpm_segments": (
        JPM,
        19,
        "JPM",
        "Three months ended March 31, Consumer & Community Banking",
        "ROE  35 %  25 % NM NM  23 %  4 %",
    ),
    "awk_liquidity": (
        AWK,
        64,
        "AWK",
        "The Company uses its capital resources",
        "equity securities in the capital markets.",
    ),
    "awk_segments": (
        AWK,
        134,
        "AWK",
        " 2021\n \nRegulated",
        "Cash paid for capital expenditures 1,804 18 1,822",
    ),
    "awk_quarters": (
        AWK,
        134,
        "AWK",
        "Note 21: Unaudited Quarterly Data",
        "Amounts may not sum due to rounding.",
    ),
    "gis_na": (
        GIS,
        22,
        "GIS",
        "The components of North America Retail organic net sales growth",
        "mix and a decrease in certain SG&A expenses.",
    ),
    "gis_intl": (
        GIS,
        22,
        "GIS",
        "INTERNATIONAL SEGMENT",
        "foreign currency exchange.",
    ),
    "gis_classes": (
        GIS,
        85,
        "GIS",
        "Net sales by class of similar products",
        "Non-United States 4,301.6 4,630.1 4,262.1",
    ),
    "wmt_states": (
        WMT,
        24,
        "WMT",
        "The Walmart U.S. and Sam's Club segments",
        "392  18  111  82  603 Utah",
    ),
    "wmt_sams": (
        WMT,
        39,
        "WMT",
        "Net sales for the Sam's Club segmen",
        "thedecreases in net sales \nfor fiscal 2019.",
    ),
    "nke_us": (
        "NIKE_2023_10K",
        6,
        "NKE",
        "UNITED STATES MARKET",
        "TOTAL  369",
    ),
    "amd_overview": (
        "AMD_2015_10K",
        36,
        "AMD",
        "We faced a challenging business environment in 2015.",
        "margin as described above.",
    ),
    "amd_obligations": (
        "AMD_2015_10K",
        49,
        "AMD",
        "The following table summarizes our consolidated principal contractual",
        "debt obligations and other long-term liabilities.",
    ),
    "msft_mpc": (
        "MICROSOFT_2023_10K",
        46,
        "MSFT",
        "More Personal Computing",
        "included a favorable foreign currency impact of 2%.",
    ),
    "vz_consumer": (
        "VERIZON_2022_10K",
        31,
        "VZ",
        "Depreciation and Amortization Expense",
        "Segment EBITDA margin  40.2 %  43.7 %",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "cpb_pantry": ("CPB", "Campbell Soup CEO says June pantry"),
    "unp_optimism": ("UNP", "Union Pacific CEO sees"),
    "ctva_floods": ("CTVA", "Corteva Agriscience expects"),
}

QUESTIONS = [
    ("What will Foot Locker pay Mary Dillon?", ["fl_pay"]),
    ("Why did Best Buy's gross profit rate rise in the second quarter?", ["bby_margin"]),
    ("How did Best Buy's International segment do in the second quarter?", ["bby_intl"]),
    ("What is JPMorgan Chase's outlook for 2021?", ["jpm_outlook", "jpm_climate"]),
    (
        "How much did each JPMorgan Chase segment earn in the first quarter of 2021?",
        ["jpm_segments"],
    ),
    ("How does American Water Works fund its capital investments?", ["awk_liquidity"]),
    (
        "How did American Water Works' Regulated Businesses compare with Other in 2021?",
        ["awk_segments"],
    ),
    ("What were American Water Works' quarterly earnings per share in 2022?", ["awk_quarters"]),
    ("How did General Mills' North America Retail sales grow in fiscal 2022?", ["gis_na"]),
    ("Why did General Mills' International net sales fall in fiscal 2022?", ["gis_intl", "gis_na"]),
    ("Which General Mills product classes grew in fiscal 2022?", ["gis_classes"]),
    ("How many Walmart stores are there in Texas and California?", ["wmt_states"]),
    ("How did Sam's Club perform in fiscal 2020?", ["wmt_sams"]),
    ("What was Sam's Club's comparable sales growth in fiscal 2020?", ["wmt_sams", "wmt_states"]),
    ("How many stores does Nike have in the United States?", ["nke_us"]),
    ("Why did AMD's revenue fall in 2015?", ["amd_overview"]),
    ("What are AMD's debt repayments over the next five years?", ["amd_obligations"]),
    ("Why did Microsoft's More Personal Computing revenue decline?", ["msft_mpc"]),
    ("Why did Verizon Consumer's operating income fall in 2022?", ["vz_consumer"]),
    ("What did Campbell Soup's CEO say about pantry sales?", ["cpb_pantry"]),
    ("What did Union Pacific's CEO say about demand?", ["unp_optimism", "cpb_pantry"]),
    ("How will the Michigan floods affect Corteva?", ["ctva_floods"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    if key in PASSAGES:
        return pdf_passage(PASSAGES[key], n)
    return story_passage(STORIES[key], n)


def pdf_passage(spec: tuple, n: int) -> dict:
    """A whole PDF's page's text from `first` to `last`, read with pypdf as an upload is."""
    pdf, page = spec[:2]
    return cut_text(page_text(pdf, page), spec, n)


@cache
def page_text(pdf: str, page: int) -> str:
    """The text pypdf extracts from 1-based `page` of PDFS/<pdf>.pdf."""
    return PdfReader(PDFS / f"{pdf}.pdf").pages[page - 1].extract_text()
