"""The conversation: the chat's messages, each answer (lists and tables rendered, its [n] linked to
its sources) with its figures, price chart and cited sources, the answer being streamed, and the
chat box that asks the next question. Untrusted text goes through `ui.readable`, never as HTML."""

import time
from pathlib import Path

import streamlit as st

from core.types import Answer, Citation
from ui.charts import answer_window, chart_data, compare_figure, price_figure
from ui.chats import REFUSAL_LINE, UNIT_NAMES, ChatMessage, fact_value, source_details
from ui.jobs import HEARTBEAT_S, AnswerJob, running
from ui.page import Page
from ui.readable import literal, readable
from ui.sidebar import no_sources_selected
from ui.sources import anchor, page_link, source_links, split_sources, upload_pdf, web_open_link
from ui.text import esc

EXAMPLES = (
    "What were Apple's total net sales in fiscal 2024?",
    "What are Nvidia's main risk factors?",
    "How did Microsoft's stock do in March 2024?",
    "Compare Apple and Microsoft stock over the past year",
)
NO_ANSWER = "No answer was recorded for this question."


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
    )  # no max_chars: the browser drops a longer paste silently; the Assistant refuses it in words
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
            st.markdown(readable(message.content))
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
    cited, others = split_sources(answer)
    links = source_links(message.id, cited)
    if answer.refused:
        st.info(f"**{REFUSAL_LINE}** {readable(answer.answer)}", icon=":material/search_off:")
    else:
        st.markdown(readable(answer.answer, links) if answer.answer.strip() else "_(no text)_")
    if answer.notice:
        st.caption(esc(answer.notice))
    show_table(answer)
    show_facts(answer)
    show_chart(page, answer)
    show_sources(page, message.id, cited, others)
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


def show_table(answer: Answer) -> None:
    """A comparison across companies: one row per company, one column per period, a missing
    cell with its reason; its basis; grouped bars over the same periods and companies. Every
    value is text in a data grid (never HTML)."""
    table = answer.table
    if table is None:
        return
    rows = []
    for row in table.rows:
        shown = {"Company": row.name or row.ticker}
        for cell in row.cells:
            mark = f" [{answer.facts[cell.fact].citation}]" if cell.fact is not None else ""
            shown[cell.period] = (
                f"{cell.display}{mark}" if cell.display else f"missing: {cell.missing}"
            )
        rows.append(shown)
    st.markdown(f"**{esc(table.metric.capitalize())}, by company**")
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(esc(table.basis))
    figure = compare_figure(table)
    if figure is not None:
        st.altair_chart(figure, width="stretch")


def show_chart(page: Page, answer: Answer) -> None:
    """An interactive price chart of the answer's tickers over the answer's window (indexed to
    100 when several are compared); none when the answer names no window."""
    window = answer_window(answer)
    if window is None:
        return
    chart = chart_data(str(page.settings.home), tuple(answer.tickers), *window)
    if chart is None:
        return
    st.altair_chart(price_figure(chart, answer.markers), width="stretch")


def source_label(citation: Citation) -> str:
    details = " · ".join(source_details(citation))
    return f"\\[{citation.n}\\] " + literal(f"{citation.title} — {details}")


def show_sources(page: Page, message_id: int, cited: list[Citation], others: list[Citation]):
    """The cited sources, each under the anchor its [n] links to, with its quoted passage and
    an Open link; the sources retrieved but not cited, folded away."""
    if cited:
        st.markdown("**Sources**")
    for citation in cited:
        with st.container(key=f"source-{message_id}-{citation.n}"):
            st.subheader(f":small[{source_label(citation)}]", anchor=anchor(message_id, citation.n))
            with st.expander("Quoted passage"):
                snippet = citation.snippet.strip()
                st.markdown(readable(snippet) if snippet else "_No quoted passage._")
            open_button(page, citation)
    if others:
        with st.expander(f"Also retrieved ({len(others)}), not cited in the answer"):
            for citation in others:
                st.markdown(f"**{source_label(citation)}**")
                snippet = citation.snippet.strip()
                if snippet:
                    st.markdown(readable(snippet))
                open_button(page, citation)


def open_button(page: Page, citation: Citation) -> None:
    """Open the source: an uploaded PDF at its page, or the filing's or article's URL."""
    link = web_open_link(citation)
    pdf = upload_pdf(page.settings.paths.uploads, citation)
    if pdf is not None and (served := served_file(pdf, "application/pdf")):
        link = page_link(served, citation.page)
    if link:
        st.link_button("Open", link, icon=":material/open_in_new:")


def served_file(path: Path, mimetype: str) -> str | None:
    """A URL this Streamlit server serves the file at for this run of the page (its media
    files, as for st.image), or None where there is no server (headless tests)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    try:
        return runtime.get_instance().media_file_mgr.add(str(path), mimetype, f"open:{path.name}")
    except (OSError, RuntimeError):
        return None


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
        line = place_in_line(job.position)
        if job.text:  # the code-written part came first; the model's text may still be queued
            with slot.container():
                st.markdown(readable(job.text + " ▌"))
                if line:
                    st.caption(line)
        elif line:
            slot.info(line, icon=":material/hourglass_top:")
        else:
            slot.caption(esc(job.message))

    page.watch.append((job, draw))


def place_in_line(position: int) -> str | None:
    """What a user whose question waits for the model reads (None while it is not waiting)."""
    return f"Waiting for the model: you are number {position} in line." if position >= 1 else None
