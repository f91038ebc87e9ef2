"""What an answer sentence claims, compared word by word with one passage statement: sentences
split as a filing writes them ("U.S.", "Inc." and "No." end none), key terms stemmed with
financial synonyms ("net sales" is revenue, "rose" is an increase), numbers read with their scale
("$68.6 billion" is 68,622 million), and the three ways a close paraphrase still says something
else: a number bound to another line or period ("$754 million and $989 million for 2023 and
2024"), the opposite direction ("declined" for "increased", "weaker" for "strength"), and a
negation the passage does not make (or one the sentence drops)."""

import re

from rag.answer.numbers import Number, is_bare_year, rounds_to, scan, units_agree
from rag.query.words import STOPWORDS, SYNONYMS

# ---- sentences ---------------------------------------------------------------------------

# A period after these ends no sentence: "U.S. Patent", "Amazon.com, Inc. in", "No. 7,177,798".
_ABBREVIATIONS = frozenset(
    "u.s inc no nos co corp ltd mr ms mrs dr st jr sr vs e.g i.e approx fig dept l.p n.a".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'’”)\]]*\s+")
_WRAP = 60  # a line at least this long that ends mid-sentence was wrapped, not ended


def sentences(text: str) -> list[str]:
    """The sentences of a block of prose. A blank line, or a line break after a sentence's end,
    a colon or a short line (a heading), or before a bullet ends one; a PDF's wrapped lines are
    joined."""
    out = []
    for paragraph in _paragraphs(text):
        start = 0
        for m in _BOUNDARY.finditer(paragraph):
            if not _ends_sentence(paragraph, m.start(), m.end()):
                continue
            out.append(paragraph[start : m.end()].strip())
            start = m.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return [s for s in out if s]


_BULLETS = ("•", "●", "▪", "◦", "- ", "* ")
# A blank line inside a sentence (a PDF's text between every two lines: "Of the total\n \n
# employed people") is no paragraph break.
_INNER_BLANK = re.compile(r"(?<![.!?:])[ \t]*\n[ \t]*\n(?=[ \t]*[a-z])")


def _paragraphs(text: str) -> list[str]:
    paragraphs, current = [], ""
    for line in _INNER_BLANK.sub("\n", text).splitlines():
        line = line.strip()
        if not line:
            paragraphs.append(current)
            current = ""
            continue
        ended = not current or current.endswith((".", "!", "?", ":")) or len(current) < _WRAP
        ended = ended and not _abbreviated(current)  # "... Holdings, L.P.\n(“3G Capital”)"
        if current and (ended or line.startswith(_BULLETS)) and not line[:1].islower():
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}".strip()
            if len(line) < _WRAP and line.endswith((".", "!", "?", ":")) and not _abbreviated(line):
                paragraphs.append(current)
                current = ""
    paragraphs.append(current)
    return [p for p in paragraphs if p]


def _abbreviated(text: str) -> bool:
    """Whether a line ends with an abbreviation ("Inc.", "L.P."), not a sentence."""
    word = re.search(r"[\w.&]*$", text).group().lower().rstrip(".")
    return bool(word) and word in _ABBREVIATIONS


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    word = re.search(r"[\w.&]*$", text[:dot]).group().lower()
    if text[dot] == "." and (word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)):
        return False  # "W.D. Wash.", "Richard A. Johnson"
    following = text[after : after + 1]
    return not following or not following.islower()


# ---- key terms ---------------------------------------------------------------------------

