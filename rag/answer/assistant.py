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
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from core.errors import InputError
from core.protocols import LLM, Embedder, Message
from core.types import Answer, Citation, Timings
from rag.answer.budget import Ahead, Budgeted, Clock, Deadline
from rag.answer.citing import chunk_citation, clean_citation
from rag.answer.compare import compared_answer
from rag.answer.filing_day import filed_on, filing_day_note, not_held
from rag.answer.fusion import Fused, Fusion
from rag.answer.gate import SentenceGate, cited
from rag.answer.grounding import check, extractive_answer, unsupported_sentences
from rag.answer.injection import is_instruction
from rag.answer.links import keep_source_links
from rag.answer.lists import Listing, list_answer
from rag.answer.prompt import SYSTEM_PROMPT, build_messages, fact_line, neutralize
from rag.answer.support import SupportCheck, passages_of
from rag.figures.compare import Comparison
from rag.figures.evidence import ComputedFact
from rag.figures.verdicts import Verdict, verdict_of
from rag.query import Mention, Query, Registry, analyze_chat
from rag.query.dates import with_iso_dates
from rag.query.filing_days import on_day, read_filing_day
from rag.search.index import Index
from rag.search.retrieve import Hit, Retriever

MAX_QUESTION_CHARS = 2000
BUDGET_NOTICE = (
    "The model's text was stopped at the answer time limit; what it wrote by then, as checked, is "
    "shown."
)
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
SOURCE_NAMES = {"sec": "SEC filings", "news": "News", "market": "Market data", "upload": "Uploads"}
NOTHING_SUPPORTED = (
    "The model's draft said nothing the indexed sources support, so no answer is given; the "
    "cited sources are listed below."
)
_SENTENCES = re.compile(r"[^\n]*?(?:[.!?](?:\s*\[\d+(?:,\s*\d+)*\])?(?=\s|$)\s*|\n+|$)")
SELF_REFUSAL = ("do not contain", "does not contain", "not contain the answer", "no information")


class FactSource(Protocol):
    """Computes the figures a question asks for (rag.figures.reported.FactFinder)."""

    def find(self, query: Query) -> list[ComputedFact]: ...


