"""The day a filing named in a question was filed (rag.query.filing_days reads the phrase):
the company's filing of that form and period in the catalog, the latest when no period is
named. A filing the store does not hold is said so, never guessed."""

from dataclasses import dataclass

from rag.query.filing_days import FilingDay
from rag.search.store import Catalog

FILING_SOURCES = ("sec", "upload")


@dataclass(frozen=True)
class Filed:
    """The filing found: its day and how the answer names it."""

    day: str  # ISO
    title: str


def filed_on(catalog: Catalog, ticker: str, asked: FilingDay) -> Filed | None:
    """The day `ticker`'s filing `asked` names was filed, or None when none is held."""
    rows = [
        row
        for source in FILING_SOURCES
        for row in catalog.documents_of_source(source)
        if row.get("ticker") == ticker and row.get("published") and _form_matches(row, asked)
    ]
    rows = [row for row in rows if _period_matches(row, asked)]
    if not rows:
        return None
    row = max(rows, key=lambda r: r["published"])
    return Filed(row["published"][:10], row["title"])


def _form_matches(row: dict, asked: FilingDay) -> bool:
    form = (row.get("form") or "").upper()
    return asked.form is None or form == asked.form or form.startswith(f"{asked.form}/")


def _period_matches(row: dict, asked: FilingDay) -> bool:
    """The period asked: the month its period ended, else its fiscal year (or the calendar
    year it ended in) and quarter; any when none is named."""
    end = row.get("period_end") or ""
    if asked.period_month:
        return end.startswith(asked.period_month)
    if asked.fiscal_quarter and row.get("fiscal_period") != asked.fiscal_quarter:
        return False
    if asked.fiscal_years:
        return row.get("fiscal_year") in asked.fiscal_years or end[:4] in {
            str(y) for y in asked.fiscal_years
        }
    return True


def filing_day_note(ticker: str, asked: FilingDay, filed: Filed) -> str:
    """How the answer says which day it used."""
    form = asked.form or "filing"
    return f"The day asked is when {ticker}'s {form} ({filed.title}) was filed: {filed.day}."


def not_held(ticker: str, asked: FilingDay) -> str:
    """The refusal when the filing is not in the store."""
    period = f" for fiscal {', '.join(map(str, asked.fiscal_years))}" if asked.fiscal_years else ""
    return (
        f"The indexed sources hold no {asked.form or 'filing'} of {ticker}{period}, so the day it "
        "was filed is not known here."
    )
