"""The sidebar sections that write the index under the writer lock: your documents (upload,
delete) and data and model (counts, freshness, refresh).

Refresh and uploads run as `finassist` child processes (`refresh --json-lines`,
`ingest file --json-lines`) within the job time limit; deleting an upload is quick and stays in
this process. Whether the lock is free is read without taking it.
"""

import os
import shutil
import sys
import tempfile
from dataclasses import fields
from pathlib import Path

import streamlit as st

from core.errors import FinAssistError, WriterBusy
from core.settings import env_name
from ingestion.lock import writer_owner
from ingestion.runs import RunReport, SourceReport
from ui.jobs import ChildJob, finished_job, progress_drawer, running
from ui.page import Page, note
from ui.text import esc, friendly

# Streamlit's bundled Material icons render offline (emoji need a font the browser may lack).
INDEXED, UNCHANGED, REJECTED = ":material/check_circle:", ":material/sync:", ":material/block:"
STALE = " — :material/warning: **stale**"
TIME_LIMIT = env_name(("ingest", "job_timeout_s"))
ROOT = Path(__file__).resolve().parents[1]  # where `cli` is, installed or not
FINASSIST = ["-m", "cli"]  # `finassist` as arguments to this Python


def writer_free(page: Page, section: str) -> bool:
    """False, with a note saying who is writing, while another job holds the writer lock
    (read without taking the lock)."""
    owner = writer_owner(page.settings.home)
    if owner is None:
        return True
    st.session_state.notes[section] = ("warning", friendly(WriterBusy(str(owner))))
    return False


def finassist_job(page: Page, kind: str, what: str, args: list[str], **kw) -> ChildJob:
    """`finassist *args --json-lines`-style work as a child process of this app, on the same
    FINASSIST_HOME, as the signed-in user, stopped after the job time limit."""
    settings = page.settings
    env = {**os.environ, "FINASSIST_HOME": str(settings.home), "FINASSIST_USER": page.user.name}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, *FINASSIST, *args]
    return ChildJob(
        kind,
        command,
        what=what,
        timeout_s=settings.ingest.job_timeout_s,
        limit=TIME_LIMIT,
        env=env,
        **kw,
    )


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
    folder = Path(tempfile.mkdtemp(prefix="finassist-upload-"))  # readable by this user only
    names = [file.name for file in files]
    paths = [save_upload(folder, n, file.name, file.getvalue()) for n, file in enumerate(files)]
    ss.upload_job = finassist_job(
        page,
        "upload",
        "Indexing the uploads",
        ["ingest", "file", "--json-lines", *[f"--name={name}" for name in names], "--", *paths],
        decode=upload_results,
        cleanup=lambda: shutil.rmtree(folder, ignore_errors=True),
    )
    ss.uploader_round += 1  # a fresh, empty uploader
    ss.pop("upload_outcome", None)
    st.rerun()


def save_upload(folder: Path, n: int, name: str, data: bytes) -> str:
    """Write one upload for the child job; its original name travels beside it (`--name`)."""
    place = folder / str(n)
    place.mkdir()
    usable = name not in ("", ".", "..") and "/" not in name and "\0" not in name
    path = place / (name if usable and len(name.encode()) <= 255 else "upload")
    path.write_bytes(data)
    return str(path)


def upload_results(said: list[dict]) -> list:
    """The child's upload results, as the `UploadResult`s the page shows."""
    from ingestion.workspace import UploadResult

    return [UploadResult(**result) for result in said]


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
        removed = page.engine.workspace(page.user).delete_upload(document.id)  # chats redacted
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
    if page.status.get("offline"):
        st.caption(esc(page.status["offline"]))


def refresh_controls(page: Page) -> None:
    ss = st.session_state
    job = running("refresh_job")
    if not page.user.is_admin:  # refused in `finassist refresh` too, whatever the request
        st.caption("Only an admin refreshes the shared data.")
        return
    if st.button(
        "Refresh now", icon=":material/refresh:", disabled=job is not None, width="stretch"
    ) and writer_free(page, "data"):
        ss.refresh_job = finassist_job(
            page, "refresh", "Refresh", ["refresh", "--json-lines"], decode=run_report
        )
        ss.pop("refresh_outcome", None)
        st.rerun()
    if job is not None:
        page.watch.append((job, progress_drawer(st.empty())))
    elif writer_owner(page.settings.home) is not None:
        st.caption("Another FinAssist job is updating the index right now.")
    note("data")
    show_refresh_outcome()


def run_report(said: dict) -> RunReport:
    """The child's run report (`RunReport.to_dict()`), as the RunReport it was."""
    sources = [SourceReport(**_known(SourceReport, s)) for s in said.get("sources", [])]
    return RunReport(**_known(RunReport, {**said, "sources": sources}))


def _known(kind: type, values: dict) -> dict:
    """The values that are fields of the dataclass `kind` (not derived ones like `status`)."""
    names = {field.name for field in fields(kind)}
    return {key: value for key, value in values.items() if key in names}


def show_refresh_outcome() -> None:
    job = finished_job("refresh_outcome")
    if job is None:
        return
    report = job.result
    failed = [s for s in report.sources if s.status == "failed"]
    summary = f"Refresh {report.status}: {len(report.sources)} sources, {len(failed)} failed, "
    summary += f"{report.embedded} passages embedded."
    (st.success if not failed else st.warning)(esc(summary))
    if report.offline_note:  # one sentence for every source the network did not answer
        st.caption(esc(report.offline_note))
    for source in [s for s in failed if not s.offline][:10]:
        st.caption(esc(f"{source.source} {source.key}: {source.reason}"))
