"""Text a PDF page draws but a reader cannot see, removed before its text is extracted.

Hidden: text drawn in render mode 3 or 7 (neither filled nor stroked), text set under 1.5
points with no text or page matrix scaling it (a scaled font size is not judged: filings set
"1 Tf" and scale it, and draw sub-point spacer runs under scaled matrices), and white text on a
page that paints nothing (no filled shape, image or shading, where it may stand on a dark box);
the same inside the forms (Form XObjects) a page draws with `Do`, judged in the state the page
draws them in, nested up to MAX_FORM_DEPTH (a deeper form is not read). Only a page whose bytes
could hide text by these rules is parsed here (`pdf_hints.may_hide`), and text extraction reuses
that parse.
"""

import math
from typing import Any

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    StreamObject,
)

from ingestion.sources.uploads.pdf_hints import TINY_PT, is_white, may_hide, plain_bytes

MAX_FORM_DEPTH = 6
MAX_FORMS = 200  # form analyses per page; past it a form is not read
_FILLS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"INLINE IMAGE"}
_SHOWS = {b"Tj", b"TJ", b"'", b'"'}
_STATE_OPS = {b"Tr", b"Tf", b"Tm", b"BT", b"cm", b"rg", b"g", b"k", b"sc", b"scn", b"cs"}
_SPACES = {"/DeviceGray": "gray", "/CalGray": "gray", "/G": "gray", "/DeviceRGB": "rgb"}
_SPACES |= {"/CalRGB": "rgb", "/RGB": "rgb", "/DeviceCMYK": "cmyk", "/CMYK": "cmyk"}
_SPACES |= {"/Separation": "ink", "/DeviceN": "ink"}
_ICC = {1: "gray", 3: "rgb", 4: "cmyk"}
_FORM_KEYS_DROPPED = ("/Length", "/Filter", "/DecodeParms")


def drop_hidden_text(page: PageObject) -> int:
    """Remove the page's hidden text-showing operations (in memory); how many were removed."""
    raw = page.get("/Contents")
    raw = None if raw is None else raw.get_object()
    if not isinstance(raw, (ArrayObject, StreamObject)):
        return 0
    content = ContentStream(raw, page.pdf, "bytes")  # as pypdf's text extraction reads it
    data = content.get_data()
    lookup = _Lookup(page)
    if not may_hide(data, lookup):
        return 0
    resources = lookup.resources
    walk = _Walk(page)
    paints = walk.paints(content.operations, resources, 0)
    kept, removed = walk.visible(content.operations, resources, paints, _State(), 0)
    if removed:
        content = ContentStream(None, page.pdf, "bytes")
        content.operations = kept
    else:  # extract_text reuses this parse: it reads the data (a byte test) and the operations
        content._data = data
    page[NameObject("/Contents")] = content
    return removed


class _Lookup:
    """What a name drawn with `Do` is, for the byte test: ("image" | "form" | "other", plain)."""

    def __init__(self, page: PageObject) -> None:
        self.page = page

    @property
    def resources(self) -> DictionaryObject | None:
        return _dictionary(self.page.get_inherited("/Resources", None))

    def __call__(self, name: bytes) -> tuple[str, bytes | None]:
        xobject = _xobject(self.resources, name.decode("latin-1", "replace"))
        subtype = xobject.get("/Subtype") if xobject is not None else None
        if subtype == "/Image":
            return "image", None
        if subtype != "/Form":
            return "other", None
        try:
            return "form", plain_bytes(xobject.get_data())
        except Exception:  # noqa: BLE001 - unreadable here: the full analysis decides
            return "form", None


def _xobject(resources: DictionaryObject | None, name: str) -> StreamObject | None:
    """The XObject the resources name `name` (without its slash), if it is a stream."""
    xobjects = _dictionary(resources.get("/XObject")) if resources is not None else None
    value = xobjects.get("/" + name) if xobjects is not None else None
    value = value.get_object() if value is not None else None
    return value if isinstance(value, StreamObject) else None


def _dictionary(value: Any) -> DictionaryObject | None:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, DictionaryObject) else None


