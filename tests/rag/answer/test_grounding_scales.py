"""Figures restated at another scale or precision, as analysts write them ("$32.5 billion" for
a table's 32,502 under "(dollars in millions)"), against real statement pages: FinanceBench's
evidence pages (data/eval/financebench/questions.jsonl, verbatim), the PDF page of a labelled
support sentence (data/eval/support_sentences.jsonl) and Apple's FY2024 10-K as our parser and
chunker produce it. Both directions: what must pass, and the near misses that must still fail.
"""

import json
from pathlib import Path

import pytest

from ingestion.chunking import chunk_document
from ingestion.sample import sample_filings
from ingestion.sources import sec
from rag.answer.grounding import check
from rag.answer.numbers import numbers_in, rounds_to, scan

DATA = Path(__file__).resolve().parents[3] / "data"


def evidence(financebench_id: str) -> str:
    """The first evidence page of a FinanceBench question, as the dataset prints it."""
    with (DATA / "eval" / "financebench" / "questions.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    row = next(r for r in rows if r["financebench_id"] == financebench_id)
    return row["evidence"][0]["evidence_text"]


def support_passage(row_id: str) -> str:
    with (DATA / "eval" / "support_sentences.jsonl").open(encoding="utf-8") as f:
        row = next(json.loads(line) for line in f if f'"id": "{row_id}"' in line)
    return row["passages"][0]["text"]


@pytest.fixture(scope="module")
def notional_table():
    """Verizon's 2021 10-K, page 84: "(dollars in millions)", then one cell per line."""
    text = support_passage("rf2.1")
    assert "(dollars in millions)" in text and "Cross currency swaps\n32,502 \n26,288" in text
    return text


@pytest.fixture(scope="module")
def amazon_operations():
    """Amazon's FY2017 statement of operations: "(in millions, ...)", "$\\n79,268 $\\n94,665"."""
    text = evidence("financebench_id_06655")
    assert "(in millions, except per share data)" in text and "177,866" in text
    return text


@pytest.fixture(scope="module")
def bestbuy_cash_flows():
    """Best Buy's FY2023 cash flows: "$ in millions" above cells padded by spaces."""
    text = evidence("financebench_id_01275")
    assert "$ in millions" in text and " 1,824 " in text
    return text


@pytest.fixture(scope="module")
def bestbuy_operations():
    """Best Buy's FY2023 statement of operations cut from its scale note (a labelled row)."""
    text = support_passage("r25.0")
    assert "Revenue $  46,298   $  51,761" in text and "millions" not in text
    return text


@pytest.fixture(scope="module")
def apple_chunks():
    ref, path = next(
        (ref, path)
        for ref, path in sample_filings(DATA / "sample")
        if ref.ticker == "AAPL" and ref.form == "10-K"
    )
    return [
        c.text.split("\n", 1)[1] for c in chunk_document(sec.parse_filing(path.read_bytes(), ref))
    ]


def grounded(sentence: str, passage: str) -> bool:
    return check(sentence, [], {1: passage}).grounded


# ---- a coarser restatement of a table figure under its scale note ---------------------------


@pytest.mark.parametrize(
    "figure",
    [
        "$32.5 billion",  # 32,502 million, one decimal
        "approximately $33 billion",
        "$32.50 billion",
        "$32.502 billion",
        "$32,502 million",  # the printed digits in the note's scale
        "32,502",  # as printed
        "$32.5bn",
    ],
)
def test_a_cell_per_line_table_figure_restated_at_a_coarser_scale_is_supported(
    figure, notional_table
):
    assert grounded(f"Cross currency swaps had a notional amount of {figure} [1].", notional_table)


@pytest.mark.parametrize(
    "figure",
    [
        "$32.4 billion",  # off by one in the last digit
        "$32.6 billion",
        "$33.5 billion",
        "$32,503 million",
        "$32,501 million",
        "$32.5 million",  # wrong scale
        "$32.5 trillion",
        "$32.5021 billion",  # more precise than the table
        "€32.5 billion",  # the note says dollars
        "$26.2 billion",  # another row's figure, rounded wrongly (26,288)
        "$2.02 billion",  # a column heading (2021) is no amount
    ],
)
def test_near_misses_of_a_cell_per_line_table_figure_still_fail(figure, notional_table):
    assert not grounded(f"The notional amount was {figure} [1].", notional_table), figure


def test_both_figures_of_a_labelled_sentence_match_in_millions(notional_table):
    sentence = (
        "The notional amount of Verizon's interest rate swaps rose to $19,779 million at the end "
        "of 2021 from $17,768 million [1]."
    )
    assert grounded(sentence, notional_table)
    assert grounded(
        "Interest rate swaps rose to $19.8 billion from $17.8 billion [1].", notional_table
    )
    assert not grounded("Interest rate swaps rose to $19.7 billion [1].", notional_table)


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("$177.9 billion", "$177.8 billion"),
        ("$178 billion", "$177 billion"),
        ("$118.6 billion", "$118.5 billion"),
        ("$0.18 trillion", "$0.19 trillion"),  # (0.17: operating expenses, 173,760)
        ("$177,866 million", "$177,866 thousand"),
    ],
)
def test_cells_ending_in_the_next_cells_dollar_sign_are_scaled_by_the_note(
    good, bad, amazon_operations
):
    assert grounded(f"Amazon's total net sales were {good} in 2017 [1].", amazon_operations)
    assert not grounded(f"Amazon's total net sales were {bad} in 2017 [1].", amazon_operations)


