"""The one number reader: the figures in text with their unit, currency, scale and printed
precision, and when a candidate value rounds to one. The grounding gate (rag.answer.grounding)
and the sentence support check (rag.answer.claims) both read numbers here.

Read: amounts ($391,035 million, 391.0 billion, $391B, 1.2M, €13bn, (565)), percentages,
per-share amounts, share counts, multiples (25.3x) and day counts; a scale word may stand on
the next line of a PDF's text ("$494 \nmillion"). Masked, never read: citation
markers, dates, form names (10-K), references (Item 7A, Note 10, Rule 10b5-1), list numbering,
times, index names (S&P 500); skipped: hyphenated descriptors (52-week) and ordinals (1st).
`numbers_in` also leaves out years, whole spans of time (12 months; "1.4 years" is checked) and
bare integers below 10 (3 segments): labels and counts of things, not figures a reader relies on.
"""

import re
from dataclasses import dataclass

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6}
SCALES |= {"billion": 1e9, "b": 1e9, "bn": 1e9, "bln": 1e9}
SCALES |= {"trillion": 1e12, "t": 1e12, "tn": 1e12, "trn": 1e12}
CURRENCIES = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP"}
CURRENCIES |= {"GBP": "GBP"}
SAME_UNIT = {"USD/shares": "USD"}  # "$6.08" in an answer may state a per-share figure
DURATION = "duration"  # "1.4 years", "12 months": the unit of a span of time
SMALL_COUNT = 10  # bare integers below this are counts of things ("3 segments"), not checked

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_REFERENCE = (
    r"(?:items?|notes?|parts?|rules?|sections?|exhibits?|schedules?|articles?|chapters?|pages?"
    r"|tables?|level|tier|phase|step|no\.|#)\s*"
)
_REF_ID = r"\d++[a-z]?(?!,\d)(?:[-.(]\w+\)?)*"
_MASKS = re.compile(
    "|".join(
        [
            r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]",  # citation markers [1], [2, 3]
            r"\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?",
            r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
            rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?",  # Sept. 28, 2024
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}}\b)?",  # 28 September 2024
            r"(?<![$€£.])\b(?:\d{1,2}[-‐][a-z]|(?:10|8|6|20)[kqf])(?:/a)?\b",  # 10-K, 20-F, 10-Q/A
            r"\b[sf]-\d{1,2}\b|\bdef\s+14a\b",  # S-1, F-4, DEF 14A
            rf"\b{_REFERENCE}{_REF_ID}(?:\s*(?:,|and|or|&|through|to)\s*{_REF_ID})*",
            r"^[ \t]*(?:[-*+][ \t]+)?\d{1,2}[.)](?=\s)",  # list numbering "1. " at line start
            r"\b\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.m\.",  # 4:30 p.m.
            r"\b401\s*\(?k\)?",
            r"s&p\s*\d+|\bnasdaq[- ]?100\b|\brussell\s+\d+|\bdow\s+(?:jones\s+)?30\b",
            r"\b(?:ftse|stoxx|fortune|nikkei|cac|dax)\s+\d+|\b3m(?=\s+co|['’]s\b)",  # 3M Co
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
_NUMBER = re.compile(
    r"""(?<![\w.,/:'’\-−])
    (?P<lead>[-−–(])?
    (?P<cur>US\$|\$|€|£|(?:USD|EUR|GBP)\s?)?
    (?P<lead2>[-−(])?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?![,.]?\d|:\d)
    (?P<close>\))?
    (?:(?:-|[^\S\n]*\n?[^\S\n]*)(?P<word>(?i:thousand|million|billion|trillion))s?\b
      |\s?(?P<abbr2>bn|bln|mn|mln)\b
      |(?P<abbr>trn|tn|mm|[TBMKkm])(?![A-Za-z]))?
    """,
    re.VERBOSE,
)
_SKIP = "skip"
_AFTER = [
    (re.compile(r"\s?%|\s(?i:percent(?:age points?)?|per cent|pct)\b"), "%"),
    (re.compile(r"x(?![A-Za-z])"), "x"),
    (re.compile(r"[A-Za-z]|-[A-Za-z]"), _SKIP),  # 1st, 5G, 10b5; 52-week, 3-for-1
    (re.compile(r"\s+times\b"), "x"),
    (re.compile(r"\s+(?:per|a)\s+(?:diluted\s+|basic\s+)?share\b"), "USD/shares"),
    (re.compile(r"\s+(?:[A-Za-z]+\s+){0,2}?shares\b"), "shares"),
    (re.compile(r"\s+(?:U\.?S\.?\s+)?dollars\b"), "USD"),
    (re.compile(r"\s+euros?\b"), "EUR"),
    (re.compile(r"\s+days?\b"), "days"),
    (re.compile(r"\s+(?:fiscal\s+)?(?:years?|months?|weeks?|quarters?|hours?|decades?)\b"), "dur"),
]


