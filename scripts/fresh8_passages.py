"""The passages of the "fresh8" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_held_splits.py checks that no run of words is
shared):

- single pages of FinanceBench PDFs of PG&E (PG&E Corporation and its utility, Pacific Gas and
  Electric Company), the one FinanceBench company no earlier split nor the demo reads, copied
  into data/eval/financebench/pages (provenance in its README.md) and cut between two anchors
  with pypdf as an upload would read them. Unlike fresh7's earnings-release highlights, about
  half are prose of a 10-K (MD&A narrative explaining year-over-year changes in revenues,
  expenses and wildfire charges, the dividend restriction, two risk factors, the human capital
  section, a critical accounting estimate) and an earnings release's core earnings and guidance
  text; the other half tables of layouts no split used before (a utility's income statement
  over three years, revenues split into those that did and did not impact earnings, operating
  statistics in GWh, MMcf, kWh and dollars per kWh or Mcf, a resource mix in percentages with an
  adjustment column, revenues by customer type, an EPS guidance table with low and high
  columns, an effective tax rate reconciliation, pension sensitivities). Anchors keep out the
  boilerplate other splits share ("of the Notes to the Consolidated Financial Statements",
  cash flow and quarterly column headings);
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader)
  about Target, Beyond Meat and General Electric, companies no split reads.

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh8); some have several passages, so a sentence can cite the wrong one.
"""

from pathlib import Path

from scripts.fresh4_passages import story_passage
from scripts.fresh7_passages import page_passage

PAGES = Path(__file__).resolve().parent.parent / "data" / "eval" / "financebench" / "pages"
K22 = "PG_E_2022_10K"
Q223 = "PG_E_2023_EARNINGS-dated-2023-07-27"

