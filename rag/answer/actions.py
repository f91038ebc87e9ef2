"""An action done the other way on the same object (rag.answer.polarity): "was losing market
share" where the passage says "we're building market share", "cut back its customer support"
where it says "doing all that we can to support our customers".

One table of opposite action families (verb forms only, so "sales" or "the closing" never
count), each with a forward and a backward side. A claim's action is turned when a statement
does the other side of the same family to an object term the claim's action also takes, and no
statement does the claim's side to it. A negation just before a verb flips its side ("did not
lose share" = kept it). Words of one side are paraphrases of each other ("build" and "grow",
"lose" and "erode", "cut back" and "reduce").
"""

import re
from collections.abc import Iterator, Sequence
from typing import Protocol

from rag.answer.claims import terms

# (forward side, backward side): regex alternatives of verb forms.
_FAMILIES = [
    (  # standing: share, trust, customers
        r"gain(?:s|ed|ing)?|build(?:s|ing)?|built|grow(?:s|ing|n)?|grew|win(?:s|ning)?|won",
        r"los(?:e|es|ing)|lost|erod(?:e|es|ed|ing)",
    ),
    (  # backing a party
        r"support(?:s|ed|ing)?|bolster(?:s|ed|ing)?",
        r"(?:cut(?:s|ting)?|pull(?:s|ed|ing)?|scal(?:e|es|ed|ing)) back|withdr[ae]w(?:s|n|ing)?",
    ),
    (  # size of an operation
        r"expand(?:s|ed|ing)?|grow(?:s|ing|n)?|grew|extend(?:s|ed|ing)?|widen(?:s|ed|ing)?"
        r"|broaden(?:s|ed|ing)?",
        r"shr[iau]nk(?:s|ing)?|(?:cut(?:s|ting)?|scal(?:e|es|ed|ing)) back|cut(?:s|ting)?"
        r"|reduc(?:e|es|ed|ing)|narrow(?:s|ed|ing)?|trimm?(?:s|ed|ing)?",
    ),
    (  # a level set: prices, a dividend, guidance
        r"rais(?:e|es|ed|ing)|hik(?:e|es|ed|ing)|lift(?:s|ed|ing)?",
        r"lower(?:s|ed|ing)|cut(?:s|ting)?|reduc(?:e|es|ed|ing)",
    ),
    (r"hir(?:e|es|ed|ing)", r"la(?:y|ys|ying|id) off"),  # staff
    (r"open(?:s|ed)?", r"clos(?:e|es|ed)|shut(?:s|ting)?(?: down)?"),  # sites
    (  # holdings
        r"acquir(?:e|es|ed|ing)|bought|buy(?:s|ing)?",
        r"divest(?:s|ed|ing)?|sold|sell(?:s|ing)?|sp[iu]n(?:s|ning)? off|dispos(?:e|es|ed|ing) of",
    ),
    (r"strengthen(?:s|ed|ing)?", r"weaken(?:s|ed|ing)?"),  # position, balance sheet
]
_SIDES = [
    [re.compile(rf"\b(?:{side})\b", re.IGNORECASE) for side in family] for family in _FAMILIES
]
_ANY_ACTION = re.compile(
    r"\b(?:" + "|".join(side for family in _FAMILIES for side in family) + r")\b", re.IGNORECASE
)
# A negation up to one word before a verb ("did not lose", "has not yet cut"), not "not only".
_NOT_BEFORE = re.compile(
    r"(?:\b(?:not|never|no longer)\s+(?!only\b)|n't\s+)(?:\w+\s+)?$", re.IGNORECASE
)
# Where an action's object ends: a clause break or a word that starts a circumstance.
_OBJECT_END = re.compile(
    r"[,.;:!?\"“”()]|\b(?:and|but|while|during|in|at|for|from|by|as|because|due|since|after"
    r"|before|which|that|when|amid|over|through|to|with|despite|amongst|among)\b",
    re.IGNORECASE,
)
OBJECT_WORDS = 5  # the words after a verb that can name its object


class Statement(Protocol):
    text: str


def opposite_action(claim: str, statements: Sequence[Statement]) -> bool:
    """Whether an action of the claim is done the other way, by a statement, to the same object,
    and by none the claim's way."""
    for family, side, thing in _actions(claim):
        done = [
            other_side
            for s in statements
            for other_family, other_side, other_thing in _actions(s.text)
            if other_family == family and thing & other_thing
        ]
        if done and side not in done:
            return True
    return False


def _actions(text: str) -> Iterator[tuple[int, int, set[str]]]:
    """Each action in the text: its family, its side (0 forward, 1 backward; a negation just
    before it flips it) and the key terms of its object."""
    for family, sides in enumerate(_SIDES):
        for side, pattern in enumerate(sides):
            for m in pattern.finditer(text):
                thing = _object(text[m.end() :])
                if thing:
                    yield family, side ^ bool(_NOT_BEFORE.search(text[: m.start()])), thing


def _object(after: str, reach: int = 1) -> set[str]:
    """The key terms of the words right after a verb, up to a clause break or circumstance,
    without action words themselves ("cut back its customer support" -> customer); past one
    preposition when they are all action words ("withdrew support from its dealers")."""
    end = _OBJECT_END.search(after)
    thing = _key_terms(after[: end.start()] if end else after)
    if not thing and reach and end and end.group().lower() in _OF:
        return _object(after[end.end() :], reach - 1)
    return thing


_OF = {"for", "from", "to", "of", "with", "in"}


def _key_terms(words: str) -> set[str]:
    """The key terms of a verb's first words, action words left out."""
    return terms(_ANY_ACTION.sub(" ", " ".join(words.split()[:OBJECT_WORDS])))
