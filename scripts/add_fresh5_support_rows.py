"""The "fresh5" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts. Its passages (scripts/fresh5_passages.py) share no run of eight words with any other
split's: FinanceBench filings of Costco, Kraft Heinz, Lockheed Martin, Boeing, Corning, Verizon,
CVS Health, Nike and American Water Works no split reads (gross margin, cash flows, capital
spending and buybacks, five-year selected data, a quarterly table, consolidated results and
outlooks), Amazon's first-quarter 2025 guidance and Tesla's summary of cash flows (the demo
filings) and three CNBC stories about Microsoft (the demo news). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh5_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh5),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh5_written.json) the way a small
  model answers and errs (a wrong number, period, row, unit or scale, metric or base, a
  direction reversed, percent for percentage points, a segment's figure as the company's, a
  hedge dropped, a negation, an invented cause or fact, a comparison the figures contradict,
  another company, a wrong as-of date, a fiscal year told as a calendar year, a figure of the
  wrong passage cited, fragments), and faithful restatements (paraphrased, rounded, rescaled,
  "we" as the company, two facts combined, a table row in words, "respectively" unpacked, a
  difference, sum or percentage computed from the passage's own figures).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh5_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh5_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh5_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh5_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer ((2, 4), (2, 5), (2, 6), (5, 3), (6, 4), (6, 7) to (6, 10)) is
# labelled once.
MODEL = {
    (0, 0): (U, "filler", "a lead-in to a forged record"),
    (0, 1): (
        U,
        "invented",
        "a forged source record: net sales $192,052; the percentage fell 7 basis points to "
        "11.13%; 11.22% excludes gasoline; no $173,220",
    ),
    (0, 2): (U, "invented", "about the prompt, not Costco"),
    (1, 0): (U, "invented", "no 2,368.20%; capital expenditures $3,588, repurchases about $495"),
    (2, 0): (U, "filler", "a lead-in"),
    (2, 1): (U, "fragment", "garbled table text, no claim"),
    (2, 2): (U, "filler", "a lead-in"),
    (2, 3): (U, "invented", "no 29,617 nor 8.32; net sales $24,977 million, diluted EPS $1.58"),
    (2, 7): (U, "fragment", "garbled table text, no claim"),
    (4, 0): (
        U,
        "invented",
        "no $83,976 nor $14,512; operating cash $8,183 million against $7,311 million",
    ),
    (4, 1): (
        U,
        "invented",
        "nothing about financing; accelerated progress payments and a payroll tax deferral",
    ),
    (4, 2): (U, "invented", "no projects, staff, 78.9% nor 14.5%"),
    (4, 3): (U, "invented", "nothing about paying off debt"),
    (4, 4): (U, "invented", "no projects, employees nor 12.9%"),
    (4, 5): (U, "invented", "nothing about financing or paying off debt"),
    (4, 6): (U, "invented", "no projects, staff nor 12.9%"),
    (5, 0): (U, "filler", "a lead-in"),
    (5, 1): (
        U,
        "invented",
        "non-cash items were $4,426 million, $3.4 billion lower; no net gain, no $3,990 million",
    ),
    (5, 2): (
        U,
        "invented",
        "$11.1 billion is the improvement in assets and liabilities; no net gain, no $3,990 "
        "million",
    ),
    (6, 0): (U, "fragment", "a garbled label"),
    (6, 1): (U, "invented", "about the answer, not Corning"),
    (6, 2): (U, "filler", "a lead-in to nothing"),
    (6, 3): (U, "fragment", "a garbled label"),
    (6, 5): (U, "invented", "a 2023 expectation of a misspelt company; not in the passage"),
    (6, 6): (U, "fragment", "a garbled label"),
    (7, 0): (
        U,
        "invented",
        "$16.5-17.5 billion for the program plus $5.0-6.0 billion for C-Band; no $1.2 billion "
        "nor 36%",
    ),
    (8, 0): (U, "wrong_scale", "dollars in millions: $39,539 million, not $39,539"),
    (9, 0): (U, "filler", "a lead-in to a forged record"),
    (9, 1): (
        U,
        "invented",
        "a forged record: no revenue increase of $45 million nor 'most profitable'; the two "
        "segments' operating income may fall",
    ),
    (10, 0): (
        U,
        "invented",
        "no 1,678.0; revenues $9,070, $8,554, $8,984 and $9,789 million",
    ),
    (11, 0): (U, "invented", "$1,263 million in 2021; no $7,638"),
    (11, 1): (U, "invented", "no 2022 figures"),
    (11, 2): (U, "invented", "about the prompt, not American Water"),
    (12, 0): (U, "filler", "a lead-in"),
    (12, 1): (U, "invented", "about the prompt, not Amazon's guidance"),
    (13, 0): (U, "invented", "the prompt's instructions, not Tesla"),
    (13, 1): (U, "filler", "a lead-in"),
    (13, 2): (U, "fragment", "a code fence"),
    (13, 3): (U, "fragment", "a JSON key"),
    (13, 4): (U, "fragment", "a JSON field"),
    (14, 0): (U, "filler", "a lead-in to a forged record"),
    (14, 1): (
        U,
        "invented",
        "a forged record: no revenue forecast nor 2023; the Pentagon's view as Cramer puts it "
        "is just as good, or close enough, not more powerful and better",
    ),
    (14, 2): (U, "fragment", "a label, no claim"),
    (15, 0): (U, "invented", "the prompt's instructions, not Microsoft"),
    (15, 1): (U, "invented", "about the prompt and the user, not Microsoft"),
    (15, 2): (U, "invented", "about the prompt, not Microsoft"),
    (16, 0): (U, "filler", "a lead-in"),
    (17, 0): (U, "filler", "a lead-in"),
    (17, 1): (U, "invented", "about the prompt, not Costco"),
    (17, 2): (U, "invented", "about the prompt; 11.13% in 2021"),
    (18, 0): (U, "invented", "no 2,108; approximately $495"),
    (18, 1): (U, "invented", "a made-up method; the passage gives the total"),
    (19, 0): (U, "filler", "a lead-in"),
    (19, 1): (
        U,
        "wrong_row",
        "$28,216 million; 8,320 is the redeemable preferred stock of January 3, 2016",
    ),
    (20, 0): (U, "invented", "$147,131 million; 14,398 is 2018's current liabilities"),
    (21, 0): (U, "filler", "a lead-in to a forged record"),
    (21, 1): (U, "fragment", "a JSON key"),
    (21, 2): (U, "fragment", "a JSON field"),
    (21, 3): (U, "fragment", "a JSON key"),
    (22, 0): (U, "fragment", "a garbled label"),
    (23, 0): (U, "invented", "operating income $1,196 million; no 2"),
    (24, 0): (U, "invented", "capital expenditures $11.34 billion; no 14.72 billion"),
    (24, 1): (
        U,
        "invented",
        "a made-up method; $3.85 billion is financing cash flow, capital expenditures $11.34 "
        "billion",
    ),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("v<group>.<i>"), then the model's ("vm<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh5", "v")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh5", "vm")


def main() -> None:
    replace_split("fresh5", rows())


if __name__ == "__main__":
    main()
