"""Chat history: chats and their messages (each answer kept whole as its JSON) in SQLite under
FINASSIST_HOME, and a chat's export: Markdown with its sources, and its figures as CSV.

The history lives in `workspace.db`, apart from the index (`finassist.db`), which is derived data
that can be rebuilt; chats are the analyst's own work. Each chat has an owner, and a ChatStore
acts for one owner: it lists, reads, writes and deletes that user's chats only (chats made before
users are the local user's).
"""

import contextlib
import copy
import csv
import io
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.errors import Forbidden
from core.home import Home
from core.identity import LOCAL_USER
from core.protocols import Message
from core.types import Answer, AnswerFact, Citation
from ui.readable import literal, readable

NEW_CHAT_TITLE = "New chat"
TITLE_CHARS = 60
SOURCE_LABELS = {"sec": "SEC filing", "news": "News", "market": "Market data", "upload": "Upload"}
REFUSAL_LINE = "Not found in the indexed data."
REDACTED = "(removed: the document was deleted)"
UNIT_NAMES = {"USD/shares": "USD per share", "x": "times", "pure": "ratio"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL, answer TEXT, created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_chat ON messages(chat_id, id);
"""
OWNER_COLUMN = f"ALTER TABLE chats ADD COLUMN owner TEXT NOT NULL DEFAULT '{LOCAL_USER}'"


def now_iso() -> str:
    """Now, to the microsecond, so the order of changes within a second is kept."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ChatSummary:
    """One chat in the list: its title and when it last changed."""

    id: int
    title: str
    created: str
    updated: str
    messages: int


@dataclass(frozen=True)
class ChatMessage:
    """A question (`answer` is None) or an answer (`content` is its final text)."""

    id: int
    role: str
    content: str
    created: str
    answer: Answer | None = None


class ChatStore:
    """Chats in one SQLite file; every call opens its own connection, so threads may share it."""

    def __init__(self, path: Path, owner: str = LOCAL_USER):
        self.path = path
        self.owner = owner
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(chats)")}
            if "owner" not in columns:
                with contextlib.suppress(sqlite3.OperationalError):  # another process added it
                    conn.execute(OWNER_COLUMN)

    @classmethod
    def open(cls, home: Path, owner: str = LOCAL_USER) -> "ChatStore":
        """The chat store of a FINASSIST_HOME, acting for `owner`."""
        return cls(Home(home).workspace_db, owner)

    def for_owner(self, owner: str) -> "ChatStore":
        """The same chats file (already set up), acting for another user."""
        view = copy.copy(self)
        view.owner = owner
        return view

    def _check(self, conn: sqlite3.Connection, chat_id: int) -> None:
        """Forbidden unless the chat is this owner's."""
        row = conn.execute(
            "SELECT 1 FROM chats WHERE id = ? AND owner = ?", (chat_id, self.owner)
        ).fetchone()
        if row is None:
            raise Forbidden(f"no chat {chat_id} of {self.owner}")

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def new_chat(self, title: str = NEW_CHAT_TITLE) -> int:
        """Start an empty chat; returns its id."""
        stamp = now_iso()
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO chats (title, created, updated, owner) VALUES (?, ?, ?, ?)",
                (title, stamp, stamp, self.owner),
            )
        return int(cursor.lastrowid or 0)

    def chats(self, limit: int = 100) -> list[ChatSummary]:
        """The most recently changed chats first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(m.id) AS n FROM chats c "
                "LEFT JOIN messages m ON m.chat_id = c.id WHERE c.owner = ? GROUP BY c.id "
                "ORDER BY c.updated DESC, c.id DESC LIMIT ?",
                (self.owner, limit),
            ).fetchall()
        return [ChatSummary(r["id"], r["title"], r["created"], r["updated"], r["n"]) for r in rows]

    def chat(self, chat_id: int) -> ChatSummary | None:
        """One chat's summary, or None when it does not exist (any more)."""
        return next((c for c in self.chats(limit=-1) if c.id == chat_id), None)

    def latest(self) -> int | None:
        """The id of the most recently changed chat, if there is one."""
        chats = self.chats(limit=1)
        return chats[0].id if chats else None

    def messages(self, chat_id: int) -> list[ChatMessage]:
        """The chat's messages in the order they were added."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT m.id, m.role, m.content, m.answer, m.created FROM messages m "
                "JOIN chats c ON c.id = m.chat_id WHERE m.chat_id = ? AND c.owner = ? "
                "ORDER BY m.id",
                (chat_id, self.owner),
            ).fetchall()
        return [_message(row) for row in rows]

    def add_question(self, chat_id: int, question: str) -> int:
        """Record a question; the first one names an untitled chat."""
        with self._connect() as conn:
            self._check(conn, chat_id)
            conn.execute(
                "UPDATE chats SET title = ? WHERE id = ? AND title = ?",
                (chat_title(question), chat_id, NEW_CHAT_TITLE),
            )
            return self._add(conn, chat_id, "user", question, None)

    def add_answer(self, chat_id: int, answer: Answer) -> int:
        """Record a finished answer with everything needed to show and check it again."""
        with self._connect() as conn:
            self._check(conn, chat_id)
            return self._add(conn, chat_id, "assistant", answer.answer, answer.model_dump_json())

    def _add(self, conn, chat_id: int, role: str, content: str, answer: str | None) -> int:
        stamp = now_iso()
        cursor = conn.execute(
            "INSERT INTO messages (chat_id, role, content, answer, created) VALUES (?, ?, ?, ?, ?)",
            (chat_id, role, content, answer, stamp),
        )
        conn.execute("UPDATE chats SET updated = ? WHERE id = ?", (stamp, chat_id))
        return int(cursor.lastrowid or 0)

    def delete_chat(self, chat_id: int) -> None:
        """Remove a chat and its messages."""
        with self._connect() as conn:
            conn.execute("DELETE FROM chats WHERE id = ? AND owner = ?", (chat_id, self.owner))

    def redact_document(self, document_id: str) -> int:
        """Blank the quoted snippets of a deleted document in this owner's stored answers;
        returns how many answers changed."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT m.id, m.answer FROM messages m JOIN chats c ON c.id = m.chat_id "
                "WHERE c.owner = ? AND m.answer LIKE ?",
                (self.owner, f"%{document_id}%"),
            ).fetchall()
            changed = []
            for row in rows:
                answer = Answer.model_validate_json(row["answer"])
                for citation in answer.citations:
                    if citation.document_id == document_id:
                        citation.snippet = REDACTED
                changed.append((answer.model_dump_json(), row["id"]))
            conn.executemany("UPDATE messages SET answer = ? WHERE id = ?", changed)
        return len(changed)

    def history(self, chat_id: int) -> list[Message]:
        """The chat as model messages (questions and final answer texts), oldest first."""
        messages: list[Message] = []
        for m in self.messages(chat_id):
            messages.append(
                {"role": "user" if m.role == "user" else "assistant", "content": m.content}
            )
        return messages


def _message(row: sqlite3.Row) -> ChatMessage:
    answer = Answer.model_validate_json(row["answer"]) if row["answer"] else None
    return ChatMessage(row["id"], row["role"], row["content"], row["created"], answer)


def chat_title(question: str) -> str:
    """A chat's title: its first question on one line, cut to 60 characters."""
    line = " ".join(question.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


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