@pytest.mark.parametrize(
    ("good", "bad"),
    [
        ("$1.8 bn", "$1.6 bn"),  # FinanceBench's gold answer for 1,824 (1.9: borrowings, 1,892)
        ("$1.82 billion", "$1.83 billion"),
        ("$3.3 billion", "$3.4 billion"),  # FY2022's 3,252 (3.2: cash, 3,205)
        ("$1,824 million", "$1,842 million"),
    ],
)
def test_space_padded_cells_under_a_bare_scale_line_are_scaled(good, bad, bestbuy_cash_flows):
    assert grounded(f"Operating cash flow was {good} [1].", bestbuy_cash_flows)
    assert not grounded(f"Operating cash flow was {bad} [1].", bestbuy_cash_flows)


def test_without_a_known_scale_no_conversion_is_assumed(bestbuy_operations):
    """The labelled "$46.3 billion" (r25.0) stays out: the page as cited states no scale."""
    assert grounded(
        "Best Buy's revenue was $46,298 million in fiscal 2023 [1].", bestbuy_operations
    )
    assert not grounded(
        "Best Buy's revenue was $46.3 billion in fiscal 2023 [1].", bestbuy_operations
    )


def test_a_figure_from_a_passage_not_cited_is_still_unsupported(notional_table, amazon_operations):
    passages = {1: notional_table, 2: amazon_operations}
    assert check("Net sales were $177.9 billion [2].", [], passages).grounded
    assert not check("Net sales were $177.9 billion [1].", [], passages).grounded


# ---- precision: never finer than the source ------------------------------------------------


def test_a_percentage_rounds_to_the_sentences_decimals_never_finer(apple_chunks):
    chunk = next(c for c in apple_chunks if "| Total gross margin percentage | 46.2% |" in c)
    for good in ("46.2%", "46%", "44.1%", "44%"):
        assert grounded(f"The gross margin percentage was {good} [1].", chunk), good
    for good in ("46.20%",):  # the same value printed longer
        assert grounded(f"The gross margin percentage was {good} [1].", chunk), good
    for bad in ("46.3%", "46.1%", "47%", "46.24%", "46.21%"):
        assert not grounded(f"The gross margin percentage was {bad} [1].", chunk), bad


