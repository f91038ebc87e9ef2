"""What a claim binds together must stand together in the passage: a superlative with the
restriction the passage gives it ("our largest expense after the cost of merchandise"), a subject
with its predicate in one statement (not "domestic" from one sentence and "imported" from the
next), a figure with the qualifier the passage attaches to it (not "221,000 ... in the U.S."
from "221,000 people on a full-time basis, 120,000 in the U.S."), and a defined term ("Kraft")
as an entity of its own, even when it is a part of the company's name ("Kraft Heinz")."""

import calendar
import re
from collections.abc import Sequence

from rag.answer.claims import Figure, coverage, figures, same_figure, terms

# ---- a superlative and its restriction -----------------------------------------------------

_SUPERLATIVE = re.compile(
    r"\b(largest|biggest|greatest|highest|lowest|smallest|leading|only|sole|top)\b", re.I
)
# "one of the largest", "among the world's leading", "three largest": one among several.
_AMONG = re.compile(
    r"\b(?:(?:one|some|two|three|four|five|several|many)\s+of|among|two|three|four|five|ten)"
    r"\s+(?:the\s+|our\s+|its\s+|their\s+)?(?:[\w’'.-]+['’]s?\s+)?$",
    re.I,
)
_ORDINAL = re.compile(r"\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-]+$", re.I)
# "largest expense after the cost of merchandise", "largest customers outside of the U.S."
_RESTRICTION = (
    r"after|other than|except|excluding|outside|besides|apart from|aside from|behind|next to"
    r"|save for"
)
_RESTRICTED_AFTER = re.compile(rf"\(?\b(?:{_RESTRICTION})\b", re.I)
_SCOPE_END = re.compile(rf"[;.]\s|,(?!\s*\(?(?:{_RESTRICTION})\b)", re.I)
SCOPE_WORDS = 10  # a restriction stands within this many words after its superlative


def restrictions(text: str, superlative: re.Match) -> set[str]:
    """How a superlative of the text is restricted: "among" others ("one of the largest"),
    ranked by an "ordinal" ("second largest"), or its "scope" limited by "after", "other than",
    "outside", ... in the words after it."""
    found = set()
    before = text[max(0, superlative.start() - 40) : superlative.start()]
    if _AMONG.search(before):
        found.add("among")
    if _ORDINAL.search(before):
        found.add("ordinal")
    after = text[superlative.end() :]
    end = _SCOPE_END.search(after)
    scope = " ".join(after[: end.start() if end else len(after)].split()[:SCOPE_WORDS])
    if _RESTRICTED_AFTER.search(scope):
        found.add("scope")
    return found


def dropped_restriction(claim: str, statements: list[str]) -> bool:
    """Whether the claim states a superlative that every statement saying it restricts, without
    the restriction: "Compensation is the company's largest expense" from "... is our largest
    expense after the cost of merchandise" (the "second largest" would say it); "Verizon
    operates the largest fiber-optic network" from "one of the largest"."""
    for m in _SUPERLATIVE.finditer(claim):
        word = m.group(1).lower()
        theirs = [
            restrictions(text, s)
            for text in statements
            for s in _SUPERLATIVE.finditer(text)
            if s.group(1).lower() == word
        ]
        mine = restrictions(claim, m)
        if mine & {"ordinal", "scope"}:
            mine |= {"ordinal", "scope"}  # "largest after X" is the "second largest"
        if theirs and all(found - mine for found in theirs):
            return True
    return False


# ---- a figure and the qualifier attached to it ---------------------------------------------

_TOKEN = re.compile(r"[A-Za-z](?:[A-Za-z&’'-]|\.(?=[A-Za-z]))*\.?|\d[\d,.]*|[^\sA-Za-z\d]")
# Words that end what is said of a figure: a clause's verb or conjunction.
_QUALIFIER_END = frozenset(
    """
    and or but which that who while whereas compared versus respectively is are was were has
    have had will would may could as of during since through primarily mainly
    """.split()
)
_FUNCTION = frozenset(
    "the a an our its their in on at for within across from by approximately about nearly "
    "almost over more than total".split()
)
QUALIFIER_WORDS = 5
_MONTHS = frozenset(m.lower() for m in calendar.month_name[1:] + calendar.month_abbr[1:] if m)


def qualifiers(text: str, figure: Figure) -> set[str]:
    """The words a text qualifies a printed figure by, its head noun aside: what follows the
    figure up to a punctuation mark, another figure or a clause's verb ("221,000 people on a
    full-time basis": {"full-time", "basis"}; "120,000 in the U.S.": {"us"}; "40,000 chain
    pharmacies": {"chain"})."""
    words: list[str] = []
    for token in _TOKEN.findall(text[figure.end :])[:QUALIFIER_WORDS]:
        word = token.lower().replace(".", "").strip("’'")
        if not token[0].isalpha() or word in _QUALIFIER_END or word in _MONTHS:
            break  # a date ("at December 31, 2021") is the figure's period, not a qualifier
        words.append(_SAME_PLACE.get(word, word))
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    head = [i for i, w in enumerate(words[:cut]) if not w.endswith("ly")][-1:]
    return {w for i, w in enumerate(words) if i not in head and w not in _FUNCTION}


