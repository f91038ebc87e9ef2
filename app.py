"""FinAssist in the browser: the analyst workspace. Chat with streamed, cited answers, figures and
price charts; chat history; watchlist, search filters, freshness and refresh; uploads.

A composition root like cli.py: it builds the parts once per process and renders; the logic lives
in the packages. Model, document and user text is always shown escaped, never as HTML, so no
markup, link or image in it can render. Slow work (loading models, answering, refreshing,
indexing uploads) runs in background threads that the page watches, so it survives reruns.
"""

import importlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import streamlit as st

from core.errors import ConfigError, FinAssistError, InputError, ModelBusy, ModelError
from core.markdown import escape_markdown
from core.settings import Settings, load_settings
from core.types import Answer
from rag.chats import (
    REFUSAL_LINE,
    UNIT_NAMES,
    ChatMessage,
    ChatStore,
    export_markdown,
    fact_value,
    source_details,
    web_link,
)

log = logging.getLogger("finassist.app")
POLL_S = 0.05  # how often a running job is looked at
HEARTBEAT_S = 0.5  # redraw at least this often, so clicks interrupt the watch loop promptly
SOURCES = {"sec": "SEC filings", "news": "News", "market": "Market data", "upload": "Uploads"}
EXAMPLES = (
    "What were Apple's total net sales in fiscal 2024?",
    "What are Nvidia's main risk factors?",
    "How did Microsoft's stock do in March 2024?",
    "Compare Apple and Microsoft stock over the past year",
)
NO_ANSWER = "No answer was recorded for this question."
# Streamlit's bundled Material icons render offline (emoji need a font the browser may lack).
INDEXED, UNCHANGED, REJECTED = ":material/check_circle:", ":material/sync:", ":material/block:"
STALE = " — :material/warning: **stale**"
UNEXPECTED = "Something went wrong on our side. The details are in the FinAssist server log."


def esc(text: object) -> str:
    """Untrusted text, made literal for Streamlit's Markdown."""
    return escape_markdown(str(text))


# ---- errors as sentences ----------------------------------------------------------------------


def friendly(exc: FinAssistError) -> str:
    """What went wrong, said to a person (no traceback, no class names)."""
    from ingestion.lock import WriterBusy

    if isinstance(exc, WriterBusy):
        return (
            f"The index is being updated by another FinAssist job ({str(exc).split('(')[-1]}. "
            "Try again when it has finished."
        )
    if isinstance(exc, ModelBusy):
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
    if isinstance(exc, ConfigError):
        return f"FinAssist is not configured correctly: {exc}"
    if isinstance(exc, InputError):
        return f"That cannot be used: {exc}."
    return f"Sorry, that did not work: {exc}"


# ---- process-wide parts, built once in the background ------------------------------------------


# Parts load one at a time: Python imports packages like numpy and torch safely from one thread at
# a time only (two threads importing them at once can see half-initialized modules and fail).
_LOADING = threading.Lock()


@st.cache_resource(show_spinner=False)
def shared_libraries() -> bool:
    """Import the numeric libraries the page and the loaders share, once, before any loader runs."""
    import numpy.typing  # noqa: F401
    import pandas  # noqa: F401

    return True


class Loader:
    """Builds one heavy part (the model, the embedder, the stores) once, in a background thread,
    so the page is interactive while it loads; `get()` waits for it."""

    def __init__(self, what: str, build: Callable[[], Any]):
        self.what = what
        self.value: Any = None
        self.error: FinAssistError | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(build,), name=f"load {what}", daemon=True).start()

    def _run(self, build: Callable[[], Any]) -> None:
        try:
            with _LOADING:
                self.value = build()
        except FinAssistError as exc:
            self.error = exc
        except Exception as exc:  # a broken install must show as a message, not a dead page
            log.exception("loading the %s failed", self.what)
            self.error = ModelError(f"could not load the {self.what}: {exc}")
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def get(self) -> Any:
        self._done.wait()
        if self.error is not None:
            raise self.error
        return self.value


def _key(settings: Settings, *sections: str) -> str:
    return settings.model_dump_json(include=set(sections))


@st.cache_resource(show_spinner=False)
def model_loader(_settings: Settings, key: str) -> Loader:
    """The LLM behind this process's inference worker (one per configuration)."""
    from model import load_llm

    return Loader("model", lambda: load_llm(_settings))


