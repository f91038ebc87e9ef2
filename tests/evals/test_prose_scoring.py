"""The `prose` group's `items` answers are scored strictly: enough expected items named, the
expected filing cited, and a refusal never passes."""

from core.types import Answer, Citation
from evals.scoring import item_named, score

EXPECTED = {
    "kind": "items",
    "items": [
        ["Competition could adversely impact our market share and financial results."],
        ["Adverse economic conditions may harm our business."],
        ["Climate change may have a long-term impact on our business."],
    ],
    "min_named": 2,
    "evidence": [{"source": "sec", "ticker": "NVDA", "form": "10-K"}],
}
NVDA = Citation(n=1, title="NVIDIA 10-K", source="sec", ticker="NVDA", form="10-K")
TSLA = Citation(n=1, title="Tesla 10-K", source="sec", ticker="TSLA", form="10-K")


def answer(text: str, citation: Citation = NVDA, refused: bool = False) -> Answer:
    return Answer(answer=text, citations=[citation], refused=refused)


def test_naming_enough_items_with_the_filing_cited_passes():
    text = (
        "NVIDIA lists:\n- Competition could adversely impact our market share and financial "
        "results. [1]\n- Adverse economic conditions may harm our business. [1]"
    )
    assert score(EXPECTED, answer(text)).correct


def test_too_few_items_or_another_filing_or_no_citation_fails():
    one = "- Competition could adversely impact our market share and financial results. [1]"
    assert not score(EXPECTED, answer(one)).correct
    two = one + "\n- Adverse economic conditions may harm our business. [1]"
    assert not score(EXPECTED, answer(two, TSLA)).correct
    assert not score(EXPECTED, answer(two.replace(" [1]", ""))).correct


def test_a_refusal_never_passes_even_when_it_repeats_the_items():
    text = (
        "The indexed sources do not contain this. Competition could adversely impact our "
        "market share and financial results. Adverse economic conditions may harm our business. [1]"
    )
    verdict = score(EXPECTED, answer(text, refused=True))
    assert not verdict.correct and verdict.refused


def test_an_item_is_named_whole_or_by_most_of_its_words_on_one_line():
    item = "Adverse economic conditions may harm our business."
    assert item_named(item, "- adverse economic conditions may harm our business [2]")
    assert item_named(item, "Adverse economic conditions could harm the business.")
    assert not item_named(item, "Economic news.\nConditions may harm the business.")
