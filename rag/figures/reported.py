"""Numbers computed in code for a question: market figures from the prices table and reported
fundamentals (XBRL company facts, else statement-table rows) with margins, growth, free cash
flow and P/E, each with its period, as-of date, formula, inputs and citation.

Nothing is estimated: a figure whose data is missing is left out, never approximated. What a
question asks for comes from its `Query` (`Query.figures`, read by rag.query.figures).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from core.types import Citation, FilingFact
from rag.figures.evidence import ComputedFact
from rag.figures.formulas import compute
from rag.figures.market import MarketFacts
from rag.figures.metrics import BY_KEY, COST_PARTS, Formula, Metric, Ratio
from rag.figures.segments import names_a_segment, segment_figures
from rag.query import FigureAsk, Query, default_registry
from rag.search.store import Catalog
from rag.search.structured import FactStore, PriceStore

MAX_FACTS = 6
EDGAR_INDEX = "https://www.sec.gov/Archives/edgar/data/{cik}/{accession}/"
ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
YEAR_DAYS, QUARTER_DAYS = (300, 400), (75, 105)
QUARTERS = ("Q4", "Q3", "Q2", "Q1")  # latest first
SCALE_WORDS = {1_000: "in thousands", 1_000_000: "in millions", 1_000_000_000: "in billions"}
CASH_FLOW_TABLE = re.compile(r"cash flows?", re.IGNORECASE)
TABLE_KINDS = ("balance sheet", "income statement", "comprehensive income", "cash flow", "segment")
ANNUAL_FORMS = ("10-K", "10-KT", "20-F", "40-F")
OUTFLOWS = (
    "capex",
    "cost_of_revenue",
    "cost_of_products",
    "cost_of_services",
    "dividends_paid",
    "interest_expense",
)
EXPENSE_NEGATIVE = re.compile(r"\((expense|provision)\)", re.IGNORECASE)
TREND_YEARS = 3
ORDINAL = {1: "three months", 2: "six months", 3: "nine months"}


@dataclass(frozen=True)
class Period:
    """A fiscal year, or one quarter of it."""

    fiscal_year: int
    quarter: str | None = None  # Q1..Q4; None for the full year

    @property
    def tag(self) -> str:
        return f"{self.quarter} FY{self.fiscal_year}" if self.quarter else f"FY{self.fiscal_year}"

    def year_before(self) -> "Period":
        return Period(self.fiscal_year - 1, self.quarter)


@dataclass(frozen=True)
class Measure:
    """Something with a value per period: a metric, a margin or free cash flow."""

    label: str
    primary: Metric  # whose reported periods are searched for the latest one
    value: Callable[[str, Period], ComputedFact | None]
    growth: bool = True  # whether year-over-year growth of it makes sense


class FactFinder:
    """The figures a question asks for, most relevant first (at most `MAX_FACTS`), from an
    index's reported facts and prices (`catalog`: the documents table rows are cited to)."""

    def __init__(self, facts: FactStore, prices: PriceStore, catalog: Catalog):
        self.facts = facts
        self.catalog = catalog
        self.market = MarketFacts(prices)

    def find(self, query: Query) -> list[ComputedFact]:
        """Computed facts for the question's tickers; [] when it asks for none we can compute."""
        if not query.tickers:
            return []
        reported = ReportedFacts(self.facts, self.catalog)
        fundamentals = (
            self.segments(reported, query)  # company totals do not say which segment led
            if query.figures.segments or self.names_segment(reported, query)
            else Fundamentals(reported, self.market).find(query)
        )
        market = self.market.find(query, strict=query.figures.fundamentals)
        ordered = market + fundamentals if query.intent == "prices" else fundamentals + market
        return ordered[:MAX_FACTS]

    def names_segment(self, reported: "ReportedFacts", query: Query) -> bool:
        """A segment named by name, not as "segment" ("Amazon Web Services' net sales")."""
        if not query.figures.metrics or query.figures.growth:
            return False
        return any(names_a_segment(reported.segment_rows(t), query) for t in query.tickers)

    def segments(self, reported: "ReportedFacts", query: Query) -> list[ComputedFact]:
        """Each segment's figure for the asked measure and period, from segment tables."""
        facts: list[ComputedFact] = []
        for ticker in query.tickers:
            rows = reported.segment_rows(ticker)
            facts += segment_figures(rows, query, lambda row: reported.citation(row, _tag(row)))
        return facts


