"""Price-move questions: "why did X move (after its May 2024 earnings / on D / in Q3 2024)",
"what happened to X around D", "what moved X's stock in Q3 2024". `read_move` says which is
asked and of what day or window; rag.answer.fusion answers it from the computed moves and the
events of the window.

A move question names a company, and either a stock word ("stock", "shares", "share price") or
a move verb right after the company ("Why did NVDA jump"), or asks what happened to it on a date
or in a window; a question about a reported figure ("What moved Apple's revenue?") is not one.
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from rag.query.dates import Dates, is_date, read_dates, with_iso_dates
from rag.query.names import Mention
from rag.query.periods import find_periods


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


MOVE = (
    r"(?:mov(?:e|ed|es|ing)|jump(?:ed|s)?|surg(?:e|ed|es)|soar(?:ed|s)?|spik(?:e|ed|es)|"
    r"rall(?:y|ied|ies)|climb(?:ed|s)?|r[io]se|rising|gain(?:ed|s)?|f[ae]ll|falling|"
    r"drop(?:ped|s)?|plung(?:e|ed|es)|tumbl(?:e|ed|es)|s[ia]nk|slid(?:e|es)?|crash(?:ed|es)?|"
    r"tank(?:ed|s)?|pop(?:ped|s)?|react(?:ed|s)?|respond(?:ed|s)?|swing|swung|"
    r"declin(?:e|ed|es)|sold off|sell-?off|skyrocket(?:ed)?|slump(?:ed)?|"
    r"(?:go|goes|went|gone|going) (?:up|down|higher|lower)|up|down|higher|lower)"
)
MOVE_WORD = _re(rf"\b{MOVE}\b")
STOCK = _re(
    r"\b(?:stocks?|shares?|share price|stock price|equity|market (?:value|cap(?:italization)?)|"
    r"(?:price|daily|trading) (?:moves?|swings?|action|jumps?|drops?))"
    r"\b(?![- ](?:based|compensation|repurchase|buyback|option|award|count|outstanding))"
)
METRIC = _re(
    r"\b(?:revenue|sales|net income|profits?|margins?|eps|operating income|cash flow|capex|"
    r"guidance|headcount|costs?|expenses?|debt|dividends?|buybacks?|users?|deliveries)\b"
)
EARNINGS = _re(
    r"\b(?:earnings|results|quarterly (?:report|numbers)|earnings (?:release|report|call))\b"
)
WHY = _re(
    r"\bwhy\b|\bwhat (?:caused|drove|made|pushed|sent|lifted|dragged|was behind|explains|"
    r"triggered|sparked)\b|"
    r"\bexplain\b|\breasons?\b|\bhow did\b.*\b(?:react|respond|do|fare)\b|\bwhat did\b.*\bdo\b"
)
# "what was going on with X around D", "how did X's stock trade in the days around D"
HAPPENED = _re(
    r"\bwhat happened\b|\bwhat went on\b|\bwhat was going on\b|\banything happen(?:ed)?\b|"
    r"\bhow did\b[^?]*\b(?:trade|do|perform|behave|fare)\b[^?]*\baround\b"
)
MOVED = _re(
    r"\bwhat (?:moved|drove|has moved)\b|\b(?:biggest|largest|major|main|big) "
    r"(?:(?:stock|share|price|daily) )*(?:moves?|swings?|jumps?|drops?)\b|"
    r"\b(?:which|what) (?:events?|news|developments?|factors?) (?:moved|drove)\b"
)
AFTER_EARNINGS_DAYS = 100  # an earnings release follows its quarter's end within this


@dataclass(frozen=True)
class MoveAsk:
    """What a move question asks. `kind`: "why" (a move and its causes), "around" (what
    happened around a day) or "largest" (the largest moves of a window and what preceded
    them). `day` a day named; `start`/`end` a window named; `earnings` the move after an
    earnings release (the window is where the release is looked for); `label` the window as
    the answer states it."""

    kind: str
    day: str | None = None
    start: str | None = None
    end: str | None = None
    earnings: bool = False
    label: str = ""


def read_move(
    text: str,
    companies: list[Mention],
    dates: Dates,
    fiscal_years: list[int],
    quarter: str | None,
) -> MoveAsk | None:
    """The move asked about in `text` (ISO dates already written in), or None."""
    if not companies:
        return None
    earnings = bool(EARNINGS.search(text))
    day = next((d for d in dates.iso if is_date(d)), None)
    start, end, label = _window(dates, fiscal_years, quarter, earnings)
    dated_happening = HAPPENED.search(text) and (day or start) and not METRIC.search(text)
    if not (dated_happening or _about_stock(text, companies)):
        return None
    if HAPPENED.search(text):  # "fell after its earnings. What happened?": that move
        kind = "around" if day else "why" if earnings else "largest"
    elif WHY.search(text) and (MOVE_WORD.search(text) or earnings):
        kind = "why"
    elif MOVED.search(text):
        kind = "why" if day or earnings else "largest"
    else:
        return None
    if kind == "why" and not (day or earnings) and start:
        kind = "largest"  # "why did X fall in March 2025": the window's largest moves first
    return MoveAsk(kind, day, start, end, earnings, label)


def follow_move(
    turn: str, combined: str, companies: list[Mention], earlier: MoveAsk
) -> MoveAsk | None:
    """A follow-up to a move question: its own move question, or one that names only a new
    day, window or release ("And on 2024-06-10?", "And after the August 2024 earnings?": the
    same kind of move asked of it), or one asking the earlier question again ("What about
    Tesla?": `combined` is the earlier question with this turn)."""
    if not companies:
        return None
    turn = with_iso_dates(turn)
    dates = read_dates(turn)
    years, quarter = find_periods(turn)
    own = read_move(turn, companies, dates, years, quarter)
    if own is not None:
        return own
    earnings = bool(EARNINGS.search(turn))
    day = next((d for d in dates.iso if is_date(d)), None)
    start, end, label = _window(dates, years, quarter, earnings)
    if METRIC.search(turn):
        return None
    if not (earnings or day or start):  # nothing new: the earlier question of this company
        again = read_dates(combined)
        found = find_periods(combined)
        return read_move(combined, companies, again, *found) if combined != turn else None
    kind = "why" if earnings or (day and earlier.kind != "around") else earlier.kind
    if kind == "why" and not (day or earnings):
        kind = "largest"
    return MoveAsk(kind, day, start, end, earnings, label)


def _about_stock(text: str, companies: list[Mention]) -> bool:
    """A stock word, or a move verb right after the company ("NVIDIA's shares", "NVDA jump");
    a reported figure without a stock word ("Apple's revenue") is no price move."""
    if STOCK.search(text):
        return True
    if METRIC.search(text):
        return False
    after = "|".join(re.escape(m.text) for m in companies)
    between = r"(?:'s)?\s+(?:stock\s+|shares\s+)?(?:to\s+)?"
    return bool(re.search(rf"(?:{after}){between}{MOVE}\b", text, re.I))


def _window(
    dates: Dates, years: list[int], quarter: str | None, earnings: bool
) -> tuple[str | None, str | None, str]:
    """The window named: a month, a quarter of a year (calendar), or years; for an earnings
    release of a quarter, the days after the quarter in which it is released."""
    if dates.month:
        year, month = dates.month
        last = monthrange(year, month)[1]
        label = date(year, month, 1).strftime("%B %Y")
        return date(year, month, 1).isoformat(), date(year, month, last).isoformat(), label
    if quarter and years:
        year, n = years[0], int(quarter[1])
        first = date(year, 3 * n - 2, 1)
        last = date(year, 3 * n, monthrange(year, 3 * n)[1])
        if earnings:  # the release of the quarter's results comes after it ends
            after = last + timedelta(days=AFTER_EARNINGS_DAYS)
            return last.isoformat(), after.isoformat(), f"after {quarter} {year}"
        return first.isoformat(), last.isoformat(), f"calendar {quarter} {year}"
    if dates.years:
        first_year, last_year = dates.years[0], dates.years[-1]
        label = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
        return f"{first_year}-01-01", f"{last_year}-12-31", label
    return None, None, ""
