"""Readable answers in a real browser: `streamlit run app.py` on loopback with the deterministic
scripted LLM, driven by Playwright through Debian's headless chromium. What the reader sees: a
list as a list, [n] jumping to its cited source, a chart only over the answer's own window, and
the Markdown and CSV exports. Every wait is for a state of the page, never for a time."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests.servers import streamlit_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
ANSWERS = "[class*='st-key-answer-']"  # stored answers, drawn whole
LIST_QUESTION = "Please restate these two points:\n- first point <b>bold</b>\n- second point"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


def serve(home: Path, tmp_path: Path, monkeypatch):
    """The app served by `streamlit run` over `home`, answering with the scripted LLM."""
    monkeypatch.setenv("FINASSIST_HOME", str(home))  # the server inherits this environment
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    monkeypatch.chdir(ROOT)  # .streamlit/config.toml is read from the working directory
    return streamlit_app(ROOT, tmp_path / "streamlit.log")


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        yield browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        browser.close()


def ask(page, question: str):
    """Ask in the chat box; the answer, once it is stored and drawn whole."""
    answers = page.locator(ANSWERS)
    before = answers.count()
    chat = page.get_by_test_id("stChatInputTextArea")
    chat.fill(question)
    chat.press("Enter")
    answer = answers.nth(before)
    answer.wait_for(timeout=300_000)
    answer.get_by_test_id("stCaptionContainer").last.wait_for(
        state="attached", timeout=60_000
    )  # last
    return answer


def test_a_list_answer_shows_list_items_and_html_stays_text(tmp_path, monkeypatch, browser_page):
    port, server = serve(tmp_path / "empty-home", tmp_path, monkeypatch)  # no index: pure echo
    with server:
        page = browser_page
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        answer = ask(page, LIST_QUESTION)
        items = answer.locator("li").all_inner_texts()
        assert items == ["first point <b>bold</b>", "second point"]
        assert answer.locator("b, script, img").count() == 0

        sidebar = page.get_by_test_id("stSidebar")
        exports = sidebar.get_by_test_id("stDownloadButton")
        assert exports.filter(has_text="Export").count() == 1
        assert exports.filter(has_text="Figures").count() == 1
        with page.expect_download() as download:
            sidebar.get_by_role("button", name="Export", exact=True).click()
        text = Path(download.value.path()).read_text()
        assert "- first point \\<b\\>bold\\</b\\>\n- second point" in text


def test_citations_jump_to_cited_sources_and_charts_follow_the_answer(
    sample_home, tmp_path, monkeypatch, browser_page
):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home, ignore=shutil.ignore_patterns("*.lock", "*.owner.json"))
    port, server = serve(home, tmp_path, monkeypatch)
    with server:
        page = browser_page
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)

        answer = ask(page, "What were Apple's total net sales in fiscal 2024?")
        link = answer.locator("a[href^='#source-']").first
        link.wait_for(timeout=30_000)
        target = link.get_attribute("href")
        assert link.inner_text() == "[1]"
        assert page.locator(target).count() == 1, "the [1] link has its source to jump to"
        link.click()
        page.wait_for_function(f"window.location.hash === '{target}'")
        assert answer.locator("li").count() >= 1, "the figures are listed as a list"
        opens = answer.locator("a[href^='https://www.sec.gov/Archives/']")
        opens.first.wait_for(timeout=30_000)  # the stored answer is drawn element by element
        assert opens.count() >= 1, "Open"
        answer.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
        assert answer.get_by_test_id("stVegaLiteChart").count() == 1, "FY2024 is charted"

        with page.expect_download() as download:
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_role("button", name="Figures", exact=True).click()
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text())))
        revenue = next(r for r in rows if r["name"] == "AAPL revenue")
        assert (revenue["unit"], revenue["currency"], revenue["scale"]) == ("USD", "USD", "1")
        assert revenue["period"] == "FY2024 (fiscal year ended 2024-09-28)"
        assert revenue["source"].startswith("[1] Apple Inc.")

        # in a new chat, so no earlier turn lends the question its period
        sidebar.get_by_role("button", name="New chat").click()
        page.locator(ANSWERS).first.wait_for(state="detached", timeout=60_000)
        risks = ask(page, "What are Nvidia's main risk factors?")
        assert risks.get_by_test_id("stVegaLiteChart").count() == 0, "no window, no chart"
