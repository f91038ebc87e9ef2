"""Drafts for the "fresh2" to "fresh9" splits of the sentence-support labelled set: the
real shipped model answers questions over passages of FinanceBench PDFs
(data/eval/financebench/pdfs, read with pypdf between two anchors), demo filings or demo news,
prompted as the Assistant prompts it (rag.answer.prompt's system prompt and JSON source lines),
and every sentence it drafts is written out with its passages. The split's passages and
questions are scripts/SPLIT_passages.py; the labels are added by hand afterwards
(scripts/add_SPLIT_support_rows.py).

    python scripts/draft_pdf_support_sentences.py OUT.jsonl [fresh2|fresh3|...|fresh9]
"""

import importlib
import json
import sys
import time

import wiring
from core.settings import load_settings
from rag.answer.gate import SentenceGate
from rag.answer.prompt import SOURCES_HEADER, SYSTEM_PROMPT, encode_source


def main(out_path: str, split: str = "fresh2") -> None:
    split_passages = importlib.import_module(f"scripts.{split}_passages")
    llm = wiring.load_llm(load_settings())
    with open(out_path, "a", encoding="utf-8") as out:
        for question, keys in split_passages.QUESTIONS:
            passages = [split_passages.passage(key, n) for n, key in enumerate(keys, 1)]
            lines = "\n".join(
                encode_source({"source": p["n"], "title": p["title"], "text": p["text"]})
                for p in passages
            )
            messages = [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"{SOURCES_HEADER}\n{lines}\n\nQuestion: {question}"},
            ]
            started = time.perf_counter()
            draft = "".join(llm.stream(messages, max_tokens=256))
            sentences = list(SentenceGate(lambda s: s, len(passages)).run([draft]))
            row = {
                "question": question,
                "keys": keys,
                "draft": draft,
                "sentences": [s.strip() for s in sentences],
                "seconds": round(time.perf_counter() - started, 1),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(question, row["seconds"], flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
