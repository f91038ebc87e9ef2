"""EDGAR XBRL company facts to `FilingFact`s, one per (concept, unit, start, end), latest value.

Pure (bytes in, records out); fiscal year/period are those of the period the number is for.
"""

import json
from collections import defaultdict
from datetime import date

from core.errors import SourceError
from core.types import FilingFact

TAXONOMIES = ("us-gaap", "dei")
_YEAR = 365.2425
_TOLERANCE_DAYS = 5  # 52/53-week fiscal years move their end by a few days


def parse_companyfacts(
    payload: bytes, ticker: str, taxonomies: tuple[str, ...] = TAXONOMIES
) -> list[FilingFact]:
    """Every fact of the given taxonomies, one per (concept, unit, start, end), sorted.

    The latest filing's value wins (restatements, 10-K/A); the citation (form, accession, filed)
    is the first filing that reported that value, so FY2024 revenue cites the FY2024 10-K, not
    the FY2025 10-K that repeats it. `fiscal_year`/`fiscal_period` come from the company's 10-K
    year ends (a comparative stays in its own year); dei cover facts keep the filing's fy/fp.
    """
    data = _load(payload)
    cik = str(data["cik"]).zfill(10) if data.get("cik") else None
    facts = data["facts"]
    calendar = fiscal_calendar(facts)
    memo: dict[tuple[str | None, str], tuple[int, str]] = {}
    out = []
    for taxonomy in taxonomies:
        for name, concept in sorted(facts.get(taxonomy, {}).items()):
            label = concept.get("label") or name
            for unit, rows in sorted(concept.get("units", {}).items()):
                for group in _periods(rows).values():
                    fact = _fact(group, ticker, cik, f"{taxonomy}:{name}", label, unit)
                    if taxonomy != "dei" and calendar:  # dei cover facts keep the filing's
                        _set_fiscal_period(fact, calendar, memo)
                    out.append(fact)
    out.sort(key=lambda f: (f.concept, f.unit, f.period_end, f.period_start or ""))
    return out


def _load(payload: bytes) -> dict:
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"companyfacts is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
        raise SourceError("companyfacts JSON has no 'facts' object")
    return data


def _periods(rows: list[dict]) -> dict[tuple[str | None, str], list[dict]]:
    groups: dict[tuple[str | None, str], list[dict]] = defaultdict(list)
    for row in rows:
        if "end" in row and isinstance(row.get("val"), int | float):
            groups[(row.get("start"), row["end"])].append(row)
    return groups


def _order(row: dict) -> tuple[str, str, str]:
    return (row.get("filed") or "", row.get("accn") or "", row.get("form") or "")


def _fact(
    group: list[dict], ticker: str, cik: str | None, concept: str, label: str, unit: str
) -> FilingFact:
    """Latest filing's value; cited from the first filing that reported that same value."""
    rows = sorted(group, key=_order)
    value = rows[-1]["val"]
    cited = next(row for row in rows if row["val"] == value)
    frames = [row["frame"] for row in rows if row.get("frame")]
    return FilingFact(
        ticker=ticker,
        cik=cik,
        concept=concept,
        label=label,
        value=float(value),
        unit=unit,
        period_start=cited.get("start"),
        period_end=cited["end"],
        fiscal_year=cited.get("fy"),
        fiscal_period=cited.get("fp"),
        form=cited.get("form"),
        accession=cited.get("accn"),
        filed=cited.get("filed"),
        frame=frames[-1] if frames else None,
    )


# ---- fiscal calendar ------------------------------------------------------------------------


def fiscal_calendar(facts: dict) -> dict[int, date]:
    """Fiscal year -> its end date, read from each annual report's own full-year facts."""
    ends: dict[str, tuple[int, date]] = {}
    for concept in facts.get("us-gaap", {}).values():
        for rows in concept.get("units", {}).values():
            for row in rows:
                _note_annual_end(row, ends)
    calendar: dict[int, date] = {}
    for fy, end in sorted(ends.values(), key=lambda item: item[1], reverse=True):
        calendar[fy] = end  # with a 10-K/A, the earliest end seen for the year wins
    return calendar


def _note_annual_end(row: dict, ends: dict[str, tuple[int, date]]) -> None:
    form, fy = row.get("form") or "", row.get("fy")
    if not form.startswith("10-K") or row.get("fp") != "FY" or not fy or not row.get("start"):
        return
    start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
    if 300 <= (end - start).days <= 400 and (row["accn"] not in ends or end > ends[row["accn"]][1]):
        ends[row["accn"]] = (fy, end)


def fiscal_year_end(fy: int, calendar: dict[int, date]) -> date:
    """The end of fiscal year `fy`: known from a 10-K, or the nearest known end moved by years."""
    if fy in calendar:
        return calendar[fy]
    near = min(calendar, key=lambda known: (abs(known - fy), known))
    end = calendar[near]
    day = 28 if (end.month, end.day) == (2, 29) else end.day
    return end.replace(year=end.year + fy - near, day=day)


def fiscal_year_of(day: date, calendar: dict[int, date]) -> int:
    """The fiscal year a date falls in (a date up to a few days after a year end counts in it)."""
    near = min(calendar, key=lambda fy: (abs((calendar[fy] - day).days), fy))
    years = (day - calendar[near]).days / _YEAR - _TOLERANCE_DAYS / _YEAR
    return near + int(-(-years // 1))  # ceil


def _set_fiscal_period(
    fact: FilingFact, calendar: dict[int, date], memo: dict[tuple[str | None, str], tuple[int, str]]
) -> None:
    key = (fact.period_start, fact.period_end)
    if key not in memo:
        memo[key] = fiscal_period(fact.period_start, fact.period_end, calendar)
    fact.fiscal_year, fact.fiscal_period = memo[key]


def fiscal_period(start: str | None, end: str, calendar: dict[int, date]) -> tuple[int, str]:
    """Fiscal year and period (FY, Q1..Q4) of a reported period, by the company's calendar."""
    day = date.fromisoformat(end)
    fy = fiscal_year_of(day, calendar)
    return fy, _period_name(start, day, fy, calendar)


def _period_name(start: str | None, end: date, fy: int, calendar: dict[int, date]) -> str:
    if start is not None and (end - date.fromisoformat(start)).days >= 300:
        return "FY"
    if start is None and abs((fiscal_year_end(fy, calendar) - end).days) <= _TOLERANCE_DAYS:
        return "FY"
    previous_end = fiscal_year_end(fy - 1, calendar)
    quarter = round((end - previous_end).days / (_YEAR / 4))
    return f"Q{min(4, max(1, quarter))}"
