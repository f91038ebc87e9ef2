"""A PDF's table of one figure a row, printed as records: a name over one or more lines (a PDF may
break it mid-word), the figure alone on its line, then a sentence of words ("The Society of
P\\nrofessional Engineering Employeesin Aerospace (SPEEA)\\n11%\\nWe have two major agreements
expiring in Octo ber 2022."), under headings ("Percent of our Employees Represented").

A sentence restating one record ("The Society of Professional Engineering Employees in
Aerospace represented 11% of Boeing's employees, with two major agreements expiring in October
2022") is supported when it names the record (the end of its name spelled letter for letter, or
its abbreviation: "UAW"), says its figure, and says nothing the record, the headings and the
source's names do not. Another record's figure for the named one ("SPEEA represented 22%") is
"figure"; anything else is left to the other checks.
"""

import re
from dataclasses import dataclass

from rag.answer.claims import figures, negated, terms
from rag.answer.numbers import rounds_to
from rag.answer.table_rows import stemmed

_FIGURE_LINE = re.compile(r"^[ \t]*\$?\(?\d[\d,]*(?:\.\d+)?\)?[ \t]*%?[ \t]*$", re.MULTILINE)
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)\s*$")
MIN_NAME_LETTERS = 20  # the end of a record's name a sentence spells: not one short word
HEADING_WORDS = 40  # the words before the first record that head the table
_RELATIVE = terms("who whose whom")  # "the UAW, whose agreement expires ...": no claim


@dataclass
class Record:
    """One record: its name (and the text before it since the record before), its figure and
    the sentence after it."""

    before: str
    figure: str
    after: str


def records(text: str) -> list[Record]:
    """The records of a passage: two or more figures alone on their lines, each after words."""
    lines = list(_FIGURE_LINE.finditer(text))
    if len(lines) < 2:
        return []
    out, start = [], 0
    for i, m in enumerate(lines):
        stop = lines[i + 1].start() if i + 1 < len(lines) else len(text)
        tail = text[m.end() : stop]
        end = re.search(r"\.(?=\s|$)", tail)  # the record's sentence
        after = tail[: end.end()] if end else tail
        before = text[start : m.start()]
        if not before.strip() or figures(before.strip().splitlines()[-1]):
            return []
        out.append(Record(before, m.group().strip(), after))
        start = m.end() + len(after)
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _name(record: Record, sentence: str) -> str | None:
    """The words of the sentence that name the record: the longest end of its name (before its
    figure, since its last sentence or heading) they spell letter for letter, or its
    abbreviation."""
    own = re.split(r"[.:;](?=\s)", record.before)[-1].strip()
    abbreviation = _ABBREVIATION.search(own)
    if abbreviation and re.search(rf"\b{abbreviation.group(1)}\b", sentence):
        return abbreviation.group(1)
    words = _ABBREVIATION.sub("", own).split()
    for k in range(len(words) - 1):
        letters = _squash(" ".join(words[k:]))
        if len(letters) < MIN_NAME_LETTERS:
            break
        m = re.search(r"\b" + r"[^a-z0-9]*".join(letters) + r"\b", sentence, re.IGNORECASE)
        if m:
            return m.group()
    return None


def judge_records(sentence: str, passages: list[str], names: set[str]) -> str | None:
    """ "supported" when a record says the sentence (see the module's docstring), "figure" when
    the record it names has another figure and another record the sentence's; None when no
    record decides."""
    found = figures(sentence)
    if len(found) != 1:
        return None
    for text in passages:
        held = records(text)
        named = [(r, n) for r in held if (n := _name(r, sentence))]
        if len(named) != 1:
            continue
        record, name = named[0]
        printed = figures(record.figure)
        if len(printed) != 1 or not _same(found[0], printed[0]):
            others = [r for r in held if r is not record and _holds(found[0], r.figure)]
            return "figure" if others else None
        heading = " ".join(text[: text.find(held[0].before) + len(held[0].before)].split())
        context = " ".join(heading.split()[-HEADING_WORDS:]) + f" {record.before} {record.after}"
        if negated(sentence) and not negated(record.after):
            return None
        if _said_by(sentence, name, context, names):
            return "supported"
    return None


def _same(figure, cell) -> bool:
    return (figure.unit == "%") == (cell.unit == "%") and rounds_to(figure, cell.value)


def _holds(figure, text: str) -> bool:
    cell = figures(text)
    return len(cell) == 1 and _same(figure, cell[0])


def _said_by(sentence: str, name: str, context: str, names: set[str]) -> bool:
    """Whether the record and its headings say every key term and year of the sentence, read
    letter for letter where the PDF broke its words ("Octo ber 2022")."""
    rest = sentence.replace(name, " ")
    squashed = _squash(context)
    wording = stemmed(terms(context) | names)
    for word in stemmed(terms(rest) - _RELATIVE):
        if word not in wording and word not in squashed:
            return False
    return all(year in squashed for year in re.findall(r"\b(?:19|20)\d\d\b", rest))
