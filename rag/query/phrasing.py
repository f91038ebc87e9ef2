"""Everyday phrasings of a reported figure, said the way filings print it, so the figure and
intent readers (rag.query.figures, rag.query.prices) see the line item and not a market word.

Each rule serves one idiom whatever the company or question:
- "How much did X sell (in Q3)?" asks for net sales; a count noun ("how many iPhones did X
  sell", "how much stock did X sell") is no revenue question and is left alone;
- "How much did X take in / bring in?" asks for revenue;
- "How much did X earn (in 2024)?" asks for net income ("earn per share" is EPS, left alone);
- "How much cash did X generate from its operations?" is operating cash flow, not the balance;
- "spent buying back stock", "bought back shares" are share repurchases, not the stock's price.
"""

import re

_RULES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\bhow much (did|does|do|has|have) (.+?) (?:sell|sold)\b", r"what were \2's net sales"),
        (  # "take in", "bring in", "rake in", "haul in": what came in is revenue
            r"\bhow much (?:money |revenue |cash )?(did|does|do|has|have) (.+?) "
            r"(?:take|took|taken|bring|brought|rake|raked|haul|hauled|pull|pulled) in\b",
            r"what was \2's revenue",
        ),
        (
            r"\bhow much (did|does|do|has|have) (.+?) earn(?:ed)?\b(?! per\b)",
            r"what was \2's net income",
        ),
        (
            r"\bhow much cash (did|does|do|has|have) (.+?) generated? (?:from|by|in|through) "
            r"(?:its |their )?(?:core )?operat\w*",
            r"what was \2's operating cash flow",
        ),
        (
            r"\b(?:buy(?:ing|s)?|bought) back (?:(?:its|their) )?(?:own )?(?:common )?"
            r"(?:stock|shares?)\b|\b(?:stock|share) buy-?backs?\b",
            "share repurchases",
        ),
    )
)


def in_filing_terms(text: str) -> str:
    """`text` with each everyday idiom above replaced by the filing's term."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
