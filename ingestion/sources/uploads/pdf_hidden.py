"""Text a PDF page draws but a reader cannot see, removed before its text is extracted.

Hidden: text drawn in render mode 3 or 7 (neither filled nor stroked), text set under 1.5
points with no text or page matrix scaling it (a scaled font size is not judged: filings set
"1 Tf" and scale it), and white text on a page that paints no filled shape or image (where it
may stand on a dark box, it is kept). Only a page whose content stream names one of these (a
cheap byte test) is parsed here, and text extraction reuses that parse.
"""

import math
import re
from typing import Any

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, NameObject, StreamObject

TINY_PT = 1.5
# a render mode that paints nothing, a white fill colour, a font size under 2
_HINT = re.compile(
    rb"\b[37]\s+Tr\b|(?<![\d.])1(?:\.0*)?\s+(?:1(?:\.0*)?\s+1(?:\.0*)?\s+(?:rg|sc|scn)|g)\b"
    rb"|\b0\s+0\s+0\s+0\s+(?:k|sc|scn)\b|\s(?:0|0?\.\d+|1(?:\.0+)?)\s+Tf\b"
)
_PAINTS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"INLINE IMAGE"}
_SHOWS = {b"Tj", b"TJ", b"'", b'"'}


def drop_hidden_text(page: PageObject) -> int:
    """Remove the page's hidden text-showing operations (in memory); how many were removed."""
    raw = page.get("/Contents")
    raw = None if raw is None else raw.get_object()
    if not isinstance(raw, (ArrayObject, StreamObject)):
        return 0
    content = ContentStream(raw, page.pdf, "bytes")  # as pypdf's text extraction reads it
    if not _HINT.search(data := content.get_data()):
        return 0
    operations = content.operations
    paints = any(op in _PAINTS for _, op in operations)
    kept, removed = _visible(operations, paints)
    if removed:
        content = ContentStream(None, page.pdf, "bytes")
        content.operations = kept
    else:  # extract_text reuses this parse: it reads the data (a byte test) and the operations
        content._data = data
    page[NameObject("/Contents")] = content
    return removed


def _visible(operations: list[tuple[Any, bytes]], paints: bool) -> tuple[list, int]:
    state = _State()
    stack: list[_State] = []
    kept, removed = [], 0
    for operands, op in operations:
        if op == b"q":
            stack.append(state.copy())
        elif op == b"Q" and stack:
            state = stack.pop()
        else:
            state.apply(op, operands)
        if op in _SHOWS and state.hidden(paints):
            removed += 1
            if op in (b"'", b'"'):  # these also move to the next line: keep the move
                kept.append(([], b"T*"))
            continue
        kept.append((operands, op))
    return kept, removed


class _State:
    """The graphics and text state that decides whether text shows."""

    def __init__(self) -> None:
        self.render, self.white, self.size = 0, False, 12.0
        self.tm_scale, self.cm_scale = 1.0, 1.0

    def copy(self) -> "_State":
        other = _State()
        other.__dict__.update(self.__dict__)
        return other

    def hidden(self, paints: bool) -> bool:
        unscaled = self.tm_scale == 1.0 and self.cm_scale == 1.0  # a scaled matrix: not judged
        tiny = unscaled and abs(self.size) < TINY_PT
        return self.render in (3, 7) or tiny or (self.white and not paints)

    def apply(self, op: bytes, operands: list) -> None:
        numbers = _numbers(operands)
        if op == b"Tr" and numbers:
            self.render = int(numbers[0])
        elif op == b"Tf" and len(numbers) >= 1:
            self.size = numbers[-1]
        elif op == b"Tm" and len(numbers) == 6:
            self.tm_scale = math.hypot(numbers[2], numbers[3])
        elif op == b"BT":
            self.tm_scale = 1.0
        elif op == b"cm" and len(numbers) == 6:
            self.cm_scale *= math.hypot(numbers[2], numbers[3])
        elif op in (b"rg", b"g", b"k", b"sc", b"scn") and numbers:
            self.white = _is_white(op, numbers)


def _is_white(op: bytes, numbers: list[float]) -> bool:
    if op == b"k" or (op in (b"sc", b"scn") and len(numbers) == 4):
        return all(n <= 0.01 for n in numbers)
    if op in (b"sc", b"scn") and len(numbers) not in (1, 3):
        return False
    return all(n >= 0.99 for n in numbers)


def _numbers(operands: list) -> list[float]:
    out = []
    for operand in operands:
        try:
            out.append(float(operand))
        except (TypeError, ValueError):
            continue
    return out