@st.cache_resource(show_spinner=False)
def embedder_loader(_settings: Settings, key: str) -> Loader:
    """The sentence embedder, shared by retrieval and indexing."""
    from model import load_embedder

    return Loader("embedder", lambda: load_embedder(_settings, beside_llm=True))


def embedder(settings: Settings) -> Loader:
    return embedder_loader(settings, _key(settings, "embedder"))


@st.cache_resource(show_spinner=False)
def store_loader(_settings: Settings, key: str) -> Loader:
    """The chunk store (Chroma + SQLite) of a FINASSIST_HOME."""
    from rag.store import ChunkStore

    return Loader("index", lambda: ChunkStore.open(_settings.home, _settings.chroma_url))


@st.cache_resource(show_spinner=False)
def chat_store(home: str) -> ChatStore:
    return ChatStore.open(Path(home))


@dataclass
class Engine:
    """The parts every session shares."""

    settings: Settings
    llm: Loader
    embedder: Loader | None  # loaded once there is an index to search (or on the first upload)
    store: Loader | None  # None until something has been indexed in this home

    @classmethod
    def of(cls, settings: Settings) -> "Engine":
        indexed = (settings.home / "finassist.db").exists()
        shared_libraries()
        return cls(
            settings,
            model_loader(settings, _key(settings, "home", "llm", "openai")),
            embedder(settings) if indexed else None,
            store_loader(settings, _key(settings, "home", "chroma_url")) if indexed else None,
        )


class DeferredEmbedder:
    """The shared embedder, waited for on first use (it may still be loading)."""

    name = "sentence-transformers"
    dimension = 384

    def __init__(self, loader: Loader):
        self._loader = loader

    def embed(self, texts):
        return self._loader.get().embed(texts)


class QueuedLLM:
    """The process's inference worker as one question sees it: knows its place in the queue."""

    def __init__(self, worker):
        self.worker = worker
        self.name = worker.name
        self.generation = None
        self.stopped = threading.Event()

    def stream(self, messages, *, max_tokens: int):
        if self.stopped.is_set():
            return
        self.generation = self.worker.submit(messages, max_tokens=max_tokens)
        try:
            yield from self.generation
        finally:
            self.generation.cancel()

    @property
    def position(self) -> int:
        """1 when next in line, 2 behind one other question...; 0 when running or not queued."""
        return self.generation.position if self.generation is not None else 0

    def stop(self) -> None:
        self.stopped.set()
        if self.generation is not None:
            self.generation.cancel()


def make_assistant(engine: Engine, llm):
    """The Assistant over the current index (composed as for `finassist ask`)."""
    from rag.assistant import assistant_over

    store = engine.store.get() if engine.store is not None else None
    embedder = engine.embedder
    return assistant_over(llm, store, lambda: embedder.get(), engine.settings.llm.max_tokens)


# ---- background jobs ----------------------------------------------------------------------------


class Job:
    """Work in a background thread: progress while it runs, then a result or a friendly error."""

    def __init__(self, kind: str, work: Callable[["Job"], Any], imports: tuple[str, ...] = ()):
        self.kind = kind
        self.imports = imports  # modules the work needs, imported under the loading lock first
        self.message = "Starting…"
        self.fraction: float | None = None
        self.result: Any = None
        self.error: str | None = None
        self.busy = False  # the error is "someone else is using it", not a failure
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(work,), name=kind, daemon=True).start()

    def progress(self, message: str, fraction: float | None) -> None:
        self.message, self.fraction = message, fraction

    def _run(self, work: Callable[["Job"], Any]) -> None:
        from ingestion.lock import WriterBusy

        try:
            with _LOADING:
                for module in self.imports:
                    importlib.import_module(module)
            self.result = work(self)
        except FinAssistError as exc:
            self.error, self.busy = friendly(exc), isinstance(exc, ModelBusy | WriterBusy)
        except Exception:  # the page must show a message, whatever broke
            log.exception("%s failed", self.kind)
            self.error = UNEXPECTED
        finally:
            self.done.set()


