"""A comparison across companies computed in code: companies x fiscal periods x one measure, each
cell a reported (or derived) figure from rag.figures.reported with its citation, growth by formula,
and the verdict ("NVDA grew revenue fastest: +114.20% from FY2024 to FY2025").

Columns are fiscal-period labels; each company's cell is its own fiscal period of that label,
whose end date differs between companies (the basis says so). A cell with no figure says why; a
value is never taken from another company or another period.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rag.figures.evidence import ComputedFact
from rag.figures.market import MarketFacts
from rag.figures.reported import Fundamentals, Measure, Period, ReportedFacts
from rag.query import Query
from rag.query.compare import CompareAsk
from rag.search.store import Catalog
from rag.search.structured import FactStore, PriceStore

ENDED = re.compile(r"(?:ended|at) (\d{4}-\d{2}-\d{2})|\((\d{4}-\d{2}-\d{2})\)")
GROWTH_COLUMN = "growth"


@dataclass
class Cell:
    """One company's figure for one column, or why there is none."""

    column: str
    fact: ComputedFact | None = None
    missing: str | None = None


@dataclass
class Row:
    ticker: str
    name: str  # as the question wrote it, e.g. "Apple (AAPL)"
    cells: list[Cell] = field(default_factory=list)

    def value(self, column: str) -> ComputedFact | None:
        return next((c.fact for c in self.cells if c.column == column), None)


@dataclass
class Comparison:
    """The computed table and the verdict on it."""

    measure: str  # e.g. "revenue", "operating margin"
    unit: str  # the measure's unit (USD, %, USD/shares)
    basis: str  # how periods are aligned, with each company's fiscal year end
    columns: list[str]  # period labels, oldest first, then "growth" when growth is compared
    rows: list[Row]
    verdict: str  # computed in code, without citation marks
    verdict_facts: list[ComputedFact] = field(default_factory=list)  # what the verdict rests on
    left_out: str = ""  # the companies the verdict could not rank, and why
    also_named: list[str] = field(default_factory=list)  # other measures the question named

    def facts(self) -> list[ComputedFact]:
        """Every cell's figure, row by row, then the verdict's own (each once)."""
        cells = [c.fact for row in self.rows for c in row.cells if c.fact is not None]
        extra = [f for f in self.verdict_facts if all(f is not c for c in cells)]
        return cells + extra


