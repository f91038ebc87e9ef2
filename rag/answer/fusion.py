"""Answers to price-move questions (rag.query.moves), written in code before any model speaks:
the computed move(s) in context (return, z-score, rank in 12 months), the move across the event
that preceded it and the days after, the events whose first close after them is that day
(filings with their items, an earnings release's revenue and EPS from the XBRL facts, news,
dividends, splits), ordered by time and each cited, and the plain statement that co-occurrence
is not proof of cause.

An event "precedes" a move when the move's day is the first close after it: an 8-K accepted
after the 16:00 close moves the next trading day (rag.figures.moves.reacts_next_day).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from core.types import Citation, Marker
from rag.answer.citing import clean_citation
from rag.answer.injection import clean_label
from rag.figures.evidence import ComputedFact
from rag.figures.metrics import BY_KEY
from rag.figures.moves import BENCHMARK_NOTE, DayMove, EventMove, Moves
from rag.figures.reported import Period, ReportedFacts
from rag.query import Query
from rag.search.events import Event, EventStore

CAUSE_NOTE = (
    "These events fall in the same window as the move; that they coincide in time does not "
    "prove they caused it."
)
NO_EVENT_NOTE = "With no stored event before it, the data cannot say what moved the stock."
DEFAULT_DAYS = 91  # the window of "what moved X's stock" when no window is named
AROUND_DAYS = 3  # trading days on either side of the day of "what happened around D"
MAX_NEWS = 5  # news stories listed per move
LARGEST = 3  # moves listed for "what moved the stock in Q3 2024"
QUARTER_DAYS = (80, 100)  # a three-month period's length in days
RELEASE_LAG = 75  # days from a quarter's end to its results release, at most
FILING_SOURCES = ("8-K", "10-K", "10-Q")


@dataclass
class Fused:
    """A fusion answer: its text, the facts it states, its numbered sources, the window it is
    about (for the chart) and the events to mark on the price line."""

    text: str
    facts: list[ComputedFact]
    sources: list[tuple[Citation, str]]
    window: tuple[str, str]
    markers: list[Marker] = field(default_factory=list)


class Fusion:
    """Moves joined to the events before them, from the prices, events and facts stores."""

    def __init__(self, moves: Moves, events: EventStore, reported: ReportedFacts | None = None):
        self.moves = moves
        self.events = events
        self.reported = reported

    def answer(self, query: Query, as_of: date) -> Fused | None:
        """The answer to a move question about the first company named, or None when it is
        none or the prices of that company are not held."""
        ask = query.move
        if ask is None or not query.tickers or query.forecast or query.dates.invalid:
            return None
        ticker = query.tickers[0]
        if not self.moves.bars(ticker):
            return None
        missing = ""
        writer = _Writer(
            self, ticker, query.companies[0].company.display if query.companies else ticker
        )
        if ask.earnings:
            release = self._release(ticker, ask.start, ask.end, as_of)
            if release is not None and (across := self.moves.across(release)):
                return writer.why(self.moves.day(ticker, across.reaction.date), across)
            missing = f"No earnings release (8-K item 2.02) of {ticker} is stored for that window."
        if ask.day:
            day = self.moves.next_trading_day(ticker, ask.day)
            if day is None or (date.fromisoformat(day) - date.fromisoformat(ask.day)).days > 4:
                return None  # a day outside the prices held: no move to state
            move = self.moves.day(ticker, day)
            if move is None:
                return None
            if ask.kind == "around":
                return writer.around(move, ask.day)
            return writer.why(move, None)
        start = ask.start or (as_of - timedelta(days=DEFAULT_DAYS)).isoformat()
        end = ask.end or as_of.isoformat()
        largest = self.moves.largest(ticker, start, end, LARGEST)
        if not largest:
            return None
        if missing:
            writer.lines.append(missing)
        return writer.largest(largest, start, end, ask.label or f"{start} to {end}")

    def _release(
        self, ticker: str, start: str | None, end: str | None, as_of: date
    ) -> Event | None:
        """The earnings 8-K (item 2.02) of the window: its first, or the latest when no window
        is named."""
        frm = start or (as_of - timedelta(days=365)).isoformat()
        releases = [
            e for e in self.events.events(ticker, frm, end or as_of.isoformat()) if e.earnings
        ]
        if not releases:
            return None
        return releases[0] if start else releases[-1]

    def preceding(self, move: DayMove) -> list[Event]:
        """The events whose first close after them is the move's day, by time."""
        found = []
        for event in self.events.events(move.ticker, move.previous.date, move.date):
            across = self.moves.across(event)
            if across is not None and across.reaction.date == move.date:
                found.append(event)
        return _trimmed(found)

    def key_facts(self, event: Event) -> list[ComputedFact]:
        """An earnings release's revenue and diluted EPS: those of the quarter that ended in
        the RELEASE_LAG days before it, as the XBRL facts report them."""
        if not event.earnings or self.reported is None:
            return []
        period = self._quarter_before(event)
        if period is None:
            return []
        found = []
        for key in ("revenue", "eps_diluted"):
            fact = self.reported.value(event.ticker, BY_KEY[key], period)
            if fact is not None:
                found.append(fact)
        return found

    def _quarter_before(self, event: Event) -> Period | None:
        assert self.reported is not None
        earliest = (date.fromisoformat(event.date) - timedelta(days=RELEASE_LAG)).isoformat()
        ends = sorted(
            {
                row.period_end
                for row in self.reported.rows(event.ticker, BY_KEY["revenue"])
                if earliest <= row.period_end < event.date and row.source == "xbrl"
            }
        )
        for end in reversed(ends):
            quarter = self.reported.quarter_ending(event.ticker, end)
            if quarter:
                return Period(*quarter)
            annual = [
                row
                for row in self.reported.rows(event.ticker, BY_KEY["revenue"])
                if row.period_end == end and row.fiscal_period == "FY" and row.fiscal_year
            ]
            if annual:
                return Period(annual[0].fiscal_year, "Q4")
        return None


