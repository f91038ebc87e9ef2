"""A deterministic LLM for tests and UI development: replies with scripted text, word by word."""

import time
from collections.abc import Callable, Iterator, Sequence

from core.protocols import Message

Script = Callable[[Sequence[Message]], str]


def echo_question(messages: Sequence[Message]) -> str:
    """The default script: restate the last user message."""
    last = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    return f"You asked: {last}"


class ScriptedLLM:
    """A real `LLM` whose reply is computed by `script`; `delay_s` paces the stream."""

    def __init__(self, script: Script = echo_question, delay_s: float = 0.0, name="scripted"):
        self.script = script
        self.delay_s = delay_s
        self.name = name

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        words = self.script(messages).split(" ")
        for index, word in enumerate(words[:max_tokens]):
            if self.delay_s:
                time.sleep(self.delay_s)
            yield word if index == 0 else " " + word
