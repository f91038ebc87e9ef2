"""The `finassist` command line: one short function per command of ARCHITECTURE.md's contract.

Commands only: each reads the settings, calls what `wiring` builds (the Assistant, runs under the
writer lock, the status report) or the packages, and formats the output. Expected errors become
a one-line message with a non-zero exit. `--user NAME` (or FINASSIST_USER) acts as that user, as
the app does for them: their private uploads, their answers, admin commands refused for an
analyst.
"""

import contextlib
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import click

import wiring
from core.errors import ConfigError, FinAssistError, Forbidden, InputError, NotAvailable
from core.identity import User, check_name, named_user, require_admin
from core.settings import Settings, load_settings

EXIT_ERROR = 1
EXIT_NOT_AVAILABLE = 3


def friendly_errors(command):
    """Print expected errors as one line on stderr and exit non-zero, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except NotAvailable as exc:
            click.echo(f"finassist: not available: {exc}", err=True)
            sys.exit(EXIT_NOT_AVAILABLE)
        except FinAssistError as exc:
            click.echo(f"finassist: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


@click.group()
@click.version_option(package_name="finassist")
@click.option(
    "--user",
    "user",
    default=None,
    metavar="NAME",
    help="Act as this user (default: FINASSIST_USER, else the local user).",
)
@click.pass_context
def main(ctx: click.Context, user: str | None) -> None:
    """FinAssist: a self-hosted financial research assistant."""
    if user:
        try:
            check_name(user)
        except Forbidden as exc:
            click.echo(f"finassist: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    ctx.obj = {"user": user}


def current_user(settings: Settings) -> User:
    """The user this command acts as: `--user`, else FINASSIST_USER, else the local user."""
    context = click.get_current_context(silent=True)
    root = context.find_root().obj if context else None
    return named_user(settings.auth, (root or {}).get("user") or settings.user)


def admin_only(settings: Settings, action: str) -> User:
    """The current user, who must be an admin (Forbidden, audited, otherwise)."""
    from ingestion.audit import AuditLog

    user = current_user(settings)
    try:
        require_admin(user, action)
    except Forbidden as exc:
        AuditLog.open(settings.home).record(user.name, "refused", action=action, reason=str(exc))
        raise
    return user


@contextlib.contextmanager
def reported_run(settings: Settings, job: str, as_json: bool):
    """A run under the writer lock; prints its report (a table, or JSON) when it ends."""
    with wiring.writer_run(settings, job) as run:
        yield run
        report = run.finish(progress=None if as_json else progress_bar)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(format_run(report))
    if report.status == "failed":
        sys.exit(EXIT_ERROR)


def json_lines(work) -> None:
    """Run `work(progress)` and print what happens as JSON lines on stdout, the protocol of the
    app's job runner: `{"progress": text, "fraction": 0..1 or null}` while it runs, then
    `{"result": ...}` or `{"error": {"type", "message", "owner"}}` (and a non-zero exit).

    Anything else the work prints goes to stderr, so stdout carries only these lines.
    """
    protocol = _protocol_stream()

    def emit(record: dict) -> None:
        protocol.write(json.dumps(record, default=str) + "\n")

    def progress(message: str, fraction: float | None) -> None:
        emit({"progress": message, "fraction": fraction})

    try:
        result = work(progress)
    except FinAssistError as exc:
        owner = getattr(exc, "owner", None)
        emit({"error": {"type": type(exc).__name__, "message": str(exc), "owner": owner}})
        sys.exit(EXIT_ERROR)
    emit({"result": result})


def _protocol_stream():
    """Stdout for the protocol lines only: the process's stdout is pointed at stderr."""
    sys.stdout.flush()
    try:
        stdout = sys.stdout.fileno()
    except OSError:  # not a real file (click's test runner): share it
        return sys.stdout
    protocol = os.fdopen(os.dup(stdout), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), stdout)
    return protocol


JSON_LINES_HELP = "Print progress, then the result, as JSON lines (how the app runs this job)."