class AnswerJob(Job):
    """One question being answered: the streamed text so far, then the stored answer."""

    def __init__(self, engine: Engine, chats: ChatStore, chat_id: int, question: str, scope):
        self.chat_id = chat_id
        self.history = chats.history(chat_id)
        self.question_id = chats.add_question(chat_id, question)
        self.text = ""
        self.llm: QueuedLLM | None = None
        self._stop = threading.Event()
        super().__init__("answer", lambda job: self._answer(engine, chats, question, scope))

    def _answer(self, engine: Engine, chats: ChatStore, question: str, scope) -> Answer:
        self.progress("Loading the local model…", None)
        self.llm = QueuedLLM(engine.llm.get())
        if self._stop.is_set():
            self.llm.stop()
        assistant = make_assistant(engine, self.llm)
        self.progress("Searching the index…", None)
        run = assistant.ask(question, self.history, scope=scope)
        for piece in run:
            self.text += piece
        answer = run.answer
        if self._stop.is_set():
            note = "You stopped this answer before it was finished."
            answer.notice = f"{answer.notice} {note}" if answer.notice else note
        chats.add_answer(self.chat_id, answer)
        return answer

    def stop(self) -> None:
        self._stop.set()
        if self.llm is not None:
            self.llm.stop()

    @property
    def position(self) -> int:
        return self.llm.position if self.llm is not None else 0


def settle(name: str) -> Job | None:
    """The finished job stored under `name` (removed from the session), else None."""
    job = st.session_state.get(name)
    if job is not None and job.done.is_set():
        del st.session_state[name]
        return job
    return None


def running(name: str) -> Job | None:
    job = st.session_state.get(name)
    return job if job is not None and not job.done.is_set() else None


# ---- the page -----------------------------------------------------------------------------------


@dataclass
class Page:
    """What this run of the script works with."""

    settings: Settings
    engine: Engine
    chats: ChatStore
    status: dict
    uploads: list = field(default_factory=list)
    watch: list[tuple[Job, Callable[[Job], None]]] = field(default_factory=list)


def main() -> None:
    settings = load_settings()
    page = Page(settings, Engine.of(settings), chat_store(str(settings.home)), status(settings))
    session_defaults(page)
    settle_jobs()
    with st.sidebar:
        scope = sidebar(page)
    conversation(page, scope)
    watch(page.watch)


def status(settings: Settings) -> dict:
    """Counts, freshness and the model in use (read from SQLite and settings; fast)."""
    from cli import status_report

    try:
        return status_report(settings)
    except sqlite3.Error:  # e.g. another process is creating the index right now
        log.warning("the index status could not be read", exc_info=True)
        empty = {"built": False, "documents": 0, "chunks": 0, "price_rows": 0, "facts": 0}
        model = {"backend": settings.llm.backend, "path": None}
        return {"model": model, "stores": empty, "tickers": {}, "sources": [], "runs": []}


def session_defaults(page: Page) -> None:
    ss = st.session_state
    if "chat_id" not in ss:
        ss.chat_id = page.chats.latest()
    ss.setdefault("failures", {})  # question id -> (message, busy)
    ss.setdefault("notes", {})  # sidebar section -> (kind, message)
    ss.setdefault("uploader_round", 0)


def settle_jobs() -> None:
    """Take in the jobs that ended since the last run: their results and errors."""
    ss = st.session_state
    if (job := settle("answer_job")) is not None and job.error:
        ss.failures[job.question_id] = (job.error, job.busy)
    for name in ("refresh_job", "upload_job"):
        if (job := settle(name)) is not None:
            ss[name.replace("_job", "_outcome")] = job
            chart_data.clear()  # new prices may have come in


# ---- the conversation ---------------------------------------------------------------------------


def conversation(page: Page, scope) -> None:
    ss = st.session_state
    job = running("answer_job")
    messages = page.chats.messages(ss.chat_id) if ss.chat_id else []
    if not messages:
        welcome(page)
    for index, message in enumerate(messages):
        answered = index + 1 < len(messages) and messages[index + 1].role == "assistant"
        show_message(page, message, answered, pending=job is not None and job.chat_id == ss.chat_id)
    if job is not None and job.chat_id == ss.chat_id:
        show_pending(page, job)
    blocked = no_sources_selected()
    hint = "Pick at least one source in the sidebar to search" if blocked else None
    question = st.chat_input(
        hint or "Ask about a company, a filing, a price move…",
        disabled=job is not None or blocked,
        max_chars=4000,
    )
    example = ss.pop("example", None)
    if (question or example) and job is None:
        ask(page, question or example, scope)


