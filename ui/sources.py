"""An answer's sources: which ones the answer cites (the main list) and which were only retrieved,
the in-page anchor each cited number jumps to, and the "Open" link of each source: the filing's
or article's own URL (at the quoted passage, where a text fragment can find it), or an uploaded
PDF at its page."""

import re
from pathlib import Path
from urllib.parse import quote

from core.types import Answer, Citation
from ui.chats import web_link
from ui.readable import CITE

FRAGMENT_WORDS = 8  # words of the quoted passage a text fragment looks for
PROSE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'’%$()-]+")


def cited_numbers(answer: Answer) -> set[int]:
    """The source numbers the answer's text and figures cite."""
    numbers = {int(n) for n in CITE.findall(answer.answer)}
    return numbers | {f.citation for f in answer.facts if f.citation}


def split_sources(answer: Answer) -> tuple[list[Citation], list[Citation]]:
    """(cited, also retrieved): the sources the answer cites, and the rest."""
    cited = cited_numbers(answer)
    return (
        [c for c in answer.citations if c.n in cited],
        [c for c in answer.citations if c.n not in cited],
    )


def anchor(message_id: int, n: int) -> str:
    """The id of source `n` under one answer; made of integers only."""
    return f"source-{int(message_id)}-{int(n)}"


def source_links(message_id: int, cited: list[Citation]):
    """The href of each cited number, for `ui.readable`: only numbers of listed sources link."""
    numbers = {c.n for c in cited}
    return lambda n: f"#{anchor(message_id, n)}" if n in numbers else None


def web_open_link(citation: Citation) -> str | None:
    """The source's own URL; at its quoted passage when the passage is plain prose (a text
    fragment, which Chromium-based browsers scroll to and others ignore)."""
    link = web_link(citation.url)
    if link is None:
        return None
    words = " ".join(citation.snippet.split()).split(" ")[:FRAGMENT_WORDS]
    phrase = " ".join(words)
    if "#" in link or len(words) < 4 or not PROSE.fullmatch(phrase):
        return link
    return f"{link}#:~:text={quote(phrase, safe='')}"


def upload_pdf(uploads: Path, citation: Citation) -> Path | None:
    """The stored original of an uploaded PDF a source quotes (stored as `<sha256>.pdf`)."""
    if citation.source != "upload" or not (citation.document_id or "").startswith("upload:"):
        return None
    digest = citation.document_id.removeprefix("upload:").split(".")[0]  # `.<user tag>`
    if not re.fullmatch(r"[0-9a-f]{16}", digest):
        return None
    return next(iter(sorted(uploads.glob(f"{digest}*.pdf"))), None)


def page_link(url: str, page: int | None) -> str:
    """A served PDF's URL at a page (`#page=N`, which browsers' PDF viewers follow)."""
    return f"{url}#page={int(page)}" if page else url
