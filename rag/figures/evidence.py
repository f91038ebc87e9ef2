"""A number computed in code, with everything needed to show, cite and check it.

Fact finders (prices, XBRL facts, statement tables) return `ComputedFact`s; the Assistant
numbers their sources next to the retrieved passages and turns them into `AnswerFact`s.
"""

from dataclasses import dataclass, field

from core.types import AnswerFact, Citation

UNIT_WORDS = {"USD": "USD", "USD/shares": "USD per share", "%": "%", "shares": "shares"}


@dataclass
class ComputedFact:
    """One figure: `value` in base units (USD, not USD millions; 12.5 for 12.5%)."""

    name: str  # what it is, e.g. "AAPL revenue"
    value: float
    unit: str  # USD, USD/shares, shares, %, x (a multiple), days, sd (a z-score), rank
    period: str | None  # e.g. "FY2024 (fiscal year ended 2024-09-28)", "2025-11-07"
    as_of: str | None  # when the figure was reported or the price was last seen (ISO date)
    source: Citation  # `n` is set by the Assistant when it numbers the sources
    formula: str | None = None  # for derived figures, e.g. "net income / revenue"
    inputs: list["ComputedFact"] = field(default_factory=list)  # what a derived figure used

    def display(self) -> str:
        """The value as an analyst would read it, with its unit."""
        return format_value(self.value, self.unit)

    def answer_fact(self, citation: int | None) -> AnswerFact:
        return AnswerFact(
            name=self.name,
            value=self.value,
            unit=self.unit,
            period=self.period,
            as_of=self.as_of,
            citation=citation,
            formula=self.formula,
            display=self.display(),
        )


def format_value(value: float, unit: str) -> str:
    """`391035000000, USD` -> "$391,035 million"; `46.21, %` -> "46.21%"."""
    sign = "-" if value < 0 else ""
    if unit == "USD":
        if abs(value) >= 1e9:
            return f"{sign}${abs(value) / 1e6:,.0f} million"
        if abs(value) >= 1e6:
            return f"{sign}${abs(value) / 1e6:,.1f} million"
        return f"{sign}${abs(value):,.2f}"
    if unit == "USD/shares":
        return f"{sign}${abs(value):,.2f} per share"
    if unit == "%":
        return f"{value:,.2f}%"
    if unit == "shares":
        return f"{value:,.0f} shares"
    if unit == "x":
        return f"{value:,.2f}x"
    if unit == "sd":  # a z-score
        return f"{value:+.2f} standard deviations"
    if unit == "rank":
        return f"#{value:.0f}"
    return f"{value:,.2f} {UNIT_WORDS.get(unit, unit)}"
