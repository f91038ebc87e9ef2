"""The Assistant: turns a question into a streamed answer and a checkable `Answer` record.

With a retriever it answers from numbered, cited passages of the index and refuses when nothing
relevant is found; without one (no index yet) it answers from the model alone and says so.
Numbers are not yet checked against the sources (the grounding check comes next), which
`Answer.notice` states.
"""

import time
from collections.abc import Iterator, Sequence
from datetime import date

from core.errors import InputError
from core.protocols import LLM, Message
from core.types import Answer, Citation, Timings
from rag.prompt import SYSTEM_PROMPT, build_messages
from rag.query import analyze
from rag.retrieve import Hit, Retriever

MAX_QUESTION_CHARS = 2000
UNGROUNDED_NOTICE = (
    "No sources are indexed yet, so this answer comes from the model alone and is not checked "
    "against any source. Do not rely on its numbers."
)
UNCHECKED_NOTICE = (
    "Answered from the cited sources; figures in the text are not yet verified against them "
    "automatically, so check them in the sources."
)
REFUSAL = "The indexed sources do not contain an answer to this question."


class AnswerRun:
    """One answer in progress: iterate for text pieces, then read `.answer`."""

    def __init__(self, llm: LLM, messages: list[Message], max_tokens: int, record: Answer):
        self._llm = llm
        self._messages = messages
        self._max_tokens = max_tokens
        self.answer: Answer | None = None
        self._record = record

    def __iter__(self) -> Iterator[str]:
        started = time.perf_counter()
        first_token_ms = 0.0
        pieces: list[str] = []
        stream = (
            self._llm.stream(self._messages, max_tokens=self._max_tokens)
            if (not self._record.refused)
            else iter([self._record.answer])
        )
        for piece in stream:
            if not pieces:
                first_token_ms = (time.perf_counter() - started) * 1000
            pieces.append(piece)
            yield piece
        timings = self._record.timings
        timings.first_token_ms = round(timings.retrieval_ms + first_token_ms, 1)
        timings.total_ms = round(timings.retrieval_ms + (time.perf_counter() - started) * 1000, 1)
        self.answer = self._record.model_copy(update={"answer": "".join(pieces).strip()})

    def run(self) -> Answer:
        """Consume the stream and return the finished answer."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


class Assistant:
    """Answers questions with the given LLM (and retriever, once there is an index)."""

    def __init__(
        self,
        llm: LLM,
        *,
        retriever: Retriever | None = None,
        max_tokens: int = 384,
        k: int = 5,
        as_of: date | None = None,
    ):
        self.llm = llm
        self.retriever = retriever
        self.max_tokens = max_tokens
        self.k = k
        self.as_of = as_of or date.today()

    def ask(self, question: str, history: Sequence[Message] = ()) -> AnswerRun:
        """Start answering `question`; `history` holds earlier turns of the same chat."""
        question = question.strip()
        if not question:
            raise InputError("the question is empty")
        cut = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS]
        if self.retriever is None:
            return self._unindexed(question, history, cut)
        started = time.perf_counter()
        hits = self.retriever.retrieve(analyze(question, self.as_of), self.k)
        record = Answer(
            answer=REFUSAL if not hits else "",
            refused=not hits,
            as_of=self.as_of.isoformat(),
            citations=[citation(n, hit) for n, hit in enumerate(hits, 1)],
            model=self.llm.name,
            notice=_with_cut(None if not hits else UNCHECKED_NOTICE, cut),
            timings=Timings(retrieval_ms=round((time.perf_counter() - started) * 1000, 1)),
        )
        messages = build_messages(question, hits, history)
        return AnswerRun(self.llm, messages, self.max_tokens, record)

    def _unindexed(self, question: str, history: Sequence[Message], cut: bool) -> AnswerRun:
        messages: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
        messages += list(history)[-4:]
        messages.append({"role": "user", "content": question})
        record = Answer(answer="", model=self.llm.name, notice=_with_cut(UNGROUNDED_NOTICE, cut))
        return AnswerRun(self.llm, messages, self.max_tokens, record)


def citation(n: int, hit: Hit) -> Citation:
    doc = hit.chunk.document
    page = f"page {hit.chunk.page}" if hit.chunk.page else None
    return Citation(
        n=n,
        title=doc.get("title") or hit.chunk.document_id,
        source=doc.get("source") or "upload",
        ticker=doc.get("ticker"),
        form=doc.get("form"),
        date=(doc.get("published") or "")[:10] or None,
        url=doc.get("url"),
        locator=", ".join(p for p in (hit.chunk.section, page) if p) or None,
        snippet=hit.chunk.text.split("\n", 1)[-1][:300],
    )


def _with_cut(notice: str | None, cut: bool) -> str | None:
    if not cut:
        return notice
    extra = f"The question was cut to its first {MAX_QUESTION_CHARS} characters."
    return f"{notice} {extra}" if notice else extra
