"""The "fresh5" split of the sentence-support labelled set is what its script builds from the
committed labels, balanced, over many companies and sources, partly the shipped model's own
sentences, and over passages no other split uses. The check's verdicts on it are
`finassist eval support`'s to report, not asserted."""

import re

import pytest

from evals.support import load_support_set
from scripts import add_fresh5_support_rows as fresh5


@pytest.fixture(scope="module")
def rows():
    return load_support_set()


def test_the_split_is_what_its_script_builds_from_the_labels(rows):
    assert [r for r in rows if r["split"] == "fresh5"] == fresh5.rows()


def test_the_split_is_balanced_labelled_and_partly_the_models_own(rows):
    split = [r for r in rows if r["split"] == "fresh5"]
    unsupported = sum(r["label"] == "unsupported" for r in split)
    assert len(split) >= 200 and 0.4 <= unsupported / len(split) <= 0.6
    assert sum(r["origin"] == "fresh5-model" for r in split) >= 50
    assert all(
        r["why"] and (r["kind"] == "supported") == (r["label"] == "supported") for r in split
    )
    assert all(set(r["cites"]) <= {p["n"] for p in r["passages"]} for r in split)
    assert any(len(r["passages"]) > 1 for r in split)
    assert len({r["id"] for r in rows}) == len(rows)


def test_the_passages_span_companies_and_sources(rows):
    passages = {p["text"]: p for r in rows if r["split"] == "fresh5" for p in r["passages"]}
    assert len(passages) >= 16 and len({p["ticker"] for p in passages.values()}) >= 9
    assert {p["source"] for p in passages.values()} == {"upload", "sec", "news"}


def test_no_passage_shares_a_run_of_eight_words_with_another_splits(rows):
    def runs(text: str) -> set[str]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}

    others = set().union(
        *(runs(p["text"]) for r in rows if r["split"] != "fresh5" for p in r["passages"])
    )
    for r in rows:
        if r["split"] == "fresh5":
            assert all(not runs(p["text"]) & others for p in r["passages"]), r["id"]
