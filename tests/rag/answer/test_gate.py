"""The streaming gate lets through only sentences the judge accepts, whole and in order."""

from rag.answer.gate import SentenceGate, cited, drop_unknown_citations


def no_digits(sentence: str) -> str | None:
    digits = any(ch.isdigit() for ch in sentence.replace("[1]", "").replace("[2]", ""))
    return None if digits else sentence


def test_sentences_pass_whole_and_a_rejected_one_is_held_back_and_counted():
    gate = SentenceGate(no_digits, sources=2)
    pieces = [
        "Apple ",
        "sells phones [1]. Revenue ",
        "was 3.5 billion [2]. ",
        "It also sells Macs.",
    ]
    out = list(gate.run(pieces))
    assert out == ["Apple sells phones [1]. ", "It also sells Macs."]
    assert gate.dropped == ["Revenue was 3.5 billion [2]."]
    assert gate.text == "Apple sells phones [1]. It also sells Macs."


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    gate = SentenceGate(lambda s: s, sources=1)
    out = list(gate.run(["Apple Inc. reported ", "3.5% growth. Done [1]"]))
    assert out == ["Apple Inc. reported 3.5% growth. ", "Done [1]"]


def test_citations_of_sources_that_were_not_given_are_removed():
    assert drop_unknown_citations("Sales rose [1][7] and [2, 9].", 2) == "Sales rose [1] and [2]."
    assert cited("A [1]. B [2, 3].") == {1, 2, 3}


def test_a_sentence_cut_off_by_the_token_limit_is_not_shown():
    gate = SentenceGate(lambda s: s, sources=3)
    out = list(gate.run(["Tesla lists risks [1]. ", "The high risk of investing in"]))
    assert out == ["Tesla lists risks [1]. "] and gate.cut_off == "The high risk of investing in"


def test_a_citation_written_in_parentheses_becomes_a_bracketed_one():
    gate = SentenceGate(lambda s: s, sources=3)
    assert list(gate.run(["Supply chain risk is high (2).\n"])) == [
        "Supply chain risk is high [2].\n"
    ]
    gate = SentenceGate(lambda s: s, sources=3)
    assert list(gate.run(["Item (7) is long.\n"])) == ["Item (7) is long.\n"]
    gate = SentenceGate(lambda s: s, sources=5)  # a marker past the last source says nothing
    assert list(gate.run(["U.S. military bases (6)\n"])) == ["U.S. military bases\n"]


def test_a_list_of_bare_numbers_says_nothing_and_is_left_out():
    gate = SentenceGate(lambda s: s, sources=3)
    out = list(gate.run(["Customers:\n19. 20. 21. ", "Airlines [1]. 22. 23."]))
    assert "".join(out) == "Customers:\nAirlines [1]. "
