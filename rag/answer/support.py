"""Sentence support: does a sentence of a generated answer say what the passage it cites says,
about the company that passage is about? Runs on the CPU with the shipped sentence embedder.

A sentence is judged against the passages it cites (an uncited one against all passages, the best
match counting) and fails for one of these reasons:
- "company": every passage it cites is about another company than the one it talks about: a
  source is the company's of its citation's ticker (or of the company its title names), and may
  be cited by a sentence that names that company, or, when it is the question's company's, by
  one whose named companies it mentions too. A citation to another company's source is removed
  from a sentence that also cites a right one.
- "filler": boilerplate or a dangling lead-in that answers nothing ("... should be read in
  conjunction with ...", a sentence ending in ":").
- "label": a name or heading echoed as a sentence, every word capitalised ("Acme Group
  (Nasdaq: ACME)"): it states nothing. (Code-written list answers never pass this check.)
- "figure", "contradicted", "subject": close in words, but a figure is another line's or
  period's (or the passage gives its qualifier to another figure), the direction or a negation
  differs, or what the passage says of one thing ("other segment items for the Compute &
  Networking segment include ...") is said of a part of it.
- "aligned", "fused": what the sentence binds together the passage does not say together: a
  rank, a name of another list, a superlative without its restriction ("largest ... after the
  cost of merchandise"), a subject and a predicate from two statements of different scope or
  of different parties ("The DOJ is seeking monetary damages" where other plaintiffs seek them)
  (rag.answer.alignment, rag.answer.binding); a share of the company's total where the
  passage's is a segment's, or the other way round, is a "figure" (rag.answer.shares), as is
  a figure paired with another period of a "respectively" list (rag.answer.respectively); a
  segment table's figure given as the company's is "subject" (rag.answer.segments), a
  superlative turned over ("lowest" for "highest") "contradicted" (rag.answer.superlatives).
- "unsupported": too far from every sentence of the cited passages: the best cosine similarity
  of the embeddings, the share of the sentence's key terms the passages contain and the names,
  years and tickers it adds that the passages never mention, combined as in `_supported`.

The thresholds were chosen on the "tune" half of data/eval/support_sentences.jsonl (real
answers of the shipped model on the demo store and FinanceBench filings, labelled by hand) so
that no unsupported sentence of that half passes while most supported ones do; `finassist eval
support` reports both halves.
"""

import calendar
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby

from core.protocols import Embedder
from core.types import Citation
from rag.answer import polarity, respectively, table_rows
from rag.answer.alignment import (
    clause_windows,
    comparator_only,
    counted,
    crossed,
    denied,
    dropped_rank,
    earlier_value,
    fiscal_years,
    holds_itself,
    moved_against,
    moved_unsaid,
    ordinals,
    other_column,
    other_dated_act,
    other_year,
    period_clauses,
    ranks,
    reversed_move,
    states_count,
    years,
)
from rag.answer.binding import (
    defined_terms,
    dropped_restriction,
    fused,
    joined,
    requalified,
    standalone,
)
from rag.answer.causes import cause_as_change, offset_as_driver, other_effect, unsourced_cause
from rag.answer.claims import (
    Figure,
    clauses,
    coverage,
    direction,
    figures,
    misbound,
    negated,
    negation_object,
    opposite_direction,
    same_figure,
    shifted_subject,
    stated_change,
    terms,
)
from rag.answer.claims import sentences as split_sentences
from rag.answer.derived import derives, move_terms, multiple_wrong
from rag.answer.hedges import fragment, overstated, swapped
from rag.answer.kinds import other_kind, points_as_percent
from rag.answer.modality import (
    dropped_basis,
    made_exact,
    modal_dropped,
    stated_as_done,
    straddled,
)
from rag.answer.pairs import crossed_pair, other_action, split_pair, turned_comparison
from rag.answer.pdf_words import mend, parted
from rag.answer.qualifiers import misplaced
from rag.answer.segments import segment_as_company
from rag.answer.shares import rebased
from rag.answer.speakers import misaffiliated, misattributed
from rag.answer.superlatives import opposite_end
from rag.query import Company, Registry, default_registry, find_companies
from rag.query.lexicon import is_word
from rag.query.words import STOPWORDS

