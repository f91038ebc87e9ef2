"""Follow-up questions: what a turn takes from the turns before it in the same chat.

The question in front wins. A turn's subject is the company it names and what it asks about (a
metric or a topic). A turn that names both is a question of its own and takes nothing from
earlier turns ("What are Nvidia's main risk factors?" after a stock-return question). A turn
that lacks one of them takes it from the turn before: "What about Microsoft?" asks the earlier
question of another company, "And net income?" asks about the same company, and a period or a
form it does not name is kept while it asks the same kind of thing (figures, prices, text).
A turn that names both yet points back ("When did Amazon trade at that low?", "Microsoft's close
that day?") keeps the earlier period; "the following year" is the year after the earlier one.
"""

import re
from datetime import date

from rag.query.analysis import Query, analyze, read_asks
from rag.query.compare import read_comparison
from rag.query.dates import Dates
from rag.query.moves import follow_move
from rag.query.names import Mention
from rag.query.registry import Registry
from rag.query.words import content_terms

# Words that shape a follow-up without naming what it is about: references back, requests
# for more or for reasons, comparisons, changes of a figure ("by what percentage did it grow"
# is about the earlier metric), and the words of periods (the period is read apart).
FOLLOW_UP_WORDS = """
    also same then now more again instead other else one ones those them they he she its
    compare compared comparison versus vs against relative ok okay so please like say said
    explain describe discuss summarize summarise reason reasons driver drivers drove drive
    cause caused context happen happened detail details elaborate figure figures number numbers
    higher lower larger largest bigger biggest highest lowest better worse most least less
    company companies firm period periods time
    grow grew grown growth increase increased decrease decreased change changed rise rose fall
    fell decline declined drop dropped percent percentage pct rate much many
    fy fiscal year years annual quarter quarters quarterly month months week weeks day days
    today yesterday ago last past previous prior since until through between ended ending end
    first second third fourth half ytd q1 q2 q3 q4 h1 h2 two three four five ten
    january february march april may june july august september october november december
    following next subsequent after before preceding earlier later over per
    calculate calculated compute computed work out find determine estimate get give show what how
    about when exactly date dates
"""
NOT_A_SUBJECT = content_terms(FOLLOW_UP_WORDS)
NUMBER = re.compile(r"^(fy)?\d+$")
# "that low", "those figures", "the same day": the turn points back at the earlier turn's ask
POINTS_BACK = re.compile(
    r"\bthat (?:day|date|session|year|quarter|month|week|period|time|low|high|level|price|"
    r"close|figure|number|peak|bottom|point)\b|\bthose\b|\bthe same\b",
    re.IGNORECASE,
)
# "the following year", "the year after" / "the prior year": the year next to the earlier one
NEXT_YEAR = re.compile(
    r"\b(?:following|next|subsequent) (?:fiscal )?year\b|\byear after\b", re.IGNORECASE
)
PRIOR_YEAR = re.compile(
    r"\b(?:previous|prior|preceding) (?:fiscal )?year\b|\byear before\b", re.IGNORECASE
)
# "Compare it with Microsoft": the earlier company stays beside the new one.
COMPARE = re.compile(r"\b(compar\w*|versus|vs\.?|against|relative to)\b", re.IGNORECASE)


def analyze_chat(
    question: str, earlier: list[str], as_of: date, registry: Registry | None = None
) -> Query:
    """`analyze` for a question asked after the user's `earlier` questions in the same chat."""
    previous = None
    for text in earlier[-3:]:
        previous = carry_over(analyze(text, as_of, registry), previous)
    return carry_over(analyze(question, as_of, registry), previous)


