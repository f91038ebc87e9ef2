"""The company registry: every listed company (by CIK) with its tickers, its names and former
names and the aliases people use, and the normalised name keys a question or a cover page is
matched against.

A name's keys are made by rule: "COCA COLA CO" -> "coca cola"; "JPMORGAN CHASE & CO" ->
"jpmorgan chase" and "jpmorganchase"; "The Walt Disney Company" -> "walt disney"; "Alibaba Group
Holding Ltd" -> "alibaba group", "alibaba"; "Costco Wholesale Corp" also -> "costco" (a first
word no other company starts with). The alias files add what no rule derives ("Amex", "J&J",
"Google"). Finding the names in a text is a few dict and set lookups per word, whatever the
registry's size: a span grows a word at a time only while some key starts with it
(`Registry.prefixes`), so no question is scanned against 8,000 names.

`default_registry()` is the shipped part: the SEC ticker file (data/sec/company_tickers.json)
and the shipped aliases (data/lexicon/aliases.csv). The store adds its own layers
(rag.search.companies).
"""

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rag.query.lexicon import is_word

DATA = Path(__file__).resolve().parents[2] / "data"
TICKER_FILE = DATA / "sec" / "company_tickers.json"
ALIAS_FILE = DATA / "lexicon" / "aliases.csv"
UNRANKED = 1_000_000  # a company that is not in the SEC ticker file
FIRST_WORD_RANK = 1000  # the companies known by their first word alone ("Costco", "Cisco")
MAX_KEY_TOKENS = 8

# Legal forms and listing words dropped from the end of a name ("Inc", "Corp", "plc", "ADR").
LEGAL = frozenset(
    """
    inc incorporated corp corporation co cos company companies ltd limited plc llc lp llp sa nv
    ag se spa ab asa oyj kk bhd tbk adr ads sab cv the com
    """.split()
)
LEGAL_PAIRS = (("a", "s"), ("s", "a"), ("n", "v"), ("l", "p"), ("de", "cv"), ("s", "e"))
# Words a name is also known without ("Alibaba Group" -> "Alibaba", "Marriott International").
OPTIONAL = frozenset("group holdings holding hldgs international intl worldwide".split())
# Words of trade a name of three words or more is also said without, down to two words
# ("American Water Works" -> "American Water", "Cadence Design Systems" -> "Cadence Design").
TRADE = frozenset(
    "works systems industries technologies brands enterprises services service software"
    " solutions laboratories".split()
)
CONNECTORS = frozenset("and of the for de in on at".split())
_STATE = re.compile(r"\s*[/\\]\s*[A-Za-z]{0,4}\s*[/\\]?\s*$")  # "/DE/", "/NEW", "Ltd./ADR"
_SHARE_CLASS = re.compile(
    r"[\s,-]*\b(?:class\s+[a-z]\b|common\s+stock|ordinary\s+shares|(?:american\s+)?depositary"
    r"\s+shares|units?\b|warrants?\b).*$",
    re.IGNORECASE,
)
_TICKER = re.compile(r"^[A-Z0-9]{1,6}(?:[.\-/][A-Z0-9]{1,3})?$")


@dataclass(frozen=True)
class Company:
    """One company: `id` is its zero-padded CIK, or "name:<key>" for a company known only
    from an uploaded filing's cover page."""

    id: str
    name: str  # as filed, e.g. "Walmart Inc.", "NVIDIA CORP"
    tickers: tuple[str, ...] = ()  # the first is the one it is known by
    names: tuple[str, ...] = ()  # former and other names ("Facebook Inc", "Wal-Mart Stores")
    rank: int = UNRANKED  # row in the SEC ticker file, which lists the largest first
    spelled: str | None = None  # a name filed in capitals as an alias spells it ("JPMorgan")

    @property
    def ticker(self) -> str | None:
        return self.tickers[0] if self.tickers else None

    @property
    def display(self) -> str:
        """A readable short name: "Walmart", "Nvidia", "Coca Cola", "JPMorgan Chase"."""
        if self.spelled:
            return self.spelled
        words = _clean(self.name).split()
        dropped = {*LEGAL, "&", "and", "group", "holding", "holdings"}
        while len(words) > 1 and words[-1].lower().strip(".,") in dropped:
            words.pop()
        text = " ".join(words).strip(" ,")
        if text.isupper():
            text = " ".join(_title(w, first=i == 0) for i, w in enumerate(text.split()))
        return text or self.name

    @property
    def label(self) -> str:
        """The display name with the ticker: "Walmart (WMT)"."""
        return f"{self.display} ({self.ticker})" if self.ticker else self.display


