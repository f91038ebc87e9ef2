"""The two seams between `rag` and `model`: an LLM that streams text and an Embedder.

`rag` depends on these protocols only; `model` implements them.
"""

from collections.abc import Iterator, Sequence
from typing import Literal, Protocol, TypedDict


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


class LLM(Protocol):
    """A chat model that streams its reply as text pieces."""

    name: str

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]: ...


class Embedder(Protocol):
    """Turns texts into unit-length vectors (cosine similarity is a dot product)."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...
