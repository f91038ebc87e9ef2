"""Companies a question names: known tickers and company names, and capitalized names that are
neither (a company that is not indexed)."""

import re

COMPANIES = {
    "AAPL": ["Apple"],
    "MSFT": ["Microsoft"],
    "NVDA": ["Nvidia", "NVIDIA"],
    "TSLA": ["Tesla"],
    "AMZN": ["Amazon"],
    "JPM": ["JPMorgan", "JP Morgan", "J.P. Morgan", "JPMorgan Chase"],
    "BBY": ["Best Buy"],
    "BA": ["Boeing"],
}
# words that start a question (capitalized there, never a name)
QUESTION_WORDS = set(
    """
    what which who whom whose when where why how did does do is are was were has have had can
    could should would will and or but so then also compare show list give tell summarize
    describe explain according in on for from over during between by of the a an any please
    based using calculate find name as at after before since if among
    """.split()
)
# months, days, calendar and filing vocabulary an analyst capitalizes
COMMON_WORDS = set(
    """
    january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday fy q ttm ytd yoy qoq item items form part note notes exhibit sec edgar
    xbrl gaap us u.s usa usd eps ebit ebitda r&d roe roa roic p/e pe cogs sg&a capex fcf dpo
    dso dio ceo cfo coo cto ipo etf ai gpu cpu nyse nasdaq dow s&p fed i annual quarterly
    report management discussion analysis md&a risk risks factors income statement statements
    balance sheet cash flow flows net revenue revenues sales total operating gross margin
    earnings dividend dividends share shares stock price prices close high low volume return
    returns news headline headlines market markets company companies inc corp corporation co
    ltd plc group holdings services products segment segments americas europe china japan asia
    pacific greater rest iphone mac ipad wearables home accessories data center gaming
    automotive energy generation storage aws cloud azure consumer commercial government board
    directors federal reserve covid covid-19 chatgpt finassist cnbc reuters bloomberg wsj
    guardian yahoo ft barron's barrons marketwatch benzinga zacks motley fool seeking alpha
    """.split()
)
COMPANY_CONTEXT = (
    r"(?:'s\b|revenues?|sales|stock|shares|earnings|eps|net income|income|profits?|margins?|"
    r"dividends?|guidance|market cap|inc\b|corp|\(|close|closing|price)"
)


def find_tickers(question: str, companies: dict[str, list[str]]) -> list[str]:
    """Symbols in capitals ("AAPL", "$TSLA") and company names ("Apple", "Nvidia's")."""
    found: list[tuple[int, str]] = []
    for ticker, names in companies.items():
        positions = [m.start() for m in re.finditer(rf"\$?\b{re.escape(ticker)}\b", question)]
        positions += [
            m.start()
            for name in names
            for m in re.finditer(rf"\b{re.escape(name)}\b", question, re.IGNORECASE)
            if question[m.start()].isupper()
        ]
        if positions:
            found.append((min(positions), ticker))
    return [ticker for _, ticker in sorted(found)]


def unknown_names(question: str, companies: dict[str, list[str]] = COMPANIES) -> list[str]:
    """Capitalized names in the question that are neither a known company nor common vocabulary.

    The Assistant refuses when such a name appears in none of the evidence, so a question about
    a company that is not indexed is not answered with another company's figures.
    """
    known = {t.lower() for t in companies} | {
        word.lower() for names in companies.values() for name in names for word in name.split()
    }
    names = []
    for match in re.finditer(r"(?<![\w$])([A-Z][\w&.-]*[\w&])('s)?", question):
        word = match.group(1)
        before = question[: match.start()].rstrip()
        lowered = re.sub(r"\.com$", "", word.lower().rstrip("."))
        if lowered in known or lowered in COMMON_WORDS or not before and lowered in QUESTION_WORDS:
            continue
        if re.search(r"\d", word) or not _in_company_position(word, match, before, question):
            continue
        names.append(word)
    return names


def _in_company_position(word: str, match: re.Match, before: str, question: str) -> bool:
    """Possessive ("Netflix's"), a ticker-like symbol ("GOOGL"), after "of/for/..." or before
    a metric ("Netflix revenue"): where a question names the company it is about."""
    after = question[match.end() :].lstrip().lower()
    return bool(
        match.group(2)
        or re.fullmatch(r"[A-Z]{1,5}", word)
        or re.search(r"\b(?:of|for|at|about|from|by|on|versus|vs\.?|and|with|than)$", before, re.I)
        or re.match(COMPANY_CONTEXT, after)
    )
