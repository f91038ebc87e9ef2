"""HTML to a flat list of text blocks: paragraphs as plain text, tables as Markdown.

SEC filings (`sec.filings`) and HTML uploads (`uploads.html`) both go through `html_blocks`, so
a page reads the same whichever way it came. It knows nothing about Items (that is `sec.items`)
nor about where the bytes came from.

What it leaves out, and why (a reader never sees it, so the model must not either):
- tags that are never shown or are active content: `head`, `title`, `script`, `style`,
  `noscript`, `template`, `xml`, the inline-XBRL `ix:header` (the filing's machine-readable
  facts), `iframe`, `frame`, `frameset`, `object`, `embed`, `applet`, `svg`, `math`, `canvas`,
  `audio`, `video`;
- elements hidden by markup (where prompt injections hide): the `hidden` attribute,
  `aria-hidden="true"`, or a style that hides text (`core.untrusted.hides`: `display:none`,
  `visibility:hidden|collapse`, a font size of 1 or less, `opacity:0`, white text on no or a
  white background, moved off the page, clipped away);
- comments and processing instructions (their text; the text after them stays).
These are the union of what the SEC and the upload readers used to hide. EDGAR forbids active
content in filings, and on every sample filing the union gives the very same blocks as the
SEC-only rules did. Table cells escape `|` as `\\|`, so a cell never splits a Markdown row.
Whitespace runs collapse to one space and typographic quotes become ASCII. A paragraph whose
every letter is bold or italic (`b`, `strong`, `i`, `em`, or a bold/italic style) is marked
`emphasis`: filings print their sub-headings so (a risk factor, "Risks Related to ..."), and
`sec.items` keeps them as the section's headings. Pure: a tree in.
"""

import re
from dataclasses import dataclass
from typing import Literal

import lxml.html
from lxml import etree

from core.errors import SourceError
from core.placeholders import is_placeholder
from core.untrusted import hides