class Compares(Protocol):
    """Computes a comparison across companies (rag.figures.compare.Comparer)."""

    def compare(self, query: Query, held: set[str] | None = None) -> Comparison | None: ...


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
        deadline: Deadline | None = None,
        support: SupportCheck | None = None,
    ):
        self._llm = llm
        self._deadline = deadline  # the model stops at its `model`, the checks at its `hard`
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
        self._payloads = [p.lower() for _, text in sources or [] for p in neutralize(text)[1]]
        self._urls = [c.url for c, _ in sources or []]  # the only links an answer may hold
        self._model_cut = False
        self._support = support  # sentence support (rag.answer.support); None: figures only
        self._ahead: Ahead | None = None  # the passages' embeddings, made before the model
        # sentences the gate held back, by why ("time": not checked by the hard deadline)
        self.left_out = {"figures": 0, "statements": 0, "time": 0}
        self.answer: Answer | None = None

    @property
    def record(self) -> Answer:
        """The answer's record as planned before any text: its citations, facts, refusal."""
        return self._record

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
            yield from self._model()
            return
        marks = self.fact_marks
        lines = [fact_line(f, n) for f, n in zip(self._facts, marks, strict=True)]
        lead = "\n".join([self._verdict.text, *lines] if self._verdict else lines)
        if not lead:  # a narrative question: the passages' own words first, then the model's
            lead = self._extractive()
        lead = self._safe(lead)
        if lead:
            yield lead + ("\n\n" if self._narrate else "")
        if not self._narrate:
            return
        if self._support is not None and self._support.embedder is not None:  # embedded
            # before the model starts (beside it, the embedding took 3x as long on 2 cores);
            # never waited for past the hard deadline (no embedder: figures only, no model)
            self._ahead = Ahead(self._support.prepare)
            self._ahead.ready(self._deadline)
        self._gate = SentenceGate(self._judge, len(self._sources))
        yield from self._gate.run(self._model())

    def _model(self) -> Iterator[str]:
        """The model's text pieces, stopped at the answer's deadline (if it has one): the checks'
        reserve before its end when the text is checked."""
        deadline = self._deadline
        if deadline is None:
            yield from self._llm.stream(self._messages, max_tokens=self._max_tokens)
            return
        until = deadline.hard if self._sources is None else deadline.model
        if deadline.clock() >= until:  # never started: a started one reads its prompt anyway
            self._model_cut = True
            return
        stream = self._llm.stream(self._messages, max_tokens=self._max_tokens)
        budgeted = Budgeted(stream, until, deadline.clock)
        yield from budgeted
        self._model_cut = budgeted.cut

    def _planted(self, sentence: str) -> bool:
        """Whether the sentence is instruction-like or repeats what an instruction planted in a
        source carried (a code, a URL, a quoted reply)."""
        lowered = sentence.lower()
        return is_instruction(sentence) or any(p in lowered for p in self._payloads)

    def _safe(self, text: str) -> str:
        """Code-written text (facts, verdict, quotes) without planted sentences or links."""
        if not text:
            return text
        kept = [s for s in _SENTENCES.findall(text) if not self._planted(s)]
        return keep_source_links("".join(kept).strip(), self._urls)

    def _judge(self, sentence: str) -> str | None:
        """The sentence if its figures are supported and it says what the passage it cites says
        about the company it talks about; an uncited sentence gains its source's [n]. Planted
        sentences are left out; links and images only to the sources' own URLs. A sentence
        not checked by the answer's hard deadline is left out."""
        if self._deadline is not None and self._deadline.passed:
            self.left_out["time"] += 1
            return None
        if self._planted(sentence):
            self.left_out["statements"] += 1
            return None  # the model repeats an instruction planted in a source
        sentence = keep_source_links(sentence, self._urls)
        if not sentence.strip():
            return None
        passages = {c.n: text for c, text in self._sources or []}
        report = check(sentence, self._checked, passages, citation_required=False)
        if not report.grounded:
            self.left_out["figures"] += 1
            return None
        best = None
        if self._support is not None:
            if self._ahead is not None and not self._ahead.ready(self._deadline):
                self.left_out["time"] += 1
                return None  # the passages were not embedded in time: not checked, left out
            judgement = self._support.judge(sentence)
            if not judgement.supported:
                self.left_out["statements"] += 1
                return None
            sentence, best = judgement.sentence, judgement.passage
        if cited(sentence):
            return sentence
        found = sorted({s.source for s in report.supported if s.source.startswith("passage [")})
        marks = "".join(f" {source.removeprefix('passage ')}" for source in found)
        if not marks and best is not None:
            marks = f" [{best}]"
        return _append(sentence, marks) if marks else sentence

    def _extractive(self) -> str:
        support = self._support
        passages = {
            c.n: text
            for c, text in self._sources or []
            if support is None or support.about_question(c.n)
        }
        numbers = {i: f.citation for i, f in enumerate(self._record.facts) if f.citation}
        titles = {c.n: c.title for c, _ in self._sources or []}
        return extractive_answer(self._terms, self._facts, passages, numbers, titles)

    def _finish(self, text: str) -> Answer:
        if self._sources is not None:
            text = keep_source_links(text, self._urls)
        record = self._record.model_copy(update={"answer": text})
        if self._model_cut or self.left_out["time"]:
            record.notice = _joined(record.notice, BUDGET_NOTICE)
        if self._sources is None or record.refused:
            return record
        passages = {c.n: body for c, body in self._sources}
        report = check(text, self._checked, passages)
        if not report.grounded:  # sentences that passed alone but not in the whole answer
            for sentence in unsupported_sentences(text, report):
                text = text.replace(sentence, "").strip()
                self.left_out["figures"] += 1
            record.answer = text
            report = check(text, self._checked, passages)
        record.grounded = report.grounded
        if not self._facts and any(p in text.lower() for p in SELF_REFUSAL) and len(text) < 300:
            record.refused = True
        if not text and (self.left_out["figures"] or self.left_out["statements"]):
            record.answer, record.refused = NOTHING_SUPPORTED, True
        note = left_out_notice(self.left_out)
        if note:
            record.notice = _joined(record.notice, note)
        return record

    @property
    def sentences(self) -> dict[str, int]:
        """The sentences the model drafted and those left out, by why (for evaluations)."""
        drafted = len(self._gate.kept) + len(self._gate.dropped) if self._gate else 0
        return {"drafted": drafted, **self.left_out}

    def run(self) -> Answer:
        """Consume the stream and return the finished answer."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer


def left_out_notice(left_out: dict[str, int]) -> str | None:
    """ "3 sentence(s) of the model's draft were left out: 1 because its figures match no cited
    source, 2 because the cited sources do not support them." """
    figures, statements = left_out["figures"], left_out["statements"]
    late = left_out.get("time", 0)
    if not figures and not statements and not late:
        return None
    why = []
    if figures:
        why.append(f"{figures} because their figures match no cited source")
    if statements:
        why.append(
            f"{statements} because the sources they cite do not support them (a statement "
            "not in the source, boilerplate, or another company's source)"
        )
    if late:
        why.append(f"{late} because they could not be checked within the answer time limit")
    return f"{figures + statements + late} sentence(s) of the model's draft were left out: " + (
        "; ".join(why) + "."
    )


