"""The grounding check: every figure in an answer must match a computed fact or a number printed
in a passage the answer cites, after normalizing units, scale and rounding; plus an extractive
answer that passes it. Pure text processing: no model, and no judgement of the words around.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from rag.answer.injection import is_instruction
from rag.answer.support import is_filler
from rag.figures.evidence import ComputedFact
from rag.query.words import content_terms

# Rules (the tests in tests/rag/answer/test_grounding.py pin each one down):
# - Checked: amounts ($391,035 million, 391.0 billion, $391B, 1.2M, €13bn, (565)), percentages,
#   per-share amounts, share counts, multiples (25.3x) and day counts. Not checked: citation
#   markers, years (2024, FY2024, fiscal 2023, Q2 2023), dates, form names (10-K), references
#   (Item 7A, Note 10, Rule 10b5-1), list numbering, ordinals, times, index names (S&P 500),
#   hyphenated descriptors (52-week), durations (12 months) and bare integers below 10
#   (3 segments): labels and counts of things, not figures a reader relies on.
# - A figure matches when the candidate, rounded to the decimals the answer printed (in the
#   answer's scale), gives the answer's figure: 391.0 billion matches 391,035,000,000 and
#   391.1 billion does not; an answer never gets more digits than its source has. Signs are
#   compared by magnitude, since words carry them ("a loss of $565 million" for (565)).
# - Units must agree when both sides state one ($ with USD or USD per share, % with %, € with €).
# - Candidates: every computed fact and its inputs (always allowed, cited or not), numbers in
#   the facts' names, periods and formulas, and the numbers of the passages the answer cites
#   with [n] anywhere in it. An answer that cites nothing can only use the facts (unless the
#   caller passes citation_required=False, e.g. for a sentence whose citation comes later).
# - Passage table figures are unscaled: they count as printed and times each scale note printed
#   before them ("(in millions)"; a note on shares, "shares ... in thousands", scales share
#   counts only). A table figure with no note before it (a table chunk cut from its caption)
#   matches by its printed digits only, in the answer's scale: "$391,035 million" matches
#   "391,035" there, "$391.0 billion" does not. Prose figures carry their scale word or none.

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6, "mln": 1e6}
SCALES |= {"billion": 1e9, "b": 1e9, "bn": 1e9, "bln": 1e9}
SCALES |= {"trillion": 1e12, "t": 1e12, "tn": 1e12, "trn": 1e12}
CURRENCIES = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP"}
CURRENCIES |= {"GBP": "GBP"}
SAME_UNIT = {"USD/shares": "USD"}  # "$6.08" in an answer may state a per-share figure
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
    (?:[\s-]?(?P<word>(?i:thousand|million|billion|trillion))s?\b
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
_SCALE_NOTE = re.compile(r"\bin\s+(thousands|millions|billions)\b|\((000)'?s\)", re.IGNORECASE)
_NOTE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "000": 1e3}
_CITATION = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
_RANGE = re.compile(r"(\d+)(?:\s*[–-]\s*(\d+))?")
_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)")


@dataclass
class Number:
    """A figure printed in text; `value` is in base units when the text gives a scale word."""

    text: str
    value: float
    unit: str | None  # USD, EUR, GBP, USD/shares, %, shares, x, days; None when not stated
    start: int
    end: int
    scale: float = 1.0  # the scale word's multiplier ("million" -> 1e6)
    decimals: int = 0  # digits printed after the decimal point


@dataclass
class Support:
    """What a checked number matched: `source` is "fact: <name>", "fact label: <name>" or
    "passage [n]", `matched` the figure as that source prints it."""

    number: Number
    source: str
    matched: str
    value: float  # the matched figure in base units


@dataclass
class GroundingReport:
    """The outcome of `check`: grounded when every checked number is supported."""

    grounded: bool
    checked: list[Number]
    unsupported: list[Number]
    supported: list[Support] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)  # the passages the answer cites


_Scale = tuple[float, str | None]  # a multiplier, and the only unit it applies to (or None)
_AS_PRINTED: _Scale = (1.0, None)


@dataclass(frozen=True)
class _Candidate:
    source: str
    shown: str
    value: float
    unit: str | None
    scales: tuple[_Scale, ...] = (_AS_PRINTED,)  # () = an unscaled table figure, no note

    def match(self, number: Number) -> float | None:
        """The value (in base units) that supports `number`, if any."""
        if not _units_agree(number.unit, self.unit):
            return None
        scales = self.scales or (_AS_PRINTED, (number.scale, None))  # unknown: digits as printed
        values = (self.value * s for s, only in scales if only in (None, number.unit))
        return next((value for value in values if _rounds_to(number, value)), None)


# ---- reading numbers ----------------------------------------------------------------------


def numbers_in(text: str) -> list[Number]:
    """The figures in answer text worth checking (the rules atop this module say which)."""
    return [number for number in _scan(text) if _worth_checking(number)]


def _scan(text: str) -> list[Number]:
    """Every quantity in `text`: masked labels, identifiers, descriptors and durations left out."""
    masked = _MASKS.sub(lambda m: "_" * len(m.group()), text)
    numbers = (_number(masked, text, m) for m in _NUMBER.finditer(masked))
    return [number for number in numbers if number is not None]


def _number(masked: str, text: str, m: re.Match[str]) -> Number | None:
    scale_word = m.group("word") or m.group("abbr2") or m.group("abbr")
    scale = SCALES[scale_word.lower()] if scale_word else 1.0
    currency = CURRENCIES.get((m.group("cur") or "").strip())
    after, end = _unit_after(masked, m.end())
    if after == _SKIP or (after == "dur" and not currency and scale == 1):
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
    return None if after == "dur" else after


def _worth_checking(number: Number) -> bool:
    if number.unit or number.scale != 1 or number.decimals:
        return True
    if abs(number.value) < SMALL_COUNT:
        return False
    is_year = 1900 <= number.value <= 2100 and "," not in number.text
    return not is_year


def cited_sources(answer: str) -> list[int]:
    """The source numbers the answer's [n] markers cite ([2, 3] and [1-3] included), sorted."""
    cited: set[int] = set()
    for marker in _CITATION.finditer(answer):
        for low, high in _RANGE.findall(marker.group(1)):
            first, last = int(low), int(high or low)
            cited.update(range(first, last + 1) if last - first < 50 else (first, last))
    return sorted(cited)