class Comparer:
    """Computes comparisons from an index's reported facts (the single-company figures' code)."""

    def __init__(self, facts: FactStore, prices: PriceStore, catalog: Catalog):
        self.reported = ReportedFacts(facts, catalog)
        self.fundamentals = Fundamentals(self.reported, MarketFacts(prices))

    def compare(self, query: Query, held: set[str] | None = None) -> Comparison | None:
        """The comparison `query` asks for; None when it asks none or no cell has a figure.
        `held`: ids of the registered companies the store holds anything of (None: unknown)."""
        ask = query.comparison
        if ask is None:
            return None
        measures = self.fundamentals.measures(query.figures)
        if not measures:
            return None
        measure = measures[0]
        found = {m.ticker: self.span(m.ticker, measure, ask) for m in ask.companies}
        spans = aligned(found, ask)
        labels = sorted({p for span in spans.values() for p in span}, key=_order)
        rows = [self.row(m, measure, labels, held) for m in ask.companies if m.ticker]
        if not any(c.fact for row in rows for c in row.cells):
            return None
        columns = [p.tag for p in labels]
        verdict, used, left = "", [], ""
        if ask.growth:
            verdict, used, left = self.growth(rows, measure, spans, ask)
            columns.append(GROWTH_COLUMN)
        if not verdict:
            verdict, used, left = level_verdict(rows, columns, measure, ask)
        return Comparison(
            measure=measure.label,
            unit=next(c.fact.unit for row in rows for c in row.cells if c.fact),
            basis=basis(rows, columns),
            columns=columns,
            rows=rows,
            verdict=verdict,
            verdict_facts=used,
            left_out=left,
            also_named=[m.label for m in measures[1:]],
        )

    def span(self, ticker: str, measure: Measure, ask: CompareAsk) -> list[Period]:
        """The periods compared for one company, oldest first: the fiscal years named (and the
        year before one named year when growth is asked), else every period it has a figure
        for (`aligned` keeps the latest ones)."""
        if ask.years:
            years = list(ask.years)
            if ask.growth and len(years) == 1:
                years.insert(0, years[0] - 1)
            return [Period(year, ask.quarter) for year in years]
        known = self.reported.fiscal_years(ticker, measure.primary)
        found = [Period(y, ask.quarter) for y in known]
        return [period for period in found if measure.value(ticker, period)][::-1]

    def row(self, mention, measure: Measure, periods: list[Period], held: set[str] | None) -> Row:
        """One company's cells; an empty cell names why (not held, not reported, no period)."""
        ticker = mention.ticker
        row = Row(ticker, mention.label)
        known = self.reported.fiscal_years(ticker, measure.primary)
        for period in periods:
            fact = measure.value(ticker, period)
            if fact is not None:
                row.cells.append(Cell(period.tag, fact))
            elif held is not None and mention.company.id not in held:
                why = (
                    f"the store holds no filings, facts or prices of {ticker}; ingest them with "
                    f"`finassist ingest sec --ticker {ticker}`"
                )
                row.cells.append(Cell(period.tag, missing=why))
            elif not known:
                row.cells.append(
                    Cell(
                        period.tag, missing=f"no reported {measure.label} of {ticker} in the store"
                    )
                )
            else:
                why = f"{ticker} has no {measure.label} for {period.tag} in the store"
                row.cells.append(Cell(period.tag, missing=why))
        return row

    def growth(
        self, rows: list[Row], measure: Measure, spans: dict, ask: CompareAsk
    ) -> tuple[str, list[ComputedFact], str]:
        """Each company's change from the first to the last period of its span (a margin's in
        percentage points), the growth cell appended to its row, and who grew most (or least)."""
        changes: list[tuple[Row, ComputedFact]] = []
        for row in rows:
            span = [p for p in spans.get(row.ticker, []) if row.value(p.tag)]
            if len(span) < 2:
                row.cells.append(Cell(GROWTH_COLUMN, missing=_no_growth(row, spans, measure)))
                continue
            first, last = span[0], span[-1]
            if measure.growth:
                change = self.fundamentals.growth(row.ticker, measure, last, first)
            else:
                change = points(
                    row.ticker,
                    measure.label,
                    row.value(last.tag),
                    row.value(first.tag),
                    last,
                    first,
                )
            if change is None:
                why = (
                    f"growth undefined: {row.ticker}'s {first.tag} {measure.label} is not positive"
                )
                row.cells.append(Cell(GROWTH_COLUMN, missing=why))
                continue
            row.cells.append(Cell(GROWTH_COLUMN, change))
            changes.append((row, change))
        if not changes:
            return "", [], ""
        ranked = sorted(changes, key=lambda rc: rc[1].value, reverse=ask.order == "highest")
        top_row, top = ranked[0]
        word = "fastest" if ask.order == "highest" else "slowest"
        verb = "grew" if measure.growth else "changed"
        what = f"{measure.label} growth" if measure.growth else f"{measure.label} change"
        if ask.ask == "rank":
            order = "; ".join(f"{i}. {r.ticker} {signed(f)}" for i, (r, f) in enumerate(ranked, 1))
            text = f"Ranked by {what}, {word} first: {order}"
        else:
            lead = f"{top_row.ticker} {verb} {measure.label} {word}"
            if top.value <= 0 and ask.order == "highest":
                lead = f"{top_row.ticker}'s {measure.label} fell least"
            text = f"{lead}: {signed(top)} ({top.period})"
            text += others([(r.ticker, f"{signed(f)} ({f.period})") for r, f in ranked[1:]])
        left = absent(rows, [r for r, _ in changes], lambda r: r.cells[-1].missing or "")
        return text, [f for _, f in ranked], left


def aligned(found: dict[str, list[Period]], ask: CompareAsk) -> dict[str, list[Period]]:
    """The periods compared per company: those named as they are; else the latest N (N the
    years asked, 2 for growth, 1 for a level) that every company with figures reports, or, when
    they report fewer in common, each company's own latest N."""
    if ask.years:
        return found
    count = ask.recent_years or (2 if ask.growth else 1)
    reporting = [set(periods) for periods in found.values() if periods]
    common = sorted(set.intersection(*reporting), key=_order) if reporting else []
    if len(common) >= count:
        return {t: common[-count:] if periods else [] for t, periods in found.items()}
    return {t: periods[-count:] for t, periods in found.items()}


