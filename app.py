"""FinAssist in the browser: a Streamlit chat over the local model. Composes and renders only.

Run with `finassist ui` (or `make run`). Model text is always shown escaped, never as HTML.
"""

import streamlit as st

from core.errors import FinAssistError, ModelBusy
from core.markdown import escape_markdown
from core.settings import load_settings
from rag.assistant import Assistant

st.set_page_config(page_title="FinAssist", page_icon="📈")


@st.cache_resource(show_spinner="Loading the local model…")
def get_assistant() -> Assistant:
    """One Assistant (model, worker) per process, shared by every session and rerun."""
    from cli import build_assistant

    return build_assistant(load_settings())


def show(role: str, text: str, notice: str | None = None, sources: list | None = None) -> None:
    with st.chat_message(role):
        st.markdown(escape_markdown(text))
        show_footer(notice, sources or [])


def show_footer(notice: str | None, sources: list[str]) -> None:
    """Notice and numbered sources, as escaped text."""
    if notice:
        st.caption(escape_markdown(notice))
    for line in sources:
        st.caption(escape_markdown(line))


def source_lines(answer) -> list[str]:
    return [
        f"[{c.n}] {c.title} — {c.locator or c.source}, {c.date or 'undated'}"
        for c in (answer.citations if answer else [])
    ]


st.title("FinAssist")
st.caption("A financial research assistant running on this computer.")
messages = st.session_state.setdefault("messages", [])
for message in messages:
    show(message["role"], message["content"], message.get("notice"), message.get("sources"))

if question := st.chat_input("Ask about a company, a filing or a price…"):
    show("user", question)
    with st.chat_message("assistant"):
        placeholder = st.empty()
        try:
            history = [{"role": m["role"], "content": m["content"]} for m in messages]
            run = get_assistant().ask(question, history)
            text = ""
            for piece in run:
                text += piece
                placeholder.markdown(escape_markdown(text) + " ▌")
            placeholder.markdown(escape_markdown(text))
            answer = run.answer
            notice = answer.notice if answer else None
            sources = source_lines(answer)
            show_footer(notice, sources)
            messages.append({"role": "user", "content": question})
            messages.append(
                {"role": "assistant", "content": text, "notice": notice, "sources": sources}
            )
        except ModelBusy as exc:
            placeholder.warning(str(exc))
        except FinAssistError as exc:
            placeholder.error(f"Sorry, that did not work: {exc}")
