"""The LangChain adapters return what our own retriever and Assistant return."""

from datetime import date

from langchain_core.runnables import RunnableLambda

from model.scripted import ScriptedLLM
from rag.answer.assistant import Assistant
from rag.langchain import FinAssistRetriever, answer_chain
from rag.search.retrieve import Retriever
from rag.search.store import ChunkStore

AS_OF = date(2025, 11, 7)


def test_the_retriever_gives_langchain_documents_with_citation_metadata(sample_home, embedder):
    retriever = Retriever(ChunkStore.open(sample_home), embedder)
    documents = FinAssistRetriever(retriever=retriever, as_of=AS_OF, k=4).invoke(
        "What were Apple's total net sales in fiscal 2024?"
    )
    assert 1 <= len(documents) <= 4
    assert all(d.metadata["ticker"] == "AAPL" for d in documents)
    assert [d.metadata["n"] for d in documents] == list(range(1, len(documents) + 1))
    assert any("391,035" in d.page_content for d in documents)


def test_the_answer_chain_composes_with_other_runnables(sample_home, embedder):
    retriever = Retriever(ChunkStore.open(sample_home), embedder)
    assistant = Assistant(
        ScriptedLLM(script=lambda m: "Apple sells iPhones [1]."), retriever=retriever, as_of=AS_OF
    )
    chain = answer_chain(assistant) | RunnableLambda(lambda answer: answer.citations[0].ticker)
    assert chain.invoke("What does Apple sell according to its 10-K?") == "AAPL"
    history = [
        {"role": "user", "content": "What does Apple sell according to its 10-K?"},
        {"role": "assistant", "content": "Apple sells iPhones [1]."},
    ]
    answer = answer_chain(assistant).invoke({"question": "And its risks?", "history": history})
    assert answer.citations and {c.ticker for c in answer.citations} == {"AAPL"}
    assert not answer.refused
