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
}


def content_terms(text: str) -> set[str]:
    """Content words, crudely stemmed (plural s dropped, cut to 6 letters), synonyms mapped."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    kept = (SYNONYMS.get(w, w) for w in words if w not in STOPWORDS and len(w) > 1)
    return {(w[:-1] if w.endswith("s") and len(w) > 3 else w)[:6] for w in kept}
