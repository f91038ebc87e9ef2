"""Whose table a figure is (rag.answer.support): a table under a segment's heading ("Walmart
U.S. Segment" above "Fiscal Years Ended January 31, ...") prints that segment's figures, so a
sentence giving one of them as the company's ("Walmart's net sales were $318,477 million", "Net
sales were $318,477 million on a consolidated basis") says of the whole what the passage says of
a part. A sentence naming the segment, or crediting no one, is no such claim."""

import re
from collections.abc import Sequence

from rag.answer.claims import figures, sentences, terms
from rag.answer.table_rows import Row, every_segment, holds, names_segment, table_rows

# A heading naming a segment: one to four capitalised words before "Segment".
_SEGMENT = re.compile(r"((?:[A-Z][\w&.'’-]*\s+){1,4})Segment\b")
_WHOLE = re.compile(r"\b(?:consolidated|total|company|company-wide|overall|entire)\b", re.I)
_POSSESSIVE = re.compile(r"\b([A-Z][\w&.-]*[A-Za-z])(?:'s|’s|'|’)(?=\s)")


def segment_of(row: Row) -> str | None:
    """The segment whose heading is the last sentence of the row's caption, if any."""
    found = sentences(row.caption)
    m = _SEGMENT.search(found[-1]) if found else None
    name = " ".join(m.group(1).split()) if m else None
    return None if name and every_segment(name) else name  # "Supplemental Operating Segment"


def credits_whole(claim: str, names: set[str]) -> bool:
    """Whether the claim gives its figures as the company's: its name's possessive or a word
    for the whole ("consolidated", "total")."""
    if _WHOLE.search(claim):
        return True
    owners = [terms(m.group(1)) for m in _POSSESSIVE.finditer(claim)]
    return any(owner and owner <= names for owner in owners)


def segment_as_company(claim: str, passages: Sequence[str], names: set[str]) -> bool:
    """Whether a figure of the claim is printed only in tables under a segment's heading, the
    claim names none of those segments and gives the figure as the company's."""
    if not credits_whole(claim, names):
        return False
    rows = [row for text in passages for row in table_rows(text)]
    for figure in figures(claim):
        holding = [r for r in rows if any(holds(figure, cell, r) for _, cell in r.cells)]
        segments = [segment_of(r) for r in holding]
        if holding and all(segments) and not any(names_segment(s, claim, names) for s in segments):
            return True
    return False