def test_a_prose_figure_restated_with_more_decimals_is_unsupported(apple_chunks):
    chunk = next(c for c in apple_chunks if "repurchased 499 million shares" in c)
    assert "$95.0 billion" in chunk
    for good in (
        "$95.0 billion",
        "$95 billion",
        "$95,000 million",
        "$0.1 trillion",
        "$95.00 billion",
    ):
        assert grounded(f"Apple spent {good} on buybacks [1].", chunk), good
    for bad in ("$95.04 billion", "$95,001.0 million", "$95.01 billion"):
        assert not grounded(f"Apple spent {bad} on buybacks [1].", chunk), bad


@pytest.mark.parametrize(
    ("printed", "passes", "fails"),
    [
        ("23.46%", ["23.5%", "23%", "23.46%", "23.460%"], ["23.4%", "23.6%", "23.461%", "24%"]),
        (
            "$32,502 million",
            ["$32.5 billion", "$33 billion"],
            ["$32.4 billion", "$32.5021 billion"],
        ),
        ("$4.3 billion", ["$4,300 million", "$4.30 billion"], ["$4.31 billion", "$4,310 million"]),
    ],
)
def test_inline_scale_words_and_percentages_restated(printed, passes, fails):
    source = f"The figure was {printed} for the year."
    for good in passes:
        assert grounded(f"It was {good} [1].", source), good
    for bad in fails:
        assert not grounded(f"It was {bad} [1].", source), bad


def test_the_number_reader_keeps_the_sentences_printed_precision():
    (number,) = numbers_in("about $32.5 billion")
    assert (number.value, number.scale, number.decimals) == (32.5e9, 1e9, 1)
    assert rounds_to(number, 32_502e6) and not rounds_to(number, 32_551e6)
    (whole,) = scan("$95,000 million")
    assert whole.precision == 1e9  # trailing zeros of a whole number claim no digits
    (decimal,) = scan("$95.01 billion")
    assert decimal.precision == pytest.approx(1e7)
    (zeros,) = scan("$95.00 billion")
    assert zeros.precision == pytest.approx(1e9)  # zeros after the point claim none either


# ---- the scale notes a statement prints --------------------------------------------------


def with_note(table: str, note: str) -> str:
    return table.replace("(dollars in millions)", note)


@pytest.mark.parametrize(
    "note",
    [
        "(dollars in millions)",
        "($ in millions)",
        "$ in millions",
        "(in $ millions)",
        "(In Millions)",
        "(millions)",
        "(in millions of U.S. dollars)",
        "(In millions, except per share amounts)",
    ],
)
def test_spellings_of_a_millions_note_scale_the_table(note, notional_table):
    table = with_note(notional_table, note)
    assert grounded("The notional amount was $32.5 billion [1].", table), note
    assert not grounded("The notional amount was $32.5 million [1].", table), note


@pytest.mark.parametrize(
    "note",
    ["(in thousands)", "(thousands)", "(000s)", "('000)", "(in 000’s)", "($000)", "(000 omitted)"],
)
def test_spellings_of_a_thousands_note_scale_the_table(note, notional_table):
    table = with_note(notional_table, note)
    assert grounded("The notional amount was $32.5 million [1].", table), note
    assert not grounded("The notional amount was $32.5 billion [1].", table), note


@pytest.mark.parametrize("note", ["(€ in millions)", "(in millions of euros)", "(EUR millions)"])
def test_a_note_naming_a_currency_rules_out_amounts_in_another(note, notional_table):
    table = with_note(notional_table, note)
    assert grounded("The notional amount was €32.5 billion [1].", table), note
    assert grounded("The notional amount was 32.5 billion [1].", table), note  # no currency said
    assert not grounded("The notional amount was $32.5 billion [1].", table), note


