"""A figure binds to the line that is the claim's measure: not to a line whose qualifiers differ.

A passage often prints the same measure in several variants side by side: "Cash generated from
operations was $4.49 billion ... Free cash flow was $4.25 billion"; "Adjusted Property EBITDAR
of $877 million ... Same-Store Adjusted Property EBITDAR of $691 million"; a "Net income" row
above "Net income attributable to Acme, Inc.". A claim that gives one line's figure to another's
label found its figure on the wrong line, though every word of its label is in the passage.

Each figure is read with its label: the words of its clause (a table row's label and heading).
The claim's figure is on the wrong line (`wrong_line`) when
- the claim's label gives it a qualifier of the opposite kind to its line's ("basic" for
  "diluted", "GAAP" for "adjusted", "gross" for "net"), or
- another line of the passage (a rival) says everything of the claim's measure the figure's line
  says and more ("Free cash flow" for a claim "free cash flow was $4.49 billion" printed on
  "cash generated from operations"), or
- the figure's line carries a qualifier that restricts it to a part ("current", "same-store",
  "organic", "adjusted", "diluted", "continuing operations"), the claim drops it, and a rival
  says the claim's measure without that qualifier (or with its other part): "Remaining
  performance obligation was $24.1 billion" where $24.1 billion is the current part and the
  total is printed too. Without such a rival, dropping it is a faithful shortening ("operating
  income" for "GAAP operating income").
"""

import re

from rag.answer.claims import Figure, figures, same_figure, terms

# Qualifiers of a measure, each a key; the same key for words that mean the same.
_QUALIFIERS = {
    "free": r"\bfree\b",
    "current": r"\bcurrent(?!\s+(?:and\s+prior\s+)?(?:fiscal\s+)?"
    r"(?:quarters?|years?|periods?|months?|weeks?|fiscal|quarter|environment|market|"
    r"expectations?|conditions?|price|rate|run|trends?|levels?|plans?|outlook|guidance))\b",
    "noncurrent": r"\bnon-?current\b|\blong-term\b",
    "comparable": r"\bsame[- ]stores?\b|\bcomparable(?!\s+(?:to|with)\b)|\blike[- ]for[- ]like\b"
    r"|\bcomps?\b",
    "organic": r"\borganic(?:ally)?\b",
    "constant": r"\bconstant[- ]currency\b|\bcurrency[- ]neutral\b|\bfx[- ]neutral\b"
    r"|(?-i:\bCC\b)|\bexcluding\s+(?:the\s+)?(?:impact|effects?)\s+of\s+(?:foreign\s+)?currency",
    "adjusted": r"\badjusted\b|\bnon-?gaap\b|\bnon-?ifrs\b",
    "gaap": r"(?<!non-)(?<!non)\b(?:gaap|ifrs)\b|\bas\s+reported\b",
    "attributable": r"\battributable\s+to\b(?!\s+(?:the\s+)?non-?controlling)",
    "noncontrolling": r"\bnon-?controlling\b|\bminority\s+interests?\b",
    "diluted": r"diluted\b",
    "basic": r"\bbasic\b",
    "continuing": r"\bcontinuing\s+operations\b",
    "discontinued": r"\bdiscontinued\s+operations\b",
    "pretax": r"\bpre-?tax\b|\bbefore\s+(?:income\s+)?tax(?:es)?\b",
    "aftertax": r"\bafter[- ]tax\b|\bnet\s+of\s+(?:income\s+)?tax(?:es)?\b",
    "gross": r"\bgross\b",
    "net": r"\bnet\b(?!\s+of\b)",
}
_PATTERNS = {key: re.compile(p, re.IGNORECASE) for key, p in _QUALIFIERS.items()}
_OPPOSITE = {
    "current": "noncurrent",
    "adjusted": "gaap",
    "diluted": "basic",
    "continuing": "discontinued",
    "pretax": "aftertax",
}
_OPPOSITE |= {b: a for a, b in _OPPOSITE.items()}
# Qualifiers that restrict a measure to a part of the whole an unqualified line prints.
PARTS = frozenset(
    "free current noncurrent comparable organic constant adjusted diluted basic continuing"
    " discontinued".split()
)
# Abbreviations a label may use for its measure.
_ABBREVIATIONS = [
    (re.compile(r"\bEPS\b"), "earnings per share"),
    (re.compile(r"\bcRPO\b"), "current remaining performance obligation"),
    (re.compile(r"\bRPO\b"), "remaining performance obligation"),
    (re.compile(r"\bFCF\b"), "free cash flow"),
]
# Where a figure's label ends: a sentence, a line, a bullet, a clause of its own subject.
_BOUNDARY = re.compile(
    r"(?<=[a-z)\d%])(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bCo)(?<!\bNo)\.(?=\s)|[;:!?](?=\s)"
    r"|\n|•|\s[-–—]\s|,\s+(?:and|while|whereas|but|or)\s|\s(?:while|whereas)\s|\s{3,}"
)
_AFTER_END = re.compile(r"[,.;:!?(](?=\s|$)|\n|•|\s(?:compared|versus|vs\.?)\s")
# Words of a label that say when or which way, not what.
_NOT_MEASURE = terms(
    "was were is are be been totaled totalled rose fell increased decreased grew declined up"
    " down quarter year fiscal month period ended ending ends end first second third fourth"
    " full prior last previous same approximately about nearly compared versus increase"
    " decrease growth change higher lower billion million thousand percent per cent cents"
    " over y yoy current prior previous basis points point compared"
)


