"""Split a Document into retrievable chunks: section by section, paragraphs packed to a word
budget, Markdown tables kept whole or split by rows with their header repeated.

Every chunk starts with a one-line context header (document title, section and, on a PDF page,
the heading it stands under), which helps both the lexical and the dense index find it.
Chunk ids are `<document id>#<ordinal>`.

A filing section's sub-headings (`Section.headings`: a risk factor's title, "Risks Related to
...") each start a new chunk, and the chunk they start in names them in its metadata
(`headings`, newline-joined; the last one is the heading over the chunk's text, those before it
head a group and have no text of their own). So the outline of a section (its risk factors, its
segments) can be read back from the chunks, each heading with the chunk that cites it. A PDF
part's heading is recorded the same way where it starts (a PDF page's `headings` are the lines
it prints in bold, which `headings.headed_parts` splits it at).
"""

import hashlib
import json
import re

from core.types import Chunk, Document, Section
from ingestion.headings import headed_parts

HEADER_ROWS = 2  # a Markdown table's header line and its |---| line
STUB_WORDS = 12  # a block this short is packed with the next one, even over the budget
NOTE_REACH = 2  # how many paragraphs before a table its scale note may stand
SCALE_NOTE = re.compile(
    r"\(?\b(?:(?:dollars|amounts|\$|shares)\s+)?in\s+(?:thousands|millions|billions)\b"
    r"[^)\n|]{0,160}\)?",
    re.IGNORECASE,
)


def chunk_document(document: Document, words_per_chunk: int = 100) -> list[Chunk]:
    """The document's chunks, in reading order."""
    texts: list[tuple[Section, str | None, list[str], str]] = []
    heading = None  # a PDF page's text starts under the heading the page before ended under
    for section in document.sections:
        if section.page:
            parts = headed_parts(section.text, heading, section.headings)  # bold lines
            starts = [[h] if h and (i or h != heading) else [] for i, (h, _) in enumerate(parts)]
        else:
            starts, texts_of = zip(*sub_heading_parts(section), strict=True)
            parts = [(None, text) for text in texts_of]
        for (part_heading, part), started in zip(parts, starts, strict=True):
            bodies = pack(blocks(part, words_per_chunk), words_per_chunk)
            for i, body in enumerate(bodies):
                texts.append((section, part_heading, started if i == 0 else [], body))
        heading = parts[-1][0] if parts and section.page else heading
    chunks = []
    for ordinal, (section, part_heading, started, body) in enumerate(texts):
        header = f"[{' | '.join(filter(None, (document.title, section.title, part_heading)))}]"
        text = f"{header}\n{body}"
        metadata = chunk_metadata(document, section)
        if started:
            metadata["headings"] = "\n".join(started)
        chunks.append(
            Chunk(
                id=f"{document.id}#{ordinal}",
                document_id=document.id,
                ordinal=ordinal,
                text=text,
                content_hash=content_hash(text, metadata),
                section=section.title,
                page=section.page,
                metadata=metadata,
            )
        )
    return chunks


def sub_heading_parts(section: Section) -> list[tuple[list[str], str]]:
    """The section's text split where its sub-headings start: (the headings that start the
    part, its text). Headings with no text between them (a group's title over its first
    item's) start one part together."""
    parts: list[tuple[list[str], list[str]]] = [([], [])]
    pending = list(section.headings)
    for paragraph in section.text.split("\n\n"):
        first = paragraph.split("\n", 1)[0].strip()
        if first in pending:  # in order; one never found as a paragraph is passed over
            del pending[: pending.index(first) + 1]
            started, body = parts[-1]
            if body and body == started:  # the part so far holds only bare headings
                started.append(first)
            else:
                parts.append(([first], []))
        parts[-1][1].append(paragraph)
    return [(started, "\n\n".join(body)) for started, body in parts if body]


