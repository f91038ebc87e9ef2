"""Drafts for the sentence-support labelled set (data/eval/support_sentences.jsonl): asks the real
shipped model narrative questions through the real Assistant over a demo home (plus a few
FinanceBench PDFs uploaded there) and writes, per answer, every sentence the model drafted
(before any gate) with the sources it was given. The labels are added by hand afterwards.

    FINASSIST_HOME=... python scripts/draft_support_sentences.py QUESTIONS.jsonl OUT.jsonl

QUESTIONS.jsonl rows: {"question": ..., "tickers": [optional scope filter]}.
"""

import json
import sys
import time

import wiring
from core.settings import load_settings
from rag.answer.assistant import Scope
from rag.answer.gate import SentenceGate


class Recording:
    """The real LLM, keeping the raw text of its last reply."""

    def __init__(self, llm):
        self.llm, self.name, self.last = llm, llm.name, ""

    def stream(self, messages, *, max_tokens):
        self.last = ""
        for piece in self.llm.stream(messages, max_tokens=max_tokens):
            self.last += piece
            yield piece


def main(questions_path: str, out_path: str) -> None:
    settings = load_settings()
    assistant = wiring.build_assistant(settings)
    assistant.llm = Recording(assistant.llm)
    with open(questions_path) as f, open(out_path, "a") as out:
        for line in f:
            row = json.loads(line)
            scope = Scope(tickers=row["tickers"]) if row.get("tickers") else None
            assistant.llm.last = ""
            started = time.perf_counter()
            run = assistant.ask(row["question"], scope=scope)
            answer = run.run()
            sources = [
                {
                    "n": c.n,
                    "title": c.title,
                    "ticker": c.ticker,
                    "source": c.source,
                    "form": c.form,
                    "date": c.date,
                    "locator": c.locator,
                    "text": text,
                }
                for c, text in (run._sources or [])
            ]
            draft = assistant.llm.last
            sentences = list(SentenceGate(lambda s: s, len(sources)).run([draft]))
            out.write(
                json.dumps(
                    {
                        "question": row["question"],
                        "tickers": row.get("tickers") or [],
                        "draft": draft,
                        "sentences": [s.strip() for s in sentences],
                        "answer": answer.answer,
                        "notice": answer.notice,
                        "refused": answer.refused,
                        "sources": sources,
                        "seconds": round(time.perf_counter() - started, 1),
                    }
                )
                + "\n"
            )
            out.flush()
            print(row["question"], round(time.perf_counter() - started, 1), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