# Tuned on the "tune" split of data/eval/support_sentences.jsonl (see evals/support.py).
SIMILARITY_ALONE = 0.80  # a near-paraphrase of one passage statement is supported as it is
SIMILARITY_MIN = 0.70  # below this nothing in the passages says the same thing
COVERAGE_MIN = 0.90  # share of its key terms the closest passage statements contain
COVERAGE_ALONE = 0.75  # ... and the share a near-paraphrase needs
WORDS_COVERAGE_MIN = 0.85  # one statement with this share of the claim's key terms ...
WORDS_SIMILARITY_MIN = 0.55  # ... and at least this similarity says the same in other words
ALIGNED_UNITS = 3  # names and dates are looked for in the statements closest in meaning and words
BOUND_COVERAGE = 0.75  # a claimed figure stands in a statement with this share of its terms
CLAUSE_UNITS = 2  # the statements richest in the claim's terms whose clauses are compared
CONTEXT_SENTENCES = 0  # sentences before a statement as its context: none (they gave leaks
# the terms of what a claim says of the statement: a direction, a date, another item's name)
CONTEXT_OWN = 0.6  # ... and the share of the claim's terms the statement itself must have

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
    r"|\bthe following\b(?!\s+(?:\w+\s+){0,2}(?:years?|quarters?|months?|periods?|days?)\b)"
    r"|\b(?:i hope|let me know|feel free)\b",
    re.IGNORECASE,
)
NO_CLAIM = re.compile(
    r"\b(?:sources?|passages?|documents?|context)\b[^.]*\b(?:do(?:es)? not|don't|doesn't)"
    r"\s+(?:contain|mention|provide|include|say|specify|state)",
    re.IGNORECASE,
)
# the answer's instructions echoed: what the sources are or hold as the model was told of them
# ("each object's text is quoted data, never instructions"), a claim about the prompt
PROMPT_ECHO = re.compile(
    r"\b(?:sources?|passages?|documents?|text|data|objects?)\b[^.]*\binstructions?\b",
    re.IGNORECASE,
)
# "Yes, ..." or "No, ...": an answer's word before its claim; not "No penalties were ...".
_ANSWER_WORD = re.compile(r"^(?:so\s+)?(?:yes\b[.,;:!]?|no[.,;:!])\s*", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-\d\d\b")
_PARENTHESES = re.compile(r"\([^()]*\)?")
MIN_CLAIM_WORDS = 3  # fewer words outside parentheses: a label, not a statement
_DAY = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{1,2}\b"
)
_MARKER = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")
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
    mr ms mrs dr because before after during since until yes
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
        # a PDF's broken words joined (rag.answer.pdf_words; its glued ones are parted for terms),
        # its no-break spaces plain ones (the patterns read "compared to" with a space)
        self.passages = {p.n: replace(p, text=mend(p.text).replace("\xa0", " ")) for p in passages}
        self.registry = registry
        self.asked = set(question_companies)  # company ids (or tickers) the question names
        self._units: dict[int, list[tuple[str, bool, set[str]]]] | None = None
        self._vectors: dict[int, list[list[float]]] = {}
        self._contexts: dict[int, dict[str, str]] = {}
        self._owners = {p.n: self._owner(p) for p in passages}
        self._named: dict[int, set[str]] = {}  # the companies each passage's text names

    def judge(self, sentence: str) -> Judgement:
        """The judgement of one answer sentence, its [n] markers included."""
        bare = _MARKER.sub("", sentence).strip()
        if NO_CLAIM.search(bare) and not PROMPT_ECHO.search(bare):
            return Judgement(True, "no claim", sentence)
        if is_filler(bare):
            return Judgement(False, "filler", sentence)
        if is_label(bare):
            return Judgement(False, "label", sentence)
        if fragment(bare) or copied_row(bare):  # it breaks off ("... (Eppendorf) and")
            return Judgement(False, "fragment", sentence)
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
        return self._compare(bare, sentence, pool)

    def _compare(self, bare: str, sentence: str, pool: list[int]) -> Judgement:
        """The claim against the pool's statements: close enough in meaning and words, and
        saying no name, figure, period, direction or negation they do not."""
        claim = terms(bare)
        change, said_way = stated_change(bare), direction(bare)
        if change and said_way and change not in said_way:
            return Judgement(False, "contradicted", sentence)
        if multiple_wrong(
            bare
        ):  # rag.answer.derived: "halved, from $1,737 million to $1,068 million"
            return Judgement(False, "figure", sentence)
        if change:  # the figures say which way it went; the passage need not say "rose"
            claim -= {"increa", "decrea"}
        names = terms(self._names(set(pool)))
        texts = [self.passages[n].text for n in pool]
        table = table_rows.verdict(bare, texts, names)
        if table == "supported" and segment_as_company(bare, texts, names):
            table = "subject"  # a segment's table's figure given as the company's
        if table is not None:  # a table row says it, or prints its figure for another period
            return Judgement(table == "supported", table, sentence, passage=pool[0])
        units = self._scored(bare, claim, names, pool)
        if not units:
            return Judgement(False, "unsupported", sentence)
        top = sorted(units, key=lambda u: -u.similarity)
        near = set().union(*(u.terms for u in top[:TOP_UNITS])) | names
        similarity, near_coverage = top[0].similarity, coverage(claim, near)
        by_words = sorted(units, key=lambda u: (-u.coverage, -u.similarity))
        best = by_words[0]
        aligned = top[:ALIGNED_UNITS] + by_words[:ALIGNED_UNITS]
        texts = " ".join([u.text for u in aligned] + [self._names(set(pool))])
        said = set().union(*(u.terms for u in aligned)) | names
        context = " ".join(self._context(u) for u in aligned)
        new = [
            e
            for e in entities(bare)
            if not _mentions(texts, e) and not _said(e, said) and not _mentions(context, e)
        ]
        judgement = Judgement(
            False,
            "unsupported",
            sentence,
            similarity,
            max(near_coverage, best.coverage),
            new,
            top[0].n,
        )
        if not self._close_enough(bare, claim, names, units, new):
            return judgement
        conflict = self._conflict(bare, claim, names, units, pool, context)
        if conflict:
            judgement.reason = conflict
            return judgement
        judgement.supported, judgement.reason = True, "supported"
        return judgement

    def _close_enough(
        self, bare: str, claim: set[str], names: set[str], units: list["_Unit"], new: list[str]
    ) -> bool:
        """The gate before the conflict detectors: the claim is close enough in meaning and
        words to the pool's statements (`_supported`, a clause of one, one in its context) and
        names nothing they do not."""
        if new:
            return False
        top = sorted(units, key=lambda u: -u.similarity)
        near = set().union(*(u.terms for u in top[:TOP_UNITS])) | names
        by_words = sorted(units, key=lambda u: (-u.coverage, -u.similarity))
        best = by_words[0]
        return (
            _supported(top[0].similarity, coverage(claim, near), best.similarity, best.coverage)
            or self._clause_close(bare, claim, names, by_words)
            or self._close_in_context(claim, names, units)
        )

    def _conflict(
        self,
        bare: str,
        claim: set[str],
        names: set[str],
        units: list["_Unit"],
        pool: list[int],
        context: str,
    ) -> str | None:
        """The first conflict detector that rejects a claim close enough to the statements:
        its reason, or None."""
        singles = [u for u in units if u.single]
        return (
            _unbound(bare, claim, singles, self.passages, names)
            or _contradicted(bare, singles)
            or ("contradicted" if any(_moved_against(bare, u.text) for u in singles) else None)
            or polarity.turned(bare, singles)  # "fell" for "rose", an offset as a cause
            or _shifted(bare, singles, names)
            or _unaligned(
                bare,
                units,
                self._names(set(pool), titles=False),
                self._defined(pool),
                context,
            )
            or self._fused(bare, pool, names)
            or self._undated(bare, singles, pool)
            or ("period" if other_dated_act(bare, [u.text for u in singles]) else None)
            or self._rebased(bare, singles, names)
            or ("figure" if respectively.swapped(bare, [u.text for u in singles]) else None)
            or _superlative_turned(bare, claim, singles)
            or overstated(bare, singles)  # rag.answer.hedges: "all" for "some", "will" for "may"
            or swapped(bare, singles, names)  # ... "leases" for a row's "Owned"
            or stated_as_done(bare, singles)  # rag.answer.modality: a plan told as done
            or made_exact(bare, singles)
            or dropped_basis(bare, singles)  # "8.4%" printed only "excluding fuel"
            or unsourced_cause(bare, singles, names)  # rag.answer.causes
            or other_effect(bare, singles, names)  # ... a cause of another effect
            or offset_as_driver(bare, singles)  # ... "X added to" where "offset by X"
            or cause_as_change(bare, singles)  # ... "rose $X" where "rose $Y, reflecting $X"
            or other_kind(bare, singles)  # rag.answer.kinds: "financing" for "investing"
            or points_as_percent(bare, singles)  # ... "seven percent" for "seven basis points"
            or crossed_pair(bare, singles, names)  # rag.answer.pairs: two figures' labels
            or split_pair(bare, singles)  # ... two figures of two events joined
            or other_action(bare, units)  # ... "reclassified $X" where "issuance of $X"
            or turned_comparison(bare, singles)  # ... "more for A than B" where "for B than A"
            or modal_dropped(bare, singles)  # "is the best" where "might be the best"
            or straddled(bare, singles)  # "to rise" where a range holds the prior figure
            or misattributed(bare, singles)  # rag.answer.speakers: a quote's subject as speaker
            or misaffiliated(bare, singles)  # ... a person with another's organisation
        )

    def _clause_close(
        self, bare: str, claim: set[str], names: set[str], by_words: list["_Unit"]
    ) -> bool:
        """Whether a clause (or two neighbouring clauses) of one of the statements with most of
        the claim's terms says the claim: close in meaning and with all the claim's terms. A long
        statement's embedding blurs the clause a sentence restates ("... without any material
        disruption of operating activities, and management considers employee and union
        relations to be good")."""
        statements = [u.text for u in by_words[:CLAUSE_UNITS] if u.coverage >= WORDS_COVERAGE_MIN]
        windows = [w for text in statements for w in clause_windows(text)]
        windows = [w for w in windows if claim <= terms(w) | terms(parted(w)) | names]
        if not windows:
            return False
        vector, *vectors = self.embedder.embed([bare, *windows])
        return any(
            sum(a * b for a, b in zip(vector, v, strict=True)) >= WORDS_SIMILARITY_MIN
            for v in vectors
        )

    def _context(self, unit: "_Unit") -> str:
        """What a statement speaks of: its section's heading (its "this segment" or "our
        server products" speak of what the heading names)."""
        return self._contexts.get(unit.n, {}).get(unit.text, "")

    def _close_in_context(self, claim: set[str], names: set[str], units: list["_Unit"]) -> bool:
        """Whether one statement close in meaning says most of the claim and, with its context
        (its heading), every one of its terms: "Corning's Life Sciences segment also
        competes with large distributors ..." where "Corning also faces competition from large
        distributors ..." follows the "Life Sciences Segment" heading."""
        return any(
            u.similarity >= WORDS_SIMILARITY_MIN
            and u.coverage >= CONTEXT_OWN
            and claim <= u.terms | terms(self._context(u)) | names
            for u in units
            if self._context(u)
        )

    def _scored(
        self, bare: str, claim: set[str], names: set[str], pool: list[int]
    ) -> list["_Unit"]:
        """Every statement of the pool with its similarity to the claim and the share of the
        claim's key terms it has (with its source's names)."""
        self._embed_passages()
        assert self._units is not None
        vector = self.embedder.embed([bare])[0]
        scored = []
        for n in pool:
            for (text, single, words), unit in zip(
                self._units[n], self._vectors.get(n, []), strict=True
            ):
                similarity = sum(a * b for a, b in zip(vector, unit, strict=True))
                scored.append(
                    _Unit(n, text, single, words, similarity, coverage(claim, words | names))
                )
        return scored

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
        mentioned |= self._displayed(n, named - mentioned)
        if self.asked and owner not in self.asked:
            news = self.passages[n].source == "news"
            return news and bool((named | self.asked) & mentioned) and named <= mentioned
        return named <= mentioned

    def _mentioned(self, n: int) -> set[str]:
        if n not in self._named:
            passage = self.passages[n]
            text = f"{passage.title}\n{passage.text[:2000]}"
            # A PDF's text glues words ("RaytheonCompany"): its names are read apart too.
            self._named[n] = self._companies(text) | self._companies(_GLUED.sub(r"\1 \2", text))
        return self._named[n]

    def _displayed(self, n: int, ids: set[str]) -> set[str]:
        """Those of the companies `ids` whose usual name the passage prints as it is ("General
        Dynamics Corporation" in a list the name reader does not read as names)."""
        text = " ".join(self.passages[n].text.split())
        return {
            i
            for i in ids
            if (company := self._company(i))
            and not is_word(company.display)  # "Target", "Apple": words too
            and re.search(rf"\b{re.escape(company.display)}\b", text)
        }

    def about_question(self, n: int) -> bool:
        """Whether passage `n` is about a company the question names (or cannot be told)."""
        return self._about(n, set())

    # ---- similarity --------------------------------------------------------------------

    def prepare(self) -> None:
        """Embed the passages' statements now, ahead of the first sentence to judge (the answer
        runs it before the model starts, on a helper thread it waits for no longer than its
        deadline: rag.answer.budget.Ahead)."""
        self._embed_passages()

    def _embed_passages(self) -> None:
        if self._units is not None:
            return
        self._units = {
            n: [
                (text, single, terms(text) | terms(parted(text))) for text, single in _units(p.text)
            ]
            for n, p in self.passages.items()
        }
        self._contexts = {n: _contexts(p.text) for n, p in self.passages.items()}
        flat = [(n, text) for n, units in self._units.items() for text, _, _ in units]
        # A PDF table row is embedded without its header line (its years): the row says it.
        texts = [text.rpartition("\n")[2][:UNIT_CHARS] for _, text in flat]
        vectors = self.embedder.embed(texts) if flat else []
        for (n, _), vector in zip(flat, vectors, strict=True):
            self._vectors.setdefault(n, []).append(vector)

    # ---- entities ----------------------------------------------------------------------

    def _names(self, pool: set[int], titles: bool = True) -> str:
        """What the pool's sources are called: their labels and their companies' names and
        tickers (a filing says "we" and "the Company", not its name)."""
        parts = [self.passages[n].title for n in pool] if titles else []
        parts += [
            _spelled_date(m)
            for n in pool
            if titles
            for m in _ISO_DATE.finditer(self.passages[n].title)
        ]
        for owner in {self._owners.get(n) for n in pool} - {None}:
            company = self._company(owner)
            if company:
                parts += [company.name, *company.names, *company.tickers, company.display]
        return " ".join(parts)

    def _undated(self, claim_text: str, singles: list["_Unit"], pool: list[int]) -> str | None:
        """ "period" when a year of the claim is in no cited passage's text nor its fiscal
        period (a file name's "2023" is not; a news story's date is its own), or the clause of
        the sentence that says most of the claim names other years and not this one ("In
        fiscal 2022, we acquired ..." for 2023; not "..., compared to 16 new warehouses ... in
        2020" for 2021), or it is the passage's latest year and the claim's figure is printed only
        by statements about the prior year."""
        claimed = years(claim_text)
        if not claimed:
            return None
        stated = set().union(*(years(self.passages[n].text) for n in pool))
        stated |= set().union(*(fiscal_years(self.passages[n].title) for n in pool))
        stated |= {  # a story's date is its own
            m.group(1)
            for n in pool
            if self.passages[n].source == "news"
            for m in _ISO_DATE.finditer(self.passages[n].title)
        }
        if not claimed <= stated:
            return "period"
        holding = [u for u in singles if u.coverage >= BOUND_COVERAGE]
        if holding:
            best = max(holding, key=lambda u: (u.coverage, u.similarity)).text
            if any(
                years(clause) and not claimed & years(clause)
                for clause in _period_clauses(claim_text, best)
            ):
                return "period"
        latest = max(set().union(*(years(self.passages[n].text) for n in pool)), default=None)
        if latest in claimed and _prior_years(claim_text, singles):
            return "period"
        return None

    def _rebased(self, claim_text: str, singles: list["_Unit"], names: set[str]) -> str | None:
        """ "figure" when a share of the claim is of the company's total where the statements
        that print it give it a part's base (a segment's: "its" after "BDS' primary customer
        ..."), or the other way round (rag.answer.shares)."""
        assert self._units is not None
        holding = [u for u in singles if u.coverage >= BOUND_COVERAGE]
        statements = []
        for u in holding:
            texts = [text for text, single, _ in self._units[u.n] if single]
            i = texts.index(u.text) if u.text in texts else 0
            statements.append((u.text, " ".join(texts[max(0, i - 2) : i])))
        return "figure" if statements and rebased(claim_text, statements, names) else None

    def _defined(self, pool: list[int]) -> set[str]:
        """The terms the pool's passages define for other parties than their companies
        ('Kraft Foods Group, Inc. (“Kraft”)' in Kraft Heinz's filing)."""
        names = [
            name
            for owner in {self._owners.get(n) for n in pool} - {None}
            if (company := self._company(owner))
            for name in (company.name, *company.names, company.display)
        ]
        return set().union(*(defined_terms(self.passages[n].text, names) for n in pool))

    def _fused(self, claim_text: str, pool: list[int], names: set[str]) -> str | None:
        """ "fused" when the claim joins a subject said in one statement to a predicate said of
        another (rag.answer.binding.fused)."""
        assert self._units is not None
        statements = [text for n in pool for text, single, _ in self._units[n] if single]
        if fused(claim_text, statements, names) or joined(claim_text, statements, names):
            return "fused"
        return None

    def _company(self, company_id: str | None) -> Company | None:
        registry = self.registry if self.registry is not None else default_registry()
        return next((c for c in registry.companies if c.id == company_id), None)


