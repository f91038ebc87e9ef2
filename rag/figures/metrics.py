"""The fundamentals vocabulary: how a question names each reported metric and ratio (read by
rag.query.figures), the us-gaap concepts companies report each metric under, and the
statement-table labels that stand for it.

Pure data and regexes; nothing here reads the database or computes a number.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """A reported line item: how questions name it, its XBRL concepts and table labels."""

    key: str
    label: str  # as shown in answers, e.g. "revenue"
    asked: re.Pattern  # matches a question that asks for it
    concepts: tuple[str, ...]  # most specific first; the first one reported for a period wins
    table: re.Pattern  # matches a statement-table line item (lowercase, normalized)
    unit: str = "USD"
    instant: bool = False  # a balance at a date (assets) rather than a flow over a period
    additive: bool = True  # quarters add up to the year (false for per-share figures)

    @property
    def statement(self) -> str | None:
        """The statement a table row for it must come from (None: any)."""
        return next((kind for kind, keys in STATEMENTS.items() if self.key in keys), None)

    def names_line_item(self, label: str) -> bool:
        """Whether a printed line item (e.g. "Earnings per share: Diluted") is this metric.

        A flow may be qualified by its heading; a balance must match whole, so that
        "Current liabilities: Term debt" is not taken for long-term debt.
        """
        for full in line_item_forms(label):
            item = full.rsplit(": ", 1)[-1]
            if self.table.search(full) or (not self.instant and self.table.search(item)):
                return True
        return False


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _cash_flow_line(activity: str) -> re.Pattern:
    """The total of one cash-flow section however it is printed: "Net cash provided by (used
    in) investing activities", "Total cash used in investing activities", "Net cash (used)/
    provided by financing activities", "Cash provided by operations"."""
    ending = "(operating activities|operations)" if activity == "operating" else activity
    ending += "" if activity == "operating" else " activities"
    return _re(
        rf"^(net |total )?cash(?:[ /()]+(?:provided|used|generated|by|in|from))+[ /()]*"
        rf"{ending}$"
    )


