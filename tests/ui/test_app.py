"""The analyst workspace (app.py and ui/) driven headless with Streamlit's AppTest, against a copy
of the real demo index (real ChromaDB and embedder) and the deterministic scripted LLM, which
restates its prompt: the sources it was given and the question."""

import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.markdown import escape_markdown
from ui.indexing import INDEXED, REJECTED, STALE
from ui.jobs import QueuedLLM
from ui.readable import readable
from ui.text import friendly

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
UPLOADS = ROOT / "tests" / "data" / "uploads"
BESTBUY = "BESTBUY_2024Q2_10Q_p17-19.pdf"
PHRASEBANK = "financial_phrasebank_README.txt"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> ![x](http://evil.example/p.png)"


@pytest.fixture
def home(sample_home, tmp_path, monkeypatch) -> Path:
    """A writable copy of the demo index, used by the app with the scripted LLM."""
    copy = tmp_path / "home"
    shutil.copytree(sample_home, copy, ignore=shutil.ignore_patterns("*.lock", "*.owner.json"))
    monkeypatch.setenv("FINASSIST_HOME", str(copy))
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    return copy


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return at


def section(at: AppTest, label: str):
    return next(e for e in at.sidebar.expander if e.label == label)


def button(container, label: str):
    return next(b for b in container.button if b.label.startswith(label))


def texts(node) -> list[str]:
    """Every piece of Markdown the node renders (text, captions, alerts, expander labels)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success")
    values = [e.value for kind in kinds for e in node.get(kind)]
    return values + [e.label for e in node.get("expander")]


def only_literal(text: str) -> bool:
    """Nothing in `text` can become HTML, a link or an image once rendered as Markdown; the only
    links are citation numbers to their sources on the page ("[\\[1\\]](#source-7-1)")."""
    rest = re.sub(r"\[\\\[\d+\\\]\]\(#source-\d+-\d+\)", "", text)
    rest = re.sub(r"\\.", "", rest)  # escaped characters render as themselves
    return "<" not in rest and "![" not in rest and "](" not in rest


def plain(markdown: str) -> str:
    """What a reader sees of our Markdown: no ":small[...]" wrapper, no escapes or bold marks."""
    text = re.sub(r"^:small\[(.*)\]$", r"\1", markdown)
    return re.sub(r"\\(.)", r"\1", text).strip("*")


def source_labels(message) -> list[str]:
    """The label of every source under an answer: the cited ones, then those also retrieved."""
    cited = [plain(h.value) for h in message.subheader]
    folded = [e for e in message.expander if e.label.startswith("Also retrieved")]
    return cited + [
        plain(m.value) for e in folded for m in e.markdown if m.value.startswith("**\\[")
    ]


def source_kinds(message) -> set[str]:
    """The source type of each numbered source under an answer ("SEC filing", "News", ...)."""
    return {label.split(" — ", 1)[1].split(" · ")[0] for label in source_labels(message)}


# ---- asking -------------------------------------------------------------------------------------


def test_an_answer_shows_its_figures_numbered_sources_and_a_price_chart(home):
    at = ask(start(), "What were Apple's total net sales in fiscal 2024?")
    user, answer = at.chat_message
    assert user.markdown[0].value == "What were Apple's total net sales in fiscal 2024?"
    assert "[\\[1\\]](#source-" in answer.markdown[0].value, "[1] links to its source"
    figures = answer.dataframe[0].value
    row = figures.iloc[0].to_dict()
    assert (row["Figure"], row["Value"], row["Unit"]) == ("AAPL revenue", "$391,035 million", "USD")
    assert row["Period"] == "FY2024 (fiscal year ended 2024-09-28)" and row["Source"] == "[1]"
    cited = [plain(h.value) for h in answer.subheader]
    assert cited[0].startswith("[1] Apple Inc. 10-K FY2024"), "the figure's source is cited"
    assert answer.subheader[0].proto.anchor.startswith("source-")
    assert "SEC filing · AAPL · 10-K" in cited[0]
    labels = source_labels(answer)
    assert any("SEC filing · AAPL · 10-K · Item 8" in label for label in labels[1:])
    assert any(e.label.startswith("Also retrieved") for e in answer.expander)
    assert [int(label[1 : label.index("]")]) for label in labels] == list(
        range(1, len(labels) + 1)
    ), "every source keeps the number the answer cites it by"
    snippets = [m.value for e in answer.expander for m in e.markdown]
    assert any("391,035" in s for s in snippets)
    links = [b.proto.url for b in answer.get("link_button")]
    assert any("sec.gov/Archives/edgar/data/320193" in url for url in links)
    chart = answer.get("vega_lite_chart")[0].proto.spec
    assert "AAPL, 2023-09-29 to 2024-09-28" in chart, "the chart spans the fiscal year asked"
    assert "scripted" in answer.caption[-1].value


def test_a_question_the_index_cannot_answer_says_not_found(home):
    at = ask(start(), "What was Boeing's revenue in fiscal 2024?")
    answer = at.chat_message[-1]
    assert answer.info[0].value.startswith("**Not found in the indexed data.**")
    assert not answer.expander and not answer.dataframe and not answer.get("vega_lite_chart")


def test_an_answer_without_a_window_has_no_chart(home):
    at = ask(start(), "What are Nvidia's main risk factors?")
    assert not at.chat_message[-1].get("vega_lite_chart"), "no window named, so no chart"


def test_the_source_and_date_filters_change_what_is_retrieved(home):
    at = start()
    question = "What did analysts say about Apple?"
    at.sidebar.multiselect(key="filter_sources").set_value(["news"]).run()
    ask(at, question)
    assert source_kinds(at.chat_message[-1]) == {"News"}

    at.sidebar.multiselect(key="filter_sources").set_value(["sec"]).run()
    ask(at, question)
    assert source_kinds(at.chat_message[-1]) == {"SEC filing"}

    at.sidebar.multiselect(key="filter_sources").set_value(["news"]).run()
    at.sidebar.toggle(key="filter_dates_on").set_value(True).run()
    from datetime import date

    at.sidebar.date_input(key="filter_dates").set_value((date(2020, 1, 1), date(2020, 12, 31)))
    ask(at.run(), question)
    dates = [label.rsplit(" · ", 1)[1] for label in source_labels(at.chat_message[-1])]
    assert dates and all(d.startswith("2020-") for d in dates)


def test_a_comparison_charts_both_tickers_indexed_to_100(home):
    at = ask(start(), "Compare Apple and Microsoft stock over the past year")
    chart = at.chat_message[-1].get("vega_lite_chart")[0]
    spec = chart.proto.spec
    assert "AAPL vs MSFT" in spec and "Indexed close (first day = 100)" in spec


def test_a_comparison_across_companies_shows_its_table_and_bars_and_no_price_chart(home):
    at = ask(start(), "Which of NVDA, AMD and TSLA had the highest net income in fiscal 2024?")
    answer = at.chat_message[-1]
    table = answer.dataframe[0].value
    assert list(table.columns) == ["Company", "FY2024"]
    cells = dict(zip(table["Company"], table["FY2024"], strict=True))
    assert cells["Nvidia (NVDA)"].startswith("$29,760 million [")
    assert cells["Advanced Micro Devices (AMD)"].startswith("missing: the store holds no")
    assert any("different months" in c.value for c in answer.caption)
    charts = [c.proto.spec for c in answer.get("vega_lite_chart")]
    assert len(charts) == 1, "the bars only: no price chart for a comparison"
    assert "net income: NVDA, AMD, TSLA" in charts[0] and "Indexed close" not in charts[0]


# ---- uploads ------------------------------------------------------------------------------------


def upload(at: AppTest, *paths: str) -> AppTest:
    files = [(Path(p).name, (UPLOADS / p).read_bytes(), "application/octet-stream") for p in paths]
    section(at, "Your documents").file_uploader[0].set_value(files).run()
    button(section(at, "Your documents"), "Index").click().run()
    assert not at.exception
    return at


def test_uploads_say_per_file_how_many_passages_went_in_or_why_not(home):
    at = upload(
        start(),
        f"good/{BESTBUY}",
        f"good/{PHRASEBANK}",
        "bad/encrypted_rc4.pdf",
        "bad/elf_renamed.pdf",
        "bad/whitespace_only.txt",
    )
    lines = [m.value for m in section(at, "Your documents").markdown]
    assert lines[0] == f"{INDEXED} **{escape_markdown(BESTBUY)}** — 25 passages indexed"
    phrasebank = f"{INDEXED} **{escape_markdown(PHRASEBANK)}** — "
    assert lines[1].startswith(phrasebank) and lines[1].endswith(" passages indexed")
    assert lines[2:5] == [
        f"{REJECTED} **{escape_markdown('encrypted_rc4.pdf')}** — rejected: "
        + escape_markdown("password-protected PDF"),
        f"{REJECTED} **{escape_markdown('elf_renamed.pdf')}** — rejected: "
        + escape_markdown("unsupported file type: ELF executable"),
        f"{REJECTED} **{escape_markdown('whitespace_only.txt')}** — rejected: "
        + escape_markdown("empty file"),
    ]
    listed = [m for m in lines[5:] if "passages" in m]
    assert len(listed) == 2 and any("3 pages" in m for m in listed)


def test_only_the_selected_uploads_are_searched_and_a_deleted_one_is_gone(home):
    at = upload(start(), f"good/{BESTBUY}", f"good/{PHRASEBANK}")
    documents = at.sidebar.multiselect(key="filter_documents")
    ids = [
        b.key.removeprefix("delete-")
        for b in at.sidebar.button
        if (b.key or "").startswith("delete-")
    ]
    phrasebank = next(i for i in ids if documents.format_func(i) == PHRASEBANK)
    documents.select(phrasebank).run()
    ask(at, "What is this data set about?")
    titles = {label.split(" — ")[0] for label in source_labels(at.chat_message[-1])}
    assert titles and all(PHRASEBANK in t for t in titles)

    # delete the document the filter is set to: the filter lets go of it, its chunks go
    next(b for b in at.sidebar.button if b.key == f"delete-{phrasebank}").click().run()
    assert not at.exception
    assert not any(b.key == f"delete-{phrasebank}" for b in at.sidebar.button)
    assert any("Deleted" in s.value for s in at.sidebar.success)
    assert at.sidebar.multiselect(key="filter_documents").value == []
    with sqlite3.connect(home / "finassist.db") as conn:
        left = conn.execute("SELECT COUNT(*) FROM chunks WHERE document_id = ?", (phrasebank,))
        assert left.fetchone()[0] == 0


# ---- refresh and the writer lock ------------------------------------------------------------


def test_refresh_while_another_process_writes_says_so_at_once(home):
    code = (
        "import sys, time; from pathlib import Path; from ingestion.lock import WriterLock\n"
        "with WriterLock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(home)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        at = start()
        data = section(at, "Data and model")
        assert "Another FinAssist job is updating the index right now." in texts(data)
        started = time.monotonic()
        button(data, "Refresh now").click().run(timeout=30)
        assert time.monotonic() - started < 20
        warning = section(at, "Data and model").warning[0].value
        assert warning.startswith("The index is being updated by another FinAssist job")
        assert escape_markdown(f"pid {holder.pid}") in warning
    finally:
        holder.kill()
        holder.wait()


def test_the_sidebar_shows_the_model_counts_and_stale_sources(home):
    data = section(start(), "Data and model")
    shown = texts(data)
    assert any(t.startswith(escape_markdown("Model: scripted")) for t in shown)
    assert any(re.match(r"[\d,]+ documents · [\d,]+ passages · 4,518 price rows", t) for t in shown)
    assert escape_markdown("Prices as of 2025-11-07") + STALE in shown


def test_the_watchlist_takes_valid_tickers_and_refuses_others(home):
    at = start()
    watch = section(at, "Watchlist")
    watch.text_input[0].input("brk.b")
    button(watch, "Add to watchlist").click().run()
    assert any(b.key == "unwatch-BRK.B" for b in section(at, "Watchlist").button)

    section(at, "Watchlist").text_input[0].input("<script>")
    button(section(at, "Watchlist"), "Add to watchlist").click().run()
    error = section(at, "Watchlist").error[0].value
    assert "is not a ticker symbol" in error and only_literal(error)

    next(b for b in at.sidebar.button if b.key == "unwatch-BRK.B").click().run()
    assert not any(b.key == "unwatch-BRK.B" for b in at.sidebar.button)


# ---- chats --------------------------------------------------------------------------------------


def test_chat_history_survives_a_restart_and_a_new_chat_starts_empty(home):
    ask(start(), "What were Apple's total net sales in fiscal 2024?")

    again = start()  # a new session, as after restarting the app
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    assert again.chat_message[1].dataframe[0].value.iloc[0]["Value"] == "$391,035 million"
    chats = section(again, "Chats")
    assert chats.selectbox[0].value is not None
    assert not chats.get("download_button")[0].proto.disabled

    button(chats, "New chat").click().run()
    assert not again.chat_message and again.title[0].value == "FinAssist"
    ask(again, "What are Nvidia's main risk factors?")
    options = section(again, "Chats").selectbox[0].options
    assert len(options) == 2 and "Nvidia" in options[0]


# ---- nothing renders as HTML ------------------------------------------------------------------


def test_html_and_images_in_a_model_answer_render_as_text(monkeypatch, tmp_path):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "empty-home"))  # no index: pure echo
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    at = ask(start(), HOSTILE)
    user, answer = at.chat_message
    assert user.markdown[0].value == readable(HOSTILE)
    assert answer.markdown[0].value == readable(f"You asked: {HOSTILE}")
    assert all(only_literal(t) for t in texts(at.main) + texts(at.sidebar))


def test_html_and_images_in_an_uploaded_document_render_as_text(home, tmp_path):
    memo = tmp_path / "memo.md"
    memo.write_text(
        "# Zebraquasar board memo <script>alert(1)</script>\n\n"
        f"The zebraquasar plan is on track. {HOSTILE}\n"
    )
    at = start()
    files = [("memo <img src=x onerror=alert(1)>.md", memo.read_bytes(), "text/markdown")]
    section(at, "Your documents").file_uploader[0].set_value(files).run()
    button(section(at, "Your documents"), "Index").click().run()
    ask(at, "What does the zebraquasar board memo say?")
    answer = at.chat_message[-1]
    assert any("\\<script\\>alert(1)\\</script\\>" in t for t in texts(answer))
    assert all(only_literal(t) for t in texts(at.main) + texts(at.sidebar))


# ---- the model queue and the shipped model ------------------------------------------------------


def test_a_waiting_question_knows_its_place_in_the_queue_and_a_full_queue_says_busy():
    import threading

    from core.errors import ModelBusy
    from model.scripted import ScriptedLLM
    from model.worker import InferenceWorker

    release = threading.Event()
    worker = InferenceWorker(
        ScriptedLLM(lambda _: "done" if release.wait(60) else ""), queue_size=2
    )
    asking = [QueuedLLM(worker) for _ in range(3)]
    threads = [
        threading.Thread(
            target=lambda q=q: list(q.stream([{"role": "user", "content": "hi"}], max_tokens=8))
        )
        for q in asking
    ]
    threads[0].start()
    while asking[0].generation is None or worker.position(asking[0].generation) != 0:
        time.sleep(0.01)  # the first question is being answered
    for thread in threads[1:]:
        thread.start()
    while any(q.generation is None for q in asking):
        time.sleep(0.01)
    assert [q.position for q in asking] == [0, 1, 2]
    refused = QueuedLLM(worker)
    assert list(refused.stream([{"role": "user", "content": "hi"}], max_tokens=8)) == []
    assert isinstance(refused.busy, ModelBusy)
    assert friendly(refused.busy) == "The model is busy (2 questions waiting); try again shortly."
    release.set()
    for thread in threads:
        thread.join()
    worker.close()


def test_an_answer_cut_at_its_time_limit_takes_its_waiting_generation_out_of_the_queue(
    tmp_path, monkeypatch
):
    """The model never spends a turn on a question whose answer has already been given."""
    import threading

    from core.settings import load_settings
    from model.scripted import ScriptedLLM
    from model.worker import InferenceWorker
    from ui.chats import ChatStore
    from ui.engine import Engine
    from ui.jobs import AnswerJob, Loader

    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))  # nothing indexed: model only
    monkeypatch.setenv("FINASSIST_LLM__ANSWER_BUDGET_S", "0.5")
    release = threading.Event()
    worker = InferenceWorker(ScriptedLLM(lambda _: "done" if release.wait(60) else ""))
    ahead = worker.submit([{"role": "user", "content": "hi"}], user="bob")  # holds the model
    while worker.position(ahead) != 0:
        time.sleep(0.01)
    settings = load_settings()
    engine = Engine(settings, Loader("model", lambda: worker), None, None)
    chats = ChatStore.open(settings.home, "alice")
    job = AnswerJob(engine, chats, chats.new_chat(), "What is a 10-K?", None)
    assert job.done.wait(60) and job.error is None
    assert "time limit" in (job.result.notice or "")  # cut while bob's question held the model
    assert job.llm.generation.finish_reason == "cancelled"
    assert worker.position(job.llm.generation) == 0  # no longer waiting
    release.set()
    assert "".join(ahead) == "done"
    worker.close()


def busy_worker():
    """A worker whose model is held by bob's question and whose queue (one place) is full with
    one of alice's (so her next question is refused)."""
    import threading

    from model.scripted import ScriptedLLM
    from model.worker import InferenceWorker

    release = threading.Event()
    worker = InferenceWorker(ScriptedLLM(lambda _: "" if release.wait(60) else ""), queue_size=1)
    held = [worker.submit([{"role": "user", "content": "hi"}], user="bob")]
    while worker.position(held[0]) != 0:
        time.sleep(0.01)
    held.append(worker.submit([{"role": "user", "content": "hi"}], user="alice"))
    return worker, release


def answer_with(worker, settings, question: str):
    from ui.chats import ChatStore
    from ui.engine import Engine, embedder, store_loader
    from ui.jobs import AnswerJob, Loader

    indexed = settings.paths.indexed
    engine = Engine(
        settings,
        Loader("model", lambda: worker),
        embedder(settings) if indexed else None,
        store_loader(settings, "test") if indexed else None,
    )
    chats = ChatStore.open(settings.home, "alice")
    job = AnswerJob(engine, chats, chats.new_chat(), question, None)
    assert job.done.wait(300)
    return job


def test_a_busy_model_still_gives_the_passages_and_sources_with_a_note(home):
    from core.settings import load_settings
    from ui.jobs import BUSY_NOTE

    worker, release = busy_worker()
    job = answer_with(worker, load_settings(), "What did analysts say about Apple?")
    release.set()
    worker.close()
    assert job.error is None and job.result.citations  # the code-written part, with sources
    assert BUSY_NOTE in job.result.notice


def test_a_busy_model_with_nothing_else_to_show_says_busy(tmp_path, monkeypatch):
    from core.settings import load_settings

    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))  # nothing indexed: model only
    worker, release = busy_worker()
    job = answer_with(worker, load_settings(), "What is a 10-K?")
    release.set()
    worker.close()
    assert job.busy and job.error == "The model is busy (1 questions waiting); try again shortly."


def test_the_place_in_line_is_said_only_while_a_question_waits():
    from ui.conversation import place_in_line

    assert place_in_line(3) == "Waiting for the model: you are number 3 in line."
    assert place_in_line(0) is None


@pytest.mark.slow
def test_the_page_answers_through_the_real_model(monkeypatch, tmp_path):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))
    at = ask(start(), "What is a 10-K?")
    answer = at.chat_message[1]
    assert len(answer.markdown[0].value.strip()) > 3
    assert "not checked against any source" in answer.caption[0].value


def test_the_companies_filter_offers_the_stored_companies_by_name(home):
    at = start()
    companies = at.sidebar.multiselect(key="filter_tickers")
    stored = ["Amazon (AMZN)", "Apple (AAPL)", "JPMorgan Chase (JPM)", "Microsoft (MSFT)"]
    assert [name for name in companies.options if name in stored] == stored  # by name
    assert companies.options == sorted(companies.options, key=str.lower)
    assert {"Nvidia (NVDA)", "Tesla (TSLA)"} <= set(companies.options)
    companies.set_value(["NVDA"]).run()
    assert at.sidebar.multiselect(key="filter_tickers").value == ["NVDA"]