# ---- matching -----------------------------------------------------------------------------


def _units_agree(answer: str | None, source: str | None) -> bool:
    if answer is None or source is None:
        return True
    return SAME_UNIT.get(answer, answer) == SAME_UNIT.get(source, source)


def _rounds_to(number: Number, value: float) -> bool:
    """True when `value`, rounded to the precision `number` was printed with, gives `number`."""
    tolerance = 0.5 * 10.0**-number.decimals * number.scale
    slack = 1e-9 * max(abs(value), 1.0)  # float noise at the rounding boundary
    return abs(abs(number.value) - abs(value)) <= tolerance + slack


def _fact_candidates(facts: Sequence[ComputedFact]) -> list[_Candidate]:
    candidates = []
    for fact in _with_inputs(facts):
        candidates.append(_Candidate(f"fact: {fact.name}", fact.display(), fact.value, fact.unit))
        label = " ".join(part for part in (fact.name, fact.period, fact.formula) if part)
        candidates += [
            _Candidate(f"fact label: {fact.name}", n.text, n.value, n.unit) for n in _scan(label)
        ]
    return candidates


def _with_inputs(facts: Iterable[ComputedFact]) -> list[ComputedFact]:
    """The facts and, depth first, the inputs of the derived ones."""
    out: list[ComputedFact] = []
    for fact in facts:
        out += [fact, *_with_inputs(fact.inputs)]
    return out