def _tag(row: FilingFact) -> "Period":
    quarter = row.fiscal_period if row.fiscal_period in QUARTERS else None
    return Period(row.fiscal_year or 0, quarter)


class Fundamentals:
    """Reported metrics, margins, growth, free cash flow and P/E for a question."""

    def __init__(self, reported: "ReportedFacts", market: MarketFacts):
        self.reported = reported
        self.market = market

    def find(self, query: Query) -> list[ComputedFact]:
        """Item by item, every ticker's figures side by side."""
        asked = query.figures
        years: list[int] | int = fiscal_years(query) or recent_years(query)
        quarter = query.fiscal_quarter or latest_quarter(query)
        if (ended := query.dates.quarter_end) and query.tickers:
            named = self.reported.quarter_ending(query.tickers[0], ended)
            years, quarter = ([named[0]], named[1]) if named else (years, quarter)
        annual = set(query.annual_years)  # "between FY2023 and Q2 of FY2024": FY2023 whole
        average = asked.average
        growth = not average and (asked.growth or isinstance(years, list) and len(years) > 1)
        facts: list[ComputedFact] = []
        for measure in self.measures(asked):
            span = trend_years(asked.trend, years, measure) if not quarter else years
            for ticker in query.tickers:
                facts += self.figures(
                    ticker, measure, span, quarter, growth, average, asked.cagr, annual
                )
        if asked.price_earnings:
            facts += [pe for t in query.tickers if (pe := self.price_earnings(t, query))]
        if asked.market_cap:
            facts += [cap for t in query.tickers if (cap := self.market_cap(t, query))]
        return facts

    def measures(self, asked: FigureAsk) -> list[Measure]:
        """Formulas (what a question defines and asks for first), metrics, then margins and
        rates, then free cash flow, as the question names them."""
        out = [
            Measure(f.label, BY_KEY[f.inputs[0]], self._formula(f), growth=f.unit == "USD")
            for f in asked.formulas
        ]
        out += [Measure(m.label, m, self._metric(m)) for m in asked.metrics]
        out += [
            Measure(r.label, BY_KEY[r.numerator], self._ratio(r), growth=False)
            for r in asked.ratios
        ]
        if asked.free_cash_flow:
            out.append(
                Measure("free cash flow", BY_KEY["operating_cash_flow"], self.free_cash_flow)
            )
        return out

    def _metric(self, metric: Metric) -> Callable[[str, Period], ComputedFact | None]:
        return lambda ticker, period: self.reported.value(ticker, metric, period)

    def _formula(self, formula: Formula) -> Callable[[str, Period], ComputedFact | None]:
        return lambda ticker, period: compute(formula, ticker, period, self.reported.value)

    def _ratio(self, ratio: Ratio) -> Callable[[str, Period], ComputedFact | None]:
        return lambda ticker, period: self.margin(ticker, ratio, period)

    def figures(
        self,
        ticker: str,
        measure: Measure,
        years: list[int] | int,
        quarter: str | None,
        growth: bool,
        average: bool = False,
        cagr: bool = False,
        annual: set[int] | None = None,
    ) -> list[ComputedFact]:
        """The measure for the periods asked (or the latest); an average, CAGR or growth
        first. `annual`: years asked as whole fiscal years beside the quarter."""
        periods = self.periods(ticker, measure, years, quarter, annual or set())
        values = [fact for period in periods if (fact := measure.value(ticker, period))]
        if average and len(values) > 1 and len(values) == len(periods):
            values = [mean_of(values, periods), *values]
        if cagr and measure.growth and len(values) > 1 and len(values) == len(periods):
            compound = compound_growth(values, periods)
            return ([compound] if compound else []) + values
        if not (growth and measure.growth and periods):
            return values
        current, previous = periods[-1], periods[0] if len(periods) > 1 else None
        change = self.growth(ticker, measure, current, previous or current.year_before())
        return ([change] if change else []) + values

    def periods(
        self,
        ticker: str,
        measure: Measure,
        years: list[int] | int,
        quarter: str | None,
        annual: set[int] = frozenset(),  # type: ignore[assignment]
    ) -> list[Period]:
        """The named fiscal years (oldest first; the quarter of each, but for the `annual`
        ones), the last `years` full years with a value when `years` is a count, or the latest
        period with a value."""
        if isinstance(years, int):
            return self.last_years(ticker, measure, years)
        if years and quarter != "latest":
            return [Period(year, None if year in annual else quarter) for year in years]
        if not years:
            found = [self.latest(ticker, measure, quarter)]
        else:
            found = [self.latest(ticker, measure, quarter, {year}) for year in years]
        return [period for period in found if period]

    def last_years(self, ticker: str, measure: Measure, count: int) -> list[Period]:
        """The `count` most recent fiscal years with a value, oldest first."""
        known = self.reported.fiscal_years(ticker, measure.primary)
        found = [Period(year) for year in known if measure.value(ticker, Period(year))]
        return found[:count][::-1]

    def latest(
        self, ticker: str, measure: Measure, quarter: str | None, within: set[int] | None = None
    ) -> Period | None:
        """The most recent period (a named quarter, any quarter, or a full year) with a value."""
        known = self.reported.fiscal_years(ticker, measure.primary)
        years = [year for year in known if within is None or year in within]
        choices = QUARTERS if quarter == "latest" else (quarter,)
        for year in years:
            for q in choices:
                if measure.value(ticker, Period(year, q)):
                    return Period(year, q)
        return None

    def growth(
        self, ticker: str, measure: Measure, current: Period, previous: Period
    ) -> ComputedFact | None:
        """(current / previous - 1) x 100; undefined (None) when the base is not positive."""
        now, before = measure.value(ticker, current), measure.value(ticker, previous)
        if not now or not before or before.value <= 0:
            return None
        label = measure.label
        return ComputedFact(
            name=f"{ticker} {label} growth",
            value=(now.value / before.value - 1) * 100,
            unit="%",
            period=f"{current.tag} vs {previous.tag}",
            as_of=now.as_of,
            source=now.source,
            formula=f"({label} {current.tag} / {label} {previous.tag} - 1) x 100",
            inputs=[now, before],
        )

    def margin(self, ticker: str, ratio: Ratio, period: Period) -> ComputedFact | None:
        """numerator / revenue x 100 for one period."""
        top = self.reported.value(ticker, BY_KEY[ratio.numerator], period)
        bottom = self.reported.value(ticker, BY_KEY[ratio.denominator], period)
        if not top or not bottom or bottom.value == 0:
            return None
        top_label, bottom_label = BY_KEY[ratio.numerator].label, BY_KEY[ratio.denominator].label
        return ComputedFact(
            name=f"{ticker} {ratio.label}",
            value=top.value / bottom.value * 100,
            unit="%",
            period=top.period,
            as_of=max(top.as_of or "", bottom.as_of or "") or None,
            source=top.source,
            formula=f"{top_label} {period.tag} / {bottom_label} {period.tag} x 100",
            inputs=[top, bottom],
        )

    def free_cash_flow(self, ticker: str, period: Period) -> ComputedFact | None:
        """Operating cash flow - capital expenditures for one period."""
        cash = self.reported.value(ticker, BY_KEY["operating_cash_flow"], period)
        capex = self.reported.value(ticker, BY_KEY["capex"], period)
        if not cash or not capex:
            return None
        formula = f"operating cash flow {period.tag} - capital expenditures {period.tag}"
        return difference(f"{ticker} free cash flow", cash, capex, formula)

    def asked_close(self, ticker: str, query: Query) -> ComputedFact | None:
        """The close on the last day the question's window names (the latest without one),
        dated; None without prices."""
        as_of = self.market.as_of()
        window = query.price_window(as_of) if as_of else None
        close = self.market.price_on(ticker, window[1] if window else None)
        return close if close is not None and close.as_of is not None else None

    def price_earnings(self, ticker: str, query: Query) -> ComputedFact | None:
        """Close / diluted EPS of the latest fiscal year reported by the day of that close."""
        close = self.asked_close(ticker, query)
        if close is None:
            return None
        found = self.reported.latest_annual(ticker, BY_KEY["eps_diluted"], close.as_of)
        if not found or found[1].value <= 0:
            return None
        year, eps = found[0].tag, found[1]
        return ComputedFact(
            name=f"{ticker} P/E (price / diluted EPS)",
            value=close.value / eps.value,
            unit="x",
            period=f"close {close.as_of} / {year} diluted EPS",
            as_of=close.as_of,
            source=eps.source,
            formula=f"close {close.as_of} / diluted EPS {year} ({close.value:.2f} / {eps.value:g})",
            inputs=[close, eps],
        )

    def market_cap(self, ticker: str, query: Query) -> ComputedFact | None:
        """Close x common shares outstanding: the count the latest filing states as of a day on
        or before that close (its cover page first), times any stock split between the two."""
        close = self.asked_close(ticker, query)
        if close is None:
            return None
        row = self.reported.shares_on(ticker, close.as_of)
        if row is None:
            return None
        metric = BY_KEY["shares_outstanding"]
        shares = self.reported.fact(ticker, metric, Period(row.fiscal_year or 0), row)
        shares.period = f"as of {row.period_end}"
        split = self.market.split_ratio(ticker, row.period_end, close.as_of)
        count = shares.value * split
        after = f" x {split:g} (stock split after {row.period_end})" if split != 1 else ""
        return ComputedFact(
            name=f"{ticker} market capitalization",
            value=close.value * count,
            unit=close.unit.split("/")[0],
            period=f"close {close.as_of} x shares outstanding as of {row.period_end}",
            as_of=close.as_of,
            source=shares.source,
            formula=(
                f"close {close.as_of} x common shares outstanding as of {row.period_end} "
                f"({close.value:.2f} x {shares.value:,.0f}{after})"
            ),
            inputs=[close, shares],
        )


