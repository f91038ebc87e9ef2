"""What a claim binds together must stand together in the passage (rag.answer.binding), on real
filing text from data/ (Nike's, Verizon's, Boeing's and CVS Health's FinanceBench 10-Ks): a
superlative keeps its restriction, a subject and its predicate come from one statement, a figure
keeps the qualifier the passage attaches to it, a defined term is an entity of its own, and a
bare name is no statement. Each wrong sentence has a faithful counterpart that must pass."""

import pytest

from rag.answer.binding import (
    defined_terms,
    dropped_restriction,
    fused,
    qualifiers,
    requalified,
    standalone,
    subject_and_predicate,
)
from rag.answer.claims import figures, sentences
from rag.answer.support import Passage, SupportCheck, is_label

# NIKE_2023_10K.pdf, Item 1 (Sales and Marketing).
NIKE = (
    "We sell to thousands of retail accounts and ship products from 67 distribution centers "
    "outside of the United States. During fiscal 2023, NIKE's three largest customers outside "
    "of the United States accounted for approximately 14% of total non-U.S. sales."
)
# VERIZON_2022_10K.pdf, Item 1 (Global IP).
VERIZON = (
    "Verizon owns and operates one of the largest global fiber-optic networks in the world, "
    "providing connectivity to Business customers in more than 180 countries. Our global IP "
    "network includes long-haul, metro and submarine assets that enable and support "
    "international operations."
)
# BOEING_2018_10K.pdf, Item 1 (Regulatory Matters: Commercial Aircraft).
BOEING = (
    "In the U.S., our commercial aircraft products are required to comply with FAA regulations "
    "governing production and quality systems, airworthiness and installation approvals, repair "
    "procedures and continuing operational safety. Outside the U.S., similar requirements exist "
    "for airworthiness, installation and operational approvals. These requirements are "
    "generally administered by the national aviation authorities of each country."
)
# CVSHEALTH_2022_10K.pdf, Item 1 (Retail Pharmacy Network Management Services).
CVS = (
    "The Company maintains a national network of approximately 66,000 retail pharmacies, "
    "consisting of approximately 40,000 chain pharmacies (which include CVS pharmacy locations) "
    "and approximately 26,000 independent pharmacies, in the United States, including Puerto "
    "Rico, the District of Columbia, Guam and the U.S. Virgin Islands."
)
# CVSHEALTH_2022_10K.pdf, Item 1 (Generic Sourcing Venture).
CVS_RED_OAK = (
    "The Company and Cardinal Health, Inc. (“Cardinal”) each have a 50% ownership in Red Oak "
    "Sourcing, LLC (“Red Oak”), a generic pharmaceutical sourcing entity."
)
# Modelled on a merger paragraph of a 10-K's Item 1 (data/ holds no such paragraph of a company
# other than the labelled set's): two companies whose names the merged company's joins, each a
# term the paragraph defines.
EXXON = (
    "On November 30, 1999, Exxon Corporation (“Exxon”) merged with Mobil Corporation "
    "(“Mobil”) (the “Merger”), and Exxon was renamed Exxon Mobil Corporation. Before the "
    "Merger, Mobil was headquartered in Fairfax, Virginia."
)


def check(text: str, ticker: str, title: str, embedder) -> SupportCheck:
    return SupportCheck(embedder, [Passage(1, text, ticker, title)], [])


# ---- a superlative and its restriction -----------------------------------------------------


def test_a_superlative_keeps_the_restriction_the_statement_gives_it():
    nike = sentences(NIKE)
    assert dropped_restriction("NIKE's three largest customers account for 14% of sales", nike)
    assert not dropped_restriction(
        "NIKE's three largest customers outside the U.S. accounted for 14% of non-U.S. sales", nike
    )
    verizon = sentences(VERIZON)
    assert dropped_restriction("Verizon operates the largest global fiber-optic network", verizon)
    assert not dropped_restriction(
        "Verizon operates one of the largest global fiber-optic networks", verizon
    )
    # a superlative said "after" another thing is the second: either wording keeps it
    after = ["Freight is our largest cost after the cost of goods sold."]
    assert dropped_restriction("Freight is the company's largest cost", after)
    assert not dropped_restriction("Freight is the company's second largest cost", after)
    assert not dropped_restriction("Freight is its largest cost after goods sold", after)


def test_a_superlative_without_its_restriction_is_left_out(embedder):
    support = check(VERIZON, "VZ", "VERIZON_2022_10K.pdf | page 6", embedder)
    wrong = support.judge("Verizon owns and operates the largest fiber-optic network in the world.")
    assert not wrong.supported and wrong.reason == "aligned"
    right = support.judge(
        "Verizon owns and operates one of the largest global fiber-optic networks in the world."
    )
    assert right.supported, right


# ---- a subject and its predicate in one statement ------------------------------------------


def test_a_subject_and_its_predicate_must_come_from_one_statement():
    statements = sentences(BOEING)
    predicate = "commercial aircraft products are required to comply with FAA regulations"
    claim = f"Outside the U.S., Boeing's {predicate}"
    assert subject_and_predicate(claim)[0].startswith("Outside the U.S.")
    assert fused(claim, statements, set())
    right = f"In the U.S., Boeing's {predicate}"
    assert not fused(right, statements, set())
    # a statement that refers back ("These requirements") takes its subject from the one before
    back = (
        "Requirements for airworthiness and installation approvals are administered by "
        "national aviation authorities"
    )
    assert not fused(back, statements, set())