SKIP_TAGS = frozenset(
    "head title script style noscript template xml ix:header iframe frame frameset object embed "
    "applet svg math canvas audio video".split()
)
BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "br", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "ol", "p", "pre", "section", "td", "th", "tr", "ul",
}  # fmt: skip
_SPACES = str.maketrans(
    {"\xa0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\t": " ",
     "\u200b": "", "\xad": "", "\ufeff": "", "\u2018": "'", "\u2019": "'", "\u201c": '"',
     "\u201d": '"'}
)  # fmt: skip
_WS = re.compile(r"\s+")
_SUFFIX_CELL = re.compile(r"^(\)?\s*%?\)?|pts|bps|bp)$")  # "%", ")%", "pts" in their own cell
_TOC_CELL = re.compile(r"^(item\s+\d|part\s+[ivx]+\b)", re.I)
_EMPHASIS_TAGS = frozenset({"b", "strong", "i", "em"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)|font-style\s*:\s*italic", re.I)
_PLAIN_STYLE = re.compile(r"font-weight\s*:\s*(normal|lighter|[1-5]00)", re.I)
MAX_HEADING = 400  # a risk factor's title is one sentence, sometimes a long one
SHORT_HEADING = 160  # longer headings end a sentence
_MARKER_CELL = re.compile(r"^(•|·|▪|◦|●|-|—|–|\*|\(?[0-9a-z]{1,3}\)|[0-9]{1,2}\.)$", re.I)


@dataclass(frozen=True)
class Block:
    """A paragraph of text or one Markdown table, in document order."""

    kind: Literal["text", "table"]
    text: str
    emphasis: bool = False  # every letter of the paragraph is bold or italic (a sub-heading)


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space, map typographic quotes and odd spaces to ASCII."""
    return _WS.sub(" ", text.translate(_SPACES)).strip()


def parse_html_root(payload: bytes) -> etree._Element:
    """The lxml document of a filing's HTML/XHTML payload (the XML declaration is allowed).

    Uploads build their tree themselves, under parser limits (`uploads.html`).
    """
    try:
        return lxml.html.document_fromstring(payload)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"filing HTML could not be parsed: {exc}") from exc


def html_blocks(root: etree._Element) -> list[Block]:
    """Every visible paragraph and table of the document body, in order."""
    body = root.find("body")
    return _Walker().run(body if body is not None else root)


def hidden_count(root: etree._Element) -> int:
    """How many elements `html_blocks` leaves out as hidden by markup (the `hidden` attribute or
    a hiding style), not counting those inside a left-out element nor the skipped tags."""
    body = root.find("body")
    count = 0
    walker = etree.iterwalk(body if body is not None else root, events=("start",))
    for _, el in walker:
        if not isinstance(el.tag, str):
            continue
        if el.tag in SKIP_TAGS:
            walker.skip_subtree()
        elif _hidden_by_markup(el):
            count += 1
            walker.skip_subtree()
    return count


def headings(blocks: list[Block]) -> list[str]:
    """The paragraphs printed wholly in bold or italic that read as headings (a risk factor's
    one-sentence title, "Risks Related to ...", "Item 1A. Risk Factors"). Italic prose is not
    one: a paragraph starting in lower case (the rest of one cut by a page break), or a long
    one that does not end a sentence."""
    return [b.text for b in blocks if b.kind == "text" and b.emphasis and _reads_as_heading(b.text)]


def _reads_as_heading(text: str) -> bool:
    if len(text) > MAX_HEADING or not (text[:1].isupper() or text[:1] in "(0123456789"):
        return False
    if is_placeholder(text):
        return False  # "None." or "Not applicable" in bold under an Item heads nothing
    return len(text) <= SHORT_HEADING or text.endswith((".", "?", "!"))


def is_hidden(el: etree._Element) -> bool:
    """True for elements that are never shown: skipped tags and those hidden by markup."""
    return el.tag in SKIP_TAGS or _hidden_by_markup(el)


def _hidden_by_markup(el: etree._Element) -> bool:
    style = el.get("style")
    return "hidden" in el.attrib or el.get("aria-hidden") == "true" or bool(style and hides(style))


class _Walker:
    """Iterative walk (filings can nest deeper than Python's recursion limit)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[tuple[str, bool]] = []  # text pieces, each with whether it is emphasized
        self.open: list[tuple[object, bool]] = [(None, False)]  # element, its text emphasized

    def _add(self, text: str | None, emphasized: bool) -> None:
        if text:
            self.buf.append((text, emphasized))

    def run(self, top: etree._Element) -> list[Block]:
        walker = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event in ("comment", "pi"):
                self._add(el.tail, self.open[-1][1])
            elif event == "start":
                self._start(walker, el)
            else:
                self._end(el, top)
        self.flush()
        return self.blocks

    def _start(self, walker: etree.iterwalk, el: etree._Element) -> None:
        if not isinstance(el.tag, str) or is_hidden(el):
            walker.skip_subtree()
        elif el.tag == "table":
            self.flush()
            self.blocks.extend(table_blocks(el))
            walker.skip_subtree()
        else:
            if el.tag in BLOCK_TAGS:
                self.flush()
            self.open.append((el, _emphasized(el, self.open[-1][1])))
            self._add(el.text, self.open[-1][1])

    def _end(self, el: etree._Element, top: etree._Element) -> None:
        if isinstance(el.tag, str) and (el.tag in BLOCK_TAGS or el.tag == "table"):
            self.flush()
        if self.open[-1][0] is el:
            self.open.pop()
        if el is not top:
            self._add(el.tail, self.open[-1][1])

    def flush(self) -> None:
        text = normalize_space("".join(piece for piece, _ in self.buf))
        letters = [e for piece, e in self.buf for c in piece if c.isalpha()]
        self.buf.clear()
        if text:
            self.blocks.append(Block("text", text, bool(letters) and all(letters)))


def _emphasized(el: etree._Element, inherited: bool) -> bool:
    """Whether an element's own text is bold or italic: its tag or style, else its parent's."""
    style = el.get("style") or ""
    if el.tag in _EMPHASIS_TAGS or _BOLD_STYLE.search(style):
        return True
    return False if _PLAIN_STYLE.search(style) else inherited


# ---- tables ---------------------------------------------------------------------------------


def table_blocks(table: etree._Element) -> list[Block]:
    """A table as one Markdown block; layout tables (bullets, one row) as text; the TOC dropped."""
    grid = _grid(table)
    if not grid or _is_toc(grid):
        return []
    widths = [sum(1 for cell in row if cell) for row in grid]
    if len(grid) == 1 or max(widths) < 2:
        return [Block("text", " ".join(cell for cell in row if cell)) for row in grid]
    if len(grid[0]) == 2 and all(_MARKER_CELL.match(row[0]) or not row[0] for row in grid):
        return [Block("text", " ".join(cell for cell in row if cell)) for row in grid]
    return [Block("table", _markdown(grid))]


def _rows(table: etree._Element) -> list[list[tuple[str, int]]]:
    rows = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        if is_hidden(tr):
            continue
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rows.append([(_cell_text(c), _span(c)) for c in cells if not is_hidden(c)])
    return rows


def _cell_text(cell: etree._Element) -> str:
    blocks = _Walker().run(cell)
    return " ".join(b.text.replace("\n", " ") for b in blocks).replace("|", "\\|")


def _span(cell: etree._Element) -> int:
    value = (cell.get("colspan") or "1").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1


def _grid(table: etree._Element) -> list[list[str]]:
    rows = _rows(table)
    width = max((sum(span for _, span in row) for row in rows), default=0)
    numeric = _numeric_columns(rows, width)
    grid = [_place(row, width, numeric) for row in rows]
    for row in grid:
        _merge_suffixes(row)
    grid = [row for row in grid if any(row)]
    keep = [i for i in range(width) if any(row[i] for row in grid)]
    return [[row[i] for i in keep] for row in grid]


def _numeric_columns(rows: list[list[tuple[str, int]]], width: int) -> list[bool]:
    numeric = [False] * width
    for row in rows:
        col = 0
        for text, span in row:
            if span == 1 and any(ch.isdigit() for ch in text):
                numeric[col] = True
            col += span
    return numeric


def _place(row: list[tuple[str, int]], width: int, numeric: list[bool]) -> list[str]:
    """Lay a row's cells on the column grid; a spanning cell sits on its numeric column."""
    out = [""] * width
    col = 0
    for text, span in row:
        cols = range(col, min(col + span, width))
        target = next((i for i in cols if numeric[i]), col)
        if text and target < width:
            out[target] = text
        col += span
    return out


def _merge_suffixes(row: list[str]) -> None:
    """Join a cell of only "%", ")" or "pts" to the figure on its left: "(4" ")%" -> "(4)%"."""
    last = None
    for i, cell in enumerate(row):
        if cell and _SUFFIX_CELL.match(cell) and last is not None:
            row[last] += " " + cell if cell[0].isalpha() else cell.replace(" ", "")
            row[i] = ""
        elif cell:
            last = i


def _is_toc(grid: list[list[str]]) -> bool:
    firsts = [next((c for c in row if c), "") for row in grid]
    return sum(1 for c in firsts if _TOC_CELL.match(c)) >= 3


def _markdown(grid: list[list[str]]) -> str:
    lines = [_md_row(grid[0]), "|" + " --- |" * len(grid[0])]
    return "\n".join(lines + [_md_row(row) for row in grid[1:]])


def _md_row(cells: list[str]) -> str:
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"