# Words a paraphrase swaps for the filing's own: each maps to the first of its group.
_SAME = [
    "increase increased increases increasing rose rise rises rising risen grew grow grows growing"
    " growth higher raise raised raises up climbed climbs jumped soared surged widen widened"
    " widens doubled lift lifted lifts boost boosted boosts raising lifting boosting",
    "decrease decreased decreases decreasing fell fall falls falling fallen decline declined"
    " declines declining lower lowered drop dropped drops down reduce reduced reduces reduction"
    " reductions slipped slips plunged tumbled shrank shrink shrinks shrunk narrow narrowed"
    " narrows",
    "acquire acquired acquires acquisition acquisitions bought buys purchase purchased purchases",
    "use uses used using utilize utilizes utilized",
    "result results resulted lead leads led",
    "provide provides provided offer offers offered",
    "able unable",
    "worsen worsens worsened exacerbate exacerbates exacerbated",
    "affect affects affected affecting impact impacts impacted impacting",
    "next succeeding following coming",
    "expect expects expected forecast forecasts forecasted anticipate anticipates anticipated"
    " plan plans planned intend intends intended intention intentions",
    "spend spends spending spent expenditure expenditures",
    "fiscal fy",
    "comprise comprises comprised comprising consist consists consisted consisting constitute"
    " constitutes constituted",
]
_CANONICAL = {word: group.split()[0] for group in _SAME for word in group.split()}
_PHRASES = [
    (re.compile(r"\bthree[- ]months?\b", re.I), "quarter"),
    (re.compile(r"\b(?:make|makes|made|making) up\b", re.I), "comprise"),  # "women make up 39%"
    (re.compile(r"\b(?:came|comes|come) from\b", re.I), "due to"),  # "the gain came from ..."
]
# Words that carry no claim of their own in an answer sentence.
_NO_CLAIM = frozenset(
    """
    according said say says state states stated also mainly primarily main about approximately
    compared versus while which such both each than would could may might can its our we they
    them it year years earlier prior previous period total amount company not no but if though
    although those through due other into onto upon via per then so because whether either
    just only every any some thousand million billion trillion percent us end accounted primary
    fiscal fy among against attribute attributes attributed attributable helped reach reached
    reaches reflect reflects reflected generate generates generated roughly nearly almost
    stood stand stands totaled totalled totals amounted
    """.split()
)
# "-xes" leaves the singular ("taxes": "tax").
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "able", "ible", "ies", "ied", "xes")
_SUFFIXES += ("ed", "es", "ly", "s")


def _stem(word: str) -> str:
    if len(word) == 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # "owns": "own" (longer words lose the "s" below)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "xes" else 4):
            word = word[: -len(suffix) + (1 if suffix == "xes" else 0)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word[:6]


def terms(text: str) -> set[str]:
    """Key terms: content words, synonyms mapped (rag.query.words and the groups above), crudely
    stemmed; numbers and scale words left out (they are compared as numbers)."""
    for pattern, word in _PHRASES:
        text = pattern.sub(word, text)
    out = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if len(word) < 2 or word in STOPWORDS or word in _NO_CLAIM:
            continue
        out.add(_stem(_CANONICAL.get(word, SYNONYMS.get(word, word))))
    return out


def coverage(claim: set[str], text_terms: set[str]) -> float:
    """The share of the claim's key terms the text has."""
    return len(claim & text_terms) / len(claim) if claim else 1.0


# ---- numbers -----------------------------------------------------------------------------

# The one number reader is rag.answer.numbers (the grounding gate's): its units, currencies,
# scale words and abbreviations, and its masks (dates, citation markers, form names, item and
# note references, list numbering) apply here too.
Figure = Number
FILING_SCALES = (1.0, 1e3, 1e6, 1e9)  # a statement table's figure may be printed in any of these


def figures(text: str) -> list[Figure]:
    """The quantities in `text` (rag.answer.numbers.scan) other than bare years ("2024"):
    amounts with their scale and currency, percentages, per-share amounts, counts."""
    return [f for f in scan(text) if not is_bare_year(f)]


def same_figure(claim: Figure, printed: Figure) -> bool:
    """Whether the passage's figure, at any usual scale of a filing, rounds to the claim's, in
    the same unit when both state one (rag.answer.numbers.rounds_to), a percentage only to a
    percentage."""
    if not units_agree(claim.unit, printed.unit) or (claim.unit == "%") != (printed.unit == "%"):
        return False  # "16 new warehouses" is no "16% increase"
    return any(rounds_to(claim, printed.value * scale) for scale in FILING_SCALES)


# ---- respectively: figures bound to periods ------------------------------------------------

PERIOD = re.compile(
    r"\b(?:(?:first|second|third|fourth) quarter|first (?:three|six|nine|twelve) months"
    r"|(?:first|second) half|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^\s*,?\s*(?:and\s+)?(?:the\s+)?[$€£]?\s*$")


def list_runs(text: str, items: list[tuple[int, int, object]]) -> list[list[tuple]]:
    """Runs of two or more (start, end, value) items joined only by ", " or "and": "X and Y",
    "X, Y and Z"."""
    runs, run = [], []
    for item in items:
        if run and _LIST_GAP.match(text[run[-1][1] : item[0]]):
            run.append(item)
        else:
            if len(run) > 1:
                runs.append(run)
            run = [item]
    if len(run) > 1:
        runs.append(run)
    return runs


def _lists(text: str, items: list[tuple[int, int, object]]) -> list[list[object]]:
    """The values of `list_runs`."""
    return [[value for _, _, value in r] for r in list_runs(text, items)]


def misbound(claim: str, statement: str) -> bool:
    """Whether the claim pairs a figure with another period than the statement does: "$754
    million at December 31, 2024" from "As of December 31, 2023 and 2024 ... $754 million and
    $989 million". Only a claim that gives one figure of a list is judged."""
    printed = figures(statement)
    figure_lists = _lists(statement, [(f.start, f.end, f) for f in printed])
    period_lists = _lists(
        statement, [(m.start(), m.end(), m.group().lower()) for m in PERIOD.finditer(statement)]
    )
    if not figure_lists or not period_lists:
        return False
    claimed = figures(claim)
    periods = {m.group().lower() for m in PERIOD.finditer(claim)}
    for values in figure_lists:
        hits = [i for i, f in enumerate(values) if any(same_figure(c, f) for c in claimed)]
        if len(hits) != 1:
            continue
        for names in period_lists:
            if len(names) != len(values) or names[hits[0]] in periods:
                continue
            if any(name in periods for name in names):
                return True
            if _years_only(names) and _years_only(periods):  # "for fiscal 2019 and 2018" for 2020
                return True
    return False


def _years_only(names) -> bool:
    return bool(names) and all(re.fullmatch(r"(?:19|20)\d\d", name) for name in names)


# ---- direction and negation ----------------------------------------------------------------

# "above" and "below" as a place in the text ("the factors discussed above, we reported") are
# no direction: they end their clause, or follow a word that points the reader there.
_POINTED = "".join(
    f"(?<!{w} )" for w in "discussed described noted mentioned listed shown table chart see".split()
)
_CLAUSE_END = r"(?!\s*(?:[,.;:)]|$))"
RISE = re.compile(
    r"\b(?:increas\w*|rose|ris(?:e|es|en|ing)|gr[eo]w\w*|higher|up|gain\w*|exceed\w*"
    r"|top(?:s|ped)?|strong\w*|strength\w*|favorabl\w*|improv\w*|valid|climb(?:s|ed)"
    r"|jump(?:s|ed)|soar(?:s|ed)|surg(?:es|ed)|widen(?:s|ed)|doubl(?:es|ed)|spik(?:es|ed))\b"
    rf"|{_POINTED}\babove\b{_CLAUSE_END}",
    re.IGNORECASE,
)
FALL = re.compile(
    r"\b(?:decreas\w*|declin\w*|fell|fall\w*|lower\w*|down|drop\w*|reduc\w*|weak\w*"
    r"|unfavorabl\w*|hurt|worsen\w*|invalid|slip(?:s|ped)|plung(?:es|ed)|tumbl(?:es|ed)"
    r"|shr(?:ank|unk|inks)|narrow(?:s|ed))\b"
    rf"|{_POINTED}\bbelow\b{_CLAUSE_END}",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|cannot|unable|without)\b|n't\b", re.IGNORECASE
)
_CLAUSE = re.compile(
    r",?\s+(?:and|but|while|whereas|though|although)\s+|;\s*|,\s+(?=which\b)", re.IGNORECASE
)