_PREPOSITIONS = frozenset("in on at for within across from outside by".split())
_SAME_PLACE = {"usa": "us", "domestically": "domestic", "internationally": "international"}


def requalified(claim: str, figure: Figure, statement: str) -> bool:
    """Whether the claim gives its figure a qualifier the statement attaches to another figure
    of its enumeration: "221,000 people in the U.S." from "221,000 people on a full-time basis,
    120,000 in the U.S. and 101,000 internationally"; "66,000 chain pharmacies" from "66,000
    retail pharmacies, consisting of 40,000 chain pharmacies and 26,000 independent ...". A
    "respectively" statement binds its figures by order instead."""
    if re.search(r"\brespectively\b", statement, re.I):
        return False
    mine = next((f for f in figures(claim) if f.start == figure.start), None)
    if mine is None:
        return False
    said = qualifiers(claim, mine)
    printed = figures(statement)
    own = [f for f in printed if same_figure(figure, f)]
    if not said or not own:
        return False
    missing = [said - qualifiers(statement, f) for f in own]
    if any(not m for m in missing):
        return False
    others = [f for f in printed if not same_figure(figure, f) and _kind(f) == _kind(figure)]
    return any(m <= qualifiers(statement, f) for m in missing for f in others)


def _kind(figure: Figure) -> tuple[bool, bool]:
    return figure.unit == "%", figure.money


# ---- a subject and its predicate in one statement ------------------------------------------

_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|may|might|can|could|must|should"
    r"|includes?|included|consists?|comprises?|contains?|represents?|accounts?|accounted"
    r"|totals?|totaled|rose|grew|fell|declined|increased|decreased|uses?|used|sells?|sold"
    r"|operates?|operated|purchases?|purchased|imports?|imported|manufactures?|manufactured"
    r"|faces?|faced|employs?|employed|owns?|owned|controls?|controlled)\b",
    re.I,
)
_ANAPHOR = re.compile(r"\b(?:it|its|they|their|them|these|this|such|those)\b", re.I)


_CLAUSE_END = re.compile(r"[,;:]\s|\s(?:and|but|while|whereas|which|because)\s", re.I)
# Words that set the scope a statement speaks of (what part of the business, which markets).
_SCOPE = terms(
    "domestic international foreign global worldwide overseas outside other remaining local"
    " regional national federal state wholesale retail consumer commercial government"
)


def subject_and_predicate(claim: str, verb: re.Pattern = _VERB) -> tuple[str, str] | None:
    """The claim split at its first verb: what it is about, and what its first clause says of
    it ("..., about 40% of which will be recognized ..." is another clause's)."""
    m = verb.search(claim)
    if m is None or m.start() == 0:
        return None
    rest = claim[m.start() :]
    end = _CLAUSE_END.search(rest)
    return claim[: m.start()], rest[: end.start()] if end else rest


def fused(claim: str, statements: list[str], names: set[str]) -> bool:
    """Whether the claim's predicate is said, whole, only in statements that lack the scope its
    subject gives it ("domestic", "outside", "international", ...), and that scope is said in
    another statement: "inputs for domestic operations are imported" from "inputs for our
    domestic ... operations are purchased from suppliers in the United States. In our other
    international operations, inputs ... may be imported". `statements` are single sentences
    in passage order; a statement that refers back ("its", "these") may take its subject from
    the one before it."""
    split = subject_and_predicate(claim)
    if split is None:
        return False
    known = set().union(*(terms(s) for s in statements)) if statements else set()
    subject = (terms(split[0]) - names) & known
    predicate = (terms(split[1]) - names) & known
    if not subject or len(predicate) < 2:
        return False
    holding = [i for i, s in enumerate(statements) if predicate <= terms(s) | names]
    if not holding:
        return False
    lacking: set[str] = set()
    for i in holding:
        words = terms(statements[i]) | names
        if i and _ANAPHOR.search(statements[i]):
            words |= terms(statements[i - 1])
        if subject <= words:
            return False
        lacking |= subject - words
    lacking &= _SCOPE
    return any(lacking & terms(s) for i, s in enumerate(statements) if i not in holding)


# The verbs a subject is joined by: those above, and what a party seeks, alleges or obtains.
_JOINING_VERB = re.compile(
    rf"{_VERB.pattern}|\b(?:seeks?|seeking|sought|alleges?|alleged|asserts?|asserted|claims?"
    r"|claimed|demands?|demanded|requests?|requested|filed|sued|awarded|acquires?|acquired)\b",
    re.I,
)
JOINED_SHARE = 0.5  # statements with the predicate but less than this share of the subject