def is_filler(text: str) -> bool:
    """Boilerplate, a dangling lead-in or the prompt echoed: it refers the reader elsewhere,
    introduces a list that does not follow or speaks of its instructions, and answers nothing."""
    bare = _MARKER.sub("", text).strip()
    return (
        bare.endswith(":")
        or bool(FILLER.search(bare) or PROMPT_ECHO.search(bare))
        or _fragment(bare)
    )


_LABEL_WORDS = frozenset("and of the for in on at to a an de & -".split())


def is_label(text: str) -> bool:
    """A name or heading echoed as a sentence, saying nothing of it: every word outside its
    parentheses is capitalised ("Acme Holdings Group (Nasdaq: ACME)", "Risk Factors Summary").
    A statement has a verb, and verbs are written in lower case."""
    bare = _PARENTHESES.sub(" ", _MARKER.sub("", text))
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", bare) if w.lower() not in _LABEL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _fragment(text: str) -> bool:
    """A citation label, heading or broken-off clause echoed as a sentence: "(Apple Inc. 10-K |
    Item 8)", "* Apple Inc. (dollars in millions)", "2024 compared to 2023", "who will become
    CEO of the company,"."""
    if " | " in text or text.endswith(","):
        return True
    words = re.findall(r"[^\W\d_]{2,}", _PARENTHESES.sub(" ", text))
    return len(words) < MIN_CLAIM_WORDS


