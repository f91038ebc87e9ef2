"""The lines a PDF page prints in bold, read in the same pass as its text: a filing printed to PDF
keeps its headings so (a risk factor's title, "Item 1A. Risk Factors"), and pypdf's text alone
cannot tell a heading from the last line of a paragraph.

A line is bold when every letter on it is set in a bold font (the font's name says Bold, Black,
Heavy, Semibold or Demi, or its descriptor's weight is 600 or more).
"""

import re

from pypdf import PageObject

BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b", re.IGNORECASE)
BOLD_WEIGHT = 600


def text_and_bold_lines(page: PageObject) -> tuple[str, list[str]]:
    """The page's text (as `extract_text` gives it) and its bold lines, stripped, in order."""
    pieces: list[tuple[str, bool]] = []
    weights: dict[int, bool] = {}

    def visit(text: str, _cm, _tm, font, _size) -> None:
        if text:
            pieces.append((text, _is_bold(font, weights)))

    text = page.extract_text(visitor_text=visit) or ""
    return text, bold_lines(pieces)


def bold_lines(pieces: list[tuple[str, bool]]) -> list[str]:
    """The lines, joined from (text, bold) pieces, that have letters and only bold ones."""
    lines: list[str] = []
    current: list[str] = []
    lettered = regular = False  # the line so far has a letter; has a letter not in bold
    for text, bold in pieces:
        for part, newline in _split_lines(text):
            current.append(part)
            if not (regular or (bold and lettered)) and any(map(str.isalpha, part)):
                lettered, regular = True, regular or not bold
            if newline:
                _close(current, lettered and not regular, lines)
                current, lettered, regular = [], False, False
    _close(current, lettered and not regular, lines)
    return lines


def _split_lines(text: str) -> list[tuple[str, bool]]:
    """(piece, whether a line ends after it) for each line of a text run."""
    parts = text.split("\n")
    return [(part, n < len(parts) - 1) for n, part in enumerate(parts)]


def _close(current: list[str], bold: bool, lines: list[str]) -> None:
    line = " ".join("".join(current).split())
    if line and bold:
        lines.append(line)


def _is_bold(font, weights: dict[int, bool]) -> bool:
    """Whether a font dictionary names a bold face (cached by the dictionary's identity)."""
    if not font:
        return False
    key = id(font)
    if key not in weights:
        name = str(font.get("/BaseFont", ""))
        weights[key] = bool(BOLD_NAME.search(name)) or _weight(font) >= BOLD_WEIGHT
    return weights[key]


def _weight(font) -> float:
    try:
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        return float(descriptor.get("/FontWeight", 0)) if descriptor is not None else 0.0
    except (AttributeError, TypeError, ValueError):
        return 0.0
