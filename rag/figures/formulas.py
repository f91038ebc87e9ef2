"""Standard ratios computed from reported figures (the `Formula`s of rag.figures.metrics):
turnover, days outstanding and the cash conversion cycle, return on assets and equity,
liquidity ratios, working capital, EBITDA and its margin, interest coverage, debt to equity,
retention and payout ratios.

A ratio over a balance uses the average of the balance at the period's year end and at the
year end before ("average total assets between FY2016 and FY2017"); a flow is the period's.
Every figure read is kept as an input and named in the formula; a missing input means no
figure (nothing is estimated).
"""

from collections.abc import Callable
from dataclasses import dataclass

from rag.figures.evidence import ComputedFact
from rag.figures.metrics import BY_KEY, Formula

DAYS = 365


@dataclass(frozen=True)
class Term:
    """A value in a formula and how it reads ("average inventories (FY2016, FY2017 ends)")."""

    value: float
    text: str


class Inputs:
    """The reported values one formula reads for one company and period, each kept."""

    def __init__(self, value_of: Callable, ticker: str, period):
        self.value_of = value_of  # ReportedFacts.value(ticker, metric, period)
        self.ticker = ticker
        self.period = period
        self.used: list[ComputedFact] = []
        self.own: list[ComputedFact] = []  # those of the period itself (not the year before)

    def _fact(self, key: str, period) -> ComputedFact | None:
        fact = self.value_of(self.ticker, BY_KEY[key], period)
        if fact is not None and fact not in self.used:
            self.used.append(fact)
            if period == self.period:
                self.own.append(fact)
        return fact

    def at(self, key: str) -> Term | None:
        """The metric for the period (a flow) or at its end (a balance)."""
        fact = self._fact(key, self.period)
        return Term(fact.value, f"{BY_KEY[key].label} {self.period.tag}") if fact else None

    def average(self, key: str) -> Term | None:
        """The mean of a balance at the period's end and at the end of the year before."""
        before = self.period.year_before()
        facts = [self._fact(key, before), self._fact(key, self.period)]
        if not all(facts):
            return None
        text = f"average {BY_KEY[key].label} ({before.tag}, {self.period.tag} ends)"
        return Term((facts[0].value + facts[1].value) / 2, text)

    def change(self, key: str) -> Term | None:
        """A balance's change over the period: its end minus the end of the year before."""
        before = self.period.year_before()
        facts = [self._fact(key, before), self._fact(key, self.period)]
        if not all(facts):
            return None
        text = f"change in {BY_KEY[key].label} ({before.tag} to {self.period.tag})"
        return Term(facts[1].value - facts[0].value, text)


def add(*terms: Term | None) -> Term | None:
    if not all(terms):
        return None
    return Term(sum(t.value for t in terms), " + ".join(t.text for t in terms))


def sub(first: Term | None, second: Term | None) -> Term | None:
    if not first or not second:
        return None
    return Term(first.value - second.value, f"{first.text} - {second.text}")


def div(top: Term | None, bottom: Term | None, times: float = 1) -> Term | None:
    """top / bottom (x `times`); None when the bottom is missing, zero or negative."""
    if not top or not bottom or bottom.value <= 0:
        return None
    bottom_text = (
        f"({bottom.text})" if " + " in bottom.text or " - " in bottom.text else bottom.text
    )
    top_text = f"({top.text})" if " + " in top.text or " - " in top.text else top.text
    scaled = f" x {times:g}" if times != 1 else ""
    return Term(top.value / bottom.value * times, f"{top_text} / {bottom_text}{scaled}")


def days_inventory(x: Inputs) -> Term | None:
    return div(x.average("inventories"), x.at("cost_of_revenue"), DAYS)


def days_sales(x: Inputs) -> Term | None:
    return div(x.average("accounts_receivable"), x.at("revenue"), DAYS)


def days_payable(x: Inputs) -> Term | None:
    """365 x average payables / purchases (cost of revenue + the change in inventories)."""
    purchases = add(x.at("cost_of_revenue"), x.change("inventories"))
    return div(x.average("accounts_payable"), purchases, DAYS)


