"""Who says it, and who a person is with (rag.answer.support), in news passages.

- `misattributed`: the claim has a party say what the passage quotes someone else saying of
  that party ("The regulator said ..." where '"The regulator is basically saying ...," the
  analyst says').
- `misaffiliated`: the claim puts a person with an organisation the passage gives another
  person ("Jane Roe of Acme Capital" where "John Doe of Acme Capital and Jane Roe of Beta
  Research").
"""

import re
from collections.abc import Sequence
from typing import Protocol


class Statement(Protocol):
    text: str


_SAYS = r"(?:says|said|stated|states|told|tells|argued|argues|believes|thinks|noted|notes)"
_SPEAKER = re.compile(rf"^\s*((?:The\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*)*)\s+{_SAYS}\b")
_QUOTED = re.compile(r"[\"“]([^\"”]{10,})[\"”]")
_AFTER_QUOTE = re.compile(
    rf"[\"”]\s*,?\s*(?:[a-z][\w\"-]*\s+){{0,4}}?((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)\s+{_SAYS}\b"
    rf"|[\"”]\s*,?\s*{_SAYS}\s+((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w'’.-]*)"
)


def misattributed(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "aligned" when the claim's speaker is named only inside quotes the statements give to
    another speaker, and no statement gives the speaker words of its own."""
    m = _SPEAKER.match(claim)
    if not m:
        return None
    speaker = _key(m.group(1))
    quoting = []
    for text in (s.text for s in statements):
        if not re.search(rf"\b{re.escape(speaker)}", text):
            continue
        said = _AFTER_QUOTE.search(text)
        who = (said.group(1) or said.group(2)) if said else None
        if who is None or speaker in who:
            return None  # the speaker's own words, or no quote to read
        if any(speaker in q for q in _QUOTED.findall(text)):
            quoting.append(text)
    return "aligned" if quoting else None


def _key(name: str) -> str:
    """A name's last word without its possessive: "The Pentagon" -> "Pentagon"."""
    return re.sub(r"['’]s?$", "", name.split()[-1])


_WITH = re.compile(
    r"\b([A-Z][a-z]+\s+[A-Z][a-z]+)\s*,?\s+(?:of|at|from)\s+"
    r"([A-Z][\w&.-]*(?:\s+(?:[A-Z][\w&.-]*|of|for|&))*)"
)


def misaffiliated(claim: str, statements: Sequence[Statement]) -> str | None:
    """ "aligned" when the claim puts a person with an organisation the statements give
    another person, putting the person with another organisation."""
    said = [(p, _org(o)) for s in statements for p, o in _affiliations(s.text)]
    for person, org in _affiliations(claim):
        org = _org(org)
        theirs = [o for p, o in said if p == person]
        others = {p for p, o in said if o & org and p != person}
        if theirs and not any(o & org for o in theirs) and others:
            return "aligned"
    return None


def _affiliations(text: str) -> list[tuple[str, str]]:
    """Each "Person of Organisation" of the text (overlapping: "A of X and B of Y")."""
    out, at = [], 0
    while m := _WITH.search(text, at):
        out.append((m.group(1), m.group(2)))
        at = m.start(2)
    return out


def _org(text: str) -> set[str]:
    """An organisation's capitalised words, lower-cased ("Firsthand Capital Management")."""
    return {w.lower() for w in text.split() if w[0].isupper()}
