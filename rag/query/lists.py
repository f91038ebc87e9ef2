"""Questions that ask for a list a filing prints as its own structure: its risk factors, its
legal proceedings, its market risks, its segments, what an 8-K announced, its customers, its
strategy.

`read_listing` names the kind of list asked, or None. Each kind is asked for in many ways
("main risks", "what could hurt", "threats to the business", "what did the 8-K announce",
"which current reports"), so each pattern is the topic's own words, not one phrasing.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ListKind:
    """A kind of list: its name, how questions ask for it, and how a reader names it."""

    name: str
    asks: re.Pattern
    noun: str  # "risk factors", for the answer's words


def _kind(name: str, pattern: str, noun: str) -> ListKind:
    return ListKind(name, re.compile(pattern, re.IGNORECASE), noun)


# In order: the first that matches wins ("market risks" before "risks").
KINDS = (
    _kind(
        "events",
        r"\b(?:8-?k|current report)s?\b.*\b(?:announce[ds]?|report(?:s|ed)?|disclose[ds]?|"
        r"cover(?:s|ed)?|say|said|about|items?|events?|news|summar\w*|overview|gist|recap)\b|"
        r"\b(?:announce[ds]?|report(?:s|ed)?|disclose[ds]?|events?|items?|covered|summar\w*|"
        r"overview|gist|recap)\b.*\b(?:8-?k|current report)s?\b|\bmaterial events\b",
        "items",
    ),
    _kind(
        "market_risk",
        r"\bmarket[- ]risks?\b|\b(?:interest rate|foreign (?:exchange|currency)|currency|"
        r"equity price) risks?\b.*\b(?:exposures?|face|disclose)",
        "market risk disclosures",
    ),
    _kind(
        "legal",
        r"\blegal (?:proceedings|battles?|fights?|disputes?|cases?|troubles?|issues?|matters?)\b|"
        r"\blawsuits?\b|\blitigations?\b|\bsued\b|\bcourt cases?\b",
        "legal proceedings",
    ),
    _kind("cyber", r"\bcyber-?security\b|\bcyber risks?\b", "cybersecurity topics"),
    _kind(
        "risks",
        r"\brisk factors?\b|\brisks\b|\bthreats\b|\bheadwinds\b|\buncertainties\b|"
        r"\bwhat (?:could|might|can) (?:go wrong|hurt|harm|derail|threaten)\b|\bdangers\b|"
        r"\bwhat worries\b|\bvulnerab",
        "risk factors",
    ),
    _kind(
        "segments",
        r"\b(?:reportable |operating |business )?segments\b|\bbusiness (?:units|lines|divisions)"
        r"\b|\bdivisions\b|\b(?:product|service|business) categories\b|\bhow is .* organi[sz]ed\b",
        "segments",
    ),
    _kind(
        "customers",
        r"\b(?:key|main|major|largest|biggest|top|significant|principal|important) "
        r"(?:customers?|clients?|buyers?)\b|\bcustomer concentration\b|\bconcentration of "
        r"(?:customers?|revenue|sales|credit)\b|\bwho (?:buys|are the customers)\b|"
        r"\bwho are .* (?:customers|clients)\b|\bdepend(?:s|ent|ence)? on (?:a few|any single|"
        r"a small number of|one|a single|few) customers?\b|\bcustomers? (?:account(?:s|ed)? for|"
        r"represent(?:s|ed)?) (?:over |more than )?10\s?%|\bcustomers? (?:that |who )?"
        r"account(?:s|ed)? for (?:a |the )?(?:large|big|significant|major)",
        "customers",
    ),
    _kind(
        "strategy",
        r"(?:'s|\bits|\btheir|\bbusiness|\bgrowth|\bcorporate|\boverall|\blong-term|\bkey|"
        r"\bmain) (?:(?:business|growth|corporate|overall|long-term|key|main) )*strateg(?:y|ies)\b|"
        r"\bstrategic (?:priorities|goals|plan|direction|focus|objectives)\b|\bgrowth "
        r"(?:priorities|plans?|drivers|initiatives)\b|\bhow does .* plan to grow\b|"
        r"\bwhat (?:are|is) .* (?:priorities|long-term goals)\b",
        "strategy statements",
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}


def read_listing(question: str) -> str | None:
    """The kind of list a question asks for (a KINDS name), or None."""
    return next((kind.name for kind in KINDS if kind.asks.search(question)), None)


PHRASE_CHARS = 40  # a longer match spans the question ("8-K ... announce"), not one phrase


def without_listing(question: str) -> str:
    """The question without the words that ask for a list ("growth priorities", "business
    segments"): a metric word inside them asks for no figure."""
    for kind in KINDS:
        match = kind.asks.search(question)
        if match:
            if len(match.group()) > PHRASE_CHARS:
                return question
            return question[: match.start()] + " " + question[match.end() :]
    return question


# "risks related to China", "lawsuits about patents", "risks from export controls"
_TOPIC = re.compile(
    r"\b(?:from|related to|relating to|regarding|concerning|around|involving|tied to|linked to|"
    r"about|on|over|with)\s+(?!its\b|their\b|the (?:latest|last|most)\b|in\b)(.+)",
    re.IGNORECASE,
)
_TOPIC_END = re.compile(
    r"\b(?:in (?:its|their|the)|according to|per|as (?:disclosed|described)|that)\b.*$|[?.!]+$",
    re.IGNORECASE,
)


def list_topic(question: str) -> str:
    """What a list question narrows the list to ("export controls" in "What risks does Nvidia
    face from export controls?"), or "" for the whole list."""
    match = _TOPIC.search(question)
    return _TOPIC_END.sub("", match.group(1)).strip() if match else ""
