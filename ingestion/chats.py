"""Chat history, the store: chats and their messages (each answer kept whole as its JSON) in the
workspace database, each chat with an owner, and the redaction of a deleted document's text from
its owner's stored answers.

The owner of the `chats` and `messages` tables. The history lives in `workspace.db`, apart from
the index (`finassist.db`), which is derived data that can be rebuilt; chats are the analyst's
own work. A ChatStore acts for one owner: it lists, reads, writes and deletes that user's chats
only (chats made before users are the local user's).
"""

import contextlib
import copy
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.errors import Forbidden
from core.home import Home
from core.identity import LOCAL_USER
from core.protocols import Message
from core.types import Answer

NEW_CHAT_TITLE = "New chat"
TITLE_CHARS = 60
REDACTED = "(removed: the document was deleted)"
CITE = re.compile(r"\[(\d{1,3})\]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
WORD = re.compile(r"[^\W_]+")
RUN_WORDS = 8  # words in a row that a sentence shares with a deleted passage: a quote of it
LEAD = re.compile(r"\s*(?:(?:[-*+•]|\d{1,3}[.)])\s+)?")  # a line's indent and list bullet

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
        """Remove a deleted document's text from this owner's stored answers: its quoted
        snippets, the sentences citing it and the figures read from it (`redact_answer`);
        returns how many answers changed."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT m.id, m.answer FROM messages m JOIN chats c ON c.id = m.chat_id "
                "WHERE c.owner = ? AND instr(m.answer, ?) > 0",
                (self.owner, upload_key(document_id)),
            ).fetchall()
            changed = []
            for row in rows:
                redacted = redact_answer(Answer.model_validate_json(row["answer"]), document_id)
                if redacted is not None:
                    changed.append((redacted.answer, redacted.model_dump_json(), row["id"]))
            conn.executemany("UPDATE messages SET content = ?, answer = ? WHERE id = ?", changed)
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


def redact_answer(answer: Answer, document_id: str) -> Answer | None:
    """The answer without the deleted document's text (None when it never cited it): each of its
    citations keeps its title with the snippet replaced by REDACTED, every sentence or list
    line citing it is replaced by REDACTED, and the figures read from it are dropped (a
    comparison's cell that showed one says why it is missing)."""
    gone = {c.n for c in answer.citations if cites(c.document_id, document_id)}
    if not gone:
        return None
    answer = answer.model_copy(deep=True)
    quoted = set()
    for citation in answer.citations:
        if citation.n in gone:
            quoted |= runs(citation.snippet)
            citation.snippet = REDACTED
    answer.answer = redact_text(answer.answer, gone, quoted)
    kept = [i for i, fact in enumerate(answer.facts) if fact.citation not in gone]
    renumbered = {old: new for new, old in enumerate(kept)}
    if answer.table is not None:
        for row in answer.table.rows:
            for cell in row.cells:
                if cell.fact is None:
                    continue
                if cell.fact in renumbered:
                    cell.fact = renumbered[cell.fact]
                else:
                    cell.fact, cell.value, cell.display, cell.missing = None, None, None, REDACTED
    answer.facts = [answer.facts[i] for i in kept]
    return answer


def upload_key(document_id: str) -> str:
    """An upload's id without its owner's tag (`upload:<hex>.<tag>` -> `upload:<hex>`): the
    id its statement-table figures are cited by."""
    return document_id.partition(".")[0] if document_id.startswith("upload:") else document_id


def cites(cited: str | None, document_id: str) -> bool:
    """Whether a citation of one owner's answer (`cited`, its document id) is of that owner's
    `document_id`: the document's passages carry its id, its figures the id without the
    owner's tag (no other user's document is ever in that owner's answers)."""
    return bool(cited) and cited in (document_id, upload_key(document_id))


def runs(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN_WORDS consecutive words of `text` (lowercased letters and digits)."""
    words = WORD.findall(text.lower())
    return {tuple(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def redact_text(text: str, gone: set[int], quoted: set[tuple[str, ...]] = frozenset()) -> str:
    """`text` with each sentence (or list line) replaced by REDACTED, once for a run of them,
    that cites one of the sources `gone` or repeats RUN_WORDS words of their `quoted` runs."""
    lines = []
    for line in text.split("\n"):
        parts, last = [], None
        for sentence in SENTENCE_END.split(line):
            if {int(n) for n in CITE.findall(sentence)} & gone or runs(sentence) & quoted:
                if last != REDACTED:  # a list line keeps its bullet
                    lead = LEAD.match(sentence) if not parts else None
                    parts.append((lead.group(0) if lead else "") + REDACTED)
                last = REDACTED
            else:
                parts.append(sentence)
                last = sentence
        lines.append(" ".join(parts))
    return "\n".join(lines)
