"""Companies a question names, matched as names against the company registry
(rag.query.registry), and capitalised names that are no registered company.

A name counts where it is written as a name: capitalised ("Walmart's", "Coca-Cola", "eBay"), or
in lowercase only for one of the largest companies whose name is no English word ("nvidia").
A name that is also an English word ("Apple", "Target", "Visa") needs the place of a company
too: a possessive, a figure after it ("Target revenue"), or a word that introduces one before
it ("of", "did", "versus"). A symbol counts in capitals when it is no English word or
abbreviation ("WMT", "NVDA"), or anywhere it is plainly used as a ticker: "$KO", "(IT)",
"NOW stock", "KEY's". So "IT spending", "ALL of it", "Calculate the PPNE" and a capitalised
word opening a sentence name no company.
"""

import re
from dataclasses import dataclass

from rag.query.figures import asks_fundamentals
from rag.query.lexicon import FINANCE_WORDS, NAMED_WORDS, is_word
from rag.query.prices import read_prices
from rag.query.registry import (
    CONNECTORS,
    MAX_KEY_TOKENS,
    PLACES,
    Company,
    Registry,
    default_registry,
    looks_like_ticker,
    normal_ticker,
    tokens,
)

# Words before a name that make it the company asked about ("the revenue of Apple").
BEFORE = frozenset(
    """
    of for from about at by than versus vs and or between compare comparing did does do is was
    were has have had on with
    """.split()
)
# Words after a name that make it a company ("Apple revenue", "Target stock", "Visa's").
AFTER = re.compile(
    r"(?:revenues?|sales|stocks?|shares?|earnings|eps|net|income|profits?|margins?|"
    r"dividends?|guidance|market|prices?(?! targets?)|clos(?:e|ed|es|ing)|10-[kq]|8-k|annual|"
    r"quarterly|"
    r"fiscal|fy\d*|reports?|reported|filings?|filed|ceo|cfo|cash|debt|capex|segments?|"
    r"operating|free|gross|total|r&d|inventor(?:y|ies)|assets|liabilities|ticker|traded|"
    r"posted|announced|inc|corp|diluted|basic|q[1-4]|(?:19|20)\d\d|\()(?![\w-])",
    re.IGNORECASE,
)
TICKER_AFTER = re.compile(r"(?:stocks?|shares?|share price|ticker)(?![\w-])", re.IGNORECASE)
TICKER_BEFORE = re.compile(r"(?:ticker|symbol|nyse|nasdaq|amex|otc)\s*:?\s*$", re.IGNORECASE)
# Words whose "'s" is "is" or "has" ("Here's the question"), not a possessive.
CONTRACTED = frozenset(
    """
    here there that it what who where when why how let he she this today everyone everything
    nothing something one
    """.split()
)
LOWERCASE_RANK = 500  # lowercase names are matched for the largest companies only
_TOKEN = re.compile(r"\$?[A-Za-z0-9][A-Za-z0-9&.'\u2019-]*|&")
# a list's next item: "Apple, Amazon", "Apple and NVDA", "Apple or $TSLA"
_LIST_NEXT = re.compile(
    r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|vs\.?|versus)\s+)\$?([A-Z][\w&.'’-]*)"
)
_SENTENCE_END = re.compile(r"(?:^|[.?!:;\n]\s*|^\W*)$")


@dataclass(frozen=True)
class Mention:
    """A company where the question names it."""

    company: Company
    text: str  # as written: "Walmart", "WMT", "$KO"
    start: int
    subject: bool  # a figure after it ("Walmart's revenue"): the company whose figure is asked

    @property
    def ticker(self) -> str | None:
        """The symbol as written ("GOOG"), else the company's first one."""
        written = normal_ticker(self.text)
        return written if written in self.company.tickers else self.company.ticker

    @property
    def label(self) -> str:
        """ "Walmart (WMT)": the name as written when it was a name, else the filed one."""
        if normal_ticker(self.text) in self.company.tickers:
            return f"{self.company.display} ({self.ticker})"
        return f"{self.text} ({self.ticker})" if self.ticker else self.text


@dataclass(frozen=True)
class _Word:
    text: str  # without a possessive "'s" or a closing "."
    start: int
    end: int
    forms: tuple[str, ...]  # name words: ("mcdonald",) or ("mcdonald", "mcdonalds")
    possessive: bool
    cashtag: bool
    sentence_start: bool


def find_companies(text: str, registry: Registry | None = None) -> list[Mention]:
    """Registered companies `text` names, each once, in order of first mention."""
    found: list[Mention] = []
    for mention in _mentions(text, registry if registry is not None else default_registry()):
        if all(m.company.id != mention.company.id for m in found):
            found.append(mention)
    return found


def _mentions(text: str, registry: Registry) -> list[Mention]:
    """Every mention of a registered company, in order."""
    words = _words(text)
    found: list[Mention] = []
    i = 0
    while i < len(words):
        mention, used = _name_at(text, words, i, registry)
        if mention is None:
            mention, used = _ticker_at(text, words[i], registry), 1
        if mention is not None:
            found.append(mention)
        i += used
    return found


def find_tickers(text: str, registry: Registry | None = None) -> list[str]:
    """The tickers of the companies `text` names, in order of mention."""
    return [m.ticker for m in find_companies(text, registry) if m.ticker]


def unknown_names(text: str, registry: Registry | None = None) -> list[str]:
    """Capitalised names in company position that are no registered company, no English word
    and no abbreviation: a company the registry does not list ("SpaceX's revenue").

    The Assistant refuses when such a name appears in none of the evidence, so a question about
    a company that is not indexed is not answered with another company's figures.
    """
    registry = registry if registry is not None else default_registry()
    named = [(m.start, m.start + len(m.text)) for m in _mentions(text, registry)]
    names = []
    for word in _words(text):
        name = word.text
        if not name[0].isupper() or any(a <= word.start < b for a, b in named):
            continue
        if word.sentence_start and not word.possessive:
            continue  # "Calculate ...", "Using ...", "Given ..." open a sentence
        if is_word(name) or re.search(r"\d", name) or _abbreviation(name):
            continue  # a word, a number, an abbreviation or unlisted symbol ("PPNE", "VaR")
        if any(is_word(form) or form in PLACES for form in word.forms):
            continue
        if _company_place(text, word) or word.possessive:
            names.append(name)
    return names


# ---- reading the text ----------------------------------------------------------------------


def _words(text: str) -> list[_Word]:
    words = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        cashtag = raw.startswith("$")
        body = raw.lstrip("$").replace("\u2019", "'")
        stem = re.sub(r"'s?$", "", body).rstrip(".-'") or body
        possessive = bool(re.search(r"'s?$", body)) and stem.lower() not in CONTRACTED
        if len(stem) < len(body.rstrip(".")) and not possessive:
            stem = body.rstrip(".")
        forms = (" ".join(tokens(stem)),)
        if "'" in stem or possessive and body.endswith("'s"):
            forms += (" ".join(tokens(body.rstrip("."))),)
        start = match.start() + (1 if cashtag else 0)
        before = text[: match.start()]
        words.append(
            _Word(
                text=stem,
                start=start,
                end=start + len(stem),
                forms=tuple(f for f in dict.fromkeys(forms) if f),
                possessive=possessive,
                cashtag=cashtag,
                sentence_start=bool(_SENTENCE_END.search(before)),
            )
        )
    return [w for w in words if w.forms]


def _name_at(
    text: str, words: list[_Word], i: int, registry: Registry
) -> tuple[Mention | None, int]:
    """The longest registered name starting at words[i] that reads as a name there."""
    for n, key in sorted(_keys_at(words, i, registry), reverse=True):
        span = words[i : i + n]
        company = registry.by_key(key)
        if company and _reads_as_name(text, span, key, company, registry):
            last = span[-1]
            end = last.end + (2 if len(last.forms) > 1 and key.endswith(last.forms[1]) else 0)
            mention = Mention(
                company,
                text[span[0].start : end],  # "McDonald's" when the name has the "'s"
                span[0].start,
                subject=bool(AFTER.match(_after(text, last))),
            )
            return mention, n
    return None, 1


def _keys_at(words: list[_Word], i: int, registry: Registry) -> list[tuple[int, str]]:
    """(words, key) of the registry keys a span from words[i] spells: spaced ("jp morgan"),
    grown a word at a time while some key starts so, or joined ("jpmorgan", 2-3 words)."""
    found: list[tuple[int, str]] = []
    heads, spelled = [""], [""]
    for n, word in enumerate(words[i : i + MAX_KEY_TOKENS], start=1):
        if n > 1 and words[i + n - 2].possessive:
            break  # "Apple's Microsoft" is two names
        if n <= 3:
            spelled = [_join(head, form) for head in spelled for form in word.forms]
            joined = {key.replace(" ", "") for key in spelled} if n > 1 else set()
            found += [(n, key) for key in joined if key in registry.keys]
        heads = [_join(head, form) for head in heads for form in word.forms]
        heads = [head for head in heads if head in registry.prefixes]
        if not heads:
            break
        found += [(n, head) for head in heads if head in registry.keys]
    return found


def _join(head: str, form: str) -> str:
    return f"{head} {form}" if head else form


def _reads_as_name(
    text: str, span: list[_Word], key: str, company: Company, registry: Registry
) -> bool:
    """Whether the span is written as a name where it stands (see the module's rules)."""
    significant = [w for w in span if w.forms[0] not in CONNECTORS]
    if not significant or any(w.cashtag for w in span):
        return False
    capitalised = all(_capitalised(w.text) for w in significant)
    parts = [p for w in significant for p in w.forms[0].split() if p not in CONNECTORS]
    english = all(is_word(part) and len(part) > 1 for part in parts)  # "J&J" is initials
    if span[0].text[0].isdigit() and text[: span[0].start].rstrip().endswith("$"):
        return False  # "$3M" is an amount
    if not english:
        return capitalised or (key.isalpha() and len(key) >= 4 and company.rank < LOWERCASE_RANK)
    if not capitalised or span[0].text.isupper() and len(span) == 1:
        return False  # "apple pie", "TARGET"
    last = span[-1]
    place = last.possessive or bool(AFTER.match(_after(text, last))) or _figure_next(text, last)
    if len(significant) == 1:
        if key in FINANCE_WORDS or key in NAMED_WORDS or len(key) <= 3:
            return last.possessive and key not in NAMED_WORDS  # "Arm's"; never "Q2", "On", "Nov"
        known = key in registry.alias_keys or company.rank < LOWERCASE_RANK
        return (
            place
            or _before_is_company_word(text, span[0])
            or _capitalised_alone(text, span[0], known)
            or known
            and _listed_before_company(text, last, registry)
        )
    return place or not span[0].sentence_start or _before_is_company_word(text, span[0])


def _figure_next(text: str, word: _Word) -> bool:
    """A reported or market figure named in the next few words: "Apple long-term debt FY2024"."""
    following = " ".join(re.split(r"[.?!;]", _after(text, word), maxsplit=1)[0].split()[:4])
    return asks_fundamentals(following) or read_prices(following).market


def _capitalised_alone(text: str, word: _Word, known: bool) -> bool:
    """A well-known company's name capitalised inside a sentence, not as part of a longer
    capitalised name ("the dividends Apple paid"; not "Southern California", "China Sea")."""
    if not known or word.sentence_start or word.text.isupper():
        return False
    before = re.search(r"(\S+)\s+$", text[: word.start])
    after = re.match(r"['\u2019]?s?\s+(\S+)", text[word.end :])
    # a comma ends a name: "in FY2025, Apple or Nvidia", "Apple, Amazon and Tesla" are lists
    before = None if before and before.group(1).endswith(",") else before
    after = None if text[word.end :].startswith(",") else after
    neighbours = [m.group(1).strip("\"'()[],") for m in (before, after) if m]
    return not any(n and _capitalised(n) for n in neighbours)


def _listed_before_company(text: str, word: _Word, registry: Registry) -> bool:
    """A well-known company's name first in a list of companies: "Among Apple, Amazon and
    Tesla", "fastest: Apple, NVIDIA or Tesla" (the next item is a company's name or symbol)."""
    following = _LIST_NEXT.match(text[word.end :])
    if not following:
        return False
    item = following.group(1).rstrip(".,'’")
    company = registry.by_key(" ".join(tokens(item)))
    if company is None and item.isupper():
        company = registry.by_ticker(item)
    return company is not None and (company.rank < LOWERCASE_RANK or not is_word(item))


def _ticker_at(text: str, word: _Word, registry: Registry) -> Mention | None:
    """A symbol written as a ticker: capitals that are no word, or plainly a ticker."""
    symbol = word.text
    if not looks_like_ticker(symbol.upper()) or not (word.cashtag or symbol.isupper()):
        return None
    company = registry.by_ticker(symbol)
    if company is None:
        return None
    after = _after(text, word)
    plainly = (
        word.cashtag
        or word.possessive
        or bool(TICKER_AFTER.match(after))
        or _in_parentheses_after_name(text, word, after)
        or bool(TICKER_BEFORE.search(text[: word.start]))
    )
    if not plainly and (is_word(symbol) or len(symbol) == 1):
        return None
    written = text[word.start - (1 if word.cashtag else 0) : word.end]
    return Mention(company, written, word.start, subject=bool(AFTER.match(after)))


def _in_parentheses_after_name(text: str, word: _Word, after: str) -> bool:
    """ "Gartner (IT)", "Alphabet's (GOOGL)"; not an abbreviation being defined, as in "cash
    conversion cycle (CCC)" or "Information Technology (IT)"."""
    before = text[: word.start].rstrip()
    if not before.endswith("(") or not after.startswith(")"):
        return False
    previous = re.findall(r"[A-Za-z0-9&'’.-]+", before[:-1])
    if not previous or not _capitalised(previous[-1]):
        return False
    initials = "".join(w[0] for w in previous[-len(word.text) :]).upper()
    return initials != word.text.upper()


def _capitalised(word: str) -> bool:
    """ "Walmart", "NVIDIA", "3M", "eBay": written as a name."""
    return word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word[1:])


def _after(text: str, word: _Word) -> str:
    """The text after a word, past its possessive."""
    rest = text[word.end :]
    return re.sub(r"^(?:'s?|\u2019s?)", "", rest).lstrip(" \t,")


def _before_is_company_word(text: str, word: _Word) -> bool:
    previous = re.search(r"([A-Za-z.]+)\W*$", text[: word.start])
    return bool(previous) and previous.group(1).lower().rstrip(".") in BEFORE


def _abbreviation(name: str) -> bool:
    """ "PPNE", "EBITDAR", "VaR": capitals to the end, or a short word with an inner capital."""
    return name.isupper() and len(name) <= 7 or len(name) <= 4 and not name[1:].islower()


def _company_place(text: str, word: _Word) -> bool:
    """After "of/for/versus ..." or before a figure ("Netflix revenue")."""
    return _before_is_company_word(text, word) or bool(AFTER.match(_after(text, word)))
