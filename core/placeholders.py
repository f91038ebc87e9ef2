"""Lines a filing prints in place of content: "None.", "Not applicable", "N/A", "[Reserved]".

Item 1B of a 10-K is often just "Not applicable", printed in bold: such a line is never a
heading (it would head the next Item's text) and never an item of a list answer.
"""

import re

PLACEHOLDER = re.compile(
    r"(?:none|not\s+applicable|n\s*/\s*a|not\s+required|omitted|\[?reserved\]?|"
    r"intentionally\s+(?:left\s+)?(?:blank|omitted))",
    re.IGNORECASE,
)


def is_placeholder(text: str) -> bool:
    """Whether the whole line is a placeholder (its trailing period and brackets aside)."""
    return bool(PLACEHOLDER.fullmatch(" ".join(text.split()).strip(" .:;()")))