def keys(text: str) -> set[str]:
    """The qualifier keys a label carries (its abbreviations spelt out: "cRPO" is current)."""
    text = _spelt(text)
    return {key for key, pattern in _PATTERNS.items() if pattern.search(text)}


def _spelt(text: str) -> str:
    for pattern, spelt in _ABBREVIATIONS:
        text = pattern.sub(spelt, text)
    return text


def label(text: str, figure: Figure) -> str:
    """The words that say what a printed figure is: the few measure words before it in its
    clause (past the cells of its table row, past an earlier figure whose words they are not:
    "rose 22% to"), and those after it when no other figure follows in the clause."""
    return f"{_head(text[: figure.start])} {_tail(text[figure.end :])}"


def _head(before: str) -> str:
    starts = [0, *(m.end() for m in _BOUNDARY.finditer(before))]
    segment = before
    for start in reversed(starts):  # cells and dashes before it: the row's label is earlier
        segment = before[start:]
        if _measure_words(segment):
            break
    earlier = figures(segment)
    if _AGAINST.search(segment) and earlier:  # "Net revenues of $2.3 billion ... compared to"
        return _last_words(segment[: earlier[0].start])
    for printed in reversed(figures(segment)):  # the words after the last figure that has some
        if _measure_words(segment[printed.end :]):
            segment = segment[printed.end :]
            break
    return _last_words(segment)


def _tail(after: str) -> str:
    end = _AFTER_END.search(after)
    clause = after[: end.start() if end else len(after)]
    if figures(clause):
        return ""  # a row's next cells, or the next figure's own words
    measures = [m for m in _WORD.finditer(clause) if _measure(m.group())]
    return clause if len(measures) <= LABEL_WORDS else clause[: measures[LABEL_WORDS].start()]


def _measure(word: str) -> bool:
    return bool(terms(word) - _NOT_MEASURE)


def _measure_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if _measure(w)] + sorted(keys(text))


def _last_words(segment: str) -> str:
    """The segment from its LABEL_WORDS-th last measure word on."""
    found = list(_WORD.finditer(segment))
    measures = [m for m in found if _measure(m.group())]
    if len(measures) <= LABEL_WORDS:
        return segment
    return segment[measures[-LABEL_WORDS].start() :]


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_AGAINST = re.compile(r"\b(?:compared\s+(?:to|with)|versus|vs\.?|from|against)\s*$", re.I)
LABEL_WORDS = 6  # a label's measure words: more are another statement's


def words(text: str, names: set[str] = frozenset()) -> set[str]:
    """A label's measure: its key terms (abbreviations spelt out) and qualifier keys, without
    the words of time, direction and scale, and the source's names."""
    text = _spelt(text)
    return (terms(text) - _NOT_MEASURE - names) | {f"q:{k}" for k in keys(text)}


def wrong_line(
    claim_label: str,
    line: str,
    rivals: list[str],
    names: set[str] = frozenset(),
    claim: str = "",
) -> str | None:
    """Whether a claim whose figure has the label `claim_label` took it from a line labelled
    `line` that is another measure than the claim's, `rivals` being the labels of the other
    figures of the passage (see the module's docstring): the reason, "opposite", "rival" or
    "part", else None (`claim`, the whole claim, may give a part qualifier outside the figure's
    label: "Diluted EPS was $0.92, against a loss of $0.29 per share")."""
    mine, theirs = words(claim_label, names), words(line, names)
    said, held = keys(claim_label), keys(line)
    if any(_OPPOSITE.get(k) in held - said and k not in held for k in said):
        return "opposite"
    shared = mine & theirs
    if not shared - {f"q:{k}" for k in said}:
        return None  # the claim names no measure the line names: nothing to compare
    others = [words(r, names) for r in rivals]
    for k in said - held - _LOOSE:  # "free cash flow" where the line is operating cash flow
        if any(f"q:{k}" in rival and shared <= rival for rival in others):
            return "rival"
    for part in (held - said - keys(claim)) & PARTS:
        whole = shared - {f"q:{part}"}
        if any(f"q:{part}" not in rival and whole <= rival for rival in others):
            return "part"
    return None


_LOOSE = frozenset({"net"})  # "sales" for "net sales" is the same line


def misplaced(
    claim: str, figure: Figure, statement: str, statements: list[str], names: set[str] = frozenset()
) -> bool:
    """Whether every place the statement prints the claim's figure is another line than the
    claim's measure, the figures of `statements` (the statement's too) being the rivals."""
    mine = next((f for f in figures(claim) if f.start == figure.start), None)
    own = [f for f in figures(statement) if same_figure(figure, f)]
    if mine is None or not own:
        return False
    rivals = [
        label(text, f)
        for text in statements
        for f in figures(text)
        if not same_figure(figure, f) and (f.unit == "%") == (figure.unit == "%")
    ]
    mine_label = label(claim, mine)
    return all(wrong_line(mine_label, label(statement, f), rivals, names, claim) for f in own)
