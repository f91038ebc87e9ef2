"""The streaming grounding gate: the model's text goes out sentence by sentence, and only the
sentences whose numbers match a computed fact or a cited passage (rag.answer.grounding) go out
at all.

A sentence with an unsupported number is held back and counted; a citation marker that points
at no source is removed. So the reader never sees a figure the evidence does not support.
"""

import re
from collections.abc import Callable, Iterable, Iterator

SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s*\[\d+(?:,\s*\d+)*\])?\s+|\n+")
CITATION = re.compile(r"\[(\d+(?:,\s*\d+)*)\]")

Judge = Callable[[str], str | None]  # the sentence (citations added) if supported, else None


class SentenceGate:
    """Feed it streamed pieces; it yields the checked sentences."""

    def __init__(self, judge: Judge, sources: int):
        self.judge = judge
        self.sources = sources
        self.buffer = ""
        self.kept: list[str] = []
        self.dropped: list[str] = []
        self.cut_off: str | None = None  # an unfinished last sentence (the token limit hit)

    def feed(self, piece: str) -> Iterator[str]:
        self.buffer += piece
        while match := _boundary(self.buffer):
            sentence, self.buffer = self.buffer[: match.end()], self.buffer[match.end() :]
            yield from self._pass(sentence)

    def close(self) -> Iterator[str]:
        sentence, self.buffer = self.buffer, ""
        if self.kept and unfinished(sentence):
            self.cut_off = sentence.strip()
            return
        yield from self._pass(sentence)

    def run(self, pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            yield from self.feed(piece)
        yield from self.close()

    def _pass(self, sentence: str) -> Iterator[str]:
        sentence = drop_unknown_citations(bracket_citations(sentence, self.sources), self.sources)
        if not re.search(r"[^\W\d_]{2}", sentence):
            return  # no words: a bare list number or stray marks ("20. "), nothing to say
        checked = self.judge(sentence)
        if checked is None:
            self.dropped.append(sentence.strip())
        else:
            self.kept.append(checked)
            yield checked

    @property
    def text(self) -> str:
        return "".join(self.kept).strip()


def _boundary(text: str) -> re.Match | None:
    """The end of the first complete sentence, ignoring "3.5" and "Inc." inside it."""
    for match in SENTENCE_END.finditer(text):
        before = text[: match.start()]
        if re.search(r"\b(?:Inc|Corp|Co|Ltd|No|vs|U\.S|e\.g|i\.e|approx|Mr|Ms|Dr)\.$", before):
            continue
        return match
    return None


def unfinished(sentence: str) -> bool:
    """A fragment the token limit cut: no closing punctuation, or a bare list number."""
    text = sentence.strip()
    if not text or CITATION.search(text[-8:]):
        return False
    return text[-1] not in ".!?)\"'”" or bool(re.fullmatch(r"\d+\.", text))


def bracket_citations(sentence: str, sources: int) -> str:
    """The small model sometimes cites as "(2)" at the end of a line; make that "[2]", and
    drop such a marker when no source has that number (as with an unknown "[7]")."""

    def mark(match: re.Match) -> str:
        n = int(match.group(1))
        return f" [{n}]" if 1 <= n <= sources else ""

    return re.sub(r"\s?\((\d{1,2})\)(?=[.;:]?\s*$)", mark, sentence)


def drop_unknown_citations(sentence: str, sources: int) -> str:
    """Remove markers like [7] when only six sources were given."""

    def keep(match: re.Match) -> str:
        numbers = [n for n in re.split(r",\s*", match.group(1)) if 1 <= int(n) <= sources]
        return f"[{', '.join(numbers)}]" if numbers else ""

    return CITATION.sub(keep, sentence)


def cited(text: str) -> set[int]:
    """The source numbers a text cites."""
    return {int(n) for group in CITATION.findall(text) for n in re.split(r",\s*", group)}
