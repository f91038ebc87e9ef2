"""The reported figures a question asks for (rag.figures.reported computes them): metrics,
ratios and standard formulas (turnover, days outstanding, ROA, EBITDA, ...) by the vocabulary of
rag.figures.metrics, free cash flow, P/E, and how: growth, CAGR, an average, a trend, the last N
years, the latest quarter, or by segment.

A sentence that defines a term ("ROA is defined as: net income / average total assets", "Define
working capital ratio as ...") says how to compute what is asked, not what is asked: the words
and years in it are left out of what the question asks for."""

import re
from dataclasses import dataclass

from rag.figures.metrics import FORMULAS, METRICS, RATIOS, Formula, Metric, Ratio
from rag.query.periods import find_periods


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


ANY_MARGIN = _re(r"\bmargins?\b")
NEVER = _re(r"(?!)")  # the pattern of a ratio built from the question, never searched for
# A share asked: "what percentage of", "what share of", "as a percent of", "in percent"
SHARE_OF = _re(r"\b(percent(age)?|share|proportion|fraction|portion) of\b|\bin percent\b|%\s*of\b")
FREE_CASH_FLOW = _re(r"\b(free cash flows?|fcf)\b")
PRICE_EARNINGS = _re(
    r"\bp/?e\b( ratio| multiple)?|\bprice[- ]to[- ]earnings\b|\bearnings multiple\b"
)
# the company's equity at market: "market cap", "market capitalization", "market value" (never
# the fair market value of assets, nor the market value of its investments or debt)
MARKET_CAP = _re(
    r"(?<!fair )\b(market[- ]cap(s|itali[sz]ations?)?|mkt\.? caps?|market values?)\b"
    r"(?! of (?:\S+ ){0,3}(?:assets|investments|securities|debt|notes|bonds|loans|derivatives))"
    r"(?![^?]{0,80}\bnon-?affiliates\b)"  # the cover's float, a figure printed as such
)
GROWTH = _re(
    r"\b(grow(th|n|s)?|grew|increase[ds]?|decrease[ds]?|decline[ds]?|chang(e|ed|es)|"
    r"year[- ]over[- ]year|yoy|y/y)\b"
)
# compound annual growth between two named years
CAGR = _re(r"\bcagr\b|\bcompound(ed)? annual (growth|growth rate)\b")
# A sentence that defines how to compute the asked figure: "X is defined as ...", "Define X
# as ...", "X here is defined as ...", "Calculate X using A and B"
DEFINITION = _re(r"\bdefined\s+(here\s+)?as\b|^\W*define\b|^\W*calculate\s+[^.?!]*\busing\b")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z(])")
LATEST_QUARTER = _re(r"\b(latest|most recent|last|recent) (fiscal )?quarter\b")
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
    formulas: tuple[Formula, ...] = ()  # turnover, days outstanding, ROA, EBITDA, ...
    free_cash_flow: bool = False
    price_earnings: bool = False  # "P/E", "price-to-earnings"
    market_cap: bool = False  # "market cap", "market capitalization", "market value"
    growth: bool = False  # "growth", "change", "year over year"
    cagr: bool = False  # "CAGR", "compound annual growth rate"
    average: bool = False  # "average", "mean"
    trend: bool = False  # "improving", "consistent", "historically": several years
    segments: bool = False  # "which segment ...": company totals do not answer it
    recent_years: int | None = None  # "over the last 3 years"
    latest_quarter: bool = False  # "last quarter", "most recent quarter"
    years: tuple[int, ...] = ()  # fiscal years named outside definitions (when one was given)

    @property
    def fundamentals(self) -> bool:
        """Whether the question names any reported metric, ratio, formula, FCF, P/E or market
        capitalization."""
        return bool(
            self.metrics
            or self.ratios
            or self.formulas
            or self.free_cash_flow
            or self.price_earnings
            or self.market_cap
        )

    @property
    def days_payable(self) -> bool:
        """ "DPO", "days payable outstanding" """
        return any(formula.key == "days_payable" for formula in self.formulas)


