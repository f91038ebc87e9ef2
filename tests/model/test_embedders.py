"""The shipped all-MiniLM-L6-v2 embedder on real financial sentences."""

import math


def dot(a, b):
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_similar_sentences_are_closer_than_unrelated_ones(embedder):
    revenue_a, revenue_b, unrelated = embedder.embed(
        [
            "Apple's total net sales were $391 billion in fiscal 2024.",
            "Apple reported revenue of 391 billion dollars for its 2024 fiscal year.",
            "The recipe calls for two cups of flour and a pinch of salt.",
        ]
    )
    assert dot(revenue_a, revenue_b) > dot(revenue_a, unrelated) + 0.3


def test_vectors_are_unit_length_with_the_declared_dimension(embedder):
    vectors = embedder.embed(["Net income rose 12%.", "Dividends were unchanged."])
    assert embedder.dimension == 384
    assert all(len(v) == 384 and math.isclose(dot(v, v), 1.0, rel_tol=1e-4) for v in vectors)


def test_embedding_nothing_returns_nothing(embedder):
    assert embedder.embed([]) == []
