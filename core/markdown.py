"""Show untrusted text (model output, document text) literally in a Markdown renderer."""

import string

_ESCAPES = {ord(ch): "\\" + ch for ch in string.punctuation}


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark, so no HTML, link, image or markup survives.

    CommonMark renders an escaped punctuation mark as itself, so the reader sees the exact text.
    """
    return text.translate(_ESCAPES)