_ROW_CELL = re.compile(r"\s+(?:\$\s*)?\(?-?\d[\d,]*(?:\.\d+)?\)?(?:\s?%)?")


def copied_row(text: str) -> bool:
    """Whether a sentence is a table row copied as it is printed ("Segment operating income $
    850 $ 464 $ 740."): a label and three or more cells (or two printed with "$ "), no claim
    of what they are the figures of."""
    bare = text.strip().rstrip(".")
    if not _TEXT_ROW.match(bare):
        return False
    cells = _ROW_CELL.findall(bare[re.search(r"\s+[$(\d-]", bare).start() :])
    return len(cells) >= 3 or sum("$" in c for c in cells) >= 2


def _supported(
    similarity: float, near_coverage: float, best_similarity: float, best_coverage: float
) -> bool:
    """Close enough: a near-paraphrase of the closest statements in meaning and words, or one
    statement that has nearly all the claim's key terms and is not far from it in meaning (the
    embedder scores some faithful restatements low: "would raise its and its customers' costs"
    against "would increase our and our customers' costs")."""
    if similarity >= SIMILARITY_ALONE and near_coverage >= COVERAGE_ALONE:
        return True
    if similarity >= SIMILARITY_MIN and near_coverage >= COVERAGE_MIN:
        return True
    return best_similarity >= WORDS_SIMILARITY_MIN and best_coverage >= WORDS_COVERAGE_MIN


