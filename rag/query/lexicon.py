"""Words that are not names: common English (SCOWL, data/lexicon/english-words.txt) and the
abbreviations of finance and filings. A capitalised word or a ticker-like symbol that is one of
these ("Calculate", "IT", "NOW", "PPNE", "M&A") needs more than its spelling to be a company."""

import re
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "english-words.txt"

# Abbreviations and terms of finance, filings and business that a question writes in capitals
# or capitalised; each would otherwise look like a ticker or an unknown company.
FINANCE_WORDS = frozenset(
    """
    fy ttm ltm ytd yoy qoq eps ebit ebitda ebitdar ebt roe roa roic roce irr npv wacc dcf cagr
    capex opex fcf ocf dpo dso dio ccc nii nim nav aum cet1 rwa tbv bvps dps pe peg ppe ppne
    cogs gaap ifrs sec edgar xbrl esg ipo spac etf etfs reit reits adr adrs ads otc nyse nasdaq
    usd eur gbp jpy cny cad chf inr bps ceo cfo coo cto cio cmo evp svp vp hr ir pr ai ml gpu
    gpus cpu cpus api saas iot ev evs llc lp inc corp co ltd plc na tbd mm mn bn yr yrs gdp cpi
    fed fomc ecb opec covid us usa uk eu un jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue wed thu fri sat sun q1 q2 q3 q4 h1 h2 sma ema rsi macd vwap ath eod nol fx
    """.split()
)
# The calendar, and the publishers and data services a question cites its figures from:
# capitalised, and never the company asked about.
NAMED_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday yahoo reuters bloomberg cnbc wsj
    barron barrons marketwatch benzinga zacks morningstar factset refinitiv guardian
    """.split()
)
# Abbreviations written with "&" or "/" are never names: M&A, R&D, SG&A, P&L, P/E, PP&E.
JOINED_ABBREVIATION = re.compile(r"^[A-Za-z]{1,3}(?:[&/][A-Za-z]{1,3})+$")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lowercase English words of the shipped SCOWL list (about 40,000)."""
    return frozenset(WORDS_FILE.read_text(encoding="utf-8").split())


def is_word(token: str) -> bool:
    """Whether `token` (any case) is an English word, a letter or a finance abbreviation."""
    lowered = token.lower().strip(".")
    return (
        len(lowered) == 1
        or lowered in FINANCE_WORDS
        or lowered in NAMED_WORDS
        or lowered in english_words()
        or bool(JOINED_ABBREVIATION.match(token))
        or _roman(lowered)
    )


def _roman(token: str) -> bool:
    """Roman numerals up to XXIX (Part II, Item IV, Fund III) are numbers, not names."""
    return bool(token) and bool(re.fullmatch(r"x{0,2}(ix|iv|v?i{0,3})", token))
