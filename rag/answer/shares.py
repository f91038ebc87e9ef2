"""Whose total a share is of (rag.answer.support): "86% of Boeing's total 2018 revenues" is no
restatement of "... accounted for approximately 86% of its 2018 revenues" where "its" is a
segment's (the sentence before says "BDS' primary customer is ..."), nor is "12% of the Compute
segment's revenue" of "12% of our total revenue".

A share's base is the company's (its name's possessive, "our", "the Company's", "total",
"consolidated") or a part's (a segment, division or subsidiary, another name's possessive);
"its" and "their" take the nearest such owner before them (in the statement, else the text
before it). A base that cannot be told is no conflict."""

import re
from collections.abc import Sequence

from rag.answer.claims import figures, same_figure, terms

BASE_WORDS = 6  # the words after "of" read as a share's base
CONTEXT_CHARS = 400  # how far back "its" looks for its owner

_OF = re.compile(r"\s*of\s+")
_BASE_END = re.compile(r"[,;:.()\[\]]|\s(?:from|in|for|to|and|or|as|was|were|is|are|by|at)\s")
_PART_WORDS = r"\b(?:segments?|divisions?|subsidiar(?:y|ies)|business units?)\b"
_PART = re.compile(_PART_WORDS, re.I)
_COMPANY = re.compile(
    r"\b(?:our|we|us|the company|company-wide|consolidated|total|overall|entire)\b", re.I
)
# Owners "its" may take: a possessive name ("BDS'", "Boeing's"), a part, the company.
_OWNER = re.compile(
    r"(?P<name>\b[A-Z][\w&.-]*[A-Za-z])(?:'s|’s|'|’)(?=\s)"
    rf"|(?P<part>{_PART_WORDS})"
    r"|(?P<company>\b(?:[Tt]he [Cc]ompany|[Ww]e|[Oo]ur|us)\b)",
)
_ITS = re.compile(r"^(?:its|their)\b", re.I)


def owner(base: str, before: str, names: set[str], printed: bool = False) -> str | None:
    """ "company", "part" or None (cannot be told) for a share's base ("its 2018 revenues"),
    `before` being the text before it (for "its"); `names` the company's name terms. A base a
    passage prints that opens with another name than the company's ("Data Center revenue") is a
    part's (a sentence's may capitalise a word of its own: it stays untold)."""
    if _ITS.match(base):
        return _nearest_owner(before[-CONTEXT_CHARS:], names)
    if _PART.search(base):
        return "part"
    for m in _OWNER.finditer(base):
        rest = base[m.end() :].lstrip()  # "NVIDIA's Data Center revenue": a part's
        named = _NAMED.match(rest) and not _COMPANY.match(rest)
        return "part" if named and _kind(m, names) == "company" else _kind(m, names)
    if _COMPANY.search(base) or any(terms(w) and terms(w) <= names for w in base.split()):
        return "company"
    if printed and _NAMED.match(base):
        return "part"
    return None


# A base opening with a capitalised name: "Data Center revenue", "the Americas' net sales".
_NAMED = re.compile(r"(?:the\s+)?[A-Z][\w&.-]*[A-Za-z]\b")


_CAPITALISED = re.compile(r"\b[A-Z][\w&.-]*[A-Za-z]\b")


def _nearest_owner(text: str, names: set[str]) -> str | None:
    """The kind of the last owner the text names: a possessive, a part, the company (also by
    its name: "Boeing derived 86% of its revenues")."""
    found = [(m.start(), _kind(m, names)) for m in _OWNER.finditer(text)]
    found += [
        (m.start(), "company")
        for m in _CAPITALISED.finditer(text)
        if terms(m.group()) and terms(m.group()) <= names
    ]
    return max(found)[1] if found else None


def _kind(m: re.Match, names: set[str]) -> str:
    if m.group("name"):
        return "company" if terms(m.group("name")) <= names else "part"
    return "part" if m.group("part") else "company"


def shares(text: str) -> list[tuple[object, str]]:
    """The percentages of the text with the base they are of ("86%", "its 2018 revenues")."""
    found = []
    for figure in figures(text):
        m = _OF.match(text, figure.end) if figure.unit == "%" else None
        if m is None:
            continue
        rest = text[m.end() :]
        end = _BASE_END.search(rest)
        base = rest[: end.start() if end else len(rest)]
        found.append((figure, " ".join(base.split()[:BASE_WORDS])))
    return found


def rebased(claim: str, statements: Sequence[tuple[str, str]], names: set[str]) -> bool:
    """Whether a share of the claim is of the company's where every statement (with the text
    before it) printing that percentage gives it a part's base, or the other way round."""
    for figure, base in shares(claim):
        mine = owner(base, claim[: figure.start], names)
        if mine is None:
            continue
        theirs = [
            owner(printed_base, before + " " + text[: printed.start], names, printed=True)
            for text, before in statements
            for printed, printed_base in shares(text)
            if same_figure(figure, printed)
        ]
        if theirs and all(t is not None and t != mine for t in theirs):
            return True
    return False