def ask(page: Page, question: str, scope) -> None:
    ss = st.session_state
    if ss.chat_id is None or page.chats.chat(ss.chat_id) is None:
        ss.chat_id = page.chats.new_chat()
    ss.answer_job = AnswerJob(page.engine, page.chats, ss.chat_id, question, scope)
    st.rerun()


def welcome(page: Page) -> None:
    st.title("FinAssist")
    st.caption(
        "Ask in plain language about the filings, prices, news and documents in your index. "
        "Every answer cites its sources; figures are computed from the data, not guessed."
    )
    if not page.status["stores"]["built"] or not page.status["stores"]["chunks"]:
        st.info(
            "Nothing is indexed yet. Run `finassist ingest --sample` for the demo data, "
            "or add your own documents in the sidebar."
        )
        return
    st.markdown("**Try one of these:**")
    columns = st.columns(2)
    for index, example in enumerate(EXAMPLES):
        if columns[index % 2].button(example, key=f"example-{index}", width="stretch"):
            st.session_state.example = example


def show_message(page: Page, message: ChatMessage, answered: bool, pending: bool) -> None:
    if message.role == "user":
        with st.chat_message("user"):
            st.markdown(esc(message.content))
            failure = st.session_state.failures.get(message.id)
            if failure:
                (st.warning if failure[1] else st.error)(esc(failure[0]))
            elif not answered and not pending:
                st.caption(NO_ANSWER)
        return
    with st.chat_message("assistant"), st.container(key=f"answer-{message.id}"):
        show_answer(page, message)  # the key gives the element a CSS class browser tests can find


def show_answer(page: Page, message: ChatMessage) -> None:
    answer = message.answer or Answer(answer=message.content)
    if answer.refused:
        st.info(f"**{REFUSAL_LINE}** {esc(answer.answer)}", icon=":material/search_off:")
    else:
        st.markdown(esc(answer.answer) if answer.answer.strip() else "_(no text)_")
    if answer.notice:
        st.caption(esc(answer.notice))
    show_facts(answer)
    show_chart(page, answer)
    show_sources(answer)
    footer = [f"data as of {answer.as_of}" if answer.as_of else None, answer.model]
    if answer.timings.total_ms:
        footer.append(f"{answer.timings.total_ms / 1000:.1f} s")
    st.caption(esc(" · ".join(p for p in footer if p)))