def difference(name: str, first: ComputedFact, second: ComputedFact, formula: str) -> ComputedFact:
    """first - second, for one period, cited to the first and with both as inputs."""
    return ComputedFact(
        name=name,
        value=first.value - second.value,
        unit=first.unit,
        period=first.period,
        as_of=max(first.as_of or "", second.as_of or "") or None,
        source=first.source,
        formula=formula,
        inputs=[first, second],
    )


def compound_growth(values: list[ComputedFact], periods: list[Period]) -> ComputedFact | None:
    """(last / first) ^ (1 / years between) - 1, x 100: the compound annual growth rate over
    the named years; None when the first value is not positive."""
    first, last = values[0], values[-1]
    years = periods[-1].fiscal_year - periods[0].fiscal_year
    if first.value <= 0 or last.value < 0 or years <= 0:
        return None
    label = last.name.split(" ", 1)[-1]
    start, end = periods[0].tag, periods[-1].tag
    return ComputedFact(
        name=f"{last.name.split(' ', 1)[0]} {label} CAGR",
        value=((last.value / first.value) ** (1 / years) - 1) * 100,
        unit="%",
        period=f"{start} to {end} ({years} years)",
        as_of=last.as_of,
        source=last.source,
        formula=f"(({label} {end} / {label} {start}) ^ (1 / {years}) - 1) x 100",
        inputs=[first, last],
    )


