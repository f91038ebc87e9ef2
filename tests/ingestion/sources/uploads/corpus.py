"""The upload test corpus in tests/data/uploads/ and small helpers the upload tests share.

The corpus is made from real files by scripts/make_bad_uploads.py (its README says where each
file comes from). Parses use a 60 s timeout so a hang fails, even on a loaded machine.
"""

import re
from pathlib import Path

from ingestion.run import Stores
from ingestion.sources.uploads import UploadLimits

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT / "tests" / "data" / "uploads"
GOOD, BAD = CORPUS / "good", CORPUS / "bad"
LIMITS = UploadLimits(parse_timeout_s=60)

FULL_PDF = "BESTBUY_2024Q2_10Q.pdf"
SMALL_PDF = "BESTBUY_2024Q2_10Q_p17-19.pdf"
HTML = "nvda-20260302.htm"
CSV = "AAPL.csv"
TEXT = "financial_phrasebank_README.txt"
DOCX = "nvda-20260302_8-K.docx"

# FinanceBench financebench_id_00460: evidence on page 16 (0-indexed) of BESTBUY_2024Q2_10Q.
EVIDENCE_PAGE = 17
EVIDENCE = "Online revenue of $2.8 billion and $5.5 billion in the second quarter"


def good(name: str) -> bytes:
    return (GOOD / name).read_bytes()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def all_text(parsed) -> str:
    return "\n".join(section.text for section in parsed.sections)


def store_snapshot(stores: Stores, uploads: Path) -> tuple:
    """What a store holds of uploads: documents, chunks, facts, vectors and stored originals
    (equal before and after a refused upload when nothing partial stays)."""
    conn = stores.chunks.conn
    return (
        conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
        conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0],
        conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0],
        stores.chunks.vectors.count(),
        sorted(p.name for p in uploads.glob("*")) if uploads.exists() else [],
    )
