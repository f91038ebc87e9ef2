"""Split a filing's blocks into `Section`s by Item (10-K, 10-Q Part I/II, 8-K "Item 5.02").

Page furniture is dropped; in a section, blocks are separated by a blank line and a table is
kept in one block with its caption and unit lines.
"""

import re
from collections import Counter
from dataclasses import dataclass

from core.types import Section
from ingestion.sources.html import Block
from ingestion.sources.html import headings as emphasized_headings

COVER_TITLE = "Cover page"
_DASH = r"\s*[:.\-\u2013\u2014]?\s*"
_ITEM = re.compile(r"^item\s*(\d{1,2}\.\d{2}|\d{1,2}[a-d]?)\b\.?" + _DASH + r"(.*)$", re.I)
_PART = re.compile(r"^part\s+(iv|iii|ii|i)\b\.?" + _DASH + r"(.*)$", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PAGE_NUMBER = re.compile(r"^(page\s+)?[\divxlc]{1,4}$|^[a-z]-\d{1,3}$", re.I)
_TOC_LINK = re.compile(r"^(back to\s+)?(table of contents|index)$", re.I)
_UNIT = re.compile(
    r"\((?:[^()]*\b(?:in|dollars|amounts)\b[^()]*\b(?:thousands|millions|billions)\b[^()]*|"
    r"unaudited|in %|percent)\)",
    re.I,
)
MAX_HEADING = 300
MAX_CAPTION = 250


@dataclass(frozen=True)
class _Heading:
    index: int  # position in the block list
    part: int
    key: str  # "7A", "5.02"
    rest: str  # the printed title after the item number


def item_sections(blocks: list[Block], form: str) -> list[Section]:
    """Sections by Item (with a leading "Cover page"); one "Full text" section if none found."""
    blocks = drop_page_furniture(blocks)
    headings = _choose(_candidates(blocks, by_part=form.startswith("10-Q")), blocks)
    if not headings:
        return _nonempty([Section(title="Full text", text=join_blocks(blocks))])
    sections = [Section(title=COVER_TITLE, text=_body(blocks[: headings[0].index]))]
    bounds = [h.index for h in headings[1:]] + [len(blocks)]
    for heading, stop in zip(headings, bounds, strict=True):
        title, start = _title(heading, blocks, form)
        part = blocks[start:stop]
        sections.append(Section(title=title, text=_body(part), headings=sub_headings(part)))
    return _nonempty(sections)


def sub_headings(blocks: list[Block]) -> list[str]:
    """The section's sub-headings in order (`html.headings`), Item and Part lines and page
    furniture aside."""
    return [
        text
        for text in emphasized_headings(blocks)
        if not (_ITEM.match(text) or _PART.match(text) or _TOC_LINK.match(text))
    ]


def _body(blocks: list[Block]) -> str:
    return join_blocks([b for b in blocks if not _is_part_heading(b)])


def _nonempty(sections: list[Section]) -> list[Section]:
    return [s for s in sections if s.text]


def drop_page_furniture(blocks: list[Block]) -> list[Block]:
    """Without page numbers, "Table of Contents" links and footers repeated with page numbers."""
    templates = Counter(_template(b) for b in blocks if _short_with_digits(b))
    return [
        b
        for b in blocks
        if b.kind == "table"
        or not (
            _PAGE_NUMBER.match(b.text)
            or _TOC_LINK.match(b.text)
            or (_short_with_digits(b) and templates[_template(b)] >= 5)
        )
    ]


def _short_with_digits(block: Block) -> bool:
    return block.kind == "text" and len(block.text) <= 80 and any(c.isdigit() for c in block.text)


def _template(block: Block) -> str:
    return re.sub(r"\d+", "#", block.text)


# ---- headings -------------------------------------------------------------------------------


def _candidates(blocks: list[Block], by_part: bool) -> list[_Heading]:
    found, part = [], 0
    for i, block in enumerate(blocks):
        if block.kind != "text" or len(block.text) > MAX_HEADING:
            continue
        if _is_part_heading(block):
            part = _ROMAN[_PART.match(block.text).group(1).lower()]
        elif (m := _ITEM.match(block.text)) and not m.group(2)[:1].islower():
            found.append(_Heading(i, part if by_part else 0, m.group(1).upper(), m.group(2)))
    return found


def _is_part_heading(block: Block) -> bool:
    return block.kind == "text" and len(block.text) <= 80 and bool(_PART.match(block.text))


def _order(heading: _Heading) -> tuple[int, int, str]:
    number, _, suffix = heading.key.partition(".")
    digits = "".join(c for c in number if c.isdigit())
    return (heading.part, int(digits), number[len(digits) :] + suffix)


def _choose(found: list[_Heading], blocks: list[Block]) -> list[_Heading]:
    """One heading per Item, kept in increasing Item order.

    When an Item appears more than once (a table of contents written as paragraphs, running
    headers), the occurrence followed by the most text wins.
    """
    sizes = _following_sizes(found, blocks)
    best: dict[tuple[int, str], int] = {}
    for n, heading in enumerate(found):
        slot = (heading.part, heading.key)
        if slot not in best or sizes[n] >= sizes[best[slot]]:
            best[slot] = n
    kept = sorted(best.values())
    return [found[n] for n in _increasing(kept, found, sizes)]


def _following_sizes(found: list[_Heading], blocks: list[Block]) -> list[int]:
    if not found:
        return []
    stops = [h.index for h in found[1:]] + [len(blocks)]
    return [
        sum(len(b.text) for b in blocks[h.index + 1 : stop])
        for h, stop in zip(found, stops, strict=True)
    ]


def _increasing(kept: list[int], found: list[_Heading], sizes: list[int]) -> list[int]:
    """The longest run of headings whose Item order increases (ties: more text)."""
    best: list[tuple[int, int, int]] = []  # (count, text, previous position in `kept`)
    for i, n in enumerate(kept):
        options = [
            (best[j][0] + 1, best[j][1] + sizes[n], j)
            for j in range(i)
            if _order(found[kept[j]]) < _order(found[n])
        ]
        best.append(max(options, default=(1, sizes[n], -1)))
    if not best:
        return []
    i = max(range(len(best)), key=lambda k: (best[k][0], best[k][1]))
    chain = []
    while i >= 0:
        chain.append(kept[i])
        i = best[i][2]
    return chain[::-1]


def _title(heading: _Heading, blocks: list[Block], form: str) -> tuple[str, int]:
    """ "Item 7. Management's ...", taking the next block when the heading has only the number."""
    rest, start = heading.rest, heading.index + 1
    if not rest and start < len(blocks):
        nxt = blocks[start]
        if nxt.kind == "text" and len(nxt.text) <= 200 and not _ITEM.match(nxt.text):
            rest, start = nxt.text, start + 1
    title = f"Item {heading.key}. {rest}".strip() if rest else f"Item {heading.key}"
    if form.startswith("10-Q") and heading.part:
        title = f"Part {'I' * heading.part if heading.part < 4 else 'IV'}, {title}"
    return title, start


# ---- text assembly --------------------------------------------------------------------------


def join_blocks(blocks: list[Block]) -> str:
    """Blocks joined by blank lines; a table is joined to its caption/unit lines by newlines."""
    groups: list[list[Block]] = []
    for block in blocks:
        if block.kind == "table":
            caption = _take_caption(groups)
            groups.append(caption + [block])
        else:
            groups.append([block])
    return "\n\n".join("\n".join(b.text for b in group) for group in groups)


def _take_caption(groups: list[list[Block]]) -> list[Block]:
    caption: list[Block] = []
    while len(caption) < 2 and groups and _is_caption(groups[-1]):
        caption = groups.pop() + caption
    return caption


def _is_caption(group: list[Block]) -> bool:
    if len(group) != 1 or group[0].kind != "text" or len(group[0].text) > MAX_CAPTION:
        return False
    text = group[0].text
    return text.endswith(":") or bool(_UNIT.search(text)) or not text.endswith((".", ";"))
