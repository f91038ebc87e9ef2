"""Hybrid retrieval: dense (Chroma) and lexical (FTS5 BM25) results fused by reciprocal rank,
under the metadata filters the question implies; one passage per PDF page (scored with the
page's other matches) and a per-document cap for diversity.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from core.protocols import Embedder
from rag.query import Query
from rag.query.words import content_terms
from rag.search.statements import (
    asked_statements,
    named_statements,
    statement_of,
    title_phrases,
)
from rag.search.store import ChunkFilter, ChunkStore, StoredChunk

RRF_K = 60  # the usual reciprocal-rank-fusion constant
PER_DOCUMENT = 3
PAGE_SUPPORT = 0.5  # weight of a page's next-best chunks in its score
# Score factors by the filing's fiscal period against the question's (period_boost)
LATEST_YEAR = 1.5  # the latest fiscal year the question names
NAMED_YEAR = 1.2  # an earlier year it names
OTHER_YEAR = 0.7  # a year it does not name
SAME_QUARTER = 1.2  # the fiscal quarter it names ("Q2 of FY2024"): that 10-Q
OTHER_PERIOD = 0.85  # another quarter, or the year's annual report
STATEMENT_PAGE = 1.5  # a page that is a statement the question's figures are read from
NAMED_STATEMENT = 2.0  # one the question names ("based on the balance sheet")
TOPIC_HEADING = 1.3  # a passage under a heading naming the question's topic ("2. Acquisitions")


@dataclass
class Hit:
    chunk: StoredChunk
    score: float
    dense_rank: int | None
    lexical_rank: int | None
    held: bool = False  # past its document's cap, taken only because others ran out


class Retriever:
    """Finds the passages for a question; filters sit in code, never in the prompt."""

    def __init__(self, store: ChunkStore, embedder: Embedder, candidates: int = 40):
        self.store = store
        self.embedder = embedder
        self.candidates = candidates

    def retrieve(self, query: Query, k: int = 6) -> list[Hit]:
        """The best `k` passages; a question naming a company's fiscal year reads that year's
        filings first (one store per filing beats a shared one, as FinanceBench found), then
        the company's other sources (news, market), then more of that year's filings, and
        filings of other years last."""
        where = ChunkFilter(
            tickers=query.tickers,
            sources=query.sources,
            forms=query.forms,
            document_ids=query.document_ids,
            date_from=query.date_from,
            date_to=query.date_to,
        )
        text = query.search_text
        vector = self.embedder.embed([text])[0]
        if not (query.tickers and query.fiscal_years):
            return self._search(query, text, vector, where, k)
        years = set(query.fiscal_years)
        same_year = replace(where, fiscal_years=query.fiscal_years)
        first = self._search(query, text, vector, same_year, k)
        kept = [hit for hit in first if not hit.held]
        if len(kept) == k:
            return kept
        taken = {hit.chunk.id for hit in first}
        rest = [
            h
            for h in self._search(query, text, vector, where, k + len(first))
            if h.chunk.id not in taken
        ]
        context = [h for h in rest if h.chunk.document.get("fiscal_year") is None]  # news, market
        more = [hit for hit in first if hit.held]  # the year's filings past the document cap
        older = [hit for hit in rest if other_year(hit, years)]
        return (kept + context + more + older)[:k]

    def _search(
        self, query: Query, text: str, vector: list[float], where: ChunkFilter, k: int
    ) -> list[Hit]:
        dense = self.store.dense(vector, self.candidates, where)
        lexical = self.store.lexical(text, self.candidates, where)
        rankings = [[i for i, _ in dense], [i for i, _ in lexical]]
        statements = asked_statements(query)
        if statements:  # the statement pages its figures are printed on
            found = self.store.phrases(title_phrases(statements), self.candidates, where)
            rankings.append([i for i, _ in found])
        scores = fuse(rankings)
        ranks = {
            "dense": {chunk_id: r for r, (chunk_id, _) in enumerate(dense, 1)},
            "lexical": {chunk_id: r for r, (chunk_id, _) in enumerate(lexical, 1)},
        }
        ordered = sorted(scores, key=scores.get, reverse=True)
        chunks = self.store.chunks(ordered)
        latest = latest_named_year(chunks, query.fiscal_years)
        topic = topic_terms(query)
        for chunk in chunks:
            scores[chunk.id] *= period_boost(chunk, query, latest)
            if topic & content_terms(heading_of(chunk)):
                scores[chunk.id] *= TOPIC_HEADING
        if statements:
            self._prefer_statements(query, chunks, scores, statements)
        chunks = by_page(chunks, scores)
        kept, held = diverse(chunks, k)

        def hit(chunk: StoredChunk, is_held: bool) -> Hit:
            dense_rank, lexical_rank = ranks["dense"].get(chunk.id), ranks["lexical"].get(chunk.id)
            return Hit(chunk, scores[chunk.id], dense_rank, lexical_rank, is_held)

        return [hit(c, False) for c in kept] + [hit(c, True) for c in held]

    def _prefer_statements(
        self,
        query: Query,
        chunks: list[StoredChunk],
        scores: dict[str, float],
        statements: set[str],
    ) -> None:
        """Raise the chunks of pages that are one of the asked statements, those the question
        names most."""
        heads = self.store.page_heads([(c.document_id, c.page) for c in chunks if c.page])
        named = named_statements(query.text)
        for chunk in chunks:
            head = heads.get((chunk.document_id, chunk.page)) if chunk.page else None
            kind = statement_of(head) if head else None
            if kind in statements:
                scores[chunk.id] *= NAMED_STATEMENT if kind in named else STATEMENT_PAGE


def fuse(rankings: list[list[str]]) -> dict[str, float]:
    """Reciprocal rank fusion: sum of 1 / (K + rank) over the rankings an id appears in."""
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking, 1):
            scores[chunk_id] += 1.0 / (RRF_K + rank)
    return dict(scores)


def latest_named_year(chunks: list[StoredChunk], years: list[int]) -> int | None:
    """The latest of the question's fiscal years that some candidate filing is of: a filing
    reports its year beside the years before it, so it covers a comparison or average across
    the named years ("between FY2021 and FY2022", "FY2015 - FY2017")."""
    held = {c.document.get("fiscal_year") for c in chunks} & set(years)
    return max(held) if held else None


def period_boost(chunk: StoredChunk, query: Query, latest: int | None = None) -> float:
    """Prefer filings of the fiscal period the question names (other sources are not
    penalized): the latest named year's filing most, another named year's less, a filing of
    the named quarter (10-Q) over the year's others."""
    year = chunk.document.get("fiscal_year")
    if not query.fiscal_years or year is None:
        return 1.0
    if year not in query.fiscal_years:
        return OTHER_YEAR
    boost = LATEST_YEAR if year == (latest or year) else NAMED_YEAR
    period = chunk.document.get("fiscal_period")
    if query.fiscal_quarter and period:
        boost *= SAME_QUARTER if period == query.fiscal_quarter else OTHER_PERIOD
    return boost