@dataclass
class Scope:
    """What the user restricted the search to (the workspace's filters)."""

    sources: list[str] = field(default_factory=list)  # sec, market, news, upload
    tickers: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    document_ids: list[str] = field(default_factory=list)

    def excludes(self, query: Query) -> str | None:
        """One sentence when these filters exclude what the question names (a company, a kind
        of source, a date window), offering to widen them; None when they do not."""
        return self._companies(query) or self._sources(query) or self._dates(query)

    def _companies(self, query: Query) -> str | None:
        if not self.tickers:
            return None
        outside = [m for m in query.companies if not set(m.company.tickers) & set(self.tickers)]
        if len(outside) < len(query.companies):  # beside one inside: those whose figures it asks
            outside = [m for m in outside if m.subject]
        if not outside:
            return None
        named = ", ".join(dict.fromkeys(m.label for m in outside))
        return (
            f"Your filters limit the search to {', '.join(self.tickers)}; the question asks about "
            f"{named}. Clear the Companies filter to answer it."
        )

    def _sources(self, query: Query) -> str | None:
        if not self.sources:
            return None
        allowed = set(self.sources)
        if query.forms and not allowed & FILINGS:
            asked, needed = f"{'/'.join(query.forms)} filings", "SEC filings or Uploads"
        elif query.intent == "prices" and "market" not in allowed and _asks_price_figures(query):
            asked, needed = "market prices", "Market data"
        else:
            return None
        searched = ", ".join(SOURCE_NAMES.get(s, s) for s in self.sources)
        return (
            f"Your filters limit the search to {searched}; the question asks about {asked}. "
            f"Add {needed} to the sources searched to answer it."
        )

    def _dates(self, query: Query) -> str | None:
        start = max(filter(None, [query.date_from, self.date_from]), default=None)
        end = min(filter(None, [query.date_to, self.date_to]), default=None)
        if not (query.date_from or query.date_to) or not (start and end and start > end):
            return None
        return (
            f"Your filters limit the search to {_window(self.date_from, self.date_to)}; the "
            f"question asks about {_window(query.date_from, query.date_to)}. Clear the dates "
            "filter to answer it."
        )


def _asks_price_figures(query: Query) -> bool:
    """A price, range, volume or moving average: figures only the market data holds."""
    asks = query.prices
    return asks.price or asks.range or asks.volume or bool(asks.sma_days)


