"""The grounding check: every figure in an answer must match a computed fact or a number printed
in a passage the answer cites, after normalizing units, scale and rounding; plus an extractive
answer that passes it. Pure text processing: no model, and no judgement of the words around.
"""

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby

from rag.answer.derived import derives
from rag.answer.injection import is_instruction
from rag.answer.numbers import (
    Number,
    is_bare_year,
    numbers_in,
    restates,
    scan,
    spelled_ranges,
    units_agree,
)
from rag.answer.support import is_filler
from rag.figures.evidence import ComputedFact
from rag.query.words import content_terms

# Rules (the tests in tests/rag/answer/test_grounding.py and test_grounding_scales.py pin each
# one down):
# - Checked: the figures rag.answer.numbers reads (`numbers_in`, the rules atop that module:
#   amounts, percentages, per-share amounts, share counts, multiples, day counts; not years,
#   dates, form names, references, list numbering, whole spans of time (12 months) or bare
#   integers below 10).
# - A figure matches when the candidate, rounded to the decimals the answer printed (in the
#   answer's scale), gives the answer's figure: 391.0 billion matches 391,035,000,000 and
#   391.1 billion does not; an answer never claims a digit its source lacks ("$95.04 billion"
#   or "46.24%" for a printed "$95.0 billion" or "46.2%"; trailing zeros claim none:
#   "$95,000 million" and "$95.00 billion" restate it). Signs are compared by magnitude, since
#   words carry them ("a loss of $565 million" for (565)).
# - Units must agree when both sides state one ($ with USD or USD per share, % with %, € with €).
# - Candidates: every computed fact and its inputs (always allowed, cited or not), numbers in
#   the facts' names, periods and formulas, and the numbers of the passages the answer cites
#   with [n] anywhere in it. An answer that cites nothing can only use the facts (unless the
#   caller passes citation_required=False, e.g. for a sentence whose citation comes later).
# - Passage table figures are unscaled: they count as printed and times each scale note printed
#   before them ("(in millions)", "$ in millions", "(dollars in thousands)", "(000s)"; a note on
#   shares, "shares ... in thousands", scales share counts only; a note naming a currency
#   rules out amounts in another). A table figure is a cell of a Markdown row or of a PDF
#   statement, however its text came out: columns of spaces, one cell per line ("Cross currency
#   swaps\n32,502 \n26,288"), or figures side by side with nothing but spaces, currency signs,
#   parentheses or dashes between them; a bare year among them is a column heading, never
#   scaled. A table figure with no note before it (a table chunk cut from its caption) matches
#   by its printed digits only, in the answer's scale: "$391,035 million" matches "391,035"
#   there, "$391.0 billion" does not. Prose figures carry their scale word or none.

_NOTE_CURRENCY = r"(?:U\.?S\.?\s+)?dollars|US\$|\$|USD|€|EUR|euros?|£|GBP|pounds"
_NOTE_SCALE = r"thousands|millions|billions"
_SCALE_NOTE = re.compile(
    rf"(?:(?P<before>{_NOTE_CURRENCY})\s*)?\bin\s*(?:(?P<inside>{_NOTE_CURRENCY})\s*)?"
    rf"(?P<scale>{_NOTE_SCALE})\b(?:\s+of\s+(?P<after>{_NOTE_CURRENCY}))?"  # dollars in millions
    rf"|\((?:(?P<lead>{_NOTE_CURRENCY})\s*)?(?P<bare>{_NOTE_SCALE})\b(?=[^()]*\))"
    # "(inmillions)" as a PDF glues it; (millions), ($ millions), (MILLIONS, EXCEPT PER ...)
    r"|\((?:in\s+)?(?P<sign>[$€£])?\s*[‘'’]?(?P<k>000)[‘'’]?s?(?:\s+omitted)?\)",  # (000s)
    re.IGNORECASE,
)
_NOTE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "000": 1e3}
_CURRENCY_WORDS = {"dollar": "USD", "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR"}
_CURRENCY_WORDS |= {"eur": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP"}
_CITATION = re.compile(r"\[\s*(\d+(?:\s*[,;–-]\s*\d+)*)\s*\]")
_RANGE = re.compile(r"(\d+)(?:\s*[–-]\s*(\d+))?")
_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)")


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
    place: float = 0.0  # the place of its last printed digit as printed; 0: an exact value
    currencies: frozenset[str | None] = frozenset()  # named by the scale notes over it

    def match(self, number: Number) -> float | None:
        """The value (in base units) that supports `number`, if any."""
        if not units_agree(number.unit, self.unit) or not self._currency_agrees(number):
            return None
        scales = self.scales or (_AS_PRINTED, (number.scale, None))  # unknown: digits as printed
        if number.scale != 1 and self._noted(number):
            scales = tuple(s for s in scales if s != _AS_PRINTED)  # "$1.72 million" for 1,722,792
        for scale, only in scales:
            if only in (None, number.unit) and restates(
                number, self.value * scale, self.place * scale
            ):
                return self.value * scale
        return None

    def _noted(self, number: Number) -> bool:
        """A table figure under a scale note that applies to `number`'s unit: the figure's
        digits as printed are not its value, so a claim that gives them a scale word of its own
        ("$1.72 million" for 1,722,792 in thousands) restates nothing; the bare digits
        ("$391,035") still count as printed."""
        return any(scale != 1.0 and only in (None, number.unit) for scale, only in self.scales)

    def _currency_agrees(self, number: Number) -> bool:
        """An amount in a currency against a table figure whose notes all name another."""
        if not number.money or self.unit or not self.currencies or None in self.currencies:
            return True
        return (number.unit or "").split("/")[0] in self.currencies


