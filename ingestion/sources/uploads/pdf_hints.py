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
"""

import math
import re
from collections.abc import Callable

TINY_PT = 1.5
_B = rb"(?<![^\s\[\]<>])"  # an operator starts after whitespace or a delimiter
_E = rb"(?![^\s\[\]<>])"
# a first look at the raw bytes: a render mode, a font size under 2, a colour operator whose last
# operand may be white (at least .99, or at most .01 for CMYK and separations), a form drawn
_GATE = re.compile(
    rb"Tr\b|(?<![\d.])(?=[-.\d])(?:-[\d.]*|0*1?(?:\.\d*)?)\s+Tf\b"
    rb"|(?:[1-9][\d.]*|\.99\d*)\s+(?:rg|g|sc|scn)\b"
    rb"|(?<![\d.])(?=[-.\d])(?:-[\d.]*|0*(?:\.0[01]?\d*)?|0*\.)\s+(?:k|sc|scn)\b|Do\b"
)
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.S)
_SPACES = re.compile(rb"\s+")
_HEX = re.compile(rb"(?<!<)<(?!<)[^<>]*>")
_OPAQUE = re.compile(rb"[()%]|" + _B + rb"(?:BI|ID)" + _E)  # left after strings: not readable
_OPERATOR = re.compile(_B + rb"(Tf|Tm|cm|Tr|rg|g|k|sc|scn)" + _E)
_NUMBER_CHARS = frozenset(b"-+.0123456789")
_FILL = re.compile(_B + rb"(?:f\*?|F|B\*?|b\*?|sh)" + _E)
_SHOW = re.compile(_B + rb"(?:Tj|TJ|'|\")" + _E)
_TEXT_TOKEN = re.compile(_B + rb"(BT|Tm|ET|Tj|TJ|'|\")" + _E)
_CODE = {b"BT": b"B", b"Tm": b"M", b"ET": b"E"}  # any other: a show, "S"
_BARE = re.compile(rb"(?:^|B)[BES]*S")  # a show with no text matrix set since BT (or ever)
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do" + _E)
_NESTING = 8


def plain_bytes(data: bytes) -> bytes | None:
    """The stream without its strings; None when strings and operators cannot be told apart."""
    for _ in range(_NESTING):  # innermost strings first
        data, count = _STRING.subn(b" ", data)
        if not count:
            break
    if _OPAQUE.search(data):
        return None
    return _SPACES.sub(b" ", _HEX.sub(b" ", data))


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
    if not _SHOW.search(plain):
        return False
    try:
        operators = [
            (found.group(1), _numbers_before(plain, found.start()))
            for found in _OPERATOR.finditer(plain)
        ]
    except ValueError:
        return True
    if any(op == b"Tr" and any(int(n) in (3, 7) for n in nums) for op, nums in operators):
        return True
    if any(op in _COLOURS and nums and _may_be_white(op, nums) for op, nums in operators):
        if not _paints(plain, list(drawn.values())):
            return True
    return _may_be_tiny(plain, operators)


_COLOURS = {b"rg", b"g", b"k", b"sc", b"scn"}


def _may_be_white(op: bytes, numbers: list[float]) -> bool:
    """White in some colour space (`sc`/`scn` 0 is white in a separation: no ink)."""
    no_ink = op in (b"sc", b"scn") and all(n <= 0.01 for n in numbers)
    return no_ink or is_white(op, numbers)


def _form_shows(kind: str, plain: bytes | None) -> bool:
    """Whether a drawn form could show text (anything not known to be a form is suspect)."""
    return kind != "form" or plain is None or bool(_SHOW.search(plain) or _DO.search(plain))


def _paints(plain: bytes, drawn: list[tuple[str, bytes | None]]) -> bool:
    if _FILL.search(plain) or any(kind == "image" for kind, _ in drawn):
        return True
    return any(form is not None and _FILL.search(form) for _, form in drawn)


def _may_be_tiny(plain: bytes, operators: list[tuple[bytes, list[float]]]) -> bool:
    """A font size under TINY_PT, and text shown under a text matrix of scale 1."""
    if not any(op == b"Tf" and nums and abs(nums[-1]) < TINY_PT for op, nums in operators):
        return False
    for op, nums in operators:
        if op == b"Tm" and (len(nums) != 6 or math.hypot(nums[2], nums[3]) == 1.0):
            return True
    return _shows_without_matrix(plain)


def _numbers_before(plain: bytes, end: int) -> list[float]:
    """The numbers right before an operator, up to 9 (more is no well-formed operator): `plain`
    has its whitespace runs made single spaces."""
    numbers: list[float] = []
    stop = end - 1 if end and plain[end - 1 : end] == b" " else end
    while stop > 0 and len(numbers) < 9:
        start = plain.rfind(b" ", 0, stop) + 1
        token = plain[start:stop]
        if not token or not _NUMBER_CHARS.issuperset(token):
            break
        numbers.append(float(token))
        stop = start - 1
    return numbers[::-1]


def _shows_without_matrix(plain: bytes) -> bool:
    """Whether text is shown before any text matrix is set in its text object, or before any
    text object (both at scale 1)."""
    codes = b"".join(_CODE.get(token, b"S") for token in _TEXT_TOKEN.findall(plain))
    return bool(_BARE.search(codes))


def is_white(op: bytes, numbers: list[float]) -> bool:
    """Whether a fill-colour operator's operands are white."""
    if op == b"k" or (op in (b"sc", b"scn") and len(numbers) == 4):
        return all(n <= 0.01 for n in numbers)
    if op in (b"sc", b"scn") and len(numbers) not in (1, 3):
        return False
    return all(n >= 0.99 for n in numbers)