def _window(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} to {end}" if start != end else start
    return f"from {start}" if start else f"up to {end}"


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
        budget_s: float | None = None,
        check_reserve_s: float = 0.0,
        fusion: Fusion | None = None,
        comparer: Compares | None = None,
        clock: Clock = time.monotonic,
    ):
        self.llm = llm
        self.fusion = fusion  # price-move questions: moves joined to events (rag.answer.fusion)
        self.comparer = comparer  # comparisons across companies (None: answered as any figures)
        self.retriever = retriever
        self.facts = facts
        self.max_tokens = max_tokens
        self.k = k
        self.as_of = as_of or date.today()
        self.registry = registry  # the companies questions are read against (None: shipped)
        self.held = held  # the ids of the registered companies the store holds data of
        self.budget_s = budget_s  # wall-clock seconds for a whole answer (None: no limit)
        self.check_reserve_s = check_reserve_s  # of it, kept for the checks after the model
        self.clock = clock  # what the budget is measured by (a test may pass its own)

    def ask(
        self, question: str, history: Sequence[Message] = (), *, scope: Scope | None = None
    ) -> AnswerRun:
        """The one way in: start answering `question`. `history` holds the earlier turns of the
        same chat, `scope` the user's filters. The question is analysed once (rag.query); every
        step after that reads the `Query`, never the text again."""
        question = bounded(question)
        too_long = over_limit(question)
        if too_long:
            return self._refused(too_long)
        budget, reserve = self.budget_s, self.check_reserve_s
        deadline = Deadline.after(budget, reserve, self.clock) if budget else None
        if self.retriever is None:
            return self._unindexed(question, history, deadline)
        started = time.perf_counter()
        earlier = [m["content"] for m in history if m["role"] == "user"]
        query = analyze_chat(question, earlier, self.as_of, self.registry)
        query, note = self._on_filing_day(query, earlier)
        if note and query is None:
            return self._refused(note)
        excluded = scope.excludes(query) if scope else None
        run = self._answer(restrict(query, scope), history, scope, started, excluded, deadline)
        if note and not run.record.refused:  # which filing's day the figures are of
            run.record.notice = _joined(run.record.notice, note)
        return run

    def _on_filing_day(self, query: Query, earlier: list[str]) -> tuple[Query | None, str | None]:
        """A day named by a filing ("the day NVIDIA filed its 10-K") read as the day it was
        filed (rag.answer.filing_day): the query as if that day were written, and a note saying
        so; (None, refusal) when the store holds no such filing."""
        written = with_iso_dates(query.question)
        asked = read_filing_day(written)
        if asked is None or not query.tickers or self.retriever is None:
            return query, None
        ticker = query.tickers[0]
        filed = filed_on(self.retriever.store, ticker, asked)
        if filed is None:
            return None, not_held(ticker, asked)
        text = on_day(written, asked, filed.day)
        dated = analyze_chat(text, earlier, self.as_of, self.registry)
        dated.question = query.question
        if not dated.companies:  # the phrase named the company ("the date NVDA filed ...")
            dated.companies, dated.tickers = query.companies, query.tickers
        return dated, filing_day_note(ticker, asked, filed)

    def _answer(
        self,
        query: Query,
        history: Sequence[Message],
        scope: Scope | None,
        started: float,
        excluded: str | None = None,
        deadline: Deadline | None = None,
    ) -> AnswerRun:
        """Figures and passages for the query, a refusal or a verdict, the prompt. `excluded`:
        what the user's filters exclude that the question names (refused, nothing searched)."""
        assert self.retriever is not None
        if not excluded and self.fusion and query.move and market_allowed(scope):
            fused = self.fusion.answer(query, self.as_of)
            if fused is not None:  # the moves and events, from code; no model
                return _fused(query, fused, self.llm.name, self.as_of, started)
        if not excluded and listable(query, scope):
            listing = list_answer(query, self.retriever.store)
            if listing is not None:  # the filing's own list, each item cited; no model
                return self._listed(query, listing, started)
        held = self.held() if self.held and query.companies and not excluded else None
        if not excluded and query.comparison and self.comparer and _facts_allowed(scope):
            comparison = None if query.press else self.comparer.compare(query, held)
            if comparison is not None:  # the table and its verdict, written in code; no model
                return self._compared(query, comparison, started)
        none_held = held is not None and not any(m.company.id in held for m in query.companies)
        if excluded or none_held:
            facts, hits = [], []  # filtered out, or nothing of any company asked: refused below
        else:
            facts = [] if query.press else self._facts(query, scope)  # the story's figures
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
        refusal = excluded or why_refuse(query, facts, hits, self.as_of, held)
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
            deadline=deadline,
            support=SupportCheck(
                self.retriever.embedder,
                passages_of(sources),
                [m.company.id for m in query.companies],
                self.registry,
            ),
        )

    def _listed(self, query: Query, listing: Listing, started: float) -> AnswerRun:
        record = Answer(answer="", as_of=self.as_of.isoformat(), model=self.llm.name)
        return _listed(query, listing, record, started)

    def _compared(self, query: Query, comparison: Comparison, started: float) -> AnswerRun:
        facts = comparison.facts()
        sources = number_sources(facts, [])
        marks = fact_numbers(facts, sources)
        record = Answer(
            answer="",
            as_of=self.as_of.isoformat(),
            model=self.llm.name,
            tickers=query.tickers,
            intent="facts",
            citations=[c for c, _ in sources],
            facts=[f.answer_fact(n[0]) for f, n in zip(facts, marks, strict=True)],
        )
        record.answer, record.table = compared_answer(comparison, facts, marks)
        record.timings = Timings(retrieval_ms=round((time.perf_counter() - started) * 1000, 1))
        return _ListRun(None, [], 0, record, sources, facts, narrate=False)  # type: ignore[arg-type]

    def _facts(self, query: Query, scope: Scope | None) -> list[ComputedFact]:
        if self.facts is None or not _facts_allowed(scope):
            return []
        return self.facts.find(query)

    def _unindexed(
        self, question: str, history: Sequence[Message], deadline: Deadline | None
    ) -> AnswerRun:
        messages: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
        messages += list(history)[-4:]
        messages.append({"role": "user", "content": question})
        record = Answer(answer="", model=self.llm.name, notice=UNGROUNDED_NOTICE)
        return AnswerRun(self.llm, messages, self.max_tokens, record, None, [], deadline=deadline)

    def _refused(self, refusal: str) -> AnswerRun:
        """A refusal before anything is searched or the model is asked."""
        record = Answer(answer=refusal, model=self.llm.name, refused=True, grounded=True)
        return AnswerRun(self.llm, [], self.max_tokens, record, [], [])


