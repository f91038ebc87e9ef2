"""The "fresh7" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts. Its passages (scripts/fresh7_passages.py) share no run of eight words with any other
split's: single FinanceBench pages (data/eval/financebench/pages) of Ulta Beauty, Salesforce,
Intel, Amcor, MGM Resorts, PayPal, Boston Properties, 3M, American Express and AES, companies no
other split reads (earnings releases' results and outlooks, guidance and segment tables, a 10-Q
summary table, a five-year table in thousands, a dividend note, a cash flow summary), and three
CNBC stories about Salesforce, Ulta Beauty and PayPal (the demo news). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh7_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh7),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh7_written.json) the way a small
  model answers and errs (a wrong number, period, row, column, unit or scale, metric or base, a
  direction reversed, percent for percentage points, a segment's figure as the company's, a
  hedge or condition dropped, certainty added, a negation, an invented cause or fact, a
  comparison the figures contradict, another company, a wrong as-of date, a fiscal year told as
  a calendar year, a figure of the wrong passage cited, a swapped pair, fragments), and faithful
  restatements (paraphrased, rounded, rescaled, "we" as the company, two facts or two passages
  combined, a table row in words, a sum, difference, ratio or percentage computed from the
  passage's own figures, a direction the table shows without a figure).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh7_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh7_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh7_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh7_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer is labelled once; a sentence whose label is in doubt is left out.
MODEL = {
    (0, 0): (U, "filler", "a lead-in"),
    (0, 1): (
        U,
        "wrong_number",
        (
            "$0.13 was fiscal 2021's benefit, fiscal 2022's $0.07; inventories rose to $1.6 "
            "billion, no 56.1% nor $1.4 billion; Glendale is in AZ and Woburn in MA, no "
            "Winnfield; 12 stores remodeled"
        ),
    ),
    (1, 0): (U, "filler", "a lead-in"),
    (1, 1): (U, "invented", "about the prompt, not Ulta"),
    (1, 2): (U, "invented", "no 12.5%, 30.7% nor 48.6%; a made-up answer about a JSON array"),
    (2, 0): (U, "wrong_number", "25-30 net new stores, not 2"),
    (2, 1): (U, "invented", "a made-up method; 14.2 million square feet, no 14.7 million"),
    (2, 2): (U, "invented", "a garbled calculation"),
    (2, 3): (U, "invented", "a garbled calculation"),
    (3, 0): (
        U,
        "wrong_number",
        ("subscription and support $7.64 billion grew 11%, not 9.3%; no $2.25 billion nor 12.2%"),
    ),
    (3, 1): (U, "filler", "a lead-in"),
    (3, 2): (U, "fragment", "a JSON fragment"),
    (4, 0): (U, "invented", "Salesforce provides no analysis services to itself; about the prompt"),
    (4, 1): (U, "invented", "a lead-in to a made-up summary; no such JSON file"),
    (4, 2): (U, "fragment", "a garbled source label"),
    (5, 0): (
        U,
        "invented",
        (
            "the guidance is a GAAP margin of ~11.4% and non-GAAP ~28.0% for the full year; "
            "no earnings formula"
        ),
    ),
    (5, 1): (U, "fragment", "a made-up LaTeX formula"),
    (5, 2): (U, "filler", "a lead-in"),
    (5, 3): (U, "fragment", "a LaTeX command"),
    (6, 0): (U, "filler", "a lead-in"),
    (6, 1): (U, "invented", "about the prompt, not Intel"),
    (6, 2): (U, "invented", "about the prompt, not Intel"),
    (6, 3): (U, "invented", "about the prompt; the passage does answer the question"),
    (7, 0): (U, "invented", "about the prompt, not Intel"),
    (7, 1): (U, "filler", "a lead-in"),
    (7, 2): (U, "fragment", "a code fence"),
    (7, 3): (U, "fragment", "a JSON key"),
    (7, 4): (U, "fragment", "a JSON field naming the source"),
    (7, 5): (U, "fragment", "a JSON key"),
    (7, 6): (U, "fragment", "a JSON field"),
    (7, 7): (U, "fragment", "a JSON field"),
    (7, 8): (U, "invented", "about the prompt, not Intel"),
    (7, 9): (U, "invented", "about the prompt's format, not Intel"),
    (7, 10): (U, "invented", "about the prompt's format, not Intel"),
    (7, 11): (U, "invented", "about the prompt's format, not Intel"),
    (8, 0): (U, "filler", "a lead-in to nothing; no segment named"),
    (8, 1): (U, "fragment", "a code fence"),
    (8, 2): (U, "fragment", "a JSON key"),
    (8, 3): (U, "fragment", "a JSON key"),
    (8, 4): (U, "invented", "no such company or title"),
    (8, 5): (U, "wrong_number", "the columns are Dec 31, 2022 and Dec 25, 2021; no Dec 25, 2022"),
    (8, 7): (U, "invented", "made-up column dates"),
    (9, 0): (U, "filler", "a lead-in"),
    (9, 1): (
        U,
        "invented",
        "no NMEX nor NCSX; 12.25 cents is paid to NYSE holders, CDIs trade on the ASX",
    ),
    (9, 2): (
        U,
        "wrong_metric",
        (
            "$431 million was the cost of buybacks; about $1.2 billion returned in all; $70 "
            "million is fiscal 2024's planned buybacks"
        ),
    ),
    (9, 3): (U, "invented", "no sales of shares, no $258 million nor $69 million"),
    (9, 4): (U, "fragment", "a question, not a claim"),
    (10, 0): (U, "contradicted", "EBIT and EBIT margins fell in both segments"),
    (10, 1): (U, "filler", "a lead-in"),
    (10, 2): (U, "fragment", "a garbled source label"),
    (11, 0): (U, "invented", "the guidance is Amcor's fiscal 2024 outlook, not a platform"),
    (11, 1): (U, "invented", "no such objective; fiscal 2023 named wrongly"),
    (12, 0): (
        U,
        "wrong_number",
        (
            "4 million shares for $164 million year-to-date and 76 million in 2022; no 1.2 "
            "million nor January"
        ),
    ),
    (12, 1): (U, "fragment", "a made-up URL"),
    (13, 1): (U, "filler", "a lead-in"),
    (13, 2): (U, "invented", "no website nor MGM Las Vegas, LLC"),
    (14, 0): (
        U,
        "contradicted",
        (
            "MGM China's fourth quarter 2022 net revenues fell 44% to $175 million; no 2023 "
            "quarter, $1.7 billion nor 4.5%"
        ),
    ),
    (14, 1): (
        U,
        "invented",
        "$320 million is Regional Operations' EBITDAR; no premium nor share prices",
    ),
    (14, 2): (U, "filler", "a lead-in to nothing"),
    (14, 3): (U, "invented", "net revenues fell $140 million; no $9.5 billion nor $164.5 billion"),
    (15, 0): (U, "filler", "a lead-in"),
    (15, 1): (
        U,
        "wrong_number",
        (
            "net revenues rose 7% ($481 million) to $7,287 million; $1,133 million is "
            "operating income; no 2.4%, $765, $8,921 nor $11,133"
        ),
    ),
    (16, 0): (U, "filler", "a lead-in"),
    (16, 1): (
        U,
        "wrong_number",
        "$970 million; $1,475 million is 2022's six-month operating income",
    ),
    (17, 0): (U, "wrong_number", "net income $799,918 thousand in 2015; no 74,389"),
    (18, 0): (U, "fragment", "a year, not an answer"),
    (18, 1): (U, "invented", "a made-up method"),
    (18, 2): (U, "invented", "a garbled calculation; revenue $2,396,998 and $2,490,821 thousand"),
    (18, 3): (U, "invented", "a made-up method"),
    (18, 4): (U, "fragment", "a year, not how revenue grew"),
    (19, 0): (
        S,
        "supported",
        ("the declared quarterly dividend, its annual equivalent and the 65th increase, stated"),
    ),
    (20, 0): (U, "invented", "65 consecutive years of increases; no 20 months nor December 19th"),
    (22, 0): (
        U,
        "invented",
        (
            "24.6% is 2021's effective tax rate; cash and cash equivalents were $33,914 "
            "million; nothing paid out by shareholders"
        ),
    ),
    (23, 0): (U, "fragment", "a garbled table header"),
    (23, 1): (U, "wrong_number", "no (798); financing activities provided $797 million in 2021"),
    (23, 2): (U, "filler", "a lead-in to nothing; no figure"),
    (23, 3): (U, "fragment", "a code fence"),
    (23, 4): (U, "fragment", "a JSON key"),
    (23, 5): (U, "fragment", "a JSON key"),
    (23, 6): (U, "fragment", "a JSON field naming the source"),
    (23, 7): (U, "fragment", "a JSON field"),
    (23, 8): (U, "invented", "a made-up date; the columns are years ended December 31"),
    (23, 9): (U, "fragment", "a JSON field"),
    (23, 14): (U, "fragment", "a JSON field"),
    (24, 0): (U, "filler", "a lead-in"),
    (24, 1): (S, "supported", "the quote, 'had' told as 'have'"),
    (24, 2): (U, "invented", "the quote ends at 'a lot of success'; nothing about doing it again"),
    (25, 0): (
        U,
        "misattributed",
        "the PayPal remarks are its CFO's, not Jim Cramer's; Cramer spoke about Ulta",
    ),
    (25, 1): (U, "invented", "nothing says PayPal's leadership team is made of veterans"),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("t<group>.<i>"), then the model's ("tm<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh7", "t")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh7", "tm")


def main() -> None:
    replace_split("fresh7", rows())


if __name__ == "__main__":
    main()
