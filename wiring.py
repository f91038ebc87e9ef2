"""What both entry points build, spelled once: the model and the embedder, the Assistant over the
index, an ingestion run under the writer lock, the evaluation indexes, and the status report.

The composition that `cli.py` and the app (`ui/`) share; it may import every package but `ui`,
and neither entry point assembles these parts itself. Imports happen inside the functions, so
importing this module loads nothing heavy (the app imports it before its parts load).
"""

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import FinAssistError
from core.identity import EVERYONE, LOCAL_USER
from core.protocols import LLM, Embedder
from core.settings import Settings, load_settings

if TYPE_CHECKING:
    from ingestion.run import ProgressFactory, Run
    from rag.answer.assistant import Assistant
    from rag.search.index import Index


def load_llm(settings: Settings) -> LLM:
    """The configured LLM behind this process's inference worker."""
    from model import load_llm as load

    return load(settings)


def load_embedder(settings: Settings, *, beside_llm: bool = False) -> Embedder:
    """The configured sentence embedder; `beside_llm` (answering) gives torch one thread."""
    from model import load_embedder as load

    return load(settings, beside_llm=beside_llm)


def late_embedder(settings: Settings, load: Callable[[], Embedder] | None = None) -> Embedder:
    """The embedder, loaded on its first `embed` call, so runs with nothing to embed never pay
    for it: `load` (the app's shared embedder), else the configured one."""
    from model.embedders import LazyEmbedder

    return LazyEmbedder(load or (lambda: load_embedder(settings)))


def open_index(settings: Settings) -> "Index":
    """The index of FINASSIST_HOME: chunks (Chroma + SQLite), prices and reported facts."""
    from rag.search.index import Index

    return Index.open(settings.home, settings.chroma_url)


def build_assistant(
    settings: Settings,
    llm: LLM | None = None,
    index: "Callable[[], Index | None] | None" = None,
    embedder: Callable[[], Embedder] | None = None,
    viewer: str | None = None,
) -> "Assistant":
    """The Assistant as `finassist ask`, `finassist eval` and the app compose it: the model, plus
    retrieval and figures over the index once one has been built.

    The app passes the parts it shares between sessions (`index` returns None while nothing is
    indexed; `embedder` is called only when there is an index to search); the CLI lets each part
    load here. `viewer` (a user name, default the local user) is whose private uploads the
    answers may use besides the shared corpus.
    """
    from rag.answer.assistant import assistant_over

    if llm is None:
        llm = load_llm(settings)
    if index is not None:
        opened = index()
    else:
        opened = open_index(settings) if settings.paths.indexed else None
    if opened is not None:
        opened = opened.viewing(viewer or LOCAL_USER)
    if embedder is None:
        embedder = functools.partial(load_embedder, settings, beside_llm=True)
    return assistant_over(
        llm,
        opened,
        embedder,
        settings.llm.max_tokens,
        settings.paths.aliases,
        settings.llm.answer_budget_s,
        settings.llm.check_reserve_s,
    )


@contextlib.contextmanager
def writer_run(settings: Settings, job: str) -> Iterator["Run"]:
    """An ingestion run under the writer lock (WriterBusy at once if another writer holds it),
    embedding with the embedder loaded on first need. The caller finishes the run."""
    from ingestion.run import locked_run

    with locked_run(settings, job, late_embedder(settings)) as run:
        yield run


def scheduled_job(kind: str) -> str:
    """One scheduled job, run in the scheduler's job process (which holds the writer lock)."""
    from ingestion.live import refresh
    from ingestion.run import Run, Stores
    from ingestion.watchlist import with_workspace_watchlist

    settings = with_workspace_watchlist(load_settings())
    stores = Stores.open(settings.home, settings.chroma_url)
    run = Run(
        f"scheduled {kind}",
        stores,
        late_embedder(settings),
        settings.ingest.chunk_words,
        quarantine=settings.paths.quarantine,
        uploads=settings.paths.uploads,
    )
    run.reconcile()
    refresh(run, settings, kinds=(kind,))
    report = run.finish()
    offline = f"; {report.offline_note}" if report.offline_note else ""
    return f"{report.status} ({report.embedded} chunks embedded){offline}"


def eval_settings(settings: Settings, suite: str) -> Settings:
    """The settings of an evaluation suite: its own index under FINASSIST_HOME, embedded Chroma,
    so a live index never changes what the suite measures."""
    return settings.model_copy(update={"home": settings.paths.eval(suite).root, "chroma_url": None})