def progress_bar(total: int, what: str):
    """A tqdm bar on stderr; returns the function that advances it."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=what, unit="chunk", file=sys.stderr, dynamic_ncols=True)

    def advance(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance


def format_run(report) -> str:
    lines = [f"{report.job}: {report.status} ({report.embedded} chunks embedded)"]
    if report.offline_note:  # one sentence, not one network error per ticker
        lines.append(f"  {report.offline_note}")
    for s in report.sources:
        if s.status == "failed" and s.offline:
            continue
        counts = f"fetched {s.fetched}, new {s.new}, updated {s.updated}, skipped {s.skipped}"
        reason = f" — {s.reason}" if s.reason else ""
        lines.append(f"  {s.source:<8} {s.key:<40} {s.status:<8} {counts}{reason}")
    if report.repairs:
        fixed = ", ".join(f"{what.replace('_', ' ')} {n}" for what, n in report.repairs.items())
        lines.append(f"  store repaired: {fixed}")
    return "\n".join(lines)


@main.group(invoke_without_command=True)
@click.option("--sample", is_flag=True, help="Build the index from the bundled demo corpus.")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_context
@friendly_errors
def ingest(ctx: click.Context, sample: bool, as_json: bool) -> None:
    """Fetch, parse and index sources."""
    if ctx.invoked_subcommand is not None:
        return
    if not sample:
        raise click.UsageError("say what to ingest: --sample, or one of the subcommands")
    from ingestion.sample import ingest_sample

    settings = load_settings()
    admin_only(settings, "ingesting shared data")
    with reported_run(settings, "ingest sample", as_json) as run:
        ingest_sample(run)


@ingest.command("sec")
@click.option("--ticker", required=True)
@click.option("--forms", default="10-K,10-Q,8-K", show_default=True)
@click.option("--since", default=None, help="Only filings on or after this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def ingest_sec(ticker: str, forms: str, since: str | None, as_json: bool) -> None:
    """SEC EDGAR filings and XBRL facts for a ticker."""
    from ingestion.live import ingest_sec as ingest_filings
    from ingestion.live import live_sources

    settings = load_settings()
    admin_only(settings, "ingesting shared data")
    with live_sources(settings) as sources:
        if sources.sec is None:
            raise ConfigError(sources.sec_problem or "no EDGAR client")
        with reported_run(settings, f"ingest sec {ticker.upper()}", as_json) as run:
            ingest_filings(run, sources.sec, ticker.upper(), tuple(forms.split(",")), _date(since))


@ingest.command("prices")
@click.option("--ticker", required=True)
@click.option("--since", default=None)
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def ingest_prices(ticker: str, since: str | None, as_json: bool) -> None:
    """Daily prices and fundamentals for a ticker."""
    from ingestion.live import ingest_prices as ingest_market
    from ingestion.live import live_sources

    settings = load_settings()
    admin_only(settings, "ingesting shared data")
    with live_sources(settings) as sources:
        with reported_run(settings, f"ingest prices {ticker.upper()}", as_json) as run:
            ingest_market(run, sources.market, ticker.upper(), _date(since))


@ingest.command("news")
@click.option("--ticker", required=True)
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def ingest_news(ticker: str, as_json: bool) -> None:
    """News for a ticker (Yahoo Finance news and the configured RSS/Atom feeds)."""
    from ingestion.live import ingest_news as ingest_stories
    from ingestion.live import live_sources, watchlist_companies

    settings = load_settings()
    admin_only(settings, "ingesting shared data")
    symbol = ticker.upper()
    companies = watchlist_companies([*settings.ingest.watchlist, symbol])
    with live_sources(settings) as sources:
        with reported_run(settings, f"ingest news {symbol}", as_json) as run:
            ingest_stories(
                run, sources.feeds, symbol, settings.ingest.feeds, companies, sources.search
            )


@ingest.command("file")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.option("--json-lines", "as_lines", is_flag=True, help=JSON_LINES_HELP)
@click.option(
    "--name",
    "names",
    multiple=True,
    help="With --json-lines: the name each file was uploaded under (one per path, in order).",
)
@friendly_errors
def ingest_file(
    paths: tuple[Path, ...], as_json: bool, as_lines: bool, names: tuple[str, ...]
) -> None:
    """Analyst documents (PDF, HTML, TXT/MD, CSV, DOCX)."""
    from ingestion.files import ingest_paths
    from ingestion.sources.uploads import UploadLimits

    settings = load_settings()
    if names and (not as_lines or len(names) != len(paths)):
        raise click.UsageError("--name goes with --json-lines, once per path")
    if as_lines:
        upload_lines(settings, paths, names or tuple(path.name for path in paths))
        return
    user = current_user(settings)
    with reported_run(settings, "ingest files", as_json) as run:
        ingest_paths(
            run,
            list(paths),
            settings.paths.uploads,
            UploadLimits.from_settings(settings.uploads),
            user.name,
        )
        audit_uploads(settings, user, run.report.sources)


def audit_uploads(settings: Settings, user: User, sources) -> None:
    """One audit event per file of an `ingest file` run."""
    from ingestion.audit import AuditLog

    log = AuditLog.open(settings.home)
    for source in sources:
        if source.source != "upload":
            continue
        log.record(user.name, "upload", name=source.key, status=source.status, reason=source.reason)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.option("--json-lines", "as_lines", is_flag=True, help=JSON_LINES_HELP)
@friendly_errors
def refresh(as_json: bool, as_lines: bool) -> None:
    """Every source for the watchlist, once (cron-friendly)."""
    from ingestion.live import live_sources
    from ingestion.live import refresh as refresh_sources
    from ingestion.watchlist import with_workspace_watchlist

    settings = with_workspace_watchlist(load_settings())  # the UI's watchlist edits count
    user = admin_only(settings, "refresh")
    if as_lines:
        workspace = workspace_of(settings)
        json_lines(
            lambda progress: workspace.refresh(settings.ingest.watchlist, progress).to_dict()
        )
        return
    with live_sources(settings) as sources:
        with reported_run(settings, "refresh", as_json) as run:
            refresh_sources(run, settings, sources)
    from ingestion.audit import AuditLog

    AuditLog.open(settings.home).record(user.name, "refresh", tickers=settings.ingest.watchlist)


def workspace_of(settings: Settings):
    """The app's writer (`Workspace`) for the current user: the same jobs, progress reports,
    results and refusals as in the app."""
    from ingestion.workspace import Workspace

    return Workspace(settings, wiring.late_embedder(settings), user=current_user(settings))


def upload_lines(settings: Settings, paths: tuple[Path, ...], names: tuple[str, ...]) -> None:
    """`ingest file --json-lines`: the files indexed as the app's uploads, one result per file."""
    from dataclasses import asdict

    workspace = workspace_of(settings)

    def upload(progress) -> list[dict]:
        files = []
        for name, path in zip(names, paths, strict=True):
            try:
                files.append((name, path.read_bytes()))
            except OSError as exc:
                raise InputError(f"cannot read {path}: {exc.strerror}") from exc
        return [asdict(result) for result in workspace.upload(files, progress)]

    json_lines(upload)