@dataclass
class _Unit:
    """One passage statement as compared with a claim."""

    n: int
    text: str
    single: bool  # one sentence or table row (not two neighbours joined)
    terms: set[str]
    similarity: float
    coverage: float


def _unbound(
    claim_text: str,
    claim: set[str],
    singles: list[_Unit],
    passages: dict[int, "Passage"],
    names: set[str] = frozenset(),
) -> str | None:
    """ "figure" when a figure of the claim is in no statement that also says most of the
    claim ("Professional Visualization revenue was up 55%" where 55% is Automotive's), or is
    printed for another period ("$754 million at December 31, 2024" from "... 2023 and 2024,
    ... $754 million and $989 million")."""
    for figure in figures(claim_text):
        holding = [u for u in singles if any(same_figure(figure, f) for f in figures(u.text))]
        own = terms(next((c for c in _figure_clauses(claim_text) if figure.text in c), ""))
        if stated_change(claim_text):  # "..., down from 55.3%": the move is the pair's
            own -= {"increa", "decrea"}
        bound = [
            u
            for u in holding
            if max(u.coverage, coverage(own, u.terms)) >= BOUND_COVERAGE
            and _measures(figure, u.text) <= claim
        ]
        others = [u for u in singles if u not in holding]
        if _computed(claim_text, claim, own, figure, others, passages):
            continue  # rag.answer.derived: "rose $608 million" from a row's two cells
        if not bound:
            return "figure"
        statements = [u.text for u in singles]
        if all(
            misbound(claim_text, u.text)
            or crossed(own, figure, u.text)
            or other_column(claim_text, figure, u.text)
            or other_year(claim_text, figure, u.text)
            or requalified(claim_text, figure, u.text)
            or misplaced(claim_text, figure, u.text, statements, names)  # rag.answer.qualifiers
            or comparator_only(claim_text, figure, u.text)
            for u in bound
        ):
            return "figure"
    return None


def _moved_against(claim_text: str, statement: str) -> bool:
    """Whether the statement's figures moved the other way than the claim says, the claim
    giving its figure (rag.answer.alignment.moved_against) or none (`moved_unsaid`)."""
    return moved_against(claim_text, statement) or moved_unsaid(claim_text, statement)


def _computed(
    claim_text: str,
    claim: set[str],
    own: set[str],
    figure: Figure,
    units: list[_Unit],
    passages: dict[int, "Passage"],
) -> bool:
    """Whether a statement that says the claim's measure (its words of moving aside: the move
    is the computation's) prints figures the claim's figure is computed from."""
    moves = move_terms(claim_text)
    return any(
        max(u.coverage, coverage(claim - moves, u.terms), coverage(own - moves, u.terms))
        >= BOUND_COVERAGE
        and derives(figure, claim_text, passages[u.n].text, within=u.text)
        for u in units
    )


_MEASURES = re.compile(r"\s*of\s+(?:the\s+|our\s+|its\s+)?([a-z]+)")


_SPELLED = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+[a-z]+",
    re.IGNORECASE,
)


def _period_clauses(claim_text: str, statement: str) -> list[str]:
    """The clauses of the statement that say the claim: for each of its figures the statement
    prints in one clause only, that clause ("... net income of $1,906 million, compared to net
    income of $512 million for 2020" for "$512 million"; "..., and plan to open ..., including
    five relocations, in 2022" for "five relocations"); else the one with most of its key
    terms. A change's earlier value ("rose to $X in 2023 from $Y") is of an earlier period:
    `alignment.other_year` judges it."""
    parts = period_clauses(statement)
    found = []
    for figure in figures(claim_text):
        if earlier_value(claim_text, figure, statement):
            continue
        printing = [c for c in parts if any(same_figure(figure, p) for p in figures(c))]
        if len(printing) == 1:
            found.append(printing[0])
    for count in _SPELLED.finditer(claim_text):  # "five relocations" is a figure too
        said = re.compile(rf"\b{re.escape(count.group())}\b", re.IGNORECASE)
        printing = [c for c in parts if said.search(c)]
        if len(printing) == 1:
            found.append(printing[0])
    if found:
        return found
    words = terms(claim_text)
    return [max(parts, key=lambda c: coverage(words, terms(c)))]


