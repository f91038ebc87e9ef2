"""`finassist bench users`: several analysts asking at once in real browsers, and whether the
model's queue treats them alike.

The app (`streamlit run app.py` on loopback, a copy of the given FINASSIST_HOME, the shipped
model) runs in sign-on proxy mode; each user is a Chromium browser context (Playwright, headless)
sending its own `X-Forwarded-User` header, each question a tab of its own (a tab answers one
question at a time). All tabs press Enter together. Timed in the browser, per question: seconds
to the first answer text in the page (the streaming cursor appears) and to the finished answer.

- `users`: N users ask the same M prose questions each, all at once, round-robin queue, shipped
  answer time limit. Per user p50/p95 first token and total; `fairness_ratio` is the slowest
  user's p95 total over the fastest user's.
- `baseline`: one user asks `burst` questions at once; once they are all under way, three other
  users ask one each. Served first come, first served (`queue_order=arrival`) and round-robin
  (`users`), each on a fresh server with no answer time limit (`UNBOUNDED_BUDGET_S`), so the
  queue's order alone decides how long the others wait.

The questions are prose (news, analysts, a segment, a reason): the page first shows passages or
figures written by code, then the model's text; every one of them reaches the model. Outcomes:
`answered` (the model's text complete), `cut` (its text stopped at the answer time limit),
`busy` (the queue was full: the answer without the model's text), `busy_refused` (the queue was
full and there was nothing to show without the model), `error`, `timeout`. Percentiles are over
the questions that got an answer.
"""

import asyncio
import contextlib
import math
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from core.cpu import cpu_model
from evals.serving import ServerDidNotStart, free_port, serving

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "What did analysts say about Apple?",
    "What did Amazon report about AWS?",
    "What is the latest news about Tesla?",
    "How does Microsoft describe competition in its cloud business?",
    "Why did Nvidia's data center revenue grow?",
)
UNBOUNDED_BUDGET_S = 900.0
HEADER = "X-Forwarded-User"
TIMEOUT_S = 1200.0
GIVEN = ("answered", "cut", "busy")  # the page showed an answer (timed in the percentiles)