def carry_over(query: Query, previous: Query | None) -> Query:
    """The query with what it lacks of its subject taken from the turn before it; `carried`
    says what was taken (company, period, ask)."""
    if previous is None:
        return query
    names_company = bool(query.companies or query.unknown_names)
    names_ask = asks_something(query)
    if names_company and names_ask and not _points_back(query, previous):
        return query  # a question of its own
    carried: list[str] = []
    if not names_company:
        query.tickers, query.companies = list(previous.tickers), list(previous.companies)
        carried.append("company")
    elif COMPARE.search(query.question):
        query.companies = [*previous.companies, *query.companies]
        query.tickers = list(dict.fromkeys([*previous.tickers, *query.tickers]))
    if not names_ask or query.intent == previous.intent:  # the same kind of question
        if not (query.fiscal_years or query.fiscal_quarter or query.date_from):
            query.fiscal_years = list(previous.fiscal_years)
            query.fiscal_quarter = previous.fiscal_quarter
            query.date_from, query.date_to = previous.date_from, previous.date_to
            if query.dates == Dates():  # no date phrase of its own: "in April 2025" carries
                query.dates = previous.dates
            query.fiscal_years = _next_to(query, query.fiscal_years)
            carried.append("period")
        if not query.forms:
            query.forms = list(previous.forms)
    if not names_ask:  # "What about Microsoft?", "And in 2023?": the earlier question's ask
        earlier = previous.text
        if names_company and "company" not in carried and not COMPARE.search(query.question):
            earlier = _renamed(earlier, previous.companies, query)
        query.text = f"{earlier} {query.text}"
        query.intent = previous.intent
        query.explain = query.explain or previous.explain
        query.listing = query.listing or previous.listing  # "And Tesla's?" after a list asked
        query.listing_topic = query.listing_topic or previous.listing_topic
        query.terms = content_terms(query.text) - _name_terms(previous.companies, [])
        query.terms |= _name_terms(query.companies, query.unknown_names)
        read_asks(query)
        carried.append("ask")
    if query.move is None and previous.move is not None:  # a move question's follow-up
        query.move = follow_move(query.question, query.text, query.companies, previous.move)
    query.carried = tuple(carried)
    query.comparison = read_comparison(query)  # "How does that compare with Microsoft's?"
    return query


def _points_back(query: Query, previous: Query) -> bool:
    """A turn that names its company and what it asks, yet points back at the earlier turn
    ("When did Amazon trade at that low?", "Microsoft's close that day?"): no period of its own,
    so the earlier one is meant."""
    dated = query.fiscal_years or query.fiscal_quarter or query.date_from or query.dates != Dates()
    return not dated and bool(POINTS_BACK.search(query.question))


def _next_to(query: Query, years: list[int]) -> list[int]:
    """The year after (or before) the earlier one, when the turn asks "the following year"
    ("the prior year" of a growth question is its base, not its period)."""
    if len(years) != 1:
        return years
    if NEXT_YEAR.search(query.question):
        return [years[0] + 1]
    if PRIOR_YEAR.search(query.question) and not query.figures.growth:
        return [years[0] - 1]
    return years


def asks_something(query: Query) -> bool:
    """Whether the turn names what it asks about: a metric, a market figure or a topic (a
    content word that is no company, period or follow-up word)."""
    if query.figures.fundamentals or query.prices.market:
        return True
    names = _name_terms(query.companies, query.unknown_names)
    topic = content_terms(query.question) - names - NOT_A_SUBJECT
    return any(not NUMBER.match(term) for term in topic)


def _name_terms(companies: list[Mention], unknown: list[str]) -> set[str]:
    """The content words of the companies as written and as registered."""
    texts = [m.text.lstrip("$") for m in companies] + [m.company.display for m in companies]
    return content_terms(" ".join(texts + unknown))


def _renamed(text: str, before: list[Mention], query: Query) -> str:
    """The earlier question asked of the turn's companies instead of the earlier ones."""
    names = [m.text.lstrip("$") for m in query.companies] + query.unknown_names
    new = " and ".join(dict.fromkeys(names))
    for mention in before:
        for old in {mention.text.lstrip("$"), mention.company.display}:
            text = re.sub(rf"(?<!\w)\$?{re.escape(old)}(?!\w)", new, text, flags=re.IGNORECASE)
    return text
