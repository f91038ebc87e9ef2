"""The charts under answers: a comparison's grouped bars over exactly its periods and companies
(`compare_figure`); else a price chart of the window an answer is about (`answer_window`: its
dates or its figures' periods, else no chart), the daily closes in it, indexed to 100 when several
tickers are compared (`price_chart`, data only), read per home and cached (`chart_data`), and drawn
as an interactive Altair figure (`price_figure`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

from core.types import Answer, CompareTable, Marker
from rag.query.dates import is_date, months_before
from rag.search.structured import PriceStore

DEFAULT_DAYS = 182  # six months
MIN_DAYS = 30  # a window narrower than this (a single day) is widened around its middle


@dataclass
class PriceChart:
    """Daily points per ticker; `value` is the close, or the close indexed to 100 at `start`."""

    tickers: list[str]
    start: str
    end: str
    indexed: bool
    currency: str
    points: list[dict] = field(default_factory=list)  # ticker, date, close, value

    @property
    def measure(self) -> str:
        """What the y axis shows."""
        return "Indexed close (first day = 100)" if self.indexed else f"Close ({self.currency})"


def chart_window(date_from: str | None, date_to: str | None, as_of: str) -> tuple[str, str]:
    """The dates to draw: the question's window within the data, by default six months to as-of."""
    last = date.fromisoformat(as_of[:10])
    end = min(date.fromisoformat(date_to[:10]), last) if date_to else last
    start = date.fromisoformat(date_from[:10]) if date_from else end - timedelta(DEFAULT_DAYS)
    start = min(start, end)
    if (end - start).days < MIN_DAYS:
        middle = start + (end - start) / 2
        start = middle - timedelta(MIN_DAYS // 2)
        end = min(middle + timedelta(MIN_DAYS // 2), last)
    return start.isoformat(), end.isoformat()


def price_chart(
    prices: PriceStore,
    tickers: list[str],
    date_from: str | None = None,
    date_to: str | None = None,
) -> PriceChart | None:
    """The chart for `tickers` (those with prices), or None when none of them has any."""
    held = prices.counts()
    known = [t for t in dict.fromkeys(t.upper() for t in tickers) if t in held]
    if not known:
        return None
    as_of = max(held[t]["last"] for t in known)
    start, end = chart_window(date_from, date_to, as_of)
    series = {t: prices.bars(t, start, end) for t in known}
    series = {t: bars for t, bars in series.items() if bars}
    if not series:
        return None
    indexed = len(series) > 1
    currency = next(iter(series.values()))[0].currency
    chart = PriceChart(list(series), start, end, indexed, currency)
    for ticker, bars in series.items():
        base = bars[0].close or 1.0
        chart.points += [
            {
                "ticker": ticker,
                "date": bar.date,
                "close": round(bar.close, 2),
                "value": round(bar.close / base * 100, 2) if indexed else round(bar.close, 2),
            }
            for bar in bars
        ]
    return chart


@st.cache_data(ttl=300, show_spinner=False)
def chart_data(home: str, tickers: tuple[str, ...], date_from: str | None, date_to: str | None):
    """The chart for `tickers` from the prices of a FINASSIST_HOME (None without an index)."""
    with PriceStore.read_only(Path(home)) as prices:
        return price_chart(prices, list(tickers), date_from, date_to) if prices else None


def price_figure(chart: PriceChart, markers: Sequence[Marker] = ()):
    """Lines per ticker, zoomable along time, with the closes of the hovered day; the answer's
    events (`markers`, e.g. an earnings 8-K) as labelled vertical rules on their dates."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(chart.points)
    frame["date"] = pd.to_datetime(frame["date"])
    hover = alt.selection_point(fields=["date"], nearest=True, on="pointerover", empty=False)
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("value:Q", title=chart.measure, scale=alt.Scale(zero=False)),
        color=alt.Color("ticker:N", title=None),
    )
    tooltip = [
        alt.Tooltip("ticker:N", title="Ticker"),
        alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
        alt.Tooltip("close:Q", title=f"Close ({chart.currency})", format=",.2f"),
    ]
    if chart.indexed:
        tooltip.append(alt.Tooltip("value:Q", title="Indexed", format=",.1f"))
    lines = base.mark_line().add_params(zoom)
    points = base.mark_circle(size=50).encode(
        opacity=alt.condition(hover, alt.value(1), alt.value(0)), tooltip=tooltip
    )
    rule = alt.Chart(frame).mark_rule(color="gray").encode(x="date:T").transform_filter(hover)
    title = f"{' vs '.join(chart.tickers)}, {chart.start} to {chart.end}"
    layers = [lines, points.add_params(hover), rule]
    shown = [m for m in markers if chart.start <= m.date <= chart.end]
    if shown:
        events = pd.DataFrame([{"date": m.date, "event": m.label} for m in shown])
        events["date"] = pd.to_datetime(events["date"])
        marks = alt.Chart(events).encode(x="date:T", tooltip=["event:N", "date:T"])
        layers += [
            marks.mark_rule(color="orange", strokeDash=[4, 3]),
            marks.mark_text(align="left", dx=3, dy=-120, color="orange").encode(text="event:N"),
        ]
    return alt.layer(*layers).properties(height=280, title=title)


# ---- a comparison across companies ----------------------------------------------------------

SCALES = {"USD": (1e6, "USD millions"), "USD/shares": (1, "USD per share"), "%": (1, "%")}


def compare_points(table: CompareTable) -> list[dict]:
    """One point per company and compared period that has a value (the growth column left out):
    exactly the table's periods and companies, nothing else."""
    divisor, _ = SCALES.get(table.unit, (1, table.unit))
    periods = [c for c in table.columns if c != "growth"]
    return [
        {
            "ticker": row.ticker,
            "period": cell.period,
            "value": cell.value / divisor,
            "shown": cell.display or "",
        }
        for row in table.rows
        for cell in row.cells
        if cell.period in periods and cell.value is not None
    ]


def compare_figure(table: CompareTable):
    """Grouped bars: the compared periods along x, one bar per company in each; None when no
    cell has a value."""
    import altair as alt
    import pandas as pd

    points = compare_points(table)
    if not points:
        return None
    _, unit = SCALES.get(table.unit, (1, table.unit))
    periods = [c for c in table.columns if c != "growth"]
    tickers = [row.ticker for row in table.rows]
    frame = pd.DataFrame(points)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("period:N", title=None, sort=periods),
            xOffset=alt.XOffset("ticker:N", sort=tickers),
            y=alt.Y("value:Q", title=f"{table.metric} ({unit})"),
            color=alt.Color("ticker:N", title=None, sort=tickers),
            tooltip=[
                alt.Tooltip("ticker:N", title="Company"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("shown:N", title=table.metric),
            ],
        )
        .properties(height=280, title=f"{table.metric}: {', '.join(tickers)}")
    )


# ---- the window an answer is about --------------------------------------------------------------

ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
ENDED = re.compile(r"\b(fiscal year|quarter) ended (\d{4}-\d{2}-\d{2})\b")


def period_window(period: str | None) -> tuple[date, date] | None:
    """The days a figure's period covers: "FY2024 (fiscal year ended 2024-09-28)" -> that year,
    "... (quarter ended X)" -> that quarter, "A to B" -> A..B, one date -> that day."""
    if not period:
        return None
    ended = ENDED.search(period)
    if ended:
        end = date.fromisoformat(ended.group(2))
        months = 12 if ended.group(1) == "fiscal year" else 3
        return months_before(end, months) + timedelta(1), end
    days = [date.fromisoformat(d) for d in ISO_DAY.findall(period) if is_date(d)]
    return (min(days), max(days)) if days else None


def answer_window(answer: Answer) -> tuple[str, str | None] | None:
    """The window a chart of `answer` must show, or None when the answer names none (then no
    chart: a chart of some other window would not match the answer). The question's own dates
    come first, then the periods of the answer's figures."""
    if answer.refused or not answer.tickers or answer.table is not None:
        return None  # a comparison across companies is charted as its table (compare_figure)
    if answer.date_from:
        return answer.date_from, answer.date_to
    spans = [w for w in (period_window(f.period) for f in answer.facts) if w]
    if not spans:
        return None
    return min(s for s, _ in spans).isoformat(), max(e for _, e in spans).isoformat()