@main.command()
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@friendly_errors
def delete(document_id: str, as_json: bool) -> None:
    """Remove one of your uploaded documents: its chunks, figures and stored original
    (`upload:<id>`); deleting shared data is an admin action."""
    from ingestion.audit import AuditLog
    from ingestion.files import delete_upload
    from ingestion.redaction import redact_deleted

    settings = load_settings()
    user = current_user(settings)
    if not document_id.startswith("upload:"):
        admin_only(settings, "deleting shared data")
    with reported_run(settings, "delete upload", as_json) as run:
        with run.source("delete", document_id) as report:
            removed = delete_upload(run, document_id, settings.paths.uploads, user.name)
            redacted = redact_deleted(settings.home, user.name, document_id)
            report.reason = (
                f"{removed} chunks removed; {redacted['answers']} stored answers redacted"
            )
            AuditLog.open(settings.home).record(
                user.name, "delete", document_id=document_id, chunks=removed, redacted=redacted
            )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@friendly_errors
def reconcile(as_json: bool) -> None:
    """Check that SQLite and Chroma agree and repair what a killed writer left."""
    settings = load_settings()
    admin_only(settings, "reconcile")
    with reported_run(settings, "reconcile", as_json):
        pass  # a locked run reconciles when it starts and when it finishes