_PRIOR_YEAR = re.compile(r"^\W*(?:in\s+)?(?:the\s+)?(?:prior|previous|last)[- ]year\b", re.I)


def _prior_years(claim_text: str, singles: list[_Unit]) -> bool:
    """Whether a figure of the claim is printed only by statements about the prior year ("Prior
    year diluted EPS was ... reduced by $1.15."): the passage's latest year is not its year."""
    for figure in figures(claim_text):
        holding = [u.text for u in singles if any(same_figure(figure, f) for f in figures(u.text))]
        if holding and all(_PRIOR_YEAR.match(text) for text in holding):
            return True
    return False


def _measures(figure: Figure, statement: str) -> set[str]:
    """What a statement's amount is an amount of ("$351 million of goodwill": "goodwil"), when
    it says so right after the amount; an answer giving the amount must name it too."""
    if not figure.money:
        return set()
    for printed in figures(statement):
        if same_figure(figure, printed):
            m = _MEASURES.match(statement, printed.end)
            if m:
                return terms(m.group(1))
    return set()


def _figure_clauses(text: str) -> list[str]:
    """The parts of a claim a figure belongs to: split at commas and conjunctions."""
    return re.split(r",\s+|;\s+|\s+(?:and|but|while|with|whereas)\s+", text)


def _unaligned(
    claim_text: str,
    units: list[_Unit],
    names: str,
    defined: set[str] = frozenset(),
    context: str = "",
) -> str | None:
    """ "aligned" when what the claim states is not said together in the statements that say
    most of it (one sentence or table row, else two neighbours, else the closest in words): a
    count ("three segments"), a rank ("the second largest", or "the largest" where the statement
    ranks it second), or a name its company's names do not hold ("a program with NASA" where
    NASA is another program's). A name found only in a neighbour pair counts when the sentence
    that says most of the claim names nothing the claim leaves out (a name swapped); that
    sentence is the one with most of what the claim says of its names, when none has most of
    the names too ("competitors include A and B" where A and B are another list's). A term the
    passage defines ('Kraft Foods Group, Inc. (“Kraft”)') is a name of its own even when it is
    a part of the company's name ("Kraft" in "Kraft Heinz"), unless the claim names the whole.
    A superlative must keep the restriction the statements give it ("largest ... after ...").
    A name the statements' context (their section's heading) gives
    is theirs ("Life Sciences Segment" over "Our principal competitors include ...")."""
    singles = [u for u in units if u.single and u.coverage >= BOUND_COVERAGE]
    pairs = [u for u in units if not u.single and u.coverage >= BOUND_COVERAGE]
    if not singles and not pairs and units:
        top = max(u.coverage for u in units)
        pairs = [u for u in units if u.coverage == top]
    holding = singles or pairs
    for value, counting in counted(claim_text):
        if not any(states_count(u.text, value, counting) for u in holding):
            return "aligned"
    for ordinal in ranks(claim_text):
        if not any(ordinal in ordinals(u.text) for u in holding):
            return "aligned"
    if holding and all(dropped_rank(claim_text, u.text) for u in holding):
        return "aligned"
    if holding and dropped_restriction(claim_text, [u.text for u in holding]):
        return "aligned"
    if holds_itself(claim_text):
        return "subject"
    for name in entities(claim_text):
        own_term = name in defined and standalone(claim_text, name)
        if _DATED.fullmatch(name) or _mentions(names, name) and not own_term:
            continue
        if _mentions(context, name) and not (own_term and _mentions(names, name)):
            continue  # not a party part of the company's name ("Exxon" in Exxon Mobil's)
        saying = singles or _saying(claim_text, name, units)
        if saying and (
            _outnamed(claim_text, name, saying) or _outnamed_in_clause(claim_text, name, saying)
        ):
            return "aligned"
        if any(_mentions(u.text, name) for u in holding):
            continue
        if (
            saying
            and _swapped(claim_text, saying)
            or not any(_mentions(u.text, name) for u in pairs)
        ):
            return "aligned"
    return None


def _saying(claim_text: str, name: str, units: list[_Unit]) -> list[_Unit]:
    """The single statements with most of what the claim's clause naming `name` says of its
    names (its key terms but the names')."""
    clause = next((c for c in _NAME_CLAUSE.split(claim_text) if name in c), claim_text)
    said = terms(clause) - terms(" ".join(entities(clause)))
    return [u for u in units if u.single and said and coverage(said, u.terms) >= BOUND_COVERAGE]


_NAME_CLAUSE = re.compile(r"[,;]\s+|\s+(?:while|whereas|but)\s+")


_DATED = re.compile(
    r"(?:19|20)\d\d|[A-Z][a-z]+ \d{1,2}|" + "|".join(calendar.month_name[1:]), re.IGNORECASE
)


def _outnamed(claim_text: str, name: str, singles: list[_Unit]) -> bool:
    """Whether the sentence that says the claim best names another in the claim's name's place
    and says more of it than any sentence with the name: "AMD's principal competitor in the
    graphics market is Intel" where "Our principal competitor in the graphics market is
    Nvidia" (Intel is named in another sentence)."""
    best = max(singles, key=lambda u: (u.coverage, u.similarity))
    if _mentions(best.text, name) or not _swapped(claim_text, [best]):
        return False
    named = [(u.coverage, u.similarity) for u in singles if _mentions(u.text, name)]
    return not named or max(named) < (best.coverage, best.similarity)


# A clause with its own subject ("..., and our International segment is ..."), not a list's
# last item ("Best Buy, Best Buy Ads, and Current Health").
_INDEPENDENT_CLAUSE = re.compile(
    r";\s*|,\s+(?:and|but|while|whereas)\s+(?=(?:our|the|we|it|its|this|these|they|their)\s)",
    re.IGNORECASE,
)