def cash_conversion_cycle(x: Inputs) -> Term | None:
    parts = [days_inventory(x), days_sales(x), days_payable(x)]
    if not all(parts):
        return None
    dio, dso, dpo = (p.value for p in parts)
    return Term(dio + dso - dpo, f"DIO {dio:.2f} + DSO {dso:.2f} - DPO {dpo:.2f}")


def quick_ratio(x: Inputs) -> Term | None:
    """(cash + short-term investments + receivables) / current liabilities; a company that
    prints no short-term investments line holds none (the formula says so)."""
    liquid = add(x.at("cash"), x.at("accounts_receivable"))
    investments = x.at("short_term_investments")
    if liquid and investments:
        liquid = add(liquid, investments)
    elif liquid:
        liquid = Term(liquid.value, f"{liquid.text} (no short-term investments line)")
    return div(liquid, x.at("current_liabilities"))


def total_debt(x: Inputs) -> Term | None:
    """Long-term debt + debt due within one year; a company that prints no current debt line
    owes none within the year (the formula says so)."""
    long_term, current = x.at("long_term_debt"), x.at("current_debt")
    if long_term and current:
        return add(long_term, current)
    if long_term:
        return Term(long_term.value, f"{long_term.text} (no debt due within one year line)")
    return None


def ebitda(x: Inputs) -> Term | None:
    return add(x.at("operating_income"), x.at("depreciation_amortization"))


def retention_ratio(x: Inputs) -> Term | None:
    income = x.at("net_income")
    return div(sub(income, x.at("dividends_paid")), income)


RULES: dict[str, Callable[[Inputs], Term | None]] = {
    "cash_conversion_cycle": cash_conversion_cycle,
    "days_payable": days_payable,
    "days_inventory": days_inventory,
    "days_sales": days_sales,
    "fixed_asset_turnover": lambda x: div(x.at("revenue"), x.average("ppe_net")),
    "asset_turnover": lambda x: div(x.at("revenue"), x.average("total_assets")),
    "inventory_turnover": lambda x: div(x.at("cost_of_revenue"), x.average("inventories")),
    "receivables_turnover": lambda x: div(x.at("revenue"), x.average("accounts_receivable")),
    "return_on_assets": lambda x: div(x.at("net_income"), x.average("total_assets"), 100),
    "return_on_equity": lambda x: div(x.at("net_income"), x.average("equity"), 100),
    "quick_ratio": quick_ratio,
    "current_ratio": lambda x: div(x.at("current_assets"), x.at("current_liabilities")),
    "working_capital": lambda x: sub(x.at("current_assets"), x.at("current_liabilities")),
    "ebitda_margin": lambda x: div(ebitda(x), x.at("revenue"), 100),
    "ebitda": ebitda,
    "interest_coverage": lambda x: div(x.at("operating_income"), x.at("interest_expense")),
    "total_debt": total_debt,
    "debt_to_equity": lambda x: div(x.at("long_term_debt"), x.at("equity")),
    "retention_ratio": retention_ratio,
    "payout_ratio": lambda x: div(x.at("dividends_paid"), x.at("net_income")),
    "capital_intensity": lambda x: div(x.at("total_assets"), x.at("revenue")),
}


def compute(formula: Formula, ticker: str, period, value_of: Callable) -> ComputedFact | None:
    """The formula for one company and period (a fiscal year, or a quarter end for ratios of
    balances only), cited to its first input; None when any input is missing."""
    if period.quarter and not all(BY_KEY[key].instant for key in formula.inputs):
        return None  # flows over a quarter against year-end averages: not these definitions
    inputs = Inputs(value_of, ticker, period)
    result = RULES[formula.key](inputs)
    if result is None or not inputs.own:
        return None
    flows = [fact for fact in inputs.own if not (fact.period or "").startswith("end of")]
    first = (flows or inputs.own)[0]  # the period of a flow read, else the balance's date
    return ComputedFact(
        name=f"{ticker} {formula.label}",
        value=result.value,
        unit=formula.unit,
        period=first.period,
        as_of=max(fact.as_of or "" for fact in inputs.used) or None,
        source=first.source,
        formula=result.text,
        inputs=list(inputs.used),
    )