METRICS: tuple[Metric, ...] = (
    Metric(
        "cost_of_revenue",
        "cost of revenue",
        _re(r"\b(cost of (revenues?|sales|goods sold)|cogs)\b"),
        (
            "us-gaap:CostOfGoodsAndServicesSold",
            "us-gaap:CostOfRevenue",
            "us-gaap:CostOfGoodsSold",
        ),
        _re(r"^(total )?cost of (sales|revenues?|goods sold)$"),
    ),
    Metric(
        "gross_profit",
        "gross profit",
        _re(r"\bgross (profit|income)\b"),
        ("us-gaap:GrossProfit",),
        _re(r"^(total )?gross (profit|margin)$"),
    ),
    Metric(
        "revenue",
        "revenue",
        _re(r"\b(revenues?|net sales|total sales|sales|top[- ]line|turnover)\b"),
        (
            "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
            "us-gaap:Revenues",
            "us-gaap:SalesRevenueNet",
            "us-gaap:RevenueFromContractWithCustomerIncludingAssessedTax",
            "us-gaap:RevenuesNetOfInterestExpense",
            "us-gaap:SalesRevenueGoodsNet",
        ),
        # "Net operating revenues", "Operating revenues" (utilities, beverages), "Revenues, net"
        _re(
            r"^(total )?(net )?(operating )?(revenues?|sales)(, net)?$|^(total )?net revenues?$"
            r"|^total net sales$"
        ),
    ),
    Metric(
        "rnd",
        "research and development",
        _re(r"\b(r&d|r and d|research and development)\b"),
        (
            "us-gaap:ResearchAndDevelopmentExpense",
            "us-gaap:ResearchAndDevelopmentExpenseExcludingAcquiredInProcessCost",
        ),
        _re(r"^(total )?research and development( expenses?)?$|^technology and development$"),
    ),
    Metric(
        "operating_income",
        "operating income",
        _re(r"\b(operating (income|profit|loss)|income from operations|ebit)\b"),
        ("us-gaap:OperatingIncomeLoss",),
        # also "Operating profit" and "Earnings from operations", as many filers print it
        _re(
            r"^(total )?operating (income|profit|earnings)( \(loss\))?$"
            r"|^(income|earnings|profit)( \(loss\))? from operations$"
        ),
    ),
    Metric(
        "pretax_income",
        "income before income taxes",
        _re(
            r"\b(pre-?tax (income|earnings|profit|loss)|(income|earnings|profit|loss) before "
            r"(provision for )?(income )?tax(es)?)\b"
        ),
        (
            "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItems"
            "NoncontrollingInterest",
            "us-gaap:IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAnd"
            "IncomeLossFromEquityMethodInvestments",
        ),
        _re(
            r"^(\(loss\)/income|income/\(loss\)|(income|earnings|loss)( \(loss\))?)"
            r"( from continuing operations)? before (provision for )?income tax(es| expense)?"
            r"( and equity in income( \(loss\))? of affiliates)?$"
        ),
    ),
    Metric(
        "income_tax",
        "income tax expense",
        _re(r"\b(income tax(es)?( expense| provision)?|provision for income taxes|tax expense)\b"),
        ("us-gaap:IncomeTaxExpenseBenefit",),
        _re(
            r"^(provision for |\(provision\)/benefit (for|from) )?income tax(es)?"
            r"( expense| provision| \(expense\)/benefit| expense \(benefit\)| \(benefit\)/"
            r"expense| benefit/\(expense\))?$|^provision for income taxes$"
        ),
    ),
    Metric(
        "net_income",
        "net income",
        _re(r"\b(net (income|earnings|profit|loss)|profits?|earnings)\b(?! per)(?!-per)"),
        (
            "us-gaap:NetIncomeLoss",
            "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic",
            "us-gaap:ProfitLoss",
        ),
        _re(
            # "attributable to Costco" / "to common stockholders": the parent's, never the
            # noncontrolling (minority) interests' share
            r"^net (\(loss\)[ /]?|loss[ /])?(income|earnings|loss)( \(loss\)|/\(loss\))?"
            r"( attributable to "
            r"(?!non-?controlling|minority|redeemable)[\w .,&'-]{1,40})?$"
        ),
    ),
    Metric(
        "eps_basic",
        "basic EPS",
        _re(r"\bbasic (eps|earnings per share)\b|\b(eps|earnings per share),? basic\b"),
        ("us-gaap:EarningsPerShareBasic", "us-gaap:EarningsPerShareBasicAndDiluted"),
        # "Diluted", "Diluted net income per share", "Earnings per share - diluted",
        # "Net (loss) income per common share, diluted"
        _re(
            r"^basic( (net )?(income|earnings|\(loss\) income|income \(loss\)|loss) per "
            r"(common )?share)?$|^(net )?(earnings|income|loss|\(loss\) income|income \(loss\)) "
            r"per (common )?share[ ,:–—-]+basic$"
        ),
        unit="USD/shares",
        additive=False,
    ),
    Metric(
        "eps_diluted",
        "diluted EPS",
        # "earned per diluted share": the per-share figure in words
        _re(r"\b(eps|earnings per share|earn(ed|s|ings)? per (diluted )?share)\b"),
        ("us-gaap:EarningsPerShareDiluted", "us-gaap:EarningsPerShareBasicAndDiluted"),
        # "Diluted", "Diluted net income per share", "Earnings per share - diluted",
        # "Net (loss) income per common share, diluted"
        _re(
            r"^diluted( (net )?(income|earnings|\(loss\) income|income \(loss\)|loss) per "
            r"(common )?share)?$|^(net )?(earnings|income|loss|\(loss\) income|income \(loss\)) "
            r"per (common )?share[ ,:–—-]+diluted$"
        ),
        unit="USD/shares",
        additive=False,
    ),
    Metric(
        "operating_cash_flow",
        "operating cash flow",
        _re(
            r"\b(operating cash flows?|cash flows? from operations|cash (flows? )?"
            r"(provided|generated) by operat\w*|cash from operat\w*|operating activities)\b"
        ),
        (
            "us-gaap:NetCashProvidedByUsedInOperatingActivities",
            "us-gaap:NetCashProvidedByUsedInOperatingActivitiesContinuingOperations",
        ),
        _cash_flow_line("operating"),
    ),
    Metric(
        "investing_cash_flow",
        "investing cash flow",
        _re(r"\binvesting (activities|cash flows?)\b|\bcash (flows? )?(used in|from) invest\w*"),
        (
            "us-gaap:NetCashProvidedByUsedInInvestingActivities",
            "us-gaap:NetCashProvidedByUsedInInvestingActivitiesContinuingOperations",
        ),
        _cash_flow_line("investing"),
    ),
    Metric(
        "financing_cash_flow",
        "financing cash flow",
        _re(r"\bfinancing (activities|cash flows?)\b|\bcash (flows? )?(used in|from) financ\w*"),
        (
            "us-gaap:NetCashProvidedByUsedInFinancingActivities",
            "us-gaap:NetCashProvidedByUsedInFinancingActivitiesContinuingOperations",
        ),
        _cash_flow_line("financing"),
    ),
    Metric(
        "capex",
        "capital expenditures",
        _re(r"\b(capex|capital expenditures?|capital spending|purchases? of property)\b"),
        (
            "us-gaap:PaymentsToAcquirePropertyPlantAndEquipment",
            "us-gaap:PaymentsToAcquireProductiveAssets",
        ),
        # "Purchases of property and equipment", "Payments for acquisition of property, plant
        # and equipment", "Purchases of land, buildings, and equipment", "Capital expenditures",
        # "Capital spending" (PepsiCo)
        _re(
            r"(purchases?|payments for (the )?acquisitions?|acquisitions?) of property,? "
            r"(plant,? )?and equipment|^capital (expenditures|spending)$|^additions to property"
            r"|^(purchases?|payments for|acquisitions?) of (land, )?buildings,? and equipment$"
        ),
    ),
    Metric(
        "total_assets",
        "total assets",
        _re(r"\btotal assets\b"),
        ("us-gaap:Assets",),
        _re(r"^total assets$"),
        instant=True,
    ),
    Metric(
        "total_liabilities",
        "total liabilities",
        _re(r"\btotal liabilities\b"),
        ("us-gaap:Liabilities",),
        _re(r"^total liabilities$"),
        instant=True,
    ),
    Metric(
        "current_assets",
        "total current assets",
        _re(r"\bcurrent assets\b"),
        ("us-gaap:AssetsCurrent",),
        _re(r"^total current assets$"),
        instant=True,
    ),
    Metric(
        "current_liabilities",
        "total current liabilities",
        _re(r"\bcurrent liabilities\b"),
        ("us-gaap:LiabilitiesCurrent",),
        _re(r"^total current liabilities$"),
        instant=True,
    ),
    Metric(
        "cash",
        "cash and cash equivalents",
        _re(
            r"\bcash (and|&) (cash )?equivalents\b|\bcash (balance|on hand|position|holdings)\b|"
            r"how much cash"
        ),
        (
            "us-gaap:CashAndCashEquivalentsAtCarryingValue",
            "us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents",
            "us-gaap:Cash",
        ),
        _re(r"^(total )?cash and (cash )?equivalents$"),  # also "Cash and equivalents"
        instant=True,
    ),
    Metric(
        "long_term_debt",
        "long-term debt",
        _re(r"\b(long[- ]term debt|term debt|debt)\b"),
        (
            "us-gaap:LongTermDebtNoncurrent",
            "us-gaap:LongTermDebt",
            "us-gaap:LongTermDebtAndCapitalLeaseObligations",
        ),
        _re(
            r"^(non-current liabilities: )?(total )?(non-current )?(long-term|term) debt"
            r"(, non-current|, net|, net of current portion|, excluding current portion)?$"
        ),
        instant=True,
    ),
    Metric(
        # the debt a balance sheet shows among current liabilities; with long-term debt it is
        # the company's total debt (the "total_debt" formula)
        "current_debt",
        "debt due within one year",
        _re(
            r"\b(short[- ]term (debt|borrowings)|current (portion|maturities) of (long[- ]term )?"
            r"debt|debt (due|maturing) within one year)\b"
        ),
        ("us-gaap:DebtCurrent", "us-gaap:LongTermDebtCurrent", "us-gaap:ShortTermBorrowings"),
        _re(
            r"^(current liabilities: )?(total )?(debt (due|maturing) within one year|short-term "
            r"(debt|borrowings)|(short-term borrowings and )?current (portion|maturities) of "
            r"long-term debt|current portion of debt)(, net)?$"
        ),
        instant=True,
    ),
    Metric(
        "equity",
        "shareholders' equity",
        _re(r"\b((share|stock)holders[’']? equity|total equity|book value)\b"),
        (
            "us-gaap:StockholdersEquity",
            "us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
        ),
        _re(r"^total (share|stock)holders[’']? equity$|^total equity$"),
        instant=True,
    ),
    Metric(
        "shares_outstanding",
        "shares outstanding",
        _re(r"\b(shares outstanding|outstanding shares|share count)\b"),
        ("us-gaap:CommonStockSharesOutstanding", "dei:EntityCommonStockSharesOutstanding"),
        _re(r"^(common )?shares outstanding$"),
        unit="shares",
        instant=True,
    ),
    Metric(
        "dividends_paid",
        "dividends paid",
        # the cash paid out to shareholders over a year (cash-flow statement), as opposed to
        # the dividend per share: "cash dividends", "dividends paid", "paid out in dividends"
        _re(
            r"\b(cash dividends?( paid)?|dividends? paid|dividend payments?|total dividends|"
            r"pa(y|id|ying) out (\w+ ){0,3}dividends?)\b"
        ),
        ("us-gaap:PaymentsOfDividendsCommonStock", "us-gaap:PaymentsOfDividends"),
        # "Dividends paid", "Cash dividend payments", "Common stock cash dividends paid",
        # "Dividends — common and preferred"; never dividends received or paid to minorities
        _re(
            r"^(common stock )?(cash )?dividends?( paid| payments?)?"
            r"( (to|on) (common )?(stock|shares|shareholders|stockholders))?$"
            r"|^dividends [—–-] common( and preferred)?$"
        ),
    ),
    Metric(
        "dividends_per_share",
        "dividends per share",
        _re(r"\bdividends?\b"),
        (
            "us-gaap:CommonStockDividendsPerShareDeclared",
            "us-gaap:CommonStockDividendsPerShareCashPaid",
        ),
        _re(r"^(cash )?dividends? (declared )?per (common )?share$"),
        unit="USD/shares",
    ),
    Metric(
        "inventories",
        "inventories",
        _re(r"\binventor(y|ies)\b"),
        ("us-gaap:InventoryNet",),
        _re(r"^(merchandise )?inventor(y|ies)(, net)?$"),
        instant=True,
    ),
    Metric(
        "accounts_payable",
        "accounts payable",
        _re(r"\b(accounts payable|trade payables|payables)\b"),
        ("us-gaap:AccountsPayableCurrent", "us-gaap:AccountsPayableTradeCurrent"),
        _re(r"^accounts payable(, trade| and accrued liabilities)?$"),
        instant=True,
    ),
    Metric(
        "accounts_receivable",
        "accounts receivable",
        # what customers owe at a year end: days sales outstanding and the quick ratio read it
        _re(r"\b(accounts receivables?|trade receivables|receivables|dso)\b"),
        ("us-gaap:AccountsReceivableNetCurrent", "us-gaap:ReceivablesNetCurrent"),
        # "Receivables, net", "Trade accounts receivable, net of doubtful accounts",
        # "Accounts receivable, net of allowance for ...", "Trade receivables, less allowances"
        _re(
            r"^(trade )?(accounts )?receivables?(,? net)?( and other)?"
            r"(,? (net of|less) (the )?allowances?\b.*|,? net of doubtful accounts)?$"
        ),
        instant=True,
    ),
    Metric(
        "short_term_investments",
        "short-term investments",
        # liquid holdings besides cash: the quick ratio counts them
        _re(r"\bshort[- ]term investments\b|\bmarketable securities\b"),
        ("us-gaap:ShortTermInvestments", "us-gaap:MarketableSecuritiesCurrent"),
        _re(r"^(short-term|current) (investments|marketable securities)$|^marketable securities$"),
        instant=True,
    ),
    Metric(
        "depreciation_amortization",
        "depreciation and amortization",
        # the non-cash charge added back in the cash-flow statement (EBITDA, D&A margin)
        _re(r"\b(d&a|depreciation(,? depletion)?,? (and|&) amortization|depreciation)\b"),
        (
            "us-gaap:DepreciationDepletionAndAmortization",
            "us-gaap:DepreciationAmortizationAndAccretionNet",
            "us-gaap:DepreciationAndAmortization",
        ),
        # "Depreciation and amortization (expense)", "Depreciation, depletion and amortization",
        # "Depreciation" alone, "... of property, equipment and intangibles"
        _re(
            r"^depreciation(,? depletion)?(,? (and|&) amortization)?"
            r"(,? and other| expense| of (property|fixed assets)\b.*)?$"
        ),
    ),
    Metric(
        "interest_expense",
        "interest expense",
        # the cost of debt in the income statement: interest coverage reads it
        _re(r"\binterest expenses?\b"),
        ("us-gaap:InterestExpense", "us-gaap:InterestExpenseNonoperating"),
        _re(r"^interest expense(, net)?$"),
    ),
    Metric(
        "ppe_net",
        "net property, plant and equipment",
        _re(r"\b(net )?(property,? plant,? (and|&) equipment|pp&e)\b"),
        ("us-gaap:PropertyPlantAndEquipmentNet",),
        _re(r"^(total )?property(,)? (plant )?(and|&) equipment(,)? net$|^net property"),
        instant=True,
    ),
)
NEVER_ASKED = _re(r"(?!)")  # a line item only ever summed into another, never asked for
# Parts of cost of revenue printed without a total (Boeing: cost of products, cost of services).
COST_PARTS: tuple[Metric, ...] = (
    Metric(
        "cost_of_products",
        "cost of products",
        NEVER_ASKED,
        ("us-gaap:CostOfGoodsAndServicesSoldProducts",),
        _re(r"^cost of (products|product sales|goods)( sold)?$"),
    ),
    Metric(
        "cost_of_services",
        "cost of services",
        NEVER_ASKED,
        ("us-gaap:CostOfServices",),
        _re(r"^cost of (services|service sales)$"),
    ),
)
BY_KEY = {metric.key: metric for metric in (*METRICS, *COST_PARTS)}
STATEMENTS = {
    "income statement": (
        "revenue",
        "cost_of_revenue",
        "gross_profit",
        "rnd",
        "operating_income",
        "net_income",
        "eps_basic",
        "eps_diluted",
        "pretax_income",
        "income_tax",
        "interest_expense",
        "cost_of_products",
        "cost_of_services",
    ),
    "cash flow": (
        "operating_cash_flow",
        "investing_cash_flow",
        "financing_cash_flow",
        "capex",
        "dividends_paid",
        "depreciation_amortization",
    ),
    "balance sheet": (
        "total_assets",
        "total_liabilities",
        "current_assets",
        "current_liabilities",
        "cash",
        "long_term_debt",
        "current_debt",
        "equity",
        "inventories",
        "ppe_net",
        "accounts_payable",
        "accounts_receivable",
        "short_term_investments",
    ),
}