@dataclass
class Registry:
    """Companies and the keys they are found by; build one with `Registry.build`."""

    companies: list[Company]
    keys: dict[str, int]  # normalised name -> index into companies
    tickers: dict[str, int]  # "BRK-B" -> index
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, ticker) in the order they were given
    alias_keys: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()  # "bank", "bank of", "bank of america": keys' starts

    @classmethod
    def build(
        cls, records: Iterable[Company], aliases: Iterable[tuple[str, str]] = ()
    ) -> "Registry":
        """Merge records of the same company (tickers, names, best rank) and index them; an
        alias given later wins over an earlier one for the same name."""
        merged: dict[str, Company] = {}
        for record in records:
            merged[record.id] = _merge(merged[record.id], record) if record.id in merged else record
        companies = sorted(merged.values(), key=lambda c: (c.rank, c.id))
        tickers: dict[str, int] = {}
        for i, company in enumerate(companies):
            for symbol in company.tickers:
                tickers.setdefault(normal_ticker(symbol), i)
        keys: dict[str, int] = {}
        owners: dict[str, set[int]] = defaultdict(set)  # word -> companies whose names use it
        firsts: dict[str, int] = {}
        for i, company in enumerate(companies):  # the largest first: it keeps a shared name
            for name in (company.name, *company.names):
                for key in name_keys(name):
                    keys.setdefault(key, i)
                    for word in key.split():
                        owners[word].add(i)
                    if " " in key and company.rank < FIRST_WORD_RANK:
                        firsts.setdefault(key.split()[0], i)
        for word, i in firsts.items():  # "costco" for "costco wholesale": no other name has it
            if owners[word] == {i} and word not in keys and _distinctive(word):
                keys[word] = i
        aliases = tuple(aliases)
        alias_keys: set[str] = set()
        for alias, symbol in aliases:
            i = tickers.get(normal_ticker(symbol))
            if i is not None:
                for key in name_keys(alias, legal=False):
                    keys[key] = i  # an alias names the company it was written for
                    alias_keys.add(key)
                companies[i] = _spelled_as(companies[i], alias)
        prefixes = {
            " ".join(words[:n]) for words in map(str.split, keys) for n in range(1, len(words) + 1)
        }
        return cls(companies, keys, tickers, aliases, frozenset(alias_keys), frozenset(prefixes))

    def __len__(self) -> int:
        return len(self.companies)

    def by_ticker(self, symbol: str) -> Company | None:
        i = self.tickers.get(normal_ticker(symbol))
        return None if i is None else self.companies[i]

    def by_key(self, key: str) -> Company | None:
        i = self.keys.get(key)
        return None if i is None else self.companies[i]

    def by_name(self, name: str) -> Company | None:
        """The company a whole name is a key of ("3M Company", "Best Buy Co., Inc.")."""
        for key in name_keys(name):
            company = self.by_key(key)
            if company:
                return company
        return None

    def with_records(
        self, records: Iterable[Company], aliases: Iterable[tuple[str, str]] = ()
    ) -> "Registry":
        """This registry plus more companies (merged by id) and aliases (which win)."""
        return Registry.build([*self.companies, *records], [*self.aliases, *aliases])


def _title(word: str, first: bool) -> str:
    """A word of a name filed in capitals, as it is usually written: "BANK OF AMERICA" ->
    "Bank of America"; a short non-word stays in capitals ("3M", "IBM", "AT&T")."""
    if word.lower() in CONNECTORS and not first:
        return word.lower()
    if len(word) <= 3 and not is_word(word) or not word.isalpha():
        return word
    return word.title()


def _spelled_as(company: Company, alias: str) -> Company:
    """A name filed in capitals written the way an alias spells its first word: "JPMORGAN
    CHASE & CO" with the alias "JPMorgan" shows as "JPMorgan Chase"."""
    words = company.display.split()
    if company.spelled or not company.name.isupper() or not words:
        return company
    if words[0].lower() != alias.lower() or alias.isupper() or alias.istitle():
        return company
    return replace(company, spelled=" ".join([alias, *words[1:]]))


def _merge(old: Company, new: Company) -> Company:
    names = [n for n in (old.name, *old.names, new.name, *new.names) if n]
    first = old.name if old.rank <= new.rank else new.name
    return Company(
        id=old.id,
        name=first,
        tickers=tuple(dict.fromkeys((*old.tickers, *new.tickers))),
        names=tuple(n for n in dict.fromkeys(names) if n != first),
        rank=min(old.rank, new.rank),
    )


