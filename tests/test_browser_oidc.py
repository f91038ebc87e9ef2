"""Streamlit's OIDC login (`FINASSIST_AUTH__MODE=oidc`) against a local identity provider
(tests/oidc_provider.py: discovery, authorization code with PKCE, RS256 id_token, JWKS), the app
started by `finassist ui`'s own command (which writes Streamlit's [auth] secrets from the
settings), driven by Playwright through Debian's chromium.

A signed-out visitor sees only the login; Alice signs in at the provider and the app knows her
(shown, her chat is hers, her login audited); Carol is an admin by the provider's groups claim
and sees the audit trail, filtered by user, with Alice's question as literal text; Alice has no
audit view; logging out leaves only the login again."""

import secrets
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cli import ui_command
from core.settings import load_settings
from ingestion.audit import AuditLog
from tests.oidc_provider import Provider, identity_provider
from tests.servers import free_port, running
from ui.chats import ChatStore, chat_title

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium")
ALICE, CAROL = "alice@example.com", "carol@example.com"
QUESTION = "What does <b>Alice</b> ask about *Apple* revenue?"  # markup stays literal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The app in OIDC mode on a free port, signed in through the local provider."""
    home, port = tmp_path / "home", free_port()
    provider = Provider(
        client_id="finassist-test",
        client_secret=secrets.token_urlsafe(24),  # made at run time, never in the repo
        redirect_uri=f"http://127.0.0.1:{port}/oauth2callback",
        users={
            ALICE: {"email": ALICE, "name": "Alice Analyst", "groups": ["research"]},
            CAROL: {"email": CAROL, "name": "Carol Admin", "groups": ["finassist-admins"]},
        },
    )
    with identity_provider(provider):
        monkeypatch.setenv("FINASSIST_HOME", str(home))
        monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
        monkeypatch.setenv("FINASSIST_AUTH__MODE", "oidc")
        monkeypatch.setenv("FINASSIST_AUTH__ADMIN_GROUP", "finassist-admins")
        monkeypatch.setenv("FINASSIST_AUTH__OIDC_METADATA_URL", provider.metadata_url)
        monkeypatch.setenv("FINASSIST_AUTH__OIDC_CLIENT_ID", provider.client_id)
        monkeypatch.setenv("FINASSIST_AUTH__OIDC_CLIENT_SECRET", provider.client_secret)
        monkeypatch.setenv(
            "FINASSIST_AUTH__OIDC_REDIRECT_URI", "http://127.0.0.1:{port}/oauth2callback"
        )
        monkeypatch.chdir(ROOT)
        command = ui_command(load_settings(), port, "127.0.0.1")
        health = f"http://127.0.0.1:{port}/_stcore/health"
        with running(command, health, log_path=tmp_path / "streamlit.log"):
            yield f"http://127.0.0.1:{port}/", home


def sign_in(browser, url: str, user: str):
    """A browser context of its own that opens the app, sees only the login, and signs in as
    `user` at the identity provider's form."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    page.get_by_role("button", name="Log in").wait_for(timeout=120_000)
    assert page.get_by_test_id("stChatInputTextArea").count() == 0
    assert page.get_by_test_id("stSidebar").count() == 0
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)  # the provider's page
    page.get_by_label("User").select_option(user)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    return page


def ask(page, question: str) -> None:
    chat = page.get_by_test_id("stChatInputTextArea")
    finished = page.locator("[class*='st-key-answer-']")
    before = finished.count()
    chat.fill(question)
    chat.press("Enter")
    finished.nth(before).wait_for(timeout=300_000)


def test_oidc_login_names_the_user_their_role_and_what_they_own(app, browser, tmp_path):
    url, home = app
    secrets_file = home / "streamlit" / "secrets.toml"
    assert secrets_file.stat().st_mode & 0o077 == 0  # the generated secrets: owner-only

    alice = sign_in(browser, url, ALICE)
    sidebar = alice.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Signed in as {ALICE} (analyst)").wait_for(timeout=60_000)
    assert sidebar.get_by_role("button", name="Audit trail").count() == 0
    assert alice.get_by_role("button", name="Refresh now").count() == 0
    ask(alice, QUESTION)
    assert [c.title for c in ChatStore.open(home, ALICE).chats()] == [chat_title(QUESTION)]
    logins = [e for e in AuditLog.open(home).events(ALICE) if e.action == "login"]
    assert logins and logins[0].detail == {"mode": "oidc", "role": "analyst"}

    carol = sign_in(browser, url, CAROL)
    sidebar = carol.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Signed in as {CAROL} (admin)").wait_for(timeout=60_000)
    assert ChatStore.open(home, CAROL).chats() == []  # Alice's chat is not Carol's
    assert chat_title(QUESTION) not in sidebar.inner_text()
    sidebar.get_by_role("button", name="Audit trail").click()
    dialog = carol.get_by_role("dialog")
    dialog.get_by_text("events").first.wait_for(timeout=60_000)
    dialog.get_by_label("User").click()  # the filter: one user's events
    carol.get_by_role("option", name=ALICE).click()
    trail = dialog.get_by_test_id("stCode")
    expect(trail).not_to_contain_text(CAROL, timeout=60_000)  # the filter has applied
    text = trail.inner_text()
    assert f'{ALICE}  ask  {{"question": "{QUESTION}"' in text and f"{ALICE}  login" in text
    assert dialog.locator("b").count() == 0  # the question's markup is shown, not rendered
    carol.screenshot(path=str(tmp_path / "carol-audit.png"), full_page=True)

    alice.get_by_test_id("stSidebar").get_by_role("button", name="Log out").click()
    alice.get_by_role("button", name="Log in").wait_for(timeout=60_000)
    assert alice.get_by_test_id("stChatInputTextArea").count() == 0
