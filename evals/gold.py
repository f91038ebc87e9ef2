"""What a gold answer in prose asks of an answer, read from the gold text and the question alone:
the entities it names, the option it picks among those the question offers, and its figures
with the year each belongs to. No list of companies or questions: the same rules for any row.

- Key entities: a gold answer that opens with a short verbless phrase names its answer there
  ("Corporate. Its net revenue was -$473 million."); other proper names in the gold
  ("Lion Air", "Ulta Beauty", "Richard A. Johnson") are key unless the question already says
  them. Names are matched whole (`names`): "Corporate" is not named by "Corporate & Investment
  Bank", because an English name's head is its last word; "Corporate & Investment Bank" is
  named by its initials "CIB" too.
- The pick: the entity a gold opens with is its answer to "which ...?", so it must be the first
  name of the answer's first sentence (names the question says aside): a quoted segment table
  that lists every segment names the gold's too, but does not answer.
- Options: a question that lists choices ("Among operations, investing, and financing
  activities, which ...") makes the gold's choice the one the answer must pick first.
"""

import re

from evals.reading import figures, first_sentence, year_of

OPENING_WORDS = 6  # a gold answer opening with a phrase this short names its answer there
LEGAL = r"(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|plc|LP|N\.A)\.?"
_CONNECT = r"(?:\s*&\s*|\s+(?:and|of|de|du|la|for|the)\s+|\s+|-)"
_CAP = r"(?:[A-Z][a-z][\w'’]*|[A-Z]\.|[A-Z]{2,}\b)"
_NAME = re.compile(rf"(?<![\w'’]){_CAP}(?:{_CONNECT}{_CAP})*")
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|had|have|did|does|do|will|can|could|would|should|its?|\w+ed)\b",
    re.IGNORECASE,
)
_ALSO_KNOWN = re.compile(r"\s*,?\s*(?:d/b/a|doing business as|formerly|also known as|aka)\s+")
_MONTHS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
_FUNCTION = frozenset(
    "a an the this these those its it their his her she he they we our yes no among both each "
    "multiple several some any all there here of in on at by for to from with as".split()
)


