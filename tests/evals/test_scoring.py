"""The strict scorer: the wrong answers that the old scorer let through now fail, and right
answers (rounded, rescaled in words, signed in words) still pass. Gold rows are the real ones of
data/eval (golden set and FinanceBench), never rows made up for the test."""

import pytest

from core.types import Answer, Citation
from evals.gold import key_entities, names, options
from evals.reading import figures, first_sentence, polarity
from evals.scoring import cited, score
from evals.suites import load_financebench, load_golden


@pytest.fixture(scope="module")
def bench() -> dict:
    return {q.id.removeprefix("financebench_id_"): q for q in load_financebench().questions}


@pytest.fixture(scope="module")
def golden() -> dict:
    return {q.id: q for q in load_golden(paraphrases=None)}


def page(document: str, number: int, n: int = 1) -> Citation:
    """A citation as the Assistant makes it for a chunk of an uploaded PDF page."""
    return Citation(
        n=n, title=f"{document}.pdf", source="upload", locator=f"Page {number}, page {number}"
    )


def verdict(question, text: str, citations=()):
    answer = Answer(answer=text, citations=list(citations))
    return score(question.expected, answer, question.question)


# ---- the wrong answers of issue 12: each passed the old scorer, each must fail now -----------


def test_a_rise_does_not_pass_for_a_fall(golden):
    fall = golden["price-05"]  # AAPL 2025-01-02 -> 2025-06-30: -15.66%
    assert not verdict(fall, "a 15.7% rise").correct
    assert not verdict(fall, "AAPL gained 15.7% over that period [1].").correct
    assert verdict(fall, "AAPL fell 15.7% over that period [1].").correct
    assert verdict(fall, "- AAPL return, 2025-01-02 to 2025-06-30: -15.66% [1]").correct
    assert verdict(fall, "The return was a 15.66% decline [1].").correct


def test_a_bare_number_is_not_rescaled_to_millions(golden):
    awards = golden["text-10"]  # JPMorgan's retention award to each Co-President: $30 million
    assert awards.expected["value"] == 30_000_000
    assert not verdict(awards, "JPMorgan has about 30 business lines").correct
    assert verdict(awards, "Each Co-President received a $30 million award [1].").correct
    assert verdict(awards, "Each received 30M in restricted stock units [1].").correct
    assert verdict(awards, "Awards (in millions): 30 each [1].").correct


def test_a_segment_whose_name_merely_starts_with_the_gold_does_not_pass(bench):
    lowest = bench["00299"]  # JPM 2021 Q1 lowest net revenue: "Corporate. ... -$473 million."
    cited_page = [page("JPMORGAN_2021Q1_10Q", 19)]
    wrong = verdict(
        lowest, "Corporate & Investment Bank had the lowest net revenue [1].", cited_page
    )
    assert not wrong.correct and wrong.reason == "does not name 'Corporate'"
    right = "The Corporate segment had the lowest net revenue: a loss of $473 million [1]."
    assert verdict(lowest, right, cited_page).correct


def test_the_two_years_tax_rates_swapped_do_not_pass(bench):
    rates = bench["00585"]  # Boeing: "0.62% [FY2022], compared to -14.76% in FY2021"
    cited_page = [page("BOEING_2022_10K", 55)]
    swapped = "Effective tax rate in FY2022 was -14.76%, compared to 0.62% in FY2021 [1]."
    assert not verdict(rates, swapped, cited_page).correct
    right = "Effective tax rate in FY2022 was 0.62%, compared to -14.76% in FY2021 [1]."
    assert verdict(rates, right, cited_page).correct
    reworded = "Boeing's effective tax rate rose from (14.8)% in 2021 to 0.6% in 2022 [1]."
    assert verdict(rates, reworded, cited_page).correct


def test_a_yes_is_not_read_as_the_gold_no(bench):
    debt = bench["00552"]  # "Has Microsoft increased its debt ...?" gold "No. ... decreased ..."
    cited_page = [page("MICROSOFT_2023_10K", 60)]
    assert not verdict(debt, "Microsoft increased its debt [1].", cited_page).correct
    opposite = "Yes, Microsoft increased its debt; it decreased cash by $2.5 billion [1]."
    assert not verdict(debt, opposite, cited_page).correct
    for right in (
        "No. Microsoft's total debt decreased by about $2.5 billion in FY2023 [1].",
        "Microsoft's debt decreased by $2.5 billion between FY2022 and FY2023 [1].",
        "Microsoft did not increase its debt: it fell by $2.5 billion [1].",
    ):
        assert verdict(debt, right, cited_page).correct, right


# ---- numbers -------------------------------------------------------------------------------


