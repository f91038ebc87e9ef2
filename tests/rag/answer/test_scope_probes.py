"""Adversarial sentences of the classes of rag.answer.shares, binding.joined and
hedges.dropped_exception/affirmed_for_some, written over passages of the tune and test splits
of data/eval/support_sentences.jsonl (not eval rows: the rows' own sentences are not used), each
class with faithful restatements over the same passages that must still pass."""

import pytest

from evals.support import load_support_set
from rag.answer.support import Passage, SupportCheck
from rag.query import find_companies


@pytest.fixture(scope="module")
def rows():
    return {r["id"]: r for r in load_support_set()}


def judged(rows, row_id: str, sentence: str, embedder):
    row = rows[row_id]
    assert row["split"] in ("tune", "test")
    passages = [
        Passage(p["n"], p["text"], p.get("ticker"), p.get("title") or "", p.get("source") or "")
        for p in row["passages"]
    ]
    asked = [m.company.id for m in find_companies(row["question"])]
    return SupportCheck(embedder, passages, asked).judge(sentence)


@pytest.mark.parametrize(
    "row_id, sentence",
    [
        # a share given a part's base where the passage's is the company's
        ("fb3", "In 2022, 40% of BDS' revenues were earned pursuant to U.S. government contracts."),
        ("fb3", "In 2022, U.S. government contracts earned 40% of the defense segment's revenues."),
        # a denial of everything where the passage gives a portion
        ("fb3", "None of Boeing's revenues come from commercial airlines."),
        ("fb3", "Boeing derives no revenue from the U.S. government."),
        # a party joined to what another party seeks or claims
        (
            "m16.0",
            "The purported Tesla stockholder in the Delaware Court of Chancery seeks unspecified"
            " damages and other relief.",
        ),
        (
            "r12.0",
            "The district court awarded the plaintiffs $140 million to $267 million in damages.",
        ),
        ("r11.0", "The Federal Trade Commission is seeking civil penalties from Amazon."),
        # names one sentence lists joined to what the next says of others
        (
            "m44.1",
            "The domain names lively.com and techliquidators.com were acquired by Best Buy in"
            " fiscal 2022.",
        ),
        ("m44.1", "Best Buy's former stores in Mexico were acquired in fiscal 2022."),
    ],
)
def test_an_adversarial_sentence_of_the_classes_is_left_out(
    rows, remembering_embedder, row_id, sentence
):
    assert not judged(rows, row_id, sentence, remembering_embedder).supported


@pytest.mark.parametrize(
    "row_id, sentence",
    [
        (
            "fb3",
            "In 2022, 40% of Boeing's revenues were earned pursuant to U.S. government contracts.",
        ),
        ("fb3", "Boeing derives a substantial portion of its revenue from the U.S. government."),
        ("m16.0", "The consolidated complaint seeks unspecified damages and other relief."),
        ("m44.1", "In fiscal 2022, Best Buy acquired Current Health and Yardbird."),
        (
            "m44.1",
            "Best Buy's former stores in Mexico were closed as of the end of the first quarter of"
            " fiscal 2022.",
        ),
    ],
)
def test_a_faithful_restatement_over_the_same_passages_is_kept(
    rows, remembering_embedder, row_id, sentence
):
    assert judged(rows, row_id, sentence, remembering_embedder).supported
