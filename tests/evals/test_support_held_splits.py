"""The held-out splits of the sentence-support labelled set (fresh3 to fresh9), each
written after the check was tuned on the splits before it, are what their scripts build from the
committed labels, balanced, partly the shipped model's own sentences, and over passages no other
split uses. The check's verdicts on them are `finassist eval support`'s to report, not asserted."""

import re

import pytest

from evals.support import load_support_set
from scripts import add_fresh3_support_rows as fresh3
from scripts import add_fresh4_support_rows as fresh4
from scripts import add_fresh5_support_rows as fresh5
from scripts import add_fresh6_support_rows as fresh6
from scripts import add_fresh7_support_rows as fresh7
from scripts import add_fresh8_support_rows as fresh8
from scripts import add_fresh9_support_rows as fresh9
from scripts.add_fresh2_support_rows import model_rows, written_rows


def fresh3_rows() -> list[dict]:
    built = written_rows(fresh3.WRITTEN, fresh3.passage, "fresh3", "z")
    return built + model_rows(fresh3.DRAFTS, fresh3.MODEL, fresh3.passage, "fresh3", "zm")


# Passages of uploads, demo filings and demo news (fresh7's companies have no demo filing).
ALL_SOURCES = {"upload", "sec", "news"}
# split: (what its script builds, least rows, least model rows, the sources its passages span
# over many companies, or None)
SPLITS = {
    "fresh3": (fresh3_rows, 70, 20, None),
    "fresh4": (fresh4.rows, 200, 50, ALL_SOURCES),
    "fresh5": (fresh5.rows, 200, 50, ALL_SOURCES),
    "fresh6": (fresh6.rows, 200, 50, ALL_SOURCES),
    "fresh7": (fresh7.rows, 450, 50, {"upload", "news"}),
    # fresh8's pages are of PG&E alone, the one FinanceBench company no other split reads, and
    # its three news stories of three more companies: too few tickers for the span test.
    "fresh8": (fresh8.rows, 450, 50, None),
    "fresh9": (fresh9.rows, 450, 50, {"upload", "news"}),
}


@pytest.fixture(scope="module")
def rows():
    return load_support_set()


@pytest.mark.parametrize("name", SPLITS)
def test_the_split_is_what_its_script_builds_from_the_labels(rows, name):
    assert [r for r in rows if r["split"] == name] == SPLITS[name][0]()


@pytest.mark.parametrize("name", SPLITS)
def test_the_split_is_balanced_labelled_and_partly_the_models_own(rows, name):
    _, least, least_model, _ = SPLITS[name]
    split = [r for r in rows if r["split"] == name]
    unsupported = sum(r["label"] == "unsupported" for r in split)
    assert len(split) >= least and 0.4 <= unsupported / len(split) <= 0.6
    assert sum(r["origin"] == f"{name}-model" for r in split) >= least_model
    assert all(
        r["why"] and (r["kind"] == "supported") == (r["label"] == "supported") for r in split
    )
    assert all(set(r["cites"]) <= {p["n"] for p in r["passages"]} for r in split)
    assert any(len(r["passages"]) > 1 for r in split)
    assert len({r["id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("name", [n for n, spec in SPLITS.items() if spec[3]])
def test_the_passages_span_companies_and_sources(rows, name):
    passages = {p["text"]: p for r in rows if r["split"] == name for p in r["passages"]}
    assert len(passages) >= 16 and len({p["ticker"] for p in passages.values()}) >= 9
    assert {p["source"] for p in passages.values()} == SPLITS[name][3]


@pytest.mark.parametrize("name", SPLITS)
def test_no_passage_shares_a_run_of_eight_words_with_another_splits(rows, name):
    def runs(text: str) -> set[str]:
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}

    others = set().union(
        *(runs(p["text"]) for r in rows if r["split"] != name for p in r["passages"])
    )
    for r in rows:
        if r["split"] == name:
            assert all(not runs(p["text"]) & others for p in r["passages"]), r["id"]