def mean_of(values: list[ComputedFact], periods: list[Period]) -> ComputedFact:
    """The plain average of one measure over several periods, each period an input."""
    first, span = values[0], f"{periods[0].tag} to {periods[-1].tag}"
    label = first.name.split(" ", 1)[-1]
    return ComputedFact(
        name=f"{first.name.split(' ', 1)[0]} average {label}",
        value=sum(v.value for v in values) / len(values),
        unit=first.unit,
        period=f"{span} ({len(values)} periods)",
        as_of=max(v.as_of or "" for v in values) or None,
        source=values[-1].source,
        formula=f"({' + '.join(p.tag for p in periods)}) / {len(values)}",
        inputs=values,
    )


def trend_years(trend: bool, years: list[int] | int, measure: Measure) -> list[int] | int:
    """A margin's or rate's trend ("improving", "consistent", "historically") needs several
    years: the named year and the two before it, or the last TREND_YEARS years."""
    if measure.growth or not trend:
        return years
    if isinstance(years, list) and len(years) == 1:
        return list(range(years[0] - TREND_YEARS + 1, years[0] + 1))
    return years or TREND_YEARS


def latest_quarter(query: Query) -> str | None:
    """ "latest" when the question wants the most recent quarter ("last quarter", "the 10-Q")."""
    named = query.figures.latest_quarter or (query.forms == ["10-Q"])
    return "latest" if named else None


def recent_years(query: Query) -> list[int] | int:
    """A count of recent fiscal years ("over the last 3 years") or [] when none is named."""
    count = query.figures.recent_years
    return [] if count is None else count


def fiscal_years(query: Query) -> list[int]:
    """The fiscal years a question names (or a follow-up carries over from the turn before);
    a definition's years ("average assets between FY2016 and FY2017") are not asked for."""
    return list(query.figures.years or query.fiscal_years)


