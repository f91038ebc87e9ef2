"""The passages of the "fresh4" split of data/eval/support_sentences.jsonl, none of which any
earlier split uses (tests/evals/test_support_fresh4.py checks that no run of words is shared):

- pages of FinanceBench PDFs (data/eval/financebench/pdfs) of filings no earlier split reads, cut
  between two anchors with pypdf as an upload would read them (scripts/add_fresh_support_rows.py
  `cut_passage`): results discussions, segment, quarterly, stock-price and revenue tables,
  liquidity, income taxes, a tax dispute, backlog and an outlook;
- sections of the demo's SEC filings (data/sample/sec, parsed by the app's own filing reader):
  NVIDIA's 10-Q summary, market-platform and segment tables;
- news stories of the demo's CNBC headlines (data/sample/news, read by the app's news reader).

QUESTIONS are what the shipped model was asked over them (scripts/draft_pdf_support_sentences.py
fresh4); some have several passages, so a sentence can cite the wrong one.
"""

from pathlib import Path

from ingestion.sources import news
from scripts.add_fresh_support_rows import cut_passage
from scripts.fresh3_passages import demo_passage

NB = "\xa0"  # the Best Buy PDF spaces its words with no-break spaces
NEWS = Path(__file__).resolve().parent.parent / "data" / "sample" / "news" / "cnbc_headlines.csv"

# key: (pdf, page, ticker, first words, last words)
PASSAGES = {
    "amzn_sales": (
        "AMAZON_2019_10K",
        24,
        "AMZN",
        "Net sales information is as follows",
        "partially offset by pricingchanges.",
    ),
    "amzn_opinc": (
        "AMAZON_2019_10K",
        25,
        "AMZN",
        "Operating Income (Loss)",
        "$14.5 billion  for 2018  and 2019 .",
    ),
    "amzn_opinc_why": (
        "AMAZON_2019_10K",
        25,
        "AMZN",
        "decrease  in North America operating income",
        "$273 million",
    ),
    "msft_price": (
        "MICROSOFT_2016_10K",
        28,
        "MSFT",
        "Our common stock is traded on the NASDAQ",
        "$  40.12    $  40.12",
    ),
    "msft_sum": (
        "MICROSOFT_2016_10K",
        32,
        "MSFT",
        "SUMMARY RESULTS OF OPERATIONS",
        "decrease to diluted EPS of $1.15.",
    ),
    "wmt_income": (
        "WALMART_2018_10K",
        42,
        "WMT",
        "Our effective income",
        "further contributed to the  year-over-year increase.",
    ),
    "wmt_cash": (
        "WALMART_2018_10K",
        44,
        "WMT",
        "Liquidity and Capital Resources",
        "cash dividends andshare repurchases.",
    ),
    "nke_tax": ("NIKE_2019_10K", 32, "NKE", "INCOME TAXES", "impact of the Tax Act."),
    "nke_rev": (
        "NIKE_2019_10K",
        32,
        "NKE",
        "The breakdown of revenues is as follows:",
        "$ 39,117 $ 36,397 7  % 11  % $ 34,350 6  % 4  %",
    ),
    "gis_outlook": (
        "GENERALMILLS_2020_10K",
        19,
        "GIS",
        "We have outlined three key priorities for fiscal 2021",
        "duration of elevated at-home food demand.",
    ),
    "lmt_backlog": (
        "LOCKHEEDMARTIN_2021_10K",
        36,
        "LMT",
        "In response to COVID-19 F-35 delays",
        "as compared to $102.3 billion at December 31, 2020.",
    ),
    "bby_quarters": (
        "BESTBUY_2019_10K",
        90,
        "BBY",
        f"The{NB}following{NB}tables",
        "$ 3.26",
    ),
    "jpm_rev": (
        "JPMORGAN_2022Q2_10Q",
        10,
        "JPM",
        "Three months ended June 30, Six months ended June 30,",
        "starting in the first quarter of 2022.",
    ),
    "ko_irs": (
        "COCACOLA_2017_10K",
        42,
        "KO",
        "On September 17, 2015, the Company received a Notice",
        "with the last audit concluding as recently as 2009.",
    ),
}

