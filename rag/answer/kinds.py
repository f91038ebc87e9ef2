"""A figure given to another kind of line item than the one printing it (rag.answer.support).

Some line items come in kinds no figure is two of: cash from operating, investing or financing
activities; basic or diluted per-share amounts; net, operating or gross income; current or
long-term items; domestic or foreign ones; pre-tax or after-tax amounts. A claim that names
one kind for a figure the statements print only as another's ("financing activities provided
$4,370 million" where "Net cash provided by investing activities 4,370") gives it to the wrong
line; so does one that gives a move in points as a percentage (`points_as_percent`).
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import figures, same_figure
from rag.answer.pairs import label

_KINDS = [
    [r"operating activit", r"investing activit", r"financing activit"],
    [r"\bbasic\b", r"\bdiluted\b"],
    [
        r"\bnet (?:income|earnings|loss)\b",
        r"\boperating (?:income|profit|loss)\b|\bincome from operations\b",
        r"\bgross (?:profit|margin)\b",
    ],
    [r"\blong-term\b|\bnon-?current\b", r"(?<!non)(?<!non-)\bcurrent\b"],
    [r"\bdomestic\b|\bu\.s\.", r"\bforeign\b|\binternational\b|\bnon-u\.s\."],
    [r"\bpre-?tax\b|\bbefore (?:income )?taxes\b", r"\bafter-?tax\b|\bnet of (?:income )?tax"],
]


class Statement(Protocol):
    text: str


def other_kind(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "figure" when a figure's words in the claim name one kind of a line item and every
    statement printing the figure labels it with another kind only."""
    for figure in figures(claim):
        mine = _kinds(label(claim, figure))
        if not mine:
            continue
        labels = [
            label(s.text, printed)
            for s in statements
            for printed in figures(s.text)
            if same_figure(figure, printed)
        ]
        theirs = [_kinds(text) for text in labels]
        if theirs and all(
            any(kind in mine for kind in found) is False and _rivals(mine, found)
            for found in theirs
        ):
            return "figure"
    return None


def _kinds(text: str) -> set[tuple[int, int]]:
    """The kinds the text names: (group, member) pairs."""
    return {
        (g, m)
        for g, group in enumerate(_KINDS)
        for m, pattern in enumerate(group)
        if re.search(pattern, text, re.IGNORECASE)
    }


def _rivals(mine: set[tuple[int, int]], found: set[tuple[int, int]]) -> bool:
    """Whether the found kinds name another member of a group the claim names one of."""
    return any(g == h and m != n for g, m in mine for h, n in found)


# ---- points told as percent -------------------------------------------------------------------

_WORDS = "one two three four five six seven eight nine ten eleven twelve fifteen twenty".split()
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"
_PERCENT = re.compile(rf"\b{_NUMBER}\s*(?:%|percent\b)", re.IGNORECASE)
_POINTS = re.compile(rf"\b{_NUMBER}[\s-]+(?:basis|percentage)[\s-]+points?\b", re.IGNORECASE)


def points_as_percent(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "figure" when the claim gives as a percentage ("decreased seven percent") a change the
    statements give in points only ("decreased seven basis points"): a rate's move in points
    is no percentage change."""
    said = " ".join(s.text for s in statements)
    for m in _PERCENT.finditer(claim):
        n = m.group(1).lower()
        if any(p.group(1).lower() == n for p in _POINTS.finditer(said)) and not any(
            p.group(1).lower() == n for p in _PERCENT.finditer(said)
        ):
            return "figure"
    return None