class ReportedFacts:
    """One metric's reported value for a period: XBRL first, else a statement-table row."""

    def __init__(self, store: FactStore, catalog: Catalog):
        self.store = store
        self.catalog = catalog
        self._rows: dict[tuple[str, str], list[FilingFact]] = {}
        self._tables: dict[str, list[FilingFact]] = {}
        self._own_years: dict[str, int] = {}  # a document's own (latest) fiscal year
        self._companies: dict[str, str] = {}

    def quarter_ending(self, ticker: str, end: str) -> tuple[int, str] | None:
        """(fiscal year, Q1..Q4) of the three-month period a company reported ending on `end`."""
        return self.store.fiscal_quarter(ticker, end)

    def rows(self, ticker: str, metric: Metric) -> list[FilingFact]:
        """Every stored row for the metric: its XBRL concepts, then matching table rows."""
        key = (ticker, metric.key)
        if key not in self._rows:
            xbrl = [
                fact
                for concept in metric.concepts
                for fact in self.store.facts(ticker, concept)
                if fact.unit == metric.unit and fact.source == "xbrl"
            ]
            self._rows[key] = xbrl + self.table_rows(ticker, metric)
        return self._rows[key]

    def table_rows(self, ticker: str, metric: Metric) -> list[FilingFact]:
        """Statement-table rows whose printed line item stands for the metric."""
        return [row for row in self._table_facts(ticker) if _stands_for(row, metric)]

    def segment_rows(self, ticker: str) -> list[FilingFact]:
        """The ticker's segment-table rows (`table:segment...`)."""
        return [row for row in self._table_facts(ticker) if row.concept.startswith("table:segment")]

    def _table_facts(self, ticker: str) -> list[FilingFact]:
        if ticker not in self._tables:
            self._tables[ticker] = rows = self.store.table_facts(ticker)
            for row in rows:
                if row.accession and row.fiscal_year:
                    own = self._own_years.get(row.accession, row.fiscal_year)
                    self._own_years[row.accession] = max(own, row.fiscal_year)
        return self._tables[ticker]

    def own_period(self, row: FilingFact) -> bool:
        """Whether a table row is its document's own fiscal year (the current-year column of
        the FY2020 10-K), not a later filing's comparative column: a figure is cited as the
        period's own report stated it, as reported, when both carry it."""
        return row.source != "table" or self._own_years.get(row.accession or "") == row.fiscal_year

    def fiscal_years(self, ticker: str, metric: Metric) -> list[int]:
        """Fiscal years the metric has any row for, latest first."""
        years = {row.fiscal_year for row in self.rows(ticker, metric) if row.fiscal_year}
        return sorted(years, reverse=True)

    def shares_on(self, ticker: str, day: str) -> FilingFact | None:
        """The common shares outstanding a filing states as of the latest date on or before
        `day`: a cover page's count (dei) before a balance sheet's; None when one date has two
        different counts (share classes the data does not tell apart)."""
        rows = [
            row
            for row in self.rows(ticker, BY_KEY["shares_outstanding"])
            if row.period_end <= day and row.value > 0
        ]
        if not rows:
            return None
        latest = max(
            rows,
            key=lambda r: (r.period_end, r.concept == "dei:EntityCommonStockSharesOutstanding"),
        )
        same = {
            r.value
            for r in rows
            if (r.period_end, r.concept) == (latest.period_end, latest.concept)
        }
        return latest if len(same) == 1 else None

    def latest_annual(
        self, ticker: str, metric: Metric, filed_by: str
    ) -> tuple[Period, ComputedFact] | None:
        """The latest full-year value reported on or before `filed_by`, with its year."""
        for year in self.fiscal_years(ticker, metric):
            fact = self.value(ticker, metric, Period(year))
            if fact and (fact.as_of is None or fact.as_of <= filed_by):
                return Period(year), fact
        return None

    def value(self, ticker: str, metric: Metric, period: Period) -> ComputedFact | None:
        """The reported value; a missing quarter of an additive flow is year-to-date minus
        the previous year-to-date (Apple reports no fourth quarter: FY - nine months)."""
        row = self.pick(ticker, metric, period)
        if row is not None:
            fact = self.fact(ticker, metric, period, row)
            if metric.key == "income_tax" and row.source == "table":
                self.tax_as_expense(ticker, period, row, fact)
            if note := self.disagreement(ticker, metric, period, row):
                fact.formula = f"{fact.formula}; {note}" if fact.formula else note
            return fact
        if period.quarter and metric.additive and not metric.instant:
            if derived := self.derived_quarter(ticker, metric, period):
                return derived
        if metric.key == "cost_of_revenue":
            return self.sum_of_parts(ticker, metric, COST_PARTS, period)
        if metric.key == "gross_profit":
            return self.gross_profit(ticker, period)
        return None

    def tax_as_expense(
        self, ticker: str, period: Period, row: FilingFact, fact: ComputedFact
    ) -> None:
        """A tax line printed negative because the statement adds it ("Provision for income
        taxes (411)" between pretax income and net income) is an expense: the sign is the one
        under which pretax income and the tax give a net income line of the same statement."""
        if EXPENSE_NEGATIVE.search(row.label or row.concept):
            return
        pretax = self.pick(ticker, BY_KEY["pretax_income"], period)
        if pretax is None or pretax.accession != row.accession:
            return
        nets = [
            r.value
            for r in self.rows(ticker, BY_KEY["net_income"])
            if _fits(r, period, False) and r.accession == row.accession
        ]
        added = any(not _differs(pretax.value + row.value, net) for net in nets)
        if added and not any(not _differs(pretax.value - row.value, net) for net in nets):
            fact.value = -row.value
            fact.formula = (
                "printed as added to pretax income (an expense negative); shown as an expense"
            )

    def sum_of_parts(
        self, ticker: str, metric: Metric, parts: tuple[Metric, ...], period: Period
    ) -> ComputedFact | None:
        """A total the statement prints only as its parts (cost of products + of services); a
        company that prints only one part ("Cost of products sold") has that as its total."""
        found = [fact for part in parts if (fact := self.value(ticker, part, period))]
        printed = [part for part in parts if self.rows(ticker, part)]
        if len(found) == 1 and len(printed) == 1:
            only = found[0]
            only.name, only.formula = (
                f"{ticker} {metric.label}",
                f"{printed[0].label} (the only cost line)",
            )
            return only
        if len(found) < 2:
            return None
        return ComputedFact(
            name=f"{ticker} {metric.label}",
            value=sum(fact.value for fact in found),
            unit=metric.unit,
            period=found[0].period,
            as_of=max(fact.as_of or "" for fact in found) or None,
            source=found[0].source,
            formula=" + ".join(f"{part.label} {period.tag}" for part in parts),
            inputs=found,
        )

    def gross_profit(self, ticker: str, period: Period) -> ComputedFact | None:
        """Revenue - cost of revenue, for a company that prints no gross profit line."""
        revenue = self.value(ticker, BY_KEY["revenue"], period)
        cost = self.value(ticker, BY_KEY["cost_of_revenue"], period)
        if not revenue or not cost:
            return None
        formula = f"revenue {period.tag} - cost of revenue {period.tag}"
        return difference(f"{ticker} gross profit", revenue, cost, formula)

    def pick(self, ticker: str, metric: Metric, period: Period) -> FilingFact | None:
        """The row for the period: XBRL before tables, the metric's preferred concept first, the
        period's own filing before a later one's comparative column."""
        rows = [row for row in self.rows(ticker, metric) if _fits(row, period, metric.instant)]
        pool = [row for row in rows if row.source == "xbrl"] or rows
        rank = {concept: i for i, concept in enumerate(metric.concepts)}
        return min(
            pool,
            key=lambda r: (
                rank.get(r.concept, len(rank)),
                not self.own_period(r),
                _preference(r),
                r.locator or "",
            ),
            default=None,
        )

    def disagreement(
        self, ticker: str, metric: Metric, period: Period, chosen: FilingFact
    ) -> str | None:
        """When the SEC's XBRL value is used and a statement table (a 10-K/10-Q page, an
        earnings release) prints another number for the same period, say so: XBRL wins, the
        other figure is shown, never averaged or dropped silently."""
        if chosen.source != "xbrl":
            return None
        for row in self.rows(ticker, metric):
            fits = row.source == "table" and row.period_end == chosen.period_end
            if fits and _fits(row, period, metric.instant) and _differs(row.value, chosen.value):
                where = f"{row.form or 'document'} {row.locator or ''}".strip()
                return f"XBRL value used; the statement table ({where}) prints {_number(row.value)}"
        return None

    def derived_quarter(self, ticker: str, metric: Metric, period: Period) -> ComputedFact | None:
        """Quarter n = year-to-date through n - year-to-date through n-1 (same concept, start)."""
        n = int(period.quarter[1]) if period.quarter else 1
        whole = self._year_to_date(ticker, metric, period.fiscal_year, n)
        part = (
            self._year_to_date(ticker, metric, period.fiscal_year, n - 1, whole)
            if whole and n > 1
            else None
        )
        if not whole or not part:
            return None
        ordinal = ORDINAL[n - 1]
        cited = [
            self.fact(ticker, metric, Period(period.fiscal_year), whole),
            self.fact(
                ticker,
                metric,
                Period(period.fiscal_year, f"Q{n - 1}"),
                part,
                f"{ordinal} ended {part.period_end}",
            ),
        ]
        return ComputedFact(
            name=f"{ticker} {metric.label}",
            value=round(whole.value - part.value, 6),
            unit=whole.unit,
            period=f"{period.tag} (quarter ended {whole.period_end}; derived)",
            as_of=whole.filed,
            source=cited[0].source,
            formula=(
                f"{metric.label} {whole.period_start} to {whole.period_end} - "
                f"{metric.label} {ordinal} ended {part.period_end}"
            ),
            inputs=cited,
        )

    def _year_to_date(
        self, ticker: str, metric: Metric, year: int, n: int, like: FilingFact | None = None
    ) -> FilingFact | None:
        name = "FY" if n == 4 else f"Q{n}"
        rows = [
            row
            for row in self.rows(ticker, metric)
            if row.source == "xbrl"
            and row.fiscal_year == year
            and row.fiscal_period == name
            and row.period_start
            and abs(_duration(row) - n * 91) <= 20
            and (
                like is None or (row.concept, row.period_start) == (like.concept, like.period_start)
            )
        ]
        rank = {concept: i for i, concept in enumerate(metric.concepts)}
        return min(rows, key=lambda r: rank.get(r.concept, len(rank)), default=None)

    def fact(
        self, ticker: str, metric: Metric, period: Period, row: FilingFact, basis: str = ""
    ) -> ComputedFact:
        """A reported row as a figure; a capex outflow printed negative is shown as positive."""
        value, formula = row.value, None
        if metric.key in OUTFLOWS and value < 0:
            value, formula = -value, "printed as an outflow (negative); shown as a positive amount"
        if metric.key == "income_tax" and EXPENSE_NEGATIVE.search(row.label or row.concept):
            value, formula = -value, "printed with expense negative; shown as an expense"
        return ComputedFact(
            name=f"{ticker} {metric.label}",
            value=value,
            unit=row.unit,
            period=basis or period_text(period, row, metric.instant),
            as_of=row.filed,
            source=self.citation(row, period),
            formula=formula,
        )

    def citation(self, row: FilingFact, period: Period) -> Citation:
        """Where the number was reported: the EDGAR filing, or the document a table is in."""
        sec = bool(row.accession and ACCESSION.match(row.accession))
        title = f"{self.company(row.ticker)} {row.form or 'document'} {period.tag}"
        url = edgar_index(row.cik, row.accession) if sec else None
        if row.source == "table":
            title, url = self.document(row.accession) or (title, url)
        what = "XBRL company facts" if row.source == "xbrl" else "statement table"
        if row.concept.startswith("table:cover"):
            what = "cover page"
        return Citation(
            n=0,
            title=f"{title} ({what})",
            source="sec" if sec else "upload",
            ticker=row.ticker,
            form=row.form,
            date=row.filed,
            url=url,
            locator=f"{row.concept}, {_span(row)}" if row.source == "xbrl" else row.locator,
            snippet=_snippet(row),
            document_id=row.accession if row.source == "table" and not sec else None,  # upload
        )

    def document(self, accession: str | None) -> tuple[str, str | None] | None:
        """Title and URL of the indexed document a table row came from (SEC or upload)."""
        if not accession:
            return None
        return self.catalog.title_and_url([accession, f"sec:{accession}"])

    def company(self, ticker: str) -> str:
        """The filer's name from an ingested SEC filing, else the registry's name for it."""
        if ticker not in self._companies:
            name = self.catalog.sec_company(ticker)
            known = default_registry().by_ticker(ticker)
            self._companies[ticker] = name or (known.display if known else ticker)
        return self._companies[ticker]