# key: (pdf, page, ticker, first words, last words); the page is PAGES/<pdf>_p<page>.pdf
PASSAGES = {
    "pcg_workforce": (
        K22,
        28,
        "PCG",
        "As of December 31, 2022, PG&E Corporation had 10 employees",
        "approximately 1,200 contractor companies.",
    ),
    "pcg_mix": (
        K22,
        30,
        "PCG",
        "The total estimated electricity generated, procured, and sold (net)",
        "GHG-free resources 96 % — % 96 %",
    ),
    "pcg_electric_stats": (
        K22,
        33,
        "PCG",
        "Electricity Operating Statistics",
        "Net plant investment per customer $ 9,967 $ 9,199 $ 8,889",
    ),
    "pcg_gas_stats": (
        K22,
        35,
        "PCG",
        "Natural Gas Operating Statistics",
        "Net plant investment per customer $ 4,522 $ 4,130 $ 3,794",
    ),
    "pcg_wildfire_risk": (
        K22,
        40,
        "PCG",
        "The Utility may not effectively implement its wildfire mitigation initiatives.",
        "EPSS outages may increase these negative perceptions.",
    ),
    "pcg_holding_risk": (
        K22,
        53,
        "PCG",
        "PG&E Corporation is a holding company and relies on dividends",
        "limit opportunities for shareholders to realize value in a corporate transaction.",
    ),
    "pcg_impact_table": (
        K22,
        65,
        "PCG",
        "Revenues that impact earnings are primarily those",
        "Income Attributable to Common Stock   $ 2,212   $ 124",
    ),
    "pcg_revenue_change": (
        K22,
        65,
        "PCG",
        "The Utility’s electric and natural gas operating revenues that impacted earnings",
        "associated with the 2020 WMCE application",
    ),
    "pcg_expenses": (
        K22,
        66,
        "PCG",
        "Operating and Maintenance",
        "no comparable charges in 2021.",
    ),
    "pcg_wildfire_claims": (
        K22,
        66,
        "PCG",
        "Wildfire-Related Claims, Net of Recoveries",
        "insurance recoveries related to the 2020 Zogg fire in the year ended December 31, 2021.",
    ),
    "pcg_depreciation": (
        K22,
        66,
        "PCG",
        "Depreciation, Amortization, and Decommissioning",
        "earned on regulatory balancing accounts.",
    ),
    "pcg_tax": (K22, 67, "PCG", "Interest Expense", "Effective tax rate (118.2)% 86.8 %"),
    "pcg_dividends": (
        K22,
        74,
        "PCG",
        "any decision to declare and pay",
        "commence the payment of dividends on its common stock.",
    ),
    "pcg_pension": (
        K22,
        97,
        "PCG",
        "In establishing health care cost assumptions",
        "Rate of return on plan assets (0.50)% 15 —",
    ),
    "pcg_income": (
        K22,
        105,
        "PCG",
        "PACIFIC GAS AND ELECTRIC COMPANY",
        "Income Attributable to Common Stock $ 2,212 $ 124 $ 397",
    ),
    "pcg_customers": (
        K22,
        115,
        "PCG",
        "The following table presents the Utility’s revenues disaggregated",
        "Total operating revenues $ 21,680 $ 20,642",
    ),
    "pcg_core": (
        Q223,
        2,
        "PCG",
        "Non-GAAP Core Earnings",
        "$210 million to $320 million after tax.",
    ),
    "pcg_guidance": (
        Q223,
        9,
        "PCG",
        "PG&E Corporation’s 2023 Earnings Guidance",
        "except for certain costs that are not tax deductible.",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "tgt_april": ("TGT", "Target saw strength in April"),
    "bynd_asia": ("BYND", "Beyond Meat maintains plans"),
    "ge_furlough": ("GE", "Larry Culp on GE Aviation"),
}

QUESTIONS = [
    ("How many employees does PG&E have?", ["pcg_workforce"]),
    ("Where did PG&E's electricity come from in 2022?", ["pcg_mix"]),
    (
        "How did PG&E's electricity revenues by customer class change in 2022?",
        ["pcg_electric_stats"],
    ),
    ("What did PG&E pay for natural gas in 2022?", ["pcg_gas_stats", "pcg_electric_stats"]),
    ("What are PG&E's wildfire mitigation risks?", ["pcg_wildfire_risk"]),
    ("Why does PG&E Corporation depend on the Utility?", ["pcg_holding_risk"]),
    (
        "How much did the Utility's revenues that impacted earnings change in 2022?",
        ["pcg_impact_table"],
    ),
    ("Why did PG&E's operating revenues rise in 2022?", ["pcg_revenue_change", "pcg_impact_table"]),
    (
        "Why did the Utility's operating and maintenance expenses fall in 2022?",
        ["pcg_expenses", "pcg_depreciation"],
    ),
    ("What were PG&E's wildfire-related charges in 2022?", ["pcg_wildfire_claims"]),
    (
        "What drove the Utility's 2022 depreciation expense?",
        ["pcg_depreciation", "pcg_impact_table"],
    ),
    ("Why did PG&E's interest expense rise in 2022?", ["pcg_tax"]),
    ("What was PG&E's effective tax rate in 2022?", ["pcg_tax", "pcg_income"]),
    ("When will PG&E pay a dividend?", ["pcg_dividends", "pcg_holding_risk"]),
    ("What health care cost trend rate does PG&E assume?", ["pcg_pension"]),
    ("How sensitive are PG&E's pension costs to the discount rate?", ["pcg_pension"]),
    ("What was Pacific Gas and Electric Company's net income in 2022?", ["pcg_income"]),
    ("How did the Utility's revenues grow from 2020 to 2022?", ["pcg_income"]),
    ("What were the Utility's residential revenues in 2022?", ["pcg_customers"]),
    ("What were PG&E's core earnings in the second quarter of 2023?", ["pcg_core"]),
    ("What is PG&E's 2023 earnings guidance?", ["pcg_guidance", "pcg_core"]),
    ("What did Target's CEO say about the pandemic?", ["tgt_april"]),
    ("What are Beyond Meat's plans for Asia?", ["bynd_asia"]),
    ("What did GE's CEO say about the aviation furloughs?", ["ge_furlough", "bynd_asia"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    if key in PASSAGES:
        return page_passage(PASSAGES[key], n)
    return story_passage(STORIES[key], n)