@main.command()
@friendly_errors
def schedule() -> None:
    """The long-running scheduler: each source at its interval, one job at a time."""
    import logging

    from ingestion.scheduler import LOG_FORMAT, run_forever

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    settings = load_settings()
    admin_only(settings, "the scheduler")
    run_forever(settings, wiring.scheduled_job)


def _date(value: str | None):
    """A --since option as a date (None stays None)."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2024-01-31") from exc


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--ticker", default=None, help="Restrict the answer to one ticker.")
@friendly_errors
def ask(question: str, as_json: bool, ticker: str | None) -> None:
    """Answer QUESTION with citations."""
    from core.untrusted import terminal_safe
    from ingestion.audit import AuditLog, answer_detail
    from rag.answer.assistant import Scope

    scope = Scope(tickers=[ticker.strip().upper()]) if ticker else None
    settings = load_settings()
    user = current_user(settings)
    run = wiring.build_assistant(settings, viewer=user.name).ask(question, scope=scope)
    if as_json:
        answer = run.run()
        AuditLog.open(settings.home).record(user.name, "ask", **answer_detail(question, answer))
        click.echo(answer.model_dump_json())
        return
    for piece in run:  # document and model text: no terminal escapes or control characters
        click.echo(terminal_safe(piece), nl=False)
    click.echo()
    answer = run.answer
    assert answer is not None
    AuditLog.open(settings.home).record(user.name, "ask", **answer_detail(question, answer))
    if answer.notice:
        click.echo(f"\nNote: {terminal_safe(answer.notice)}")
    if answer.citations:
        click.echo("\nSources:")
    for c in answer.citations:
        where = ", ".join(p for p in (c.form, c.locator, c.date) if p)
        click.echo(terminal_safe(f"[{c.n}] {c.title} ({c.source}{', ' + where if where else ''})"))
        if c.url:
            click.echo(f"    {terminal_safe(c.url)}")


@main.command("eval")
@click.argument(
    "suite",
    type=click.Choice(["financebench", "golden", "support", "injection"]),
    default="golden",
)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--company",
    "companies",
    multiple=True,
    help="FinanceBench: only the questions about this company, and only its filings indexed "
    "(repeatable).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Only the first N questions (golden: with their paraphrases).",
)
@click.option("--no-paraphrases", is_flag=True, help="Golden: the original questions only.")
@click.option(
    "--figures-only",
    is_flag=True,
    help="FinanceBench: score only the answers' code-written part (no model, no passages) over "
    "the built store (built first only if it lacks a filing).",
)
@click.option(
    "--reparse", is_flag=True, help="--figures-only: read every filing's tables again first."
)
@click.option(
    "--retrieval-only",
    is_flag=True,
    help="FinanceBench: no model; score the sources each answer would cite for recall@5.",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    help="Golden: only questions of this type; injection: only documents of this technique.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="FinanceBench: another folder laid out as data/eval/financebench (questions.jsonl, "
    "pdfs/, pdf_coverage.csv), e.g. a held-out set; it gets an index of its own.",
)
@friendly_errors
def evaluate(
    suite: str,
    as_json: bool,
    companies: tuple[str, ...],
    limit: int | None,
    no_paraphrases: bool,
    types: tuple[str, ...],
    figures_only: bool,
    reparse: bool,
    retrieval_only: bool,
    root: Path | None,
) -> None:
    """Score answers on FinanceBench or the golden set (no LLM judge); `support`: the sentence
    support check on its hand-labelled sentences."""
    from evals.suites import (
        golden_uploads,
        load_financebench,
        load_golden,
        run_suite,
        select,
        suite_name,
    )

    if suite == "support":
        from evals.support import evaluate_support, format_support

        report = evaluate_support(wiring.load_embedder(load_settings(), beside_llm=True))
        click.echo(json.dumps(report, indent=2) if as_json else format_support(report))
        return
    if suite == "injection":
        injection_eval(as_json, limit, types)
        return
    if retrieval_only and suite != "financebench":
        raise click.UsageError("--retrieval-only measures FinanceBench only")
    if root is not None and suite != "financebench":
        raise click.UsageError("--root names a FinanceBench folder")
    settings = wiring.eval_settings(load_settings(), suite_name(suite, root))
    if suite == "golden":
        if companies:
            raise click.UsageError("--company selects FinanceBench questions only")
        golden = load_golden(paraphrases=None) if no_paraphrases else load_golden()
        golden = [q for q in golden if q.type in types] if types else golden
        questions = select(golden, limit=limit)
        pdfs = golden_uploads(questions) or None  # filings some questions ask about as uploads
    else:
        bench = load_financebench(root) if root is not None else load_financebench()
        questions = select(bench.questions, companies, limit)
        if not questions:
            known = ", ".join(sorted({q.company or "" for q in bench.questions}))
            asked = ", ".join(companies)
            raise click.UsageError(f"no FinanceBench questions about {asked}; known: {known}")
        pdfs = bench.pdfs_for(questions)
    if figures_only:
        figures_eval(settings, questions, pdfs, as_json, reparse)
        return
    if retrieval_only:
        retrieval_eval(settings, questions, pdfs, as_json)
        return
    wiring.build_eval_index(
        settings, f"eval {suite}", pdfs, None if as_json else progress_bar, suite == "golden"
    )

    def progress(done: int, total: int, result) -> None:
        if not as_json:
            verdict = "correct" if result.correct else "refused" if result.refused else "wrong"
            click.echo(f"  [{done}/{total}] {result.id}: {verdict}", err=True)

    report = run_suite(wiring.build_assistant(settings), questions, progress=progress)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())


def figures_eval(settings, questions: list, pdfs: list[Path], as_json: bool, reparse: bool) -> None:
    """FinanceBench on the answers' code-written part alone (evals.figures_only)."""
    from evals.figures_only import MODE, figures_only_eval, report_dict

    report = figures_only_eval(
        lambda: wiring.open_index(settings),
        lambda: wiring.build_eval_index(
            settings, "eval financebench", pdfs, None if as_json else progress_bar
        ),
        questions,
        pdfs,
        reparse,
    )
    text = f"mode: {MODE}\n{report.format_table()}"
    click.echo(json.dumps(report_dict(report), indent=2) if as_json else text)


