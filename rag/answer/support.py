"""Sentence support: does a sentence of a generated answer say what the passage it cites says,
about the company that passage is about? Runs on the CPU with the shipped sentence embedder.

A sentence is judged against the passages it cites (an uncited one against all passages, the best
match counting) and fails for one of three reasons:
- "company": every passage it cites is about another company than the one it talks about: a
  source is the company's of its citation's ticker (or of the company its title names), and may
  be cited by a sentence that names that company, or, when it is the question's company's, by
  one whose named companies it mentions too. A citation to another company's source is removed
  from a sentence that also cites a right one.
- "filler": boilerplate or a dangling lead-in that answers nothing ("... should be read in
  conjunction with ...", a sentence ending in ":").
- "unsupported": too far from every sentence of the cited passages: the best cosine similarity
  of the embeddings, the share of the sentence's key terms the passages contain and the names,
  years and tickers it adds that the passages never mention, combined as in `_supported`.

The thresholds were chosen on the "tune" half of data/eval/support_sentences.jsonl (real
answers of the shipped model on the demo store and FinanceBench filings, labelled by hand) so
that no unsupported sentence of that half passes while most supported ones do; `finassist eval
support` reports both halves.
"""

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from core.protocols import Embedder
from core.types import Citation
from rag.query import Company, Registry, default_registry, find_companies
from rag.query.words import content_terms

# Tuned on the "tune" split of data/eval/support_sentences.jsonl (see evals/support.py).
SIMILARITY_ALONE = 0.80  # a near-paraphrase of one passage statement is supported as it is
SIMILARITY_MIN = 0.70  # below this nothing in the passages says the same thing
COVERAGE_MIN = 0.85  # share of its key terms the closest passage statements contain
COVERAGE_ALONE = 0.50  # ... and the share a near-paraphrase needs
NEW_ENTITIES_MAX = 0  # names, months, years and tickers the closest statements never mention

TOP_UNITS = 2  # key terms are looked for in the passage statements closest to the sentence
MIN_UNIT_WORDS = 4  # passage sentences shorter than this are headings, not statements
UNIT_CHARS = 400  # a passage sentence is cut here (the embedder reads ~128 tokens)

FILLER = re.compile(
    r"should be read (?:together|in conjunction) with|forward[- ]looking statements?"
    r"|(?:refer|see) (?:to )?(?:item|part|note|the section|our|the accompanying)"
    r"|for (?:more|additional|further) (?:information|details)"
    r"|incorporated (?:herein )?by reference"
    r"|(?:is|are) (?:described|discussed|set forth|summari[sz]ed) (?:below|above|in item)"
    r"|(?:described|discussed|disclosed|set forth) in (?:part|item)"
    r"|\bthe following\b(?! year| quarter)|\b(?:i hope|let me know|feel free)\b",
    re.IGNORECASE,
)
NO_CLAIM = re.compile(
    r"\b(?:sources?|passages?|documents?|context)\b[^.]*\b(?:do(?:es)? not|don't|doesn't)"
    r"\s+(?:contain|mention|provide|include|say|specify|state)",
    re.IGNORECASE,
)
_ANSWER_WORD = re.compile(r"^(?:so\s+)?(?:yes|no)\b[.,;:!]?\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-\d\d\b")
_PARENTHESES = re.compile(r"\([^()]*\)?")
MIN_CLAIM_WORDS = 3  # fewer words outside parentheses: a label, not a statement
_MARKER = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")
_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)")
_ENTITY = re.compile(r"\b(?:[A-Z][a-zA-Z&'’.-]*[a-zA-Z]|[A-Z]{2,5}|(?:19|20)\d\d)\b")
# Capitalised words that are no names (they open sentences, or filings capitalise them).
COMMON = frozenset(
    """
    the a an in on of for to and or but as at by with from this that these those its it our we
    they their his her he she you your i if while when where which who what how however also
    although according item items part form company company's companies risk risks factors
    annual report quarterly fiscal year note notes table section overall additionally further
    furthermore moreover finally first second third other key main major such some many
    management board inc corp corporation co ltd llc plc group holdings us u.s united states
    sec exchange commission act securities gaap non-gaap ceo cfo chief officer executive
    president director directors quarter q1 q2 q3 q4 fy there here both each all any no not
    """.split()
)


@dataclass
class Passage:
    """A source the model was given: its number, text, and whose it is."""

    n: int
    text: str
    ticker: str | None = None
    title: str = ""  # what the citation says of the source: its title, form, date, section
    source: str = ""  # sec, upload, news, market