@dataclass
class Number:
    """A figure printed in text; `value` is in base units when the text gives a scale word."""

    text: str
    value: float
    unit: str | None  # USD, EUR, GBP, USD/shares, %, shares, x, days, duration; None: unstated
    start: int
    end: int
    scale: float = 1.0  # the scale word's multiplier ("million" -> 1e6)
    decimals: int = 0  # digits printed after the decimal point

    @property
    def last_place(self) -> float:
        """The place of the last digit printed, in base units: 1e6 for "32,502 million"."""
        return 10.0**-self.decimals * self.scale

    @property
    def precision(self) -> float:
        """The place of the last digit the figure claims, in base units: 1e8 for "$32.5 billion",
        1e9 for "$95,000 million" and for "$95.00 billion" (trailing zeros, after the point or
        not, claim no digit: the value is the same, only its printing is longer)."""
        decimals = self.decimals
        digits = round(abs(self.value) / self.scale * 10**decimals)
        while decimals and digits % 10 == 0:
            digits, decimals = digits // 10, decimals - 1
        if decimals:
            return 10.0**-decimals * self.scale
        whole, zeros = round(abs(self.value) / self.scale), 0
        while whole and whole % 10 == 0:
            whole, zeros = whole // 10, zeros + 1
        return 10.0**zeros * self.scale

    @property
    def money(self) -> bool:
        """Printed as an amount of a currency ("$4.3 billion", "€13bn", "$0.55 per share")."""
        return (self.unit or "").split("/")[0] in set(CURRENCIES.values())


# ---- reading numbers ----------------------------------------------------------------------


def numbers_in(text: str) -> list[Number]:
    """The figures in answer text worth checking (the rules atop this module say which)."""
    return [number for number in scan(text) if _worth_checking(number)]


_RANGE_NUMBER = r"\(?\$?\(?\d(?:[\d,]*\d)?(?:\.\d+)?\)?%?"
_RANGE_SCALE = r"(?:billion|million|thousand|bn|mn)"
# "$5.2-5.6 billion", "$8.51 - $8.53 \nBillion", "25-30", "4 to 5%": a dash between two
# figures with no space ("-6%" after a cell is a negative), or spaced before a currency sign
_RANGE = re.compile(
    rf"(?<![\w.,])(?P<a>{_RANGE_NUMBER})(?:\s*(?P<sa>{_RANGE_SCALE})\b)?"
    r"(?:(?<=[\d%)])[-–](?=[\d$(])|\s+[-–]\s+(?=\$)|\s+to\s+)"
    rf"(?P<b>{_RANGE_NUMBER})(?:\s*(?P<sb>{_RANGE_SCALE})\b)?(?![\w.]*\d)",
    re.IGNORECASE,
)


