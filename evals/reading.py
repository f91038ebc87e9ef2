"""Reading an answer as a strict grader does: its first sentence, its figures with their sign,
direction and scale, the year each figure belongs to, and its yes/no verdict.

Figures are found with `numbers_in` (rag.answer.numbers), the reader the grounding check uses;
what this module adds is what a reader takes from the words around them: "fell 15.7%" is
-15.7, "a 15.7% rise" is +15.7, "a loss of $473 million" is -473 million, and a bare "12,645"
is 12,645 unless the answer itself says "(in millions)".
"""

import re
from dataclasses import dataclass

from rag.answer.grounding import Number, numbers_in

# Words that give a figure printed without a sign its direction. A verb or noun cue counts when
# it stands before the figure in the same clause (at most CUE_WINDOW words back, no level word
# such as "to"/"was" in between: "fell to $10 billion" is a level, not a change), a comparative
# ("lower", "up") only right before it ("down 3%", not "on the lower side of 5.6%"); either
# counts right after it ("a 15.7% rise").
DOWN = (
    r"negative|minus|loss(?:es)?|deficit|fell|falls?|fallen|falling|declin\w*|decreas\w*"
    r"|drop\w*|dipped|down|lower|lost|shr[iau]nk\w*|contract\w*|reduc\w*|slid|slump\w*"
    r"|plung\w*|tumbl\w*|sank|sunk|worsen\w*|deteriorat\w*"
)
UP = (
    r"positive|plus|gain\w*|rose|rises?|risen|rising|increas\w*|gr[eo]w\w*|up|higher|climb\w*"
    r"|jump\w*|advanc\w*|improv\w*|surg\w*|expan\w*"
)
_DOWN = re.compile(rf"^(?:{DOWN})$", re.IGNORECASE)
_UP = re.compile(rf"^(?:{UP})$", re.IGNORECASE)
CUE_WINDOW = 6  # words back from a figure in which a direction word still applies to it
_COMPARATIVE = re.compile(r"^(?:lower|higher|up|down|less|more|plus|minus)$", re.IGNORECASE)
_FILLER = re.compile(
    r"^(?:by|of|about|approximately|approx|roughly|nearly|almost|around|some|just|an?|only)$",
    re.IGNORECASE,
)
_LEVEL = re.compile(
    r"^(?:to|from|at|was|were|is|are|be|been|reached|totall?ed|stood)$", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\n]|,\s|\b(?:while|whereas|but|compared|versus|vs)\b", re.I)
_AFTER_CUE = re.compile(
    rf"\s*(?:percentage\s+points?\s+|points?\s+|pts?\s+)?(?P<word>{DOWN}|{UP})\b", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# A scale the answer states for its bare figures: "(in millions)", "USD millions", "$ in billions".
_SCALE_NOTE = re.compile(
    r"\(\s*(?:\$|usd|us\$)?\s*(?:in\s+)?(thousands|millions|billions)\b[^)]*\)"
    r"|\bin\s+(?:\$|usd\s+|us\$\s*|u\.s\.\s+dollars\s+)?(thousands|millions|billions)\b"
    r"|\b(?:usd|us\$|\$)\s?(thousands|millions|billions)\b",
    re.IGNORECASE,
)
_NOTE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}

# Years a figure can belong to: 2022, FY2022, FY 2022, fiscal 2022, fiscal year 2022, FY22.
_YEAR = re.compile(
    r"(?<![\d$,.])(?:(?:FY|CY|fiscal(?:\s+year)?|calendar(?:\s+year)?)\s?'?)?"
    r"((?:19|20)\d{2})(?![\d%]|,\d)|\bFY\s?'?(\d{2})\b",
    re.IGNORECASE,
)
# What stops a year before a figure from being that figure's ("in 2021, though ... 5.6%").
_SWITCH = re.compile(r"[.!?]\s|;|\b(?:while|whereas|but|though|although|compared|versus|vs)\b")
# What stops a year after a figure from being that figure's ("5.3% vs FY2021 4.8%").
_YEAR_BARRIER = re.compile(r"[;,]|\b(?:vs|versus|compared|while|whereas|against|and|from|to)\b")

_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"“(\[A-Z0-9-])|\n")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Z]\.)+[A-Z]|\b(?:Inc|Corp|Co|Ltd|No|vs|approx|Mr|Ms|Dr|St))$"
)


@dataclass
class Figure:
    """A figure as a reader takes it: signed, in base units; `values` holds its readings (as
    printed, and in the scale the answer itself states for a bare figure: "(in millions)")."""

    number: Number
    value: float
    unit: str | None
    values: tuple[float, ...]  # every reading allowed: as printed, and per the answer's note


def first_sentence(text: str) -> str:
    """The answer's first sentence (or first line): where its verdict is read."""
    text = text.strip()
    for end in _SENTENCE_END.finditer(text):
        if end.group() == "\n" or not _ABBREVIATION.search(text[: end.start()]):
            return text[: end.start() + 1].strip()
    return text


def figures(text: str) -> list[Figure]:
    """Every checked figure of `text`, with the sign its words give it."""
    found = []
    for number in numbers_in(text):
        sign = direction(text, number)
        value = number.value if number.value < 0 else sign * number.value
        values = [value]
        note = scale_note(text, number)
        if (
            note
            and number.scale == 1
            and number.unit not in ("%", "USD/shares", "x", "days", "duration")
        ):
            values.append(value * note)
        found.append(Figure(number, value, number.unit, tuple(values)))
    return found


