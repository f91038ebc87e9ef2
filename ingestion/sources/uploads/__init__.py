"""Analyst uploads (PDF, HTML, DOCX, CSV, text, Markdown): sniff by content, parse in a sandbox.

The client's filename is only a hint; nothing found in a file is executed or fetched. This
package's public face: `from ingestion.sources import uploads`, then `uploads.parse_upload`,
`uploads.store_original`, `uploads.upload_document`, ... Its modules:

- `sniff`: the kind of file by its content, and how its text is encoded;
- `limits`: `UploadLimits`, what one upload may cost;
- `store`: the original stored once under its hash, and a filename safe to show;
- `parse`: `parse_upload` (the sandboxed child's answer, validated) and `upload_document`;
- `derive`: what runs in the child: parse, registrant, Document, chunks, table facts;
- one parser per format: `pdf`, `html` (via `ingestion.sources.html`, as SEC filings), `docx`,
  `csv`, `text` (plain text and Markdown), sharing the helpers in `draft`.
"""

from ingestion.sources.uploads.csv import CSV_ROWS_PER_SECTION
from ingestion.sources.uploads.limits import MB, MIB, UploadLimits, size_refusal
from ingestion.sources.uploads.parse import (
    ParsedUpload,
    parse_upload,
    sandbox_isolation,
    upload_document,
)
from ingestion.sources.uploads.sniff import (
    KINDS,
    LABELS,
    SNIFF_BYTES,
    Kind,
    csv_delimiter,
    decode_text,
    sniff,
)
from ingestion.sources.uploads.store import (
    MAX_DISPLAY_NAME,
    StoredUpload,
    safe_display_name,
    store_original,
)

__all__ = [
    "CSV_ROWS_PER_SECTION",
    "KINDS",
    "LABELS",
    "MAX_DISPLAY_NAME",
    "MB",
    "MIB",
    "Kind",
    "ParsedUpload",
    "SNIFF_BYTES",
    "StoredUpload",
    "UploadLimits",
    "csv_delimiter",
    "decode_text",
    "parse_upload",
    "safe_display_name",
    "sandbox_isolation",
    "size_refusal",
    "sniff",
    "store_original",
    "upload_document",
]
