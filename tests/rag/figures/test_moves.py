"""Price moves computed from the recorded closes (prices loaded through the real parser, the
expected numbers read from the CSV directly): the move across an event by its session, a day's
return, z-score and rank, the largest moves of a window."""

import csv
import statistics
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingestion.events import filing_events
from ingestion.sources.market import parse_history_csv
from ingestion.sources.sec import parse_submissions
from rag.figures.moves import Moves, reacts_next_day
from rag.search.db import connect
from rag.search.structured import PriceStore

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"
AFTER_DATA = datetime(2025, 11, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def moves(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("moves") / "m.db")
    for ticker in ("NVDA", "AAPL"):
        payload = (SAMPLE / "market/daily_ohlcv" / f"{ticker}.csv").read_bytes()
        PriceStore(conn).upsert(parse_history_csv(payload, ticker, now=AFTER_DATA))
    return Moves(PriceStore(conn))


def closes(ticker: str) -> dict[str, float]:
    with open(SAMPLE / "market/daily_ohlcv" / f"{ticker}.csv", newline="") as handle:
        return {row["Date"][:10]: float(row["Close"]) for row in csv.DictReader(handle)}


def event(ticker: str, cik: str, accession: str):
    _, refs = parse_submissions((SAMPLE / f"sec/submissions/CIK{cik}.json").read_bytes())
    return next(e for e in filing_events(refs) if e.accession == accession)


def test_an_after_hours_release_moves_the_next_days_close(moves):
    release = event("NVDA", "0001045810", "0001045810-24-000113")  # 2024-05-22 16:21 New York
    assert reacts_next_day(release)
    across = moves.across(release)
    close = closes("NVDA")
    assert (across.base.date, across.reaction.date) == ("2024-05-22", "2024-05-23")
    expected = (close["2024-05-23"] / close["2024-05-22"] - 1) * 100
    assert across.percent == pytest.approx(expected, abs=1e-9)
    assert round(across.percent, 1) == 9.3
    later = dict(across.later)
    assert later[5].date == "2024-05-31"
    facts = moves.event_facts(across)
    assert facts[0].unit == "%" and facts[0].as_of == "2024-05-23"
    assert facts[0].source.source == "market" and "2024-05-22" in facts[0].source.snippet


def test_a_release_in_regular_hours_moves_that_days_close(moves):
    release = event("AAPL", "0000320193", "0000320193-24-000080")  # 2024-08-01 12:30 New York
    assert release.session == "regular" and not reacts_next_day(release)
    across = moves.across(release)
    assert (across.base.date, across.reaction.date) == ("2024-07-31", "2024-08-01")


def test_a_days_z_score_and_rank_come_from_the_closes_before_it(moves):
    close = closes("NVDA")
    days = sorted(close)
    i = days.index("2024-05-23")
    returns = [(close[days[k]] / close[days[k - 1]] - 1) * 100 for k in range(1, i + 1)]
    before = returns[-61:-1]
    z = (returns[-1] - statistics.fmean(before)) / statistics.stdev(before)
    move = moves.day("NVDA", "2024-05-23")
    assert move.z == pytest.approx(z)
    assert move.rank == 1 + sum(abs(r) > abs(returns[-1]) for r in returns[-252:])
    names = [f.name for f in moves.day_facts(move)]
    assert names[0] == "NVDA daily return on 2024-05-23"
    assert any("standard deviations" in n for n in names)


def test_no_trading_day_gives_no_move(moves):
    assert moves.day("NVDA", "2024-05-25") is None  # a Saturday
    assert moves.next_trading_day("NVDA", "2024-05-25") == "2024-05-28"


def test_the_largest_moves_of_a_window_are_the_largest_absolute_returns(moves):
    close = closes("NVDA")
    days = [d for d in sorted(close) if "2024-06-28" <= d <= "2024-09-30"]
    returns = {b: (close[b] / close[a] - 1) * 100 for a, b in zip(days, days[1:], strict=False)}
    top = sorted(returns, key=lambda d: -abs(returns[d]))[:3]
    assert [m.date for m in moves.largest("NVDA", "2024-07-01", "2024-09-30")] == top