def spelled_ranges(text: str) -> str:
    """The text with each range of figures spelled out, an end without a currency sign, "%" or
    scale word given the other's ("$5.2-5.6 billion": "$5.2 billion to $5.6 billion"; "25-30":
    "25 to 30"; "4-5%": "4% to 5%")."""

    def spell(m: re.Match) -> str:
        a, b = m.group("a"), m.group("b")
        if "$" in a and "$" not in b:
            b = b.replace("(", "($", 1) if b.startswith("(") else "$" + b
        if b.endswith("%") and not a.endswith("%"):
            a += "%"
        sa, sb = m.group("sa") or m.group("sb"), m.group("sb") or m.group("sa")
        return f"{a}{' ' + sa if sa else ''} to {b}{' ' + sb if sb else ''}"

    return _RANGE.sub(spell, text)


def scan(text: str) -> list[Number]:
    """Every quantity in `text`: labels, identifiers and descriptors left out."""
    masked = _MASKS.sub(lambda m: "_" * len(m.group()), text)
    numbers = (_number(masked, text, m) for m in _NUMBER.finditer(masked))
    return [number for number in numbers if number is not None]


def _number(masked: str, text: str, m: re.Match[str]) -> Number | None:
    scale_word = m.group("word") or m.group("abbr2") or m.group("abbr")
    scale = SCALES[scale_word.lower()] if scale_word else 1.0
    currency = CURRENCIES.get((m.group("cur") or "").strip())
    after, end = _unit_after(masked, m.end())
    if after == _SKIP:
        return None
    lead = (m.group("lead") or "") + (m.group("lead2") or "")
    in_parens = "(" in lead and m.group("close")
    negative = in_parens or any(sign in lead for sign in "-−–")
    start = m.start() + (1 if m.group("lead") == "(" and not in_parens else 0)
    digits = m.group("num")
    value = float(digits.replace(",", "")) * scale * (-1 if negative else 1)
    return Number(
        text=text[start:end],
        value=value,
        unit=_unit(currency, after),
        start=start,
        end=end,
        scale=scale,
        decimals=len(digits.partition(".")[2]),
    )


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The unit written right after a number ("%", "per share", "shares") and where it ends."""
    for pattern, unit in _AFTER:
        found = pattern.match(text, end)
        if found:
            return unit, found.end() if unit not in (_SKIP, "dur") else end
    return None, end


def _unit(currency: str | None, after: str | None) -> str | None:
    if after == "USD/shares":
        return "USD/shares" if currency in (None, "USD") else currency
    if after in ("%", "x", "days"):
        return after
    if currency:
        return currency
    return DURATION if after == "dur" else after


def _worth_checking(number: Number) -> bool:
    if number.unit == DURATION:
        return bool(number.decimals)  # "1.4 years" is a figure, "12 months" a span
    if number.unit or number.scale != 1 or number.decimals:
        return True
    return abs(number.value) >= SMALL_COUNT and not is_bare_year(number)


def is_bare_year(number: Number) -> bool:
    """A whole number from 1900 to 2100 printed without unit, scale or comma: "2024" (also
    "(2024)", which the reader takes for a negative)."""
    bare = number.unit is None and number.scale == 1 and not number.decimals
    return bare and 1900 <= abs(number.value) <= 2100 and "," not in number.text


# ---- matching -----------------------------------------------------------------------------


def units_agree(answer: str | None, source: str | None) -> bool:
    if answer is None or source is None:
        return True
    return SAME_UNIT.get(answer, answer) == SAME_UNIT.get(source, source)


def rounds_to(number: Number, value: float) -> bool:
    """True when `value`, rounded to the precision `number` was printed with, gives `number`."""
    tolerance = 0.5 * 10.0**-number.decimals * number.scale
    slack = 1e-9 * max(abs(value), 1.0)  # float noise at the rounding boundary
    return abs(abs(number.value) - abs(value)) <= tolerance + slack


def restates(number: Number, value: float, place: float) -> bool:
    """True when `number` is `value` (printed to its last digit at `place`, in base units; 0 for
    an exact value) rounded to the precision `number` claims, never a finer one: 32,502 million
    gives "$32.5 billion" and "approximately $33 billion"; "$32.5021 billion" claims a digit the
    source lacks, as "46.24%" does for 46.2% ("46.20%" is the same value, printed longer)."""
    return number.precision >= place * (1 - 1e-9) and rounds_to(number, value)
