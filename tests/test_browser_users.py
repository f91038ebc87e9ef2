"""Two analysts in two browser contexts behind a sign-on proxy (FINASSIST_AUTH__MODE=proxy, the
user named in X-Forwarded-User by a stand-in proxy per user, which drops the client's own such
header): Alice's upload, chat and answers never reach Bob, an analyst gets no Refresh now, and a
request straight to the app without the header is refused. `streamlit run` on loopback, driven
by Playwright through Debian's chromium."""

import shutil
from pathlib import Path

import pytest

from tests.servers import signing_proxy, streamlit_app
from ui.chats import ChatStore, chat_title

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "data" / "uploads" / "good" / "BESTBUY_2024Q2_10Q_p17-19.pdf"
QUESTION = "What drove the comparable sales decline in Computing and Mobile Phones?"
CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The app in proxy mode over an empty home; `root` is its admin."""
    home = tmp_path / "home"
    monkeypatch.setenv("FINASSIST_HOME", str(home))  # the server inherits this environment
    monkeypatch.setenv("FINASSIST_AUTH__MODE", "proxy")
    monkeypatch.setenv("FINASSIST_AUTH__ADMINS", "root")
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    monkeypatch.chdir(ROOT)
    return home


def browser_page(browser):
    """A browser context of its own (cookies, storage) that claims to be the admin itself."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, extra_http_headers={"X-Forwarded-User": "root"}
    )
    return context.new_page()


def ask(page, question: str) -> None:
    chat = page.get_by_test_id("stChatInputTextArea")
    finished = page.locator("[class*='st-key-answer-']")
    before = finished.count()
    chat.fill(question)
    chat.press("Enter")
    finished.nth(before).wait_for(timeout=300_000)


def cited(home: Path, user: str) -> set[str]:
    """The documents the user's stored answers cite (from the chats the app kept)."""
    chats = ChatStore.open(home, user)
    return {
        c.document_id or ""
        for summary in chats.chats()
        for m in chats.messages(summary.id)
        if m.answer
        for c in m.answer.citations
    }


def test_two_analysts_never_see_each_others_uploads_chats_or_answers(home, browser, tmp_path):
    port, server = streamlit_app(ROOT, tmp_path / "streamlit.log")
    with server, signing_proxy(port, "alice") as alices, signing_proxy(port, "bob") as bobs:
        alice = browser_page(browser)
        alice.goto(f"http://127.0.0.1:{alices}/")
        alice.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        sidebar = alice.get_by_test_id("stSidebar")
        sidebar.get_by_text("Your documents").click()
        sidebar.locator("input[type=file]").set_input_files(str(PDF))
        sidebar.get_by_role("button", name="Index 1 file(s)").click()
        sidebar.get_by_text("25 passages indexed").wait_for(timeout=300_000)
        alice.reload()  # the page opens on the index that now exists
        alice.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        ask(alice, QUESTION)
        alice.screenshot(path=str(tmp_path / "alice.png"), full_page=True)
        assert any(i.startswith("upload:") for i in cited(home, "alice"))
        assert alice.get_by_role("button", name="Refresh now").count() == 0  # "root" was dropped

        bob = browser_page(browser)
        bob.goto(f"http://127.0.0.1:{bobs}/")
        bob.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        ask(bob, QUESTION)
        bob.screenshot(path=str(tmp_path / "bob.png"), full_page=True)
        text = bob.get_by_test_id("stSidebar").inner_text()
        assert PDF.name not in text  # Alice's upload is not among Bob's documents
        assert [c.title for c in ChatStore.open(home, "bob").chats()] == [chat_title(QUESTION)]
        assert not any(i.startswith("upload:") for i in cited(home, "bob"))
        assert bob.get_by_role("button", name="Refresh now").count() == 0
        assert "Only an admin refreshes the shared data." in bob.content()

        # Straight to the app with no header: no proxy signed it. (A client on the proxy's own
        # address that sends the header itself is trusted as a proxy would be; Chromium
        # 156.0.8078.129 sends a context's extra headers on the websocket too, so it sends none.)
        stranger = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        stranger.goto(f"http://127.0.0.1:{port}/")
        stranger.get_by_text("no signed-in user").wait_for(timeout=120_000)
        assert stranger.get_by_test_id("stChatInputTextArea").count() == 0
