"""The Assistant: turns a question into a streamed answer and a checkable `Answer` record.

This first version has no index to search yet, so it answers from the model alone and says so in
`Answer.notice` (`grounded` is false). Retrieval, computed facts and the grounding check plug in
here without changing the interface.
"""

import time
from collections.abc import Iterator, Sequence

from core.errors import InputError
from core.protocols import LLM, Message
from core.types import Answer, Timings

MAX_QUESTION_CHARS = 2000
SYSTEM_PROMPT = (
    "You are FinAssist, a careful financial research assistant. Answer in a few plain sentences. "
    "If you are not sure of a figure, say that you do not know instead of guessing."
)
UNGROUNDED_NOTICE = (
    "No sources are indexed yet, so this answer comes from the model alone and is not checked "
    "against any source. Do not rely on its numbers."
)


class AnswerRun:
    """One answer in progress: iterate for text pieces, then read `.answer`."""

    def __init__(self, llm: LLM, messages: list[Message], max_tokens: int, notice: str | None):
        self._llm = llm
        self._messages = messages
        self._max_tokens = max_tokens
        self._notice = notice
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        started = time.perf_counter()
        first_token_ms = 0.0
        pieces: list[str] = []
        stream = self._llm.stream(self._messages, max_tokens=self._max_tokens)
        for piece in stream:
            if not pieces:
                first_token_ms = (time.perf_counter() - started) * 1000
            pieces.append(piece)
            yield piece
        total_ms = (time.perf_counter() - started) * 1000
        self.answer = Answer(
            answer="".join(pieces).strip(),
            notice=self._notice,
            model=self._llm.name,
            timings=Timings(first_token_ms=round(first_token_ms, 1), total_ms=round(total_ms, 1)),
        )

    def run(self) -> Answer:
        """Consume the stream and return the finished answer."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


class Assistant:
    """Answers questions with the given LLM; one instance per process."""

    def __init__(self, llm: LLM, *, max_tokens: int = 384):
        self.llm = llm
        self.max_tokens = max_tokens

    def ask(self, question: str, history: Sequence[Message] = ()) -> AnswerRun:
        """Start answering `question`; `history` holds earlier turns of the same chat."""
        question = question.strip()
        if not question:
            raise InputError("the question is empty")
        notice = UNGROUNDED_NOTICE
        if len(question) > MAX_QUESTION_CHARS:
            question = question[:MAX_QUESTION_CHARS]
            notice += f" The question was cut to its first {MAX_QUESTION_CHARS} characters."
        messages: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
        messages += list(history)[-4:]
        messages.append({"role": "user", "content": question})
        return AnswerRun(self.llm, messages, self.max_tokens, notice)
