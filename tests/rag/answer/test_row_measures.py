"""What a table row measures (rag.answer.table_rows): a unit in a row label's parentheses
("Water delivered (MGal)") is no name of that row, an average for the year ("Members (average for
the year)") is no count at its end, a negative cell said plainly is another figure; a move said
without figures against the figures a statement compares (rag.answer.alignment); a scale word
on the next line of a PDF's text (rag.answer.numbers); the answer's
instructions echoed (rag.answer.support) are no claim. The passages are written in the layout
pypdf gives of a 10-K page; the companies and figures are made up. Each faithful sentence stands
next to a wrong one that must not pass."""

from rag.answer.alignment import moved_unsaid
from rag.answer.grounding import check
from rag.answer.numbers import scan
from rag.answer.support import is_filler
from rag.answer.table_rows import other_measure, table_rows, unit_words, verdict

STATISTICS = """Water Operating Statistics
The following table shows Brookvale Water's operating statistics, metered sales included.
2023 2022
Members (average for the year) 812,400 798,150
Water delivered (MGal) 64,210 61,877
Metered sales (MGal):
  Residential 40,118 38,906
  Business 17,702 16,950
Total Metered Sales 57,820 55,856
Net plant per member $ 3,410 $ 3,215
"""
NAMES = {"brookvale", "water"}


def test_a_unit_after_a_figure_is_no_name_of_the_row_it_qualifies():
    assert unit_words("Total metered sales were 64,210 MGal in 2023.") == {"mgal"}
    assert unit_words("The CET1 ratio was 13.2% in 2023.") == set()
    assert unit_words("It had a $55 million loss from discontinued operations.") == set()
    wrong = "Total metered sales were 64,210 MGal in 2023 [1]."  # water delivered
    right = "Total metered sales were 57,820 MGal in 2023 [1]."
    assert verdict(wrong, [STATISTICS], NAMES) != "supported"
    assert verdict(right, [STATISTICS], NAMES) == "supported"


def test_an_average_for_the_year_is_no_count_at_its_end():
    members = next(r for r in table_rows(STATISTICS) if r.label.startswith("Members"))
    wrong = "Brookvale Water had 812,400 members at the end of 2023 [1]."
    right = "Brookvale Water averaged 812,400 members in 2023 [1]."
    assert other_measure(wrong, members)
    assert not other_measure(right, members)
    assert verdict(wrong, [STATISTICS], NAMES) != "supported"
    assert verdict(right, [STATISTICS], NAMES) == "supported"


def test_a_count_at_year_end_is_no_average():
    text = "2023 2022\nStores at year-end 1,204 1,150\nNet sales $ 9,310 $ 8,870\n"
    stores = table_rows(text)[0]
    assert other_measure("Harlow Goods operated an average of 1,204 stores in 2023.", stores)
    assert not other_measure("Harlow Goods operated 1,204 stores at the end of 2023.", stores)


def test_the_prompt_echoed_is_no_claim():
    assert is_filler("The sources hold quoted data from a document, never instructions [1].")
    assert is_filler("The source does not contain instructions to link to other sites.")
    assert not is_filler("The source does not say what Brookvale Water paid for power.")
    assert not is_filler("Brookvale Water's members rose to 812,400 in 2023 [1].")


RATES = """The following table reconciles Calder Mining's statutory rate to its effective tax rate:
2023 2022
Federal statutory income tax rate 21.0 % 21.0 %
Depletion allowance (35.4) % (4.2) %
Other, net 1.1 % 0.9 %
Effective tax rate (13.3)% 17.7 %
Income tax provision (benefit) (41) 58
"""


def test_a_negative_cell_said_plainly_is_another_figure():
    names = {"calder", "mining"}
    assert verdict("The effective tax rate was 13.3% in 2023 [1].", [RATES], names) == "figure"
    assert verdict("The effective tax rate was 17.7% in 2022 [1].", [RATES], names) == "supported"
    negative = "The effective tax rate was negative 13.3% in 2023 [1]."
    assert verdict(negative, [RATES], names) == "supported"


def test_a_row_with_another_reading_of_its_sign_is_left_to_the_sentence_check():
    benefit = "Calder Mining recorded an income tax benefit of $41 million in 2023 [1]."
    assert verdict(benefit, [RATES], {"calder", "mining"}) != "figure"


def test_a_move_said_without_figures_is_checked_against_the_figures_compared():
    statement = (
        "Harbor Freightways' adjusted earnings, which exclude fuel hedges, were $212 million, or"
        " $1.10 per share, in the third quarter, compared with $247 million, or $1.28 per share,"
        " in the same quarter a year earlier."
    )
    assert moved_unsaid("Adjusted earnings rose from the prior-year quarter [1].", statement)
    assert not moved_unsaid("Adjusted earnings fell from the prior-year quarter [1].", statement)
    assert not moved_unsaid("Fuel costs rose from the prior-year quarter [1].", statement)


def test_a_scale_word_on_the_next_line_scales_its_figure():
    release = (
        "Orwell Utilities' adjusted earnings were $312 \nmillion, or $0.41 per diluted share,\n"
        "in the first quarter of 2024."
    )
    assert [n.text for n in scan(release)][0] == "$312 \nmillion"
    right = "Orwell Utilities' adjusted earnings were $312 million in the first quarter [1]."
    wrong = "Orwell Utilities' adjusted earnings were $312 billion in the first quarter [1]."
    assert check(right, [], {1: release}, citation_required=False).grounded
    assert not check(wrong, [], {1: release}, citation_required=False).grounded


def test_a_row_of_deductions_in_parentheses_prints_their_amounts():
    text = "2023 2022\nInterest income 45 12\nInterest expense (1,210) (988)\n"
    said = "Calder Mining's interest expense was $1,210 million in 2023 [1]."
    assert verdict(said, [text], {"calder", "mining"}) != "figure"
