"""The `finassist` command line: one short function per command of ARCHITECTURE.md's contract.

Like app.py this is a composition root: it reads settings, builds the model and the Assistant,
and turns expected errors into a one-line message with a non-zero exit.
"""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import click

from core.errors import FinAssistError, NotAvailable
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
            click.echo(f"finassist: not available yet: {exc}", err=True)
            sys.exit(EXIT_NOT_AVAILABLE)
        except FinAssistError as exc:
            click.echo(f"finassist: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def not_yet(what: str):
    raise NotAvailable(f"{what} arrives with a later release of FinAssist")


@click.group()
@click.version_option(package_name="finassist")
def main() -> None:
    """FinAssist: a self-hosted financial research assistant."""


@main.group(invoke_without_command=True)
@click.option("--sample", is_flag=True, help="Build the index from the bundled demo corpus.")
@click.pass_context
@friendly_errors
def ingest(ctx: click.Context, sample: bool) -> None:
    """Fetch, parse and index sources."""
    if ctx.invoked_subcommand is None:
        not_yet("ingestion (`ingest --sample`)")


@ingest.command("sec")
@click.option("--ticker", required=True)
@click.option("--forms", default="10-K,10-Q,8-K", show_default=True)
@click.option("--since", default=None)
@friendly_errors
def ingest_sec(ticker: str, forms: str, since: str | None) -> None:
    """SEC EDGAR filings and XBRL facts for a ticker."""
    not_yet("SEC ingestion")


@ingest.command("prices")
@click.option("--ticker", required=True)
@click.option("--since", default=None)
@friendly_errors
def ingest_prices(ticker: str, since: str | None) -> None:
    """Daily prices and fundamentals for a ticker."""
    not_yet("market data ingestion")


@ingest.command("news")
@click.option("--ticker", required=True)
@friendly_errors
def ingest_news(ticker: str) -> None:
    """News for a ticker."""
    not_yet("news ingestion")


@ingest.command("file")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@friendly_errors
def ingest_file(paths: tuple[Path, ...]) -> None:
    """Analyst documents (PDF, HTML, TXT/MD, CSV, DOCX)."""
    not_yet("document uploads")


@main.command()
@friendly_errors
def refresh() -> None:
    """Every source for the watchlist, once (cron-friendly)."""
    not_yet("refresh")


@main.command()
@friendly_errors
def schedule() -> None:
    """The long-running scheduler."""
    not_yet("the scheduler")


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--ticker", default=None, help="Restrict the answer to one ticker.")
@friendly_errors
def ask(question: str, as_json: bool, ticker: str | None) -> None:
    """Answer QUESTION with citations."""
    from model import load_llm
    from rag.assistant import Assistant

    settings = load_settings()
    llm = load_llm(settings)
    run = Assistant(llm, max_tokens=settings.llm.max_tokens).ask(question)
    if as_json:
        answer = run.run()
        click.echo(answer.model_dump_json())
        return
    for piece in run:
        click.echo(piece, nl=False)
    click.echo()
    answer = run.answer
    assert answer is not None
    if answer.notice:
        click.echo(f"\nNote: {answer.notice}")
    for citation in answer.citations:
        click.echo(f"[{citation.n}] {citation.title} ({citation.source}, {citation.date})")


@main.command("eval")
@click.argument("suite", type=click.Choice(["financebench", "golden"]), default="golden")
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def evaluate(suite: str, as_json: bool) -> None:
    """Score answers on FinanceBench or the golden set."""
    not_yet(f"the {suite} evaluation")


@main.command()
@click.argument("target", type=click.Choice(["model", "ingest", "retrieval"]), default="model")
@click.option("--json", "as_json", is_flag=True)
@click.option("--runs", default=3, show_default=True, help="Measured runs per prompt.")
@friendly_errors
def bench(target: str, as_json: bool, runs: int) -> None:
    """Measure speed and memory side by side against baselines."""
    if target != "model":
        not_yet(f"`bench {target}`")
    from model.bench import format_table, run_model_bench

    report = run_model_bench(load_settings(), runs=runs, progress=not as_json)
    click.echo(json.dumps(report, indent=2) if as_json else format_table(report))


@main.command()
@click.option("--json", "as_json", is_flag=True)
@friendly_errors
def status(as_json: bool) -> None:
    """Stores, counts, freshness per source, and the model in use."""
    report = status_report(load_settings())
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for section, values in report.items():
        click.echo(f"{section}:")
        for key, value in values.items() if isinstance(values, dict) else [("", values)]:
            click.echo(f"  {key}: {value}")


def status_report(settings: Settings) -> dict:
    """What this installation holds and which model it would use (nothing is loaded)."""
    from model import files

    llm = settings.llm
    if llm.backend == "openai":
        model = {
            "backend": "openai",
            "base_url": settings.openai.base_url,
            "name": settings.openai.model,
        }
    else:
        path = llm.model_path or _try(files.shipped_gguf)
        model = {
            "backend": llm.backend,
            "path": str(path) if path else "missing",
            "quant": llm.quant if llm.backend == "llamacpp" and not llm.model_path else None,
        }
    embedder = settings.embedder.model_path or _try(files.shipped_embedder_dir)
    return {
        "home": str(settings.home),
        "model": model,
        "embedder": {"path": str(embedder) if embedder else "missing"},
        "stores": {"built": False, "documents": 0, "chunks": 0, "price_rows": 0, "facts": 0},
        "sources": {},
    }


def _try(locate):
    try:
        return locate()
    except FinAssistError:
        return None


@main.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True)
def ui(port: int, address: str) -> None:
    """The Streamlit app, on localhost."""
    app = Path(__file__).with_name("app.py")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    sys.exit(subprocess.call(command, env=os.environ.copy()))


if __name__ == "__main__":
    main()
