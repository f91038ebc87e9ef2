"""Answering: the Assistant, the prompt, the grounding gate."""
