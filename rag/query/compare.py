"""A comparison across companies: two or more companies named, one reported measure (a metric,
margin or free cash flow, by rag.figures.metrics' vocabulary), a period span and what is asked of
the table ("Compare Apple and Microsoft margins over the last three fiscal years", "Which of NVDA,
AMD and INTC grew revenue fastest?", "Rank AAPL, MSFT and NVDA by net income").

rag.figures.compare computes the table; this module only reads what the question asks.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.query.analysis import Query
    from rag.query.names import Mention


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# "Order Apple, Nvidia and Tesla by revenue", "Sort them by margin": the companies in between
ORDER_BY = r"\b(?:order|sort)\b[^?.;]*?\bby\b"
# Words that set companies side by side; without one, two companies are two questions in one.
CUE = _re(
    r"\b(compar\w*|vs\.?|versus|against|than|rank\w*|which|who|both|each|between|"
    r"side[- ]by[- ]side|relative to|fastest|slowest|quickest|highest|lowest|most|least|"
    r"largest|smallest|biggest|best|worst|better|worse|higher|lower|bigger|smaller|larger|"
    r"outgr[eo]w\w*|outperform\w*|order(?:ed)? by|sort(?:ed)? by|faster|slower|quicker|more|"
    r"less)\b|" + ORDER_BY
)
RANK = _re(
    r"\b(rank\w*|order(?:ed)? (?:by|from)|sort(?:ed)? by|from (?:highest|largest|most))|" + ORDER_BY
)
FASTER = _re(
    r"\b(fastest|quickest|faster|slowest|slower|outgr[eo]w\w*|more (?:quickly|rapidly|slowly))\b"
)
GROWTH = _re(
    r"\b(grow(?:th|n|s)?|grew|increase[ds]?|decrease[ds]?|decline[ds]?|chang(?:e|ed|es)|"
    r"year[- ]over[- ]year|yoy|y/y|fastest|slowest|outgr[eo]w\w*)\b"
)
WHICH = _re(
    r"\b(which|who|whose)\b|\b(higher|lower|more|less|better|worse|bigger|smaller|larger)\b"
)  # "Which of ...", "Did Nvidia or Tesla have higher revenue?"
LOW = _re(r"\b(least|lowest|smallest|slowest|slower|worst|worse|lower|smaller|less|weakest)\b")
HIGH = _re(
    r"\b(most|highest|largest|biggest|fastest|quickest|best|better|higher|bigger|larger|more|"
    r"faster|strongest|top|outgr[eo]w\w*|led|leads?)\b"
)


@dataclass(frozen=True)
class CompareAsk:
    """What a comparison question asks: which companies, over which periods, for what."""

    companies: tuple["Mention", ...]  # in order of mention, each once
    ask: str  # "table", "extreme" (which is highest / lowest) or "rank"
    growth: bool  # compares growth over the span, not the level
    order: str  # "highest" or "lowest": what wins
    years: tuple[int, ...] = ()  # fiscal years named
    quarter: str | None = None  # Q1..Q4 named
    recent_years: int | None = None  # "over the last three fiscal years"

    @property
    def tickers(self) -> list[str]:
        return [m.ticker for m in self.companies if m.ticker]


def read_comparison(query: "Query") -> CompareAsk | None:
    """The comparison `query` asks for, or None: fewer than two companies, no reported measure,
    no word that sets them side by side, or a question that wants more than figures ("why")."""
    companies = tuple({m.company.id: m for m in query.companies if m.ticker}.values())
    figures = query.figures
    measured = figures.metrics or figures.ratios or figures.free_cash_flow
    text = query.text
    if len(companies) < 2 or not measured or figures.segments or query.explain:
        return None
    if not CUE.search(text):
        return None
    growth = bool(GROWTH.search(text))
    low, high = LOW.search(text), HIGH.search(text)
    order = "lowest" if low and (not high or low.start() < high.start()) else "highest"
    if RANK.search(text):
        ask = "rank"
    elif WHICH.search(text) or FASTER.search(text):
        ask = "extreme"
    else:
        ask = "table"
    return CompareAsk(
        companies=companies,
        ask=ask,
        growth=growth,
        order=order,
        years=tuple(query.fiscal_years),
        quarter=query.fiscal_quarter,
        recent_years=figures.recent_years,
    )