def show_facts(answer: Answer) -> None:
    if not answer.facts:
        return
    rows = [
        {
            "Figure": fact.name,
            "Value": fact_value(fact),
            "Unit": UNIT_NAMES.get(fact.unit, fact.unit),
            "Period": fact.period or "",
            "As of": fact.as_of or "",
            "Source": f"[{fact.citation}]" if fact.citation else "",
            **({"How": fact.formula} if any(f.formula for f in answer.facts) else {}),
        }
        for fact in answer.facts
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def show_sources(answer: Answer) -> None:
    if not answer.citations:
        return
    st.markdown("**Sources**")
    for citation in answer.citations:
        label = f"[{citation.n}] {citation.title} — {' · '.join(source_details(citation))}"
        with st.expander(esc(label)):
            snippet = citation.snippet.strip()
            st.markdown(esc(snippet) if snippet else "_No quoted passage for this source._")
            link = web_link(citation.url)
            if link:
                st.link_button("Open the source", link, icon=":material/open_in_new:")


def show_pending(page: Page, job: AnswerJob) -> None:
    with st.chat_message("assistant"):
        slot = st.empty()
        if st.button("Stop", key="stop-answer", help="Stop generating this answer"):
            job.stop()
    drawn = {"at": 0.0, "state": None}

    def draw(job: AnswerJob) -> None:
        state = (job.text, job.position, job.message)
        if state == drawn["state"] and time.monotonic() - drawn["at"] < HEARTBEAT_S:
            return
        drawn.update(state=state, at=time.monotonic())
        if job.text:
            slot.markdown(esc(job.text) + " ▌")
        elif job.position >= 1:
            slot.info(
                f"Waiting for the model: you are number {job.position} in line.",
                icon=":material/hourglass_top:",
            )
        else:
            slot.caption(esc(job.message))

    page.watch.append((job, draw))


# ---- price charts -------------------------------------------------------------------------------


@st.cache_data(ttl=300, show_spinner=False)
def chart_data(home: str, tickers: tuple[str, ...], date_from: str | None, date_to: str | None):
    from rag.charts import price_chart
    from rag.db import connect
    from rag.structured import PriceStore

    database = Path(home) / "finassist.db"
    if not database.exists():
        return None
    conn = connect(database, readonly=True)
    try:
        return price_chart(PriceStore(conn), list(tickers), date_from, date_to)
    finally:
        conn.close()


def show_chart(page: Page, answer: Answer) -> None:
    """An interactive price chart for the tickers the question is about (indexed to 100 when
    several are compared)."""
    if answer.refused or not answer.tickers:
        return
    chart = chart_data(
        str(page.settings.home), tuple(answer.tickers), answer.date_from, answer.date_to
    )
    if chart is None:
        return
    st.altair_chart(price_figure(chart), width="stretch")


def price_figure(chart):
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(chart.points)
    frame["date"] = pd.to_datetime(frame["date"])
    hover = alt.selection_point(fields=["date"], nearest=True, on="pointerover", empty=False)
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("value:Q", title=chart.measure, scale=alt.Scale(zero=False)),
        color=alt.Color("ticker:N", title=None),
    )
    tooltip = [
        alt.Tooltip("ticker:N", title="Ticker"),
        alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
        alt.Tooltip("close:Q", title=f"Close ({chart.currency})", format=",.2f"),
    ]
    if chart.indexed:
        tooltip.append(alt.Tooltip("value:Q", title="Indexed", format=",.1f"))
    lines = base.mark_line().add_params(zoom)
    points = base.mark_circle(size=50).encode(
        opacity=alt.condition(hover, alt.value(1), alt.value(0)), tooltip=tooltip
    )
    rule = alt.Chart(frame).mark_rule(color="gray").encode(x="date:T").transform_filter(hover)
    title = f"{' vs '.join(chart.tickers)}, {chart.start} to {chart.end}"
    return alt.layer(lines, points.add_params(hover), rule).properties(height=280, title=title)


# ---- the sidebar --------------------------------------------------------------------------------


def sidebar(page: Page):
    """Chats, search filters, watchlist, documents, data and model; returns the search scope."""
    st.header("FinAssist")
    st.caption(at_a_glance(page))
    chats_section(page)
    scope = filters_section(page)
    watchlist_section(page)
    documents_section(page)
    data_section(page)
    return scope


def at_a_glance(page: Page) -> str:
    """One line under the title: is the model ready, and how fresh are the prices."""
    from ingestion.workspace import freshness

    loader = page.engine.llm
    parts = [
        "Model unavailable" if loader.error else "Model ready" if loader.ready else "Model loading…"
    ]
    prices = next((f for f in freshness(page.status["sources"]) if f.source == "prices"), None)
    if prices and prices.as_of:
        parts.append(f"prices as of {prices.as_of}" + (" (stale)" if prices.stale else ""))
    elif not page.status["stores"]["chunks"]:
        parts.append("nothing indexed yet")
    return esc(" · ".join(parts))


def note(section: str) -> None:
    """The last outcome in a section of the sidebar, if any."""
    kind, message = st.session_state.notes.pop(section, (None, None))
    if kind:
        getattr(st, kind)(esc(message))


def chats_section(page: Page) -> None:
    ss = st.session_state
    summaries = page.chats.chats()
    with st.expander("Chats", expanded=True, icon=":material/forum:"):
        if st.button(
            "New chat",
            icon=":material/add:",
            width="stretch",
            disabled=running("answer_job") is not None,
        ):
            ss.chat_id = None
            st.rerun()
        ids = [c.id for c in summaries]
        titles = {c.id: f"{c.title} ({c.updated[:10]})" for c in summaries}
        options = ids if ss.chat_id in ids else [None, *ids]
        picked = st.selectbox(
            "Open a chat",
            options,
            index=options.index(ss.chat_id),
            format_func=lambda i: titles.get(i, "New chat (not saved yet)"),
            disabled=running("answer_job") is not None,
        )
        if picked != ss.chat_id:
            ss.chat_id = picked
            st.rerun()
        if ss.chat_id is not None:
            chat_actions(page, ss.chat_id, titles.get(ss.chat_id, "Chat"))


