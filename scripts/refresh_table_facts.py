"""Re-read the statement-table facts of a built store's uploads with the current code, nothing
else: no chunking, no embedding (a change to ingestion/tables.py or segments.py, measured on an
evaluation store in minutes instead of an hour of re-embedding).

    PYTHONPATH=. python scripts/refresh_table_facts.py $FINASSIST_HOME/eval/financebench \
        [--cache DIR] [--only NAME ...]

Each indexed upload's original (under the store's uploads/) is parsed by the upload parser in
this process (the evaluation's own files, not untrusted ones: no sandbox), made into its
Document as the sandboxed child makes it (registrant from the cover page, cleaned), and its
facts replace the stored ones (ingestion.tables.replace_document_facts). `--cache` keeps each
file's parsed pages (by sha256) so a second refresh skips the PDF parsing; `--only` refreshes
the uploads whose title contains NAME (the filings a change can touch).
"""

import argparse
import json
import sys
import time
from pathlib import Path

from core.home import Home
from core.identity import LOCAL_USER
from core.types import Section
from ingestion.cleaning import clean_document
from ingestion.files import owned
from ingestion.sources.uploads.derive import upload_document_of
from ingestion.sources.uploads.limits import UploadLimits
from ingestion.sources.uploads.pdf import parse_pdf
from ingestion.tables import replace_document_facts
from rag.search.db import connect, transaction
from rag.search.store import Catalog
from rag.search.structured import FactStore


def pages_of(original: Path, sha256: str, cache: Path | None) -> tuple[list[Section], int]:
    cached = cache / f"{sha256}.json" if cache else None
    if cached and cached.exists():
        data = json.loads(cached.read_text())
        return [Section(**s) for s in data["sections"]], data["pages"]
    draft = parse_pdf(original.read_bytes(), UploadLimits())
    if cached:
        cache.mkdir(parents=True, exist_ok=True)
        sections = [s.model_dump(mode="json") for s in draft.sections]
        cached.write_text(json.dumps({"sections": sections, "pages": draft.pages}))
    return draft.sections, draft.pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("home", type=Path, help="the store's home (e.g. .../eval/financebench)")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="titles containing NAME")
    args = parser.parse_args()
    home = Home(args.home)
    conn = connect(home.database)
    started, written, removed = time.perf_counter(), 0, 0
    for row in Catalog(conn, LOCAL_USER).documents_of_source("upload"):
        metadata = json.loads(row["metadata"] or "{}")
        if metadata.get("kind") != "pdf":
            continue
        if args.only and not any(name in row["title"] for name in args.only):
            continue
        original = home.uploads / f"{metadata['sha256']}.pdf"
        sections, pages = pages_of(original, metadata["sha256"], args.cache)
        data = original.read_bytes()
        document = upload_document_of("pdf", sections, pages, data, row["title"], None)
        document = owned(clean_document(document), row["owner"] or LOCAL_USER)
        with transaction(conn):
            count, gone = replace_document_facts(FactStore(conn), document)
        written += count.new + count.updated + count.unchanged
        removed += gone
        print(f"{row['title']}: {count.new} new, {count.updated} updated, {gone} removed")
    seconds = time.perf_counter() - started
    print(f"{written} facts kept or written, {removed} removed, {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
