"""Deleting an upload takes its text out of its owner's stored chats and its figure values out of
the audit trail, whichever way it is deleted (`finassist delete`, the workspace's delete), and
leaves every other user's chats alone. Real uploads (FinanceBench PDFs), real answers from
`finassist ask` kept in the chats as the page keeps them."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from core.identity import User
from core.settings import load_settings
from core.types import Answer, AnswerFact, Citation, CompareTable, TableCell, TableRow
from ingestion.audit import AuditLog
from ingestion.chats import REDACTED, ChatStore, redact_answer, runs
from ingestion.workspace import Workspace
from tests.pdfs import pdf_pages

ROOT = Path(__file__).resolve().parents[2]
TEN_Q = ROOT / "tests" / "data" / "uploads" / "good" / "BESTBUY_2024Q2_10Q_p17-19.pdf"
FIGURE_QUESTION = "What were Best Buy's merchandise inventories in fiscal 2019?"
PROSE_QUESTION = "What drove the comparable sales decline in Computing and Mobile Phones?"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("redaction") / "home"


@pytest.fixture
def run(monkeypatch, home):
    monkeypatch.setenv("FINASSIST_HOME", str(home))
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    return invoke


def asked_and_kept(run, home: Path, user: str, question: str) -> tuple[int, Answer]:
    """`user` asks through the CLI; the answer is kept in a chat of theirs, as the page does."""
    answer = Answer.model_validate_json(run("--user", user, "ask", question, "--json"))
    chats = ChatStore.open(home, user)
    chat = chats.new_chat()
    chats.add_question(chat, question)
    chats.add_answer(chat, answer)
    return chat, answer


def of_document(answer: Answer, document_id: str) -> set[int]:
    key = document_id.partition(".")[0]
    return {c.n for c in answer.citations if c.document_id in (document_id, key)}


def stored(home: Path, user: str, chat: int):
    [message] = [m for m in ChatStore.open(home, user).messages(chat) if m.answer]
    return message


def assert_redacted(message, before: Answer, gone: set[int]) -> None:
    after = message.answer
    quoted = set().union(*(runs(c.snippet) for c in before.citations if c.n in gone))
    assert REDACTED in after.answer and after.answer == message.content
    assert not runs(after.answer) & quoted  # no passage of the document is quoted any more
    assert all(c.snippet == REDACTED for c in after.citations if c.n in gone)
    kept = [c for c in before.citations if c.n not in gone]
    assert [c for c in after.citations if c.n not in gone] == kept
    assert not [f for f in after.facts if f.citation in gone]


def test_deleting_an_upload_redacts_it_from_its_owners_chats_and_audit(
    run, home, tmp_path, embedder
):
    memo = tmp_path / "bestbuy-10k.pdf"
    memo.write_bytes(pdf_pages("BESTBUY_2019_10K", [1, 2, 52, 53, 55]))
    report = json.loads(run("--user", "alice", "ingest", "file", str(memo), "--json"))
    assert report["status"] == "ok"
    alices_chat, alices = asked_and_kept(run, home, "alice", FIGURE_QUESTION)
    [alices_id] = {c.document_id for c in alices.citations if "." in (c.document_id or "")}
    alice_gone = of_document(alices, alices_id)
    assert any(f.citation in alice_gone for f in alices.facts)  # a figure from her upload

    bob = Workspace(load_settings(home=home), embedder, user=User("bob"))
    [result] = bob.upload([(TEN_Q.name, TEN_Q.read_bytes())])
    bobs_chat, bobs = asked_and_kept(run, home, "bob", PROSE_QUESTION)
    bob_gone = of_document(bobs, result.document_id)
    assert bob_gone and any(f"[{n}]" in bobs.answer for n in bob_gone)

    # the CLI path: Alice's chat and audit lose her document's text; Bob's are untouched
    run("--user", "alice", "delete", alices_id, "--json")
    assert_redacted(stored(home, "alice", alices_chat), alices, alice_gone)
    assert stored(home, "bob", bobs_chat).answer == bobs
    [asked] = [e for e in AuditLog.open(home).events("alice") if e.action == "ask"]
    used = [f for f in asked.detail["figures"] if f["citation"] in alice_gone]
    assert used and all("value" not in f and f["redacted"] for f in used)
    [deleted] = [e for e in AuditLog.open(home).events("alice") if e.action == "delete"]
    assert deleted.detail["redacted"] == {"answers": 1, "audit_events": 1}

    # the workspace's path (the page's delete button): the same for Bob's
    assert bob.delete_upload(result.document_id) == result.chunks
    assert_redacted(stored(home, "bob", bobs_chat), bobs, bob_gone)


def test_a_redacted_answer_keeps_other_sources_list_bullets_and_a_tables_shape():
    memo = Citation(n=1, title="memo.pdf", source="upload", snippet="x", document_id="upload:ab")
    filing = Citation(n=2, title="10-K", source="sec", snippet="public", document_id="sec:1")
    facts = [
        AnswerFact(name="AAPL revenue", value=1.0, unit="USD", citation=2),
        AnswerFact(name="memo revenue", value=2.0, unit="USD", citation=1),
    ]
    text = "- Revenue rose [2].\n- The memo says margins fell [1]. Costs too [1].\nDone [2]."
    cells = [TableCell(period="FY2024", value=1.0, fact=0), TableCell(period="FY2024", fact=1)]
    rows = [TableRow(ticker="AAPL", cells=cells[:1]), TableRow(ticker="MEMO", cells=cells[1:])]
    table = CompareTable(metric="revenue", unit="USD", basis="fiscal years", rows=rows)
    answer = Answer(answer=text, citations=[memo, filing], facts=facts, table=table)
    redacted = redact_answer(answer, "upload:ab")
    assert redacted.answer == f"- Revenue rose [2].\n- {REDACTED}\nDone [2]."
    assert [f.name for f in redacted.facts] == ["AAPL revenue"]
    apple, memos = redacted.table.rows
    assert apple.cells[0].fact == 0 and memos.cells[0].fact is None
    assert memos.cells[0].missing == REDACTED
    assert redact_answer(answer, "upload:cd") is None  # never cited: nothing changes