def _passage_candidates(n: int, text: str) -> list[_Candidate]:
    notes = _scale_notes(text)
    candidates = []
    for number in _scan(text):
        scales: tuple[_Scale, ...] = (_AS_PRINTED,)
        if number.scale == 1 and number.unit != "%" and _in_table(text, number.start):
            before = sorted({scale for at, scale in notes if at < number.start}, key=str)
            scales = (_AS_PRINTED, *before) if before else ()
        candidates.append(
            _Candidate(f"passage [{n}]", number.text, number.value, number.unit, scales)
        )
    return candidates


def _scale_notes(text: str) -> list[tuple[int, _Scale]]:
    """Where the text states a scale ("(in millions)") and what it is; a note about shares
    ("number of shares, which are reflected in thousands") scales share counts only."""
    notes = []
    for m in _SCALE_NOTE.finditer(text):
        scale = _NOTE_SCALES[(m.group(1) or m.group(2)).lower()]
        clause = re.split(r"[(;:]|\bin\s+\w+s\b", text[max(0, m.start() - 60) : m.start()])[-1]
        only = "shares" if re.search(r"\bshares?\b", clause, re.IGNORECASE) else None
        notes.append((m.start(), (scale, only)))
    return notes


_PDF_ROW = re.compile(r"\S\s{2,}[$(]?\s*[\d(][\d,.)]*\s{2,}[$(]?\s*[\d(]")