@dataclass
class Judgement:
    """Whether a sentence is supported, why not, and the figures that decided it."""

    supported: bool
    reason: str  # "supported", "no claim", "company", "filler", "unsupported"
    sentence: str  # the sentence with any citation to another company's source removed
    similarity: float = 0.0
    coverage: float = 0.0
    new_entities: list[str] = field(default_factory=list)
    passage: int | None = None  # the passage that matched best


class SupportCheck:
    """Judges the sentences of one answer; the passages' sentences are embedded once."""

    def __init__(
        self,
        embedder: Embedder,
        passages: Sequence[Passage],
        question_companies: Sequence[str] = (),
        registry: Registry | None = None,
    ):
        self.embedder = embedder
        self.passages = {p.n: p for p in passages}
        self.registry = registry
        self.asked = set(question_companies)  # company ids (or tickers) the question names
        self._units: dict[int, list[str]] | None = None
        self._vectors: dict[int, list[list[float]]] = {}
        self._owners = {p.n: self._owner(p) for p in passages}
        self._named: dict[int, set[str]] = {}  # the companies each passage's text names

    def judge(self, sentence: str) -> Judgement:
        """The judgement of one answer sentence, its [n] markers included."""
        bare = _MARKER.sub("", sentence).strip()
        if NO_CLAIM.search(bare):
            return Judgement(True, "no claim", sentence)
        if is_filler(bare):
            return Judgement(False, "filler", sentence)
        cited = [n for n in _cited(sentence) if n in self.passages]
        named = self._companies(bare)
        right = [n for n in cited if self._about(n, named)]
        if cited and not right:
            return Judgement(False, "company", sentence)
        if len(right) < len(cited):
            sentence = _keep_markers(sentence, set(right))
        pool = right or [n for n in self.passages if self._about(n, named)]
        if not pool:
            return Judgement(False, "company", sentence)
        bare = _ANSWER_WORD.sub("", bare)  # "Yes, ..." : the claim is what follows
        closest = self._closest(bare, pool)[:TOP_UNITS]
        similarity, best = (closest[0][0], closest[0][1]) if closest else (0.0, None)
        near = " ".join(
            [unit for _, _, unit in closest] + [self._names({n for _, n, _ in closest})]
        )
        coverage = _coverage(bare, near)
        new = [e for e in entities(bare) if e.lower() not in near.lower()]
        ok = _supported(similarity, coverage, len(new))
        return Judgement(
            ok, "supported" if ok else "unsupported", sentence, similarity, coverage, new, best
        )

    # ---- companies ---------------------------------------------------------------------

    def _companies(self, text: str) -> set[str]:
        return {m.company.id for m in find_companies(text, self.registry)}

    def _owner(self, passage: Passage) -> str | None:
        """The id of the company a passage is about: its ticker's, else its title's first."""
        if passage.ticker:
            found = find_companies(f"${passage.ticker}", self.registry)
            if found:
                return found[0].company.id
        named = find_companies(passage.title, self.registry)
        return named[0].company.id if named else None

    def _about(self, n: int, named: set[str]) -> bool:
        """Whether passage `n` may be cited by a sentence naming the companies `named`: it is
        the filing of one of them; or it is the question's company's (or nothing was asked) and
        names every company the sentence names ("former CEO of Ulta Beauty" in Foot Locker's
        8-K); a news story may be about any company it names."""
        owner = self._owners.get(n)
        if owner is None or owner in named:
            return True
        mentioned = self._mentioned(n) | {owner}
        if self.asked and owner not in self.asked:
            news = self.passages[n].source == "news"
            return news and bool((named | self.asked) & mentioned) and named <= mentioned
        return named <= mentioned

    def _mentioned(self, n: int) -> set[str]:
        if n not in self._named:
            passage = self.passages[n]
            self._named[n] = self._companies(f"{passage.title}\n{passage.text[:2000]}")
        return self._named[n]

    def about_question(self, n: int) -> bool:
        """Whether passage `n` is about a company the question names (or cannot be told)."""
        return self._about(n, set())

    # ---- similarity --------------------------------------------------------------------

    def _closest(self, sentence: str, pool: list[int]) -> list[tuple[float, int, str]]:
        """The pool's passage statements by cosine similarity to `sentence`, closest first."""
        self._embed_passages()
        assert self._units is not None
        vector = self.embedder.embed([sentence])[0]
        scored = [
            (sum(a * b for a, b in zip(vector, unit, strict=True)), n, text)
            for n in pool
            for unit, text in zip(self._vectors.get(n, []), self._units[n], strict=True)
        ]
        return sorted(scored, key=lambda item: -item[0])

    def _embed_passages(self) -> None:
        if self._units is not None:
            return
        self._units = {n: passage_units(p.text) for n, p in self.passages.items()}
        flat = [(n, unit) for n, units in self._units.items() for unit in units]
        vectors = self.embedder.embed([unit for _, unit in flat]) if flat else []
        for (n, _), vector in zip(flat, vectors, strict=True):
            self._vectors.setdefault(n, []).append(vector)

    # ---- entities ----------------------------------------------------------------------

    def _names(self, pool: set[int]) -> str:
        """What the pool's sources are called: their labels and their companies' names and
        tickers (a filing says "we" and "the Company", not its name)."""
        parts = [self.passages[n].title for n in pool]
        parts += [
            _spelled_date(m) for n in pool for m in _ISO_DATE.finditer(self.passages[n].title)
        ]
        for owner in {self._owners.get(n) for n in pool} - {None}:
            company = self._company(owner)
            if company:
                parts += [company.name, *company.names, *company.tickers, company.display]
        return " ".join(parts)

    def _company(self, company_id: str | None) -> Company | None:
        registry = self.registry if self.registry is not None else default_registry()
        return next((c for c in registry.companies if c.id == company_id), None)