def direction(text: str) -> set[str]:
    found = set()
    if RISE.search(text):
        found.add("up")
    if FALL.search(text):
        found.add("down")
    return found


def opposite_direction(claim: str, statement: str) -> bool:
    """Whether the claim moves the other way: each says only "up" or only "down" (or, around
    a figure both give, the nearest such word says so)."""
    for c in figures(claim):
        for p in figures(statement):
            if same_figure(c, p):
                mine, theirs = direction_near(claim, c), direction_near(statement, p)
                if mine and theirs and not mine & theirs:
                    return True
    mine, theirs = direction(claim), direction(statement)
    if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
        return True
    mine, theirs = _relations(claim), _relations(statement)
    return len(mine) == 1 and len(theirs) == 1 and mine != theirs


def _relations(text: str) -> set[bool]:
    """How two directions within one clause relate, same way (True) or opposite (False):
    "increasing in periods of declining rates" is opposite."""
    found = set()
    for clause in re.split(r",\s*|;\s*|\s+and\s+", text):
        ways = sorted(
            [(m.start(), "up") for m in RISE.finditer(clause)]
            + [(m.start(), "down") for m in FALL.finditer(clause)]
        )
        found |= {a == b for (_, a), (_, b) in zip(ways, ways[1:], strict=False)}
    return found


def direction_near(text: str, figure: Figure, reach: int = 40) -> set[str]:
    """The direction of the word closest to a figure, within `reach` characters."""
    best: tuple[int, str] | None = None
    for pattern, way in ((RISE, "up"), (FALL, "down")):
        for m in pattern.finditer(text):
            gap = max(figure.start - m.end(), m.start() - figure.end, 0)
            if gap <= reach and (best is None or gap < best[0]):
                best = (gap, way)
    return {best[1]} if best else set()