def _in_table(text: str, at: int) -> bool:
    """Whether the figure stands in a table row: a Markdown row, or a statement line of a PDF
    whose columns are runs of spaces ("Gross profit   9,912     11,640     10,573")."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line.lstrip().startswith("|") or bool(_PDF_ROW.search(line))


# ---- the check ----------------------------------------------------------------------------


def check(
    answer: str,
    facts: Sequence[ComputedFact],
    passages: Mapping[int, str],
    *,
    citation_required: bool = True,
) -> GroundingReport:
    """Every figure in `answer` against the facts and the passages the answer cites; with
    `citation_required=False`, an answer that cites nothing may use every passage given."""
    cited = [n for n in cited_sources(answer) if n in passages]
    if not cited and not citation_required:
        cited = sorted(passages)
    candidates = _fact_candidates(facts)
    for n in cited:
        candidates += _passage_candidates(n, passages[n])
    checked = numbers_in(answer)
    supported, unsupported = [], []
    for number in checked:
        support = _support(number, candidates)
        if support is None:
            unsupported.append(number)
        else:
            supported.append(support)
    return GroundingReport(not unsupported, checked, unsupported, supported, cited)


def _support(number: Number, candidates: list[_Candidate]) -> Support | None:
    for candidate in candidates:
        value = candidate.match(number)
        if value is not None:
            return Support(number, candidate.source, candidate.shown, value)
    return None


def unsupported_sentences(answer: str, report: GroundingReport) -> list[str]:
    """The sentences (or lines) of `answer` that hold an unsupported number."""
    return [
        m.group().strip()
        for m in _SENTENCE.finditer(answer)
        if any(m.start() <= number.start < m.end() for number in report.unsupported)
    ]


# ---- the extractive fallback --------------------------------------------------------------

QUOTES = 2  # passage sentences quoted when there are no facts
QUOTE_CHARS = 300


def extractive_answer(
    wanted: set[str],
    facts: Sequence[ComputedFact],
    passages: Mapping[int, str],
    fact_numbers: Mapping[int, int] | None = None,
    titles: Mapping[int, str] | None = None,
) -> str:
    """A plain answer that passes `check`: one sentence per fact, or, without facts, quotes of
    the passage sentences that best overlap the question's content words `wanted` (`Query.terms`,
    rag.query.words); "" when nothing overlaps them.

    `fact_numbers` maps a fact's index in `facts` to its citation number (default: the fact's
    `source.n`); `titles` maps a passage number to the title the quote is attributed to.
    """
    if facts:
        numbers = fact_numbers or {}
        options = [
            [_fact_sentence(fact, numbers.get(i, fact.source.n))] for i, fact in enumerate(facts)
        ]
    else:
        titles = titles or {}
        options = [
            [_quote_sentence(n, quote, titles.get(n)), _quote_sentence(n, quote, None)]
            for n, quote in _best_quotes(wanted, passages)
        ]
    sentences = [_first_grounded(choices, facts, passages) for choices in options]
    return " ".join(sentence for sentence in sentences if sentence)


def _first_grounded(
    choices: list[str], facts: Sequence[ComputedFact], passages: Mapping[int, str]
) -> str | None:
    return next((s for s in choices if check(s, facts, passages).grounded), None)


def _fact_sentence(fact: ComputedFact, citation: int | None) -> str:
    """The fact as a sentence, e.g. "AAPL revenue for FY2024 (…) was $391,035 million [1]"."""
    subject = fact.name[:1].upper() + fact.name[1:]
    when = f" for {fact.period}" if fact.period else f" as of {fact.as_of}" if fact.as_of else ""
    how = f" ({fact.formula})" if fact.formula else ""
    marker = f" [{citation}]" if citation else ""
    return f"{subject}{when} was {fact.display()}{how}{marker}."


def _quote_sentence(n: int, quote: str, title: str | None) -> str:
    """'According to <title> [n]: “<quote>”.'"""
    return f"According to {title or 'source'} [{n}]: “{quote.rstrip('. ')}”."


def _best_quotes(wanted: set[str], passages: Mapping[int, str]) -> list[tuple[int, str]]:
    """Up to `QUOTES` (passage number, sentence or table row) sharing most of the `wanted`
    words; ties go to the lower passage number and the earlier sentence."""
    scored = []
    for n in sorted(passages):
        for position, (quote, words) in enumerate(_quotables(passages[n])):
            overlap = len(wanted & words)
            if overlap:
                scored.append((-overlap, n, position, quote))
    return [(n, quote) for _, n, _, quote in sorted(scored)[:QUOTES]]


def _quotables(text: str) -> list[tuple[str, set[str]]]:
    """Sentences of the prose (5 words or more, no boilerplate: rag.answer.support.is_filler,
    nothing instruction-like: rag.answer.injection) and rendered rows of the tables."""
    out: list[tuple[str, set[str]]] = []
    for is_table, lines in groupby(text.splitlines(), key=lambda ln: ln.lstrip()[:1] == "|"):
        block = "\n".join(lines)
        if is_table:
            out += [
                (row, content_terms(row)) for row in table_rows(block) if not is_instruction(row)
            ]
            continue
        for m in _SENTENCE.finditer(block):
            sentence = m.group().strip()
            if (
                len(sentence.split()) >= 5
                and not is_filler(sentence)
                and not is_instruction(sentence)
            ):
                out.append((_shorten(sentence), content_terms(sentence)))
    return out


def table_rows(table: str) -> list[str]:
    """A Markdown table's data rows as "Label — column: value; …" (column labels from the
    header rows, "$" cells dropped)."""
    labels: dict[int, str] = {}
    rows = []
    for i, line in enumerate(table.strip().splitlines()):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not "".join(cells).strip("-: "):
            continue  # the |---| line
        if i == 0 or not cells[0]:
            if i == 0 or sum(1 for cell in cells if cell) > 1:
                labels.update({j: cell for j, cell in enumerate(cells) if cell and j})
            continue
        values = [
            f"{labels[j]}: {cell}" if j in labels else cell
            for j, cell in enumerate(cells)
            if j and cell and cell != "$"
        ]
        if values:
            rows.append(f"{cells[0]} — {'; '.join(values)}")
    return rows


def _shorten(sentence: str) -> str:
    if len(sentence) <= QUOTE_CHARS:
        return sentence
    return sentence[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