def is_filler(text: str) -> bool:
    """Boilerplate or a dangling lead-in: it refers the reader elsewhere or introduces a list
    that does not follow, and answers nothing."""
    bare = _MARKER.sub("", text).strip()
    return bare.endswith(":") or bool(FILLER.search(bare)) or _fragment(bare)


def _fragment(text: str) -> bool:
    """A citation label, heading or broken-off clause echoed as a sentence: "(Apple Inc. 10-K |
    Item 8)", "* Apple Inc. (dollars in millions)", "2024 compared to 2023", "who will become
    CEO of the company,"."""
    if " | " in text or text.endswith(","):
        return True
    words = re.findall(r"[^\W\d_]{2,}", _PARENTHESES.sub(" ", text))
    return len(words) < MIN_CLAIM_WORDS


def _supported(similarity: float, coverage: float, new_entities: int) -> bool:
    if new_entities > NEW_ENTITIES_MAX:
        return False
    if similarity >= SIMILARITY_ALONE and coverage >= COVERAGE_ALONE:
        return True
    return similarity >= SIMILARITY_MIN and coverage >= COVERAGE_MIN


def passage_units(text: str) -> list[str]:
    """A passage's statements: its prose sentences and pairs of neighbours (a claim may join
    two), and its table rows."""
    units: list[str] = []
    for is_table, lines in groupby(text.splitlines(), key=lambda ln: ln.lstrip()[:1] == "|"):
        block = "\n".join(lines)
        if is_table:
            units += [row.strip()[:UNIT_CHARS] for row in block.splitlines() if row.strip("|- ")]
            continue
        sentences = [m.group().strip() for m in _SENTENCE.finditer(block)]
        sentences = [s for s in sentences if len(s.split()) >= MIN_UNIT_WORDS]
        units += [s[:UNIT_CHARS] for s in sentences]
        units += [f"{a} {b}"[:UNIT_CHARS] for a, b in zip(sentences, sentences[1:], strict=False)]
    return units


def entities(sentence: str) -> list[str]:
    """Capitalised names (not the sentence's first word), all-capital tickers and years."""
    found = []
    for m in _ENTITY.finditer(sentence):
        word = m.group().strip(".'’")
        if m.start() == 0 or word.lower() in COMMON or word.lower().rstrip("s") in COMMON:
            continue
        found.append(word.removesuffix("'s").removesuffix("’s"))
    return list(dict.fromkeys(found))


def _spelled_date(match: re.Match) -> str:
    """ "2020-07-15" as "July 2020", as a sentence would say it."""
    return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"


def _coverage(sentence: str, text: str) -> float:
    terms = content_terms(sentence)
    if not terms:
        return 1.0
    return len(terms & content_terms(text)) / len(terms)


def _cited(sentence: str) -> list[int]:
    return [
        int(n)
        for group in re.findall(r"\[(\d+(?:,\s*\d+)*)\]", sentence)
        for n in re.split(r",\s*", group)
    ]


def _keep_markers(sentence: str, keep: set[int]) -> str:
    """The sentence with only the markers of the sources in `keep`."""

    def mark(match: re.Match) -> str:
        numbers = [n for n in re.split(r",\s*", match.group(1)) if int(n) in keep]
        return f"[{', '.join(numbers)}]" if numbers else ""

    return re.sub(r"\[(\d+(?:,\s*\d+)*)\]", mark, sentence)


def passages_of(sources: Sequence[tuple[Citation, str]]) -> list[Passage]:
    """Passages from an answer's numbered sources ((Citation, text) pairs)."""
    return [Passage(c.n, text, c.ticker, c.title or "", c.source or "") for c, text in sources]


def _label(citation: Citation) -> str:
    parts = (citation.title, citation.form, citation.date, citation.locator)
    return " | ".join(part for part in parts if part)
