"""The answer to a comparison across companies, written in code: the verdict, one line per company
with each period's figure and its [n], a one-line basis note, and the `table` record (cells that
point into the answer's facts, missing cells with their reason). No model is asked.
"""

from collections.abc import Sequence

from core.types import CompareTable, TableCell, TableRow
from rag.figures.compare import GROWTH_COLUMN, Comparison, signed
from rag.figures.evidence import ComputedFact


def compared_answer(
    comparison: Comparison, facts: Sequence[ComputedFact], marks: Sequence[Sequence[int]]
) -> tuple[str, CompareTable]:
    """The answer text and its table; `facts` are `comparison.facts()` as numbered in the
    answer's record, `marks` each fact's citation numbers."""

    def index(fact: ComputedFact | None) -> int | None:
        return next((i for i, f in enumerate(facts) if f is fact), None)

    def cite(fact: ComputedFact) -> str:
        found = index(fact)
        numbers = marks[found] if found is not None else []
        return f" [{', '.join(map(str, numbers))}]" if numbers else ""

    used = [index(f) for f in comparison.verdict_facts]
    numbers = dict.fromkeys(n for i in used if i is not None for n in marks[i])
    verdict_marks = f" [{', '.join(map(str, numbers))}]" if numbers else ""
    left = f" ({comparison.left_out})" if comparison.left_out else ""
    lines = [f"{comparison.verdict}{verdict_marks}{left}."]
    for row in comparison.rows:
        reasons = {cell.missing for cell in row.cells}
        if len(reasons) == 1 and None not in reasons:  # nothing of the company: said once
            lines.append(f"- {row.name} {comparison.measure}: missing ({reasons.pop()})")
            continue
        cells = []
        for cell in row.cells:
            if cell.fact is None:
                cells.append(f"{cell.column} missing ({cell.missing})")
            else:
                shown = signed(cell.fact) if cell.column == GROWTH_COLUMN else cell.fact.display()
                label = cell.fact.period if cell.column == GROWTH_COLUMN else cell.column
                cells.append(f"{label} {shown}{cite(cell.fact)}")
        lines.append(f"- {row.name} {comparison.measure}: {'; '.join(cells)}")
    lines.append(f"Basis: {comparison.basis}")
    if comparison.also_named:
        lines.append(
            f"The table compares {comparison.measure}; the question also names "
            f"{', '.join(comparison.also_named)}: ask for each to compare it."
        )
    return "\n".join(lines), table_of(comparison, index)


def table_of(comparison: Comparison, index) -> CompareTable:
    """The `table` field of `ask --json`: each cell's value and the index of its fact."""
    rows = []
    for row in comparison.rows:
        cells = [
            TableCell(period=c.column, missing=c.missing)
            if c.fact is None
            else TableCell(
                period=c.column,
                value=c.fact.value,
                unit=c.fact.unit,
                display=c.fact.display(),
                fact=index(c.fact),
            )
            for c in row.cells
        ]
        rows.append(TableRow(ticker=row.ticker, name=row.name, cells=cells))
    return CompareTable(
        metric=comparison.measure,
        unit=comparison.unit,
        basis=comparison.basis,
        columns=comparison.columns,
        rows=rows,
    )
