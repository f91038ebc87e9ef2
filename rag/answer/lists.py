"""Answers to list questions from the filing's own structure, each item cited.

A filing's chunks name the sub-headings they start (ingestion.chunking: `headings`), so the
risk factors of Item 1A, the matters of Item 3, the disclosures of Item 7A are read back in
order, each with the chunk that cites it; an 8-K's items are its sections; segments are the
names its segment paragraphs give. The answer is the list ("- heading [n]"), written in code:
the model is not asked to summarise forty pages. The latest filing of the named company that
has the list answers; a company none of whose filings has it gets that said, never another
company's list. Customer concentration and strategy are stated in sentences, not headings
(rag.answer.statements): those answers quote the filing's own sentences, each cited.
"""

import re
from dataclasses import dataclass, field

from core.placeholders import is_placeholder
from core.types import Citation
from rag.answer.citing import chunk_citation
from rag.answer.notes import note_items, referenced_note
from rag.answer.statements import customer_items, none_over, strategy_items
from rag.query import Query
from rag.query.lists import BY_NAME, ListKind
from rag.query.words import content_terms
from rag.search.store import Catalog

MAX_ITEMS = 12
LEAD_CHARS, LEAD_WORDS = 400, 8  # an item's quoted opening: at most, at least
# The section whose outline answers each kind (matched in the Item title).
SECTIONS = {
    "risks": re.compile(r"\brisk factors\b", re.I),
    "legal": re.compile(r"\blegal proceedings\b", re.I),
    "market_risk": re.compile(r"\bmarket risk\b", re.I),
    "cyber": re.compile(r"\bcybersecurity\b", re.I),
}
PERIODIC = ("10-K", "10-Q", "20-F", "40-F")
ANNUAL_FIRST = ("risks", "segments", "customers", "strategy")
QUOTED = ("customers", "strategy")  # items are the filing's sentences, quoted
ANNUAL = {"10-K", "10-K/A", "20-F", "40-F"}
ITEM_HEADING = re.compile(r"^item\s+\d{1,2}[a-d]?\b", re.I)
BUSINESS = re.compile(r"^item\s+[17]\.\s*(?:business|management)", re.I)
BUSINESS_HEADINGS = (
    re.compile(r"^item\s*1\.?\s*business\b", re.I),
    re.compile(r"^item\s*7\.?\s*management", re.I),
)
PART = re.compile(r"^part\s+[ivx]+\b", re.I)
ITEM_NAMED = re.compile(r"\bitem\s+\d", re.I)  # "Part II, Item 1A. Risk Factors"
SEGMENTS_ARE = re.compile(
    r"(?:\b(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[\w-]+\s+){0,2})?"
    r"\bsegments\b[^.;:]{0,40}?(?:\bconsist(?:s|ed)? of\b|\bare\b|\binclude[sd]?\b|(?=:))"
    r"\s*:?\s*(?P<list>[^.]+)",
    re.I,
)
COUNTS = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
NOTE_NUMBER = re.compile(r"^\s*(?:note\s+)?\d{1,2}[a-z]?\s*[.–—:-]\s*", re.I)
# "Has X reported any ...?", "Are there any ...?": whether a list has items, answered by one.
ANY_ASKED = re.compile(r"^(?:has|have|had|did|does|do|was|were|is|are)\b[^?]*\bany\b", re.I)


@dataclass
class Listing:
    """A list answer: its text and its numbered sources (citation, the passage behind it)."""

    text: str
    sources: list[tuple[Citation, str]] = field(default_factory=list)
    found: bool = True  # False: the filings have no such list (the answer says so)


def list_answer(query: Query, catalog: Catalog) -> Listing | None:
    """The list the question asks for, from the latest filing of the named company (or the
    user's chosen documents) that has it; None when the question is no list question, names
    no company, or the filings' structure cannot answer it (ordinary retrieval then does)."""
    kind = BY_NAME.get(query.listing or "")
    if kind is None or not (query.tickers or query.document_ids):
        return None
    documents = catalog.filings_of(query.tickers, query.document_ids)
    documents = [d for d in documents if _fits(d, query)]
    if kind.name in ANNUAL_FIRST and not query.forms:  # a 10-Q updates the 10-K
        documents.sort(key=lambda d: (d.get("form") or "") not in ANNUAL)
    unread = False  # a document whose Items were not recognised (a PDF's pages)
    for document in documents:
        if not _may_hold(kind.name, document):
            continue
        rows = catalog.outline(document["id"])
        if note := _from_note(kind, rows):
            heading, listed = note
            title = NOTE_NUMBER.sub("", heading)  # no number the cited items do not print
            intro = f'lists these {kind.noun} in its note "{title}" (its Item refers to it)'
            return _answering(query, _listing(intro, document, listed, sentences=True))
        items = _items(kind.name, rows, _topic_terms(query, kind))
        if items:
            quoted = kind.name in QUOTED
            intro = _intro(kind, items)
            listing = _listing(intro, document, items, kind.name == "events", quoted)
            return _answering(query, listing) if kind.name not in QUOTED else listing
        unread = unread or not any(ITEM_NAMED.search(r.get("section") or "") for r in rows)
    if kind.name == "segments" or (unread and kind.name not in QUOTED):
        return None  # the list may still be in its prose: retrieval answers
    return Listing(_absent(kind.name, kind.noun, query, documents), found=False)


