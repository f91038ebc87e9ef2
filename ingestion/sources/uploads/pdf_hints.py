"""A cheap test on a PDF page's content bytes: could any text it draws be hidden by pdf_hidden's
rules? Only a page that could is parsed operation by operation.

The test bounds what the page can do rather than following it: a font size under 1.5 points
counts only where some text is shown under a text matrix of scale 1 (one that sets scale 1, or
none set in its text object: filings set "1 Tf" and scale it by the matrix); white text counts
only on a page that paints nothing (no fill, shading, image, or form that paints); any render
mode 3 or 7 counts. Strings are taken out first
(their bytes are data, never operators), and a stream whose strings cannot be told apart from its
operators (inline image data, comments, unbalanced or deeply nested parentheses), or whose
operands do not read as numbers, is always looked at. A form the page draws is looked at when it
shows text.

The stream is read with the regex engine's fast paths only (a literal first, never a scan that
tries every byte): strings and hex strings out, delimiters made spaces, whitespace runs made
single spaces, so an operator is a literal " Tf " and its numbers are read backwards from the
reversed stream, where the operator's reversed name comes first.
"""

import math
import re
from collections.abc import Callable

TINY_PT = 1.5
# a first look at the raw bytes: a render mode, a font size under 2, a colour operator whose last
# operand may be white (at least .99, or at most .01 for CMYK and separations), a form drawn
_GATE = re.compile(
    rb"Tr\b|(?<![\d.])(?=[-.\d])(?:-[\d.]*|0*1?(?:\.\d*)?)\s+Tf\b"
    rb"|(?:[1-9][\d.]*|\.99\d*)\s+(?:rg|g|sc|scn)\b"
    rb"|(?<![\d.])(?=[-.\d])(?:-[\d.]*|0*(?:\.0[01]?\d*)?|0*\.)\s+(?:k|sc|scn)\b|Do\b"
)
_STRING = re.compile(rb"\((?:[^()\\]++|\\.)*+\)", re.S)  # possessive: no backtracking
_HEX = re.compile(rb"<[^<>]*>")  # once "<<" and ">>" are gone
_DELIMITERS = bytes.maketrans(b"[]<>{}\x00", b"       ")  # operators end at these, as at spaces
_FILLS = (b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"sh")
_SHOWS = (b"Tj", b"TJ", b"'", b'"')
_COLOURS = (b"rg", b"g", b"k", b"sc", b"scn")
_DO = re.compile(rb"/([^ /%()]+) ?Do ")
_NESTING = 8


def plain_bytes(data: bytes) -> bytes | None:
    """The stream without its strings, its tokens separated by single spaces (one at each end
    too); None when strings and operators cannot be told apart."""
    for _ in range(_NESTING):  # innermost strings first
        data, count = _STRING.subn(b" ", data)
        if not count:
            break
    if b"(" in data or b")" in data or b"%" in data:
        return None
    data = _HEX.sub(b" ", data.replace(b"<<", b" ").replace(b">>", b" "))
    plain = b" " + b" ".join(data.translate(_DELIMITERS).replace(b"/", b" /").split()) + b" "
    return None if _has(plain, (b"BI", b"ID")) else plain  # inline image data: not readable


def may_hide(data: bytes, xobject: Callable[[bytes], tuple[str, bytes | None]]) -> bool:
    """Whether the page content `data` could draw hidden text. `xobject(name)` says what a drawn
    name is ("image", "form" or "other") and, for a form, its plain bytes."""
    if not _GATE.search(data):
        return False
    plain = plain_bytes(data)
    if plain is None:
        return True
    drawn = {name: xobject(name) for name in set(_DO.findall(plain))}
    if any(kind != "image" and _form_shows(kind, form) for kind, form in drawn.values()):
        return True
    if not _has(plain, _SHOWS):
        return False
    reverse = plain[::-1]
    try:
        if any(3 <= n < 4 or 7 <= n < 8 for nums in _operands(reverse, b"Tr") for n in nums):
            return True
        if not _paints(plain, list(drawn.values())) and any(
            nums and _may_be_white(op, nums) for op in _COLOURS for nums in _operands(reverse, op)
        ):
            return True
        return _may_be_tiny(plain, reverse)
    except ValueError:  # a number that does not read as one: the parse decides
        return True


def _has(plain: bytes, ops: tuple[bytes, ...]) -> bool:
    return any(b" " + op + b" " in plain for op in ops)


def _operands(reverse: bytes, op: bytes) -> list[list[float]]:
    """The numbers right before each `op`, up to 9 (more is no well-formed operator), read in
    the reversed plain stream, where a literal (the reversed name) starts each match."""
    found = _reversed_pattern(op).findall(reverse)
    return [[float(token[::-1]) for token in reversed(numbers.split())] for numbers in found]


_PATTERNS: dict[bytes, re.Pattern] = {}


def _reversed_pattern(op: bytes) -> re.Pattern:
    if op not in _PATTERNS:
        _PATTERNS[op] = re.compile(b" " + re.escape(op[::-1]) + rb"((?: [-+.\d]+){0,9})(?= )")
    return _PATTERNS[op]


def _may_be_white(op: bytes, numbers: list[float]) -> bool:
    """White in some colour space (`sc`/`scn` 0 is white in a separation: no ink)."""
    no_ink = op in (b"sc", b"scn") and all(n <= 0.01 for n in numbers)
    return no_ink or is_white(op, numbers)


def _form_shows(kind: str, plain: bytes | None) -> bool:
    """Whether a drawn form could show text (anything not known to be a form is suspect)."""
    if kind != "form" or plain is None:
        return True
    return _has(plain, _SHOWS) or bool(_DO.search(plain))


def _paints(plain: bytes, drawn: list[tuple[str, bytes | None]]) -> bool:
    if _has(plain, _FILLS) or any(kind == "image" for kind, _ in drawn):
        return True
    return any(form is not None and _has(form, _FILLS) for _, form in drawn)


def _may_be_tiny(plain: bytes, reverse: bytes) -> bool:
    """A font size under TINY_PT, and text shown under a text matrix of scale 1."""
    if not any(nums and abs(nums[-1]) < TINY_PT for nums in _operands(reverse, b"Tf")):
        return False
    for nums in _operands(reverse, b"Tm"):
        if len(nums) != 6 or math.hypot(nums[2], nums[3]) == 1.0:
            return True
    return _shows_without_matrix(plain)


def _shows_without_matrix(plain: bytes) -> bool:
    """Whether text is shown before any text matrix is set in its text object, or before any
    text object (both at scale 1); one pass, linear in the tokens."""
    matrix = False
    for token in plain.split():
        if token == b"BT":
            matrix = False
        elif token == b"Tm":
            matrix = True
        elif token in _SHOWS and not matrix:
            return True
    return False


def is_white(op: bytes, numbers: list[float]) -> bool:
    """Whether a fill-colour operator's operands are white."""
    if op == b"k" or (op in (b"sc", b"scn") and len(numbers) == 4):
        return all(n <= 0.01 for n in numbers)
    if op in (b"sc", b"scn") and len(numbers) not in (1, 3):
        return False
    return all(n >= 0.99 for n in numbers)