def edgar_index(cik: str | None, accession: str | None) -> str | None:
    """The EDGAR filing index folder of an accession number."""
    if not cik or not accession:
        return None
    return EDGAR_INDEX.format(cik=int(cik), accession=accession.replace("-", ""))


def period_text(period: Period, row: FilingFact, instant: bool) -> str:
    """The basis of a figure, e.g. "FY2024 (fiscal year ended 2024-09-28)"."""
    if instant:
        return f"end of {period.tag} ({row.period_end})"
    if period.quarter:
        return f"{period.tag} (quarter ended {row.period_end})"
    return f"{period.tag} (fiscal year ended {row.period_end})"


def _stands_for(row: FilingFact, metric: Metric) -> bool:
    """Whether a table row is the metric: its unit, its statement, its printed line item.

    Concepts are `table:<statement>[ (N months)]:<line item>`; "Inventories" in a cash-flow
    statement is a change, not the balance, so the statement must be the metric's own.
    """
    if row.unit != metric.unit:
        return False
    kind, item = _table_concept(row.concept)
    if kind == "segment":
        return False  # one segment's figure is not the company's
    if kind is not None and metric.statement is not None and kind != metric.statement:
        return False
    if kind is None and metric.instant and CASH_FLOW_TABLE.search(row.locator or ""):
        return False
    return metric.names_line_item(row.label or item)