def test_rounded_and_rescaled_figures_in_words_still_pass(golden, bench):
    revenue = golden["fund-01"]  # Apple FY2024 revenue, 391,035,000,000 USD
    for right in (
        "Revenue was $391,035 million [1].",
        "Revenue was $391.0 billion [1].",
        "Revenue was $391B [1].",
        "Revenue (in millions): 391,035 [1].",
    ):
        assert verdict(revenue, right).correct, right
    assert not verdict(revenue, "Revenue: 391,035 [1].").correct  # no scale stated
    assert not verdict(revenue, "Revenue was $383.3 billion [1].").correct
    ppe = bench["10285"]  # Boeing FY2018 net PP&E, gold "$12645.00" asked in USD millions
    assert verdict(ppe, "Net PP&E was about $12.6 billion [1].").correct
    assert not verdict(ppe, "Net PP&E was about $13 billion [1].").correct


def test_billions_in_words_match_a_gold_asked_in_millions(bench):
    dividends = bench["05718"]  # American Water Works FY2020 dividends paid, gold "$0.40" billion
    assert dividends.expected["value"] == pytest.approx(400_000_000)
    assert verdict(dividends, "It paid $0.4 billion in cash dividends [1].").correct
    assert verdict(dividends, "Dividends paid were $402 million [1].").correct
    assert not verdict(dividends, "Dividends paid were $0.4 [1].").correct


def test_a_negative_gold_figure_needs_its_sign(bench):
    ccc = bench["04103"]  # General Mills FY2019 cash conversion cycle, gold "-3.7"
    assert ccc.expected["value"] == -3.7
    assert verdict(ccc, "The cash conversion cycle was -3.70 days [1].").correct
    assert not verdict(ccc, "The cash conversion cycle was 3.70 days [1].").correct


def test_a_gold_printed_to_two_decimals_stands_for_what_rounds_to_it(bench):
    roa = bench["03473"]  # Coca-Cola FY2017 ROA, gold "0.01" (a ratio)
    assert verdict(roa, "ROA was 0.0142 [1].").correct
    assert verdict(roa, "Return on assets was 1.4% [1].").correct  # the same ratio in percent
    assert not verdict(roa, "Return on assets was 2.1% [1].").correct


def test_a_figure_only_among_the_answers_facts_does_not_count(bench):
    from core.types import AnswerFact

    fact = AnswerFact(name="BA property, plant and equipment, net", value=12.645e9, unit="USD")
    silent = Answer(answer="See the computed figure [1].", facts=[fact])
    assert not score(bench["10285"].expected, silent).correct


def test_figures_are_read_with_their_direction():
    signed = {f.number.text: f.value for f in figures("Revenue fell 3% to $10 billion.")}
    assert signed == {"3%": -3.0, "$10 billion": 10e9}  # "fell to" a level is not a fall
    assert [f.value for f in figures("a loss of $473 million")] == [-473e6]
    assert [f.value for f in figures("negative working capital of $1,561 million")] == [-1561e6]
    assert [f.value for f in figures("net revenue was (473)")] == [-473]
    assert [f.value for f in figures("on the lower side of 5.6%")] == [5.6]


# ---- evidence ------------------------------------------------------------------------------


def test_only_sources_the_text_cites_count_as_evidence(bench):
    question = bench["00464"]  # Boeing cyclicality; evidence on page 8 (1-based)
    text = "Yes. Boeing's business is cyclical because of its exposure to the airline industry"
    listed_only = Answer(answer=text + ".", citations=[page("BOEING_2022_10K", 8)])
    assert cited(listed_only) == []
    verdict_uncited = score(question.expected, listed_only, question.question)
    assert not verdict_uncited.correct and verdict_uncited.evidence_hit is False
    both = [page("BOEING_2022_10K", 30, n=1), page("BOEING_2022_10K", 8, n=2)]
    only_other = Answer(answer=text + " [1].", citations=both)
    assert score(question.expected, only_other, question.question).evidence_hit is False
    right = Answer(answer=text + " [2].", citations=both)
    verdict_cited = score(question.expected, right, question.question)
    assert verdict_cited.correct and verdict_cited.evidence_hit


# ---- text: yes/no, entities, options --------------------------------------------------------


def test_yes_or_no_is_read_from_the_whole_first_sentence():
    asked = "Has Microsoft increased its debt on balance sheet between FY2023 and FY2022?"
    said = {
        "Microsoft increased its debt.": "yes",
        "Microsoft's debt decreased by $2.5 billion.": "no",
        "Microsoft did not increase its debt.": "no",
        "No. It rose in FY2022, but fell in FY2023.": "no",
        "Total debt was $47.2 billion in FY2023.": None,  # no verdict given
    }
    for text, expected in said.items():
        assert polarity(text, asked, restates=False) == expected, text
    cyclical = "Is Boeing's business subject to cyclicality?"
    assert polarity("Boeing's business is cyclical.", cyclical, restates=True) == "yes"
    assert polarity("Boeing's business is not cyclical.", cyclical, restates=True) == "no"
    positive = "Does American Water Works have positive working capital based on FY2022 data?"
    negative = "American Water Works had negative working capital of -$1,561 million."
    assert polarity(negative, positive, restates=True) == "no"


