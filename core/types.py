"""Shared records that cross package boundaries: an answer with its citations, facts and timings.

These are the shapes `finassist ask --json` prints (see ARCHITECTURE.md's CLI contract).
"""

from typing import Literal

from pydantic import BaseModel, Field

SourceKind = Literal["sec", "market", "news", "upload"]


class Citation(BaseModel):
    """A numbered source an answer relies on."""

    n: int
    title: str
    source: SourceKind
    ticker: str | None = None
    form: str | None = None
    date: str | None = None
    url: str | None = None
    locator: str | None = None
    snippet: str = ""


class AnswerFact(BaseModel):
    """A number computed in code, with its unit, period, as-of date and the citation behind it."""

    name: str
    value: float
    unit: str
    period: str | None = None
    as_of: str | None = None
    citation: int | None = None


class Timings(BaseModel):
    retrieval_ms: float = 0.0
    first_token_ms: float = 0.0
    total_ms: float = 0.0


class Answer(BaseModel):
    """What the assistant says, and everything needed to check it."""

    answer: str
    refused: bool = False
    as_of: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    facts: list[AnswerFact] = Field(default_factory=list)
    timings: Timings = Field(default_factory=Timings)
    grounded: bool = False
    notice: str | None = None
    model: str | None = None
    finish_reason: str | None = None
