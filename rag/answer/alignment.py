"""Clause-level alignment: what a claim states must stand together in one statement of the cited
passage, not be gathered from several. A statement's clauses ("93% of our workforce was located
in the U.S. and 19% of our employees were covered by collective bargaining agreements") each
bind their own figure; count words ("three segments") and ordinals ("the second largest") are
claims as figures are; every negation a statement makes is compared, not only its first; a year
is the statement's own, or the passage's fiscal period, never only a file name's."""

import re
from collections.abc import Sequence

from rag.answer.claims import (
    Figure,
    coverage,
    direction,
    figures,
    same_figure,
    stated_change,
    terms,
)

# ---- clauses ------------------------------------------------------------------------------

# A conjunction before a word (not before a figure or year: "$754 million and $989 million").
_STATEMENT_CLAUSE = re.compile(r";\s*|,?\s+(?:and|but|while|whereas)\s+(?=[A-Za-z])", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def statement_clauses(statement: str) -> list[str]:
    """A statement's clauses, split at ";" and the conjunctions that join two of them."""
    return [c for c in _STATEMENT_CLAUSE.split(statement) if c.strip()]


_PIECE = re.compile(r",?\s+(?:and|but|while|whereas)\s+(?=[A-Za-z])|[,;:]\s+", re.IGNORECASE)


def clause_windows(statement: str) -> list[str]:
    """A long statement's clauses, pairs of neighbouring clauses (a sentence may restate one of
    them, or two joined by "and") and, when it opens with what someone expects or believes,
    that frame before each later clause ("We anticipate that ... will result in an operating
    margin in line with ..."); none for a statement of one clause."""
    pieces = [p for p in _PIECE.split(statement) if p.strip()]
    if len(pieces) < 2:
        return []
    pairs = [f"{a} {b}" for a, b in zip(pieces, pieces[1:], strict=False)]
    frame = _FRAME.match(pieces[0])
    framed = [f"{frame.group(1)} {b}" for b in pieces[1:]] if frame else []
    return pieces + pairs + framed


# A sentence's frame: its subject and a verb of expecting or believing ("We anticipate that").
_FRAME = re.compile(
    r"(.{0,40}?\b(?:expects?|anticipates?|believes?|estimates?|plans?|intends?|projects?)"
    r"(?:\s+that)?)\s",
    re.IGNORECASE,
)


def crossed(claim_terms: set[str], figure: Figure, statement: str) -> bool:
    """Whether the statement prints the claim's figure in one clause but says what the claim
    says of it in another clause holding another figure of its kind: "approximately 93% of our
    workforce was located in the U.S. and approximately 19% of our employees were covered by
    collective bargaining agreements" for "93% of employees were covered by collective
    bargaining agreements". A "respectively" statement binds its figures by order instead
    (rag.answer.claims.misbound)."""
    if not claim_terms or _RESPECTIVELY.search(statement):
        return False
    own, others = 0.0, 0.0
    parts = [c for part in _OFFSET.split(statement) for c in statement_clauses(part)]
    for clause in _read_whole(parts):
        printed = figures(clause)
        if not printed:
            continue
        score = coverage(claim_terms, terms(clause))
        if any(same_figure(figure, f) for f in printed):
            own = max(own, score)
        else:
            others = max(others, score)
    return others > own


# A clause that opens with its verb ("..., and included an unfavorable currency impact of $3.3
# billion") says it of the first clause's subject; one that is a noun and its amount ("gains and
# losses of $623 million") ends the previous clause's list.
_OPENS_WITH_VERB = re.compile(
    r"(?:\w+ly\s+)?(?:is|are|was|were|has|have|had|includes?|[a-z]{3,}ed|up|down)\b",
    re.IGNORECASE,
)
# A cause the last clause gives after a comma ("..., driven by strong adoption of ...") is
# every clause's.
_CAUSE = re.compile(
    r",\s+(?:primarily\s+|mainly\s+|largely\s+|partly\s+)?(?:driven by|due to|reflecting)\s.*$",
    re.IGNORECASE,
)
_FIRST_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|includes?|[a-z]{3,}ed)\b", re.I)
_LIST_TAIL = re.compile(r"(?:[\w-]+\s+){1,3}of\s+\(?\$?\d[\d,.]*(?:\s+(?:million|billion))?\)?\.?")


# What offsets a change is a clause of its own: "..., partially offset by higher payments ...".
_OFFSET = re.compile(r",\s+(?=(?:partially\s+|partly\s+)?offset\s+by\b)", re.IGNORECASE)