def _answering(query: Query, listing: Listing) -> Listing:
    """A question whether there are any ("Has X reported any legal battles?") answered by the
    items found: "Yes: " before the list."""
    if ANY_ASKED.search(query.text.strip()):
        listing.text = f"Yes: {listing.text}"
    return listing


def _topic_terms(query: Query, kind: ListKind) -> set[str]:
    """The content words of what the question narrows the list to, the company's names and
    the words asking for the list aside."""
    names = " ".join(f"{m.text} {m.company.display}" for m in query.companies)
    return content_terms(query.listing_topic) - content_terms(f"{names} {kind.noun}")


def _fits(document: dict, query: Query) -> bool:
    """The forms and fiscal years the question names, if any."""
    if query.forms and (document.get("form") or "") not in query.forms:
        return False
    year = document.get("fiscal_year")
    return not (query.fiscal_years and year and year not in query.fiscal_years)


def _may_hold(kind: str, document: dict) -> bool:
    form = (document.get("form") or "").upper()
    if kind == "events":
        return form.startswith("8-K")
    return document.get("source") == "upload" or form.startswith(PERIODIC)


def _absent(kind: str, noun: str, query: Query, documents: list[dict]) -> str:
    who = ", ".join(m.label for m in query.companies) or ", ".join(query.tickers) or "them"
    if kind == "events":
        return f"The indexed filings of {who} include no 8-K current report."
    if documents and kind == "customers":
        return (
            f"The indexed filings of {who} state no customer's share of revenue, sales or "
            "receivables, so its key customers cannot be named from them."
        )
    if documents and kind == "strategy":
        return f"The indexed filings of {who} have no section or sentence stating its strategy."
    if not documents:
        return f"The indexed sources hold no filing of {who} to list its {noun} from."
    return f"The indexed filings of {who} have no section listing its {noun}."


# ---- the items of one document ----------------------------------------------------------


def _items(kind: str, rows: list[dict], terms: set[str]) -> list[tuple[str, dict]]:
    if kind == "events":
        return _section_starts(rows)
    if kind == "segments":
        return _segments(rows)
    if kind == "customers":
        return customer_items(rows)
    if kind == "strategy":
        return strategy_items(_business(rows))
    pattern = SECTIONS[kind]
    inside = [r for r in rows if pattern.search(r.get("section") or "")]
    items = _outline_items(inside or _region(rows, pattern), terms)
    return [(h, row) for h, row in items if not _names_section(h, pattern)]


def _from_note(kind: ListKind, rows: list[dict]) -> tuple[str, list] | None:
    """(the note's heading, its items) when the kind's Item refers to a note ("Item 3. Legal
    Proceedings ... see Note 21"), the note's list being the filing's own (rag.answer.notes)."""
    section = SECTIONS.get(kind.name)
    found = referenced_note(rows, section) if section else None
    if not found:
        return None
    heading, note = found
    items = note_items(kind.name, heading, note, _started)
    return (heading, items) if items else None


def _names_section(heading: str, pattern: re.Pattern) -> bool:
    """A heading that is the section's own title ("Risk Factors", "Item 1A. Risk Factors")."""
    title = ITEM_HEADING.sub("", heading).strip(" .:")
    return bool(pattern.fullmatch(title))


def _business(rows: list[dict]) -> list[dict]:
    """The chunks of Item 1 (Business) and Item 7 (MD&A): a filing's sections, or a PDF's
    pages from each Item's heading to the next Item's."""
    inside = [r for r in rows if BUSINESS.search(r.get("section") or "")]
    return inside or [row for pattern in BUSINESS_HEADINGS for row in _region(rows, pattern)]


