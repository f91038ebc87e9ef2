"""One-line judgements computed from the figures, for questions that want a verdict rather
than a number: "Has X's debt increased?", "Is the gross margin improving?", "Are margins
consistent?", "Which of operating, investing and financing cash flow was largest?", "Does X
have positive working capital?".

Each verdict states the figures it rests on and cites them; it is None when the facts cannot
decide, and the answer then goes on without one. Which verdicts a question asks for is read by
rag.query.verdicts (`Query.verdict`).
"""

from dataclasses import dataclass, field

from rag.figures.evidence import ComputedFact
from rag.query import Query, VerdictAsk

DEFAULT_POINTS = 2.0  # a margin moving less than this a year counts as consistent
# The usual rule of thumb a ratio is judged against when a question asks whether it is healthy
# (or weak, or intensive): (benchmark, what a value at or above it means, what one below means)
BENCHMARKS = {
    "quick ratio": (
        1.0,
        "its cash, short-term investments and receivables cover its current liabilities",
        "its cash, short-term investments and receivables do not cover its current liabilities",
    ),
    "current ratio": (
        1.0,
        "its current assets cover its current liabilities",
        "its current assets do not cover its current liabilities",
    ),
    "capital intensity": (
        1.0,
        "it holds more in assets than a year's revenue (capital intensive)",
        "it holds less in assets than a year's revenue (not capital intensive)",
    ),
}


@dataclass
class Verdict:
    """The verdict's sentence, and any figure it computed on the way (cited like the others)."""

    text: str
    facts: list[ComputedFact] = field(default_factory=list)


def verdict_of(query: Query, facts: list[ComputedFact], marks: list[list[int]]) -> Verdict | None:
    """The first verdict the question asks for (`query.verdict`) and the facts can decide."""
    cited = list(zip(facts, marks, strict=True))
    for judge in (steadiness, extreme, change, benchmark, sign):
        if found := judge(query.verdict, cited):
            return found
    return None


def change(asked: VerdictAsk, cited: list[tuple[ComputedFact, list[int]]]) -> Verdict | None:
    """ "Has X's debt increased?" from a computed growth figure, else from the last two values
    of a margin or rate ("Is the gross margin improving?")."""
    if asked.change is None:
        return None
    wants_up = asked.change == "up"
    growth = next(((f, m) for f, m in cited if f.name.endswith("growth")), None)
    if growth is not None:
        fact, numbers = growth
        if fact.value == 0:
            return None
        went_up = fact.value > 0
        subject = fact.name.removesuffix(" growth")
        moved = "increased" if went_up else "decreased"
        amount = _amount_moved(fact)
        by = f"{abs(fact.value):.1f}%"
        if amount:
            by = f"{amount.display().lstrip('-')} ({by})"
        what = f"{subject} {moved} by {by} ({fact.period})"
        found = [amount] if amount else []
        return Verdict(f"{_yes(went_up == wants_up)}: {what}{_marks(numbers)}.", found)
    series = _series(cited)
    if series is None or len(series) < 2:
        return None
    (before, marks_before), (now, marks_now) = series[-2], series[-1]
    if now.value == before.value:
        return None
    went_up = now.value > before.value
    moved = "rose" if went_up else "fell"
    what = (
        f"{now.name} {moved} from {before.display()} ({_tag(before)}) to {now.display()} "
        f"({_tag(now)})"
    )
    return Verdict(f"{_yes(went_up == wants_up)}: {what}{_marks(marks_before + marks_now)}.")


def _amount_moved(growth: ComputedFact) -> ComputedFact | None:
    """The change in money behind a growth rate of an amount: its two inputs' difference, so
    "decreased by $229 million (0.2%)" can be said (and checked)."""
    if len(growth.inputs) != 2 or any(f.unit != "USD" for f in growth.inputs):
        return None
    now, before = growth.inputs
    subject = growth.name.removesuffix(" growth")
    return ComputedFact(
        name=f"{subject} change",
        value=now.value - before.value,
        unit="USD",
        period=growth.period,
        as_of=now.as_of,
        source=now.source,
        formula=f"{subject} {_tag(now)} - {subject} {_tag(before)}",
        inputs=[now, before],
    )