def _read_whole(clauses: list[str]) -> list[str]:
    """The clauses with what their grammar gives them from the others: a clause that opens with
    its verb gets the first clause's subject, a list's amount tail is joined to its list, and
    the last clause's cause is every clause's."""
    if len(clauses) < 2:
        return clauses
    cause = _CAUSE.search(clauses[-1])
    if cause:
        clauses = [c if c.endswith(cause.group()) else f"{c}{cause.group()}" for c in clauses]
    verb = _FIRST_VERB.search(clauses[0])
    subject = clauses[0][: verb.start()] if verb else ""
    out = [clauses[0]]
    for clause in clauses[1:]:
        if _LIST_TAIL.fullmatch(clause.strip()):
            out[-1] = f"{out[-1]} and {clause}"
        elif subject and _OPENS_WITH_VERB.match(clause.strip()):
            out.append(f"{subject}{clause}")
        else:
            out.append(clause)
    return out


_PERIOD_CLAUSE = re.compile(
    r"\s+(?:compared (?:to|with)|versus|vs\.?|against)\s+|;\s*|,?\s+(?:and|while)\s+(?=[A-Za-z])",
    re.IGNORECASE,
)


# A change's earlier value, a period of its own: "... to $412 million in 2025 from $365 million".
_FROM_FIGURE = re.compile(r"\s+from\s+(?=[$€£]?\d)(?!(?:19|20)\d\d\b)", re.IGNORECASE)


def period_clauses(statement: str) -> list[str]:
    """A statement's parts that may each speak of their own period ("... in 2021 was 24.0%
    compared to 24.4% in 2020")."""
    return [c for c in _PERIOD_CLAUSE.split(statement) if c.strip()] or [statement]


_DATED_ACT = re.compile(
    r"\b([A-Za-z]+ed)\s+(?:in|during)\s+(?:fiscal\s+(?:year\s+)?)?((?:19|20)\d\d)\b", re.I
)
_PERIODIC = re.compile(
    r"\b(annual|yearly|quarterly|monthly|weekly|daily|semi-?annual)\s+([A-Za-z][\w-]*)", re.I
)


def other_dated_act(claim: str, statements: Sequence[str]) -> bool:
    """Whether the claim dates an act ("approved in 2021") the statements date only to other
    years ("plan changes approved in 2020"), or calls a thing of one period another's ("annual
    bonuses" where only "quarterly bonuses" are said)."""
    said = " ".join(statements)
    for m in _DATED_ACT.finditer(claim):
        years_of = {y for v, y in _DATED_ACT.findall(said) if terms(v) == terms(m.group(1))}
        if years_of and m.group(2) not in years_of:
            return True
    for m in _PERIODIC.finditer(claim):
        spans = {
            _span(p)
            for p, noun in _PERIODIC.findall(said)
            if terms(noun) and terms(noun) == terms(m.group(2))
        }
        if spans and _span(m.group(1)) not in spans:
            return True
    return False


def _span(word: str) -> str:
    """A period's adjective, its synonyms as one ("yearly" is "annual")."""
    word = word.lower().replace("-", "")
    return {"yearly": "annual"}.get(word, word)


def other_year(claim: str, figure: Figure, statement: str) -> bool:
    """Whether the statement prints the claim's figure in a clause of another year than every
    year the claim names: "The effective tax rate in 2021 was 24.0% compared to 24.4% in 2020"
    for "24.4% in 2021"; "a dividend of $10.00 per share in December 2020 and in April 2021,
    increased ..." for "$10.00 ... in December 2021"; "rose to $412 million in 2025 from $365
    million in 2024" for "$365 million in 2025"."""
    claimed = years(claim)
    if not claimed:
        return False
    held = [
        years(part)
        for clause in _PERIOD_CLAUSE.split(statement)
        for part in _FROM_FIGURE.split(clause)  # "rose to $X in 2025 from $Y in 2024"
        if any(same_figure(figure, f) for f in figures(part))
    ]
    # "..., down from $147.1 billion a year ago"
    if held and earlier_value(claim, figure, statement):
        latest = max(int(y) for y in claimed)
        return not any(int(y) < latest for found in held for y in found)
    return bool(held) and all(found and not found & claimed for found in held)


# What a claim sets its figure against: "from", "compared with", "versus" right before it.
_AGAINST = re.compile(
    r"\b(?:from|compared (?:to|with)|versus|vs\.?|against)\s+(?:about\s+|approximately\s+)?$",
    re.IGNORECASE,
)