def chat_actions(page: Page, chat_id: int, title: str) -> None:
    messages = page.chats.messages(chat_id)
    summary = page.chats.chat(chat_id)
    left, right = st.columns(2)
    left.download_button(
        "Export",
        export_markdown(summary.title if summary else title, messages),
        file_name=f"finassist-chat-{chat_id}.md",
        mime="text/markdown",
        icon=":material/download:",
        on_click="ignore",
        disabled=not messages,
        help="Download this chat with its sources as Markdown",
    )
    if right.button("Delete", icon=":material/delete:", disabled=running("answer_job") is not None):
        page.chats.delete_chat(chat_id)
        st.session_state.chat_id = page.chats.latest()
        st.rerun()


def no_sources_selected() -> bool:
    return not st.session_state.get("filter_sources", list(SOURCES))


def filters_section(page: Page):
    """Sources, companies, dates and uploaded documents the answers may draw on."""
    from rag.assistant import Scope

    page.uploads = uploaded(page)
    titles = {d.id: d.title for d in page.uploads}
    companies = known_tickers(page)
    keep_known("filter_documents", titles)  # deleted meanwhile, perhaps in another session
    keep_known("filter_tickers", companies)
    with st.expander("Search filters", expanded=False, icon=":material/filter_list:"):
        sources = st.multiselect(
            "Search in",
            list(SOURCES),
            default=list(SOURCES),
            format_func=SOURCES.get,
            key="filter_sources",
        )
        tickers = st.multiselect(
            "Companies", companies, key="filter_tickers", placeholder="All companies"
        )
        dates = date_filter(page)
        documents = st.multiselect(
            "Only these uploads",
            [d.id for d in page.uploads],
            format_func=lambda i: titles.get(i, i),
            key="filter_documents",
            placeholder="Any document",
            help="When set, only the selected uploaded documents are searched",
        )
    if sources == list(SOURCES) and not (tickers or dates or documents):
        return None
    date_from, date_to = dates or (None, None)
    return Scope(
        sources=[] if documents else list(sources),
        tickers=list(tickers),
        date_from=date_from,
        date_to=date_to,
        document_ids=list(documents),
    )


def keep_known(key: str, options) -> None:
    """Drop selected values that are no longer options (a widget must not hold unknown ones)."""
    chosen = st.session_state.get(key)
    if chosen and any(value not in options for value in chosen):
        st.session_state[key] = [value for value in chosen if value in options]


def date_filter(page: Page) -> tuple[str | None, str | None] | None:
    if not st.toggle("Limit to dates", key="filter_dates_on"):
        return None
    end = latest_data_day(page)
    picked = st.date_input(
        "Published between",
        value=(end - timedelta(days=365), end),
        key="filter_dates",
        format="YYYY-MM-DD",
    )
    days = list(picked) if isinstance(picked, tuple | list) else [picked]
    if not days:
        return None
    return days[0].isoformat(), (days[1].isoformat() if len(days) > 1 else None)


def latest_data_day(page: Page) -> date:
    days = [t.get("prices_as_of") for t in page.status["tickers"].values()]
    newest = max((d for d in days if d), default=None)
    return date.fromisoformat(newest) if newest else date.today()


def known_tickers(page: Page) -> list[str]:
    indexed = {t for t in page.status["tickers"] if t != "-"}
    return sorted(indexed | set(watchlist(page).tickers()))


def watchlist(page: Page):
    from ingestion.workspace import Watchlist

    return Watchlist.open(page.settings)


def watchlist_section(page: Page) -> None:
    tickers = watchlist(page)
    with st.expander("Watchlist", expanded=False, icon=":material/visibility:"):
        with st.form("watch-add", clear_on_submit=True, border=False):
            symbol = st.text_input("Add a ticker", placeholder="e.g. AAPL or BRK.B", max_chars=12)
            added = st.form_submit_button("Add to watchlist")
        if added:
            add_ticker(tickers, symbol)
        note("watchlist")
        for ticker in tickers.tickers():
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"`{ticker}`")
            if right.button(
                ":material/close:",
                key=f"unwatch-{ticker}",
                help=f"Remove {ticker}",
                type="tertiary",
            ):
                tickers.remove(ticker)
                st.rerun()


