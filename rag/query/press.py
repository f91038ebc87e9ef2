"""Questions about what the press reported: "according to CNBC", "per the Guardian", "as
reported by Yahoo Finance", "a February 2025 Reuters story", "reportedly". Such a question asks
what a story said, so the stories answer it, not the figures computed from filings or prices
("What price target did Wells Fargo set, according to ...?" is no share price; "How much
revenue did Amazon post in 2020, according to the Guardian?" is the story's figure, even where
no filing of 2020 is held). The story's month, when named, is where the story is looked for."""

import re
from calendar import monthrange
from datetime import date, timedelta

from rag.query.dates import Dates

# Publishers and wires analysts quote; any of them named as a source makes a press question.
OUTLETS = (
    r"cnbc|cnn|bbc|reuters|bloomberg|the guardian|guardian|yahoo(?: finance| news)?|"
    r"wall street journal|wsj|financial times|ft\.com|new york times|nyt|washington post|"
    r"associated press|ap news|barron'?s|marketwatch|forbes|business insider|the economist|"
    r"seeking alpha|motley fool|benzinga|investopedia|zacks|dow jones|techcrunch|the verge|"
    r"axios|nikkei|mt newswires|business wire|pr newswire|globe ?newswire|fox business|"
    r"cbs news|nbc news|abc news|politico|the telegraph|engadget|investor'?s business daily"
)
STORY = r"(?:story|stories|article|articles|piece|report|reports|headlines?|coverage|interview)"
# "according to", "per", "as reported by", "told", "in an interview with" ... an outlet
_CREDIT = (
    r"according to|per|as (?:reported|said|written|told|quoted) (?:by|in|to)|reported by|told|"
    r"tells?|said to|spoke to|interview(?:ed)? (?:with|by)|in|from|on|by|to"
)
_SAYS = rf"{STORY}|said|says|say|reported|reports|report|wrote|writes|write"
ATTRIBUTED = re.compile(
    rf"\b(?:{_CREDIT}) (?:an? |the )?(?:[\w ,'-]{{0,30}}? )?(?:{OUTLETS})\b|"
    rf"\b(?:{OUTLETS})(?:'s)? (?:[\w-]+ )?{STORY}\b|"
    rf"\b(?:an? |the )(?:[\w -]{{0,20}} )?(?:{OUTLETS}) (?:{_SAYS})\b",
    re.IGNORECASE,
)
# Attribution without a named outlet: "reportedly", "news reports", "the press", "media reports"
REPORTED = re.compile(
    rf"\breportedly\b|\b(?:news|press|media) (?:{STORY}|said|says|reported)\b|"
    r"\bin the (?:news|press|headlines)\b|\b(?:is|are|was|were) reported to (?:have|be)\b",
    re.IGNORECASE,
)
# Analysts' calls are news, never in a filing or the prices: price targets, ratings, upgrades
ANALYST_CALL = re.compile(
    r"\bprice targets?\b|\b(?:up|down)grad(?:e|ed|es|ing)\b|"
    r"\b(?:buy|sell|hold|neutral|outperform|underperform|overweight|underweight|equal[- ]?weight|"
    r"market[- ]perform|analyst'?s?) ratings?\b",
    re.IGNORECASE,
)
# A credit rating and its downgrades are in the filings (risk factors, debt notes), not news
CREDIT = re.compile(r"\b(?:credit|debt|bonds?|notes|moody'?s|s&p|fitch)\b", re.IGNORECASE)
SLACK = timedelta(days=1)  # a story dated late in the evening is published the next UTC day


def asks_press(question: str) -> bool:
    """Whether the question asks what a story reported: an outlet, "reportedly", or an
    analyst's call (a price target, a rating, an upgrade)."""
    analyst_call = ANALYST_CALL.search(question) and not CREDIT.search(question)
    return bool(ATTRIBUTED.search(question) or REPORTED.search(question) or analyst_call)


def story_window(dates: Dates) -> tuple[str | None, str | None]:
    """The window a story is looked for in: the month named ("in April 2020"), else the one year
    named, else none (the day named is read as any question's)."""
    if dates.month:
        year, month = dates.month
        first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return first.isoformat(), (last + SLACK).isoformat()
    if len(dates.years) == 1:
        year = dates.years[0]
        return f"{year}-01-01", (date(year, 12, 31) + SLACK).isoformat()
    return None, None