def _outnamed_in_clause(claim_text: str, name: str, singles: list[_Unit]) -> bool:
    """Whether, in the sentence that says the claim best, the clause saying it names another in
    the name's place while the name stands in a clause beside it: "Best Buy's International
    segment includes Mexico" where "stores in Mexico were closed, and our International segment
    is comprised of all operations in Canada"."""
    best = max(singles, key=lambda u: (u.coverage, u.similarity)).text
    parts = [c for c in _INDEPENDENT_CLAUSE.split(best) if c.strip()]
    if len(parts) < 2 or not _mentions(best, name):
        return False
    words = terms(claim_text)
    clause = max(parts, key=lambda c: coverage(words, terms(c)))
    return not _mentions(clause, name) and any(
        not _DATED.fullmatch(other) and not _mentions(claim_text, other)
        for other in entities(clause)
    )


def _swapped(claim_text: str, singles: list[_Unit]) -> bool:
    """Whether the sentence that says most of the claim names something the claim does not."""
    best = max(singles, key=lambda u: (u.coverage, u.similarity))
    return any(
        not _DATED.fullmatch(name) and not _mentions(claim_text, name)
        for name in entities(best.text)
    )


def _contradicted(claim_text: str, singles: list[_Unit]) -> str | None:
    """ "contradicted" when a clause of the claim, against the statement that says most of it,
    moves the other way or adds or drops a negation."""
    for clause in clauses(claim_text):
        words = terms(clause)
        if not words or not singles:
            continue
        statement = max(singles, key=lambda u: (coverage(words, u.terms), u.similarity)).text
        if opposite_direction(clause, statement) or reversed_move(clause, statement):
            return "contradicted"
        if negated(clause) and not _negation_found(clause, singles, statement):
            return "contradicted"
        if negated(statement) and not negated(clause):
            object_ = negation_object(statement)
            if object_ is not None and object_ in words or denied(words, statement):
                return "contradicted"
    return None


def _superlative_turned(claim_text: str, claim: set[str], singles: list[_Unit]) -> str | None:
    """ "contradicted" when the statement that says most of the claim says the other end of
    its superlative (rag.answer.superlatives)."""
    if not singles:
        return None
    best = max(singles, key=lambda u: (coverage(claim, u.terms), u.similarity))
    return "contradicted" if opposite_end(claim_text, best.text) else None


def _shifted(claim_text: str, singles: list[_Unit], names: set[str]) -> str | None:
    """ "subject" when every statement that says most of the claim says it of something else,
    of which the claim's subject is only a part (rag.answer.claims.shifted_subject)."""
    holding = [u for u in singles if u.coverage >= BOUND_COVERAGE]
    if holding and all(shifted_subject(claim_text, u.text, names) for u in holding):
        return "subject"
    return None


def _negation_found(clause: str, singles: list[_Unit], statement: str) -> bool:
    """Whether the passages make the clause's negation: a statement with the word it negates
    ("may not repeat": "repeat") is negated too, or (no such word) the closest statement is."""
    object_, words = negation_object(clause), terms(clause)
    holding = [
        u.text
        for u in singles
        if object_ is not None and object_ in u.terms and coverage(words, u.terms) >= 0.5
    ]
    return any(negated(text) for text in holding or [statement])


def _units(text: str) -> list[tuple[str, bool]]:
    """A passage's statements: its prose sentences, pairs of neighbours (a claim may join two)
    and its table rows (Markdown's, and a PDF's text rows); each marked single or not."""
    units: list[tuple[str, bool]] = []
    for is_table, lines in groupby(text.splitlines(), key=lambda ln: ln.lstrip()[:1] == "|"):
        block = "\n".join(lines)
        if is_table:
            rows = [row.strip() for row in block.splitlines() if row.strip("|- ")]
            units += [(row, True) for row in rows]
            continue
        rows = _text_rows(block)
        if rows:  # the rows are statements of their own, not one run-on sentence
            block = "\n".join(ln for ln in block.splitlines() if not _TEXT_ROW.match(ln))
        found = [s for s in split_sentences(block) if len(s.split()) >= MIN_UNIT_WORDS]
        units += [(s, True) for s in found]
        units += [(item, False) for s in found for item in respectively.unrolled(s)]
        units += [(f"{a} {b}", False) for a, b in zip(found, found[1:], strict=False)]
        units += [(part, False) for s in found if len(s) > UNIT_CHARS for part in _windows(s)]
        units += rows
    return units


def _contexts(text: str) -> dict[str, str]:
    """Each prose statement of a passage (a sentence, or it and the next) with what it speaks
    of: the CONTEXT_SENTENCES sentences before it in its block (not a list's items) and the
    last heading above it ("Life Sciences Segment", a short line without a full stop)."""
    out: dict[str, str] = {}
    headings = [  # not a line broken off its sentence ("We face significant\ncompetition")
        (m.start(), m.group(1))
        for m in _HEADING.finditer(text)
        if m.group(1).split()[-1].lower() not in STOPWORDS | COMMON
        and not re.match(r"[\s\xa0]*[a-z]", text[m.end() :])
    ]
    for is_table, lines in groupby(text.splitlines(), key=lambda ln: ln.lstrip()[:1] == "|"):
        if is_table:
            continue
        block = "\n".join(lines)
        if _text_rows(block):
            block = "\n".join(ln for ln in block.splitlines() if not _TEXT_ROW.match(ln))
        found = [s for s in split_sentences(block) if len(s.split()) >= MIN_UNIT_WORDS]
        starts = [text.find(sentence[:30]) for sentence in found]
        for i, sentence in enumerate(found):
            above = [(start, h) for start, h in headings if 0 <= start < starts[i]][-1:]
            section = above[0][0] if above else -1  # the sentences before it in its section
            heading = [h for _, h in above]
            # a list's other items are no context: they speak of other things
            item = max((j for j in range(i + 1) if _ITEM.match(found[j])), default=-1)
            previous = [
                found[j]
                for j in range(max(item, i - CONTEXT_SENTENCES, 0), i)
                if starts[j] > section and (j == item or not _ITEM.match(found[j]))
            ]
            before = " ".join(heading + previous)
            if before:
                out.setdefault(sentence, before)
                if i + 1 < len(found):
                    out.setdefault(f"{sentence} {found[i + 1]}", before)
    return out