def cited_sources(answer: str) -> list[int]:
    """The source numbers the answer's [n] markers cite ([2, 3] and [1-3] included), sorted."""
    cited: set[int] = set()
    for marker in _CITATION.finditer(answer):
        for low, high in _RANGE.findall(marker.group(1)):
            first, last = int(low), int(high or low)
            cited.update(range(first, last + 1) if last - first < 50 else (first, last))
    return sorted(cited)


# ---- matching -----------------------------------------------------------------------------


def _fact_candidates(facts: Sequence[ComputedFact]) -> list[_Candidate]:
    candidates = []
    for fact in _with_inputs(facts):
        candidates.append(_Candidate(f"fact: {fact.name}", fact.display(), fact.value, fact.unit))
        label = " ".join(part for part in (fact.name, fact.period, fact.formula) if part)
        candidates += [
            _Candidate(f"fact label: {fact.name}", n.text, n.value, n.unit, place=n.last_place)
            for n in scan(label)
        ]
    return candidates


def _with_inputs(facts: Iterable[ComputedFact]) -> list[ComputedFact]:
    """The facts and, depth first, the inputs of the derived ones."""
    out: list[ComputedFact] = []
    for fact in facts:
        out += [fact, *_with_inputs(fact.inputs)]
    return out


def _passage_candidates(n: int, text: str) -> list[_Candidate]:
    text = spelled_ranges(text)  # "$5.2-5.6 billion": both ends, "$5.6 billion" too
    notes = _scale_notes(text)
    numbers = scan(text)
    cells = _table_cells(text, numbers)
    candidates = []
    for i, number in enumerate(numbers):
        scales: tuple[_Scale, ...] = (_AS_PRINTED,)
        currencies: frozenset[str | None] = frozenset()
        scalable = number.scale == 1 and number.unit != "%" and not is_bare_year(number)
        if scalable and i in cells:
            over = [(scale, cur) for at, end, scale, cur in notes if at < number.start < end]
            scales = (_AS_PRINTED, *sorted({s for s, _ in over}, key=str)) if over else ()
            currencies = frozenset(currency for _, currency in over)
        candidates.append(
            _Candidate(
                f"passage [{n}]",
                number.text,
                number.value,
                number.unit,
                scales,
                number.last_place,
                currencies,
            )
        )
    return candidates


def _scale_notes(text: str) -> list[tuple[int, int, _Scale, str | None]]:
    """Where the text states a scale ("(in millions)") and where it stops applying, what it is
    and the currency it names ("(dollars in millions)": USD), if any; a note about shares
    ("number of shares, which are reflected in thousands") scales share counts only, and a
    note inside a row's label ("Network volumes (Billions) $ 1,552.8") that row only."""
    notes = []
    for m in _SCALE_NOTE.finditer(text):
        scale = _NOTE_SCALES[(m.group("scale") or m.group("bare") or m.group("k")).lower()]
        clause = re.split(r"[(;:]|\bin\s+\w+s\b", text[max(0, m.start() - 60) : m.start()])[-1]
        only = "shares" if re.search(r"\bshares?\b", clause, re.IGNORECASE) else None
        notes.append((m.start(), _note_end(text, m), (scale, only), _note_currency(m)))
    return notes