@dataclass(frozen=True)
class Ratio:
    """A figure computed from two metrics: numerator / denominator x 100 (or - for FCF)."""

    key: str
    label: str
    asked: re.Pattern
    numerator: str
    denominator: str


RATIOS: tuple[Ratio, ...] = (
    Ratio("gross_margin", "gross margin", _re(r"\bgross margins?\b"), "gross_profit", "revenue"),
    Ratio(
        "operating_margin",
        "operating margin",
        _re(r"\boperating margins?\b"),
        "operating_income",
        "revenue",
    ),
    Ratio(
        "net_margin",
        "net margin",
        _re(r"\b(net|profit|net profit) margins?\b"),
        "net_income",
        "revenue",
    ),
    Ratio(
        "effective_tax_rate",
        "effective tax rate",
        _re(r"\b(effective )?(income )?tax rates?\b|\betr\b"),
        "income_tax",
        "pretax_income",
    ),
)


@dataclass(frozen=True)
class Formula:
    """A standard ratio or figure computed from several reported metrics (rag.figures.formulas
    holds how each is computed): how a question names it, its unit, the metrics it reads (the
    first one's reported years are where it is looked for)."""

    key: str
    label: str
    asked: re.Pattern
    unit: str  # "%", "x" (a multiple or a plain ratio), "days", "USD"
    inputs: tuple[str, ...]