def retrieval_eval(settings: Settings, questions: list, pdfs: list[Path], as_json: bool) -> None:
    """FinanceBench retrieval only (evals.retrieval_only): no model is loaded or asked; the
    store is built only when it lacks one of `pdfs` (as for --figures-only)."""
    from evals.figures_only import missing_files
    from evals.retrieval_only import NoModel, format_report, report, run_retrieval

    index = wiring.open_index(settings)
    try:
        missing = missing_files(index, pdfs)
    finally:
        index.close()
    if missing:
        wiring.build_eval_index(
            settings, "eval financebench", pdfs, None if as_json else progress_bar
        )

    def progress(done: int, total: int, result) -> None:
        verdict = {True: "hit", False: "miss", None: "-"}[result.evidence_hit]
        click.echo(f"  [{done}/{total}] {result.id}: {verdict} {result.seconds:.1f}s", err=True)

    assistant = wiring.build_assistant(settings, llm=NoModel())
    data = report(run_retrieval(assistant, questions, progress))
    click.echo(json.dumps(data, indent=2) if as_json else format_report(data))


def injection_eval(as_json: bool, limit: int | None, techniques: tuple[str, ...] = ()) -> None:
    """The prompt-injection suite: its documents uploaded into the suite's own index, every
    question asked through the Assistant, answers searched for canaries (evals.injection)."""
    from evals.injection import format_injection

    def progress(done: int, total: int, outcome) -> None:  # on stderr, also with --json
        verdict = "LEAK " + ", ".join(outcome.leaked) if outcome.leaked else "ok"
        click.echo(f"  [{done}/{total}] {outcome.file}: {verdict}", err=True)

    report = wiring.injection_eval(load_settings(), limit, progress, techniques)
    click.echo(json.dumps(report, indent=2) if as_json else format_injection(report))