def add_ticker(tickers, symbol: str) -> None:
    try:
        added = tickers.add(symbol)
    except InputError as exc:
        st.session_state.notes["watchlist"] = ("error", str(exc))
        return
    st.session_state.notes["watchlist"] = ("success", f"{added} is on the watchlist.")


def workspace(page: Page):
    from ingestion.workspace import Workspace

    return Workspace(page.settings, DeferredEmbedder(embedder(page.settings)))


def uploaded(page: Page) -> list:
    from ingestion.workspace import uploaded_documents

    return uploaded_documents(page.settings.home)


def documents_section(page: Page) -> None:
    ss = st.session_state
    with st.expander("Your documents", expanded=False, icon=":material/description:"):
        files = st.file_uploader(
            "Add documents (PDF, HTML, DOCX, CSV, TXT, Markdown)",
            accept_multiple_files=True,
            key=f"uploader-{ss.uploader_round}",
        )
        busy = running("upload_job") is not None
        if files and st.button(f"Index {len(files)} file(s)", type="primary", disabled=busy):
            start_upload(page, files)
        upload_progress(page)
        show_upload_outcome()
        note("documents")
        for document in page.uploads:
            uploaded_row(page, document)


def writer_free(page: Page, section: str) -> bool:
    """False, with a note saying who is writing, while another job holds the writer lock."""
    from ingestion.lock import WriterBusy

    busy = workspace(page).writer_busy()
    if busy:
        st.session_state.notes[section] = ("warning", friendly(WriterBusy(busy)))
    return busy is None


def start_upload(page: Page, files) -> None:
    ss = st.session_state
    if not writer_free(page, "documents"):
        return
    payload = [(file.name, file.getvalue()) for file in files]
    target = workspace(page)
    ss.upload_job = Job(
        "upload", lambda job: target.upload(payload, job.progress), imports=("ingestion.files",)
    )
    ss.uploader_round += 1  # a fresh, empty uploader
    ss.pop("upload_outcome", None)
    st.rerun()


def upload_progress(page: Page) -> None:
    job = running("upload_job")
    if job is not None:
        page.watch.append((job, progress_drawer(st.empty())))


def progress_drawer(slot) -> Callable[[Job], None]:
    """Draws a job's progress bar into `slot` whenever it changes."""
    drawn: dict = {"state": None, "at": 0.0}

    def draw(job: Job) -> None:
        state = (job.message, job.fraction)
        if state == drawn["state"] and time.monotonic() - drawn["at"] < HEARTBEAT_S:
            return
        drawn.update(state=state, at=time.monotonic())
        slot.progress(min(max(job.fraction or 0.0, 0.0), 1.0), text=esc(job.message))

    return draw


def finished_job(key: str) -> "Job | None":
    """The finished job stored under `key` when it succeeded; its error is shown otherwise
    (a warning when someone else held the index, an error when the work failed)."""
    job = st.session_state.get(key)
    if job is not None and job.error:
        (st.warning if job.busy else st.error)(esc(job.error))
        return None
    return job


def show_upload_outcome() -> None:
    job = finished_job("upload_outcome")
    if job is None:
        return
    for result in job.result or []:
        name = esc(result.name)
        if result.status == "rejected":
            st.markdown(f"{REJECTED} **{name}** — rejected: {esc(result.reason)}")
        elif result.status == "unchanged":
            st.markdown(f"{UNCHANGED} **{name}** — already indexed ({result.chunks} passages)")
        else:
            extra = f" ({esc(result.reason)})" if result.reason else ""
            st.markdown(f"{INDEXED} **{name}** — {result.chunks} passages indexed{extra}")


def uploaded_row(page: Page, document) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    pages = f", {document.pages} pages" if document.pages else ""
    left.markdown(f"**{esc(document.title)}**  \n{document.chunks} passages{pages}")
    if right.button(
        ":material/delete:",
        key=f"delete-{document.id}",
        help="Delete this document",
        type="tertiary",
    ):
        delete_document(page, document)


