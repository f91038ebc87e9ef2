"""Untrusted text (model answers, filing passages) as safe, readable Markdown.

The text is parsed line by line into the few shapes an answer has: paragraphs, bullet and
numbered lists, and `|` table rows. Those shapes are written back as Markdown we build ourselves,
and every piece of the text inside them is made literal (`literal`): no HTML, link, image,
autolink, code, emphasis or math can come from the text. The only links in the output are the
ones the caller passes for citation numbers ("[3]" -> "#source-..."), built from integers.
"""

import re
from collections.abc import Callable

CITE = re.compile(r"\[(\d{1,3})\](?!\()")  # "[3]", not "[3](url)"
BULLET = re.compile(r"^\s{0,6}(?:[-*+•▪◦‣]|(\d{1,3})[.)])\s+(\S.*)$")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(\S.*?)\s*#*\s*$")
DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
ALWAYS = re.compile(r"([\\`*_\[\]<>~|])")  # markup in any position
ENTITY = re.compile(r"&(?=#?\w+;)")  # "&lt;" would render as "<"
AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=\bwww)\.|@")  # bare URLs and e-mail addresses
# what would start a heading, list or setext underline at the start of a paragraph's line
LINE_START = re.compile(r"^(\s*)(#(?=[\s#]|$)|[+=-](?=\s|[=-]*$))")
NUMBERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")

Links = Callable[[int], str | None]


def literal(text: str, links: Links | None = None, dollars: bool | None = None) -> str:
    """`text` as Markdown that shows exactly that text. Citation numbers "[n]" stay readable
    (unescaped, since a bare "[n]" is no link) or become links when `links(n)` gives an href.
    Dollar signs are escaped when two could pair up as math (`dollars`, by default if the text
    has two)."""
    dollars = text.count("$") >= 2 if dollars is None else dollars
    parts, last = [], 0
    for match in CITE.finditer(text):
        parts.append(_escape(text[last : match.start()], dollars))
        n = int(match.group(1))
        href = links(n) if links else None
        definition = not text[: match.start()].strip() and text[match.end() :].startswith(":")
        if href:
            parts.append(f"[\\[{n}\\]]({href})")
        else:  # a bare "[n]" is no link, unless it starts a line as "[n]: url" would
            parts.append(f"\\[{n}\\]" if definition else f"[{n}]")
        last = match.end()
    parts.append(_escape(text[last:], dollars))
    return "".join(parts)


def _escape(text: str, dollars: bool) -> str:
    text = ALWAYS.sub(r"\\\1", text)
    text = text.replace("$", "\\$") if dollars else text
    text = ENTITY.sub("\\&", text)
    return AUTOLINK.sub(lambda m: "\\" + m.group(0), text)


def _line(text: str, lit: Callable[[str], str]) -> str:
    """One line of a paragraph: literal, and no heading, quote or list marker at its start."""
    line = LINE_START.sub(r"\1\\\2", lit(text.strip()), count=1)
    return NUMBERED.sub(r"\1\\\2", line, count=1)


def readable(text: str, links: Links | None = None) -> str:
    """Paragraphs, lists and tables of `text` as safe Markdown (see the module docstring)."""
    dollars = text.count("$") >= 2

    def lit(part: str) -> str:
        return literal(part, links, dollars)

    blocks: list[list[str]] = []  # each a list of output lines; blank lines between blocks
    kind = None
    lines = text.replace("\r\n", "\n").split("\n")
    for index, raw in enumerate(lines):
        line = raw.rstrip()
        if not line.strip():
            kind = None
            continue
        if _is_row(line) and (kind == "table" or _starts_table(lines, index)):
            if kind != "table":
                blocks.append([])
                kind = "table"
            blocks[-1].append(line)
            continue
        item = BULLET.match(line)
        if item:
            if kind != "list":
                blocks.append([])
                kind = "list"
            marker = f"{int(item.group(1))}." if item.group(1) else "-"
            blocks[-1].append(f"{marker} {_line(item.group(2), lit)}")
            continue
        heading = HEADING.match(line)
        if heading:
            blocks.append([f"**{lit(heading.group(1))}**"])
            kind = None
            continue
        if kind == "list" and raw[:1].isspace():  # an item's continuation line
            blocks[-1][-1] += " " + lit(line.strip())
            continue
        if kind != "paragraph":
            blocks.append([])
            kind = "paragraph"
        blocks[-1].append(_line(line, lit))
    out = [_table(b, lit) if _is_row(b[0]) else _join(b) for b in blocks]
    return "\n\n".join(out)


def _join(block: list[str]) -> str:
    if block[0].startswith(("- ", "**")) or re.match(r"\d+\. ", block[0]):
        return "\n".join(block)
    return "  \n".join(block)  # the text's own line breaks are kept


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _starts_table(lines: list[str], index: int) -> bool:
    """A table is two or more `|` rows in a row (one alone is a sentence with pipes)."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return _is_row(following)


def _table(rows: list[str], lit: Callable[[str], str]) -> str:
    """`|` rows as a Markdown table: the first row is the header, every cell literal."""
    cells = [_cells(row) for row in rows if not DELIMITER.match(row.strip())]
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    out = [_row(cells[0], lit), "|" + " --- |" * width]
    return "\n".join(out + [_row(row, lit) for row in cells[1:]])


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in inner.split("|")]


def _row(cells: list[str], lit: Callable[[str], str]) -> str:
    return "| " + " | ".join(lit(cell) or " " for cell in cells) + " |"