def test_a_fused_sentence_is_left_out(embedder):
    support = check(BOEING, "BA", "BOEING_2018_10K.pdf | page 9", embedder)
    wrong = support.judge(
        "Outside the U.S., Boeing's commercial aircraft products are required to comply with "
        "FAA regulations [1]."
    )
    assert not wrong.supported and wrong.reason == "fused"
    right = support.judge(
        "In the U.S., Boeing's commercial aircraft products are required to comply with FAA "
        "regulations [1]."
    )
    assert right.supported, right


# ---- a figure and the qualifier attached to it ---------------------------------------------


def test_each_figure_of_an_enumeration_keeps_its_own_qualifier():
    sixty_six, forty, twenty_six = figures(CVS)
    assert qualifiers(CVS, sixty_six) == {"retail"}
    assert qualifiers(CVS, forty) == {"chain"}
    assert qualifiers(CVS, twenty_six) == {"independent"}
    wrong = "CVS Health's network includes approximately 66,000 chain pharmacies"
    assert requalified(wrong, figures(wrong)[0], CVS)
    for right in (
        "CVS Health's network includes approximately 66,000 retail pharmacies",
        "CVS Health's network includes approximately 40,000 chain pharmacies",
    ):
        assert not requalified(right, figures(right)[0], CVS)
    # the figures of a "respectively" statement are bound by their order, not their words
    listed = "We had 120 stores in Canada and 80 in Mexico in 2022 and 2023, respectively."
    claim = "The company had 120 stores in Mexico"
    assert not requalified(claim, figures(claim)[0], listed)


def test_a_figure_with_another_figures_qualifier_is_left_out(embedder):
    support = check(CVS, "CVS", "CVSHEALTH_2022_10K.pdf | page 12", embedder)
    wrong = support.judge(
        "CVS Health's pharmacy network includes approximately 66,000 chain pharmacies [1]."
    )
    assert not wrong.supported and wrong.reason == "figure"
    right = support.judge(
        "CVS Health's pharmacy network includes approximately 40,000 chain pharmacies [1]."
    )
    assert right.supported, right


# ---- a defined term is an entity of its own ------------------------------------------------


def test_a_defined_term_is_read_and_told_apart_from_a_longer_name():
    assert defined_terms(CVS_RED_OAK) == {"Cardinal", "Red Oak"}
    assert defined_terms(EXXON, ["EXXON MOBIL CORP", "Exxon Mobil"]) == {"Exxon", "Mobil"}
    # the company's own short name is no other party
    verizon = "Verizon Communications Inc. (“Verizon”) is a holding company."
    assert defined_terms(verizon, ["VERIZON COMMUNICATIONS INC"]) == set()
    assert standalone("Before the Merger, Exxon was headquartered in Fairfax", "Exxon")
    assert standalone("Exxon's headquarters were in Fairfax", "Exxon")
    assert not standalone("Exxon Mobil was formed in 1999", "Exxon")
    assert not standalone("The merged company is Exxon Mobil", "Mobil")


def test_a_part_of_the_company_name_defined_as_a_party_is_not_the_company(embedder):
    support = check(EXXON, "XOM", "EXXON MOBIL CORP 10-K", embedder)
    wrong = support.judge("Before the Merger, Exxon was headquartered in Fairfax, Virginia [1].")
    assert not wrong.supported and wrong.reason == "aligned"
    right = support.judge("Before the Merger, Mobil was headquartered in Fairfax, Virginia [1].")
    assert right.supported, right


# ---- list membership: names bound to the statement that says the claim ---------------------


def test_names_from_another_list_are_left_out(embedder):
    # BOEING_2022_10K.pdf, Item 1 (Competition): two lists, one per statement
    text = (
        "BDS faces strong competition primarily from Lockheed Martin Corporation, Northrop "
        "Grumman Corporation, Raytheon Technologies Corporation, General Dynamics Corporation and "
        "SpaceX. Non-U.S. companies such as BAE Systems and Airbus Group continue to build a "
        "strategic presence in the U.S. market by strengthening their North American operations "
        "and partnering with U.S. defense companies."
    )
    support = check(text, "BA", "BOEING_2022_10K.pdf | page 5", embedder)
    wrong = support.judge(
        "Boeing's BDS segment faces strong competition primarily from BAE Systems and Airbus [1]."
    )
    assert not wrong.supported and wrong.reason == "aligned"
    right = support.judge(
        "Boeing's BDS segment faces strong competition primarily from Lockheed Martin and "
        "Northrop Grumman [1]."
    )
    assert right.supported, right


# ---- a bare name is no statement -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("CVS Health Group (NYSE: CVS)", True),
        ("Verizon Business Group [1]", True),
        ("Retail Pharmacy Network Management Services", True),
        ("CVS Health maintains a network of approximately 66,000 retail pharmacies [1].", False),
        ("Verizon Business Group serves business customers [1].", False),
    ],
)
def test_a_name_without_a_statement_is_a_label(text, label):
    assert is_label(text) is label


def test_a_label_is_left_out_and_a_statement_kept(embedder):
    support = check(CVS, "CVS", "CVSHEALTH_2022_10K.pdf | page 12", embedder)
    assert support.judge("CVS Health Network Pharmacies (NYSE: CVS)").reason == "label"
    kept = support.judge(
        "CVS Health maintains a network of approximately 66,000 retail pharmacies."
    )
    assert kept.supported, kept