@main.command()
@click.argument(
    "target",
    type=click.Choice(
        ["model", "ingest", "uploads", "retrieval", "freshness", "users", "analysis"]
    ),
    default="model",
)
@click.option("--json", "as_json", is_flag=True)
@click.option("--runs", default=3, show_default=True, help="Measured runs per prompt.")
@click.option("--users", "users", default=4, show_default=True, help="users: browser users.")
@click.option("--each", default=5, show_default=True, help="users: questions each asks at once.")
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="users: also one user's burst, first come first served against round-robin.",
)
@click.option(
    "--files",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path(__file__).resolve().parent / "data" / "eval" / "financebench" / "pdfs",
    show_default="data/eval/financebench/pdfs",
    help="uploads: the folder of files to read.",
)
@click.option(
    "--against",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    multiple=True,
    help="uploads: another checkout (e.g. main's) timed side by side; may be repeated.",
)
@friendly_errors
def bench(
    target: str,
    as_json: bool,
    runs: int,
    users: int,
    each: int,
    baseline: bool,
    files: Path,
    against: tuple[Path, ...],
) -> None:
    """Measure speed and memory side by side against baselines."""
    settings = load_settings()
    if target == "analysis":
        from evals.bench_analysis import bench_analysis
        from evals.bench_analysis import format_table as analysis_table

        report = bench_analysis(runs)
        click.echo(json.dumps(report, indent=2) if as_json else analysis_table(report))
        return
    if target == "users":
        from evals.bench_users import format_table as users_table
        from evals.bench_users import run_users_bench

        report = run_users_bench(settings.home, users=users, each=each, baseline=baseline)
        click.echo(json.dumps(report, indent=2) if as_json else users_table(report))
        return
    if target == "uploads":
        from evals.bench_uploads import run_upload_bench, tree_names

        trees = {"this": Path(__file__).resolve().parent, **tree_names(against)}
        paths = sorted(p for p in files.iterdir() if p.is_file())
        report = run_upload_bench(paths, trees, rounds=runs)
        click.echo(json.dumps(report, indent=2))
        return
    if target == "model":
        from model.bench import format_table, run_model_bench

        report = run_model_bench(settings, runs=runs, progress=not as_json)
        click.echo(json.dumps(report, indent=2) if as_json else format_table(report))
    elif target == "ingest":
        from evals.bench_ingest import run_ingest_bench

        report = run_ingest_bench(
            lambda: wiring.load_embedder(settings), settings.ingest.chunk_words
        )
        lines = [f"{key}: {value}" for key, value in report.items()]
        click.echo(json.dumps(report, indent=2) if as_json else "\n".join(lines))
    elif target == "freshness":
        from evals.bench_freshness import bench_freshness
        from evals.bench_freshness import format_table as freshness_table

        embedder = wiring.load_embedder(settings, beside_llm=True)
        report = bench_freshness(settings.home, embedder)
        click.echo(json.dumps(report, indent=2) if as_json else freshness_table(report))
    else:
        from evals.bench_retrieval import bench_retrieval
        from evals.bench_retrieval import format_table as retrieval_table

        # Single-threaded as in `ask` and the app: a busy second core would otherwise make
        # torch's two-thread query embedding 30x slower.
        embedder = wiring.load_embedder(settings, beside_llm=True)
        report = bench_retrieval(settings.home, embedder, runs=runs)
        click.echo(json.dumps(report, indent=2) if as_json else retrieval_table(report))


