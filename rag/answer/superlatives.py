"""A superlative turned over (rag.answer.support): "Walmart U.S. has historically had the lowest
gross profit rate of our three segments" where the statement that says most of it says "the
highest". A mended PDF text ("thre e" read as "three") makes such a statement readable."""

import re

_TOP = frozenset("highest largest greatest biggest best strongest fastest maximum".split())
_BOTTOM = frozenset("lowest smallest fewest worst weakest slowest minimum".split())


def sides(text: str) -> set[str]:
    """ "top" and/or "bottom": the superlatives the text says."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {side for side, ends in (("top", _TOP), ("bottom", _BOTTOM)) if words & ends}


def opposite_end(claim: str, statement: str) -> bool:
    """Whether the claim says one end ("lowest") where the statement says only the other."""
    mine, theirs = sides(claim), sides(statement)
    return len(mine) == 1 and len(theirs) == 1 and mine != theirs