def test_a_noted_figures_digits_given_a_scale_word_of_their_own_are_unsupported():
    """Under "(in thousands)" the cell 1,722,792 is $1.72 billion: "$1.72 million" reads the
    digits as units and is wrong, while the bare digits and the scaled figure still pass."""
    table = (
        "(in thousands, except per share data)  2015  2014\n"
        "Total revenue  $ 2,490,821  $ 2,396,998\n"
        "Rental operating  872,252  835,290\n"
    )
    assert grounded("Total revenue was $2.49 billion in 2015 [1].", table)
    assert grounded("Total revenue was $2,490,821 in 2015 [1].", table)  # the digits as printed
    assert not grounded("Total revenue was $2.49 million in 2015 [1].", table)
    assert not grounded("Rental operating expenses were $872.3 thousand [1].", table)


def test_a_scale_note_in_a_rows_label_scales_that_row_only():
    """ "Payment volumes (Billions)" is the unit of its own row; the table's header note still
    scales the rows after it."""
    table = (
        "(Millions, except percentages and where indicated)  2023  2022\n"
        "Payment volumes (Billions) $ 1,412.6 $ 1,207.3\n"
        "Cash and cash equivalents $ 21,730 $ 18,104\n"
    )
    assert grounded("Payment volumes were $1.41 trillion in 2023 [1].", table)
    assert grounded("Cash and cash equivalents were $21.7 billion in 2023 [1].", table)
    assert not grounded("Cash and cash equivalents were $21,730 billion in 2023 [1].", table)


def test_a_table_cut_from_its_note_matches_its_printed_digits_only(notional_table):
    table = with_note(notional_table, "")
    assert grounded("The notional amount was $32,502 million [1].", table)
    assert not grounded("The notional amount was $32.5 billion [1].", table)


def test_a_table_figure_with_zero_cents_is_the_figure_and_a_cent_more_is_not():
    """FinanceBench's gold spelling "$11588.00" for Amazon's FY2019 net income (11,588 under
    "(in millions)"): the cell as printed, its zero cents claiming no digit (as "$11,588" does);
    a cent or a dollar more is another figure."""
    statement = evidence("financebench_id_08286")
    assert "Net income\n$\n3,033 $\n10,073 $\n11,588" in statement
    for good in (
        "$11,588 million",
        "$11.6 billion",
        "$11.59 billion",
        "11,588",
        "$11,588.00 million",
    ):
        assert grounded(f"Net income was {good} in 2019 [1].", statement), good
    for bad in ("$11588.01", "$11,588.01 million", "$11.58 billion", "$11,589 million"):
        assert not grounded(f"Net income was {bad} in 2019 [1].", statement), bad
    assert grounded("Basic EPS was $23.46, about $23.5 [1].", statement)
    assert not grounded("Basic EPS was $23.461 [1].", statement)


def test_another_columns_figure_passes_the_figures_and_is_held_by_the_sentence_check(embedder):
    """The figure gate matches values, not rows or periods: "$26.3 billion at December 31, 2021"
    (rf2.4, labelled unsupported: 26,288 is 2020's) restates a figure the cited page prints, so
    the sentence check (rag.answer.support) must be what leaves it out."""
    from rag.answer.support import Passage, SupportCheck

    with (DATA / "eval" / "support_sentences.jsonl").open(encoding="utf-8") as f:
        row = next(json.loads(line) for line in f if '"id": "rf2.4"' in line)
    assert row["label"] == "unsupported" and "$26.3 billion" in row["sentence"]
    passages = [Passage(p["n"], p["text"], p["ticker"], p["title"]) for p in row["passages"]]
    assert check(row["sentence"], [], {1: passages[0].text}, citation_required=False).grounded
    judgement = SupportCheck(embedder, passages, ["VZ"]).judge(row["sentence"])
    assert not judgement.supported and judgement.reason != "company"


def test_a_page_number_under_the_table_is_no_amount(amazon_operations):
    assert amazon_operations.endswith(
        "See accompanying notes to consolidated financial statements.\n38"
    )
    assert not grounded("Amazon reported $38 million [1].", amazon_operations)
    assert grounded("Amazon had 493 million diluted shares [1].", amazon_operations)