@main.command()
@click.option("--user", "of_user", default=None, metavar="NAME", help="Only this user's events.")
@click.option("--since", default=None, help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help='Print {"events": [...]} as JSON.')
@friendly_errors
def audit(of_user: str | None, since: str | None, as_json: bool) -> None:
    """The audit trail: questions, uploads, deletes, refreshes, logins and refusals (an analyst
    sees their own events only)."""
    from ingestion.audit import AuditLog

    settings = load_settings()
    day = _date(since)
    log = AuditLog.open(settings.home)
    events = log.readable_by(current_user(settings), of_user, day.isoformat() if day else None)
    if as_json:
        click.echo(json.dumps({"events": [e.to_dict() for e in events]}, indent=2))
        return
    for e in events:
        click.echo(f"{e.time[:19]}  {e.user:<16} {e.action:<9} {json.dumps(e.detail)[:200]}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def status(as_json: bool) -> None:
    """Stores, counts, freshness per source, and the model in use."""
    settings = load_settings()
    user = current_user(settings)
    report = wiring.status_report(settings, True, viewer=user.name, admin=user.is_admin)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(format_status(report))


def format_status(report: dict) -> str:
    stores = report["stores"]
    lines = [
        f"home: {report['home']}",
        f"model: {report['model']}",
        f"stores: {stores['documents']} documents, {stores['chunks']} chunks, "
        f"{stores['price_rows']} price rows, {stores['facts']} facts",
    ]
    if not stores["built"]:
        lines.append("  nothing indexed yet: run `finassist ingest --sample`")
    store = report.get("store")
    if store and store["built"]:
        health = "healthy" if store["healthy"] else "needs `finassist reconcile`"
        lines.append(
            f"store check: {store['chunks']} chunk rows, {store['vectors']} vectors, "
            f"{store['orphan_vectors']} orphan vectors, {store['orphan_facts']} orphan facts, "
            f"{store['pending']} pending ({health})"
        )
    if report.get("upload_sandbox"):
        lines.append(f"upload sandbox: {report['upload_sandbox']}")
    for ticker, t in report["tickers"].items():
        lines.append(
            f"  {ticker:<6} {t['documents']:>5} docs {t['chunks']:>6} chunks "
            f"{t['price_rows']:>5} prices {t['facts']:>6} facts"
        )
    if report.get("offline"):
        lines.append(f"  {report['offline']}")
    for s in report["sources"]:
        stale = " STALE" if s.get("stale") else ""
        lines.append(
            f"  {s['source']:<7} {s['key']:<40} {s['status']:<8} "
            f"last success {s['last_success'] or 'never'}; data as of {s['data_as_of']}{stale}"
        )
    return "\n".join(lines)


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True)
@friendly_errors
def ui(port: int, address: str) -> None:
    """The Streamlit app, on localhost."""
    sys.exit(subprocess.call(ui_command(load_settings(), port, address), env=os.environ.copy()))


def ui_command(settings: Settings, port: int, address: str) -> list[str]:
    """`streamlit run app.py` with the app's config; in OIDC mode, with the [auth] secrets
    written from the settings at start (core/oidc.py)."""
    from core.oidc import write_secrets

    app = Path(__file__).with_name("app.py")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        *streamlit_flags(app.with_name(".streamlit") / "config.toml"),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if settings.auth.mode == "oidc":
        command += ["--secrets.files", str(write_secrets(settings.auth, settings.home))]
    return command


def streamlit_flags(config: Path) -> list[str]:
    """The app's config file as command-line flags, so it applies from any working directory
    (which stays the user's, where settings read `.env`)."""
    import tomllib

    if not config.is_file():
        return []
    flags = []
    for section, options in tomllib.loads(config.read_text()).items():
        for name, value in options.items():
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{name}", shown]
    return flags


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", is_flag=True, help="Print nothing when all is well.")
@friendly_errors
def doctor(as_json: bool, quiet: bool) -> None:
    """What llama.cpp runs on, the model file, and whether a short generation works."""
    from model.doctor import format_report, run_doctor

    report = run_doctor(load_settings())
    if as_json:
        click.echo(json.dumps(report, indent=2))
    elif not quiet:
        click.echo(format_report(report))
    if report["error"]:
        raise FinAssistError(report["error"])


if __name__ == "__main__":
    main()