def earlier_value(claim: str, figure: Figure, statement: str) -> bool:
    """Whether the claim gives the figure as the earlier value of a change, with no year of its
    own, that the statement sets against the claim's other figures: "fell to $88.5 billion at
    the end of 2021 from $102.3 billion"."""
    if not _AGAINST.search(claim[: figure.start]):
        return False
    printed = figures(statement)
    others = [f for f in figures(claim) if f.start != figure.start]
    if not others or not all(any(same_figure(f, p) for p in printed) for f in others):
        return False
    after = claim[figure.end :]
    own = re.split(r"[,;]|\s(?:and|to|while)\s", after, maxsplit=1)[0]
    return not years(own)


# An earlier period said of a figure: "in the same quarter last year", "a year ago", "prior year".
_EARLIER = re.compile(
    r"\b(?:(?:the\s+)?(?:same\s+)?(?:quarter|period|month|half|year)\s+(?:of\s+)?(?:last|a)\s+year"
    r"|(?:the\s+)?(?:prior|previous|preceding)[- ](?:fiscal\s+)?(?:year|quarter|period)"
    r"|last\s+(?:fiscal\s+)?(?:year|quarter)|a\s+year\s+(?:ago|earlier|before)|year[- ]ago"
    r"|previously|earlier|before)\b",
    re.IGNORECASE,
)
_RANGE_ON = re.compile(r"^\s*(?:to|-|–|and)\s*[$€£]?\d")


def comparator_only(claim: str, figure: Figure, statement: str) -> bool:
    """Whether the statement prints the claim's figure only as what another is compared with
    ("a dividend of 12.25 cents (compared with 12.0 cents in the same quarter last year)",
    "rose to $5.1 billion from $4.7 billion") and the claim gives it as the figure itself, with
    no year and no word of an earlier period or of a comparison: "declared a dividend of 12.0
    cents"."""
    if years(claim) or _EARLIER.search(claim) or _AGAINST.search(claim[: figure.start]):
        return False
    if _RANGE_ON.match(claim[figure.end :]):
        return False  # "67 to 71 cents": a range's end, not a comparison's
    own = [f for f in figures(statement) if same_figure(figure, f)]
    return bool(own) and all(
        _AGAINST.search(statement[max(0, f.start - 40) : f.start])
        and not _RANGE_ON.match(statement[f.end :])
        for f in own
    )


# A figure set by a decision: "raised its dividend to", "cut its forecast to".
_SET_UP = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|hik(?:e|es|ed)|boost(?:s|ed)?|lift(?:s|ed)?)\b", re.I
)
_SET_DOWN = re.compile(r"\b(?:cut(?:s|ting)?|slash(?:es|ed)?|trim(?:s|med)?)\b", re.I)


def _set_way(claim: str) -> set[str]:
    return ({"up"} if _SET_UP.search(claim) else set()) | (
        {"down"} if _SET_DOWN.search(claim) else set()
    )


def moved_against(claim: str, statement: str) -> bool:
    """Whether the claim says its one figure moved one way ("cut its dividend to 12.25 cents")
    where the statement sets that figure against an earlier one it exceeds, or the other way
    round ("a dividend of 12.25 cents (compared with 12.0 cents ...)")."""
    way, given = direction(claim) | _set_way(claim), figures(claim)
    if len(way) != 1 or len(given) != 1 or stated_change(claim):
        return False
    printed = figures(statement)
    for now, then in zip(printed, printed[1:], strict=False):
        if same_figure(given[0], now):
            moved = stated_change(statement[now.start : then.end])
            if moved and moved not in way:
                return True
    return False


# "compared with", "versus": a figure set against an earlier one in a statement
_COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?)\s", re.IGNORECASE)
_WHEN_WORDS = terms("increase decrease prior previous earlier last same year quarter period ago")


def moved_unsaid(claim: str, statement: str) -> bool:
    """Whether a claim without figures that says only which way its subject moved ("Gross
    bookings rose from the prior-year quarter") meets a statement that gives that subject's
    figure against an earlier one it is below, or above ("gross bookings were $412 million in
    the quarter, compared with $455 million a year earlier")."""
    way = direction(claim) | _set_way(claim)
    subject = terms(claim) - _WHEN_WORDS
    found = _COMPARED.search(statement)
    if len(way) != 1 or figures(claim) or not subject or not found:
        return False
    before = [f for f in figures(statement) if f.end <= found.start()]
    after = [f for f in figures(statement) if f.start >= found.end()]
    if not before or not after or not subject <= terms(statement[: before[0].start]):
        return False
    now, then = before[0], after[0]
    if now.unit != then.unit or abs(now.value) == abs(then.value):
        return False
    return ("up" if abs(now.value) > abs(then.value) else "down") not in way