def _headed(rows: list[dict]) -> list[tuple[str, dict]]:
    """Every heading in reading order with the chunk it starts in."""
    return [(h, row) for row in rows for h in _started(row)]


def _started(row: dict) -> list[str]:
    """The headings a chunk starts; a placeholder ("Not applicable") heads nothing."""
    headings = str(row["metadata"].get("headings", "")).split("\n")
    return [h for h in headings if h and not is_placeholder(h)]


def _outline_items(rows: list[dict], terms: set[str]) -> list[tuple[str, dict]]:
    """The headings that head text (a group's title, with no text of its own, is left out,
    also where it is repeated over a summary); when there are many, those about the
    question's own topic ("risks from tariffs"), then the main ones."""
    groups: list[list[tuple[str, dict]]] = [[]]
    titles = set()
    for row in rows:
        started = [h for h in _started(row) if not ITEM_HEADING.match(h) and not PART.match(h)]
        if not started:
            continue
        if len(started) > 1:
            titles.update(_key(h) for h in started[:-1])
            groups.append([])
        groups[-1].append((started[-1], row))
    groups = [[(h, r) for h, r in g if _key(h) not in titles] for g in groups]
    every = [item for group in groups for item in group]
    topical = _topical(every, terms)
    return topical[:MAX_ITEMS] if topical else _main(groups)