def _table_concept(concept: str) -> tuple[str | None, str]:
    """('balance sheet', 'inventories') from 'table:balance sheet:inventories'."""
    body = concept.removeprefix("table:")
    kind, _, item = body.partition(":")
    kind = re.sub(r" \(\d+ months\)$", "", kind)
    return (kind, item) if kind in TABLE_KINDS and item else (None, body)


def _fits(row: FilingFact, period: Period, instant: bool) -> bool:
    """Whether a row reports the period: its fiscal year and period, and its duration."""
    if row.fiscal_year != period.fiscal_year:
        return False
    if _fiscal_period(row) != (period.quarter or "FY"):
        return False
    if row.period_start is None:
        return instant or row.source == "table"
    if instant:
        return False
    low, high = QUARTER_DAYS if period.quarter else YEAR_DAYS
    return low <= _duration(row) <= high


def _fiscal_period(row: FilingFact) -> str | None:
    """The row's fiscal period; a table column of an annual report (or an upload) without one
    is taken as the fiscal year, as its end date is stated with the figure."""
    if row.fiscal_period or row.source != "table":
        return row.fiscal_period
    if row.frame and row.frame != "P12M":
        return None  # a quarter or year-to-date column whose fiscal quarter is not known
    return "FY" if row.form is None or row.form.startswith(ANNUAL_FORMS) else None