def delete_document(page: Page, document) -> None:
    ss = st.session_state
    try:
        removed = workspace(page).delete_upload(document.id)
    except FinAssistError as exc:
        ss.notes["documents"] = ("warning", friendly(exc))
    else:
        ss.notes["documents"] = ("success", f"Deleted {document.title} ({removed} passages).")
    st.rerun()


def data_section(page: Page) -> None:
    with st.expander("Data and model", expanded=False, icon=":material/database:"):
        st.markdown(esc(model_line(page)))
        stores = page.status["stores"]
        st.caption(
            f"{stores['documents']:,} documents · {stores['chunks']:,} passages · "
            f"{stores['price_rows']:,} price rows · {stores['facts']:,} reported figures"
        )
        freshness_lines(page)
        refresh_controls(page)


def model_line(page: Page) -> str:
    model = page.status["model"]
    if model["backend"] == "openai":
        what = f"{model['name']} at {model['base_url']}"
    elif model["backend"] == "scripted":
        what = "scripted (a deterministic test model)"
    else:
        name = Path(model.get("path") or "missing").stem
        what = f"{name} ({model['backend']}{', ' + model['quant'] if model.get('quant') else ''})"
    loader = page.engine.llm
    state = "ready" if loader.ready and not loader.error else "loading…"
    if loader.error:
        state = f"not available: {loader.error}"
    return f"Model: {what} — {state}"


def freshness_lines(page: Page) -> None:
    from ingestion.workspace import freshness

    for item in freshness(page.status["sources"]):
        line = f"{item.label} as of {item.as_of or 'unknown'}"
        if item.failing:
            line += f" ({item.failing} of {item.keys} failing)"
        st.markdown(esc(line) + (STALE if item.stale else ""))


def refresh_controls(page: Page) -> None:
    from ingestion.lock import WriterLock

    ss = st.session_state
    job = running("refresh_job")
    if st.button(
        "Refresh now", icon=":material/refresh:", disabled=job is not None, width="stretch"
    ) and writer_free(page, "data"):
        tickers = watchlist(page).tickers()
        target = workspace(page)
        ss.refresh_job = Job(
            "refresh",
            lambda job: target.refresh(tickers, job.progress),
            imports=("ingestion.live",),
        )
        ss.pop("refresh_outcome", None)
        st.rerun()
    if job is not None:
        page.watch.append((job, progress_drawer(st.empty())))
    elif WriterLock(page.settings.home).held_elsewhere:
        st.caption("Another FinAssist job is updating the index right now.")
    note("data")
    show_refresh_outcome()


def show_refresh_outcome() -> None:
    job = finished_job("refresh_outcome")
    if job is None:
        return
    report = job.result
    failed = [s for s in report.sources if s.status == "failed"]
    summary = f"Refresh {report.status}: {len(report.sources)} sources, {len(failed)} failed, "
    summary += f"{report.embedded} passages embedded."
    (st.success if not failed else st.warning)(esc(summary))
    for source in failed[:10]:
        st.caption(esc(f"{source.source} {source.key}: {source.reason}"))


# ---- watching jobs ------------------------------------------------------------------------------


def watch(views: list[tuple[Job, Callable[[Job], None]]]) -> None:
    """Redraw the running jobs until one of them ends, then rerun the page to show its outcome.

    A click elsewhere interrupts this loop (the next draw raises Streamlit's rerun signal); the
    jobs keep running in their threads and the next run watches them again.
    """
    if not views:
        return
    while True:
        for job, draw in views:
            draw(job)
        if any(job.done.is_set() for job, _ in views):
            break
        time.sleep(POLL_S)
    st.rerun()


def run_page() -> None:
    """The page, with every error shown as a sentence instead of a traceback."""
    st.set_page_config(page_title="FinAssist", page_icon=":material/monitoring:", layout="wide")
    try:
        main()
    except FinAssistError as exc:
        st.error(esc(friendly(exc)))
    except Exception:  # the app never dies on bad input; the log has the details
        log.exception("the page failed")
        st.error(UNEXPECTED)


# Streamlit runs this file as __main__. Multiprocessing's forkserver (the sandbox that parses
# uploads) imports it again as __mp_main__: there it must define things and do nothing else.
if __name__ == "__main__":
    run_page()
