"""What a statement speaks of (rag.answer.support): its section's heading names what its "our
server products" or "this segment" leave out, so a faithful
restatement naming it passes while one naming another section still fails; companies a
sentence names that the passage prints as they are; a few key-term variants. On real
FinanceBench filings of other companies than the tuned eval rows (Microsoft, AMD)."""

from functools import cache

import pytest

from rag.answer.claims import terms
from rag.answer.support import Passage, SupportCheck, _contexts
from tests.pdfs import PDFS


@cache
def _page(name: str, page: int) -> str:
    from pypdf import PdfReader

    return PdfReader(PDFS / f"{name}.pdf").pages[page - 1].extract_text()


def _between(name: str, page: int, start: str, end: str) -> str:
    text = _page(name, page)
    text = text[text.index(start) :]
    return text[: text.index(end)]


def server_products() -> str:
    """Microsoft's 2023 10-K: the "Server Products and Cloud Services" section, whose later
    sentences do not name it."""
    return _between(
        "MICROSOFT_2023_10K", 13, "Server Products and Cloud Services\n", "Enterprise Services\n"
    )


def _judge(embedder, text: str, ticker: str, sentence: str):
    return SupportCheck(embedder, [Passage(1, text, ticker, "10-K")]).judge(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In Server Products and Cloud Services, Microsoft's server products are designed to make"
        " IT professionals, developers, and their systems more productive and efficient [1].",
        "In Server Products and Cloud Services, Microsoft's Nuance provides healthcare and"
        " enterprise AI solutions [1].",
        "Microsoft's Azure AI offerings, part of Server Products and Cloud Services, provide a"
        " competitive advantage as companies seek to optimize and scale their business with"
        " machine learning [1].",
    ],
)
def test_a_statement_under_a_heading_may_be_restated_with_the_heading(
    remembering_embedder, sentence
):
    judgement = _judge(remembering_embedder, server_products(), "MSFT", sentence)
    assert judgement.supported, judgement


@pytest.mark.parametrize(
    "sentence",
    [
        "In Office Consumer, Microsoft's server products are designed to make IT professionals,"
        " developers, and their systems more productive and efficient [1].",
        "In Office Consumer, Microsoft's Nuance provides healthcare and enterprise AI solutions"
        " [1].",
        "Microsoft's Azure AI offerings, part of Dynamics Business Solutions, provide a"
        " competitive advantage as companies seek to optimize and scale their business with"
        " machine learning [1].",
    ],
)
def test_a_section_the_passage_does_not_give_the_statement_still_fails(
    remembering_embedder, sentence
):
    judgement = _judge(remembering_embedder, server_products(), "MSFT", sentence)
    assert not judgement.supported, judgement


def test_a_statement_s_context_is_its_own_section_s_heading_and_sentences():
    text = _between(
        "MICROSOFT_2023_10K", 13, "Server Products and Cloud Services\n", "Our AI offerings"
    )
    contexts = _contexts(text)
    azure = next(s for s in contexts if s.startswith("Azure faces diverse competition"))
    assert contexts[azure] == "Competition"  # not the section above
    nuance = next(s for s in contexts if s.startswith("Nuance provides healthcare"))
    assert contexts[nuance] == "Server Products and Cloud Services"


def test_companies_a_passage_prints_glued_to_the_next_word_may_be_named():
    """pypdf glues words at some line breaks ("RaytheonCompany" in a 10-K's competitors): the
    sentence naming the listed companies is about the passage's company still; one naming
    companies the passage does not print is not."""
    text = _between("MICROSOFT_2023_10K", 13, "Competition\n", "advantage includes")
    glued = text.replace("Oracle, ", "OracleCorporation, ")
    check = SupportCheck(None, [Passage(1, glued, "MSFT")])
    named = check._companies("Azure competes with Amazon, Google, IBM and Oracle")
    assert len(named) == 4 and check._about(1, named)
    other = check._companies("Azure competes with Salesforce and Adobe")
    assert other and not check._about(1, other)


def test_key_term_variants():
    assert terms("Women make up 39% of the workforce") == terms(
        "the workforce is comprised of 39% women"
    )
    assert terms("it owns the building") == terms("we own the building")
    assert terms("it owns the building") != terms("we lease the building")
    assert terms("AMD is among the competitors") == terms("AMD is one of the competitors") - {"one"}


def test_a_line_broken_off_its_sentence_is_no_heading():
    """Microsoft's 2016 10-K, Item 1A: "We face significant" ends a PDF line, its sentence
    goes on below; it is no heading of what follows."""
    text = _page("MICROSOFT_2016_10K", 17)
    contexts = _contexts(text[text.index("We face significant") :])
    assert not any(c.startswith("We face significant") for c in contexts.values())