# key: (ticker, form, filed, section title start, first words, last words) of a demo filing
DEMO = {
    "nvda_q2": (
        "NVDA",
        "10-Q",
        "2025-08-27",
        "Part I, Item 2.",
        "Second Quarter of Fiscal Year 2026 Summary",
        "| 1.08 | $ | 0.76 | $ | 0.67 | 42% | 61% |",
    ),
    "nvda_mkt": (
        "NVDA",
        "10-Q",
        "2025-08-27",
        "Part I, Item 2.",
        "Revenue was $46.7 billion",
        "strong adoption of our self-driving platforms.",
    ),
    "nvda_seg": (
        "NVDA",
        "10-Q",
        "2025-08-27",
        "Part I, Item 2.",
        "Revenue by Reportable Segments",
        "| 30,605 | $ | 20,217 | $ | 10,388 | 51% | $ | 54,299 | $ | 38,505 | $ | 15,794 | 41% |",
    ),
}

# key: (ticker, headline start) of a CNBC story
STORIES = {
    "nvda_mlnx_deal": ("NVDA", "Nvidia completes 'homerun deal'"),
    "nvda_mlnx_china": ("NVDA", "Nvidia CEO doesn't expect China to block"),
    "tsla_day": ("TSLA", "Tesla just finished its best day of the year"),
}

QUESTIONS = [
    ("How did Amazon's segments' net sales grow in 2019?", ["amzn_sales"]),
    ("What was Amazon's operating income by segment in 2019?", ["amzn_opinc", "amzn_sales"]),
    ("Why did Amazon's segment operating income change in 2019?", ["amzn_opinc_why", "amzn_opinc"]),
    ("What were Microsoft's high and low stock prices in fiscal 2016?", ["msft_price"]),
    ("How did Microsoft's revenue and operating income change in fiscal 2016?", ["msft_sum"]),
    ("What were Walmart's net income, EPS and tax rate in fiscal 2018?", ["wmt_income"]),
    ("How much cash did Walmart's operations provide in fiscal 2018?", ["wmt_cash", "wmt_income"]),
    ("What was Nike's effective tax rate in fiscal 2019 and why did it change?", ["nke_tax"]),
    ("How did Nike's revenues grow by region in fiscal 2019?", ["nke_rev", "nke_tax"]),
    ("What does General Mills expect for fiscal 2021?", ["gis_outlook"]),
    ("What was Lockheed Martin's backlog and F-35 delivery outlook?", ["lmt_backlog"]),
    ("What were Best Buy's quarterly results in fiscal 2019?", ["bby_quarters"]),
    ("How did JPMorgan's revenue change in the second quarter of 2022?", ["jpm_rev"]),
    ("What is Coca-Cola's tax dispute with the IRS?", ["ko_irs"]),
    ("What were NVIDIA's results in the second quarter of fiscal 2026?", ["nvda_q2", "nvda_mkt"]),
    ("How did NVIDIA's segments perform in the first half of fiscal 2026?", ["nvda_seg"]),
    ("What did NVIDIA say about buying Mellanox?", ["nvda_mlnx_deal", "nvda_mlnx_china"]),
    ("How has Tesla's stock done in 2019?", ["tsla_day"]),
    ("What was Amazon's AWS operating income in 2019?", ["amzn_opinc"]),
    ("What was Best Buy's revenue in the fourth quarter of fiscal 2019?", ["bby_quarters"]),
    ("What was Walmart's diluted EPS for fiscal 2018?", ["wmt_income"]),
    ("What was Microsoft's diluted EPS in fiscal 2016?", ["msft_sum"]),
    (
        "How much of its backlog does Lockheed Martin expect to recognize in 12 months?",
        ["lmt_backlog"],
    ),
    ("What was NVIDIA's Data Center revenue in the second quarter?", ["nvda_mkt", "nvda_q2"]),
    ("How much did JPMorgan's investment banking fees fall?", ["jpm_rev"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    return passage_in(key, n, PASSAGES, DEMO, STORIES)


def passage_in(key: str, n: int, pages: dict, demo: dict, stories: dict) -> dict:
    """Passage `key` of a split's PDF pages, demo filing sections or CNBC stories."""
    if key in pages:
        return cut_passage(pages[key], n)
    if key in demo:
        return demo_passage(demo[key], n)
    return story_passage(stories[key], n)


def story_passage(spec: tuple, n: int) -> dict:
    """A CNBC story (headline and summary, as the news reader makes its document)."""
    ticker, headline = spec
    document = next(
        d
        for d in news.news_documents(news.parse_headlines_csv(NEWS.read_bytes(), "CNBC"))
        if d.title.startswith(headline)
    )
    return {
        "n": n,
        "title": document.title,
        "ticker": ticker,
        "source": "news",
        "text": document.sections[0].text,
    }
