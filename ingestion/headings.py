"""Headings in the text of a PDF page ("Note 21 – Legal Proceedings", "2. Acquisitions",
"Segment results – managed basis"), so each chunk can name the heading it stands under.

A page's text comes line by line from pypdf; a heading is a short line that reads like a title
(no figures, no sentence punctuation at its end, and the next line does not continue it), or a
line the page prints in bold (`bold`, from the PDF's fonts) that starts with a capital, with the
bold lines that wrap it ("We enter into firm fixed-price contracts ... if we have cost" /
"overruns ..."): a risk factor's title is a whole sentence, longer than a short title. A
placeholder ("Not applicable", "None.") is no heading, bold or not.
"""

import re

from core.placeholders import is_placeholder

MAX_CHARS, MAX_WORDS, SHORT_WORDS = 80, 10, 6
MIN_PART_WORDS = 30
MAX_BOLD_CHARS, WRAPPED_CHARS = 400, 60  # a bold heading at most; a line this long may wrap
NUMBERING = re.compile(
    r"^(?:note\s+\d+[a-z]?\s*[–—:.-]\s*|item\s+\d+[a-z]?\.\s*|part\s+[ivx]+\.?\s*|\d{1,2}\.\s+)",
    re.IGNORECASE,
)
NOT_HEADINGS = {"table of contents", "index", "continued", "(continued)"}
TRAILING_WORDS = {"and", "or", "of", "the", "to", "in", "for", "with", "a", "an", "by", "on", "as"}


def headed_parts(
    text: str, heading: str | None = None, bold: list[str] | tuple[str, ...] = ()
) -> list[tuple[str | None, str]]:
    """The page split at its headings: (heading, text under it); text before the first
    heading stays under `heading`, the one the previous page ended under. `bold`: the lines
    the page prints in bold."""
    parts: list[tuple[str | None, list[str]]] = [(heading, [])]
    lines = text.splitlines()
    emphasized = {" ".join(line.split()) for line in bold}
    following = _next_nonblank(lines)
    n = 0
    while n < len(lines):
        wrapped = _bold_heading(lines, n, emphasized)
        if wrapped:
            parts.append((" ".join(" ".join(lines[n:wrapped]).split()), lines[n:wrapped]))
            n = wrapped
            continue
        if is_heading(lines[n], following[n]):
            parts.append((lines[n].strip(), [lines[n]]))
        else:
            parts[-1][1].append(lines[n])
        n += 1
    return _merge_short([(name, "\n".join(body)) for name, body in parts if "".join(body).strip()])


def _bold_heading(lines: list[str], start: int, emphasized: set[str]) -> int:
    """The end (exclusive) of a bold heading starting at line `start`, with the bold lines that
    wrap it (a long line not ending a sentence, or a next line in lower case); 0 if none."""
    first = " ".join(lines[start].split())
    if first not in emphasized or not first[:1].isupper():
        return 0
    end = start + 1
    while end < len(lines):
        previous, line = " ".join(lines[end - 1].split()), " ".join(lines[end].split())
        ends = previous[-1:] in ".:?!"
        if (
            line not in emphasized
            or ends
            or not (len(previous) >= WRAPPED_CHARS or line[:1].islower())
        ):
            break
        end += 1
    joined = " ".join(" ".join(lines[start:end]).split())
    if len(joined) > MAX_BOLD_CHARS or joined.lower() in NOT_HEADINGS or is_placeholder(joined):
        return 0
    if len(joined.split()) < 2 and not NUMBERING.match(joined):
        return 0  # a lone bold word is mostly a table's column label
    if re.search(r"[$%|]", joined) or len(re.findall(r"\d+", joined)) > 3:
        return 0  # a bold table row or total
    return end


def _next_nonblank(lines: list[str]) -> list[str]:
    """For each line, the next line with text (stripped), "" after the last one."""
    following, upcoming = [], ""
    for line in reversed(lines):
        following.append(upcoming)
        upcoming = line.strip() or upcoming
    return following[::-1]


def _merge_short(parts: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """A part of fewer than MIN_PART_WORDS words (a heading over a sub-heading, a caption)
    joins the part after it, under that part's heading, so no chunk is a bare heading."""
    merged: list[tuple[str | None, str]] = []
    for name, body in parts:
        if merged and len(merged[-1][1].split()) < MIN_PART_WORDS:
            body = f"{merged.pop()[1]}\n{body}"
        merged.append((name, body))
    return merged


def is_heading(line: str, following: str = "") -> bool:
    """Whether a line of page text is a heading (see the module docstring)."""
    line = line.strip()
    if not 3 <= len(line) <= MAX_CHARS or line.lower() in NOT_HEADINGS or is_placeholder(line):
        return False
    numbered = NUMBERING.match(line)
    body = line[numbered.end() :] if numbered else line
    words = body.split()
    if not words or len(words) > MAX_WORDS or not body[0].isupper():
        return False
    if len(words) == 1 and not numbered:  # a lone word is mostly a table's column label
        return False
    if re.search(r"[\d$%|]", body) or body[-1] in ",;:(" or body.endswith("."):
        return False
    if words[-1].lower() in TRAILING_WORDS or following[:1].islower():
        return False
    long_words = [w for w in words if len(w) >= 4]
    capitalized = sum(w[0].isupper() for w in long_words)
    return bool(numbered) or len(words) <= SHORT_WORDS or capitalized >= 0.6 * len(long_words)