def level_verdict(
    rows: list[Row], columns: list[str], measure: Measure, ask: CompareAsk
) -> tuple[str, list[ComputedFact], str]:
    """Who is highest (or lowest) in the latest period every company with figures reports, else
    each company's latest figure, its period stated; a rank lists them all."""
    periods = [c for c in columns if c != GROWTH_COLUMN]
    reporting = [row for row in rows if any(c.fact for c in row.cells)]
    common = next((p for p in reversed(periods) if all(r.value(p) for r in reporting)), None)
    picked: list[tuple[Row, ComputedFact]] = []
    for row in reporting:
        latest = next(f for p in reversed(periods) if (f := row.value(p)) is not None)
        picked.append((row, row.value(common) if common else latest))
    ranked = sorted(picked, key=lambda rf: rf[1].value, reverse=ask.order == "highest")
    where = f" in {common}" if common else " (each company's latest fiscal period)"
    top_row, top = ranked[0]
    if ask.ask == "rank":
        order = "; ".join(
            f"{i}. {r.ticker} {f.display()}" + ("" if common else f" ({_tag(f)})")
            for i, (r, f) in enumerate(ranked, 1)
        )
        text = f"Ranked by {measure.label}{where}, {ask.order} first: {order}"
    else:
        text = f"{top_row.ticker} had the {ask.order} {measure.label}{where}: {top.display()}"
        text += others([(r.ticker, f.display()) for r, f in ranked[1:]])
    left = absent(rows, reporting, lambda r: next(c.missing for c in r.cells if c.missing))
    return text, [f for _, f in ranked], left


def others(figures: list[tuple[str, str]]) -> str:
    """ ", against TSLA's 7.24% and AMZN's 9.29%" """
    if not figures:
        return ""
    named = [f"{ticker}'s {shown}" for ticker, shown in figures]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f", against {listed}"


def absent(rows: list[Row], present: list[Row], why: Callable[[Row], str]) -> str:
    """ "MSFT: no reported revenue of MSFT in the store": those the verdict could not rank."""
    left = [row for row in rows if all(row is not p for p in present)]
    return "; ".join(f"{row.ticker}: {why(row)}" for row in left)


def points(
    ticker: str, label: str, now: ComputedFact | None, before: ComputedFact | None, last, first
) -> ComputedFact | None:
    """The change of a margin or rate in percentage points between two periods."""
    if now is None or before is None:
        return None
    return ComputedFact(
        name=f"{ticker} {label} change",
        value=now.value - before.value,
        unit="pp",
        period=f"{last.tag} vs {first.tag}",
        as_of=now.as_of,
        source=now.source,
        formula=f"{label} {last.tag} - {label} {first.tag} (percentage points)",
        inputs=[now, before],
    )


def basis(rows: list[Row], columns: list[str]) -> str:
    """How the columns line up: each company's own fiscal year, with the dates they end."""
    ends = []
    for row in rows:
        dated = [
            (c.column, _end(c.fact)) for c in row.cells if c.fact and c.column != GROWTH_COLUMN
        ]
        dated = [(col, end) for col, end in dated if end]
        if dated:
            ends.append(f"{row.ticker} {dated[-1][0]} ended {dated[-1][1]}")
    note = (
        "Each company's own fiscal periods, aligned by their fiscal-year label; fiscal years end "
        "in different months, so the same label covers different months"
    )
    return f"{note} ({'; '.join(ends)})." if ends else f"{note}."


def signed(fact: ComputedFact) -> str:
    """ "+114.20%" / "-3.10 pp": a change with its sign."""
    sign = "+" if fact.value > 0 else ""
    return f"{sign}{fact.display()}"


def _no_growth(row: Row, spans: dict, measure: Measure) -> str:
    held = [c for c in row.cells if c.fact]
    if not held:
        return next((c.missing for c in row.cells if c.missing), "no figures")
    return f"{row.ticker} has {measure.label} for one compared period only"


def _end(fact: ComputedFact | None) -> str | None:
    match = ENDED.search(fact.period or "") if fact else None
    return (match.group(1) or match.group(2)) if match else None


def _tag(fact: ComputedFact) -> str:
    return (fact.period or "").split(" (", 1)[0]


def _order(period: Period) -> tuple[int, str]:
    return period.fiscal_year, period.quarter or ""
