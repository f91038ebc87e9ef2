"""The Assistant: turns a question into a streamed answer and a checkable `Answer` record.

The figures come from code (a `FactSource`, e.g. rag.figures.reported.FactFinder) and lead the
answer; the model then writes around them from numbered, quoted passages, and its text passes a
grounding gate sentence by sentence (rag.answer.gate): a sentence whose number matches no computed
fact and no cited passage is left out. When nothing relevant is found, or the question names a
company the evidence never mentions, or asks for a forecast, the assistant refuses without asking
the model. A question about a listed company the store holds nothing of (no filing, fact or
price) is refused in words that name it and the command that ingests it, never answered from
another company's documents.

`Assistant.ask` is the one way in (the CLI, the app, the evaluation and LangChain call it). It
analyses the question once (rag.query); every step after it reads that `Query`.
"""

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from core.errors import InputError
from core.protocols import LLM, Embedder, Message
from core.types import Answer, Citation, Timings
from rag.answer.gate import SentenceGate, cited
from rag.answer.grounding import check, extractive_answer, unsupported_sentences
from rag.answer.lists import Listing, list_answer
from rag.answer.prompt import SYSTEM_PROMPT, build_messages, fact_line, neutralize
from rag.figures.evidence import ComputedFact
from rag.figures.verdicts import Verdict, verdict_of
from rag.query import Mention, Query, Registry, analyze_chat
from rag.search.index import Index
from rag.search.retrieve import Hit, Retriever

MAX_QUESTION_CHARS = 2000
UNGROUNDED_NOTICE = (
    "No sources are indexed yet, so this answer comes from the model alone and is not checked "
    "against any source. Do not rely on its numbers."
)
REFUSAL = "The indexed sources do not contain an answer to this question."
FORECAST_REFUSAL = (
    "FinAssist answers from reported data and does not forecast prices or results; the indexed "
    "sources cannot answer a question about the future."
)
FILINGS = {"sec", "upload"}
SELF_REFUSAL = ("do not contain", "does not contain", "not contain the answer", "no information")


class FactSource(Protocol):
    """Computes the figures a question asks for (rag.figures.reported.FactFinder)."""

    def find(self, query: Query) -> list[ComputedFact]: ...


