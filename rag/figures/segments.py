"""Figures by segment from the segment tables of filings and earnings releases.

Rows are stored as `table:segment[ (N months)]:<measure>: <segment>` (ingestion.segments). For a
question that asks by segment ("Which segment had the highest net sales in 2024?", "net sales of
Amazon's AWS segment in 2024") each segment's figure for the asked measure and fiscal period is a
ComputedFact, so "which was largest" verdicts and the answer can use them. A segment the question
names (all of its words among the question's terms) narrows the list to it.
"""

import re
from collections.abc import Callable

from core.types import Citation, FilingFact
from rag.figures.evidence import ComputedFact
from rag.figures.metrics import Metric
from rag.query import Query
from rag.query.words import content_terms

PREFIX = re.compile(r"^table:segment(?: \((\d+) months\))?:(?P<measure>[^:]+): (?P<segment>.+)$")
# totals and reconciling lines printed among the segments, not segments themselves
TOTALS = re.compile(
    r"^(?:total|consolidated|eliminations?|intersegment|unallocated)\b", re.IGNORECASE
)
GENERIC = re.compile(r"^(?:all )?other\b|^corporate\b|^segments?$", re.IGNORECASE)
ACRONYM = re.compile(r"^[A-Za-z]{2,5}$")  # stored lower-cased ("aws")
MAX_SEGMENTS = 6


def segment_parts(row: FilingFact) -> tuple[str, str] | None:
    """(measure, segment) of a segment-table row; None for any other row."""
    match = PREFIX.match(row.concept)
    if not match or match.group(1):  # six- and nine-month columns are year to date
        return None
    return match.group("measure"), match.group("segment")


def segment_figures(
    rows: list[FilingFact], query: Query, cite: Callable[[FilingFact], Citation]
) -> list[ComputedFact]:
    """The asked measure by segment for the question's period (its fiscal year and quarter,
    else the latest fiscal year printed); none when no measure is asked ("What segments does
    Apple report?" is a list question)."""
    out: list[ComputedFact] = []
    for metric in query.figures.metrics:
        matching = [r for r in rows if _measures(r, metric)]
        chosen = _period_rows(matching, query)
        named = [r for r in chosen if _named(r, query)]
        shown = named or [r for r in chosen if not TOTALS.match(segment_parts(r)[1])]
        out += [_fact(r, metric, cite) for r in shown[:MAX_SEGMENTS]]
    return out


def _measures(row: FilingFact, metric: Metric) -> bool:
    parts = segment_parts(row)
    return bool(parts) and row.unit == metric.unit and metric.names_line_item(parts[0])


def _period_rows(rows: list[FilingFact], query: Query) -> list[FilingFact]:
    quarter = query.fiscal_quarter
    wanted = [r for r in rows if (r.fiscal_period or "FY") == (quarter or "FY")]
    years = sorted({r.fiscal_year for r in wanted if r.fiscal_year}, reverse=True)
    asked = [y for y in query.fiscal_years if y in years]
    year = asked[-1] if asked else (years[0] if years and not query.fiscal_years else None)
    picked: dict[str, FilingFact] = {}
    for row in wanted:
        if row.fiscal_year == year:
            picked.setdefault(segment_parts(row)[1], row)
    return list(picked.values())


def _named(row: FilingFact, query: Query) -> bool:
    name = segment_parts(row)[1]
    words = content_terms(name) - {"segmen"}
    return bool(words) and words <= query.terms or _spelled_out(name, query.question)


def _spelled_out(name: str, question: str) -> bool:
    """An acronym segment named in full: "AWS" by "Amazon Web Services"."""
    if not ACRONYM.match(name):
        return False
    initials = "".join(word[0] for word in re.findall(r"\b[A-Z][\w&-]*", question))
    return name.upper() in initials


def names_a_segment(rows: list[FilingFact], query: Query) -> bool:
    """Whether the question names one of these segments ("Amazon Web Services' net sales"),
    so it asks the segment's figure though it never says "segment"; "other" and total lines
    are no names."""
    return any(
        (parts := segment_parts(row))
        and not (TOTALS.match(parts[1]) or GENERIC.match(parts[1]))
        and _named(row, query)
        for row in rows
    )


def _fact(row: FilingFact, metric: Metric, cite: Callable[[FilingFact], Citation]) -> ComputedFact:
    segment = (row.label or "").split(": ", 1)[-1] or segment_parts(row)[1]
    period = row.fiscal_period or "FY"
    tag = f"FY{row.fiscal_year}" if period == "FY" else f"{period} FY{row.fiscal_year}"
    return ComputedFact(
        name=f"{row.ticker} {metric.label}: {segment}",
        value=row.value,
        unit=row.unit,
        period=f"{tag} (period ended {row.period_end})",
        as_of=row.filed,
        source=cite(row),
        formula="reported in the filing's segment table",
    )
