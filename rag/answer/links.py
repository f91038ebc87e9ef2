"""Links and images in an answer: only to the cited sources' own URLs.

A Markdown image is removed whole (an image fetches its URL when shown, the classic way to carry
data out); a Markdown link to another URL keeps its text only; a reference definition or a bare
URL that is not a source's is removed. Whatever the model or a passage wrote, the reader is
never sent anywhere but to the documents the answer cites.
"""

import re
from collections.abc import Iterable

IMAGE = re.compile(r"!\[[^\]\n]*\]\s*(?:\([^)\n]*\)|\[[^\]\n]*\])")
LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)\n]*[\"'])?\s*\)")
REFERENCE = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
URL = re.compile(
    r"(?:https?|ftp|file|data|javascript):[^\s<>()\[\]\"'`]+|\bwww\.[^\s<>()\[\]\"'`]+", re.I
)
TRAILING = ".,;:!?"


def _normal(url: str) -> str:
    return url.strip().rstrip(TRAILING).rstrip("/").lower()


def keep_source_links(text: str, allowed: Iterable[str | None]) -> str:
    """`text` with every image removed and every link or URL not in `allowed` (the cited
    sources' URLs) reduced to its text or removed."""
    urls = {_normal(u) for u in allowed if u}
    if not any(mark in text for mark in ("](", "][", "]:", "://", "www.", ":")):
        return text

    def link(match: re.Match) -> str:
        return match.group(0) if _normal(match.group(2)) in urls else match.group(1)

    def bare(match: re.Match) -> str:
        url = match.group(0)
        core = url.rstrip(TRAILING)
        return url if _normal(core) in urls else url[len(core) :]

    text = IMAGE.sub("", text)
    text = LINK.sub(link, text)
    text = REFERENCE.sub(lambda m: m.group(0) if _ref_allowed(m.group(0), urls) else "", text)
    return URL.sub(bare, text)


def _ref_allowed(line: str, urls: set[str]) -> bool:
    target = line.split("]:", 1)[1].split()
    return bool(target) and _normal(target[0]) in urls
