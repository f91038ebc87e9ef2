"""Fiscal years, a fiscal quarter and filing forms a question names ("FY2024", "Q2", "10-K")."""

import re

FORMS = {"10-K": r"10-?K|annual report", "10-Q": r"10-?Q|quarterly report", "8-K": r"8-?K"}


def find_forms(question: str) -> list[str]:
    """The filing forms named ("10-K", "quarterly report"), in FORMS order."""
    return [form for form, pattern in FORMS.items() if re.search(pattern, question, re.I)]


def find_periods(question: str) -> tuple[list[int], str | None]:
    """Fiscal years ("FY2024", "fiscal 2023", "2022") and a quarter ("Q2 2023")."""
    years = [
        int(y)
        for y in re.findall(
            r"\b(?:FY\s?|fiscal (?:year )?)?(?<![\d-])((?:19|20)\d{2})(?![\d-])\b", question
        )
    ]
    short = re.findall(r"\bFY'?(\d{2})\b", question)
    years += [2000 + int(y) for y in short]
    for first, last in re.findall(
        r"\b(?:FY\s?)?((?:19|20)\d{2})\s*(?:-|–|to|through)\s*(?:FY\s?)?((?:19|20)\d{2})\b",
        question,
    ):
        if 0 < int(last) - int(first) <= 10:  # "FY2015 - FY2017": every year between
            years += range(int(first), int(last) + 1)
    quarter = re.search(r"\b(Q[1-4])\b|\b(first|second|third|fourth) quarter\b", question, re.I)
    named = {"first": "Q1", "second": "Q2", "third": "Q3", "fourth": "Q4"}
    fiscal_quarter = None
    if quarter:
        fiscal_quarter = (quarter.group(1) or named[quarter.group(2).lower()]).upper()
    return sorted(set(years)), fiscal_quarter


_YEAR = r"(?:FY\s?|fiscal (?:year )?)?(?<![\d-])((?:19|20)\d{2})(?![\d-])"
_QUARTER = r"(?:\bQ[1-4]|\b(?:first|second|third|fourth) quarter)"
# a year the quarter is said of: "Q2 of FY2024", "Q2 2024", "second quarter of fiscal 2024",
# "FY2024 Q2"
_QUARTER_YEAR = re.compile(
    rf"{_QUARTER}(?:\s+of|,)?\s+(?:the\s+)?{_YEAR}|\b{_YEAR}\s+{_QUARTER}", re.IGNORECASE
)
_SAME_QUARTER = re.compile(r"\bsame (?:period|quarter)\b|\b(?:prior|previous) year'?s?\b", re.I)


def annual_years(question: str) -> list[int]:
    """The years a question that names a quarter asks about as whole fiscal years: "between
    FY2023 and Q2 of FY2024" compares the FY2023 year end with the end of Q2 FY2024. None when
    the quarter is said of every year, of none, or "the same period" of another year."""
    years, quarter = find_periods(question)
    if not quarter or _SAME_QUARTER.search(question):
        return []
    said = {int(a or b) for a, b in _QUARTER_YEAR.findall(question)}
    if not said:
        return []
    return [year for year in years if year not in said]
