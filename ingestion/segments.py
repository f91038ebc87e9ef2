"""Segment tables of a filing or earnings release (Markdown tables) as `StatementTable`s.

A table is a segment table when the lines above it or its header speak of segments ("net sales
by reportable segment", "Revenue by Reportable Segments", "Information on reportable segments").
Two layouts are read, both with period columns:

* one row per segment under a measure named above the table or in a heading row
  ("Operating Income (Loss)" / North America, International, AWS);
* one heading per segment with measure rows under it (Americas: / Net sales, Operating income).

Each row becomes "<measure>: <segment>", e.g. "net sales: americas", so its concept is
`table:segment:net sales: americas`; percentage "Change" columns are dropped. Tables whose columns
are segments (a goodwill roll-forward by segment) are not read: their columns are not periods.
"""

import re

SEGMENT = re.compile(
    r"\bby\s+(?:reportable\s+|operating\s+|business\s+)?segments?\b"
    r"|\b(?:reportable|operating|business)\s+segments?\b"
    r"|\bsegment\s+(?:information|results|data|revenues?|sales|operating|profit|income)\b",
    re.IGNORECASE,
)
NOT_SEGMENT = re.compile(r"\b(?:costs?|expenses?|profit|margin|income|total\s+\w+)\b|^total$", re.I)
# a measure, not a balance named after one ("Unearned revenue", "Deferred revenue" are owed)
MEASURE = re.compile(
    r"(?<!unearned\s)(?<!deferred\s)"
    r"\b(net\s+sales|(?:net\s+|total\s+)?revenues?|sales|operating\s+income(?:\s+\(loss\))?"
    r"|operating\s+(?:profit|loss)|net\s+income(?:\s+\(loss\))?|segment\s+(?:profit|income)"
    r"|(?:total\s+)?assets|depreciation\s+and\s+amortization|capital\s+expenditures)\b",
    re.IGNORECASE,
)
NOT_PERIODS = re.compile(r"goodwill|^(?:a\s+)?reconciliation\b", re.IGNORECASE)


def lead_line(above: list[str]) -> str:
    """The caption right above a table, or the last sentence of the paragraph above it."""
    line = next((line.strip() for line in reversed(above) if line.strip()), "")
    return re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", line)[-1]


def is_segment_table(above: list[str], header: str) -> bool:
    """Whether the caption above a table (or its header) says it is broken down by segment;
    a reconciliation of segment totals to the consolidated figures is not."""
    text = lead_line(above) + " " + header
    return bool(SEGMENT.search(text)) and not NOT_PERIODS.search(text)


def measure_named(text: str) -> str | None:
    """The measure a lead sentence or heading names ('net sales by reportable segment')."""
    found = MEASURE.search(text)
    return re.sub(r"\s+", " ", found.group(1)).lower() if found else None


def segment_label(label: str, heading: str | None, lead: str | None) -> str | None:
    """'<measure>: <segment>' for a row, or None when the row names no segment measure."""
    own = MEASURE.fullmatch(label.strip().rstrip(":")) if label else None
    if own and heading and not measure_named(heading):
        return f"{own.group(1).lower()}: {_plain(heading)}"
    measure = measure_named(heading) if heading else None
    measure = measure or lead
    if not measure or own or MEASURE.search(label) or NOT_SEGMENT.search(_plain(label)):
        return None  # a line item ('Cost of revenues', 'Gross profit'), not a segment
    return f"{measure}: {_plain(label)}"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()
