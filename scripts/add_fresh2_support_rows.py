"""The "fresh2" split of data/eval/support_sentences.jsonl: the generalisation measure of the
sentence-support check after its fresh-split leaks were fixed. Passages of FinanceBench PDFs of
eight companies no earlier split uses (scripts/fresh2_passages.py); two kinds of sentence:

- model: what the shipped model drafted over those passages
  (data/eval/support_fresh2_drafts.jsonl, scripts/draft_pdf_support_sentences.py), labelled by
  hand in MODEL below;
- written: sentences written by hand (data/eval/support_fresh2_written.json) the way a small
  model answers and errs (a wrong number, a figure of another clause or year, swapped names, a
  wrong year, a dropped or added negation, a wrong count, an overreach, another company), and
  faithful restatements.

Every label was written down before the check was run on any of these rows; the check was not
tuned on them afterwards.

    python scripts/add_fresh2_support_rows.py
"""

import json
from pathlib import Path

from scripts.add_fresh_support_rows import _row as fresh_row
from scripts.fresh2_passages import passage

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eval" / "support_sentences.jsonl"
DRAFTS = ROOT / "data" / "eval" / "support_fresh2_drafts.jsonl"
# [{"question", "passages": [keys], "sentences": [{"sentence", "label", "kind", "why"}]}]
WRITTEN = ROOT / "data" / "eval" / "support_fresh2_written.json"
S, U = "supported", "unsupported"

# (draft index, sentence index): (label, kind, why) for the model's own sentences
MODEL = {
    (0, 0): (U, "filler", "a dangling lead-in"),
    (1, 1): (U, "invented", "about the prompt, not Costco"),
    (2, 2): (U, "invented", "no 104 products, no four regions"),
    (3, 0): (U, "invented", "Neer and Nvb are not named; Nvidia is"),
    (4, 0): (U, "wrong_number", "$0.9 billion in 2015; nothing about $8.9 billion or IMFs"),
    (6, 1): (U, "invented", "The Kraft Heinz Company, not Kraft Heinz Group"),
    (6, 2): (U, "invented", "no International subsidiary owned by Berkshire, no London listing"),
    (7, 1): (U, "negated", "they do face competition from governmental agencies; no Internet"),
    (8, 0): (U, "wrong_number", "approximately 221,000"),
    (9, 1): (U, "fragment", "a source label, no claim"),
}


def written_rows(written: Path = WRITTEN, cut=passage, split="fresh2", prefix="y") -> list[dict]:
    """The hand-written rows of `written` (the fresh3 split reuses this with its own files)."""
    rows = []
    for g, group in enumerate(json.loads(written.read_text(encoding="utf-8"))):
        passages = [cut(key, n) for n, key in enumerate(group["passages"], 1)]
        for i, s in enumerate(group["sentences"]):
            row = (group["question"], s["sentence"], passages, s["label"], s["kind"], s["why"])
            rows.append(_row(f"{prefix}{g}.{i}", f"{split}-written", *row, split=split))
    return rows


def model_rows(
    drafts: Path = DRAFTS, labels: dict = MODEL, cut=passage, split="fresh2", prefix="ym"
) -> list[dict]:
    """The model's drafted sentences that `labels` labels, by (draft index, sentence index)."""
    rows = []
    for g, line in enumerate(drafts.read_text(encoding="utf-8").splitlines()):
        draft = json.loads(line)
        passages = [cut(key, n) for n, key in enumerate(draft["keys"], 1)]
        for i, sentence in enumerate(draft["sentences"]):
            if (g, i) in labels:
                row = (draft["question"], sentence, passages, *labels[(g, i)])
                rows.append(_row(f"{prefix}{g}.{i}", f"{split}-model", *row, split=split))
    return rows


def _row(id_, origin, question, sentence, passages, label, kind, why, split="fresh2") -> dict:
    return fresh_row(id_, origin, question, sentence, passages, label, kind, why, split=split)


def replace_split(split: str, rows: list[dict]) -> None:
    """Rewrite the labelled set with `split`'s rows replaced by `rows` (the others untouched)."""
    kept = [
        line
        for line in OUT.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["split"] != split
    ]
    OUT.write_text(
        "\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in rows]) + "\n",
        encoding="utf-8",
    )
    print(len(rows), split, "rows")


def main() -> None:
    replace_split("fresh2", written_rows() + model_rows())


if __name__ == "__main__":
    main()