def test_the_first_sentence_does_not_end_at_an_initial_or_a_decimal():
    text = "Yes, his name is Richard A. Johnson. He had 12.5 million votes against."
    assert first_sentence(text) == "Yes, his name is Richard A. Johnson."
    assert first_sentence("U.S. revenue grew 3.2%. Europe fell.") == "U.S. revenue grew 3.2%."


def test_key_entities_come_from_the_gold_answer_not_from_a_list(bench):
    def entities(i: str) -> list:
        return bench[i].expected["key_entities"]

    assert entities("00299") == [["Corporate"]]
    assert entities("00394") == [["Corporate & Investment Bank"]]
    assert entities("00859") == [["Cross currency swaps"]]
    assert entities("00822") == [["Richard A. Johnson"]]
    assert entities("00839") == [["Ulta Beauty"]]  # "Foot Locker" is in the question
    assert entities("01091") == [["Lion Air"], ["Ethiopian Airlines"]]
    assert entities("01077") == [["Current Health"], ["Two Peaks", "Yardbird Furniture"]]
    assert entities("00070") == []  # the company itself is not the entity asked for
    assert key_entities("Yes. It decreased.", "Did VaR decrease?") == []


def test_names_are_matched_whole_by_their_forms():
    assert names("CIB had the highest net income.", "Corporate & Investment Bank")
    assert names("Corporate and Investment Bank led.", "Corporate & Investment Bank")
    assert not names("Corporate & Investment Bank had the lowest.", "Corporate")
    assert names("The Corporate segment had the lowest.", "Corporate")
    assert names("Richard Johnson got the most votes against.", "Richard A. Johnson")
    assert names("It bought Current Health Ltd. in FY2022.", "Current Health")
    assert names("Cross-currency swaps had the highest notional.", "Cross currency swaps")
    assert not names("Interest rate swaps had the highest notional.", "Cross currency swaps")


def test_an_answer_picking_another_option_of_the_question_fails(bench):
    flows = bench["01275"]  # Best Buy FY2023: operating activities brought in the most
    assert options(flows.question) == ["operations", "investing", "financing"]
    cited_page = [page("BESTBUY_2023_10K", 42)]
    wrong = "Investing activities brought in the most cash in FY2023, ahead of operations [1]."
    verdict_wrong = verdict(flows, wrong, cited_page)
    assert not verdict_wrong.correct and "picks investing" in verdict_wrong.reason
    right = (
        "Operating activities generated the most cash flow in FY2023, $1.8 billion, while "
        "investing and financing activities used cash [1]."
    )
    assert verdict(flows, right, cited_page).correct


def test_a_gold_figure_given_with_the_opposite_sign_fails(bench):
    lowest = bench["00299"]
    cited_page = [page("JPMORGAN_2021Q1_10Q", 19)]
    unsigned = "Corporate had the lowest net revenue, $473 million [1]."
    assert "opposite sign" in verdict(lowest, unsigned, cited_page).reason


def test_golden_text_needs_every_key_term(golden):
    presidents = golden["text-03"]  # key terms: Petno and Rohrbaugh
    both = "Doug Petno and Troy Rohrbaugh were named Co-Presidents [1]."
    one = "Doug Petno was named Co-President [1]."
    citation = Citation(n=1, title="JPMorgan Chase 8-K", source="sec", ticker="JPM", form="8-K")
    assert verdict(presidents, both, [citation]).correct
    assert not verdict(presidents, one, [citation]).correct


def test_a_which_answer_gives_the_gold_pick_first_not_inside_a_table(bench):
    lowest = bench["00299"]
    assert lowest.expected["pick"] == "Corporate"
    cited_page = [page("JPMORGAN_2021Q1_10Q", 19)]
    table = (
        "According to JPMORGAN_2021Q1_10Q.pdf [1]: “(in millions) Consumer & Community Banking "
        "Corporate & Investment Bank Commercial Banking Asset & Wealth Management Corporate "
        "2021 12,517 14,605 2,393 4,087 (473)”.\n\nThe lowest net revenue was Corporate's."
    )
    verdict_table = verdict(lowest, table, cited_page)
    assert not verdict_table.correct and "first" in verdict_table.reason
    named = "In 2021 Q1, JPMorgan's Corporate segment had the lowest net revenue, -$473 million."
    assert verdict(lowest, named[:-1] + " [1].", cited_page).correct
