"""Chat history in SQLite (chats, messages with their Answer JSON) and the Markdown export."""

import csv
import io
import re
import threading

import pytest

from core.types import Answer, AnswerFact, Citation
from ui.chats import (
    REFUSAL_LINE,
    ChatMessage,
    ChatStore,
    chat_title,
    export_answer,
    export_figures_csv,
    export_markdown,
    source_details,
    web_link,
)

TEN_K = "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm"
QUESTION = "What were Apple's total net sales in fiscal 2024?"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> ![x](http://evil.example/p.png)"


def apple_answer(text: str = "Apple's total net sales were $391,035 million in fiscal 2024 [1]."):
    """The answer FinAssist gives from Apple's FY2024 10-K (values as the filing reports them)."""
    citation = Citation(
        n=1,
        title="Apple Inc. 10-K for fiscal year ended 2024-09-28",
        source="sec",
        ticker="AAPL",
        form="10-K",
        date="2024-11-01",
        url=TEN_K,
        locator="Item 8. Financial Statements and Supplementary Data",
        snippet="Total net sales $ 391,035 $ 383,285 $ 394,328",
    )
    fact = AnswerFact(
        name="AAPL revenue",
        value=391_035_000_000,
        unit="USD",
        period="FY2024 (fiscal year ended 2024-09-28)",
        as_of="2024-11-01",
        citation=1,
        display="$391,035 million",
    )
    return Answer(answer=text, citations=[citation], facts=[fact], as_of="2025-11-07")


def test_a_chat_is_named_by_its_first_question_and_keeps_answers_whole(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()
    store.add_question(chat, QUESTION)
    store.add_answer(chat, apple_answer())
    store.add_question(chat, "And in fiscal 2023?")

    assert store.chat(chat).title == QUESTION
    messages = store.messages(chat)
    assert [m.role for m in messages] == ["user", "assistant", "user"]
    answer = messages[1].answer
    assert answer.facts[0].value == 391_035_000_000 and answer.facts[0].unit == "USD"
    assert answer.citations[0].url == TEN_K
    assert store.history(chat)[1] == {"role": "assistant", "content": apple_answer().answer}


def test_history_survives_reopening_the_store_and_the_latest_chat_comes_first(tmp_path):
    first = ChatStore.open(tmp_path)
    older = first.new_chat()
    first.add_question(older, "What are Nvidia's main risk factors?")
    newer = first.new_chat()
    first.add_question(newer, QUESTION)
    first.add_question(older, "And Tesla's?")  # touching a chat moves it to the top

    reopened = ChatStore.open(tmp_path)
    assert [c.id for c in reopened.chats()] == [older, newer]
    assert reopened.latest() == older
    assert [m.content for m in reopened.messages(older)] == [
        "What are Nvidia's main risk factors?",
        "And Tesla's?",
    ]


def test_deleting_a_chat_removes_its_messages(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()
    store.add_question(chat, QUESTION)
    store.delete_chat(chat)
    assert store.chat(chat) is None and store.messages(chat) == [] and store.latest() is None


def test_threads_can_write_to_the_same_store_at_once(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()

    def write(n: int) -> None:
        for i in range(25):
            store.add_question(chat, f"question {n}-{i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.messages(chat)) == 100


def test_long_questions_make_short_one_line_titles():
    title = chat_title("How did\nApple's services revenue " + "grow " * 30)
    assert len(title) == 60 and title.endswith("…") and "\n" not in title


def test_a_source_reads_type_ticker_form_section_and_date():
    assert source_details(apple_answer().citations[0]) == [
        "SEC filing",
        "AAPL",
        "10-K",
        "Item 8. Financial Statements and Supplementary Data",
        "2024-11-01",
    ]


def test_only_plain_web_links_are_offered():
    assert web_link(TEN_K) == TEN_K
    for url in ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", None]:
        assert web_link(url) is None
    assert web_link('https://example.com/"onmouseover="x') is None


def test_the_export_lists_the_answer_its_figures_and_numbered_sources(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()
    store.add_question(chat, QUESTION)
    store.add_answer(chat, apple_answer())
    text = export_markdown(store.chat(chat).title, store.messages(chat), exported="2026-01-01")

    assert text.startswith(f"# {QUESTION}\n")  # plain text is written as it is
    assert "Apple's total net sales were $391,035 million in fiscal 2024 [1]." in text
    assert "| AAPL revenue | $391,035 million | USD |" in text and "| [1] |" in text
    assert "1. Apple Inc. 10-K for fiscal year ended 2024-09-28 — SEC filing · AAPL" in text
    assert f"<{TEN_K}>" in text
    assert "   > Total net sales \\$ 391,035 \\$ 383,285 \\$ 394,328" in text  # no math


def test_the_export_keeps_lists_and_tables():
    listed = apple_answer("Risks [1]:\n- Supply chain [1]\n- Competition\n| a | b |\n| 1 | 2 |")
    text = export_answer(ChatMessage(2, "assistant", listed.answer, "", listed))
    body = "\n".join(text)
    assert "Risks [1]:\n\n- Supply chain [1]\n- Competition\n\n| a | b |\n| --- | --- |\n" in body


def test_the_figures_export_as_csv_with_unit_scale_period_currency_and_source(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()
    store.add_question(chat, QUESTION)
    store.add_answer(chat, apple_answer())
    rows = list(csv.DictReader(io.StringIO(export_figures_csv(store.messages(chat)))))
    assert rows == [
        {
            "question": QUESTION,
            "name": "AAPL revenue",
            "value": "391035000000",
            "unit": "USD",
            "scale": "1",
            "period": "FY2024 (fiscal year ended 2024-09-28)",
            "currency": "USD",
            "as_of": "2024-11-01",
            "source": "[1] Apple Inc. 10-K for fiscal year ended 2024-09-28",
            "source_url": TEN_K,
        }
    ]
    formula = ChatMessage(3, "user", '=HYPERLINK("http://evil")', "")
    text = export_figures_csv([formula, *store.messages(chat)[1:]])
    assert "'=HYPERLINK" in text


def test_the_export_shows_hostile_text_literally_and_marks_refusals(tmp_path):
    store = ChatStore.open(tmp_path)
    chat = store.new_chat()
    store.add_question(chat, HOSTILE)
    refusal = Answer(answer=f"Nothing about {HOSTILE}", refused=True)
    store.add_answer(chat, refusal)
    text = export_markdown(store.chat(chat).title, store.messages(chat))

    unescaped = re.sub(r"\\.", "", text)  # what is left once every escaped character is gone
    assert "<" not in unescaped and "![" not in unescaped and "](" not in unescaped
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert f"**{REFUSAL_LINE}**" in text


def test_each_user_sees_and_changes_only_their_own_chats(tmp_path):
    from core.errors import Forbidden

    store = ChatStore(tmp_path / "workspace.db")
    alice, bob = store.for_owner("alice"), store.for_owner("bob")
    chat = alice.new_chat()
    alice.add_question(chat, "Alice's question about her memo")
    assert [c.id for c in alice.chats()] == [chat] and bob.chats() == [] and store.chats() == []
    assert bob.messages(chat) == [] and bob.chat(chat) is None and bob.latest() is None
    with pytest.raises(Forbidden):
        bob.add_question(chat, "Bob writing into Alice's chat")
    bob.delete_chat(chat)  # not Bob's: nothing happens
    assert len(alice.messages(chat)) == 1


def test_a_deleted_documents_snippets_are_redacted_in_its_owners_chats(tmp_path):
    from ui.chats import REDACTED

    alice = ChatStore(tmp_path / "workspace.db").for_owner("alice")
    chat = alice.new_chat()
    alice.add_question(chat, "What does my memo say?")
    memo = Citation(
        n=1, title="memo.pdf", source="upload", snippet="secret", document_id="upload:ab"
    )
    filing = Citation(n=2, title="10-K", source="sec", snippet="public", document_id="sec:1")
    alice.add_answer(chat, Answer(answer="It says [1] [2].", citations=[memo, filing]))
    assert alice.redact_document("upload:ab") == 1
    [answer] = [m.answer for m in alice.messages(chat) if m.answer]
    assert [c.snippet for c in answer.citations] == [REDACTED, "public"]
