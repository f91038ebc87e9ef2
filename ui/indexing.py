"""The sidebar sections that write the index, each through a background job under the writer
lock: your documents (upload, delete) and data and model (counts, freshness, refresh)."""

from pathlib import Path

import streamlit as st

from core.errors import FinAssistError, WriterBusy
from ingestion.lock import WriterLock
from ui.jobs import Job, finished_job, progress_drawer, running
from ui.page import Page, note
from ui.text import esc, friendly

# Streamlit's bundled Material icons render offline (emoji need a font the browser may lack).
INDEXED, UNCHANGED, REJECTED = ":material/check_circle:", ":material/sync:", ":material/block:"
STALE = " — :material/warning: **stale**"


def writer_free(page: Page, section: str) -> bool:
    """False, with a note saying who is writing, while another job holds the writer lock."""
    try:
        with WriterLock(page.settings.home):
            return True
    except WriterBusy as exc:
        st.session_state.notes[section] = ("warning", friendly(exc))
        return False


# ---- your documents -----------------------------------------------------------------------------


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


def start_upload(page: Page, files) -> None:
    ss = st.session_state
    if not writer_free(page, "documents"):
        return
    payload = [(file.name, file.getvalue()) for file in files]
    target = page.engine.workspace()
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
        removed = page.engine.workspace().delete_upload(document.id)
    except FinAssistError as exc:
        ss.notes["documents"] = ("warning", friendly(exc))
    else:
        ss.notes["documents"] = ("success", f"Deleted {document.title} ({removed} passages).")
    st.rerun()


# ---- data and model -----------------------------------------------------------------------------


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
    ss = st.session_state
    job = running("refresh_job")
    if st.button(
        "Refresh now", icon=":material/refresh:", disabled=job is not None, width="stretch"
    ) and writer_free(page, "data"):
        tickers = page.engine.watchlist().tickers()
        target = page.engine.workspace()
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
