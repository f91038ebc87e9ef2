"""A change's earlier value is of its own period (rag.answer.alignment.other_year): a sentence
giving it, or the later value, for the other year fails, its faithful twin passes. On a made-up
company's passage."""

import pytest

from rag.answer.support import Passage, SupportCheck

# A made-up maker of marine instruments.
LARKSPUR = (
    "Marine Sensor Systems\n"
    "Revenue climbed to $412 million in fiscal 2025 from $365 million in fiscal 2024, as naval"
    " customers took delivery of more sonar arrays.\n"
)


def _judge(embedder, sentence: str):
    return SupportCheck(embedder, [Passage(1, LARKSPUR, None, "10-K")]).judge(sentence)


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        (
            "Revenue climbed to $412 million in fiscal 2025 as naval customers took delivery of"
            " more sonar arrays [1].",
            "Revenue climbed to $365 million in fiscal 2025 as naval customers took delivery of"
            " more sonar arrays [1].",
        ),
        (
            "Revenue was $365 million in fiscal 2024 [1].",
            "Revenue was $365 million in fiscal 2025 [1].",
        ),
        (
            "Revenue was $412 million in fiscal 2025 [1].",
            "Revenue was $412 million in fiscal 2024 [1].",
        ),
    ],
)
def test_a_figure_of_a_change_keeps_its_year(remembering_embedder, right, wrong):
    assert _judge(remembering_embedder, right).supported
    judgement = _judge(remembering_embedder, wrong)
    assert not judgement.supported, judgement
