"""Claims stronger than their source, and sentences that claim nothing (rag.answer.support).

- `overstated`: a sentence says more than the statement it restates: a universal ("all",
  "every", "entire", "always", "only") where the statement says "some", "certain",
  "substantially all" or no universal at all; a denial of everything ("none", "no", "never")
  where the statement denies nothing; a certainty ("will", "guaranteed") where the statement
  hedges it ("may", "believes ... will", "there is no assurance that ... will"); finality
  ("final", "definitive") where the statement is "preliminary" or "estimated"; "most" where it
  says "some"; a universal or denial without the exception the statement carves out of it
  ("none ..., except for certain employees in ..."). Weakening is fine ("may" for "will",
  "some" for "all").
- `swapped`: a mutually exclusive attribute turned into the other one: owned for leased (also
  a table row's "Owned"), secured for unsecured, fixed rate for floating; or two figures each
  given what the other counts ("39% men and 61% women" for "61% men and 39% women").
- `fragment`: a broken-off piece with no claim of its own: it ends in a conjunction, an article
  or a preposition that needs its object ("Greiner Group (Eppendorf) and"), or, its
  parentheses set aside, in a comma ("As of or for the period ended, (in millions, ...)").

The statements compared are those that say most of the claim (their share of its key terms);
any of them that makes the claim as strongly supports it.
"""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import Figure, coverage, figures, negated, same_figure, terms
from rag.answer.pdf_words import mend

HOLDING_COVERAGE = 0.75  # a statement with this share of the claim's key terms restates it


class Statement(Protocol):
    text: str
    coverage: float
    similarity: float


# ---- strength of quantifiers, modality and finality ---------------------------------------

_QUALIFIERS = "substantially nearly almost virtually essentially largely practically not".split()
_UNQUALIFIED = "".join(f"(?<!{w} )" for w in _QUALIFIERS)  # lookbehinds are of fixed width
# A universal as a claim makes it: not "substantially all", "all-time", "every quarter",
# "at all", "all three" (a count, rag.answer.alignment checks it).
_UNIVERSAL = re.compile(
    rf"{_UNQUALIFIED}(?<!at )\b(?:all|every|entire(?:ly)?|whole|always)\b(?!-)"
    r"(?!\s+(?:day|week|month|quarter|year|fiscal)s?\b)"
    r"(?!\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b)",  # a count: alignment's
    re.IGNORECASE,
)
# What makes a statement universal too (an unqualified one).
_UNIVERSAL_SAID = re.compile(
    rf"{_UNQUALIFIED}\b(?:all|every|each|entire(?:ly)?|whole|always|any|both|fully"
    r"|completely|wholly|none|no|never|100\s?%)\b",
    re.IGNORECASE,
)
_ONLY = re.compile(r"(?<!not )\b(?:only|solely|exclusively|sole)\b", re.IGNORECASE)
_ONLY_SAID = re.compile(
    r"\b(?:only|solely|exclusive(?:ly)?|sole|single|alone|limited to|just)\b", re.IGNORECASE
)
_NONE = re.compile(r"\b(?:none|never|nothing|nobody|no(?!\s+(?:longer|later)\b))\b", re.IGNORECASE)
_MOST = re.compile(r"\b(?:most of|(?:a|the) majority of|mostly)\b", re.IGNORECASE)
_MOST_SAID = re.compile(
    r"\b(?:most|majority|mostly|predominantly|primarily|largely|substantially all|nearly all"
    r"|almost all|all|every|each|entire)\b",
    re.IGNORECASE,
)
_FEW = re.compile(
    r"\b(?:some|certain|several|a few|a number of|a portion|part of|minority|limited number)\b",
    re.IGNORECASE,
)
_CERTAIN = re.compile(
    r"\b(?:will|shall|won't|guarantee[sd]?|certain(?:ly)? to|definitely|assured)\b", re.IGNORECASE
)
# Words that make a certainty a belief, a possibility or a condition ("subject to approval").
_HEDGE = re.compile(
    r"\b(?:may|might|could|would|should|believ\w*|expect\w*|anticipat\w*|intend\w*|hope\w*"
    r"|(?:plan|aim|seek|target|project)(?:s|ed)? to|likely|possibl\w*|potential\w*|if|whether"
    r"|unless|uncertain\w*|assurance|assure|guarantee|forecast\w*|predict\w*|subject to"
    r"|(?:contingent|conditional|conditioned) (?:up)?on|provided that)\b",
    re.IGNORECASE,
)
_FINAL = re.compile(r"\b(?:final(?:i[sz]ed)?|definitive(?:ly)?|conclusive(?:ly)?)\b", re.I)
_TENTATIVE = re.compile(
    r"\b(?:preliminar\w*|tentative\w*|propos\w*|draft\w*|pending|estimat\w*|subject to"
    r"|not yet|unaudited|interim)\b",
    re.IGNORECASE,
)
_PARTS = re.compile(r";\s*|,\s+(?:and|but|while|whereas|although)\s+|\s+but\s+", re.I)


