"""Statement pages: which primary financial statements a figure question reads, and whether a
PDF page is one of them (its heading says so), so retrieval can prefer the balance sheet for a
balance, the income statement for a flow, the cash flow statement for capex.

What a question reads comes from the figures it asks (rag.figures.metrics' vocabulary: each
metric belongs to one statement; a ratio or formula reads its inputs' statements) and from the
statements it names ("based on the balance sheet").
"""

import re

from rag.figures.metrics import METRICS
from rag.query import Query

# The statement kinds of rag.figures.metrics.STATEMENTS and how filings title each page
TITLES = {
    "balance sheet": re.compile(
        r"\bbalance sheets?\b|\bstatements? of (consolidated )?financial (position|condition)\b",
        re.I,
    ),
    "income statement": re.compile(
        r"\bstatements? of (consolidated )?(operations|income|earnings)\b"
        r"|(?<!comprehensive )\bincome statements?\b",
        re.I,
    ),
    "cash flow": re.compile(r"\bstatements? of (consolidated )?cash flows?\b", re.I),
}
# The phrases their titles are searched by (FTS5 phrases; the porter stemmer makes
# "statements" match "statement")
TITLE_PHRASES = {
    "balance sheet": ("balance sheet", "statement of financial position", "financial condition"),
    "income statement": (
        "statement of operations",
        "statement of income",
        "statement of earnings",
        "income statement",
    ),
    "cash flow": ("statement of cash flows", "statement of consolidated cash flows"),
}
HEAD_CHARS = 300  # a statement's title is printed at the top of its page
TITLE_WITHIN = 80  # characters before it at most: a contents link, the company's name
CONTENTS = re.compile(r"^\s*(table of contents|index)\b(?!\s+to\b)\s*", re.I)  # a link back
BROKEN_WORD = re.compile(r"(?<=[a-z])\n(?=[a-z])")  # "Statem\nents": a line broken in a word
NOT_A_STATEMENT = re.compile(r"\b(notes?|report|index|audit\w*|opinion)\b", re.I)
HEADING_SMALL_WORDS = frozenset({"of", "and", "the", "in", "to"})
_METRIC_STATEMENT = {m.key: m.statement for m in METRICS}


def asked_statements(query: Query) -> set[str]:
    """The statements a question's figures are read from, and those it names; a question
    about segments or categories reads only those it names."""
    named = named_statements(query.text)
    asks = query.figures
    if asks.segments:  # a breakdown ("which segment ...") is printed in the notes and MD&A
        return named
    keys = [m.key for m in asks.metrics]
    keys += [k for r in asks.ratios for k in (r.numerator, r.denominator)]
    keys += [k for f in asks.formulas for k in f.inputs]
    found = {_METRIC_STATEMENT.get(k) for k in keys} - {None}
    if asks.free_cash_flow:
        found.add("cash flow")
    return named | found  # type: ignore[return-value]


def named_statements(text: str) -> set[str]:
    """The statements a question names ("based on the balance sheet")."""
    named = {kind for kind, title in TITLES.items() if title.search(text)}
    if re.search(r"\bcash flows? statement\b|\bstatement of cash\b", text, re.I):
        named.add("cash flow")
    return named


def statement_of(page_head: str) -> str | None:
    """The statement a page is, from the top of its text: a title at the very top (after at
    most a contents link and the company's name), not in a note, a report or an index, and no
    other statement's title near it (a contents page or an auditor's report names several)."""
    body = CONTENTS.sub("", _body(page_head), count=1)[:HEAD_CHARS]
    kinds = [kind for kind, title in TITLES.items() if title.search(body)]
    if len(kinds) != 1:
        return None
    found = TITLES[kinds[0]].search(body)
    before = body[: found.start()] if found else body
    if len(before) > TITLE_WITHIN or NOT_A_STATEMENT.search(before):
        return None
    return kinds[0] if found and _titled(before + " " + found.group(0)) else None


def _titled(text: str) -> bool:
    """Printed as a heading ("The Boeing Company and Subsidiaries Consolidated Statements of
    Operations", "PART II Item 8 INCOME STATEMENTS"), not within a sentence ("changes made to
    our Consolidated Balance Sheets")."""
    words = re.findall(r"[A-Za-z][\w’']*", text)
    return all(w[0].isupper() or w.lower() in HEADING_SMALL_WORDS for w in words)


def title_phrases(kinds: set[str]) -> list[str]:
    """The phrases the asked statements' pages are searched by."""
    return [phrase for kind in sorted(kinds) for phrase in TITLE_PHRASES[kind]]


def _body(chunk_text: str) -> str:
    """The chunk's text without its "[title | page | heading]" line, spaces made plain."""
    head, _, body = chunk_text.partition("\n")
    text = body if head.startswith("[") and body else chunk_text
    return " ".join(BROKEN_WORD.sub("", text).split())