# Installed in a tab just before Enter: timestamps (browser clock) of the first streamed text
# (the cursor) and of the finished answer or the failure, and the highest place in line shown.
WATCH = """() => {
    const FAILED = /model is busy|Sorry, that did not work|went wrong on our side|No answer was/;
    const state = window.__bench = {asked: performance.now(), first: null, done: null, place: 0};
    const answers = () => document.querySelectorAll("[class*='st-key-answer-']").length;
    const before = answers();
    const check = () => {
        const text = document.body.textContent;
        const now = performance.now();
        if (state.first === null && text.includes("\\u258c")) state.first = now;
        const line = text.match(/you are number (\\d+) in line/);
        if (line) state.place = Math.max(state.place, Number(line[1]));
        const failed = FAILED.test(text);
        if (answers() > before || failed) {
            state.done = now;
            observer.disconnect();
        }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def run_users_bench(
    home: Path,
    *,
    users: int = 4,
    each: int = 5,
    burst: int = 10,
    baseline: bool = True,
    timeout_s: float = TIMEOUT_S,
) -> dict:
    """Run the scenarios on a copy of `home` (an indexed FINASSIST_HOME); the report."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    report: dict = {"cpu_model": cpu_model(), "cpus": os.cpu_count()}
    report["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    report["questions"] = list(QUESTIONS)
    with tempfile.TemporaryDirectory(prefix="finassist-bench-users-") as tmp:
        work = Path(tmp)
        copy = work / "home"
        shutil.copytree(home, copy, ignore=shutil.ignore_patterns("*.lock", "*.owner.json"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox"], headless=True
            )
            with app(copy, work / "users.log", "users") as proxies:
                warm(browser, proxies, timeout_s)
                names = [f"analyst-{n + 1}" for n in range(users)]
                plan = [
                    (name, QUESTIONS[(i + n) % len(QUESTIONS)])
                    for i in range(each)
                    for n, name in enumerate(names)
                ]  # every user asks the same questions; Enter is pressed in turns across users
                asked = ask_at_once(browser, proxies, [plan], timeout_s)
            report["users"] = {
                name: summary([a for a in asked if a["user"] == name]) for name in names
            }
            report["fairness_ratio"] = fairness(report["users"])
            if baseline:
                report["baseline"] = {"answer_budget_s": UNBOUNDED_BUDGET_S, "burst": burst}
                for order in ("arrival", "users"):
                    with app(copy, work / f"{order}.log", order, UNBOUNDED_BUDGET_S) as proxies:
                        warm(browser, proxies, timeout_s)
                        report["baseline"][order] = burst_run(
                            browser, proxies, order, burst, timeout_s
                        )
            browser.close()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def burst_run(browser, proxies: "SigningProxies", order: str, burst: int, timeout_s: float) -> dict:
    """One user asks `burst` questions; once they are under way three others ask one each."""
    bursty = f"{order}-burst"
    steady = [f"{order}-steady-{n + 1}" for n in range(3)]
    waves = [
        [(bursty, QUESTIONS[i % len(QUESTIONS)]) for i in range(burst)],
        [(name, QUESTIONS[n % len(QUESTIONS)]) for n, name in enumerate(steady)],
    ]
    asked = ask_at_once(browser, proxies, waves, timeout_s)
    return {
        "burst_user": summary([a for a in asked if a["user"] == bursty]),
        "other_users": summary([a for a in asked if a["user"] != bursty]),
    }


def ask_at_once(
    browser, proxies: "SigningProxies", waves: list[list[tuple[str, str]]], timeout_s: float
):
    """Open a tab per (user, question), then press Enter in every tab of a wave together; the
    next wave once every question of the one before shows text or has ended. Per question: the
    user, the question, first-token and total seconds, the outcome, the highest place in line."""
    contexts: dict[str, object] = {}
    tabs = []
    for wave in waves:
        for user, question in wave:
            if user not in contexts:
                contexts[user] = browser.new_context()
            page = contexts[user].new_page()
            page.goto(proxies.url(user))
            box = page.get_by_test_id("stChatInputTextArea")
            box.and_(page.locator(":enabled")).wait_for(timeout=timeout_s * 1000)
            box.fill(question)
            tabs.append((user, question, page))
    note(f"{len(tabs)} tabs open; asking")
    start = 0
    for wave in waves:
        batch = tabs[start : start + len(wave)]
        start += len(wave)
        for _, _, page in batch:
            page.evaluate(WATCH)
            page.get_by_test_id("stChatInputTextArea").press("Enter")
        wait_for(batch, "window.__bench.first !== null || window.__bench.done !== null", timeout_s)
    wait_for(tabs, "window.__bench.done !== null", timeout_s)
    asked = [result(user, question, page) for user, question, page in tabs]
    note(f"answered: {[a['outcome'] for a in asked]}")
    for context in contexts.values():
        context.close()
    return asked


def warm(browser, proxies: "SigningProxies", timeout_s: float) -> None:
    """One question before the timed ones: the model, the embedder and the index loaded."""
    user = f"warm-up-{proxies.target_port}"  # a new user each time: no earlier chat opens
    asked = ask_at_once(browser, proxies, [[(user, QUESTIONS[0])]], timeout_s)
    if asked[0]["outcome"] not in GIVEN:
        raise SystemExit(f"the warm-up question was not answered: {asked[0]['outcome']}")


def note(text: str) -> None:
    """Progress on stderr (the report goes to stdout)."""
    print(f"{time.strftime('%H:%M:%S')} bench users: {text}", file=sys.stderr, flush=True)


def wait_for(tabs, condition: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    pending = list(tabs)
    while pending and time.monotonic() < deadline:
        pending = [tab for tab in pending if not tab[2].evaluate(f"() => {condition}")]
        time.sleep(0.5)


def result(user: str, question: str, page) -> dict:
    state = page.evaluate("window.__bench")
    text = page.evaluate("document.body.textContent")
    if state["done"] is None:
        outcome = "timeout"
    elif not page.locator("[class*='st-key-answer-']").count():
        outcome = "busy_refused" if "model is busy" in text else "error"
    elif "stopped at the answer time limit" in text:
        outcome = "cut"
    elif "model was busy with other questions" in text:
        outcome = "busy"
    else:
        outcome = "answered"
    done = state["done"]
    first = state["first"] if state["first"] is not None else done  # drawn finished at once

    def seconds(at: float | None) -> float | None:
        return round((at - state["asked"]) / 1000, 2) if at is not None else None

    return {
        "user": user,
        "question": question,
        "first_token_s": seconds(first) if outcome in GIVEN else None,
        "total_s": seconds(done),
        "outcome": outcome,
        "place_in_line_max": state["place"],
    }


def summary(asked: list[dict]) -> dict:
    """p50/p95 (nearest rank) of first-token and total seconds over the questions that got an
    answer, the outcomes counted, the highest place in line any of them showed."""
    answered = [a for a in asked if a["outcome"] in GIVEN]
    firsts = [a["first_token_s"] for a in answered]
    totals = [a["total_s"] for a in answered]
    outcomes: dict[str, int] = {}
    for a in asked:
        outcomes[a["outcome"]] = outcomes.get(a["outcome"], 0) + 1
    return {
        "questions": len(asked),
        "first_token_p50_s": percentile(firsts, 50),
        "first_token_p95_s": percentile(firsts, 95),
        "total_p50_s": percentile(totals, 50),
        "total_p95_s": percentile(totals, 95),
        "outcomes": outcomes,
        "place_in_line_max": max((a["place_in_line_max"] for a in asked), default=0),
        "asked": asked,
    }


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(0, math.ceil(q / 100 * len(ranked)) - 1)]


def fairness(per_user: dict[str, dict]) -> float | None:
    """The slowest user's p95 total over the fastest user's (None without two answered users)."""
    p95s = [s["total_p95_s"] for s in per_user.values() if s["total_p95_s"]]
    return round(max(p95s) / min(p95s), 2) if len(p95s) >= 2 else None


@contextlib.contextmanager
def app(
    home: Path, log: Path, order: str, budget_s: float | None = None
) -> Iterator["SigningProxies"]:
    """`streamlit run app.py` on a free loopback port in proxy mode with the given queue order
    (and answer time limit), reached through a signing proxy per user; yields the proxies."""
    port = free_port()
    env = {
        **os.environ,
        "FINASSIST_HOME": str(home),
        "FINASSIST_AUTH__MODE": "proxy",
        "FINASSIST_AUTH__HEADER": HEADER,
        "FINASSIST_AUTH__TRUSTED_PROXIES": "127.0.0.1,::1",
        "FINASSIST_LLM__QUEUE_ORDER": order,
    }
    if budget_s is not None:
        env["FINASSIST_LLM__ANSWER_BUDGET_S"] = str(budget_s)
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    health = f"http://127.0.0.1:{port}/_stcore/health"
    try:
        with serving(command, health, log, timeout_s=300, cwd=ROOT, env=env):
            note(f"app up ({order} queue order, answer budget {budget_s or 'as set'})")
            proxies = SigningProxies(port)
            try:
                yield proxies
            finally:
                proxies.close()
    except ServerDidNotStart as error:
        raise SystemExit(f"the app did not start (see {log})") from error


HEADINGS = ("first p50", "first p95", "total p50", "total p95")


class SigningProxies:
    """Sign-on proxy stand-ins, one loopback port per user: each request it forwards to the app
    carries `X-Forwarded-User: <user>` (a client's own such header dropped), the websocket
    upgrade included, as an oauth2-proxy in front of the app sends it. (A browser context's
    extra headers do not reach Streamlit's websocket, where the app reads who is asking.)"""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.loop = asyncio.new_event_loop()
        self.ports: dict[str, int] = {}
        self._servers: list = []
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def url(self, user: str) -> str:
        """The app's URL as `user` reaches it (a proxy started on first use)."""
        if user not in self.ports:
            started = asyncio.run_coroutine_threadsafe(self._start(user), self.loop)
            self.ports[user] = started.result(timeout=30)
        return f"http://127.0.0.1:{self.ports[user]}/"

    async def _start(self, user: str) -> int:
        async def serve(reader, writer):
            await self._forward(user, reader, writer)

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        self._servers.append(server)
        return server.sockets[0].getsockname()[1]

    async def _forward(self, user: str, client_reader, client_writer) -> None:
        try:
            head = await client_reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_writer.close()
            return
        marker = HEADER.lower().encode() + b":"
        first, *lines = head[:-4].split(b"\r\n")
        kept = [line for line in lines if not line.lower().startswith(marker)]
        signed = b"\r\n".join([first, f"{HEADER}: {user}".encode(), *kept]) + b"\r\n\r\n"
        reader, writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        writer.write(signed)
        with contextlib.suppress(asyncio.CancelledError):  # closed at the end of a run
            await asyncio.gather(_pipe(client_reader, writer), _pipe(reader, client_writer))

    def close(self) -> None:
        async def shutdown():
            for server in self._servers:
                server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


async def _pipe(reader, writer) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


def format_table(report: dict) -> str:
    lines = [
        f"CPU: {report['cpu_model']} ({report['cpus']} cores); load average "
        f"{report['load_average_before']} before, {report['load_average_after']} after",
        f"{'user':<20} " + " ".join(f"{h:>9}" for h in HEADINGS) + "  outcomes",
    ]
    rows = dict(report["users"])
    for order, run in report.get("baseline", {}).items():
        if isinstance(run, dict):
            rows |= {f"{order}: burst": run["burst_user"], f"{order}: others": run["other_users"]}
    for name, s in rows.items():
        cells = [s[k] for k in ("first_token_p50_s", "first_token_p95_s", "total_p50_s")]
        cells.append(s["total_p95_s"])
        shown = " ".join(f"{c:>9.1f}" if c is not None else f"{'-':>9}" for c in cells)
        lines.append(f"{name:<20} {shown}  {s['outcomes']}")
    lines.append(f"fairness ratio (slowest p95 total / fastest): {report['fairness_ratio']}")
    return "\n".join(lines)