# The textbook definitions analysts and FinanceBench-style questions use; each name below is a
# general term of financial analysis. More specific names first ("fixed asset turnover" before
# "asset turnover", "EBITDA margin" before "EBITDA").
FORMULAS: tuple[Formula, ...] = (
    Formula(
        "cash_conversion_cycle",
        "cash conversion cycle",
        _re(r"\b(cash conversion cycle|ccc)\b"),
        "days",
        ("inventories", "accounts_receivable", "accounts_payable", "cost_of_revenue", "revenue"),
    ),
    Formula(
        "days_payable",
        "days payable outstanding",
        _re(r"\b(dpo|days payables? outstanding)\b"),
        "days",
        ("accounts_payable", "cost_of_revenue", "inventories"),
    ),
    Formula(
        "days_inventory",
        "days inventory outstanding",
        _re(
            r"\b(dio|dsi|days (of )?inventory( outstanding| on hand)?"
            r"|days sales (of|in) inventory)\b"
        ),
        "days",
        ("inventories", "cost_of_revenue"),
    ),
    Formula(
        "days_sales",
        "days sales outstanding",
        _re(r"\b(dso|days sales outstanding|days receivables?( outstanding)?)\b"),
        "days",
        ("accounts_receivable", "revenue"),
    ),
    Formula(
        "fixed_asset_turnover",
        "fixed asset turnover",
        _re(r"\b(fixed[- ]asset|pp&e|ppe) turnover\b"),
        "x",
        ("revenue", "ppe_net"),
    ),
    Formula(
        "asset_turnover",
        "asset turnover",
        _re(r"\b(total )?asset turnover\b"),
        "x",
        ("revenue", "total_assets"),
    ),
    Formula(
        "inventory_turnover",
        "inventory turnover",
        _re(r"\binventory turnover\b"),
        "x",
        ("cost_of_revenue", "inventories"),
    ),
    Formula(
        "receivables_turnover",
        "receivables turnover",
        _re(r"\b(accounts )?receivables? turnover\b"),
        "x",
        ("revenue", "accounts_receivable"),
    ),
    Formula(
        "return_on_assets",
        "return on assets",
        _re(r"\b(return on (average )?(total )?assets|roa)\b"),
        "%",
        ("net_income", "total_assets"),
    ),
    Formula(
        "return_on_equity",
        "return on equity",
        _re(r"\b(return on (average )?(shareholders'? |stockholders'? |common )?equity|roe)\b"),
        "%",
        ("net_income", "equity"),
    ),
    Formula(
        "quick_ratio",
        "quick ratio",
        _re(r"\b(quick|acid[- ]test) ratio\b"),
        "x",
        ("current_liabilities", "cash", "accounts_receivable", "short_term_investments"),
    ),
    Formula(
        "current_ratio",
        "current ratio",
        _re(r"\b(current|working capital) ratio\b"),
        "x",
        ("current_assets", "current_liabilities"),
    ),
    Formula(
        "working_capital",
        "working capital",
        _re(r"\b(net )?working capital\b"),
        "USD",
        ("current_assets", "current_liabilities"),
    ),
    Formula(
        "ebitda_margin",
        "EBITDA margin",
        _re(r"\bebitda( %| percent(age)?)? margins?\b|\bebitda as an? (%|percent(age)?) of\b"),
        "%",
        ("operating_income", "depreciation_amortization", "revenue"),
    ),
    Formula(
        "ebitda",
        "EBITDA",
        _re(r"\bebitda\b"),
        "USD",
        ("operating_income", "depreciation_amortization"),
    ),
    Formula(
        "interest_coverage",
        "interest coverage",
        _re(r"\b(interest coverage( ratio)?|times interest earned)\b"),
        "x",
        ("operating_income", "interest_expense"),
    ),
    Formula(
        # "debt on the balance sheet": what is due within a year as well as later
        "total_debt",
        "total debt",
        _re(r"\btotal debt\b|\bdebt on (its |the |their )?balance sheets?\b"),
        "USD",
        ("long_term_debt", "current_debt"),
    ),
    Formula(
        "debt_to_equity",
        "long-term debt to equity",
        _re(r"\b(long[- ]term )?debt[- ]to[- ]equity( ratio)?\b|\bd/e ratio\b"),
        "x",
        ("long_term_debt", "equity"),
    ),
    Formula(
        "retention_ratio",
        "retention ratio",
        _re(r"\b(retention|plowback) ratio\b"),
        "x",
        ("net_income", "dividends_paid"),
    ),
    Formula(
        "payout_ratio",
        "dividend payout ratio",
        _re(r"\b(dividend )?payout ratio\b"),
        "x",
        ("dividends_paid", "net_income"),
    ),
    Formula(
        "capital_intensity",
        "capital intensity ratio (total assets / revenue)",
        _re(r"\bcapital[- ]intensi(ty|ve)\b"),
        "x",
        ("total_assets", "revenue"),
    ),
)


