"""The "fresh3" split of the sentence-support labelled set is what its script builds from the
committed labels, balanced, partly the shipped model's own sentences, and over passages no other
split uses. The check's verdicts on it are `finassist eval support`'s to report, not asserted."""

import re

import pytest

from evals.support import load_support_set
from scripts import add_fresh3_support_rows as fresh3
from scripts.add_fresh2_support_rows import model_rows, written_rows


@pytest.fixture(scope="module")
def rows():
    return load_support_set()


def test_the_split_is_what_its_script_builds_from_the_labels(rows):
    built = written_rows(fresh3.WRITTEN, fresh3.passage, "fresh3", "z")
    built += model_rows(fresh3.DRAFTS, fresh3.MODEL, fresh3.passage, "fresh3", "zm")
    assert [r for r in rows if r["split"] == "fresh3"] == built


def test_the_split_is_balanced_labelled_and_partly_the_models_own(rows):
    split = [r for r in rows if r["split"] == "fresh3"]
    unsupported = sum(r["label"] == "unsupported" for r in split)
    assert len(split) >= 70 and 0.4 <= unsupported / len(split) <= 0.6
    assert sum(r["origin"] == "fresh3-model" for r in split) >= 20
    assert all(
        r["why"] and (r["kind"] == "supported") == (r["label"] == "supported") for r in split
    )
    assert all(set(r["cites"]) <= {p["n"] for p in r["passages"]} for r in split)
    assert any(len(r["passages"]) > 1 for r in split)
    assert len({r["id"] for r in rows}) == len(rows)


def test_no_passage_shares_a_run_of_eight_words_with_another_splits(rows):
    def runs(text: str) -> set[str]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}

    others = set().union(
        *(runs(p["text"]) for r in rows if r["split"] != "fresh3" for p in r["passages"])
    )
    for r in rows:
        if r["split"] == "fresh3":
            assert all(not runs(p["text"]) & others for p in r["passages"]), r["id"]
