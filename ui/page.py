"""One run of the page: what it works with (`Page`), who is signed in, the session's state, and
the guard that shows every error as a sentence instead of a traceback.

The user comes from FINASSIST_AUTH__MODE: the local user; a sign-on proxy's header, taken only
from a trusted proxy's connection (Streamlit reports a loopback peer as no address: it is read as
127.0.0.1); or Streamlit's OIDC login (a signed-out visitor sees the login button only). A
request with no user shows the refusal and nothing else.
"""

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

import wiring
from core.errors import FinAssistError
from core.identity import User, resolve
from core.settings import Settings, load_settings
from ui.charts import chart_data
from ui.chats import ChatStore
from ui.engine import Engine, chat_store
from ui.jobs import Job, settle
from ui.text import UNEXPECTED, esc, friendly

log = logging.getLogger("finassist.app")


@dataclass
class Page:
    """What this run of the script works with."""

    settings: Settings
    engine: Engine
    chats: ChatStore  # the signed-in user's
    status: dict
    user: User
    uploads: list = field(default_factory=list)
    watch: list[tuple[Job, Callable[[Job], None]]] = field(default_factory=list)


def run_page(body: Callable[[Page], None]) -> None:
    """Open the page and draw `body` on it; every error is shown as a sentence."""
    st.set_page_config(page_title="FinAssist", page_icon=":material/monitoring:", layout="wide")
    try:
        body(open_page())
    except FinAssistError as exc:
        st.error(esc(friendly(exc)))
    except Exception:  # the app never dies on bad input; the log has the details
        log.exception("the page failed")
        st.error(UNEXPECTED)


def open_page() -> Page:
    """The settings, the shared parts and the status; the session set up, ended jobs taken in."""
    settings = load_settings()
    user = signed_in(settings)
    engine = Engine.of(settings)
    chats = chat_store(str(settings.paths.workspace_db)).for_owner(user.name)
    page = Page(settings, engine, chats, status(settings, user.name), user)
    session_defaults(page)
    settle_jobs()
    return page


def signed_in(settings: Settings) -> User:
    """The user of this browser session (Forbidden when there is none); a session's first
    sign-in is audited."""
    auth = settings.auth
    if auth.mode == "local":
        user = resolve(auth)
    elif auth.mode == "oidc":
        if not st.user.is_logged_in:
            login_page()
        user = resolve(auth, claims=st.user.to_dict())
    else:
        peer = st.context.ip_address or "127.0.0.1"  # None: a loopback connection
        user = resolve(auth, dict(st.context.headers), peer)
    if st.session_state.get("signed_in") != user.name:
        if "signed_in" in st.session_state:  # another user in this browser session: start clean
            st.session_state.clear()
        st.session_state.signed_in = user.name
        from ingestion.audit import AuditLog

        AuditLog.open(settings.home).record(user.name, "login", mode=auth.mode, role=user.role)
    return user


def login_page() -> None:
    """What a signed-out visitor sees in OIDC mode: the login button, and nothing else."""
    st.title("FinAssist")
    st.write("Sign in with your organisation's account to use the workspace.")
    if st.button("Log in", type="primary"):
        st.login()
    st.stop()


def status(settings: Settings, viewer: str) -> dict:
    """Counts (of the shared data and the viewer's own uploads), freshness and the model in use
    (read from SQLite and settings; fast)."""
    try:
        return wiring.status_report(settings, viewer=viewer)
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


def note(section: str) -> None:
    """The last outcome in a section of the sidebar, if any."""
    kind, message = st.session_state.notes.pop(section, (None, None))
    if kind:
        getattr(st, kind)(esc(message))