def _facts_allowed(scope: Scope | None) -> bool:
    """Whether the user's filters let the computed figures in (SEC filings or market data)."""
    return not (scope and scope.sources) or bool({"sec", "market"} & set(scope.sources))


def listable(query: Query, scope: Scope | None) -> bool:
    """A list question (risk factors, 8-K items, segments) the filings' structure answers, when
    the user's filters let filings in."""
    filings_allowed = not (scope and scope.sources) or bool(FILINGS & set(scope.sources))
    return (
        query.listing is not None
        and (query.intent == "narrative" or query.listing == "customers")  # a share of revenue
        and (not query.figures.fundamentals or query.listing == "customers")
        and filings_allowed
        and not query.press
    )


def market_allowed(scope: Scope | None) -> bool:
    """Whether the user's filters let the market data in (a move is computed from it)."""
    return not (scope and scope.sources) or "market" in scope.sources


def _fused(query: Query, fused: Fused, model: str, as_of: date, started: float) -> AnswerRun:
    """A price-move answer written in code (rag.answer.fusion), checked as any answer is."""
    record = Answer(
        answer=fused.text,
        as_of=as_of.isoformat(),
        model=model,
        tickers=query.tickers[:1],
        intent="prices",
        date_from=fused.window[0],
        date_to=fused.window[1],
        markers=fused.markers,
    )
    record.citations = [c for c, _ in fused.sources]
    marks = fact_numbers(fused.facts, fused.sources)
    record.facts = [f.answer_fact(n[0]) for f, n in zip(fused.facts, marks, strict=True)]
    record.timings = Timings(retrieval_ms=round((time.perf_counter() - started) * 1000, 1))
    return _ListRun(None, [], 0, record, fused.sources, fused.facts, narrate=False)  # type: ignore[arg-type]


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
    budget_s: float | None = None,
    check_reserve_s: float = 0.0,
) -> Assistant:
    """The Assistant over an index: retrieval, figures from its facts and prices, as-of its
    latest price day, questions read against the store's company registry (plus the user's
    `aliases` file); with no index (or an empty one) the model alone, answers marked
    unchecked. `embedder` is called only when there is an index to search; `budget_s` bounds
    each answer's wall-clock time, `check_reserve_s` of it kept for the checks."""
    from rag.figures.compare import Comparer
    from rag.figures.moves import Moves
    from rag.figures.reported import FactFinder, ReportedFacts
    from rag.search.companies import companies_with_data, registry_in

    if index is None or index.chunks.counts()["chunks"] == 0:
        return Assistant(llm, max_tokens=max_tokens, budget_s=budget_s)  # nothing to check
    latest = index.prices.latest_date()
    registry = registry_in(index.chunks.conn, aliases, index.chunks.viewer)
    return Assistant(
        llm,
        retriever=Retriever(index.chunks, embedder()),
        facts=FactFinder(index.facts, index.prices, index.chunks),
        max_tokens=max_tokens,
        as_of=date.fromisoformat(latest) if latest else None,
        registry=registry,
        held=functools.cache(lambda: companies_with_data(index, registry)),
        budget_s=budget_s,
        check_reserve_s=check_reserve_s,
        fusion=Fusion(Moves(index.prices), index.events, ReportedFacts(index.facts, index.chunks)),
        comparer=Comparer(index.facts, index.prices, index.chunks),
    )


