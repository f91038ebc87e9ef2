"""What a story reported (rag.query.press), a day named by a filing (rag.query.filing_days) and
follow-ups that point back (rag.query.followups): each with the look-alikes that ask something
else."""

from datetime import date

import pytest

from rag.query.analysis import analyze
from rag.query.dates import with_iso_dates
from rag.query.filing_days import on_day, read_filing_day
from rag.query.followups import analyze_chat

AS_OF = date(2025, 11, 7)


@pytest.mark.parametrize(
    "question",
    [
        "What deal did Nvidia close in April 2020, according to CNBC?",
        "Per Reuters, how much did Microsoft pay for Activision?",
        "What did a March 2023 Bloomberg story say about Tesla's margins?",
        "What did the Guardian say Amazon was paid in tax credits in April 2020?",
        "Which country reportedly agreed terms with Apple in February 2025?",
        "What price target did Morgan Stanley set on Tesla stock in 2024?",
        "Which bank downgraded Apple in January 2025?",
        "How many cars did Musk tell CNBC Tesla would deliver in 2020?",
    ],
)
def test_a_question_about_what_a_story_said_is_answered_from_the_news(question):
    query = analyze(question, AS_OF)
    assert query.press
    assert query.intent == "narrative" and query.sources == ["news"]


def test_the_story_is_looked_for_in_the_month_named():
    query = analyze("What acquisition did Nvidia close in April 2020, per CNBC?", AS_OF)
    assert (query.date_from, query.date_to) == ("2020-04-01", "2020-05-01")


@pytest.mark.parametrize(
    "question",
    [
        "What was Apple's revenue per share in FY2024?",  # "per" a share, not a paper
        "What was Apple's reported net income in fiscal 2024?",
        "What was NVIDIA's headline EPS for fiscal 2025?",
        "What did AAPL close at on 2025-11-07 according to Yahoo Finance?",  # the market data
        "What was Tesla's stock price on June 20, 2024?",
        "What happens to Boeing if its credit rating is downgraded?",  # in its risk factors
        "What is the credit rating of Apple's senior notes?",
    ],
)
def test_look_alikes_are_not_press_questions(question):
    assert not analyze(question, AS_OF).press


@pytest.mark.parametrize(
    ("question", "form", "years", "month"),
    [
        (
            "What was NVDA's close on the day NVIDIA filed its fiscal 2025 10-K?",
            "10-K",
            (2025,),
            None,
        ),
        (
            "Where did Nvidia stock close on the day the company filed its 10-K for fiscal 2025?",
            "10-K",
            (2025,),
            None,
        ),
        ("What was AAPL's close on its FY2024 10-K filing date?", "10-K", (2024,), None),
        (
            "Tesla's close on the day that its annual report was filed for 2024?",
            "10-K",
            (2024,),
            None,
        ),
        (
            "MSFT's close on the date it filed its quarterly report for the quarter ended "
            "March 2025?",
            "10-Q",
            (2025,),
            "2025-03",
        ),
        ("What did Apple shares close at on the day Apple filed its 8-K?", "8-K", (), None),
    ],
)
def test_a_day_named_by_a_filing_is_read_with_its_form_and_period(question, form, years, month):
    asked = read_filing_day(with_iso_dates(question))
    assert asked is not None
    assert (asked.form, asked.fiscal_years, asked.period_month) == (form, years, month)


def test_the_filing_day_is_written_in_the_phrase_place_and_read_as_a_day():
    question = "By how much did AAPL change, in percent, from its close on the day Apple filed "
    question += "its fiscal 2024 10-K to its close on 2025-11-07?"
    asked = read_filing_day(question)
    dated = analyze(on_day(question, asked, "2024-11-01"), AS_OF)
    assert dated.price_window(AS_OF) == ("2024-11-01", "2025-11-07")


@pytest.mark.parametrize(
    "question",
    [
        "What did Apple file in its 10-K for fiscal 2024?",
        "When did Apple file its fiscal 2024 10-K?",
        "What was the closing price of AAPL on 2024-11-01?",
    ],
)
def test_no_filing_day_where_none_is_named(question):
    assert read_filing_day(with_iso_dates(question)) is None


@pytest.mark.parametrize(
    ("earlier", "question", "tickers", "years", "window"),
    [
        (
            "What was AAPL's closing price on 2025-11-07?",
            "What about Microsoft's close that day?",
            ["MSFT"],
            [],
            ("2025-11-07", "2025-11-07"),
        ),
        (
            "What was AMZN's lowest low in April 2025?",
            "When did Amazon trade at that low?",
            ["AMZN"],
            [2025],
            ("2025-04-01", "2025-04-30"),
        ),
        (
            "What was Amazon's diluted EPS in 2023?",
            "And the following year?",
            ["AMZN"],
            [2024],
            None,
        ),
        (
            "What was Apple's revenue in FY2024?",
            "Calculate its year-over-year growth.",
            ["AAPL"],
            [2024],
            None,
        ),
    ],
)
def test_follow_ups_that_point_back_take_the_earlier_period(
    earlier, question, tickers, years, window
):
    query = analyze_chat(question, [earlier], AS_OF)
    assert query.tickers == tickers and query.fiscal_years == years
    if window:
        assert query.price_window(AS_OF) == window


def test_a_question_of_its_own_after_another_takes_nothing():
    query = analyze_chat(
        "What are Nvidia's main risk factors?", ["What was Apple's revenue in FY2024?"], AS_OF
    )
    assert query.tickers == ["NVDA"] and query.fiscal_years == [] and query.carried == ()
