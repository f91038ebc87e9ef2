"""Price moves computed from the daily closes: a day's return, how unusual it was (a z-score
against the company's own trailing volatility, its rank among the last 12 months' daily moves),
the move across an event (the last close before it to the first close after it, by the market
session it fell in) and the days after, and the largest moves of a window.

Every figure is a `ComputedFact` citing the closes it used. The demo data stores no benchmark
index, so no market-relative return is computed (`BENCHMARK_NOTE` says so in answers).
"""

import statistics
from dataclasses import dataclass
from datetime import datetime

from core.types import PriceBar
from rag.figures.evidence import ComputedFact
from rag.figures.market import price_citation
from rag.search.events import EASTERN, Event
from rag.search.structured import PriceStore

VOL_DAYS = 60  # trading days of daily returns the z-score's standard deviation is taken over
RANK_DAYS = 252  # about 12 months of trading days: the moves a day's move is ranked among
NOTABLE_RANK = 20  # a move's rank is stated when it is among this many largest
AFTER_DAYS = (1, 5)  # the cumulative move this many trading days after the reaction day too
BENCHMARK_NOTE = (
    "No benchmark index is stored, so the move is measured against the company's own "
    "volatility, not against the market."
)


@dataclass(frozen=True)
class DayMove:
    """One trading day's close-to-close move, in percent."""

    ticker: str
    bar: PriceBar
    previous: PriceBar
    percent: float
    z: float | None  # standard deviations of the VOL_DAYS daily returns before it
    rank: int | None  # 1 = the largest absolute move of the RANK_DAYS days ending on it
    ranked: int  # how many days it was ranked among

    @property
    def date(self) -> str:
        return self.bar.date

    def context(self) -> str:
        """ "the largest daily move in 12 months, 4.1 standard deviations" (what is known)."""
        parts = []
        if self.rank is not None and self.rank <= NOTABLE_RANK and self.ranked >= RANK_DAYS // 2:
            span = "12 months" if self.ranked >= RANK_DAYS else f"{self.ranked} trading days"
            which = "the largest" if self.rank == 1 else f"the {ordinal(self.rank)} largest"
            parts.append(f"{which} daily move in {span}")
        if self.z is not None:
            parts.append(f"{abs(self.z):.1f} standard deviations of its {VOL_DAYS}-day volatility")
        return ", ".join(parts)


@dataclass(frozen=True)
class EventMove:
    """The move across an event: `base` is the last close before it, `reaction` the first
    close after it; `later` the closes some trading days after the reaction day."""

    event: Event
    base: PriceBar
    reaction: PriceBar
    later: tuple[tuple[int, PriceBar], ...]

    @property
    def percent(self) -> float:
        return pct(self.base.close, self.reaction.close)