def other_column(claim: str, figure: Figure, row: str) -> bool:
    """Whether a table row under its header ("Fiscal Years Ended January 28, 2023 January 29,
    2022 January 30, 2021\nGross profit 9,912 11,640 10,573") prints the claim's figure in the
    column of another year than the one the claim names (10,573 is 2021's, not 2023's). Only
    the claim's first figure is judged: the others may be "a year earlier"."""
    header, _, values = row.rpartition("\n")
    claimed, given = years(claim), figures(claim)
    if given and not same_figure(figure, given[0]):
        return False  # "..., versus $11,640 million a year earlier": the first is the year's
    columns = [m.group(1) for m in _YEAR.finditer(header)]
    printed = figures(values)
    if columns and _CHANGE_COLUMNS.search(header[_last_year_end(header) :]):
        printed = printed[: len(columns)]  # "2021 2020 Change": the change cells come last
    if not header or not claimed or len(columns) != len(printed):
        return False
    held = [year for year, f in zip(columns, printed, strict=True) if same_figure(figure, f)]
    return bool(held) and not claimed & set(held)


_CHANGE_COLUMNS = re.compile(
    r"\b(?:change|increase|decrease|variance|growth)\b|%|\bvs\.?\b", re.IGNORECASE
)


def _last_year_end(header: str) -> int:
    """Where the header's last year ends: the columns after it are no periods'."""
    return [m.end() for m in _YEAR.finditer(header)][-1]


# ---- counts and ordinals --------------------------------------------------------------------

_COUNT_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_COUNT_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "dozen": 12}
# "one" opens idioms ("one of the largest", "one-time"); it is no count claim.
_COUNT = re.compile(
    r"\b(" + "|".join(w for w in _COUNT_WORDS if w != "one") + r")\b(?![- ]time)", re.IGNORECASE
)
_ORDINALS = (
    "second third fourth fifth sixth seventh eighth ninth tenth 2nd 3rd 4th 5th 6th 7th 8th 9th"
    " 10th"
).split()
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b", re.IGNORECASE)
_RANKED = re.compile(
    r"\b(" + "|".join(_ORDINALS) + r")[- ](largest|biggest|smallest|highest|lowest|leading"
    r"|most \w+)\b",
    re.IGNORECASE,
)


def counts(text: str) -> list[int]:
    """The count words of a text: "three reportable segments" -> [3]."""
    return [_COUNT_WORDS[m.group(1).lower()] for m in _COUNT.finditer(text)]


def counted(text: str) -> list[tuple[int, set[str]]]:
    """Each count word of a text with the key terms of the two words after it, what it counts:
    "three reportable segments" -> (3, {"report", "segmen"})."""
    return [
        (_COUNT_WORDS[m.group(1).lower()], terms(" ".join(text[m.end() :].split()[:2])))
        for m in _COUNT.finditer(text)
    ]


def states_count(statement: str, value: int, counting: set[str] = frozenset()) -> bool:
    """Whether a statement says the count, in words or digits, of what the claim counts (the
    statement's words after it hold the claim's: "four segments" counts no reportable ones)."""
    printed = [
        (f.value, terms(" ".join(statement[f.end :].split()[:3]))) for f in figures(statement)
    ]
    printed = [(int(v), t) for v, t in printed if v == int(v)]
    words = [
        (n, terms(" ".join(statement[m.end() :].split()[:3]))) for n, m in _counts_at(statement)
    ]
    return any(n == value and counting <= after for n, after in words + printed)


def _counts_at(text: str) -> list[tuple[int, re.Match]]:
    return [(_COUNT_WORDS[m.group(1).lower()], m) for m in _COUNT.finditer(text)]


def ordinals(text: str) -> set[str]:
    """The ordinals of a text other than "first" ("the second largest", "third quarter")."""
    return {m.group(1).lower() for m in _ORDINAL.finditer(text)}


def ranks(text: str) -> set[str]:
    """The ordinals of a text that rank ("the second largest", "third-highest")."""
    return {m.group(1).lower() for m in _RANKED.finditer(text)}