def bounded(question: str) -> str:
    """The question stripped; InputError when nothing is left."""
    question = question.strip()
    if not question:
        raise InputError("the question is empty")
    return question


def over_limit(question: str) -> str | None:
    """The refusal of a question longer than MAX_QUESTION_CHARS: never cut, so never answered
    as a question the user did not ask."""
    if len(question) <= MAX_QUESTION_CHARS:
        return None
    return (
        f"Your question is {len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,}. "
        "Shorten it."
    )


def _append(sentence: str, marks: str) -> str:
    """Put citation marks before the sentence's final punctuation and trailing space."""
    body = sentence.rstrip()
    tail = sentence[len(body) :]
    if body and body[-1] in ".!?":
        return f"{body[:-1]}{marks}{body[-1]}{tail}"
    return f"{body}{marks}{tail}"


def restrict(query: Query, scope: Scope | None) -> Query:
    """Apply the user's filters on top of what the question itself names; never replaces the
    companies it names with the filter's (`Scope.excludes` says when they conflict)."""
    if scope is None:
        return query
    if scope.tickers:  # the question's companies within the filter (Scope.excludes refuses
        # those outside it), else the filter's
        inside = [t for t in query.tickers if t in scope.tickers]
        query.tickers = inside if query.tickers else list(scope.tickers)
    query.sources = list(scope.sources) or query.sources  # "according to CNBC": news
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
    absent = companies_without_data(query.companies, held, evidence, query.press)
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
    named: list[Mention], held: set[str] | None, evidence: str, press: bool = False
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
    # a story is asked about: the companies it names need no data of their own
    return [m for m in absent if (m.subject and not press) or not _mentioned(m, evidence)]


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
    if query.figures.market_cap:  # a day's figure: no fiscal year is asked
        return (
            f"A market capitalization of {who} needs a close and the shares outstanding a filing "
            "states as of that day or before; the indexed sources lack one of them for the day "
            "asked."
        )
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
                citation = clean_citation(source.model_copy(update={"n": len(sources) + 1}))
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
    key = clean_citation(source).model_dump(exclude={"n"})
    for index, (citation, _) in enumerate(sources):
        if citation.model_dump(exclude={"n"}) == key:
            return index
    return None


def citation_of(n: int, hit: Hit) -> Citation:
    chunk = hit.chunk
    body = chunk.text.split("\n", 1)[-1]
    return chunk_citation(n, chunk.document, chunk.document_id, chunk.section, chunk.page, body)


def _joined(notice: str | None, extra: str) -> str:
    return f"{notice} {extra}" if notice else extra
