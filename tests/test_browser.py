"""End to end in a real browser: `streamlit run app.py` on loopback against a copy of the demo
index and the real shipped model, driven by Playwright through Debian's headless chromium."""

import shutil
from pathlib import Path

import pytest

from tests.servers import streamlit_app

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "data" / "uploads" / "good" / "BESTBUY_2024Q2_10Q_p17-19.pdf"
QUESTION = "How does Nvidia describe its data center business?"  # the model writes (it streams)
CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def app_url(sample_home, tmp_path, monkeypatch):
    """The app served by `streamlit run` with default settings (the shipped model)."""
    home = tmp_path / "home"
    shutil.copytree(sample_home, home, ignore=shutil.ignore_patterns("*.lock", "*.owner.json"))
    monkeypatch.setenv("FINASSIST_HOME", str(home))  # the server inherits this environment
    monkeypatch.chdir(ROOT)  # .streamlit/config.toml is read from the working directory
    port, server = streamlit_app(ROOT, tmp_path / "streamlit.log")
    with server:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        context = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield context
        browser.close()


def shoot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


# Records, in the browser, every text the newest chat message shows while the page updates.
RECORD_PROGRESS = """() => {
    window.__progress = [];
    new MutationObserver(() => {
        const last = [...document.querySelectorAll("[data-testid=stChatMessage]")].pop();
        const text = last ? last.innerText : "";
        if (text && window.__progress[window.__progress.length - 1] !== text) {
            window.__progress.push(text);
        }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
IN_PROGRESS = ("▌", "Searching the index", "Loading the local model")


def test_ask_read_a_source_and_upload_a_pdf_in_the_browser(app_url, page, tmp_path):
    page.goto(app_url)
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.wait_for(timeout=60_000)
    shoot(page, tmp_path, "1-start")

    finished = page.locator("[class*='st-key-answer-']")  # stored answers, drawn whole
    before = finished.count()
    chat.fill(QUESTION)
    page.evaluate(RECORD_PROGRESS)
    chat.press("Enter")
    finished.nth(before).wait_for(timeout=300_000)
    sources = finished.last.get_by_test_id("stExpander")
    sources.first.wait_for(timeout=30_000)  # the stored answer is drawn element by element
    shoot(page, tmp_path, "2-answer")
    progress = page.evaluate("window.__progress")
    streamed = [text for text in progress if "▌" in text]
    print(f"{len(progress)} states drawn while the answer was written, {len(streamed)} with text")
    assert any(mark in text for text in progress for mark in IN_PROGRESS), (
        "the answer was shown in progress (its status, then its text) before it was finished"
    )
    assert sources.count() >= 1, "the answer lists at least one numbered source"
    assert len(finished.last.inner_text()) > 40

    sources.first.locator("summary").click()
    snippet = sources.first.get_by_test_id("stMarkdownContainer").last  # under its label
    snippet.wait_for(state="visible", timeout=10_000)
    assert len(snippet.inner_text().strip()) > 20
    shoot(page, tmp_path, "3-source-open")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Your documents").click()
    sidebar.locator("input[type=file]").set_input_files(str(PDF))
    sidebar.get_by_role("button", name="Index 1 file(s)").click()
    done = sidebar.get_by_text("25 passages indexed")
    done.wait_for(timeout=240_000)
    shoot(page, tmp_path, "4-uploaded")
    assert "BESTBUY_2024Q2_10Q_p17-19.pdf" in sidebar.inner_text()
