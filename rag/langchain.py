"""LangChain adapters, for users who compose FinAssist into their own chains.

Thin wrappers over our own code (the data flow stays in rag.search.retrieve and
rag.answer.assistant): `FinAssistRetriever` is a LangChain retriever over the hybrid index,
`answer_chain` wraps the Assistant as a runnable from a question (or {"question", "history"}) to an
`Answer`.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LangChainDocument
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

from core.types import Answer
from rag.answer.assistant import Assistant, citation_of
from rag.query import analyze
from rag.search.retrieve import Retriever


class FinAssistRetriever(BaseRetriever):
    """Hybrid retrieval (dense + BM25, filters from the question) as a LangChain retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    as_of: date
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LangChainDocument]:
        hits = self.retriever.retrieve(analyze(query, self.as_of), self.k)
        return [
            LangChainDocument(
                page_content=hit.chunk.text,
                metadata={**citation_of(n, hit).model_dump(), "score": hit.score},
                id=hit.chunk.id,
            )
            for n, hit in enumerate(hits, 1)
        ]


def answer_chain(assistant: Assistant) -> Runnable[Any, Answer]:
    """The whole answer path (facts, retrieval, model, grounding) as one runnable."""

    def answer(request: str | dict) -> Answer:
        if isinstance(request, str):
            return assistant.ask(request).run()
        history: Sequence = request.get("history", ())
        return assistant.ask(request["question"], history).run()

    return RunnableLambda(answer, name="finassist_answer")