def dropped_rank(claim: str, statement: str) -> bool:
    """Whether the statement ranks what the claim calls the top: "the second largest" said as
    "the largest"."""
    lowered = claim.lower()
    for m in _RANKED.finditer(statement):
        superlative = m.group(2).lower()
        if superlative in lowered and m.group(1).lower() not in ordinals(claim):
            return True
    return False


# ---- a list that holds its own subject ------------------------------------------------------

_HAS = re.compile(
    r"^(.+?)\s+(?:consists? of|comprises?|is comprised of|is made up of|includes?|is divided into)"
    r"\s+(.+)$",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"^(?:the|its|our|their)\s+|\s+(?:segments?|business(?:es)?|divisions?|units?|groups?)$",
    re.IGNORECASE,
)
_ITEM = re.compile(r",\s*(?:and\s+)?|\s+and\s+|:\s*")


def holds_itself(claim: str) -> bool:
    """Whether the claim says a thing consists of a list that names the thing itself: "The AWS
    segment consists of three segments: North America, International, and AWS" (the company's
    segments, said of one of them)."""
    m = _HAS.match(claim.strip().rstrip("."))
    if not m:
        return False
    subject = _GENERIC.sub("", _GENERIC.sub("", m.group(1).strip())).strip().lower()
    items = {_GENERIC.sub("", item.strip()).strip().lower() for item in _ITEM.split(m.group(2))}
    return bool(subject) and subject in items


# ---- from one thing to another -------------------------------------------------------------

_FROM_TO = re.compile(
    r"\bfrom\s+(?:the\s+|our\s+|its\s+)?(.{2,60}?)\s+to\s+(?:the\s+|our\s+)?(.{2,60}?)(?=[,.;]|\s+(?:zone|segment|in|on|for|to|and)\b|$)",
    re.IGNORECASE,
)


def reversed_move(claim: str, statement: str) -> bool:
    """Whether the claim moves something the other way: "from the United States zone to the
    Latin America zone" where the statement moves it "from the Latin America zone to the
    United States zone"."""
    for a, b in _FROM_TO.findall(claim):
        source, target = _place(a) - _place(b), _place(b) - _place(a)
        for c, d in _FROM_TO.findall(statement):
            if source and target and source <= _place(d) and target <= _place(c):
                return True
    return False


def _place(text: str) -> set[str]:
    """The key terms of a "from"/"to" phrase without the kind of place it is ("zone")."""
    return terms(_KIND.sub("", text))


_KIND = re.compile(r"\s+(?:zones?|segments?|business(?:es)?|divisions?|regions?)$", re.I)


# ---- negation -------------------------------------------------------------------------------

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|cannot|unable|without)\b|n't\b", re.IGNORECASE
)


def _negated_terms(clause: str) -> set[str]:
    """The key terms the negations of a clause apply to (the first content word of the few
    after each)."""
    found: set[str] = set()
    for m in _NEGATION.finditer(clause):
        for word in re.findall(r"[A-Za-z]+", clause[m.end() :])[:4]:
            if terms(word):
                found |= terms(word)
                break
    return found


_NEGATION_CLAUSE = re.compile(r";\s*|,?\s+(?:and|but|while|whereas|which|nor)\s+", re.IGNORECASE)


def denied(claim_terms: set[str], statement: str) -> bool:
    """Whether a clause of the statement denies what the claim affirms: it negates a word of the
    claim and shares another with it ("... has not experienced major difficulties ... and we do
    not anticipate such difficulties in the future" for "expects major difficulties in the
    future"). A negation in a clause about something else ("$118 million which has not yet been
    billed") is not the claim's."""
    for clause in _NEGATION_CLAUSE.split(statement):
        negated_words = _negated_terms(clause) & claim_terms
        if negated_words and len(terms(clause) & claim_terms) >= 2:
            return True
    return False


# ---- years ----------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d,.$])\b((?:19|20)\d\d)\b(?![\d,.]\d|%)")
_FISCAL_TITLE = re.compile(
    r"\b(?:fiscal year|year|quarter|period) ended (\d{4})-\d\d-\d\d", re.IGNORECASE
)


def years(text: str) -> set[str]:
    """The years a text names."""
    return {m.group(1) for m in _YEAR.finditer(text)}


def fiscal_years(title: str) -> set[str]:
    """The fiscal period a source's label states ("10-K for fiscal year ended 2024-09-28"): the
    year its text may speak of unnamed. A file name's year ("BESTBUY_2023_10K.pdf") or a filing
    date is no period: it is often the year after."""
    return {m.group(1) for m in _FISCAL_TITLE.finditer(title)}