_REMARK = re.compile(
    r"\s*\((?:including|includes|excluding|excludes|exclusive|inclusive)\b[^()]*\)"
)
_NET_OF = re.compile(r",?\s+net of [a-z ,]+$")


def line_item_forms(label: str) -> list[str]:
    """A printed line item, then without what only describes it: a remark in parentheses
    ("Cost of sales (including buying and occupancy costs)") or what it is net of ("Sales, net of
    returns and allowances"). A remark about a current portion changes the item and stays."""
    full = normalize_label(label)
    plain = full if "current" in full else _REMARK.sub("", full)
    plain = _NET_OF.sub("", plain).strip()
    return [full] if plain == full else [full, plain]


def normalize_label(label: str) -> str:
    """Lowercase, single-spaced, without trailing colons or footnote marks."""
    text = re.sub(r"\s+", " ", label.replace("\u2019", "'")).strip().lower()
    text = NOTE_REFERENCE.sub("", text)  # "Inventories, net (Note 6)": the note is no part
    return re.sub(r"[\s:*]+$|\s*\(\d\)$", "", text).removeprefix("table:")


NOTE_REFERENCE = re.compile(r"\s*\((?:see )?notes? [\d\w]{1,3}(?:(?:,| and|,? &) [\d\w]{1,3})*\)")
