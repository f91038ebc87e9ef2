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
# drafted again in one answer is labelled once.
MODEL: dict[tuple[int, int], tuple[str, str, str]] = {}


def rows() -> list[dict]:
    """The split's rows: the written ones ("w<group>.<i>"), then the model's ("wm<draft>.<i>")."""
    built = written_rows(WRITTEN, passage, "fresh4", "w")
    return built + model_rows(DRAFTS, MODEL, passage, "fresh4", "wm")


def main() -> None:
    replace_split("fresh4", rows())


if __name__ == "__main__":
    main()