def steadiness(asked: VerdictAsk, cited: list[tuple[ComputedFact, list[int]]]) -> Verdict | None:
    """ "Are margins consistent (not moving more than 2% a year)?" from the year-by-year values:
    consistent when no year-over-year move exceeds the tolerance the question states (in
    percentage points for a percentage), DEFAULT_POINTS when it states none."""
    series = _series(cited)
    if asked.steady is None or series is None or len(series) < 2 or series[0][0].unit != "%":
        return None
    limit = asked.tolerance if asked.tolerance is not None else DEFAULT_POINTS
    moves = [
        (abs(b.value - a.value), a, b) for (a, _), (b, _) in zip(series, series[1:], strict=False)
    ]
    largest, start, end = max(moves, key=lambda move: move[0])
    steady = largest <= limit
    wants_steady = asked.steady
    values = [fact.value for fact, _ in series]
    name = series[0][0].name
    numbers = [n for _, marks in series for n in marks]
    move = ComputedFact(
        name=f"{name} largest year-over-year move",
        value=largest,
        unit="points",
        period=f"{_tag(start)} to {_tag(end)}",
        as_of=end.as_of,
        source=end.source,
        formula=f"|{name} {_tag(end)} - {name} {_tag(start)}| (percentage points)",
        inputs=[start, end],
    )
    what = (
        f"{name} stayed between {min(values):.2f}% and {max(values):.2f}% over "
        f"{_tag(series[0][0])}-{_tag(series[-1][0])}; the largest year-over-year move was "
        f"a {'rise' if end.value > start.value else 'decline'} of {largest:.2f} points "
        f"({_tag(start)} to {_tag(end)}), "
        f"{'within' if steady else 'beyond'} the tolerance asked"
    )
    return Verdict(f"{_yes(steady == wants_steady)}: {what}{_marks(numbers)}.", [move])


def extreme(asked: VerdictAsk, cited: list[tuple[ComputedFact, list[int]]]) -> Verdict | None:
    """ "Which of these was largest?" among figures of one unit and period."""
    if asked.extreme is None:
        return None
    candidates = _plain(cited)
    if len(candidates) < 2:
        return None
    unit, period = candidates[0][0].unit, _tag(candidates[0][0])
    same = [(f, m) for f, m in candidates if f.unit == unit and _tag(f) == period]
    if len(same) < 2 or len({f.name for f, _ in same}) < len(same):
        return None
    low = asked.extreme == "lowest"
    best, marks = (min if low else max)(same, key=lambda item: item[0].value)
    others = ", ".join(f"{f.name} {f.display()}" for f, _ in same if f is not best)
    rank = "lowest" if low else "highest"
    return Verdict(
        f"{best.name}: {best.display()} is the {rank} of these in {period} ({others})"
        f"{_marks(marks)}."
    )


def benchmark(asked: VerdictAsk, cited: list[tuple[ComputedFact, list[int]]]) -> Verdict | None:
    """ "Does X have a healthy liquidity profile based on its quick ratio?", "Is X capital
    intensive?" from the latest value of the first figure with a benchmark (BENCHMARKS): yes
    when it is on the side of the benchmark the question asks after."""
    if asked.benchmark is None:
        return None
    judged = [(f, m, key) for f, m in _plain(cited) for key in BENCHMARKS if key in f.name]
    if not judged:
        return None
    name = judged[0][0].name
    fact, numbers, key = [item for item in judged if item[0].name == name][-1]
    level, above, below = BENCHMARKS[key]
    high = fact.value >= level
    mark = ComputedFact(
        name=f"usual {key} benchmark",
        value=level,
        unit=fact.unit,
        period=fact.period,
        as_of=None,
        source=fact.source,
        formula=f"a rule of thumb for the {key}, not a figure of the filing",
    )
    side = "at or above" if high else "below"
    what = (
        f"{fact.name} was {fact.display()} in {_tag(fact)}, {side} the usual benchmark of "
        f"{mark.display()}, which indicates {above if high else below}"
    )
    wanted = high == (asked.benchmark == "high")
    return Verdict(f"{_yes(wanted)}: {what}{_marks(numbers)}.", [mark])


def sign(asked: VerdictAsk, cited: list[tuple[ComputedFact, list[int]]]) -> Verdict | None:
    """ "Does X have positive working capital?" from the latest value of the first figure,
    with how it was computed and the statement it was read from."""
    series = _series(cited)
    if asked.sign is None or not series or series[-1][0].value == 0:
        return None
    fact, numbers = series[-1]
    positive = fact.value > 0
    how = f" ({fact.formula})" if fact.formula else ""
    statement = (fact.source.locator or "").split(", ", 1)[-1].strip()
    read = f", from the {statement.lower()}" if statement else ""
    what = f"{fact.name} was {fact.display()} in {_tag(fact)}{how}{read}"
    verdict = "positive" if positive else "negative"
    return Verdict(
        f"{_yes(positive == (asked.sign == 'positive'))}: {what}, {verdict}{_marks(numbers)}."
    )


def _series(cited: list[tuple[ComputedFact, list[int]]]) -> list | None:
    """The values of the first figure reported for several periods, in the facts' order
    (oldest first), leaving out averages and growth."""
    plain = _plain(cited)
    if not plain:
        return None
    name = plain[0][0].name
    return [(f, m) for f, m in plain if f.name == name]


def _plain(cited: list[tuple[ComputedFact, list[int]]]) -> list:
    """The reported (or directly derived) figures: no growth rates, no averages."""
    return [(f, m) for f, m in cited if not f.name.endswith("growth") and " average " not in f.name]


def _tag(fact: ComputedFact) -> str:
    """ "FY2022" from "FY2022 (fiscal year ended 2022-12-31)"; "end of FY2022 (...)" too."""
    return (fact.period or "").split(" (")[0].removeprefix("end of ")


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _marks(numbers: list[int]) -> str:
    numbers = list(dict.fromkeys(numbers))
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""
