"""Answering questions: retrieval, numbers computed in code, prompting, grounding, the Assistant.

`rag` receives an LLM and an Embedder (protocols in `core`); it never imports `model`.
"""
