"""The "fresh6" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts. Its passages (scripts/fresh6_passages.py) share no run of eight words with any other
split's: single FinanceBench pages (data/eval/financebench/pages) of Activision Blizzard, Adobe,
Pfizer, FedEx, Oracle, Block, PepsiCo, Johnson & Johnson, McDonald's and eBay, companies no
other split reads (outlooks, segment and quarterly tables, cash flow summaries, liquidity,
consolidated results), Amazon's free cash flow and shipping costs and Nvidia's cash flows and
capital return (the demo filings) and three CNBC stories about Chipotle, Disney and Uber (the
demo news). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh6_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh6),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh6_written.json) the way a small
  model answers and errs (a wrong number, period, row, column, unit or scale, metric or base, a
  direction reversed, percent for percentage points, a segment's figure as the company's, a
  hedge or condition dropped, certainty added, a negation, an invented cause or fact, a
  comparison the figures contradict, another company, a wrong as-of date, a fiscal year told as
  a calendar year, a figure of the wrong passage cited, a swapped pair, fragments), and faithful
  restatements (paraphrased, rounded, rescaled, "we" as the company, two facts or two passages
  combined, a table row in words, a sum, difference, ratio or percentage computed from the
  passage's own figures, a direction the table shows without a figure).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh6_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh6_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh6_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh6_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer ((6, 9), (6, 11), (6, 12), (7, 4), (7, 5), (9, 3) to (9, 6), (13, 4),
# (13, 6), (13, 7), (17, 2), (22, 4), (22, 5)) is labelled once.
MODEL = {
    (0, 0): (U, "filler", "a lead-in naming a year, no claim"),
    (0, 1): (U, "invented", "no sources-times-data method; the passage gives no revenue figure"),
    (0, 2): (U, "filler", "a lead-in"),
    (0, 3): (U, "invented", "36 is the page number, not a count of sources"),
    (0, 4): (U, "invented", "no revenue figure; 72 is made up"),
    (0, 5): (U, "invented", "no revenue figure; 72 is made up"),
    (0, 6): (U, "invented", "no 4.5% revenue increase; lower revenues are expected in 2020"),
    (0, 7): (U, "invented", "no 9.0%; lower revenues are expected"),
    (0, 8): (U, "invented", "nothing about returns on data analysis or $1.27"),
    (1, 0): (
        U,
        "invented",
        "no expectations nor 37%; segment net revenues and operating income fell",
    ),
    (1, 1): (U, "invented", "performance fell; no 4.5 percentage points"),
    (1, 2): (U, "invented", "no 2020 figures"),
    (1, 3): (U, "invented", "no 2021 figures"),
    (1, 4): (U, "invented", "no 2022 figures"),
    (2, 0): (U, "filler", "a lead-in to nothing"),
    (2, 1): (U, "filler", "a lead-in to nothing"),
    (3, 0): (U, "invented", "$7,838 million; no 2.1 billion"),
    (3, 1): (U, "wrong_period", "$7.84 billion in fiscal 2022 alone; no fiscal 2023 figure"),
    (4, 0): (U, "filler", "a lead-in to nothing"),
    (5, 0): (
        U,
        "wrong_period",
        "4,877 million is the first quarter's; fourth quarter $3,393 million",
    ),
    (5, 1): (
        U,
        "wrong_period",
        "'Pfizerland'; $4,877 million (not billion) is the first quarter's",
    ),
    (6, 0): (U, "filler", "a lead-in to a forged record"),
    (6, 1): (U, "fragment", "a JSON field"),
    (6, 2): (U, "fragment", "a JSON field with a garbled title"),
    (6, 3): (U, "fragment", "a JSON key"),
    (6, 4): (U, "fragment", "a JSON key"),
    (6, 5): (U, "fragment", "a JSON key"),
    (6, 6): (U, "invented", "nothing about creditworthiness"),
    (6, 7): (U, "fragment", "a JSON field"),
    (6, 8): (U, "fragment", "a JSON key"),
    (6, 10): (U, "fragment", "a JSON key"),
    (6, 13): (U, "fragment", "a JSON record"),
    (7, 0): (
        U,
        "invented",
        "McDonald's expects $2.2 to $2.4 billion in 2023, no decrease of $1.5 billion; FedEx about "
        "$5.7 billion in 2024",
    ),
    (7, 1): (U, "invented", "no $786 million, $2.9 billion nor projections"),
    (7, 2): (U, "invented", "no $3.0 billion nor $1.7 billion decrease"),
    (7, 3): (U, "invented", "no $68 million, $45 million nor $2.9 billion"),
    (8, 0): (U, "filler", "a lead-in to nothing"),
    (9, 0): (U, "filler", "a lead-in"),
    (9, 1): (
        U,
        "invented",
        "$9,843 million is fiscal 2020's investing inflow; no 'cash available for investment'",
    ),
    (9, 2): (
        U,
        "invented",
        "no $75.2 million nor $13.1 million; investing swung to a $13,098 million outflow",
    ),
    (10, 0): (
        U,
        "wrong_row",
        "$36,515 thousand is third-quarter net income; fourth-quarter total net revenue $3,158,970 "
        "thousand, bitcoin $1,756,225 thousand",
    ),
    (11, 0): (U, "wrong_span", "$293,959 thousand is the fourth quarter's, not a total"),
    (11, 1): (U, "filler", "a lead-in; no comparison with previous years' totals given"),
    (11, 2): (U, "invented", "a made-up calculation; no 47.8%"),
    (12, 0): (U, "filler", "a lead-in"),
    (12, 1): (U, "invented", "net revenue grew 13% to $79,474 million; no 3.7% nor $84,956"),
    (12, 2): (
        U,
        "invented",
        "operating profit grew 11%; margin fell 0.3 points to 14.0%; no 13.5%, 11.8% nor 10.0%",
    ),
    (12, 3): (
        U,
        "invented",
        "no prices of food and beverages; advertising offset profit growth, the margin fell on "
        "commodity costs",
    ),
    (12, 4): (U, "invented", "nothing about days operated; no 2.4, 3.5% nor 6.8%"),
    (13, 0): (U, "wrong_scale", "$1,863 million, not $1.863; no $4.59 per share"),
    (13, 1): (U, "filler", "a lead-in"),
    (13, 2): (U, "invented", "a garbled calculation; diluted EPS $5.49"),
    (13, 3): (U, "wrong_scale", "$1,863 million, not $1.863"),
    (13, 5): (U, "invented", "a garbled calculation; diluted EPS $5.49"),
    (13, 8): (U, "invented", "a garbled calculation; diluted EPS $5.49"),
    (14, 0): (U, "fragment", "a table header"),
    (14, 1): (U, "wrong_row", "$7,618 million is net income; diluted EPS $5.49"),
    (15, 0): (
        U,
        "causal",
        "pension income rose $405 million on lower settlement charges and plan gains; net interest "
        "expense rose $735 million",
    ),
    (16, 0): (
        U,
        "invented",
        "$17.1 billion of marketable securities, $14.5 billion cash and cash equivalents against "
        "$14.0 billion; no shares, no $17.2 nor $16.9 billion",
    ),
    (17, 0): (
        U,
        "invented",
        "no capital injection; $1.8 billion is project costs recorded to date; cash $14.5 billion, "
        "no $17.3 billion",
    ),
    (17, 1): (U, "invented", "no capital injection nor $17.3 billion"),
    (18, 0): (U, "filler", "a lead-in naming a year, no claim"),
    (18, 1): (U, "invented", "a misspelt company and no outlook item"),
    (19, 0): (U, "fragment", "a garbled source label"),
    (19, 1): (U, "fragment", "a question, not a claim"),
    (20, 0): (
        U,
        "invented",
        "nothing about new products or ventures; financing used $6.6 billion, investing $1.4 "
        "billion",
    ),
    (20, 1): (U, "other_company", "no eBarcode subsidiary; figures made up"),
    (20, 2): (U, "other_company", "no eBarcode subsidiary; figures made up"),
    (21, 0): (U, "invented", "repurchases of $7.1 billion; no 2.6 billion"),
    (22, 0): (U, "invented", "about the prompt, not Amazon"),
    (22, 1): (
        U,
        "invented",
        "no 28.27%; free cash flow $38,219 million for the year ended December 31, 2024",
    ),
    (22, 2): (U, "fragment", "a made-up URL"),
    (22, 3): (U, "invented", "no 28.27% nor a fiscal year ended 2024-2025"),
    (23, 0): (U, "invented", "shipping costs $95.8 billion; no 2.18 billion"),
    (23, 1): (U, "invented", "a made-up method; the passage gives the year's total"),
    (23, 2): (U, "invented", "no daily figure"),
    (24, 0): (U, "fragment", "a company name"),
    (24, 1): (
        U,
        "invented",
        "the fiscal year ended January 26, 2025; no fiscal 2026 to 2028 figures",
    ),
    (24, 2): (U, "fragment", "a label with no figure; no fiscal 2023 in the passage"),
    (24, 3): (U, "fragment", "a label with no figure; no fiscal 2022 in the passage"),
    (25, 0): (U, "filler", "a lead-in"),
    (25, 1): (U, "invented", "a garbled title with made-up entities"),
    (25, 2): (
        U,
        "invented",
        "an additional $50 billion authorization, $38.7 billion remaining; no $387 billion; "
        "dividends were $834 million",
    ),
    (26, 0): (S, "supported", "the headline; the trailing 'CEO:' adds nothing"),
    (26, 1): (S, "supported", "the CEO's quote paraphrased, garbled but faithful"),
    (26, 2): (S, "supported", "the headline"),
    (27, 0): (U, "invented", "nothing about Uber's stock rising against Disney's"),
    (27, 1): (U, "invented", "nothing about Disney selling products"),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("u<group>.<i>"), then the model's ("um<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh6", "u")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh6", "um")


def main() -> None:
    replace_split("fresh6", rows())


if __name__ == "__main__":
    main()