def joined(claim: str, statements: list[str], names: set[str]) -> bool:
    """Whether the claim joins a subject one statement says whole to a predicate said only in
    statements that lack most of that subject, and no statement says both (those with the subject
    say less than half the predicate; a company's legal form is no subject): "The DOJ is seeking
    monetary damages" where "The DOJ is seeking equitable relief ... In addition, various civil
    litigation matters ... seeking monetary damages"; "the domain names ... were acquired" where
    one sentence lists the domain names and the next what was acquired. `statements` are single
    sentences in passage order; one that opens on what the one before it named ("The complaint
    seeks ...") has its predecessor's words too."""
    split = subject_and_predicate(claim, _JOINING_VERB)
    if split is None:
        return False
    known = set().union(*(terms(s) for s in statements)) if statements else set()
    subject = (terms(split[0]) - names - _LEGAL_WORDS) & known
    predicate = (terms(split[1]) - names) & known
    if not subject or not predicate or len(subject | predicate) < 3:
        return False
    said = [_with_antecedents(statements, i) | names for i in range(len(statements))]
    if any(subject | predicate <= words for words in said):
        return False
    holding = [words for words in said if predicate <= words]
    if not holding or any(coverage(subject, words) >= JOINED_SHARE for words in holding):
        return False
    subjects = [words for words in said if subject <= words]
    return bool(subjects) and all(coverage(predicate, w) < JOINED_SHARE for w in subjects)


# A statement that opens on what the one before it named ("The complaint seeks ...", "That
# complaint also ...", "It ..."), not on a name ("The Federal Trade Commission ..."), or that
# speaks of a person or thing by a pronoun ("Prior to Ulta, she served as ...").
_REFERS_BACK = re.compile(
    r"^(?:(?:[Ii]n addition|[Aa]dditionally|[Aa]lso|[Ff]urther(?:more)?|[Mm]oreover|[Hh]owever)"
    r"\W+)?(?:(?:[Tt]he|[Tt]hat|[Tt]his|[Tt]hese|[Tt]hose|[Ss]uch|[Bb]oth|[Ee]ach)\s+[a-z]"
    r"|(?:[Ii]t|[Tt]hey|[Tt]hese|[Tt]his|[Ss]uch)\b)"
)
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|they|them|their|it)\b", re.I)
_LEGAL_WORDS = terms("corporation incorporated company companies inc ltd llc plc group holdings")
ANTECEDENTS = 2  # how many statements back a reference may reach


def _with_antecedents(statements: list[str], i: int) -> set[str]:
    """The statement's words with those of the statements it refers back to."""
    words = terms(statements[i])
    for back in range(i, max(0, i - ANTECEDENTS), -1):
        text = statements[back]
        if not (_REFERS_BACK.match(text) or _PERSONAL.search(text)):
            break
        words |= terms(statements[back - 1])
    return words


# ---- defined terms -------------------------------------------------------------------------

_DEFINED = re.compile(
    r"((?:(?:[A-Z][\w.&'’-]*|of|and|&),?\s+){1,8})"
    r"\((?:the\s+|collectively,?\s+|together,?\s+)?[“\"]([A-Z][^”\"()]{0,40})[”\"]\s*\)"
)
_LEGAL = re.compile(
    r"\b(?:the|inc|corp|corporation|company|co|ltd|llc|plc|l\.p|n\.a)\b\.?|[,.]", re.I
)


def defined_terms(text: str, company_names: Sequence[str] = ()) -> set[str]:
    """The terms a passage defines in parentheses for another party than the company itself:
    'Cardinal Health, Inc. (“Cardinal”)', 'Kraft Foods Group, Inc. (“Kraft”)' for Kraft Heinz,
    not 'Verizon Communications Inc. (“Verizon”)' for Verizon (`company_names`: its names)."""
    own = {_core(name) for name in company_names}
    return {m.group(2).strip() for m in _DEFINED.finditer(text) if _core(m.group(1)) not in own}


def _core(name: str) -> str:
    """A name without its legal form and punctuation: "Cardinal Health, Inc." -> "cardinal
    health"."""
    return " ".join(_LEGAL.sub(" ", name).lower().split())


def standalone(text: str, term: str) -> bool:
    """Whether the text names the term on its own, not as a part of a longer capitalised name
    ("Kraft was controlled", not "Kraft Heinz reports")."""
    for m in re.finditer(rf"(?<![\w&-]){re.escape(term)}(?![\w-])", text):
        before, after = text[: m.start()], text[m.end() :]
        if not re.search(r"[A-Z][\w.&'’-]*\s+$", before) and not re.match(r"\s+[A-Z&]", after):
            return True
    return False