def read_figures(text: str) -> FigureAsk:
    """What `text` asks of the reported figures (its defining sentences left out)."""
    full, text = text, asked_part(text)
    years = tuple(find_periods(text)[0]) if text != full else ()
    ratios = asked_ratios(text)
    shares = {key for r in ratios if r in revenue_shares(text) for key in (r.numerator, "revenue")}
    return FigureAsk(
        # a metric named only as part of its margin ("D&A % margin") is not asked by itself
        metrics=tuple(m for m in asked_metrics(text) if m.key not in shares),
        ratios=tuple(ratios),
        formulas=tuple(asked_formulas(text)),
        free_cash_flow=bool(FREE_CASH_FLOW.search(text)),
        price_earnings=bool(PRICE_EARNINGS.search(text)),
        market_cap=bool(MARKET_CAP.search(text)),
        growth=bool(GROWTH.search(text)),
        cagr=bool(CAGR.search(text)),
        average=bool(AVERAGE.search(text)),
        trend=bool(TREND.search(text)),
        segments=bool(BREAKDOWN.search(text)),
        recent_years=recent_years(text),
        latest_quarter=bool(LATEST_QUARTER.search(text)),
        years=years,
    )


def asked_part(text: str) -> str:
    """The question without the sentences that define its terms (all of it if every sentence
    is one)."""
    sentences = SENTENCE_END.split(text.strip())
    kept = [sentence for sentence in sentences if not DEFINITION.search(sentence)]
    return " ".join(kept) if kept else text


def asked_formulas(text: str) -> list[Formula]:
    """Standard ratios and figures the question names, in order of mention; a more specific
    name wins ("fixed asset turnover" is not also "asset turnover")."""
    found: list[tuple[int, Formula]] = []
    for formula in FORMULAS:
        match = formula.asked.search(text)
        if match:
            found.append((match.start(), formula))
            text = formula.asked.sub(lambda m: " " * len(m.group()), text)
    return [formula for _, formula in sorted(found, key=lambda item: item[0])]


def without_formulas(text: str) -> str:
    """The text without the formulas it names ("return on assets" is no price return)."""
    for formula in FORMULAS:
        text = formula.asked.sub(" ", text)
    return text


def asked_metrics(text: str) -> list[Metric]:
    """Metrics the question names, in order of mention (a more specific phrase wins)."""
    text = spell_out_activities(PRICE_EARNINGS.sub(" ", without_formulas(text)))
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
    """Margins and rates the question names. A margin of a named metric, or a share of revenue
    ("D&A % margin", "cost of goods sold as a % of revenue", "what percentage of its revenue
    was operating income"), is that metric over revenue; a bare "margins" means the three."""
    text = without_formulas(text)
    named = [ratio for ratio in RATIOS if ratio.asked.search(text)]
    if named:
        return named
    if shares := revenue_shares(text):
        return shares
    if ANY_MARGIN.search(text):
        return [ratio for ratio in RATIOS if ratio.denominator == "revenue"]
    return []


def revenue_shares(text: str) -> list[Ratio]:
    """The metrics asked as a margin or a share of revenue, each over revenue; [] when the
    question asks none that way."""
    metrics = asked_metrics(text)
    of_revenue = SHARE_OF.search(text) and any(m.key == "revenue" for m in metrics)
    if not (ANY_MARGIN.search(text) or of_revenue):
        return []
    return [share_of_revenue(m) for m in metrics if m.key != "revenue" and m.unit == "USD"]


def share_of_revenue(metric: Metric) -> Ratio:
    """The metric over revenue: the named margin when there is one (operating income ->
    operating margin), else "<metric> as % of revenue"."""
    named = (r for r in RATIOS if r.numerator == metric.key and r.denominator == "revenue")
    label = f"{metric.label} as % of revenue"
    return next(named, Ratio(f"{metric.key}_share", label, NEVER, metric.key, "revenue"))


def asks_fundamentals(text: str) -> bool:
    """Whether the question names any reported metric, margin, free cash flow or P/E."""
    return bool(
        asked_metrics(text)
        or asked_ratios(text)
        or asked_formulas(text)
        or FREE_CASH_FLOW.search(text)
        or PRICE_EARNINGS.search(text)
        or MARKET_CAP.search(text)
    )


def recent_years(text: str) -> int | None:
    """A count of recent fiscal years ("over the last 3 years"), None when none is named."""
    match = RECENT_YEARS.search(text)
    if not match:
        return None
    count = match.group(1).lower()
    return int(count) if count.isdigit() else NUMBER_WORDS[count]
