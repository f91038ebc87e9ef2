"""The reported figures a question asks for (rag.figures.reported computes them): metrics and
ratios by the vocabulary of rag.figures.metrics, free cash flow, P/E, days payable, and how:
growth, an average, a trend, the last N years, the latest quarter, or by segment."""

import re
from dataclasses import dataclass

from rag.figures.metrics import METRICS, RATIOS, Metric, Ratio


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


ANY_MARGIN = _re(r"\bmargins?\b")
# A share asked: "what percentage of", "what share of", "as a percent of", "in percent"
SHARE_OF = _re(r"\b(percent(age)?|share|proportion|fraction|portion) of\b|\bin percent\b|%\s*of\b")
FREE_CASH_FLOW = _re(r"\b(free cash flows?|fcf)\b")
PRICE_EARNINGS = _re(
    r"\bp/?e\b( ratio| multiple)?|\bprice[- ]to[- ]earnings\b|\bearnings multiple\b"
)
GROWTH = _re(
    r"\b(grow(th|n|s)?|grew|increase[ds]?|decrease[ds]?|decline[ds]?|chang(e|ed|es)|"
    r"year[- ]over[- ]year|yoy|y/y)\b"
)
LATEST_QUARTER = _re(r"\b(latest|most recent|last|recent) (fiscal )?quarter\b")
DAYS_PAYABLE = _re(r"\b(dpo|days payables? outstanding)\b")
TREND = _re(
    r"\b(improv\w*|deteriorat\w*|trend\w*|consistent\w*|stable|stability|steady|fluctuat\w*|"
    r"volatil\w*|historically)\b"
)
BREAKDOWN = _re(
    r"\b(which|what)\b[^?]*\b(segments?|categor(y|ies)|divisions?|business(es| lines?| units?)|"
    r"regions?|geograph\w*|product lines?)\b"
)
AVERAGE = _re(r"\b(average|mean)\b")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
# A list of cash-flow sections sharing one noun, after it ("operations, investing, and financing
# activities") or before it ("cash flows from operating and investing"), names each section.
_ACTIVITY = r"(?:operat(?:ing|ions)|investing|financing)"
_AND = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)"
ACTIVITY_LIST = _re(
    rf"\b(?P<list>{_ACTIVITY}(?:{_AND}{_ACTIVITY})+)\s+(?P<noun>activities|cash flows?)\b|"
    rf"\bcash flows? (?:from|provided by|used in) (?P<after>{_ACTIVITY}(?:{_AND}{_ACTIVITY})+)\b"
)
RECENT_YEARS = _re(
    rf"\b(?:last|past|previous) (\d{{1,2}}|{'|'.join(NUMBER_WORDS)}) (?:fiscal )?years\b"
)


@dataclass(frozen=True)
class FigureAsk:
    """The reported figures a question names, and what it wants of them."""

    metrics: tuple[Metric, ...] = ()  # in order of mention
    ratios: tuple[Ratio, ...] = ()  # margins and rates
    free_cash_flow: bool = False
    price_earnings: bool = False  # "P/E", "price-to-earnings"
    days_payable: bool = False  # "DPO", "days payable outstanding"
    growth: bool = False  # "growth", "change", "year over year"
    average: bool = False  # "average", "mean"
    trend: bool = False  # "improving", "consistent", "historically": several years
    segments: bool = False  # "which segment ...": company totals do not answer it
    recent_years: int | None = None  # "over the last 3 years"
    latest_quarter: bool = False  # "last quarter", "most recent quarter"

    @property
    def fundamentals(self) -> bool:
        """Whether the question names any reported metric, margin, free cash flow or P/E."""
        return bool(self.metrics or self.ratios or self.free_cash_flow or self.price_earnings)


def read_figures(text: str) -> FigureAsk:
    """What `text` asks of the reported figures."""
    return FigureAsk(
        metrics=tuple(asked_metrics(text)),
        ratios=tuple(asked_ratios(text)),
        free_cash_flow=bool(FREE_CASH_FLOW.search(text)),
        price_earnings=bool(PRICE_EARNINGS.search(text)),
        days_payable=bool(DAYS_PAYABLE.search(text)),
        growth=bool(GROWTH.search(text)),
        average=bool(AVERAGE.search(text)),
        trend=bool(TREND.search(text)),
        segments=bool(BREAKDOWN.search(text)),
        recent_years=recent_years(text),
        latest_quarter=bool(LATEST_QUARTER.search(text)),
    )


def asked_metrics(text: str) -> list[Metric]:
    """Metrics the question names, in order of mention (a more specific phrase wins)."""
    text = spell_out_activities(PRICE_EARNINGS.sub(" ", text))
    text = FREE_CASH_FLOW.sub(" ", text)
    for ratio in RATIOS:
        text = ratio.asked.sub(" ", text)
    found: list[tuple[int, Metric]] = []
    for metric in METRICS:  # ordered so that "cost of sales" is claimed before "sales"
        match = metric.asked.search(text)
        if match:
            found.append((match.start(), metric))
            text = metric.asked.sub(lambda m: " " * len(m.group()), text)
    return [metric for _, metric in sorted(found, key=lambda item: item[0])]


def spell_out_activities(text: str) -> str:
    """ "operations, investing and financing activities" -> "operating activities, investing
    activities, financing activities": each section in the words its metric is asked by."""

    def spelled(match: re.Match) -> str:
        items = re.findall(_ACTIVITY, match.group("list") or match.group("after"), re.IGNORECASE)
        noun = match.group("noun") or "activities"
        names = ("operating" if item.lower().startswith("operat") else item for item in items)
        return ", ".join(f"{name} {noun}" for name in names)

    return ACTIVITY_LIST.sub(spelled, text)


def asked_ratios(text: str) -> list[Ratio]:
    """Margins and rates the question names; a bare "margins" means the three margins; a share
    of one named metric in another ("what percentage of its revenue was operating income") is
    the ratio of those two."""
    named = [ratio for ratio in RATIOS if ratio.asked.search(text)]
    if not named and ANY_MARGIN.search(text):
        return [ratio for ratio in RATIOS if ratio.denominator == "revenue"]
    if not named and SHARE_OF.search(text):
        keys = {metric.key for metric in asked_metrics(text)}
        return [r for r in RATIOS if {r.numerator, r.denominator} <= keys]
    return named


def asks_fundamentals(text: str) -> bool:
    """Whether the question names any reported metric, margin, free cash flow or P/E."""
    return bool(
        asked_metrics(text)
        or asked_ratios(text)
        or FREE_CASH_FLOW.search(text)
        or PRICE_EARNINGS.search(text)
    )


def recent_years(text: str) -> int | None:
    """A count of recent fiscal years ("over the last 3 years"), None when none is named."""
    match = RECENT_YEARS.search(text)
    if not match:
        return None
    count = match.group(1).lower()
    return int(count) if count.isdigit() else NUMBER_WORDS[count]