class _Walk:
    """One page's operations, and those of the forms it draws, judged in order."""

    def __init__(self, page: PageObject) -> None:
        self.pdf = page.pdf
        self.forms_read = 0
        self.painting: dict[int, bool] = {}

    def paints(self, operations: list, resources: DictionaryObject | None, depth: int) -> bool:
        """Whether these operations paint a filled shape, a shading or an image."""
        for operands, op in operations:
            if op in _FILLS:
                return True
            if op == b"Do" and operands:
                xobject = _xobject(resources, str(operands[0])[1:])
                if xobject is None:
                    continue
                if xobject.get("/Subtype") != "/Form" or self._form_paints(xobject, depth):
                    return True
        return False

    def _form_paints(self, form: StreamObject, depth: int) -> bool:
        key = id(form)
        if key not in self.painting:
            self.painting[key] = False  # a cycle paints nothing more
            if depth < MAX_FORM_DEPTH:
                ops = ContentStream(form, self.pdf, "bytes").operations
                self.painting[key] = self.paints(
                    ops, _dictionary(form.get("/Resources")), depth + 1
                )
        return self.painting[key]

    def visible(
        self, operations: list, resources: DictionaryObject | None, paints: bool, state, depth: int
    ) -> tuple[list, int]:
        """The operations without hidden text (forms drawn are filtered in place), and the count."""
        stack: list[_State] = []
        kept, removed = [], 0
        for operands, op in operations:
            if op == b"cs" and operands:
                state.space = _space(operands[0], resources)
            elif op in _STATE_OPS:
                state.apply(op, operands)
            elif op == b"q":
                stack.append(state.copy())
            elif op == b"Q" and stack:
                state = stack.pop()
            elif op in _SHOWS and state.hidden(paints):
                removed += 1
                if op in (b"'", b'"'):  # these also move to the next line: keep the move
                    kept.append(([], b"T*"))
                continue
            elif op == b"Do" and operands:
                gone = self._form(resources, str(operands[0])[1:], paints, state, depth)
                if gone is None:  # too deep or too many: the form is not read
                    removed += 1
                    continue
                removed += gone
            kept.append((operands, op))
        return kept, removed

    def _form(self, resources, name: str, paints: bool, state, depth: int) -> int | None:
        """Filter the form `name` drawn in `state` in place; the hidden runs removed from it."""
        xobjects = _dictionary(resources.get("/XObject")) if resources is not None else None
        form = _xobject(resources, name)
        if xobjects is None or form is None or form.get("/Subtype") != "/Form":
            return 0
        if depth >= MAX_FORM_DEPTH or self.forms_read >= MAX_FORMS:
            return None
        self.forms_read += 1
        inner = state.copy()
        inner.apply(b"cm", form.get("/Matrix") or [])
        content = ContentStream(form, self.pdf, "bytes")
        form_resources = _dictionary(form.get("/Resources"))
        kept, removed = self.visible(content.operations, form_resources, paints, inner, depth + 1)
        if removed:
            filtered = ContentStream(None, self.pdf, "bytes")
            filtered.operations = kept
            for key, value in form.items():
                if key not in _FORM_KEYS_DROPPED:
                    filtered[NameObject(key)] = value
            xobjects[NameObject("/" + name)] = filtered  # in memory, for extract_text
        return removed


class _State:
    """The graphics and text state that decides whether text shows."""

    def __init__(self) -> None:
        self.render, self.white, self.size, self.space = 0, False, 12.0, "gray"
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
        if op == b"BT":
            self.tm_scale = 1.0
            return
        numbers = _numbers(operands)
        if op == b"Tr" and numbers:
            self.render = int(numbers[0])
        elif op == b"Tf" and numbers:
            self.size = numbers[-1]
        elif op == b"Tm" and len(numbers) == 6:
            self.tm_scale = math.hypot(numbers[2], numbers[3])
        elif op == b"cm" and len(numbers) == 6:
            self.cm_scale *= math.hypot(numbers[2], numbers[3])
        elif op in (b"rg", b"g", b"k") and numbers:
            self.space = {b"rg": "rgb", b"g": "gray", b"k": "cmyk"}[op]
            self.white = is_white(op, numbers)
        elif op in (b"sc", b"scn"):
            self.white = _white_in(self.space, numbers)


def _space(name: Any, resources: DictionaryObject | None) -> str:
    """The kind of a fill colour space ("gray", "rgb", "cmyk", "ink" or "other")."""
    name = str(name)
    if name in _SPACES:
        return _SPACES[name]
    spaces = _dictionary(resources.get("/ColorSpace")) if resources is not None else None
    value = spaces.get(name) if spaces is not None else None
    value = value.get_object() if value is not None else None
    if isinstance(value, ArrayObject) and value:
        family = str(value[0])
        if family == "/ICCBased" and len(value) > 1:
            try:
                return _ICC.get(int(value[1].get_object().get("/N", 0)), "other")
            except (AttributeError, TypeError, ValueError):
                return "other"
        return _SPACES.get(family, "other")
    return _SPACES.get(str(value), "other")


def _white_in(space: str, numbers: list[float]) -> bool:
    """White in a colour space: no ink at all (separations), else the space's white."""
    if space == "ink":
        return bool(numbers) and all(n <= 0.01 for n in numbers)
    wanted = {"gray": (1, b"g"), "rgb": (3, b"rg"), "cmyk": (4, b"k")}.get(space)
    return wanted is not None and len(numbers) == wanted[0] and is_white(wanted[1], numbers)


def _numbers(operands: list) -> list[float]:
    out = []
    for operand in operands:
        try:
            out.append(float(operand))
        except (TypeError, ValueError):
            continue
    return out