def blocks(text: str, limit: int) -> list[str]:
    """Paragraphs and tables, each at most `limit` words (longer ones are split). A table
    printed under a scale note ("(In millions, except per-share amounts)") carries the note
    into each of its pieces, so a figure in the chunk is never read at the wrong scale."""
    out: list[str] = []
    recent: list[str] = []  # the paragraphs just before the current one
    for paragraph in _paragraphs(text):
        if paragraph.startswith("|"):
            note = None if scale_note(paragraph) else _last_note(recent[-NOTE_REACH:])
            pieces = split_table(paragraph, limit)
            out += [f"({note})\n{piece}" if note else piece for piece in pieces]
        else:
            out += split_words(paragraph, limit)
        recent.append(paragraph)
    return out


def scale_note(text: str) -> str | None:
    """The scale statement in a paragraph, e.g. "In millions, except number of shares"."""
    match = SCALE_NOTE.search(text)
    return match.group(0).strip(" ()") if match else None


def _last_note(paragraphs: list[str]) -> str | None:
    for paragraph in reversed(paragraphs):
        if note := scale_note(paragraph):
            return note
    return None


def is_table(block: str) -> bool:
    """A Markdown table, possibly under its one-line scale note."""
    lines = block.splitlines()
    return bool(lines) and (lines[0].startswith("|") or len(lines) > 1 and lines[1].startswith("|"))


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a run of table lines stays one paragraph."""
    paragraphs, current, in_table = [], [], False
    for line in text.splitlines():
        is_table = line.lstrip().startswith("|")
        if not line.strip() or is_table != in_table:
            if current:
                paragraphs.append("\n".join(current).strip())
            current = []
        if line.strip():
            current.append(line.strip())
        in_table = is_table
    if current:
        paragraphs.append("\n".join(current).strip())
    return [p for p in paragraphs if p]


def split_words(paragraph: str, limit: int) -> list[str]:
    """A long paragraph in even pieces of at most `limit` words (no stub at its end)."""
    words = paragraph.split()
    if len(words) <= limit:
        return [paragraph]
    size = -(-len(words) // -(-len(words) // limit))  # ceil(len / pieces)
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def split_table(table: str, limit: int) -> list[str]:
    """Rows of a Markdown table grouped to the word budget, each group under the header."""
    lines = table.splitlines()
    header, rows = lines[:HEADER_ROWS], lines[HEADER_ROWS:]
    budget = max(limit - sum(len(line.split()) for line in header), limit // 2)
    groups, current, size = [], [], 0
    for row in rows:
        words = len(row.split())
        if current and size + words > budget:
            groups.append(current)
            current, size = [], 0
        current.append(row)
        size += words
    if current or not groups:
        groups.append(current)
    return ["\n".join(header + group) for group in groups]


def pack(parts: list[str], limit: int) -> list[str]:
    """Greedily join consecutive blocks while they fit in `limit` words; tables stand alone."""
    packed, current, size = [], [], 0
    for part in parts:
        words = len(part.split())
        alone = is_table(part)
        stub = size < STUB_WORDS  # a heading or caption goes with what follows it
        if current and (size + words > limit and not stub or alone or is_table(current[-1])):
            packed.append("\n\n".join(current))
            current, size = [], 0
        current.append(part)
        size += words
    if current:
        packed.append("\n\n".join(current))
    return packed


def chunk_metadata(document: Document, section: Section) -> dict:
    """Flat, non-null metadata that Chroma can filter on."""
    metadata = {
        "document_id": document.id,
        "source": document.source,
        "ticker": document.ticker,
        "form": document.form,
        "fiscal_year": document.fiscal_year,
        "fiscal_period": document.fiscal_period,
        "section": section.title,
        "page": section.page,
        "published_day": int(document.published[:10].replace("-", ""))
        if document.published
        else None,
        "owner": document.owner,  # private documents only (searches filter in SQLite too)
    }
    return {key: value for key, value in metadata.items() if value is not None}


def content_hash(*parts: object) -> str:
    """SHA-256 of the parts' canonical JSON."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def document_hash(document: Document) -> str:
    return content_hash(document.model_dump(mode="json"))
