"""Build a held-out FinanceBench folder for `finassist eval financebench --root DIR`.

From a checkout of the FinanceBench repository (https://github.com/patronus-ai/financebench,
e.g. commit cc39aeb), take the open-source questions about companies none of our 62 questions
(data/eval/financebench/questions.jsonl) is about and whose evidence PDF the checkout holds, and
lay them out as data/eval/financebench is laid out: questions.jsonl, pdfs/, pdf_coverage.csv.
Nothing in the product was tuned on these questions before their first measure; nothing is
committed from the checkout (run this where the checkout is).

    python scripts/financebench_held.py --source /path/to/financebench --to /tmp/fbheld
"""

import argparse
import csv
import json
import shutil
from pathlib import Path

OURS = Path(__file__).resolve().parent.parent / "data" / "eval" / "financebench" / "questions.jsonl"
COLUMNS = (
    "file",
    "doc_name",
    "company",
    "doc_type",
    "doc_period",
    "doc_link",
    "size_bytes",
    "source",
    "financebench_ids",
)


def held_questions(source: Path) -> list[dict]:
    """The open-source questions about companies we never asked about, with their PDF there."""
    ours = {json.loads(line)["company"] for line in OURS.read_text().splitlines() if line}
    lines = (source / "data" / "financebench_open_source.jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [
        row
        for row in rows
        if row["company"] not in ours and _pdf(source, row["doc_name"]).is_file()
    ]


def build(source: Path, target: Path) -> tuple[int, int]:
    """Write the folder; (questions, PDFs)."""
    questions = held_questions(source)
    documents = {}
    lines = (source / "data" / "financebench_document_information.jsonl").read_text()
    for line in lines.splitlines():
        if line.strip():
            info = json.loads(line)
            documents[info["doc_name"]] = info
    (target / "pdfs").mkdir(parents=True, exist_ok=True)
    rows = []
    for name in sorted({q["doc_name"] for q in questions}):
        pdf = _pdf(source, name)
        shutil.copyfile(pdf, target / "pdfs" / pdf.name)
        info = documents.get(name, {})
        asked = [q for q in questions if q["doc_name"] == name]
        rows.append(
            {
                "file": f"pdfs/{pdf.name}",
                "doc_name": name,
                "company": info.get("company") or asked[0]["company"],
                "doc_type": info.get("doc_type", ""),
                "doc_period": info.get("doc_period", ""),
                "doc_link": info.get("doc_link", ""),
                "size_bytes": pdf.stat().st_size,
                "source": f"patronus-ai/financebench:pdfs/{pdf.name}",
                "financebench_ids": ";".join(q["financebench_id"] for q in asked),
            }
        )
    with (target / "pdf_coverage.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with (target / "questions.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(q) + "\n" for q in questions)
    return len(questions), len(rows)


def _pdf(source: Path, doc_name: str) -> Path:
    """The PDF of a document; a file that is not a PDF (a Git LFS pointer) counts as absent."""
    path = source / "pdfs" / f"{doc_name}.pdf"
    if path.is_file() and path.read_bytes()[:4] != b"%PDF":
        return source / "pdfs" / "absent"
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="a FinanceBench checkout")
    parser.add_argument("--to", type=Path, required=True, help="the folder to write")
    args = parser.parse_args()
    asked, pdfs = build(args.source, args.to)
    print(f"{asked} questions over {pdfs} PDFs in {args.to}")


if __name__ == "__main__":
    main()
