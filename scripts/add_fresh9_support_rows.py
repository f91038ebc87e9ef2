"""The "fresh9" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts, while the check was tuned on fresh8. Its passages (scripts/fresh9_passages.py) share no
run of eight words with any other split's: pages of whole FinanceBench PDFs
(data/eval/financebench/pdfs) of ten companies earlier splits read least (Foot Locker, Best Buy,
JPMorgan Chase, American Water Works, General Mills, Walmart, Nike, AMD, Microsoft, Verizon),
about half prose (a CEO's pay in an 8-K, gross profit and SG&A explanations, a bank's outlook and
climate target, liquidity and capital resources, a segment's sales decline, a year's overview,
a segment's revenue and operating income drivers) and half tables of layouts as varied as could
be found (a segment's quarter and six-month columns, a bank's results by six segments, a
segment table over two years, quarterly data with per-share rows, organic growth components,
operating units, net sales by product class and geography, unit counts by state and format
whose labels the extraction shifts a row, store counts, contractual obligations by year of
payment, a segment's operating income and EBITDA), and three CNBC stories about Campbell Soup,
Union Pacific and Corteva. Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh9_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh9),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh9_written.json) the way a small
  model answers and errs (a wrong number, a neighbouring row's or column's figure, the wrong
  period, unit or scale; a segment's figure as the company's; a qualified figure as the
  unqualified one: adjusted as reported expense, comparable sales including fuel as excluding
  it, revenue excluding traffic acquisition costs as revenue, reported as constant-currency
  growth, a prorated bonus as a full year's; the wrong direction; a cause attached to the wrong
  effect; a list item the passage does not name; invented entities; another passage cited),
  and faithful restatements (paraphrased prose, rounded, rescaled, computed sums, differences,
  ratios, percentage changes and shares, figure-less directions, two passages combined).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh9_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh9_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh9_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh9_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer is labelled once; a sentence whose label is in doubt is left out,
# and of draft 19's 28 sentences "The answer is: N." only the first two are labelled.
MODEL = {
    (0, 0): (U, "fragment", "a lead-in about the prompt's format"),
    (0, 1): (U, "fragment", "a JSON key"),
    (0, 2): (U, "invented", "a made-up source title; the 8-K is dated 2022-08-19"),
    (0, 3): (
        U,
        "dropped_hedge",
        (
            "a JSON field; the salary is not less than $1,300,000, and the plans are bonus, "
            "incentive and equity plans"
        ),
    ),
    (0, 4): (U, "fragment", "a JSON field"),
    (0, 5): (U, "fragment", "a question, not an answer"),
    (1, 0): (U, "invented", "no gross profit rate figures in the passage; no 2.6% nor 3.1%"),
    (2, 0): (
        U,
        "wrong_metric",
        "2.7% is operating income as a share of revenue; revenue fell 8.8%",
    ),
    (3, 0): (
        U,
        "invented",
        (
            "the passages do not mention the pandemic; the outlook is $55 billion of net interest "
            "income, $70 billion of adjusted expense and a 2.5% Card charge-off rate"
        ),
    ),
    (4, 0): (
        U,
        "wrong_column",
        "2,165 is Commercial Banking's 2020 net revenue, not a segment's earnings",
    ),
    (4, 1): (U, "invented", "a garbled calculation; no 3.7% nor 4.8%"),
    (4, 2): (U, "invented", "a garbled calculation; total net revenue was $33,119 million"),
    (5, 0): (U, "invented", "no fee nor source country"),
    (5, 1): (
        S,
        "supported",
        (
            "it uses its capital resources to fund operating and capital requirements, among other "
            "uses"
        ),
    ),
    (5, 2): (U, "invented", "no fee nor source country"),
    (5, 4): (U, "invented", "nothing about stakeholders or employees as beneficiaries"),
    (5, 5): (U, "invented", "no fee nor source country"),
    (5, 6): (U, "invented", "nothing about stakeholders or employees as beneficiaries"),
    (6, 0): (
        U,
        "invented",
        (
            "a garbled calculation; $2,529 million is 2020's consolidated operating expenses, no "
            "$2,438 nor $4,211"
        ),
    ),
    (8, 0): (U, "fragment", "a lead-in about the prompt's format"),
    (8, 1): (U, "fragment", "a JSON key"),
    (8, 2): (U, "fragment", "a JSON field naming the source"),
    (8, 3): (U, "fragment", "a JSON field copying a garbled table header"),
    (8, 4): (
        U,
        "invented",
        (
            "no $3,987.5 nor 986.4; U.S. Meals & Baking Solutions was $4,023.8 million, Canada "
            "$985.9 million"
        ),
    ),
    (8, 5): (U, "invented", "no $476.8 nor $395.2; U.S. Snacks was $3,191.4 million"),
    (8, 6): (U, "fragment", "a lead-in about the prompt's format"),
    (9, 0): (U, "fragment", "a lead-in"),
    (9, 1): (U, "invented", "a garbled table; no 2,700.1 nor non-GAPA operations"),
    (9, 2): (U, "invented", "nothing about what non-GAAP measures are compared with"),
    (9, 3): (U, "invented", "no limitations of the measures are given"),
    (10, 0): (U, "filler", "a lead-in to a wrong list"),
    (10, 1): (U, "wrong_number", "Snacks grew to $3,960.9 million; no $3,574.6"),
    (10, 2): (U, "wrong_row", "Cereal was $2,998.1 million; no $3,574.6"),
    (10, 3): (U, "direction", "convenient meals fell, to $2,988.5 million from $3,030.2 million"),
    (10, 4): (U, "direction", "Other fell, to $458.2 million from $465.2 million"),
    (10, 5): (
        U,
        "wrong_row",
        "ice cream fell to $782.2 million; $17,626.6 million is fiscal 2020's total",
    ),
    (10, 6): (U, "filler", "a lead-in to a wrong list"),
    (10, 14): (U, "invented", "no $89.1 nor $100.1"),
    (11, 0): (U, "filler", "a lead-in"),
    (11, 1): (U, "invented", "a made-up web address"),
    (11, 2): (U, "invented", "Texas had 603 units and California 320; no 12 nor 13"),
    (12, 0): (U, "invented", "net sales rose 1.6%; no 3.5% nor 4.7% averages"),
    (12, 1): (U, "invented", "no such team nor dataset"),
    (12, 2): (U, "invented", "nothing about management's recommendation"),
    (13, 0): (
        U,
        "overreach",
        (
            "net sales rose 1.6% after falling 2.3% the year before; not significant growth against"
            " previous years"
        ),
    ),
    (13, 1): (U, "wrong_number", "comparable sales, including fuel, rose 1.6%"),
    (13, 2): (U, "wrong_number", "1.6%"),
    (13, 3): (
        U,
        "invented",
        "removing tobacco lowered the ticket; no cost reduction nor $65 million",
    ),
    (13, 4): (U, "invented", "no share of total revenue is given"),
    (13, 5): (U, "invented", "no $18 million; removing tobacco lowered the ticket"),
    (14, 0): (U, "wrong_number", "369 U.S. retail stores"),
    (15, 0): (U, "filler", "a lead-in to nothing"),
    (16, 0): (U, "filler", "a lead-in"),
    (16, 1): (U, "invented", "2016 obligations are $931 million; no 237,894"),
    (16, 2): (U, "invented", "2017 obligations are $240 million"),
    (16, 3): (U, "invented", "2018 obligations are $230 million"),
    (16, 4): (U, "invented", "2019 obligations are $782 million"),
    (16, 5): (U, "invented", "2020 obligations are $582 million"),
    (16, 6): (U, "invented", "2021 and thereafter is $1,294 million"),
    (16, 7): (U, "filler", "a lead-in"),
    (16, 8): (U, "invented", "2021 and thereafter is $1,294 million"),
    (16, 9): (U, "invented", "a garbled calculation; nothing is paid by GF to AMD"),
    (17, 0): (
        U,
        "wrong_row",
        (
            "$3.2 billion or 13% is Windows revenue's fall; no cloud gaming nor competition from "
            "Xbox games"
        ),
    ),
    (17, 1): (
        U,
        "wrong_row",
        (
            "$617 million or 5% is search and news advertising's rise; revenue's currency impact "
            "was 3%"
        ),
    ),
    (17, 2): (
        U,
        "wrong_row",
        "$195 million or 2% is the fall in operating expenses, not revenue; no such cause",
    ),
    (17, 3): (U, "invented", "no $408 million nor 6.7%"),
    (17, 4): (U, "invented", "no $193 million nor 6.7%; no such cause"),
    (19, 0): (S, "supported", "the headline"),
    (19, 1): (U, "invented", "a number that answers nothing"),
    (19, 2): (U, "fragment", "a broken sentence"),
    (19, 3): (U, "invented", "a number that answers nothing"),
    (20, 0): (
        U,
        "misattributed",
        (
            "unusually high despite the reopening is Campbell's pantry sales; Fritz said e-commerce"
            " demand flows to the rail business"
        ),
    ),
    (21, 0): (
        S,
        "supported",
        (
            "the headline, and the CEO's point that only 1% of second-half revenue depends on "
            "Midland products"
        ),
    ),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("f<group>.<i>"), then the model's ("fm<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh9", "f")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh9", "fm")


def main() -> None:
    replace_split("fresh9", rows())


if __name__ == "__main__":
    main()
