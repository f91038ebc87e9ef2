"""The "fresh3" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written while the check was being changed on the other splits, by someone
who had not read the check's code nor the other splits' sentences. Its passages
(scripts/fresh3_passages.py) share no run of eight words with any earlier split's: FinanceBench
filings of Boeing, Corning, Verizon, Nike, JPMorgan and Netflix no split reads (human capital,
competition, segments, backlog and results tables) and three sections of the demo filings
(Tesla's and Amazon's properties tables, Apple's legal proceedings). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh3_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh3),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh3_written.json) the way a small
  model answers and errs (a wrong number, a figure of another row, column, year or segment,
  swapped names, list members swapped, a dropped or added negation, a dropped qualifier, an
  overreach, a wrong count, another company, a cause the passage does not give, a wrong scale,
  percent for percentage points, a citation of the wrong passage, a lead-in or fragment), and
  faithful restatements (paraphrased, rounded, "we" as the company, a figure with its unit).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh3_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh3_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh3_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh3_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer (or again with one figure changed: (0, 6), (9, 5), (9, 6)) is
# labelled once.
MODEL = {
    (0, 0): (U, "filler", "a lead-in to a list"),
    (0, 1): (S, "supported", "research and development of manned and unmanned military aircraft"),
    (0, 2): (U, "list_swap", "those are its fixed-wing aircraft, not rotorcraft"),
    (0, 3): (U, "invented", "no commercial spacecraft; Chinook and Apache are rotorcraft; no A340"),
    (0, 4): (S, "supported", "production of military aircraft"),
    (0, 5): (
        U,
        "invented",
        "missile and space systems, but no International Aerospace Corporation",
    ),
    (1, 0): (U, "fragment", "no workforce figure, no competitor"),
    (2, 0): (U, "wrong_row", "153,000 is the workforce (passage 2); backlog $490,481 million"),
    (3, 0): (U, "filler", "a lead-in to a list"),
    (3, 1): (U, "fragment", "a segment name, no competitor"),
    (3, 2): (U, "fragment", "a segment name, no competitor"),
    (3, 3): (U, "invented", "no such company or segment"),
    (4, 0): (U, "invented", "no employee count; the passage gives 61% men and 39% women"),
    (5, 0): (U, "invented", "no 1.5% of a workforce, no combined 230,000, no 27% female"),
    (6, 0): (U, "invented", "nothing on the IOC or awards; the 1.5% is of pre-tax income"),
    (7, 0): (U, "fragment", "a year, no result"),
    (7, 1): (U, "invented", "net income $14,472 million; no net loss, no $465,789"),
    (8, 0): (U, "filler", "says the data has no answer; it has"),
    (8, 1): (U, "invented", "about the prompt, not Netflix"),
    (8, 2): (U, "invented", "describes the data; no 'netfloxa'"),
    (9, 0): (U, "filler", "says nothing about the segments"),
    (9, 1): (U, "invented", "$7.48 is international only; no standard deviation"),
    (9, 2): (U, "invented", "no such share of memberships"),
    (9, 3): (U, "invented", "no $1,308 revenue per member"),
    (9, 4): (U, "invented", "no such share of memberships"),
    (10, 0): (U, "filler", "a lead-in to nothing"),
    (10, 1): (U, "invented", "a source label with an invented figure"),
    (10, 2): (U, "filler", "a lead-in to nothing"),
    (10, 3): (U, "invented", "a forged source record; no New York City or Florida locations"),
    (10, 4): (U, "invented", "Tesla generally leases its facilities; it leases none to others"),
    (10, 5): (U, "filler", "a question, no claim"),
    (11, 0): (U, "filler", "a lead-in"),
    (11, 1): (U, "invented", "no Axelon"),
    (12, 0): (S, "supported", "the DOJ suit alleges monopolization in smartphone markets"),
    (12, 1): (U, "invented", "the DMA is not a U.S. antitrust law nor the FTC's; no DMCA"),
    (12, 2): (U, "swapped", "the DOJ seeks equitable relief; other suits seek damages"),
    (13, 0): (U, "fragment", "no employee count"),
    (14, 0): (U, "wrong_row", "278,494 is 2Q22's headcount; net income $14,472 million"),
    (14, 1): (U, "invented", "a calculation the passage does not make"),
    (14, 2): (U, "invented", "no such net income"),
    (15, 0): (S, "supported", "headquartered in Austin, Texas"),
    (16, 0): (S, "supported", "approximately 153,000 at December 31, 2018"),
    (17, 0): (U, "filler", "a lead-in to a list"),
    (17, 1): (U, "invented", "Corning is not its own competitor"),
    (17, 2): (U, "list_swap", "a Life Sciences competitor; CommScope and Prysmian"),
    (17, 3): (U, "list_swap", "Life Sciences competitors, not Optical Communications'"),
    (17, 4): (U, "list_swap", "Life Sciences competitors, not Optical Communications'"),
    (17, 5): (U, "invented", "no Corona Technologies nor Nippon Energy Glass"),
    (17, 6): (U, "invented", "no Luxor"),
    (17, 7): (U, "invented", "no Preston"),
    (17, 8): (U, "invented", "no Toshiba"),
    (17, 9): (U, "invented", "no offices named"),
    (18, 0): (
        U,
        "invented",
        "a civil antitrust suit, not patent infringement; no 'Apple Inc., LLC'",
    ),
    (19, 0): (U, "wrong_row", "36.4% is women in senior leadership; unions represent 22.5%"),
}


def main() -> None:
    rows = written_rows(WRITTEN, passage, "fresh3", "z")
    rows += model_rows(DRAFTS, MODEL, passage, "fresh3", "zm")
    replace_split("fresh3", rows)


if __name__ == "__main__":
    main()
