"""The "fresh8" split of data/eval/support_sentences.jsonl: a generalisation measure of the
sentence-support check written by someone who had not read the check's code nor seen any of its
verdicts. Its passages (scripts/fresh8_passages.py) share no run of eight words with any other
split's: single FinanceBench pages (data/eval/financebench/pages) of PG&E, the one FinanceBench
company no other split nor the demo reads (its 2022 10-K: MD&A narrative explaining the year's
changes, the dividend restriction, two risk factors, human capital, a critical accounting
estimate, and tables of layouts no split used before: a three-year income statement, revenues
that did and did not impact earnings, operating statistics, a resource mix in percentages,
revenues by customer type, a tax rate reconciliation, pension sensitivities; its second-quarter
2023 earnings release: core earnings and guidance text and an EPS guidance table), and three
CNBC stories about Target, Beyond Meat and General Electric (the demo news). Two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh8_drafts.jsonl, scripts/draft_pdf_support_sentences.py fresh8),
  labelled by hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh8_written.json) the way a small
  model answers and errs (the kinds of fresh7, and a qualified figure as the unqualified one:
  core as GAAP, basic as diluted, net income as income attributable to common stock, revenues
  that impacted earnings as all revenues; a segment's figure as the company's; the Utility's
  statement as its parent's; a risk or list item the passage does not name; a cause attached to
  the wrong effect), and faithful restatements (paraphrased prose, rounded, rescaled, computed
  sums, differences, ratios and shares, figure-less directions, two passages combined).

Every label was written down and committed before the check was run on any of these rows.

    python scripts/add_fresh8_support_rows.py
"""

from pathlib import Path