# Places and nationalities a question names for their own sake ("sales in America").
PLACES = frozenset(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york
    carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont
    virginia washington wisconsin wyoming america american americas canada canadian mexican
    britain british england english london scotland ireland irish europe european germany german
    france french spain spanish italy italian dutch netherlands norway norwegian sweden swedish
    denmark danish finland swiss switzerland japan japanese china chinese korea korean india
    indian brazil brazilian australia australian africa african asia asian pacific atlantic
    toronto montreal vancouver chicago boston atlanta dallas houston denver seattle portland
    phoenix detroit cleveland cincinnati pittsburgh philadelphia baltimore miami orlando
    tokyo paris berlin singapore shanghai beijing hong kong taiwan israel
    """.split()
)


def _distinctive(word: str) -> bool:
    """A first word that can stand for its company alone: long, a name, not an English word,
    not a place."""
    return len(word) >= 5 and word.isalpha() and not is_word(word) and word not in PLACES


def normal_ticker(symbol: str) -> str:
    """ "brk.b", "BRK/B", "$BRK-B" -> "BRK-B" (EDGAR's spelling)."""
    return re.sub(r"[./]", "-", symbol.strip().lstrip("$").upper())


def looks_like_ticker(symbol: str) -> bool:
    return bool(_TICKER.match(symbol))


# ---- names to keys -----------------------------------------------------------------------


def _clean(name: str) -> str:
    """A filed name without its state or ADR tail ("/DE/", "Ltd./ADR") and share class."""
    text = name.replace("\u2019", "'").strip()
    previous = None
    while previous != text:
        previous, text = text, _STATE.sub("", text).strip()
    return _SHARE_CLASS.sub("", text).strip() or name


def tokens(text: str) -> list[str]:
    """Lowercase name words: "&" reads "and", "Amazon.com" is "amazon", "J.P." is "jp",
    "Coca-Cola" is "coca cola", "McDonald's" is "mcdonalds"."""
    text = re.sub(r"\.com\b", " ", text.replace("\u2019", "'"), flags=re.IGNORECASE)
    text = text.replace("&", " and ").replace(".", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text.lower())


def _strip_legal(words: list[str]) -> list[str]:
    words = list(words)
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[-1] in LEGAL or words[-1] == "and":
            words.pop()
            changed = True
        elif len(words) > 2 and tuple(words[-2:]) in LEGAL_PAIRS:
            del words[-2:]
            changed = True
    return words


def name_keys(name: str, legal: bool = True) -> list[str]:
    """The keys a name is found by, the fullest first (see the module's examples)."""
    words = tokens(_clean(name) if legal else name)
    variants = [words]
    if legal:
        short = _strip_legal(words)
        variants.append(short)
        if short and short[0] == "the" and len(short) > 1:
            short = short[1:]
            variants.append(short)
        while len(short) > 1 and short[-1] in OPTIONAL:
            short = _strip_legal(short[:-1])
            if len(short) == 1 and not _distinctive(short[0]):
                break  # "American International Group" is not "American"
            variants.append(short)
        while len(short) > 2 and short[-1] in TRADE:
            short = short[:-1]
            variants.append(short)
    keys: list[str] = []
    for words in variants:
        if not words or len(words) > MAX_KEY_TOKENS or words == ["the"]:
            continue
        key = " ".join(words)
        if len(key) < 2 or key.isdigit():
            continue
        keys.append(key)
        if 1 < len(words) <= 3:
            keys.append("".join(words))  # "JP Morgan" and "JPMorgan", "T-Mobile" and "TMobile"
    return list(dict.fromkeys(keys))


# ---- the shipped registry --------------------------------------------------------------------


def ticker_file_companies(payload: bytes) -> list[Company]:
    """The SEC's company_tickers.json as companies (one per CIK, its tickers in file order);
    ValueError if it is not that file."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("company_tickers JSON is not an object")
    companies: dict[str, Company] = {}
    for rank, row in enumerate(data.values()):
        cik = str(int(row["cik_str"])).zfill(10)
        ticker = str(row["ticker"]).upper()
        if cik in companies:
            old = companies[cik]
            companies[cik] = replace(old, tickers=(*old.tickers, ticker))
        else:
            companies[cik] = Company(cik, str(row["title"]).strip(), (ticker,), rank=rank)
    return list(companies.values())


def read_aliases(path: Path) -> list[tuple[str, str]]:
    """ "alias,ticker" rows of an alias file ("#" starts a comment); [] when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        return []
    rows = csv.reader(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return [(row[0].strip(), row[1].strip()) for row in rows if len(row) >= 2 and row[0].strip()]


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The SEC ticker file and the shipped aliases (built once per process)."""
    return Registry.build(ticker_file_companies(TICKER_FILE.read_bytes()), read_aliases(ALIAS_FILE))
