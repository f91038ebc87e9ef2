"""An Item that only points to a note: "Item 3. Legal Proceedings ... see Note 21 to our
Consolidated Financial Statements", "The information contained in Note 16 'Commitments and
Contingencies' ... is incorporated herein by reference". The list is then the note's: its
sub-headings from the first one on the Item's subject ("Litigation and Regulatory
Proceedings" inside "Commitments and Contingencies"), or, in a note with no sub-headings, its
sentences that state a dated matter ("Multiple legal actions have been filed against us as a
result of the October 29, 2018 accident ..."), each cited to the chunks it is printed in.

Rows are a document's chunks in reading order (rag.search.store.Catalog.outline).
"""

import re

ITEM_LINE = re.compile(r"^\s*item\s+\d{1,2}[a-d]?\s*[.:–—-]?\s*(?P<title>.*)$", re.I)
TOC_LINE = re.compile(r"\s\d{1,3}\s*$")  # "Item 3: Legal Proceedings 63" in a contents page
NOTE_REF = re.compile(r"\bnotes?\s+(?P<n>\d{1,2})\b", re.I)
ITEM_REACH = 3  # chunks an Item's own text is read over, from its heading line
NOTE_REACH = 80  # chunks a note is read over at most
MAX_SENTENCES = 8
# What, inside a wider note, the subject of each list begins with.
SUBJECTS = {
    "legal": re.compile(r"\b(?:legal|litigation|lawsuits?|proceedings)\b", re.I),
}
# A sentence stating a matter: a legal action, with a year or a date.
MATTER = {
    "legal": re.compile(
        r"\b(?:lawsuits?|legal actions?|litigation|class actions?|complaints?|investigations?|"
        r"subpoenas?|arbitration|settled|settlement|alleg\w+|filed against|plaintiffs?|"
        r"indict\w*|prosecution|penalt(?:y|ies)|disputed?)\b",
        re.I,
    ),
}
DATED = re.compile(r"\b(?:19|20)\d{2}\b")
# A sentence ends at . ! or ?, but not after an initial ("U.S.", "J.") or an abbreviation.
SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bInc\.)(?<!\bCo\.)(?<!\bNo\.)(?<!\bvs\.)(?<!\bv\.)"
    r"(?<!\bCorp\.)(?<!\bLtd\.)\s+(?=[A-Z(])"
)


def referenced_note(rows: list[dict], section: re.Pattern) -> tuple[str, list[dict]] | None:
    """(the note's heading, its chunks) when the Item titled by `section` refers to a note
    ("see Note 21") that the document prints; None otherwise."""
    for start, text in _item_texts(rows, section):
        for match in NOTE_REF.finditer(text):
            found = _note(rows, int(match.group("n")), start)
            if found:
                return found
    return None


def note_items(
    kind: str, heading: str, note: list[dict], started
) -> list[tuple[str, list[dict]]] | None:
    """The note's items for the list `kind`: (sub-heading, [its chunk]) from the first
    sub-heading on the subject; in a note without sub-headings, (a dated sentence stating a
    matter, the chunks it is printed in). `started(row)` gives the headings a chunk starts."""
    subject = SUBJECTS.get(kind)
    headed = [(h, row) for row in note for h in started(row) if h != heading]
    if subject:
        first = next((i for i, (h, _) in enumerate(headed) if subject.search(h)), None)
        headed = headed[first:] if first is not None else headed
    if len(headed) >= 2:
        return [(h, [row]) for h, row in headed]
    matter = MATTER.get(kind)
    if matter is None:
        return None
    return [
        (sentence, spans)
        for sentence, spans in _sentences(note)
        if matter.search(sentence) and DATED.search(sentence)
    ][:MAX_SENTENCES] or None


def _item_texts(rows: list[dict], section: re.Pattern):
    """(index of the chunk, the Item's own text) for each line "Item N. <title>" whose title
    the `section` pattern names (not a contents page's line), read to the next Item line; a
    filing read by Items (its chunks' `section`) gives that section's text."""
    inside = [i for i, row in enumerate(rows) if _is_item(row.get("section") or "", section)]
    if inside:
        yield inside[0], " ".join(_body(rows[i]) for i in inside[:ITEM_REACH])
    for i, row in enumerate(rows):
        lines = _body(row).split("\n")
        for k, line in enumerate(lines):
            if not _is_item(line, section) or TOC_LINE.search(line):
                continue
            following = lines[k + 1 :] + [
                line for later in rows[i + 1 : i + ITEM_REACH] for line in _body(later).split("\n")
            ]
            own = []
            for line in following:
                if ITEM_LINE.match(line):
                    break
                own.append(line)
            yield i, " ".join(own)


def _is_item(line: str, section: re.Pattern) -> bool:
    """Whether a line is the heading "Item N. <title>" of the section."""
    match = ITEM_LINE.match(line)
    return bool(match and section.search(match.group("title")))


def _note(rows: list[dict], number: int, after: int) -> tuple[str, list[dict]] | None:
    """The note numbered `number` after chunk `after`: its heading ("Note 21 – Legal
    Proceedings", "16. Commitments and Contingencies") and its chunks to the next note's."""
    for i in range(after + 1, len(rows)):
        heading = _note_heading(rows[i], number)
        if heading:
            end = next(
                (
                    j
                    for j in range(i + 1, min(len(rows), i + NOTE_REACH))
                    if _note_heading(rows[j], number + 1)
                ),
                min(len(rows), i + NOTE_REACH),
            )
            return heading, rows[i:end]
    return None


def _note_heading(row: dict, number: int) -> str | None:
    """The line of the chunk that heads note `number`, if any: a heading, or a line of text."""
    pattern = re.compile(rf"^\s*(?:note\s+)?{number}\s*[.–—:-]\s*[A-Z]", re.I)
    headings = [h for h in str(row["metadata"].get("headings", "")).split("\n") if h]
    lines = _body(row).split("\n")
    return next((line.strip() for line in [*headings, *lines] if pattern.match(line)), None)


def _body(row: dict) -> str:
    """A chunk's text without its "[title | page | heading]" header line."""
    return row["text"].split("\n", 1)[-1]


def _sentences(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """The sentences of the chunks in reading order, each with the chunks it is printed in (a
    sentence cut by a chunk's edge spans two)."""
    text, starts = "", []
    for row in rows:
        starts.append(len(text))
        text += " ".join(_body(row).split()) + " "
    bounds = [*starts[1:], len(text)]
    out, at = [], 0
    for piece in SENTENCE_END.split(text):
        begin = text.index(piece, at)
        at = end = begin + len(piece)
        spans = [
            row
            for row, first, last in zip(rows, starts, bounds, strict=True)
            if first < end and last > begin
        ]
        out.append((piece.strip(), spans))
    return out
