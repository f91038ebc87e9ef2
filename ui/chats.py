"""A chat's export: Markdown with its sources, and its figures as CSV; how a source and a figure
read. The chats themselves are kept by `ingestion.chats` (re-exported here for the page).
"""

import csv
import io
from collections.abc import Sequence

from core.types import AnswerFact, Citation
from ingestion.chats import (  # noqa: F401 (the page's names for the store)
    NEW_CHAT_TITLE,
    REDACTED,
    ChatMessage,
    ChatStore,
    ChatSummary,
    chat_title,
    now_iso,
)
from ui.readable import literal, readable

SOURCE_LABELS = {"sec": "SEC filing", "news": "News", "market": "Market data", "upload": "Upload"}
REFUSAL_LINE = "Not found in the indexed data."
UNIT_NAMES = {"USD/shares": "USD per share", "x": "times", "pure": "ratio"}

# ---- how a source and a figure read -----------------------------------------------------------


def source_details(citation: Citation) -> list[str]:
    """What a source is, in reading order: type, ticker, form and section or publisher, date."""
    parts = [SOURCE_LABELS.get(citation.source, citation.source)]
    publisher = citation.model_dump().get("publisher")  # news outlets, where known
    parts += [p for p in (citation.ticker, citation.form, citation.locator, publisher) if p]
    parts.append(citation.date or "undated")
    return parts


def web_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link that is safe to offer; anything else is dropped."""
    if not url or not url.startswith(("https://", "http://")):
        return None
    if any(ch.isspace() or ch in "<>\"'`\\" for ch in url):
        return None
    return url


def fact_value(fact: AnswerFact) -> str:
    """A figure as the reader sees it: the computed display text, or the value and unit."""
    return fact.display or f"{fact.value:,.2f} {fact.unit}"


# ---- export -----------------------------------------------------------------------------------

FACT_COLUMNS = ("question", "name", "value", "unit", "scale", "period", "currency", "as_of")
FACT_COLUMNS += ("source", "source_url")


def export_markdown(title: str, messages: Sequence[ChatMessage], exported: str = "") -> str:
    """The chat as a Markdown document: lists and tables as Markdown, untrusted text literal
    (only what could become markup is escaped), sources numbered as the answers cite them."""
    lines = [f"# {literal(title)}", ""]
    stamp = exported or now_iso()[:16].replace("T", " ") + " UTC"
    lines += [f"_Exported from FinAssist on {stamp}._", ""]
    for message in messages:
        if message.role == "user":
            lines += ["## Question", "", readable(message.content), ""]
        else:
            lines += export_answer(message)
    return "\n".join(lines).rstrip() + "\n"


def export_answer(message: ChatMessage) -> list[str]:
    """One answer: its text, notice, figures and numbered sources."""
    answer = message.answer
    lines = ["### Answer", ""]
    if answer is not None and answer.refused:
        lines += [f"**{REFUSAL_LINE}**", ""]
    lines += [readable(message.content), ""]
    if answer is None:
        return lines
    if answer.notice:
        lines += [f"> {literal(answer.notice)}", ""]
    if answer.facts:
        lines += export_facts(answer.facts)
    if answer.citations:
        lines += ["**Sources**", ""]
        lines += [line for citation in answer.citations for line in export_source(citation)]
        lines.append("")
    return lines


def export_facts(facts: Sequence[AnswerFact]) -> list[str]:
    lines = ["| Figure | Value | Unit | Period | As of | Source |", "|---|---|---|---|---|---|"]
    for fact in facts:
        unit = UNIT_NAMES.get(fact.unit, fact.unit)
        cells = [fact.name, fact_value(fact), unit, fact.period or "", fact.as_of or ""]
        source = f"[{fact.citation}]" if fact.citation else ""
        lines.append("| " + " | ".join([*map(literal, cells), source]) + " |")
    return [*lines, ""]


def export_source(citation: Citation) -> list[str]:
    details = " · ".join(source_details(citation))
    line = f"{citation.n}. {literal(f'{citation.title} — {details}')}"
    link = web_link(citation.url)
    if link:
        line += f" — <{link}>"
    snippet = readable(citation.snippet.strip()) if citation.snippet.strip() else ""
    return [line, *(f"   > {quoted}".rstrip() for quoted in snippet.split("\n") if snippet)]


def export_figures_csv(messages: Sequence[ChatMessage]) -> str:
    """Every figure of the chat's answers as CSV: the question it answered, name, value (as
    computed, in units of `unit` times `scale`), unit, scale, period, currency, as-of and the
    source it came from. Cells are data: a leading =, +, - or @ is quoted so no spreadsheet runs
    it as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FACT_COLUMNS)
    question = ""
    for message in messages:
        if message.role == "user":
            question = message.content
            continue
        answer = message.answer
        sources = {c.n: c for c in answer.citations} if answer else {}
        for fact in answer.facts if answer else []:
            source = sources.get(fact.citation) if fact.citation else None
            label = f"[{source.n}] {source.title}" if source else ""
            row = [
                question,
                fact.name,
                format(fact.value, ".15g"),
                fact.unit,
                "1",
                fact.period or "",
            ]
            row += [currency_of(fact.unit), fact.as_of or "", label]
            row.append(web_link(source.url) or "" if source else "")
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def currency_of(unit: str) -> str:
    """The currency a unit is in ("USD", "USD/shares" -> "USD"), or "" for %, shares, ratios."""
    code = unit.split("/", 1)[0]
    return code if len(code) == 3 and code.isalpha() and code.isupper() else ""


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
