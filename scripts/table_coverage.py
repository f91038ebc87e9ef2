"""What ingestion/tables.py reads from real filings: statement tables, segments, per-share rows.

For each document (the demo's EDGAR 10-K/10-Q HTML, the FinanceBench PDFs, the recorded 8-K
exhibit 99.1 earnings releases) it prints the statement tables found by kind, the segment tables,
the per-share rows, the facts produced with their scales, currencies and periods, and which of a
few key metrics (revenue, net income, diluted EPS, total assets, operating cash flow) the figures
path can read from them.

    PYTHONPATH=. python scripts/table_coverage.py [--pdfs N] [--json] [--cache DIR]

PDF page texts are cached (pypdf is slow): the first run reads every page once.
"""

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from pypdf import PdfReader

from core.types import Document, Section
from ingestion.sample import sample_filings
from ingestion.sources import sec, uploads
from ingestion.tables import Context, fiscal_calendar, section_tables, table_facts
from rag.figures.metrics import BY_KEY
from rag.figures.reported import _stands_for

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT / "data" / "eval" / "financebench" / "pdfs"
EARNINGS = ROOT / "tests" / "data" / "earnings"
KEY_METRICS = ("revenue", "net_income", "eps_diluted", "total_assets", "operating_cash_flow")


def sec_documents() -> list[tuple[str, Document]]:
    """The demo's recorded EDGAR filings (10-K, 10-Q and 8-K) as parsed Documents."""
    out = []
    for ref, path in sample_filings():
        out.append((f"{ref.ticker} {ref.form} {ref.report_date or ref.filed}", _parse(path, ref)))
    return out


def earnings_documents() -> list[tuple[str, Document]]:
    """The recorded 8-K exhibit 99.1 earnings releases (tests/data/earnings/README.md)."""
    from tests.earnings import earnings_release  # noqa: PLC0415 (recorded releases)

    return [(f"{name} (8-K ex-99.1)", earnings_release(name)) for name in _release_names()]


def _release_names() -> list[str]:
    return sorted(p.stem for p in EARNINGS.glob("*ex99*.htm"))


def _parse(path: Path, ref: sec.FilingRef) -> Document:
    return sec.parse_filing(path.read_bytes(), ref)


def pdf_documents(limit: int | None, cache: Path) -> list[tuple[str, Document]]:
    """FinanceBench PDFs as upload Documents, every page read as the upload parser reads it."""
    out = []
    for path in sorted(PDFS.glob("*.pdf"))[:limit]:
        pages = _page_texts(path, cache)
        sections = [
            Section(title=f"Page {n}", text=text, page=n) for n, text in enumerate(pages, 1) if text
        ]
        parsed = uploads.ParsedUpload(kind="pdf", sections=sections, pages=len(pages))
        data = path.read_bytes()
        stored = uploads.StoredUpload(
            path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        )
        out.append((path.stem, uploads.upload_document(parsed, stored, path.name)))
    return out


def _page_texts(path: Path, cache: Path) -> list[str]:
    cached = cache / f"{path.stem}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    reader = PdfReader(path)
    texts = [(page.extract_text() or "").replace("\x00", "").strip() for page in reader.pages]
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(texts))
    return texts


def coverage(name: str, document: Document) -> dict:
    """What the tables module finds in one document."""
    calendar = fiscal_calendar(document)
    from ingestion.tables import ANNUAL_FORMS  # noqa: PLC0415

    context = Context(calendar.fye, (document.form or "").upper() in ANNUAL_FORMS)
    kinds: Counter = Counter()
    for section in document.sections:
        for table in section_tables(section, context):
            kinds[table.kind] += 1
    facts = table_facts(document)
    per_share = {f.label for f in facts if f.unit == "USD/shares"}
    metrics = {}
    for key in KEY_METRICS:
        rows = [f for f in facts if _stands_for(f, BY_KEY[key])]
        metrics[key] = sorted({f"{f.fiscal_period or '?'}{f.fiscal_year}" for f in rows})
    return {
        "document": name,
        "ticker": document.ticker,
        "form": document.form,
        "tables": dict(kinds),
        "segment_tables": sum(n for kind, n in kinds.items() if kind.startswith("segment")),
        "per_share_rows": len(per_share),
        "facts": len(facts),
        "scales": sorted({f.scale for f in facts if f.unit == "USD"}),
        "currencies": sorted(
            {f.unit.split("/")[0] for f in facts if f.unit not in ("shares", "%")}
        ),
        "periods": sorted({f"{f.fiscal_period or '?'} {f.fiscal_year}" for f in facts}),
        "metrics": metrics,
    }


def summary(rows: list[dict]) -> dict:
    """Totals over the documents: how many have each statement and each key metric."""
    out: dict = {"documents": len(rows), "facts": sum(r["facts"] for r in rows)}
    for kind in ("income statement", "balance sheet", "cash flow", "equity"):
        out[f"with {kind}"] = sum(1 for r in rows if r["tables"].get(kind))
    out["with segment table"] = sum(1 for r in rows if r["segment_tables"])
    out["with per-share rows"] = sum(1 for r in rows if r["per_share_rows"])
    for key in KEY_METRICS:
        out[f"with {key}"] = sum(1 for r in rows if r["metrics"][key])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pdfs", type=int, default=None, help="only the first N PDFs")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/table_coverage_cache"))
    args = parser.parse_args()
    groups = {
        "sec": sec_documents(),
        "earnings": earnings_documents(),
        "pdf": pdf_documents(args.pdfs, args.cache),
    }
    report = {}
    for group, documents in groups.items():
        rows = [coverage(name, doc) for name, doc in documents]
        report[group] = {"summary": summary(rows), "documents": rows}
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        return 0
    for group, body in report.items():
        print(f"== {group}: {body['summary']}")
        for row in body["documents"]:
            tables = ", ".join(f"{k} {n}" for k, n in sorted(row["tables"].items())) or "none"
            found = " ".join(k for k, v in row["metrics"].items() if v) or "-"
            print(
                f"  {row['document'][:38]:38} {row['ticker'] or '?':5} {row['form'] or '?':5} "
                f"facts {row['facts']:4}  per-share {row['per_share_rows']:2}  "
                f"scales {row['scales']}  [{tables}]  metrics: {found}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