_THEN = re.compile(r"\b(?:from|compared|versus|vs|against)\b", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:about\s+|approximately\s+)?$", re.IGNORECASE)
_TO = re.compile(r"\bto\b", re.IGNORECASE)


def stated_change(claim: str) -> str | None:
    """The way a claim's two figures move when it sets one against the other ("rose to $68.6
    billion from $36.9 billion", "$46.3 billion, down from $51.8 billion"): "up" or "down"."""
    found = figures(claim)
    if len(found) != 2:
        return None
    between = claim[found[0].end : found[1].start]
    if _THEN.search(between):
        now, then = abs(found[0].value), abs(found[1].value)
    elif _FROM.search(claim[: found[0].start]) and _TO.search(between):  # "from X to Y"
        now, then = abs(found[1].value), abs(found[0].value)
    else:
        return None
    if (found[0].unit == "%") != (found[1].unit == "%"):
        return None  # "rose 53% from a year ago to $28,440 million": a rate and an amount
    if now == then:
        return None
    return "up" if now > then else "down"


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses: split at "and", "but", "while", ";" (a claim may join two)."""
    return [c for c in _CLAUSE.split(sentence) if c and len(c.split()) >= 3] or [sentence]


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def negation_object(statement: str) -> str | None:
    """The key term a negation in the statement applies to: "did not significantly impact" ->
    "signif", "there is no guarantee" -> "guaran"."""
    m = _NEGATION.search(statement)
    if not m:
        return None
    for word in re.findall(r"[A-Za-z]+", statement[m.end() :])[:4]:
        found = terms(word)
        if found:
            return next(iter(found))
    return None


# ---- the subject: what the statement says it of --------------------------------------------

# Verbs that join a subject to what is said of it; the claim's first one is looked for in the
# statement.
_VERBS = [
    "is are was were be been",
    "has have had",
    "include includes included",
    "consist consists consisted comprise comprises comprised contain contains contained",
    "represent represents represented account accounts accounted",
    "total totals totaled totalled",
    "increase increases increased rose rise rises grew grow grows",
    "decrease decreases decreased fell fall falls decline declines declined drop drops dropped",
]
_VERB = {word: group.split()[0] for group in _VERBS for word in group.split()}
_PREPOSITION = re.compile(
    r"\b(?:of|for|in|at|on|from|by|under|within|across|among|between|to|with)\b", re.IGNORECASE
)


# Words before "of" that head no subject: quantities ("some of our products") and the
# conjunctions that open a clause ("since some of ...").
_NOT_HEADS = {
    _stem(w)
    for w in "some many most several certain part portion half majority number all none one"
    " since because as if when while unless whereas".split()
}
_SUBJECT_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|though|although)\s+|;\s*|,\s+")


def _main_verb(text: str, verb: str | None = None) -> re.Match | None:
    """The first of the verbs above in `text` (or the first of `verb`'s group)."""
    for m in re.finditer(r"[A-Za-z]+", text):
        found = _VERB.get(m.group().lower())
        if found and (verb is None or found == verb):
            return m
    return None


def _ordered_terms(text: str) -> list[str]:
    return [t for word in re.findall(r"[A-Za-z]+", text) for t in sorted(terms(word))]


def shifted_subject(claim: str, statement: str, names: set[str] = frozenset()) -> bool:
    """Whether the claim says of a modifier what the statement says of its head: "The Compute &
    Networking segment includes product costs ..." from "Other segment items for the Compute &
    Networking ... segments include product costs ...", "the contracts are 2.4 years" from "the
    remaining life of the contracts is 2.4 years". The statement's subject (its clause before
    the claim's verb) is split at its first preposition: the claim's subject, its company's
    `names` aside, is all in what follows it, and the head word before it is not the claim's."""
    mine = _main_verb(claim)
    if mine is None:
        return False
    theirs = _main_verb(statement, _VERB[mine.group().lower()])
    if theirs is None:
        return False
    subject = _SUBJECT_CLAUSE.split(statement[: theirs.start()])[-1]
    split = _PREPOSITION.search(subject)
    if split is None:
        return False
    head = [t for t in _ordered_terms(subject[: split.start()]) if t not in _NOT_HEADS]
    claimed = terms(_SUBJECT_CLAUSE.split(claim[: mine.start()])[-1]) - names
    if not head or not claimed:
        return False
    return head[-1] not in claimed and claimed <= terms(subject[split.end() :])
