"""Evaluation suites, their scoring, and the ingest and retrieval benchmarks."""