def _norm(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("&", " and ").replace("-", " ")
    text = re.sub(r"\b(\w)\.(?=\w\.)", r"\1", text)  # U.S. -> us
    return re.sub(r"[^\w' ]+", " ", re.sub(r"\s+", " ", text)).strip()


def _words(text: str) -> set[str]:
    return {w[:6] for w in _norm(text).replace("'s", "").split()}


# ---- entities -----------------------------------------------------------------------------


def key_entities(gold: str, question: str, company: str = "") -> list[list[str]]:
    """The names a correct answer must say; each is a list of accepted forms."""
    found: list[list[str]] = []
    opening = opening_phrase(gold)
    if opening:
        found.append([opening])
    asked = _words(question) | _words(company)
    for by_position, name, alias in _proper_names(gold):
        if by_position and len(name.split()) == 1:
            continue  # "Multiple lawsuits ...", "Gross margin ...": capitalised by position
        if not re.search(r"[a-z]", name) or name.casefold() in _MONTHS:
            continue  # acronyms (ROA, CEO, FY2022) and dates are not the entity asked for
        if _words(name) <= asked or any(name in forms for forms in found):
            continue
        found.append([name, alias] if alias else [name])
    return found


def opening_phrase(gold: str) -> str | None:
    """ "Corporate." or "Cross currency swaps." opening the gold: the answer it names."""
    first = first_sentence(gold).rstrip(".")
    words = first.split()
    if not words or len(words) > OPENING_WORDS or re.match(r"\W*(yes|no)\b", first, re.I):
        return None
    return None if _VERB.search(first) or re.search(r"\d", first) else first


def _proper_names(gold: str) -> list[tuple[bool, str, str | None]]:
    """(capitalised only because it opens a sentence?, the name without leading function words
    or legal suffix, its alias after "d/b/a" or "formerly")."""
    names = []
    for m in _NAME.finditer(gold):
        name = _strip(m.group())
        if not name:
            continue
        at_start = _opens_sentence(gold, m.start())
        alias = None
        rest = gold[m.end() :]
        suffix = re.match(rf",?\s*{LEGAL}", rest)
        rest = rest[suffix.end() :] if suffix else rest
        known = _ALSO_KNOWN.match(rest)
        if known:
            other = _NAME.match(rest, known.end())
            alias = _strip(other.group()) if other else None
        by_position = at_start and m.group().startswith(name)  # not "The Corporate segment"
        names.append((by_position, name, alias))
    aliases = {alias for _, _, alias in names if alias}
    return [n for n in names if n[1] not in aliases]


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:“"(' or bool(re.search(r"\(\d\)$", before))


def _strip(name: str) -> str:
    """Without leading function words, a leading title ("CEO of") or a legal suffix."""
    name = re.sub(r"^(?:[A-Z]{2,}\s+of\s+)+", "", name)
    words = name.split()
    while words and words[0].casefold() in _FUNCTION:
        words = words[1:]
    while words and re.fullmatch(LEGAL, words[-1]):
        words = words[:-1]
    return " ".join(words)


def names(answer: str, entity: str) -> bool:
    """The answer names the entity whole: not as the start of a longer name ("Corporate" in
    "Corporate & Investment Bank"); hyphens, "&"/"and", a legal suffix and a missing middle
    initial allowed; a multiword name also by its initials ("CIB")."""
    return next(_named_at(answer, entity), None) is not None


def _named_at(answer: str, entity: str):
    """Where the answer names the entity whole (see `names`), in order of the pattern tried."""
    words = re.findall(r"[A-Za-z0-9']+", entity)
    if not words:
        return
    pattern = re.escape(words[0])
    for word in words[1:]:
        if len(word) == 1 and word.isupper():  # a middle initial: "Richard (A.) Johnson"
            pattern += rf"(?:{_JOIN}{word}\.?)?"
        else:
            pattern += _JOIN + re.escape(word)
    whole = re.compile(rf"(?<![\w-]){pattern}(?:['’]s)?(?![\w-])", re.IGNORECASE)
    yield from (m.start() for m in whole.finditer(answer) if not _LONGER.match(answer, m.end()))
    capitals = [w[0] for w in words if w.casefold() not in ("and", "of", "the", "for")]
    if len(capitals) >= 2:
        yield from (m.start() for m in re.finditer(rf"\b{''.join(capitals).upper()}\b", answer))


def picks_first(sentence: str, pick: str, question: str, company: str = "") -> bool:
    """The sentence names `pick` before any other name, names the question says aside (and
    capitalised opening words such as "According"): "Corporate had the lowest ..." picks
    Corporate; a table row "Consumer & Community Banking Corporate & Investment Bank ..."
    does not."""
    at = min(_named_at(sentence, pick), default=None)
    if at is None:
        return False
    asked = _words(question) | _words(company)
    for m in _NAME.finditer(sentence[:at]):
        name = _strip(m.group())
        if not name or _words(name) <= asked:
            continue
        if _opens_sentence(sentence, m.start()) and len(m.group().split()) == 1:
            continue
        return False
    return True


_JOIN = r"(?:\.?\s*&\s*|\.?\s+and\s+|\.?[\s\-–]+)"
# What makes a match the start of a longer name: "& Investment Bank", " Bank" (not "Ltd").
_LONGER = re.compile(rf"(?:\s*&\s*|\s+and\s+|\s+)(?!{LEGAL}\b)[A-Z][a-z]")


# ---- options ------------------------------------------------------------------------------

_LIST = re.compile(
    r"\b(?:among|between|of|whether|from)\s+(?:the\s+)?(?P<items>[^?]*?(?:,\s*|\s+)(?:and|or)\s+"
    r"[^,?]*?)(?=,|\?|\s+(?:which|who|what|has|had|is|was)\b|$)",
    re.IGNORECASE,
)


def options(question: str) -> list[str]:
    """The choices a question lists ("operations, investing, and financing activities"), as
    their first content word; none unless the question asks to pick (which/who/whether)."""
    if not re.search(r"\b(?:which|who|whether)\b", question, re.IGNORECASE):
        return []
    for m in _LIST.finditer(question):
        items = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("items"))
        heads = [_head(item) for item in items]
        heads = [h for h in heads if h]
        if len(heads) >= 3 or (len(heads) == 2 and " or " in m.group("items")):
            return heads
    return []


def _head(item: str) -> str | None:
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", item):
        if word.casefold() not in _FUNCTION and not re.match(r"(?i)fy|q\d", word):
            return word
    return None


def picked(text: str, choices: list[str]) -> str | None:
    """The choice a text names first (by stem: "operating" picks "operations")."""
    first = None
    for choice in choices:
        stem = _norm(choice)[:6]
        m = re.search(rf"\b{re.escape(stem)}", _norm(text))
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), choice)
    return first[1] if first else None


# ---- figures and their years --------------------------------------------------------------


def dated_figures(gold: str) -> list[dict]:
    """Figures of the gold bound to different years ("0.62% in FY2022, compared to -14.76% in
    FY2021"): [{"value", "unit", "year"}]; empty unless two figures of a unit name two years."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", gold)
    dated = []
    for sentence in sentences:
        found = figures(sentence)
        numbers = [f.number for f in found]
        for figure in found:
            year = year_of(sentence, figure.number, numbers)
            if year is not None:
                dated.append({"value": figure.value, "unit": figure.unit, "year": year})
    by_unit: dict[str | None, set[int]] = {}
    for d in dated:
        by_unit.setdefault(d["unit"], set()).add(d["year"])
    return [d for d in dated if len(by_unit[d["unit"]]) >= 2]


def restates(answer: str, question: str, company: str = "") -> bool:
    """The answer's first sentence says at least half of what the question asks about (its
    content words, less the company's name): an affirmation unless negated."""
    stop = {"has", "have", "had", "does", "did", "was", "were", "are", "the", "any", "for"}
    asked = {
        w
        for w in _words(question) - _words(company)
        if len(w) > 2 and w not in stop and not re.fullmatch(r"(?:fy)?\d+", w)
    }
    said = _words(first_sentence(answer))
    return bool(asked) and len(asked & said) * 2 >= len(asked)