def _topical(items: list[tuple[str, dict]], terms: set[str]) -> list[tuple[str, dict]]:
    """The items naming words of the question that few items name (a topic, not "risk"),
    rarer words weighing more; those at least half as topical as the best."""
    words = [content_terms(heading) for heading, _ in items]
    counts = {t: sum(t in w for w in words) for t in terms}
    rare = {t: 1 / n for t, n in counts.items() if 0 < n <= len(items) // 4}
    scores = [sum(rare.get(t, 0) for t in w) for w in words]
    best = max(scores, default=0)
    return [item for item, score in zip(items, scores, strict=True) if best and score >= best / 2]


def _main(groups: list[list[tuple[str, dict]]]) -> list[tuple[str, dict]]:
    """At most MAX_ITEMS: the first of each group, then the second ..., in reading order."""
    chosen: list[tuple[str, dict]] = []
    depth = 0
    while len(chosen) < MAX_ITEMS and any(len(g) > depth for g in groups):
        chosen += [g[depth] for g in groups if len(g) > depth][: MAX_ITEMS - len(chosen)]
        depth += 1
    order = {id(item): n for n, item in enumerate(i for g in groups for i in g)}
    return sorted(chosen, key=lambda item: order[id(item)])


def _key(heading: str) -> str:
    return re.sub(r"[^a-z]", "", heading.lower())


def _region(rows: list[dict], pattern: re.Pattern) -> list[dict]:
    """Where a document has no Item sections (a PDF): from the heading that names the section
    ("Item 1A. Risk Factors") to the next Item heading."""
    region, inside = [], False
    for row in rows:
        for heading in _started(row):
            if pattern.search(heading):
                inside = True
            elif inside and ITEM_HEADING.match(heading):
                return region
        if inside:
            region.append(row)
    return region


def _section_starts(rows: list[dict]) -> list[tuple[str, dict]]:
    """An 8-K's Items, each with its first chunk."""
    seen: dict[str, dict] = {}
    for row in rows:
        section = row.get("section") or ""
        if ITEM_HEADING.match(section) and section not in seen:
            seen[section] = row
    return list(seen.items())


def _segments(rows: list[dict]) -> list[tuple[str, dict]]:
    """The segments as the filing's own sentence states them ("our reportable segments consist
    of the Americas, Europe ...", "two reportable segments: (i) automotive and (ii) energy
    generation and storage", 'segments are "Compute & Networking" and "Graphics"', "four
    reportable segments: • Commercial Airplanes (BCA); • Defense, Space & Security (BDS); ..."):
    the first such sentence in reading order whose names are as many as it says ("four"),
    cited to its chunk (a PDF's page); names keep a heading's casing (not an all-capitals one)."""
    casing = {_key(h): h for h, _ in _headed(rows) if not h.isupper()}  # not "GREATER CHINA"
    for row in rows:
        body = row["text"].split("\n", 1)[-1]
        if "|" in body:
            continue  # a table's rows are not sentences
        for match in SEGMENTS_ARE.finditer(body):
            names = _names(match.group("list"))
            count = (match.group("count") or "").lower()
            wanted = COUNTS.get(count) or (int(count) if count.isdigit() else None)
            if len(names) >= 2 and wanted in (None, len(names)):
                return [(casing.get(_key(n), n[:1].upper() + n[1:]), row) for n in names]
    return []


def _names(listed: str) -> list[str]:
    """The names of a list as printed: bulleted or split by semicolons ("A; B; and C"),
    quoted, enumerated "(i) a and (ii) b", or "A, B and C" (capitalised); [] when a piece reads
    as prose. A parenthesis after a name ("(BCA)", '("EMEA")') and a clause after the last one
    (", and include results for ...") are no part of it."""
    listed = " ".join(listed.split())
    quoted = re.findall(r'(?<!\()"([^"]+?)[,.]?(?:"|$)', listed)  # a sentence may end inside one
    enumerated = re.split(r"\s*(?:\band\s+)?\((?:[ivx]{1,4}|\d|[a-h])\)\s*", listed)
    if "•" in listed or ";" in listed:
        pieces = [p.strip(" ,;") for p in re.split(r"\s*[•;]\s*", listed)]
        pieces = [re.sub(r"^and\s+", "", p) for p in pieces if p]
    elif quoted:
        pieces = quoted
    elif len(enumerated) > 2:
        pieces = [p.strip(" ,") for p in enumerated[1:]]
    else:
        pieces = [p.strip() for p in re.split(r",\s*", listed)]
        last = pieces.pop().rsplit(" and ", 1) if pieces else []
        pieces = [re.sub(r"^(?:and|the)\s+", "", p) for p in pieces + last]
        if not all(p[:1].isupper() for p in pieces):
            return []
    if pieces:
        pieces[-1] = re.split(r",\s+(?=[a-z])", pieces[-1])[0]  # ", and include results ..."
    pieces = [re.sub(r"\s*\([^)]*\)$", "", p).strip() for p in pieces]
    return pieces if all(0 < len(p.split()) <= 5 for p in pieces) else []


# ---- the answer -----------------------------------------------------------------------------


def _intro(kind: ListKind, items: list[tuple[str, dict]]) -> str:
    """What the list is, after the document's title: "lists these risk factors"."""
    if kind.name == "customers" and items and items[0][0][-1:] in ".!?":  # sentences
        if none_over(items):
            return "names no customer above the threshold it reports"
        return "states these customer concentrations"
    if kind.name == "strategy":
        return "states its strategy in these words"
    return f"lists these {kind.noun}"


def _listing(
    intro: str,
    document: dict,
    items: list[tuple[str, dict | list[dict]]],
    quote: bool = False,
    sentences: bool = False,
) -> Listing:
    """The list as "- item [n]" (an item printed over two chunks cites both); with `quote`,
    each item followed by its opening words; with `sentences`, the items (the filing's
    sentences) in quotation marks."""
    sources: list[tuple[Citation, str]] = []
    numbers: dict[str, int] = {}
    lines = []
    for heading, where in items:
        rows = where if isinstance(where, list) else [where]
        for row in rows:
            if row["id"] in numbers:
                continue
            body = row["text"].split("\n", 1)[-1]
            numbers[row["id"]] = len(sources) + 1
            citation = chunk_citation(
                len(sources) + 1,
                document,
                document["id"],
                row.get("section"),
                row.get("page"),
                body,
            )
            sources.append((citation, body))
        lead = _lead(rows[0]) if quote else ""
        shown = f'"{heading}"' if sentences and heading[-1:] in ".!?" else heading
        cited = ", ".join(str(numbers[row["id"]]) for row in rows)
        lines.append(f"- {shown} [{cited}]" + (f": {lead}" if lead else ""))
    where = document.get("title") or document["id"]
    text = f"{where} {intro}:\n" + "\n".join(lines)
    return Listing(text, sources)


def _lead(row: dict) -> str:
    """What an item says, in its own opening words: its sub-heading, then its first sentence
    (cut at LEAD_CHARS), quoted; "" for a line too short to say anything ("(d) Exhibits")."""
    headings = set(_started(row))
    paragraphs = [p.strip() for p in row["text"].split("\n", 1)[-1].split("\n\n") if p.strip()]
    titles = [p for p in paragraphs if p in headings]
    prose = next((p for p in paragraphs if p not in headings and not p.startswith("|")), "")
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", prose)[0]
    if len(sentence) > LEAD_CHARS:
        sentence = sentence[:LEAD_CHARS].rsplit(" ", 1)[0] + " ..."
    if len(sentence.split()) < LEAD_WORDS:
        return ""
    return "; ".join([*titles, f'"{sentence}"'])