def overstated(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "overstated" when the claim makes a universal, exclusive, negative-universal, certain,
    final or "most" claim that none of the statements saying most of it makes as strongly."""
    holding = _holding(statements)
    if not holding:
        return None
    said = [s.text for s in holding]
    if _UNIVERSAL.search(claim) and not any(_UNIVERSAL_SAID.search(t) for t in said):
        return "overstated"
    if _ONLY.search(claim) and not any(_ONLY_SAID.search(t) for t in said):
        return "overstated"
    if _NONE.search(claim) and not any(negated(t) for t in said):
        return "overstated"
    if dropped_exception(claim, said) or _NONE.search(claim) and affirmed_for_some(claim, said):
        return "overstated"
    if _MOST.search(claim) and all(_FEW.search(t) and not _MOST_SAID.search(t) for t in said):
        return "overstated"
    if _certain(claim) and not any(
        _certain(t) or not _HEDGE.search(t) for t in map(mend, _own(claim, said))
    ):
        return "overstated"
    if _FINAL.search(claim) and all(_TENTATIVE.search(t) and not _FINAL.search(t) for t in said):
        return "overstated"
    return None


# What carves an exception out of a universal or a denial ("none ..., except for certain
# employees in the APLA geography").
_EXCEPT = re.compile(
    r"\b(?:except|excepting|other than|with the exceptions? of|apart from|aside from|save for"
    r"|barring)\b",
    re.IGNORECASE,
)


def dropped_exception(claim: str, said: Sequence[str]) -> bool:
    """Whether the claim makes a universal or a denial of everything ("all", "none", "no ...")
    without exception where every statement making it carves one out after it: "None of X's
    employees are represented by a union" from "None of our employees are represented by a
    union, except for certain employees in ..."."""
    if not (_UNIVERSAL.search(claim) or _NONE.search(claim)) or _EXCEPT.search(claim):
        return False
    making = [m for t in said if (m := _UNIVERSAL_SAID.search(t))]
    return bool(making) and all(_EXCEPT.search(m.string, m.end()) for m in making)


_CLAUSE_SPLIT = re.compile(r"[;,]\s+|\s+(?:but|while|whereas|although)\s+", re.I)
_SHARE = re.compile(r"\b(?:percentage|proportion|fraction|share) of\b", re.I)
_QUANTIFIER_WORDS = terms("none no never nobody nothing all every some certain few")


def affirmed_for_some(claim: str, said: Sequence[str]) -> bool:
    """Whether a statement affirms for some, a share or a count what the claim denies for all:
    "None of X's employees are represented by unions" where "approximately 17,000 employees
    are represented by unions" or "a small percentage of the workforce ... is represented"
    (the statement may deny something else: "we cannot predict ...")."""
    words = terms(claim) - _QUANTIFIER_WORDS
    for text in said:
        for clause in _CLAUSE_SPLIT.split(text):
            if negated(clause) or not (
                _FEW.search(clause) or _SHARE.search(clause) or figures(clause)
            ):
                continue
            if words and coverage(words, terms(clause)) >= HOLDING_COVERAGE:
                return True
    return False


def _certain(text: str) -> bool:
    """Whether a part of the text states a certainty no word of that part hedges."""
    return any(_CERTAIN.search(part) and not _HEDGE.search(part) for part in _PARTS.split(text))


def _own(claim: str, said: Sequence[str]) -> list[str]:
    """Those of the statements with the largest share of the claim's key terms in their own
    words (not their source's names): a headline "CEO doesn't expect China to block the deal",
    not the line below it about tariffs that the source's title covers too."""
    words = terms(claim)
    shares = [coverage(words, terms(t)) for t in said]
    return [t for t, share in zip(said, shares, strict=True) if share == max(shares)]


def _holding(statements: Sequence[Statement]) -> list[Statement]:
    """The statements that say most of the claim, else the one that says most."""
    holding = [s for s in statements if s.coverage >= HOLDING_COVERAGE]
    if holding or not statements:
        return holding
    return [max(statements, key=lambda s: (s.coverage, s.similarity))]


# ---- mutually exclusive attributes ---------------------------------------------------------

# Each pair: two values one thing cannot have both of. "its own", "company-owned" and "wholly
# owned" (of a business, not its premises) are no ownership of a property.
_EXCLUSIVE = [
    (
        re.compile(
            r"(?<!\bits )(?<!\bour )(?<!\btheir )(?<!-)(?<!wholly )\b(?:own|owns|owned|owning)\b",
            re.I,
        ),
        re.compile(r"\b(?:leas(?:e|es|ed|ing)|rent(?:s|ed)?)\b", re.I),
    ),
    (re.compile(r"(?<!un)\bsecured\b", re.I), re.compile(r"\bunsecured\b", re.I)),
    (
        re.compile(r"\bfixed[- ]rate\b|\bfixed (?:interest )?rate", re.I),
        re.compile(r"\b(?:floating|variable)[- ](?:interest )?rate\b", re.I),
    ),
    (re.compile(r"\bfull[- ]time\b", re.I), re.compile(r"\bpart[- ]time\b", re.I)),
]
_ATTRIBUTE_WORDS = re.compile(
    r"\b(?:own\w*|leas\w*|rent\w*|secured|unsecured|fixed|floating|variable|rate|full|part"
    r"|time)\b",
    re.IGNORECASE,
)
_SUBCLAUSE = re.compile(r",\s*|;\s*|\s+(?:with the (?:primary )?exception of|except)\s+", re.I)


def swapped(claim: str, statements: Sequence[Statement], names: set[str]) -> str | None:
    """ "swapped" when a clause of the claim gives a thing one of two exclusive attributes and
    the statements closest to that clause (in its other key terms) give it the other one only:
    "Nvidia owns data center space in Santa Clara" where "we lease data center space in Santa
    Clara"; a table row's "Owned" column for "leases"; or two figures swapped
    (`swapped_figures`)."""
    for clause in _SUBCLAUSE.split(claim):
        if negated(clause) or len(clause.split()) < 3:
            continue
        for this, that in _EXCLUSIVE:
            for mine, other in ((this, that), (that, this)):
                if not mine.search(clause) or other.search(clause):
                    continue
                rest = terms(_ATTRIBUTE_WORDS.sub(" ", clause)) - names
                closest = _closest(rest, statements)
                if closest and all(other.search(t) and not mine.search(t) for t in closest):
                    return "swapped"
    return swapped_figures(claim, statements)


def _closest(words: set[str], statements: Sequence[Statement]) -> list[str]:
    """The statements with the largest share (at least half) of the words."""
    if not words:
        return []
    scored = [(coverage(words, terms(s.text)), s.text) for s in statements]
    top = max((c for c, _ in scored), default=0.0)
    return [t for c, t in scored if c == top] if top >= 0.5 else []


# ---- figures paired with the other's noun ----------------------------------------------------

_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z-]+)")  # the word right after a figure: what it counts
_NOT_LABELS = frozenset("and or of in to for at from with than by on as was were is are".split())


