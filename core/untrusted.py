"""Characters and markup that untrusted text (documents, model answers) may never carry through:
zero-width and bidi controls, Unicode tag characters, C0/C1 control characters and terminal
escapes, HTML comments; and the inline styles that hide an element from a reader.

Pure string functions, shared by ingestion (cleaning at ingest), rag (the prompt, the answer
gate) and the entry points (what a terminal prints).
"""

import re

# zero-width, joiners, soft hyphen, word joiners, BOM, bidi embeddings/overrides/isolates/marks,
# interlinear annotation, and the Unicode tag block (invisible ASCII "smuggling")
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# C0 controls but tab and newline, DEL and C1 controls (ESC starts terminal escape sequences)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# a terminal escape sequence as a whole: CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), others
ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\r": "\n", "\x85": "\n"})
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# inline styles that hide text: not displayed, invisible, zero or tiny size, transparent,
# white on no (or a white) background, or moved off the page
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)"
    r"|font-size\s*:\s*(?:0|0?\.\d+|1(?:\.\d+)?)(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0?\.?0*(?:;|$|!)|opacity\s*:\s*0(?![.\d])"
    r"|(?:^|[;\s])(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{3,}"
    r"|clip\s*:\s*rect\(\s*0",
    re.IGNORECASE,
)
_WHITE = r"(?:white|#fff(?:fff)?\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)"
_WHITE_TEXT = re.compile(rf"(?:^|[;\s])color\s*:\s*{_WHITE}", re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.IGNORECASE)


def strip_invisible(text: str) -> str:
    """`text` without invisible, bidi, tag and control characters (tab and newline kept; line
    and paragraph separators become newlines)."""
    text = text.translate(SEPARATORS)
    return CONTROL.sub("", INVISIBLE.sub("", ESCAPE.sub("", text)))


def clean_untrusted(text: str) -> str:
    """Document text as it may be stored and shown: HTML comments and invisible characters
    removed."""
    return strip_invisible(HTML_COMMENT.sub(" ", text))


def terminal_safe(text: str) -> str:
    """Text a terminal may print: no escape sequences, control, bidi or invisible characters."""
    return strip_invisible(text)


def hides(style: str) -> bool:
    """True when an inline `style` hides the element's text from a reader."""
    if HIDDEN_STYLE.search(style):
        return True
    if not _WHITE_TEXT.search(style):
        return False
    background = _BACKGROUND.search(style)
    return background is None or bool(re.match(_WHITE, background.group(1).strip(), re.I))