class Moves:
    """Daily moves of the tickers in a price store (each ticker's bars read once)."""

    def __init__(self, prices: PriceStore):
        self.prices = prices
        self._bars: dict[str, list[PriceBar]] = {}

    def bars(self, ticker: str) -> list[PriceBar]:
        if ticker not in self._bars:
            self._bars[ticker] = self.prices.bars(ticker)
        return self._bars[ticker]

    def day(self, ticker: str, day: str) -> DayMove | None:
        """The move on a trading day (None when `day` is no trading day held, or the first)."""
        bars = self.bars(ticker)
        index = next((i for i, bar in enumerate(bars) if bar.date == day), None)
        return self._at(ticker, index) if index else None

    def next_trading_day(self, ticker: str, day: str) -> str | None:
        """`day` if it is a trading day, else the first one after it."""
        return next((bar.date for bar in self.bars(ticker) if bar.date >= day), None)

    def window(self, ticker: str, start: str, end: str) -> list[DayMove]:
        """Every day's move between two ISO dates (inclusive), oldest first."""
        bars = self.bars(ticker)
        return [
            move
            for i, bar in enumerate(bars)
            if i and start <= bar.date <= end and (move := self._at(ticker, i))
        ]

    def largest(self, ticker: str, start: str, end: str, count: int = 3) -> list[DayMove]:
        """The `count` largest absolute daily moves of a window, largest first."""
        moves = self.window(ticker, start, end)
        return sorted(moves, key=lambda m: -abs(m.percent))[:count]

    def across(self, event: Event) -> EventMove | None:
        """The move across an event: an event after the close (or on a day without trading)
        moves the next trading day's close; one before the close moves that day's close."""
        bars = self.bars(event.ticker)
        after_close = reacts_next_day(event)
        base = [b for b in bars if b.date < event.date or (after_close and b.date == event.date)]
        rest = bars[len(base) :]
        if not base or not rest:
            return None
        later = tuple((n, rest[n]) for n in AFTER_DAYS if n < len(rest))
        return EventMove(event, base[-1], rest[0], later)

    def _at(self, ticker: str, index: int) -> DayMove | None:
        bars = self.bars(ticker)
        if index < 1 or index >= len(bars):
            return None
        returns = [pct(bars[i - 1].close, bars[i].close) for i in range(1, index + 1)]
        today = returns[-1]
        before = returns[-VOL_DAYS - 1 : -1]
        z = None
        if len(before) >= VOL_DAYS // 2 and (sd := statistics.stdev(before)) > 0:
            z = (today - statistics.fmean(before)) / sd
        ranked = returns[-RANK_DAYS:]
        rank = 1 + sum(1 for r in ranked if abs(r) > abs(today))
        return DayMove(ticker, bars[index], bars[index - 1], today, z, rank, len(ranked))

    # ---- facts ----------------------------------------------------------------------------

    def day_facts(self, move: DayMove) -> list[ComputedFact]:
        """The day's return, its z-score and its rank, each citing the closes used."""
        t, d = move.ticker, move.date
        source = price_citation(t, [move.previous, move.bar], "close", picked=move.bar)
        facts = [
            ComputedFact(
                name=f"{t} daily return on {d}",
                value=round(move.percent, 4),
                unit="%",
                period=f"close {move.previous.date} to close {d}",
                as_of=d,
                source=source,
                formula=f"close {d} ({move.bar.close:.2f}) / close {move.previous.date} "
                f"({move.previous.close:.2f}) - 1",
            )
        ]
        window = self._rank_window(move)
        if move.z is not None:
            facts.append(
                ComputedFact(
                    name=f"{t} move on {d} in standard deviations",
                    value=round(move.z, 2),
                    unit="sd",
                    period=d,
                    as_of=d,
                    source=window,
                    formula=f"(return {d} - mean) / standard deviation of the {VOL_DAYS} "
                    "daily returns before it",
                )
            )
        if move.rank is not None:
            facts.append(
                ComputedFact(
                    name=f"{t} rank of the {d} move among {move.ranked} daily moves",
                    value=move.rank,
                    unit="rank",
                    period=f"{move.ranked} trading days to {d}",
                    as_of=d,
                    source=window,
                    formula="1 = the largest absolute close-to-close move",
                )
            )
        return facts

    def event_facts(self, move: EventMove) -> list[ComputedFact]:
        """The move across the event and the cumulative moves of the days after."""
        t, e = move.event.ticker, move.event
        rows = [move.base, move.reaction, *(bar for _, bar in move.later)]
        source = price_citation(t, rows, "close", picked=move.reaction)
        facts = [
            ComputedFact(
                name=f"{t} move across the {e.kind} of {e.date}",
                value=round(move.percent, 4),
                unit="%",
                period=f"close {move.base.date} to close {move.reaction.date}",
                as_of=move.reaction.date,
                source=source,
                formula=f"close {move.reaction.date} ({move.reaction.close:.2f}) / close "
                f"{move.base.date} ({move.base.close:.2f}) - 1",
            )
        ]
        for n, bar in move.later:
            facts.append(
                ComputedFact(
                    name=f"{t} move from before the {e.kind} of {e.date} to {n} trading "
                    f"day{'s' if n > 1 else ''} after the reaction day",
                    value=round(pct(move.base.close, bar.close), 4),
                    unit="%",
                    period=f"close {move.base.date} to close {bar.date}",
                    as_of=bar.date,
                    source=source,
                    formula=f"close {bar.date} ({bar.close:.2f}) / close {move.base.date} - 1",
                )
            )
        return facts

    def _rank_window(self, move: DayMove):
        bars = self.bars(move.ticker)
        index = next(i for i, b in enumerate(bars) if b.date == move.date)
        rows = bars[max(0, index - RANK_DAYS) : index + 1]
        return price_citation(move.ticker, rows, "close", picked=move.bar)


def reacts_next_day(event: Event) -> bool:
    """Whether the first close after the event is the next trading day's: it came after the
    16:00 New York close (after-hours, or the closed evening hours)."""
    if not event.time_utc:
        return False
    moment = datetime.fromisoformat(event.time_utc.replace("Z", "+00:00")).astimezone(EASTERN)
    return moment.hour >= 16


def pct(before: float, after: float) -> float:
    return (after / before - 1) * 100


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