from scripts.add_fresh2_support_rows import model_rows, replace_split, written_rows
from scripts.fresh8_passages import passage

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "data" / "eval" / "support_fresh8_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh8_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences. A sentence
# drafted again in one answer is labelled once; a sentence whose label is in doubt is left out.
MODEL = {
    (0, 0): (
        U,
        "wrong_number",
        "the Utility had about 26,000 regular employees and the parent 10; no 1",
    ),
    (0, 1): (U, "invented", "about the prompt, not PG&E"),
    (0, 2): (U, "invented", "about the source's layout, not PG&E"),
    (1, 0): (U, "filler", "a lead-in to nothing"),
    (2, 0): (U, "filler", "a lead-in"),
    (2, 1): (U, "fragment", "a garbled source label"),
    (2, 2): (
        U,
        "invented",
        "no 5.79 million customers nor 346.1 billion; a garbled calculation",
    ),
    (2, 3): (
        U,
        "invented",
        "no $1,311,722; total electric operating revenues were $15,060 million",
    ),
    (3, 0): (U, "filler", "a lead-in to nothing"),
    (4, 0): (
        U,
        "dropped_hedge",
        "the Utility could be subject to them; the passage does not say it is",
    ),
    (4, 1): (U, "invented", "no PESPS nor EPPW events, no Oklahoma nor Texas"),
    (4, 2): (U, "invented", "no such events; the Utility serves Northern California"),
    (4, 3): (U, "invented", "no such events nor penalties"),
    (5, 0): (
        U,
        "invented",
        (
            "the provisions may make an acquisition harder without the Board's approval; "
            "nothing about deciding for shareholders nor negotiating"
        ),
    ),
    (6, 0): (U, "filler", "a lead-in to nothing"),
    (6, 1): (U, "fragment", "a table heading"),
    (6, 2): (
        U,
        "wrong_column",
        (
            "$4,703 million is 2022 electric revenue that did not impact earnings; revenues "
            "that impacted earnings were $14,296 million"
        ),
    ),
    (6, 3): (U, "invented", "no $698.50; $1,149 million is 2021's cost of natural gas"),
    (7, 0): (
        U,
        "causal",
        (
            "a circular cause; the passage names the CEMA settlement, GT&S, GRC, FERC and "
            "decommissioning revenues"
        ),
    ),
    (7, 1): (U, "invented", "a garbled calculation; no $1,298, 5.58 nor $6,212"),
    (7, 2): (U, "filler", "a lead-in"),
    (7, 3): (U, "fragment", "a LaTeX command"),
    (8, 0): (U, "wrong_number", "decreased by $83 million, or 1%, not 10%"),
    (8, 1): (U, "filler", "a lead-in"),
    (8, 2): (U, "invented", "about the prompt, not the Utility"),
    (8, 3): (U, "invented", "about the prompt, not the Utility"),
    (8, 4): (U, "invented", "about the prompt, not the Utility"),
    (8, 5): (U, "invented", "about the prompt, not the Utility"),
    (8, 6): (U, "filler", "a lead-in to nothing"),
    (8, 7): (U, "invented", "about the prompt's format, not the Utility"),
    (9, 0): (U, "filler", "a lead-in to nothing"),
    (9, 1): (U, "invented", "about the prompt, not PG&E"),
    (9, 2): (U, "filler", "a lead-in to a made-up JSON array"),
    (9, 3): (U, "fragment", "a code fence"),
    (9, 4): (U, "fragment", "a JSON key"),
    (9, 5): (U, "fragment", "a JSON field naming the source"),
    (9, 6): (U, "fragment", "a JSON key"),
    (9, 7): (U, "fragment", "a JSON field"),
    (9, 8): (U, "fragment", "a JSON key"),
    (9, 9): (U, "fragment", "a made-up JSON field"),
    (9, 10): (U, "invented", "no news article nor publication date"),
    (9, 11): (U, "fragment", "a JSON field naming the source"),
    (10, 0): (
        U,
        "wrong_row",
        (
            "depreciation, amortization and decommissioning was $3,856 million; (1,373) is "
            "2021's interest expense"
        ),
    ),
    (11, 0): (U, "invented", "about the prompt, not PG&E's interest expense"),
    (11, 1): (U, "invented", "about the prompt, not PG&E's interest expense"),
    (11, 2): (U, "invented", "about the prompt; the passage gives the causes"),
    (11, 3): (U, "invented", "about the prompt, not PG&E's interest expense"),
    (12, 0): (U, "invented", "no premium tax rate nor 21.5; the effective rate was (118.2)%"),
    (12, 1): (U, "filler", "a lead-in to a garbled table"),
    (12, 2): (U, "fragment", "a garbled table header"),
    (13, 0): (
        U,
        "misattributed",
        (
            "the Amended Bylaws' provisions bear on takeovers, not dividends; the $6.2 "
            "billion condition is the Confirmation Order's"
        ),
    ),
    (13, 1): (
        U,
        "invented",
        (
            "holders of ten percent of the votes can request a special meeting; no February "
            "30th, two-thirds vote nor houses"
        ),
    ),
    (13, 2): (
        U,
        "misattributed",
        "the Amended Articles' provisions bear on takeovers, not dividends",
    ),
    (13, 3): (U, "invented", "no such requirement"),
    (13, 4): (
        U,
        "invented",
        "no such requirement; the provisions could delay a merger or proxy contest",
    ),
    (13, 5): (U, "invented", "no such requirement"),
    (13, 6): (U, "invented", "no such requirement"),
    (14, 0): (
        U,
        "wrong_metric",
        (
            "6.5% is the 2023 health care cost trend rate; the assumed return is 6.1%; no "
            "2.8% inflation"
        ),
    ),
    (15, 0): (
        U,
        "wrong_number",
        "a 0.50 point lower discount rate adds $5 million to pension costs; no 1.5%",
    ),
    (15, 1): (U, "filler", "a lead-in"),
    (15, 2): (
        U,
        "invented",
        (
            "a garbled calculation; no 1.5% nor 7.9% inflation; $8 and $38 million are the "
            "health care trend rate's"
        ),
    ),
    (16, 0): (U, "fragment", "a source label"),
    (16, 1): (U, "invented", "about the source, not the net income; no PGCEI"),
    (17, 0): (
        U,
        "wrong_number",
        (
            "revenues grew $3,211 million, about 17%, from 2020 to 2022; 13,858 is 2020's "
            "electric revenue"
        ),
    ),
    (17, 1): (
        U,
        "invented",
        "the preferred stock dividend requirement was $14 million in 2022; nothing about owners",
    ),
    (18, 0): (
        U,
        "wrong_row",
        (
            "residential electric revenue was $6,130 million; $15,131 million is 2021's "
            "total electric revenue"
        ),
    ),
    (19, 0): (U, "filler", "a lead-in to nothing"),
    (19, 1): (
        U,
        "wrong_number",
        (
            "core earnings were $494 million, $0.23 per diluted share; $1.04 to $1.13 is the "
            "GAAP EPS guidance, $1.19 to $1.23 the core EPS guidance, no $2.13 nor $2.23"
        ),
    ),
    (20, 0): (
        U,
        "misattributed",
        (
            "that is what the non-GAAP core earnings measure is for, not the guidance; the "
            "guidance is $1.04 to $1.13 of GAAP EPS and $1.19 to $1.23 of core EPS"
        ),
    ),
    (20, 1): (U, "invented", "no guidebook nor two such tables; no non-GEA"),
    (21, 0): (U, "filler", "a lead-in"),
    (21, 1): (
        U,
        "invented",
        (
            "Cornell spoke of building market share and trust with consumers; nothing about "
            "the pandemic as an opportunity"
        ),
    ),
    (22, 0): (U, "filler", "a lead-in to nothing"),
    (23, 0): (U, "filler", "a lead-in to nothing"),
}


def rows() -> list[dict]:
    """The split's rows: the written ones ("e<group>.<i>"), then the model's ("em<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh8", "e")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh8", "em")


def main() -> None:
    replace_split("fresh8", rows())


if __name__ == "__main__":
    main()