def swapped_figures(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "swapped" when two figures of the claim, each followed by what it counts, are printed
    the other way round by the statements that print both ("39% men and 61% women" where "61%
    men and 39% women") and none prints them as the claim does."""
    labelled = [(f, w) for f in figures(claim) if (w := _label(claim, f))]
    if len(labelled) < 2:
        return None
    crossed = kept = False
    for statement in (s.text for s in _holding(statements)):
        printed = [(f, w) for f in figures(statement) if (w := _label(statement, f))]
        for figure, word in labelled:
            same = [w for f, w in printed if same_figure(figure, f)]
            others = {w for f, w in printed if not same_figure(figure, f)}
            if word in same:
                kept = True
            elif same and word in others:
                crossed = True
    return "swapped" if crossed and not kept else None


def _label(text: str, figure: Figure) -> str | None:
    m = _LABEL.match(text, figure.end)
    word = m.group(1).lower() if m else None
    return None if word is None or word in _NOT_LABELS else word


# ---- fragments ------------------------------------------------------------------------------

_PARENTHESES = re.compile(r"\([^()]*\)?")
_MARKER = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")
_DANGLING = re.compile(
    r"(?:[,:]|\b(?:and|or|nor|but|the|a|an|of|with|from|than|such as|including|between"
    r"|versus|whereas|because|e\.g|i\.e))\s*$",
    re.IGNORECASE,
)
_ITEM_END = re.compile(r";(?:\s*(?:and|or))?\s*$", re.IGNORECASE)  # a list item of a filing's


def fragment(sentence: str) -> bool:
    """Whether the sentence breaks off: its text, parentheses and citation markers set aside,
    ends in a comma, colon, conjunction, article or a preposition that needs its object. An
    item of a filing's list ("... for defense purposes;", "...; and") is no broken-off piece."""
    bare = _PARENTHESES.sub(" ", _MARKER.sub("", sentence)).strip().rstrip(".!?").rstrip()
    return bool(bare) and not _ITEM_END.search(bare) and bool(_DANGLING.search(bare))