def _preference(row: FilingFact) -> tuple[bool, ...]:
    """Among table rows that match a metric: a printed total first ("Total revenues" = net
    sales + membership fees), then the parent's share ("Net income attributable to Costco",
    as the us-gaap NetIncomeLoss concept is) before the consolidated line."""
    label = (row.label or "").strip().lower()
    if row.source != "table":
        return (False, False, False)
    # a carrying amount ("Accounts receivable, net") before the gross line above it
    net = bool(re.search(r"\bnet\b", label))
    return (not label.startswith("total"), "attributable to" not in label, not net)


def _differs(first: float, second: float) -> bool:
    """More than half a unit of the printed scale apart (0.05% of the larger value)."""
    return abs(first - second) > 0.0005 * max(abs(first), abs(second))


def _duration(row: FilingFact) -> int:
    start = date.fromisoformat(row.period_start or row.period_end)
    return (date.fromisoformat(row.period_end) - start).days


def _span(row: FilingFact) -> str:
    return f"{row.period_start} to {row.period_end}" if row.period_start else f"at {row.period_end}"


def _when(row: FilingFact) -> str:
    return f"for {_span(row)}" if row.period_start else _span(row)


def _snippet(row: FilingFact) -> str:
    """The reported number as the source states it (a table's printed figure and scale)."""
    label = row.label or row.concept
    if row.source == "table" and row.scale > 1:
        printed = _number(row.value / row.scale)
        scale = SCALE_WORDS.get(row.scale, f"x {row.scale:,}")
        return f"{label}: {printed} ({row.unit} {scale}) {_when(row)}"
    return f"{label}: {_number(row.value)} {row.unit} {_when(row)}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"
