"""List answers a filing states in sentences rather than headings: its customer concentration
("Sales to direct Customers A, B and C represented 12%, 11% and 11% of total revenue", "no
single customer accounted for 10% or more of net sales") and its strategy (the paragraphs under
a "Business Strategies" heading, else its "we seek to ...", "our strategy is ..." sentences in
Item 1 and Item 7). Each item is the filing's own sentence, quoted with the chunk it is in, so
nothing is paraphrased or invented.

`customer_items` and `strategy_items` read one document's chunks in reading order (the rows of
`Catalog.outline`) and return (sentence, row) pairs; [] when the filing states none.
"""

import re

MAX_SENTENCES = 8
MAX_NUMBERS = 10  # more figures than a sentence states: a table read as text
MIN_WORDS = 4  # a shorter paragraph is a page number or a caption
TITLE_WORDS = 8  # a strategy heading is a title, not a risk factor's sentence
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(]?[A-Z])")
# A party a concentration is about: a customer, client, entity, the U.S. government, or a
# named company ("Walmart Inc. and its affiliates").
PARTY = re.compile(
    r"(?i:\b(?:customers?|clients?|entity|entities|counterpart(?:y|ies)|purchasers?|"
    r"distributors?|wholesalers?|retailers?|government)\b)|\b[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*,?\s+"
    r"(?:Inc|Corp|Corporation|Co|Company|LLC|Ltd|plc|N\.V|S\.A|AG)\b",
)
SHARE = re.compile(r"\d+(?:\.\d+)?\s?(?:%|percent\b)|\bten percent\b", re.I)
# the share is of revenue, sales or receivables ("12% of total revenue", "21 percent of
# consolidated net sales", "10% or more of our total receivables balance")
BASE = re.compile(
    r"(?:%|\bpercent\b)[^.;]{0,40}?\bof\s+(?:[\w'’&-]+\s+){0,4}?(?:revenues?|sales|"
    r"receivables?)\b(?!\s+code)",
    re.I,
)
# Shares of something other than a customer: a region, a channel, a supplier, a segment.
NOT_CUSTOMER = re.compile(
    r"\b(?:outside (?:of )?the|located in|based in|billing location|vendors?|suppliers?|"
    r"channels?|categor(?:y|ies)|segment (?:accounted|represented)|countr(?:y|ies)|"
    r"geographic|employees?|non-U\.?S\.?|foreign|international)\b",
    re.I,
)
NONE_OVER = re.compile(
    r"\b(?:no|not any|none of (?:our|its|the))\s+(?:single\s+|one\s+|individual\s+)?"
    r"(?:customers?|clients?|entity|entities|counterparty)\b",
    re.I,
)
STRATEGY_HEADING = re.compile(
    r"\bstrateg(?:y|ies|ic priorities)\b|\bpriorities\b|\bour (?:goals?|mission|vision)\b|"
    r"\bgrowth (?:plans?|drivers|initiatives)\b",
    re.I,
)
STRATEGY_SENTENCE = re.compile(
    r"^(?:[A-Z][^,]{0,40},\s*)?(?:we|the company|[A-Z][\w.&'-]+)\s+(?:seeks? to|strives? to|"
    r"aims? to|(?:is|are) (?:focused|guided)|intends? to|plans? to)\b|"
    r"\b(?:our|its) (?:business |growth |key |overall )?strateg(?:y|ies) (?:is|are|includes?|"
    r"focus(?:es)?|consists?)\b|\bkey strategies\b",
    re.I,
)


def sentences_in(rows: list[dict]) -> list[tuple[str, dict]]:
    """The sentences of chunks in reading order, each with the chunk it starts in; a sentence
    a chunk ends in the middle of is joined with its end in the next chunk."""
    out: list[tuple[str, dict]] = []
    pending: tuple[str, dict] | None = None
    for row in rows:
        found = sentences_of(row["text"])
        if pending and found and not found[0][:1].isupper():
            found[0] = f"{pending[0]} {found[0]}"
            out.append((found.pop(0), pending[1]))
        elif pending:
            out.append(pending)
        pending = None
        if found and found[-1][-1:] not in '.!?:"”)':
            pending = (found.pop(), row)
        out += [(sentence, row) for sentence in found]
    return out + ([pending] if pending else [])


