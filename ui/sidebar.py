"""The sidebar: chats, search filters (the scope answers may draw on) and the watchlist, then the
sections that write the index (`ui.indexing`). Returns the search scope to the conversation."""

from datetime import date, timedelta

import streamlit as st

from core.errors import InputError
from ui.audit_view import audit_section
from ui.chats import export_figures_csv, export_markdown
from ui.indexing import data_section, documents_section
from ui.jobs import running
from ui.page import Page, note
from ui.text import esc

SOURCES = {"sec": "SEC filings", "news": "News", "market": "Market data", "upload": "Uploads"}


def sidebar(page: Page):
    """Chats, search filters, watchlist, documents, data and model; returns the search scope."""
    st.header("FinAssist")
    st.caption(at_a_glance(page))
    signed_in_as(page)
    chats_section(page)
    scope = filters_section(page)
    watchlist_section(page)
    documents_section(page)
    data_section(page)
    audit_section(page)
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


def signed_in_as(page: Page) -> None:
    """Who this session acts for (not in the laptop mode, where there is one user), and, after
    an OIDC login, the way out."""
    if page.settings.auth.mode == "local":
        return
    st.caption(f"Signed in as {esc(page.user.name)} ({page.user.role})")
    if page.settings.auth.mode == "oidc" and st.button("Log out", icon=":material/logout:"):
        st.logout()


# ---- chats --------------------------------------------------------------------------------------


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
    figures = any(m.answer and m.answer.facts for m in messages)
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
    right.download_button(
        "Figures",
        export_figures_csv(messages),
        file_name=f"finassist-figures-{chat_id}.csv",
        mime="text/csv",
        icon=":material/table_view:",
        on_click="ignore",
        disabled=not figures,
        help="Download the figures of this chat's answers as CSV",
    )
    busy = running("answer_job") is not None
    if st.button("Delete chat", icon=":material/delete:", disabled=busy):
        page.chats.delete_chat(chat_id)
        st.session_state.chat_id = page.chats.latest()
        st.rerun()


# ---- search filters -----------------------------------------------------------------------------


def no_sources_selected() -> bool:
    return not st.session_state.get("filter_sources", list(SOURCES))


def filters_section(page: Page):
    """Sources, companies, dates and uploaded documents the answers may draw on."""
    from rag.answer.assistant import Scope

    page.uploads = uploaded(page)
    titles = {d.id: d.title for d in page.uploads}
    labels = company_labels(page)
    companies = sorted(labels, key=lambda ticker: labels[ticker].lower())
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
            "Companies",
            companies,
            format_func=lambda ticker: labels.get(ticker, ticker),
            key="filter_tickers",
            placeholder="All companies",
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


def uploaded(page: Page) -> list:
    from ingestion.workspace import uploaded_documents

    return uploaded_documents(page.settings.home, page.user.name)


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
    return sorted(indexed | set(page.engine.watchlist().tickers()))


def company_labels(page: Page) -> dict[str, str]:
    """The companies in the store and on the watchlist, by name: {"WMT": "Walmart (WMT)"}."""
    from rag.search.companies import company_labels as labels_of

    return labels_of(page.settings.home, known_tickers(page))


# ---- watchlist ----------------------------------------------------------------------------------


def watchlist_section(page: Page) -> None:
    tickers = page.engine.watchlist(page.user)
    with st.expander("Watchlist", expanded=False, icon=":material/visibility:"):
        if not page.user.is_admin:  # changes are refused for analysts in Watchlist too
            for ticker in tickers.tickers():
                st.markdown(f"`{ticker}`")
            st.caption("Only an admin changes the watchlist.")
            return
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
