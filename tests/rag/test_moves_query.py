"""Which questions ask about a price move, and of what day or window (rag.query.moves)."""

from datetime import date

import pytest

from rag.query import analyze, analyze_chat

AS_OF = date(2025, 11, 7)


def move(question: str):
    return analyze(question, AS_OF).move


def test_why_after_earnings_of_a_month():
    ask = move("Why did NVIDIA stock move after its May 2024 earnings?")
    assert (ask.kind, ask.earnings, ask.start, ask.end) == ("why", True, "2024-05-01", "2024-05-31")


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Why did NVDA jump on May 23, 2024?", "2024-05-23"),
        ("Why did Tesla shares drop on 2024-07-24?", "2024-07-24"),
        ("Why did Apple stock fall on 3 May 2024?", "2024-05-03"),
        ("What caused MSFT to fall on Jan 30 2025?", "2025-01-30"),
        ("Why did Apple go up on 2024-05-03?", "2024-05-03"),
    ],
)
def test_why_on_a_day(question, day):
    ask = move(question)
    assert (ask.kind, ask.day, ask.earnings) == ("why", day, False)


def test_what_happened_around_a_day_needs_no_stock_word():
    ask = move("What happened to Tesla around April 24, 2024?")
    assert (ask.kind, ask.day) == ("around", "2024-04-24")


def test_what_moved_the_stock_in_a_quarter_is_its_largest_moves():
    ask = move("What moved Microsoft's stock in Q3 2024?")
    assert (ask.kind, ask.start, ask.end) == ("largest", "2024-07-01", "2024-09-30")


def test_reaction_to_a_quarters_results_looks_after_the_quarter():
    ask = move("How did AAPL shares react to its Q2 2024 results?")
    assert ask.kind == "why" and ask.earnings and ask.start == "2024-06-30"


@pytest.mark.parametrize(
    "question",
    [
        "why is the sky blue",
        "What moved Apple's revenue?",
        "Why did Apple's net income fall in FY2024?",
        "Why did Apple's earnings fall?",
        "What happened to Apple's revenue in 2024?",
        "What was AAPL's closing price on 2025-11-07?",
        "Why did the market fall on 2024-08-05?",  # no company
        "What are NVIDIA's main risk factors?",
        "What caused Apple's revenue to fall?",
    ],
)
def test_not_price_move_questions(question):
    assert move(question) is None


EARLIER = ["Why did NVIDIA stock move after its May 2024 earnings?"]


@pytest.mark.parametrize(
    ("question", "ticker", "kind", "day", "start", "earnings"),
    [
        ("And after the August 2024 earnings?", "NVDA", "why", None, "2024-08-01", True),
        ("What about Tesla?", "TSLA", "why", None, "2024-05-01", True),
        ("And on 2024-06-10?", "NVDA", "why", "2024-06-10", None, False),
        ("And in Q3 2024?", "NVDA", "largest", None, "2024-07-01", False),
    ],
)
def test_a_follow_up_of_a_move_question_asks_the_move_of_its_own_day_or_company(
    question, ticker, kind, day, start, earnings
):
    query = analyze_chat(question, EARLIER, AS_OF)
    ask = query.move
    assert query.tickers == [ticker]
    assert (ask.kind, ask.day, ask.start, ask.earnings) == (kind, day, start, earnings)


@pytest.mark.parametrize(
    "question", ["What are its main risk factors?", "What was its revenue in FY2024?"]
)
def test_a_follow_up_asking_something_else_is_no_move_question(question):
    assert analyze_chat(question, EARLIER, AS_OF).move is None