def direction(text: str, number: Number) -> int:
    """-1 when the words around a figure printed without a sign make it a fall or a loss."""
    if number.value < 0:
        return -1
    after = _AFTER_CUE.match(text, number.end)
    if after:
        return -1 if _DOWN.match(after.group("word")) else 1
    before = _CLAUSE_END.split(text[: number.start])[-1]
    adjacent = True
    for word in reversed(_WORD.findall(before)[-CUE_WINDOW:]):
        if _LEVEL.match(word):
            return 1
        if _COMPARATIVE.match(word) and not adjacent:
            continue  # "on the lower side of 5.6%": not a direction of the figure
        if _DOWN.match(word):
            return -1
        if _UP.match(word):
            return 1
        adjacent = adjacent and bool(_FILLER.match(word))
    return 1


def scale_note(text: str, number: Number) -> float | None:
    """The scale the answer states for the figure's sentence or line ("(in millions)")."""
    start = max(text.rfind("\n", 0, number.start), _last_stop(text, number.start)) + 1
    end_line = text.find("\n", number.end)
    sentence = text[start : end_line if end_line >= 0 else len(text)]
    note = _SCALE_NOTE.search(sentence)
    if not note:
        return None
    return _NOTE_SCALES[next(g for g in note.groups() if g).lower()]


def _last_stop(text: str, before: int) -> int:
    stops = [m.start() for m in re.finditer(r"[.!?]\s", text[:before])]
    return stops[-1] if stops else -1


def years_of(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of every year the text names."""
    out = []
    for m in _YEAR.finditer(text):
        year = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))
        out.append((year, m.start(), m.end()))
    return out


def year_of(text: str, number: Number, others: list[Number]) -> int | None:
    """The year a figure belongs to: the next year named after it in its clause ("0.62% in
    FY2022"), else the year named just before it ("FY2022 was 0.62%"); none across another
    figure."""
    years = years_of(text)
    between = [n.start for n in others if n is not number]
    following = [y for y in years if y[1] >= number.end]
    if following:
        year, start, _ = following[0]
        gap = text[number.end : start]
        crossed = any(number.end <= s < start for s in between)
        if not _YEAR_BARRIER.search(gap) and not crossed and not re.search(r"[.!?]\s", gap):
            return year
    preceding = [y for y in years if y[2] <= number.start]
    if preceding:
        year, _, end = preceding[-1]
        gap = text[end : number.start]
        crossed = any(end <= s < number.start for s in between)
        if not crossed and not _SWITCH.search(gap) and len(gap.split()) <= CUE_WINDOW:
            return year
    return None


# ---- yes or no -----------------------------------------------------------------------------

_YES_NO = re.compile(r"\W*(yes|no)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|neither|nor|without|cannot)\b|n['’]t\b", re.IGNORECASE
)
_UNFAVOURABLE = re.compile(
    r"\b(?:weak|poor|unhealthy|inadequate|insufficient|unfavou?rable)\b", re.IGNORECASE
)
_STEADY = re.compile(r"\b(?:unchanged|flat|stable|steady|remained|same)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:chang\w*|differ\w*|mov\w*)\b", re.IGNORECASE)
_QUESTION_DOWN = re.compile(
    r"\b(?:decreas\w*|declin\w*|drop\w*|fall|fell|fallen|reduc\w*|lower\w*|negative|shr[iau]nk)",
    re.IGNORECASE,
)
_QUESTION_UP = re.compile(
    r"\b(?:increas\w*|ris[ei]\w*|rose|gr[eo]w\w*|improv\w*|positive|gain\w*|rais\w*)",
    re.IGNORECASE,
)


def asked_direction(question: str) -> str | None:
    """What a yes/no question asks about: "up" (increase, improve, positive), "down", "change"."""
    up, down = _QUESTION_UP.search(question), _QUESTION_DOWN.search(question)
    if up and down:
        return "up" if up.start() < down.start() else "down"
    if up or down:
        return "up" if up else "down"
    return "change" if _CHANGE.search(question) else None


def said_direction(sentence: str) -> str | None:
    """The first direction a sentence states ("decreased" -> "down"), or "steady"."""
    for word in _WORD.findall(sentence):
        if _DOWN.match(word):
            return "down"
        if _UP.match(word):
            return "up"
        if _STEADY.match(word):
            return "steady"
    return None


def polarity(answer: str, question: str, restates: bool) -> str | None:
    """The answer's yes or no, read from its whole first sentence: an opening Yes/No; else the
    direction it states against the one asked ("decreased" to "has debt increased?" is no),
    turned by a negation ("did not increase"); else, when the sentence restates what was asked
    (`restates`), yes unless negated or judged unfavourable. None when it does not say."""
    sentence = first_sentence(answer)
    opening = _YES_NO.match(sentence)
    if opening:
        return opening.group(1).lower()
    negated = len(_NEGATION.findall(sentence)) % 2 == 1
    asked, said = asked_direction(question), said_direction(sentence)
    if asked and said:
        if asked == "change":
            agrees = said != "steady"
        else:
            agrees = said == asked
        return "yes" if agrees != negated else "no"
    if asked in ("up", "down"):
        return None  # a change was asked about and the sentence states none
    if restates:
        unfavourable = bool(_UNFAVOURABLE.search(sentence))
        return "no" if negated != unfavourable else "yes"
    return None