def topic_terms(query: Query) -> set[str]:
    """The question's content words (rag.query.words) but the companies' names and the
    years: what a heading over the answer would name ("acquisitions", "debt")."""
    names = " ".join(f"{m.text} {m.company.display}" for m in query.companies)
    terms = content_terms(query.text) - content_terms(names)
    return {t for t in terms if t.isalpha() and len(t) > 2}


def heading_of(chunk: StoredChunk) -> str:
    """The heading a chunk stands under: the last field of its "[title | page | heading]"
    context line ("" when it has none)."""
    first = chunk.text.split("\n", 1)[0]
    fields = first.strip("[]").split(" | ") if first.startswith("[") else []
    return fields[2] if len(fields) >= 3 else ""


def by_page(chunks: list[StoredChunk], scores: dict[str, float]) -> list[StoredChunk]:
    """Best first, one chunk per page of a paged document (a PDF): the page is what a reader
    checks, and a page whose several chunks match outranks one stray sentence. The page's
    best chunk stands for it, scored with PAGE_SUPPORT of its next two chunks' scores added."""
    pages: dict[tuple, list[StoredChunk]] = defaultdict(list)
    for chunk in chunks:
        key = (chunk.document_id, chunk.page) if chunk.page else (chunk.id,)
        pages[key].append(chunk)
    ranked = []
    for members in pages.values():
        members.sort(key=lambda c: scores[c.id], reverse=True)
        support = sum(scores[c.id] for c in members[1:3])
        scores[members[0].id] += PAGE_SUPPORT * support
        ranked.append(members[0])
    return sorted(ranked, key=lambda c: scores[c.id], reverse=True)


def diverse(chunks: list[StoredChunk], k: int) -> tuple[list[StoredChunk], list[StoredChunk]]:
    """The best `k` as (kept, held): at most PER_DOCUMENT from any one document are kept while
    other documents have candidates; when they run out, the best of the rest are held to fill
    the remaining places."""
    taken: dict[str, int] = defaultdict(int)
    kept, held = [], []
    for chunk in chunks:
        if taken[chunk.document_id] < PER_DOCUMENT:
            kept.append(chunk)
            taken[chunk.document_id] += 1
        else:
            held.append(chunk)
        if len(kept) == k:
            return kept, []
    return kept, held[: k - len(kept)]


def other_year(hit: Hit, years: set[int]) -> bool:
    """A filing of a fiscal year the question does not name."""
    year = hit.chunk.document.get("fiscal_year")
    return year is not None and year not in years