def sentences_of(text: str) -> list[str]:
    """A chunk's sentences, paragraph by paragraph (its header line and table rows aside)."""
    body = text.split("\n", 1)[-1]
    out = []
    for paragraph in re.split(r"\n\s*\n", body):
        if paragraph.lstrip().startswith("|"):
            continue
        flat = " ".join(paragraph.split())
        out += [s.strip() for s in SENTENCE_END.split(flat) if s.strip()]
    return out


# ---- customers ------------------------------------------------------------------------------


def customer_items(rows: list[dict]) -> list[tuple[str, dict]]:
    """The sentences that state a customer's (or "no customer's") share of revenue, sales or
    receivables, each once, in reading order."""
    found: list[tuple[str, dict]] = []
    seen: set[str] = set()
    for sentence, row in sentences_in(rows):
        if is_concentration(sentence) and _key(sentence) not in seen:
            seen.add(_key(sentence))
            found.append((sentence, row))
    return found[:MAX_SENTENCES]


def is_concentration(sentence: str) -> bool:
    """A sentence stating who bought a share of the revenue, sales or receivables."""
    if len(sentence) > 600 or sentence.endswith(":") or NOT_CUSTOMER.search(sentence):
        return False  # a sentence ending in ":" introduces a table
    if len(re.findall(r"\d+", sentence)) > MAX_NUMBERS:
        return False  # a table's rows read as one line
    return bool(PARTY.search(sentence) and SHARE.search(sentence) and BASE.search(sentence))


def none_over(items: list[tuple[str, dict]]) -> bool:
    """Whether every concentration sentence says no customer reached the threshold."""
    return bool(items) and all(NONE_OVER.search(sentence) for sentence, _ in items)


# ---- strategy -------------------------------------------------------------------------------


def strategy_items(business: list[dict]) -> list[tuple[str, dict]]:
    """The strategy as the filing states it in its business sections (`business`: the chunks of
    Item 1 and Item 7): the opening sentences of the paragraphs under a strategy heading, else
    its sentences saying what it seeks, aims, intends or is focused on."""
    headed = _under_heading(business)
    if len(headed) >= 2:
        return headed[:MAX_SENTENCES]
    found, seen = [], set()
    for sentence, row in sentences_in(business):
        if STRATEGY_SENTENCE.search(sentence) and _key(sentence) not in seen:
            seen.add(_key(sentence))
            found.append((sentence, row))
    return found[:MAX_SENTENCES]


def _under_heading(rows: list[dict]) -> list[tuple[str, dict]]:
    """The first sentence of each paragraph under the first strategy heading, to the next
    heading (a paragraph that a chunk continues from the one before is not new)."""
    items: list[tuple[str, dict]] = []
    inside, previous_end = False, "."
    for row in rows:
        started = [h for h in str(row["metadata"].get("headings", "")).split("\n") if h]
        if started and inside:
            break
        if any(STRATEGY_HEADING.search(h) and _title(h) for h in started):
            inside = True
        if not inside:
            continue
        body = row["text"].split("\n", 1)[-1]
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        for n, paragraph in enumerate(paragraphs):
            opens = (n > 0 or previous_end[-1:] in '.!?:"”)') and paragraph not in started
            first = sentences_of("\n" + paragraph)[:1]
            said = first and len(first[0].split()) >= MIN_WORDS and not first[0].endswith(":")
            if opens and said and not paragraph.startswith("|"):
                items.append((first[0], row))
        previous_end = paragraphs[-1] if paragraphs else previous_end
    return items


def _title(heading: str) -> bool:
    return len(heading.split()) <= TITLE_WORDS and heading[-1:] not in ".!?"


def _key(sentence: str) -> str:
    return re.sub(r"[^a-z0-9%]", "", sentence.lower())
