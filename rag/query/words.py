"""Content words, crudely stemmed: what a question and a passage sentence are compared by when
the answer quotes the passages that best overlap the question (rag.answer.grounding)."""

import re

STOPWORDS = set(
    """
    a an and are as at be by did do does for from had has have how in is it its of on or than
    that the their there these this to was were what when where which who why will with much
    many about tell me show give
    """.split()
)
# A question's word -> the word filings print for the same thing, so a sentence that says it
# the filing's way still overlaps the question.
SYNONYMS = {
    "revenue": "sales",  # "net sales" is how retailers and Apple print revenue
    "revenues": "sales",
    "turnover": "sales",  # British usage for revenue
    "profit": "income",  # "net income", "operating income" are the statement lines
    "earnings": "income",
    "eps": "share",  # printed as "earnings per share"
    "buyback": "repurchase",  # printed as "repurchases of common stock"
    "buybacks": "repurchase",
    # "relying on its CEO": risk factors say "dependent on" / "depend on"
    "rely": "depend",
    "relies": "depend",
    "relying": "depend",
    "reliance": "depend",
    "reliant": "depend",
    # what a region or segment is made of: filings define it with "X includes ..."
    "comprise": "include",
    "comprises": "include",
    "encompass": "include",
    "encompasses": "include",
    "cover": "include",
    "covers": "include",
    "covered": "include",
    "comprised": "include",
    "encompassed": "include",
}


QUARTER = re.compile(r"\bq([1-4])\b", re.IGNORECASE)
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}


def content_terms(text: str) -> set[str]:
    """Content words, crudely stemmed (plural s dropped, cut to 6 letters), synonyms mapped;
    "Q1" is read as "first quarter", as stories and filings write it."""
    text = QUARTER.sub(lambda m: f"{ORDINALS[m.group(1)]} quarter", text)
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept = (SYNONYMS.get(w, w) for w in words if w not in STOPWORDS and len(w) > 1)
    return {(w[:-1] if w.endswith("s") and len(w) > 3 else w)[:6] for w in kept}
