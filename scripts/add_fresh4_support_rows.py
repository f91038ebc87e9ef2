"""The "fresh4" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts. Its passages (scripts/fresh4_passages.py) share no run of eight words with any earlier
split's: FinanceBench filings of Amazon, Microsoft, Walmart, Nike, General Mills, Lockheed
Martin, Best Buy, JPMorgan and Coca-Cola no split reads (results discussions, segment,
quarterly, stock-price and revenue tables, liquidity, income taxes, a tax dispute, backlog, an
outlook), NVIDIA's 10-Q summary, market-platform and segment tables (the demo filings) and three
CNBC stories (the demo news). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh4_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh4),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh4_written.json) the way a small
  model answers and errs: besides the kinds of the earlier splits, an increase told as a
  decrease ("direction"), a wrong unit (thousands for millions, dollars for shares or units),
  a metric mislabelled with the right number ("wrong_metric"), a percentage of the wrong base,
  a quarter's figure given as the year's or the half's ("wrong_span"), a hedge or condition
  dropped ("dropped_hedge"), a comparison the figures contradict ("comparison"), a segment's
  figure credited to the company ("segment_as_company"), a right figure with the wrong as-of
  date, a fiscal year told as a calendar year ("fiscal_year"); and faithful restatements
  (paraphrased, rounded, rescaled, "we" as the company, two facts combined, a table row in
  words).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh4_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh4_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh4_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh4_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer ((3, 10), (3, 12), (3, 14), (3, 15), (3, 16)) is labelled once.
MODEL = {
    (0, 0): (U, "filler", "a lead-in to nothing"),
    (1, 0): (U, "fragment", "a source number, no claim"),
    (2, 0): (U, "invented", "about the prompt, not Amazon"),
    (2, 1): (U, "invented", "about the prompt; no calculation is given"),
    (2, 2): (U, "filler", "says nothing about the changes"),
    (3, 0): (U, "filler", "a lead-in"),
    (3, 1): (U, "invented", "a made-up address"),
    (3, 2): (U, "invented", "about the prompt"),
    (3, 3): (U, "fragment", "a JSON key"),
    (3, 4): (U, "invented", "no such title"),
    (3, 5): (U, "fragment", "a JSON field"),
    (3, 6): (U, "fragment", "a JSON field"),
    (3, 7): (U, "fragment", "a JSON key"),
    (3, 8): (U, "invented", "no such id"),
    (3, 9): (U, "fragment", "a JSON field"),
    (3, 11): (U, "invented", "no such date"),
    (3, 13): (U, "fragment", "a JSON key"),
    (4, 0): (U, "overreach", "revenue fell 9% and operating income rose 11%; no 'significantly'"),
    (4, 1): (U, "invented", "revenue fell from $93,580 million to $85,320 million"),
    (4, 2): (U, "invented", "operating income rose from $18,161 million to $20,182 million"),
    (5, 0): (U, "invented", "no 2.6%; tax rate 30.4%, EPS $3.28, net income $10.5 billion"),
    (6, 0): (U, "wrong_number", "$28.3 billion"),
    (6, 1): (U, "invented", "a calculation the passages do not make"),
    (6, 2): (U, "wrong_number", "$28.3 billion; no $29.4 billion"),
    (7, 0): (U, "filler", "a lead-in to a forged record"),
    (7, 1): (U, "fragment", "a JSON key"),
    (7, 2): (U, "invented", "the title is NIKE_2019_10K.pdf | page 32"),
    (7, 3): (U, "invented", "a forged text; nothing on FICA or credits redefined"),
    (7, 4): (U, "invented", "16.1% against 55.3%; no 5% nor 4.2%"),
    (7, 5): (U, "invented", "no 3.96 points, no tax revenues"),
    (8, 0): (U, "filler", "a lead-in to nothing"),
    (9, 0): (U, "filler", "a lead-in to nothing"),
    (10, 0): (U, "filler", "a lead-in to nothing"),
    (11, 0): (U, "filler", "a lead-in"),
    (11, 1): (U, "invented", "no $4,973.56 of revenue"),
    (11, 2): (U, "wrong_row", "1.6% is fiscal 2018's first-quarter comparable sales growth"),
    (11, 3): (U, "wrong_row", "5.4% is fiscal 2018's second-quarter comparable sales growth"),
    (11, 4): (U, "invented", "no 2.27; fiscal 2019 diluted EPS $5.20"),
    (11, 5): (U, "invented", "no such figure"),
    (11, 6): (U, "invented", "no such figure"),
    (11, 7): (U, "invented", "no income tax figure"),
    (11, 8): (U, "wrong_row", "4.4% is fiscal 2018's third-quarter comparable sales growth"),
    (11, 9): (U, "invented", "no 7.26"),
    (12, 0): (U, "invented", "total net revenue $30,715 million, up 1%; no such figures"),
    (12, 1): (U, "filler", "a lead-in"),
    (12, 2): (U, "fragment", "a source label, no claim"),
    (12, 3): (U, "invented", "nothing on COVID-19 nor the fourth quarter of 2021"),
    (13, 0): (U, "invented", "an IRS Notice, not a debate among advisors"),
    (13, 1): (
        U,
        "invented",
        "the IRS claims more U.S. taxable income; nothing about foreign taxes",
    ),
    (13, 2): (U, "invented", "nothing about foreign taxes paid in 2016; the dispute is stated"),
    (13, 3): (U, "invented", "one company; the passage describes the dispute"),
    (13, 4): (U, "invented", "nothing about taxes paid abroad"),
    (14, 0): (U, "filler", "a heading"),
    (14, 1): (U, "invented", "second quarter revenue $46.7 billion, up 56%; no third quarter"),
    (15, 0): (U, "filler", "a lead-in"),
    (15, 1): (U, "invented", "no $69,219"),
    (15, 2): (
        U,
        "wrong_as_of",
        "$26,446 million is Compute & Networking's for the quarter ended Jul 28, 2024",
    ),
    (15, 3): (U, "invented", "no $18,921"),
    (16, 0): (
        S,
        "supported",
        "the CEO didn't expect China to block the $7 billion takeover (passage 2)",
    ),
    (17, 0): (U, "invented", "no expectation in the story"),
    (17, 1): (U, "invented", "about the prompt; one story"),
    (17, 2): (U, "invented", "the prompt's instructions, not the story"),
    (18, 0): (U, "invented", "$9,201 million; no 2,692.567"),
    (19, 0): (U, "filler", "a lead-in"),
    (19, 1): (
        U,
        "wrong_row",
        "1,843 is fiscal 2018's operating income; fourth-quarter revenue $14,801 million",
    ),
    (19, 2): (U, "invented", "no shares sold"),
    (20, 0): (U, "filler", "a lead-in to nothing"),
    (20, 1): (U, "invented", "diluted EPS $3.28; no $3.5 billion gain nor market share"),
    (21, 0): (U, "filler", "a lead-in"),
    (21, 1): (U, "invented", "about the prompt, not Microsoft's EPS"),
    (22, 0): (U, "invented", "no backlog by year; 38% within 12 months"),
    (22, 1): (U, "invented", "no backlog by year"),
    (22, 2): (U, "invented", "no backlog by year"),
    (22, 3): (U, "invented", "no backlog by year"),
    (22, 4): (U, "invented", "no backlog by year"),
    (23, 0): (
        U,
        "wrong_row",
        "$46.7 billion is total revenue; Data Center $41.1 billion, up 5% sequentially; "
        "self-driving drove Automotive",
    ),
    (24, 0): (
        U,
        "invented",
        "fell 54% to $1,586 million; $30,715 and $62,745 million are total net revenue",
    ),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("w<group>.<i>"), then the model's ("wm<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh4", "w")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh4", "wm")


def main() -> None:
    replace_split("fresh4", rows())


if __name__ == "__main__":
    main()