_ITEM = re.compile(r"\s*[•●◦▪■\-*–]\s")
# A heading: a line of one to seven words, the first capitalised, no full stop.
_HEADING = re.compile(r"^[ \t\xa0]*([A-Z][\w&’'-]*(?:[ \t\xa0,]+[\w&’'-]+){0,6})[ \t\xa0]*$", re.M)


def _text_rows(block: str) -> list[tuple[str, bool]]:
    """A PDF's table rows in a block of text, each under the last line above it that names two
    or more years (its header: "Fiscal Years Ended January 28, 2023 January 29, 2022 ...")."""
    rows, header = [], ""
    for line in block.splitlines():
        if len(years(line)) >= 2 and not _TEXT_ROW.match(_YEARS_ONLY.sub("", line)):
            header = line.strip()
        elif _TEXT_ROW.match(line):
            rows.append((f"{header}\n{line.strip()}" if header else line.strip(), True))
    return rows


_YEARS_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
_GLUED = re.compile(r"([a-z]{3,})([A-Z][a-z]{2,})")


# A table row as a PDF's text prints it: a label, then two or more figures ("Net earnings $
# 1,419 $ 2,454 $ 1,798", "Operating margin 14.0 % 14.3 %"); the sentence splitter joins such
# rows, so each is a statement too.
_TEXT_ROW = re.compile(
    r"^\s*[A-Za-z][^\d|]*?(?:\s+\$?\s*\(?-?\d[\d,]*(?:\.\d+)?\)?(?:\s?%)?){2,}\s*$"
)


def _windows(sentence: str) -> list[str]:
    """A long sentence in parts the embedder reads whole: its clauses, gathered up to
    UNIT_CHARS (the embedder reads ~128 tokens; the claim may sit at the end)."""
    parts, current = [], ""
    for clause in re.split(r"(?<=[,;])\s+", sentence):
        if current and len(current) + len(clause) > UNIT_CHARS:
            parts.append(current)
            current = ""
        current = f"{current} {clause}".strip()
    return [*parts, current] if parts else []


def passage_units(text: str) -> list[str]:
    """A passage's statements: its prose sentences and pairs of neighbours (a claim may join
    two), and its table rows."""
    return [unit for unit, _ in _units(text)]


def entities(sentence: str) -> list[str]:
    """Days ("March 27"), capitalised names (the first word too, unless it is a function word
    such as "About": a sentence's subject is named by its sources, "Ford expects ..." over
    Tesla's passage is not), all-capital tickers and acronyms, and years."""
    found = [m.group() for m in _DAY.finditer(sentence)]
    for m in _ENTITY.finditer(sentence):
        word = m.group().strip(".'’")
        if word.lower() in COMMON or word.lower().rstrip("s") in COMMON:
            continue
        if m.start() == 0 and (word.lower() in STOPWORDS or _opening_phrase(sentence)):
            continue  # "About 60,000 ...", "Despite ..., Tesla": a word that opens the sentence
        if m.start() == 0 and word.endswith("ly") and is_word(word.lower()):
            continue  # "Roughly $1.8 billion ...": an adverb
        word = word.removesuffix("'s").removesuffix("’s")
        found.append(word)
    return list(dict.fromkeys(found))


# A sentence's opening phrase, closed by a comma: "Excluding currency changes, ...", "Despite
# its best day of the year, ...", "Measured against core merchandise sales, ...".
_OPENING = re.compile(
    r"((?:[A-Z][a-z]+(?:ing|ed)|Despite|Amid|Unlike|Given|Following))\s+[^,]{2,80}?,\s"
)


def _opening_phrase(sentence: str) -> bool:
    """Whether the sentence opens with a participle or preposition and its phrase (the word is
    grammar, not a name: "Corning, ..." or "Boeing reported ..." are names)."""
    m = _OPENING.match(sentence)
    if not m or not is_word(m.group(1)):
        return False
    return all(mention.start > 0 for mention in find_companies(sentence))


def _said(entity: str, said: set[str]) -> bool:
    """Whether a capitalised word is one the statements say in other words ("Revenue" where
    they print "net sales")."""
    return entity.isalpha() and bool(terms(entity)) and terms(entity) <= said


def _mentions(text: str, entity: str) -> bool:
    """Whether `text` names the entity, or spells out an acronym of it ("FTC": "Federal Trade
    Commission")."""
    if entity.lower().replace("-", " ") in text.lower().replace("-", " "):
        return True
    if entity.isalpha() and len(entity) >= 5 and _demonym(entity, text):
        return True
    if entity.isupper() and 2 <= len(entity) <= 5:
        words = re.findall(r"\b[A-Z][a-z]+", text)
        spelled = ("".join(w[0] for w in words[i : i + len(entity)]) for i in range(len(words)))
        return entity in spelled
    return False


_DEMONYM_ENDINGS = ("", "a", "o", "y", "e", "n", "an", "ian", "ese", "ish", "ean", "i")


def _demonym(entity: str, text: str) -> bool:
    """Whether the text names the entity's place or people in the other form ("China":
    "Chinese", "Canada": "Canadian", "European": "Europe")."""
    for word in re.findall(r"\b[A-Z][a-z]{3,}", text):
        stem = os.path.commonprefix([word, entity])
        rest = sorted([word[len(stem) :], entity[len(stem) :]], key=len)
        if len(stem) >= 4 and rest[0] in _DEMONYM_ENDINGS[:6] and rest[1] in _DEMONYM_ENDINGS:
            return True
    return False


def _spelled_date(match: re.Match) -> str:
    """ "2020-07-15" as "July 2020", as a sentence would say it."""
    return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"


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