def _note_end(text: str, note: re.Match[str]) -> int:
    """Where a scale note stops applying: the end of its line when it stands in a row's label
    (words before it, figures other than years after it on its line), else the text's end."""
    line_start = text.rfind("\n", 0, note.start()) + 1
    line_end = text.find("\n", note.end())
    line_end = len(text) if line_end < 0 else line_end
    label = re.search(r"[A-Za-z]{2}", text[line_start : note.start()])
    cells = [n for n in scan(text[note.end() : line_end]) if not is_bare_year(n)]
    return line_end if label and cells else len(text)


def _note_currency(note: re.Match[str]) -> str | None:
    named = next(
        (note.group(g) for g in ("before", "inside", "after", "lead", "sign") if note.group(g)),
        None,
    )
    return _CURRENCY_WORDS[named.lower().split()[-1].rstrip("s")] if named else None


_PDF_ROW = re.compile(r"\S\s{2,}[$(]?\s*[\d(][\d,.)]*\s{2,}[$(]?\s*[\d(]")
_BETWEEN_CELLS = re.compile(r"[$€£()%—–\s-]*\s[$€£()%—–\s-]*")  # "  ", " $ ", " \n(", " — "
_CELL_MARKS = "$€£()%—–- \t\r\xa0"


def _table_cells(text: str, numbers: Sequence[Number]) -> set[int]:
    """The indexes of the `numbers` (`scan(text)`, in order) that stand in a table: on a table
    row (`_table_row`), alone on their line but for signs ("79,268 $"; not after a sentence:
    a page number), or beside another figure with nothing but spaces, currency signs,
    parentheses or dashes between ("3,550 2,538"). Each line is read once: a row thousands of
    cells wide costs no more than its size."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines: dict[int, list[int]] = {}
    for i, number in enumerate(numbers):
        lines.setdefault(bisect_left(breaks, number.start), []).append(i)
    cells: set[int] = set()
    for k, members in lines.items():
        start = breaks[k - 1] + 1 if k else 0
        line = text[start : breaks[k] if k < len(breaks) else len(text)]
        only = numbers[members[0]]
        rest = line[: only.start - start] + line[only.end - start :]
        after_prose = text[max(0, start - 200) : start].rstrip().endswith((".", "!", "?"))
        alone = len(members) == 1 and not rest.strip(_CELL_MARKS) and not after_prose
        if alone or _table_row(line):
            cells.update(members)
    for i, (first, second) in enumerate(zip(numbers, numbers[1:], strict=False)):
        gap = text[first.end : second.start]
        bare = first.scale == second.scale == 1
        if bare and len(gap) <= 40 and _BETWEEN_CELLS.fullmatch(gap):
            cells.update((i, i + 1))
    return cells


def _table_row(line: str) -> bool:
    """A Markdown row, or a statement line of a PDF whose columns are runs of spaces ("Gross
    profit   9,912     11,640     10,573")."""
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
        support = _support(number, candidates) or _computed(number, answer, cited, passages)
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


def _computed(
    number: Number, answer: str, cited: list[int], passages: Mapping[int, str]
) -> Support | None:
    """A figure its sentence says is computed ("rose $608 million", "about 41% of the total")
    from figures a cited passage prints together (rag.answer.derived)."""
    around = [m for m in _SENTENCE.finditer(answer) if m.start() <= number.start < m.end()]
    start, end = (around[0].start(), around[0].end()) if around else (0, len(answer))
    own = replace(number, start=number.start - start, end=number.end - start)
    for n in cited:
        if derives(own, answer[start:end], passages[n]):
            return Support(number, f"computed from passage [{n}]", number.text, number.value)
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
    """'According to <title> [n]: “<quote>”.' (a headline's own "?" or "!" is dropped: it would
    end the sentence before its citation)."""
    title = (title or "source").rstrip("?!. ")
    return f"According to {title} [{n}]: “{quote.rstrip('. ')}”."


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