class _Writer:
    """Writes one answer: lines of text, the facts stated and the sources they cite."""

    def __init__(self, fusion: Fusion, ticker: str, name: str):
        self.fusion = fusion
        self.moves = fusion.moves
        self.ticker = ticker
        self.name = name
        self.lines: list[str] = []
        self.facts: list[ComputedFact] = []
        self.sources: list[tuple[Citation, str]] = []
        self.markers: list[Marker] = []
        self.listed = 0  # events listed

    # ---- answers --------------------------------------------------------------------------

    def why(self, move: DayMove | None, across: EventMove | None) -> Fused | None:
        if move is None:
            return None
        self.lines.append(self._move_sentence(move))
        if across is not None:
            self.lines.append(self._across_sentence(across))
        self._events_of(move)
        return self._done(self._span(move, across))

    def around(self, move: DayMove, asked: str) -> Fused:
        bars = self.moves.bars(self.ticker)
        index = next(i for i, bar in enumerate(bars) if bar.date == move.date)
        first = bars[max(1, index - AROUND_DAYS)].date
        last = bars[min(len(bars) - 1, index + AROUND_DAYS)].date
        moves = self.moves.window(self.ticker, first, last)
        biggest = max(moves, key=lambda m: abs(m.percent))
        shown = (
            move.date if move.date == asked else f"{move.date} (the first trading day from {asked})"
        )
        self.lines.append(f"Around {shown}, from {first} to {last}:")
        self.lines.append(self._move_sentence(move))
        if biggest.date != move.date:
            self.lines.append("The largest move of those days: " + self._move_sentence(biggest))
        stated = {move.date, biggest.date}
        for day in moves:
            if self.fusion.preceding(day):
                if day.date not in stated:
                    self.lines.append(self._move_sentence(day))
                self._events_of(day)
        return self._done((first, last))

    def largest(self, moves: list[DayMove], start: str, end: str, label: str) -> Fused:
        self.lines.append(f"The largest daily moves of {self.name} ({self.ticker}) in {label}:")
        for move in moves:
            self.lines.append("- " + self._move_sentence(move))
        for move in moves:
            self._events_of(move)
        releases = [e for e in self.fusion.events.events(self.ticker, start, end) if e.earnings]
        for release in releases:
            across = self.moves.across(release)
            day = self.moves.day(self.ticker, across.reaction.date) if across else None
            if across and day and day.date not in {m.date for m in moves}:
                self.lines.append("The window's earnings release: " + self._across_sentence(across))
                self._events_of(day)
        return self._done((start, end))

    # ---- parts ----------------------------------------------------------------------------

    def _move_sentence(self, move: DayMove) -> str:
        facts = self.moves.day_facts(move)
        marks = [self._cite(f) for f in facts]
        verb = "rose" if move.percent >= 0 else "fell"
        text = (
            f"{self.name} ({self.ticker}) shares {verb} {abs(move.percent):.2f}% on {move.date} "
            f"(close {move.previous.close:.2f} on {move.previous.date} to {move.bar.close:.2f}) "
            f"[{marks[0]}]"
        )
        context = move.context()
        if context and len(marks) > 1:
            text += f": {context} [{marks[-1]}]"
        return text + "."

    def _across_sentence(self, across: EventMove) -> str:
        facts = self.moves.event_facts(across)
        mark = self._cite(facts[0])
        for fact in facts[1:]:
            self._cite(fact)
        e = across.event
        text = (
            f"Across the {e.kind} of {e.when()}, from the last close before it "
            f"({across.base.date}) to the first close after it ({across.reaction.date}), the "
            f"stock moved {across.percent:+.2f}% [{mark}]"
        )
        later = [
            f"{fact.value:+.2f}% to {bar.date}"
            for fact, (_, bar) in zip(facts[1:], across.later, strict=True)
        ]
        if later:
            text += f"; from the same close: {', '.join(later)} [{mark}]"
        return text + "."

    def _events_of(self, move: DayMove) -> None:
        events = self.fusion.preceding(move)
        if not events:
            self.lines.append(
                f"No filing, news story, dividend or split stored comes before the move of "
                f"{move.date} (since the close of {move.previous.date})."
            )
            return
        self.lines.append(
            f"Events before the move of {move.date} (first close after them), by time:"
        )
        for event in events:
            mark = self._event_source(event)
            line = f"- {event.when()}: {_shown(event)} [{mark}]"
            key = self.fusion.key_facts(event)
            figures = [f"{_label(f)} {f.display()} [{self._cite(f)}]" for f in key]
            if figures:
                line += f"; reported for {key[0].period or 'the quarter'}: {', '.join(figures)}"
            self.lines.append(line + ".")
            self.listed += 1
            self.markers.append(Marker(date=event.date, label=_marker(event), kind=event.kind))

    def _cite(self, fact: ComputedFact) -> int:
        """The source number of a fact (added once), the fact recorded."""
        if fact not in self.facts:
            self.facts.append(fact)
        return self._number(fact.source, fact.source.snippet)

    def _event_source(self, event: Event) -> int:
        kind = (
            "news"
            if event.kind == "news"
            else "market"
            if event.kind in ("dividend", "split")
            else "sec"
        )
        citation = Citation(
            n=0,
            title=event.title if kind != "sec" else f"{event.title} ({event.when()})",
            source=kind,
            ticker=event.ticker,
            form=event.kind if kind == "sec" else None,
            date=event.date,
            url=event.url,
            locator=f"{event.kind} {event.when()}",
            snippet=f"{event.when()}: {event.describe()}",
            document_id=event.document_id,
        )
        return self._number(citation, citation.snippet)

    def _number(self, citation: Citation, snippet: str) -> int:
        citation = clean_citation(citation)  # a news title or table label carries no order
        key = citation.model_dump(exclude={"n"})
        for i, (known, _) in enumerate(self.sources):
            if known.model_dump(exclude={"n"}) == key:
                return i + 1
        self.sources.append((citation.model_copy(update={"n": len(self.sources) + 1}), snippet))
        return len(self.sources)

    def _span(self, move: DayMove, across: EventMove | None) -> tuple[str, str]:
        dates = [move.previous.date, move.date]
        if across is not None:
            dates += [across.base.date, across.event.date] + [b.date for _, b in across.later]
        return min(dates), max(dates)

    def _done(self, window: tuple[str, str]) -> Fused:
        self.lines.append(BENCHMARK_NOTE)
        self.lines.append(CAUSE_NOTE if self.listed else NO_EVENT_NOTE)
        return Fused("\n".join(self.lines), self.facts, self.sources, window, self.markers)


def _trimmed(events: list[Event]) -> list[Event]:
    """Filings, dividends and splits, and at most MAX_NEWS news stories, by time."""
    news = [e for e in events if e.kind == "news"][:MAX_NEWS]
    return [e for e in events if e.kind != "news" or e in news]


def _shown(event: Event) -> str:
    if event.kind == "news":
        return f'news: "{clean_label(event.title)}"'
    return clean_label(event.describe())


def _marker(event: Event) -> str:
    if event.earnings:
        return "earnings 8-K"
    return "news" if event.kind == "news" else event.kind


def _label(fact: ComputedFact) -> str:
    return fact.name.split(" ", 1)[1] if " " in fact.name else fact.name