class AnswerRun:
    """One answer in progress: iterate for text pieces, then read `.answer`."""

    def __init__(
        self,
        llm: LLM,
        messages: list[Message],
        max_tokens: int,
        record: Answer,
        sources: list[tuple[Citation, str]] | None,
        facts: list[ComputedFact],
        narrate: bool = True,
        terms: set[str] | None = None,
        fact_marks: list[list[int]] | None = None,
        verdict: Verdict | None = None,
    ):
        self._llm = llm
        self._narrate = narrate
        self._messages = messages
        self._max_tokens = max_tokens
        self._record = record
        self._sources = sources  # None: no index, the model's text cannot be checked
        self._facts = facts
        self._verdict = verdict
        # what the text's figures are checked against: the facts and the verdict's own
        self._checked = facts + (verdict.facts if verdict else [])
        self._gate: SentenceGate | None = None
        self._terms = terms or set()  # the question's content words, for the quotes
        self.fact_marks: list[list[int]] = fact_marks or [
            [f.citation] if f.citation else [] for f in record.facts
        ]
        self._payloads = [p for _, text in sources or [] for p in neutralize(text)[1]]
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        started = time.perf_counter()
        first_token_ms = 0.0
        pieces: list[str] = []
        for piece in self._pieces():
            if not pieces:
                first_token_ms = (time.perf_counter() - started) * 1000
            pieces.append(piece)
            yield piece
        timings = self._record.timings
        timings.first_token_ms = round(timings.retrieval_ms + first_token_ms, 1)
        timings.total_ms = round(timings.retrieval_ms + (time.perf_counter() - started) * 1000, 1)
        self.answer = self._finish("".join(pieces).strip())

    def _pieces(self) -> Iterator[str]:
        if self._record.refused:
            yield self._record.answer
            return
        if self._sources is None:
            yield from self._llm.stream(self._messages, max_tokens=self._max_tokens)
            return
        marks = self.fact_marks
        lines = [fact_line(f, n) for f, n in zip(self._facts, marks, strict=True)]
        lead = "\n".join([self._verdict.text, *lines] if self._verdict else lines)
        if not lead:  # a narrative question: the passages' own words first, then the model's
            lead = self._extractive()
        if lead:
            yield lead + ("\n\n" if self._narrate else "")
        if not self._narrate:
            return
        stream = self._llm.stream(self._messages, max_tokens=self._max_tokens)
        self._gate = SentenceGate(self._judge, len(self._sources))
        yield from self._gate.run(stream)

    def _judge(self, sentence: str) -> str | None:
        """The sentence if its figures are supported; an uncited figure gains its source's [n]."""
        lowered = sentence.lower()
        if any(payload.lower() in lowered for payload in self._payloads):
            return None  # the model repeats an instruction planted in a source
        passages = {c.n: text for c, text in self._sources or []}
        report = check(sentence, self._checked, passages, citation_required=False)
        if not report.grounded:
            return None
        if cited(sentence):
            return sentence
        found = sorted({s.source for s in report.supported if s.source.startswith("passage [")})
        marks = "".join(f" {source.removeprefix('passage ')}" for source in found)
        return _append(sentence, marks) if marks else sentence

    def _extractive(self) -> str:
        passages = {c.n: text for c, text in self._sources or []}
        numbers = {i: f.citation for i, f in enumerate(self._record.facts) if f.citation}
        titles = {c.n: c.title for c, _ in self._sources or []}
        return extractive_answer(self._terms, self._facts, passages, numbers, titles)

    def _finish(self, text: str) -> Answer:
        record = self._record.model_copy(update={"answer": text})
        if self._sources is None or record.refused:
            return record
        dropped = len(self._gate.dropped) if self._gate else 0
        passages = {c.n: body for c, body in self._sources}
        report = check(text, self._checked, passages)
        if not report.grounded:  # sentences that passed alone but not in the whole answer
            for sentence in unsupported_sentences(text, report):
                text = text.replace(sentence, "").strip()
                dropped += 1
            record.answer = text
            report = check(text, self._checked, passages)
        record.grounded = report.grounded
        if not self._facts and any(p in text.lower() for p in SELF_REFUSAL) and len(text) < 300:
            record.refused = True
        if dropped:
            note = (
                f"{dropped} sentence(s) of the model's draft were left out because their figures "
                "match no cited source."
            )
            record.notice = f"{record.notice} {note}" if record.notice else note
        return record

    def run(self) -> Answer:
        """Consume the stream and return the finished answer."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


@dataclass
class Scope:
    """What the user restricted the search to (the workspace's filters)."""

    sources: list[str] = field(default_factory=list)  # sec, market, news, upload
    tickers: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    document_ids: list[str] = field(default_factory=list)


class Assistant:
    """Answers questions from computed facts and retrieved passages, through the given LLM."""

    def __init__(
        self,
        llm: LLM,
        *,
        retriever: Retriever | None = None,
        facts: FactSource | None = None,
        max_tokens: int = 384,
        k: int = 5,
        as_of: date | None = None,
        registry: Registry | None = None,
        held: Callable[[], set[str]] | None = None,
    ):
        self.llm = llm
        self.retriever = retriever
        self.facts = facts
        self.max_tokens = max_tokens
        self.k = k
        self.as_of = as_of or date.today()
        self.registry = registry  # the companies questions are read against (None: shipped)
        self.held = held  # the ids of the registered companies the store holds data of

    def ask(
        self, question: str, history: Sequence[Message] = (), *, scope: Scope | None = None
    ) -> AnswerRun:
        """The one way in: start answering `question`. `history` holds the earlier turns of the
        same chat, `scope` the user's filters. The question is analysed once (rag.query); every
        step after that reads the `Query`, never the text again."""
        question, cut = bounded(question)
        if self.retriever is None:
            return self._unindexed(question, history, cut)
        started = time.perf_counter()
        earlier = [m["content"] for m in history if m["role"] == "user"]
        query = restrict(analyze_chat(question, earlier, self.as_of, self.registry), scope)
        return self._answer(query, history, scope, cut, started)

    def _answer(
        self,
        query: Query,
        history: Sequence[Message],
        scope: Scope | None,
        cut: bool,
        started: float,
    ) -> AnswerRun:
        """Figures and passages for the query, a refusal or a verdict, the prompt."""
        assert self.retriever is not None
        if query.listing and query.intent == "narrative" and not query.figures.fundamentals:
            listing = list_answer(query, self.retriever.store)
            if listing is not None:  # the filing's own list, each item cited; no model
                return self._listed(query, listing, cut, started)
        held = self.held() if self.held and query.companies else None
        if held is not None and not any(m.company.id in held for m in query.companies):
            facts, hits = [], []  # nothing of any company asked about: refused below
        else:
            facts = self._facts(query, scope)
            hits = self.retriever.retrieve(query, self.k)
        record = Answer(
            answer="",
            as_of=self.as_of.isoformat(),
            model=self.llm.name,
            tickers=query.tickers,
            intent=query.intent,
            date_from=query.date_from,
            date_to=query.date_to,
        )
        refusal = why_refuse(query, facts, hits, self.as_of, held)
        if refusal:
            record.answer, record.refused, record.grounded = refusal, True, True
            facts, hits = [], []
        sources = number_sources(facts, hits)
        record.citations = [c for c, _ in sources]
        marks = fact_numbers(facts, sources)
        record.facts = [f.answer_fact(n[0]) for f, n in zip(facts, marks, strict=True)]
        verdict = verdict_of(query, facts, marks)
        if verdict:  # a figure the verdict computed is in the record too, with its citation
            found = fact_numbers(verdict.facts, sources)
            record.facts += [f.answer_fact(n[0]) for f, n in zip(verdict.facts, found, strict=True)]
        record.notice = _with_cut(None, cut)
        record.timings = Timings(retrieval_ms=round((time.perf_counter() - started) * 1000, 1))
        first_passage = len(sources) - len(hits) + 1
        messages = build_messages(
            query.question,
            list(zip(facts, marks, strict=True)),
            [(hit, first_passage + i) for i, hit in enumerate(hits)],
            history,
        )
        narrate = not facts or query.intent == "narrative" or query.explain
        return AnswerRun(
            self.llm,
            messages,
            self.max_tokens,
            record,
            sources,
            facts,
            narrate,
            query.terms,
            marks,
            verdict,
        )

    def _listed(self, query: Query, listing: Listing, cut: bool, started: float) -> AnswerRun:
        record = Answer(answer="", as_of=self.as_of.isoformat(), model=self.llm.name)
        record.notice = _with_cut(None, cut)
        return _listed(query, listing, record, started)

    def _facts(self, query: Query, scope: Scope | None) -> list[ComputedFact]:
        if self.facts is None or (
            scope and scope.sources and not {"sec", "market"} & set(scope.sources)
        ):
            return []
        return self.facts.find(query)

    def _unindexed(self, question: str, history: Sequence[Message], cut: bool) -> AnswerRun:
        messages: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
        messages += list(history)[-4:]
        messages.append({"role": "user", "content": question})
        record = Answer(answer="", model=self.llm.name, notice=_with_cut(UNGROUNDED_NOTICE, cut))
        return AnswerRun(self.llm, messages, self.max_tokens, record, None, [])


class _ListRun(AnswerRun):
    """An answer written in code (a filing's list): its text, checked as any answer is."""

    def _pieces(self) -> Iterator[str]:
        yield self._record.answer


def _listed(query: Query, listing: Listing, record: Answer, started: float) -> AnswerRun:
    record.answer, record.tickers, record.intent = listing.text, query.tickers, "narrative"
    record.citations = [c for c, _ in listing.sources]
    record.refused = record.grounded = not listing.found
    record.timings = Timings(retrieval_ms=round((time.perf_counter() - started) * 1000, 1))
    return _ListRun(None, [], 0, record, listing.sources, [], narrate=False)  # type: ignore[arg-type]


def assistant_over(
    llm: LLM,
    index: Index | None,
    embedder: Callable[[], Embedder],
    max_tokens: int,
    aliases: Path | None = None,
) -> Assistant:
    """The Assistant over an index: retrieval, figures from its facts and prices, as-of its
    latest price day, questions read against the store's company registry (plus the user's
    `aliases` file); with no index (or an empty one) the model alone, answers marked
    unchecked. `embedder` is called only when there is an index to search."""
    from rag.figures.reported import FactFinder
    from rag.search.companies import companies_with_data, registry_in

    if index is None or index.chunks.counts()["chunks"] == 0:
        return Assistant(llm, max_tokens=max_tokens)
    latest = index.prices.latest_date()
    registry = registry_in(index.chunks.conn, aliases)
    return Assistant(
        llm,
        retriever=Retriever(index.chunks, embedder()),
        facts=FactFinder(index.facts, index.prices, index.chunks),
        max_tokens=max_tokens,
        as_of=date.fromisoformat(latest) if latest else None,
        registry=registry,
        held=functools.cache(lambda: companies_with_data(index, registry)),
    )


def bounded(question: str) -> tuple[str, bool]:
    """The question stripped and cut to MAX_QUESTION_CHARS, and whether it was cut."""
    question = question.strip()
    if not question:
        raise InputError("the question is empty")
    return question[:MAX_QUESTION_CHARS], len(question) > MAX_QUESTION_CHARS


def _append(sentence: str, marks: str) -> str:
    """Put citation marks before the sentence's final punctuation and trailing space."""
    body = sentence.rstrip()
    tail = sentence[len(body) :]
    if body and body[-1] in ".!?":
        return f"{body[:-1]}{marks}{body[-1]}{tail}"
    return f"{body}{marks}{tail}"


def restrict(query: Query, scope: Scope | None) -> Query:
    """Apply the user's filters on top of what the question itself names."""
    if scope is None:
        return query
    if scope.tickers:
        query.tickers = [t for t in query.tickers if t in scope.tickers] or list(scope.tickers)
    query.sources = list(scope.sources)
    query.document_ids = list(scope.document_ids)
    query.date_from = max(filter(None, [query.date_from, scope.date_from]), default=None)
    query.date_to = min(filter(None, [query.date_to, scope.date_to]), default=None)
    return query


def why_refuse(
    query: Query,
    facts: list[ComputedFact],
    hits: list[Hit],
    as_of: date,
    held: set[str] | None = None,
) -> str | None:
    """A plain refusal when the evidence cannot answer, before the model is asked anything.
    `held`: the ids of the registered companies the store holds anything of (None: unknown)."""
    if query.forecast or any(y > as_of.year + 2 for y in query.fiscal_years):
        return FORECAST_REFUSAL
    evidence = " ".join(
        [h.chunk.text + " " + str(h.chunk.document.get("title")) for h in hits]
        + [f.name + " " + f.source.title for f in facts]
    ).lower()
    absent = companies_without_data(query.companies, held, evidence)
    if absent:
        return no_data_refusal(absent)
    if not facts and not hits:
        return REFUSAL
    missing = [name for name in query.unknown_names if name.lower() not in evidence]
    if held is None:  # what the store holds is unknown: a named company must be in the evidence
        missing += [m.label for m in query.companies if not _mentioned(m, evidence)]
    if missing:
        return f"The indexed sources do not mention {', '.join(missing)}."
    if query.intent == "prices" and query.date_from and query.date_from == query.date_to:
        if not any(f.source.source == "market" for f in facts):
            return f"The indexed price data has no trading day on {query.date_from} to answer this."
    if query.intent == "facts" and not facts:
        return missing_figures(query, hits)
    return None


def companies_without_data(
    named: list[Mention], held: set[str] | None, evidence: str
) -> list[Mention]:
    """The named companies the answer would lack: all that the store holds nothing of when it
    holds none of the named ones; beside one it holds, those whose figures are asked for
    ("Walmart's revenue") or that the evidence never mentions ("Wells Fargo's price target on
    Amazon" is answered)."""
    if held is None:
        return []
    absent = [m for m in named if m.company.id not in held]
    if len(absent) == len(named):
        return absent
    return [m for m in absent if m.subject or not _mentioned(m, evidence)]


def _mentioned(mention: Mention, evidence: str) -> bool:
    """Whether the evidence names the company as the question wrote it or by its name."""
    names = {mention.text.lstrip("$"), mention.company.display}
    return any(name.lower() in evidence for name in names)


def no_data_refusal(absent: list[Mention]) -> str:
    """ "I have no filings or prices for Walmart (WMT); ingest them with ..." """
    sentences = []
    for mention in absent:
        ticker = mention.ticker
        how = (
            f"ingest them with `finassist ingest sec --ticker {ticker}` and "
            f"`finassist ingest prices --ticker {ticker}`"
            if ticker
            else "upload its filings with `finassist ingest file PATH`"
        )
        sentences.append(f"I have no filings or prices for {mention.label}; {how}.")
    return " ".join(sentences)


def missing_figures(query: Query, hits: list[Hit]) -> str | None:
    """A figure question that no filing of that company or year can answer."""
    filings = [h.chunk.document for h in hits if h.chunk.document.get("source") in FILINGS]
    who = ", ".join(query.tickers) or "the company"
    if query.tickers and not filings:
        return f"The indexed sources hold no filing of {who} that reports this figure."
    years = set(query.fiscal_years)
    if years and not any(doc.get("fiscal_year") in years for doc in filings):
        named = ", ".join(f"FY{year}" for year in sorted(years))
        return f"The indexed filings of {who} do not cover {named}."
    return None


def number_sources(facts: list[ComputedFact], hits: list[Hit]) -> list[tuple[Citation, str]]:
    """Citations numbered from 1: the facts' sources first (one per distinct source, the inputs
    of a derived figure included), then the passages; each with the text a number in the
    answer may be checked against."""
    sources: list[tuple[Citation, str]] = []
    for fact in facts:
        for source in fact_sources(fact):
            if _source_index(source, sources) is None:
                citation = source.model_copy(update={"n": len(sources) + 1})
                sources.append((citation, source.snippet))
    for hit in hits:
        sources.append((citation_of(len(sources) + 1, hit), body_of(hit.chunk.text)))
    return sources


def fact_sources(fact: ComputedFact) -> list[Citation]:
    return [fact.source, *(i.source for i in fact.inputs)]


def body_of(chunk_text: str) -> str:
    """A chunk's text without its "[title | section]" context line."""
    head, _, body = chunk_text.partition("\n")
    return body if head.startswith("[") and body else chunk_text


def fact_numbers(facts: list[ComputedFact], sources: list[tuple[Citation, str]]) -> list[list[int]]:
    """Each fact's citation numbers: its own source first, then its inputs'."""
    numbers = []
    for fact in facts:
        found = [(_source_index(c, sources) or 0) + 1 for c in fact_sources(fact)]
        numbers.append(list(dict.fromkeys(found)))
    return numbers


def _source_index(source: Citation, sources: list[tuple[Citation, str]]) -> int | None:
    key = source.model_dump(exclude={"n"})
    for index, (citation, _) in enumerate(sources):
        if citation.model_dump(exclude={"n"}) == key:
            return index
    return None


def citation_of(n: int, hit: Hit) -> Citation:
    doc = hit.chunk.document
    page = f"page {hit.chunk.page}" if hit.chunk.page else None
    section = hit.chunk.section if (hit.chunk.section or "").lower() != page else None
    return Citation(
        n=n,
        title=doc.get("title") or hit.chunk.document_id,
        source=doc.get("source") or "upload",
        ticker=doc.get("ticker"),
        form=doc.get("form"),
        date=(doc.get("published") or "")[:10] or None,
        url=doc.get("url"),
        locator=", ".join(p for p in (section, page) if p) or None,
        snippet=hit.chunk.text.split("\n", 1)[-1][:300],
    )


def _with_cut(notice: str | None, cut: bool) -> str | None:
    if not cut:
        return notice
    extra = f"The question was cut to its first {MAX_QUESTION_CHARS} characters."
    return f"{notice} {extra}" if notice else extra
