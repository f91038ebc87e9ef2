"""The watchlist: validated ticker symbols, seeded once from the settings, then the analyst's."""

import pytest

from core.errors import InputError
from core.settings import load_settings
from ingestion.watchlist import MAX_WATCHLIST, Watchlist, normalize_ticker, with_workspace_watchlist


@pytest.fixture
def settings(tmp_path):
    return load_settings(home=tmp_path / "home", ingest={"watchlist": ["AAPL", "MSFT"]})


@pytest.mark.parametrize(
    ("text", "symbol"),
    [(" aapl ", "AAPL"), ("$tsla", "TSLA"), ("brk.b", "BRK.B"), ("BF-B", "BF-B")],
)
def test_ticker_symbols_are_normalized(text, symbol):
    assert normalize_ticker(text) == symbol


@pytest.mark.parametrize("text", ["", "1AAPL", "AAPL;DROP", "<script>", "TOOLONGX", "A B"])
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(InputError, match="is not a ticker symbol"):
        normalize_ticker(text)


def test_the_watchlist_starts_from_settings_and_then_keeps_the_analysts_edits(settings):
    watchlist = Watchlist.open(settings)
    assert watchlist.tickers() == ["AAPL", "MSFT"]
    assert watchlist.add("nvda") == "NVDA"
    watchlist.add("NVDA")  # already there: nothing changes
    watchlist.remove("AAPL")
    watchlist.remove("MSFT")
    watchlist.remove("NVDA")
    assert Watchlist.open(settings).tickers() == []  # emptied on purpose: not seeded again
    Watchlist.open(settings).add("JPM")
    assert Watchlist.open(settings).tickers() == ["JPM"]


def test_refresh_outside_the_ui_uses_the_workspace_watchlist(settings):
    assert with_workspace_watchlist(settings).ingest.watchlist == ["AAPL", "MSFT"]
    Watchlist.open(settings).add("JPM")
    Watchlist.open(settings).remove("AAPL")
    assert with_workspace_watchlist(settings).ingest.watchlist == ["MSFT", "JPM"]
    assert settings.ingest.watchlist == ["AAPL", "MSFT"]  # the settings passed in are unchanged


def test_the_watchlist_has_a_size_limit(settings):
    watchlist = Watchlist.open(settings)
    for n in range(MAX_WATCHLIST - 2):
        watchlist.add(f"T{n}")
    with pytest.raises(InputError, match="at most"):
        watchlist.add("ZZZ")


def test_the_watchlist_lives_in_the_workspace_database(settings):
    Watchlist.open(settings).add("JPM")
    assert settings.paths.workspace_db.is_file()
    assert not settings.paths.database.exists()  # the index is not touched