def build_eval_index(
    settings: Settings,
    job: str,
    pdfs: list[Path] | None,
    progress: "ProgressFactory | None",
    sample: bool = False,
) -> None:
    """An evaluation's index: the demo corpus, or `pdfs` as uploads (`sample`: both, for golden
    questions about uploaded filings). Unchanged inputs are not embedded again; FinAssistError
    if the run failed."""
    from ingestion.files import ingest_paths
    from ingestion.sample import ingest_sample
    from ingestion.sources.uploads import UploadLimits

    with writer_run(settings, job) as run:
        if pdfs is None or sample:
            ingest_sample(run)
        if pdfs:
            ingest_paths(
                run, pdfs, settings.paths.uploads, UploadLimits.from_settings(settings.uploads)
            )
        report = run.finish(progress=progress)
    if report.status == "failed":
        raise FinAssistError(f"{job}: building the evaluation index failed")


def injection_eval(
    settings: Settings, limit: int | None, progress=None, techniques: Sequence[str] = ()
) -> dict:
    """`finassist eval injection`: the suite's documents indexed in its own eval home through
    the upload and feed paths, every question asked through the Assistant (evals.injection),
    each answer within the suite's budget."""
    from evals import injection

    settings = eval_settings(settings, "injection")
    llm = settings.llm.model_copy(
        update={
            "answer_budget_s": min(settings.llm.answer_budget_s, injection.ANSWER_BUDGET_S),
            "max_tokens": min(settings.llm.max_tokens, injection.MAX_TOKENS),
        }
    )
    settings = settings.model_copy(update={"llm": llm})
    everything = injection.load_suite()
    docs = injection.load_suite(limit=limit, techniques=techniques)
    with writer_run(settings, "eval injection") as run:
        injection.index_documents(run, everything, settings.paths.uploads)
        report = run.finish()
    if report.status == "failed":
        raise FinAssistError("eval injection: building the evaluation index failed")
    ids = {doc.file: doc.document_id for doc in everything}
    for doc in docs:
        doc.document_id = ids[doc.file]
    assistant = build_assistant(settings)
    return injection.run_injection(assistant, docs, everything, progress).to_dict()


def upload_sandbox() -> str:
    """How a child reading an upload is cut off on this machine (a live probe), or why not."""
    from ingestion.sandbox import SandboxError
    from ingestion.sources.uploads import sandbox_isolation

    try:
        return sandbox_isolation()
    except SandboxError as exc:
        return f"unavailable: {exc}"


def status_report(
    settings: Settings, check_store: bool = False, viewer: str = LOCAL_USER, admin: bool = False
) -> dict:
    """What this installation holds for `viewer` (the shared data and the viewer's own uploads)
    and which model it would use (nothing is loaded); with `check_store`, also a live check that
    SQLite and Chroma agree (it reads every id) over what the viewer may see (an `admin`'s: the
    whole store) and the isolation an upload's sandboxed child gets."""
    from ingestion.status import collect_status, store_check
    from model import files

    llm = settings.llm
    if llm.backend == "openai":
        model = {
            "backend": "openai",
            "base_url": settings.openai.base_url,
            "name": settings.openai.model,
        }
    else:
        path = llm.model_path or _found(files.shipped_gguf)
        model = {
            "backend": llm.backend,
            "path": str(path) if path else "missing",
            "quant": llm.quant if llm.backend == "llamacpp" and not llm.model_path else None,
        }
    embedder = settings.embedder.model_path or _found(files.shipped_embedder_dir)
    stores = collect_status(settings.home, viewer=viewer)
    checker = EVERYONE if admin else viewer
    totals = {
        key: sum(t.get(key, 0) for t in stores["tickers"].values())
        for key in ("documents", "chunks", "price_rows", "facts")
    }
    return {
        "home": str(settings.home),
        "model": model,
        "embedder": {"path": str(embedder) if embedder else "missing"},
        "stores": {"built": stores["built"], **totals},
        **(
            {"store": store_check(settings.home, settings.chroma_url, checker)}
            if check_store
            else {}
        ),
        **({"upload_sandbox": upload_sandbox()} if check_store else {}),
        "tickers": stores["tickers"],
        "sources": stores["sources"],
        "offline": stores["offline"],  # one sentence when the latest fetches found no network
        "runs": stores["runs"],
    }


def _found(locate: Callable[[], Path]) -> Path | None:
    """A shipped model file, or None when it is missing."""
    try:
        return locate()
    except FinAssistError:
        return None
