"""A claim against one passage statement, word by word (rag.answer.claims), on real filing text:
sentences split as filings write them, terms with financial synonyms, figures with their scale
and period, the opposite direction and a negation the passage does not make."""

import pytest

from rag.answer.claims import (
    coverage,
    figures,
    misbound,
    negated,
    negation_object,
    opposite_direction,
    same_figure,
    sentences,
    shifted_subject,
    stated_change,
    terms,
)

RENSSELAER = (
    "In May 2018, Rensselaer Polytechnic Institute and CF Dynamic Advances LLC filed a complaint "
    "against Amazon.com, Inc. in the United States District Court for the Northern District of "
    'New York. The complaint alleged that "Alexa Voice Software and Alexa enabled devices" '
    "infringe U.S. Patent No. 7,177,798. The W.D. Wash. court was not involved."
)


def test_abbreviations_end_no_sentence_and_wrapped_pdf_lines_are_joined():
    found = sentences(RENSSELAER)
    assert len(found) == 3
    assert found[0].endswith("District of New York.") and "U.S. Patent No. 7,177,798" in found[1]
    wrapped = (
        "Online revenue of $2.8 billion and $5.5 billion in the second quarter and \n"
        "first six months of fiscal 2024 decreased 7.1% and 9.7% on a comparable basis.\n\n"
        "Domestic segment stores:"
    )
    assert (
        sentences(wrapped)[0].startswith("Online revenue")
        and "first six months" in (sentences(wrapped)[0])
    )
    assert sentences(wrapped)[-1] == "Domestic segment stores:"


def test_terms_map_the_words_a_paraphrase_swaps():
    claim = terms("Revenue rose on higher iPhone sales")
    statement = terms("Net sales increased due primarily to higher net sales of iPhone")
    assert coverage(claim, statement) == 1.0
    assert terms("It may be unable to use on-hand inventory") >= {"able", "use"}
    assert terms("we may not be able to utilize on-hand inventory") >= {"able", "use"}
    assert not terms("2024 $68.6 billion")  # figures are compared as figures


def test_figures_carry_their_scale_and_dates_are_not_figures():
    claim = figures("Operating income rose to $68.6 billion on December 31, 2024 (10-K).")
    assert [f.value for f in claim] == [pytest.approx(68.6e9)]
    assert same_figure(claim[0], figures("Operating income was 68,622 (in millions)")[0])
    assert not same_figure(claim[0], figures("Operating income was 36,852")[0])
    assert figures("declined 9.0%.")[0].value == 9.0  # "dec" of "declined" is not December


def test_a_figure_given_for_another_period_of_a_list_is_misbound():
    statement = (
        "As of December 31, 2023 and 2024, these investments had a carrying value of $754 million "
        "and $989 million."
    )
    assert misbound("These investments were worth $754 million at December 31, 2024.", statement)
    assert not misbound("They were worth $989 million at December 31, 2024.", statement)
    assert not misbound("They grew to $989 million in 2024 from $754 million in 2023.", statement)
    quarter = (
        "Online revenue of $2.8 billion and $5.5 billion in the second quarter and first six "
        "months of fiscal 2024 decreased 7.1% and 9.7% on a comparable basis, respectively."
    )
    assert misbound("Online revenue was $5.5 billion in the second quarter.", quarter)
    assert not misbound("Online revenue was $5.5 billion in the first six months.", quarter)


def test_the_opposite_direction_is_caught_and_the_same_one_is_not():
    statement = (
        "Gross margins increased to 75.0% in fiscal year 2025 from 72.7% in fiscal year 2024."
    )
    assert opposite_direction("Gross margins declined to 75.0% in fiscal 2025.", statement)
    assert not opposite_direction("Gross margin rose to 75.0% in fiscal 2025.", statement)
    mixed = (
        "Entertainment: The 9.0% comparable sales growth was driven primarily by gaming, "
        "partially offset by comparable sales declines in virtual reality and drones."
    )
    assert opposite_direction("Entertainment comparable sales declined 9.0%.", mixed)
    assert not opposite_direction("Entertainment comparable sales grew 9.0%.", mixed)
    rates = (
        "The fair value of our long-term debt will generally fluctuate with movements of interest "
        "rates, increasing in periods of declining rates of interest and declining in periods of "
        "increasing rates of interest."
    )
    assert opposite_direction("Its fair value decreases when interest rates decline.", rates)
    assert not opposite_direction("Its fair value increases when interest rates decline.", rates)


def test_a_change_stated_by_two_figures_has_a_direction():
    assert stated_change("Operating income rose to $68.6 billion from $36.9 billion.") == "up"
    assert stated_change("Revenue was $46.3 billion, down from $51.8 billion.") == "down"
    assert stated_change("Revenue was $46.3 billion and margin 20%.") is None


def test_negation_and_what_it_applies_to():
    assert negated("We do not hold derivatives for trading purposes.")
    assert not negated("We hold derivatives for trading purposes.")
    assert negation_object("Changes in foreign exchange rates did not significantly impact it.")
    assert negation_object("there is no guarantee that such models will be scalable") == "guaran"


def test_figures_are_read_by_the_grounding_reader_with_units_and_abbreviated_scales():
    """One reader (rag.answer.numbers): "$391B" is 391 billion dollars, "10-K" and "Item 7A" no
    figure, and a percentage is never the same figure as an amount."""
    found = figures("Revenue was $391B in the 10-K's Item 7A, up 2%.")
    assert [(f.value, f.unit) for f in found] == [(391e9, "USD"), (2.0, "%")]
    assert same_figure(found[0], figures("Net sales 391,035 (in millions)")[0])
    assert not same_figure(figures("margin of 46.2%")[0], figures("$46.2 million")[0])


def test_a_claim_that_says_of_a_part_what_the_statement_says_of_the_whole_shifts_its_subject():
    """What a statement says of "other segment items for the X segment" is not said of "the X
    segment"; the same subject in other words is no shift."""
    items = (
        "Other segment items for the Compute & Networking and Graphics reportable segments "
        "primarily include product costs and inventory provisions."
    )
    assert shifted_subject("The Compute & Networking segment includes product costs.", items)
    assert not shifted_subject("Other segment items for Graphics include product costs.", items)
    life = "The weighted average remaining life of our long-term contracts is 2.4 years."
    assert shifted_subject("Amazon's long-term contracts are 2.4 years.", life, terms("Amazon"))
    assert not shifted_subject(
        "A stronger yen had a favorable effect.", "The strength of the yen had a favorable effect."
    )
    assert not shifted_subject("Their weighted average remaining life is 2.4 years.", life)
    iphone = "Net sales of iPhone increased due primarily to higher net sales of Pro models."
    assert not shifted_subject("iPhone net sales rose on higher sales of Pro models.", iphone)
