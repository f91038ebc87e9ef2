"""Benchmark the analyst workspace in a real browser: time to an interactive page (cold and warm),
time to the first streamed token, and the server's memory over a run of questions.

    .venv/bin/python scripts/bench_ui.py [--home DIR] [--questions 20] [--json]

`--home` is a FINASSIST_HOME with an index (default: a copy of $FINASSIST_HOME, else
~/.local/share/finassist); it is copied, so the original is never written to. Uses the shipped
model with default settings, Debian's chromium through Playwright, and loopback only.

Cold: the first `streamlit run` on the copied home (fresh process, the model's derived files not
yet built). Warm: the server started again on the same home. "Interactive" means the chat box is
enabled in the browser.
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "What were Apple's total net sales in fiscal 2024?",
    "What are Nvidia's main risk factors?",
    "How did Microsoft's stock do in March 2024?",
    "Compare Apple and Microsoft stock over the past year",
    "What did analysts say about Apple?",
    "What was Tesla's revenue in fiscal 2024?",
    "How did JPM stock perform in March 2024?",
    "What did Amazon report about AWS?",
)
TIMEOUT_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(home: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """`streamlit run app.py` on loopback; yields its URL, process and start time."""
    port = free_port()
    env = {**os.environ, "FINASSIST_HOME": str(home)}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        try:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", process)
            yield f"http://127.0.0.1:{port}/", process, started
        finally:
            process.terminate()
            process.wait(timeout=30)


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise SystemExit(f"the server did not start ({url})")


def interactive_after(page, url: str, started: float) -> float:
    """Seconds from `started` until the chat box of a freshly loaded page is enabled."""
    page.goto(url)
    page.locator("[data-testid=stChatInputTextArea]:enabled").wait_for(timeout=TIMEOUT_S * 1000)
    return time.monotonic() - started


WATCH_FIRST_TOKEN = """() => {
    window.__asked = performance.now();
    window.__first = null;
    const observer = new MutationObserver(() => {
        if (window.__first === null && document.body.innerText.includes("\u258c")) {
            window.__first = (performance.now() - window.__asked) / 1000;
            observer.disconnect();
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def ask(page, question: str) -> dict:
    """Ask in the current chat; seconds to the first streamed text (the cursor "▌" appearing in
    the page, timed in the browser) and to the finished answer (drawn with its sources)."""
    box = page.get_by_test_id("stChatInputTextArea")
    before = page.locator("[class*='st-key-answer-']").count()
    box.fill(question)
    page.evaluate(WATCH_FIRST_TOKEN)
    asked = time.monotonic()
    box.press("Enter")
    answers = page.locator("[class*='st-key-answer-']")  # finished answers only
    while time.monotonic() - asked < TIMEOUT_S and answers.count() <= before:
        time.sleep(0.05)
    return {"first_token_s": page.evaluate("window.__first"), "answer_s": time.monotonic() - asked}


def rss_mb(process: subprocess.Popen) -> float:
    return psutil.Process(process.pid).memory_info().rss / 1e6


def new_chat(page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="New chat").click()
    page.get_by_test_id("stChatMessage").first.wait_for(state="detached", timeout=30_000)


def run(home: Path, questions: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    report: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox"], headless=True
        )
        with server(home, work / "cold.log") as (url, process, started):
            report["interactive_cold_s"] = interactive_after(browser.new_page(), url, started)
        with server(home, work / "warm.log") as (url, process, started):
            report["interactive_warm_s"] = interactive_after(browser.new_page(), url, started)
            page = browser.new_page()
            reload = time.monotonic()
            report["interactive_reload_s"] = interactive_after(page, url, reload)
            report.update(question_run(page, process, questions))
        browser.close()
    return report


def question_run(page, process: subprocess.Popen, questions: int) -> dict:
    """Ask `questions` questions, five per chat; first tokens and the server's RSS after each."""
    timings, rss = [], []  # rss[0]: after the first answer (model and embedder loaded)
    for n in range(questions):
        if n and n % 5 == 0:
            new_chat(page)
        timings.append(ask(page, QUESTIONS[n % len(QUESTIONS)]))
        rss.append(rss_mb(process))
    firsts = [t["first_token_s"] for t in timings if t["first_token_s"] is not None]
    return {
        "first_token_first_question_s": timings[0]["first_token_s"],
        "first_token_median_s": statistics.median(firsts) if firsts else None,
        "answer_median_s": statistics.median(t["answer_s"] for t in timings),
        "rss_mb_after_1": rss[0],
        "rss_mb_after_5": rss[min(4, len(rss) - 1)],
        "rss_mb_after_all": rss[-1],
        "rss_mb_max": max(rss),
        "questions": questions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("FINASSIST_HOME") or Path.home() / ".local/share/finassist"
    parser.add_argument("--home", type=Path, default=Path(default))
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        work = Path(tmp)
        home = work / "home"
        shutil.copytree(args.home, home, ignore=shutil.ignore_patterns("*.lock", "*.owner.json"))
        report = run(home, args.questions, work)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:<32} {value:.2f}" if isinstance(value, float) else f"{key:<32} {value}")


if __name__ == "__main__":
    main()
