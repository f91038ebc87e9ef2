"""News source: the real EDGAR Atom feed, Yahoo search news and CNBC/Guardian headline CSVs."""

import csv
import hashlib
import io
import json
import re
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from core.errors import SourceError
from ingestion.http import Fetcher
from ingestion.sources.news import (
    DEFAULT_COMPANIES,
    NewsFeeds,
    NewsItem,
    canonical_url,
    content_hash,
    news_documents,
    parse_feed,
    parse_headlines_csv,
    parse_yahoo_search,
    tag_tickers,
)

ROOT = Path(__file__).resolve().parents[3]
NEWS = ROOT / "data" / "sample" / "news"
SEARCH = NEWS / "yahoo_search"
FEED_NAME = "edgar-getcurrent-count40-start0.atom.xml"
# The EDGAR feed is part of the SEC sample set (owned by the SEC source); fall back to the shared
# data set when the project copy is absent.
EDGAR_FEED = next(
    (
        path
        for path in (
            ROOT / "data" / "sample" / "sec" / "feeds" / FEED_NAME,
            Path("/work/shared/data/sec/feeds") / FEED_NAME,
        )
        if path.exists()
    ),
    ROOT / "data" / "sample" / "sec" / "feeds" / FEED_NAME,
)
FEED_URL = (
    "https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent&count=40&start=0"
    "&type=&owner=include&output=atom"
)


def feed_bytes() -> bytes:
    return EDGAR_FEED.read_bytes()


def feed_items() -> list[NewsItem]:
    return parse_feed(feed_bytes(), FEED_URL)


def cnbc() -> list[NewsItem]:
    return parse_headlines_csv((NEWS / "cnbc_headlines.csv").read_bytes(), "CNBC")


def guardian() -> list[NewsItem]:
    payload = (NEWS / "guardian_headlines_company_subset.csv").read_bytes()
    return parse_headlines_csv(payload, "The Guardian")


def yahoo(name: str) -> list[NewsItem]:
    return parse_yahoo_search((SEARCH / name).read_bytes())


def csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((NEWS / name).read_text(encoding="utf-8"))))


def by_title(items):
    return {item.title: item for item in items}


# ---- RSS / Atom: the real EDGAR feed ------------------------------------------------------


def test_the_edgar_atom_feed_gives_its_40_entries_as_plain_text_items():
    items = feed_items()
    assert len(items) == 40
    first = items[0]
    assert first.title == "4 - BREAUX PAUL W. (0001700545) (Reporting)"
    assert first.summary == "Filed: 2025-12-12 AccNo: 0001700545-25-000020 Size: 13 KB"
    assert first.url == (
        "https://www.sec.gov/Archives/edgar/data/1700545/000170054525000020/"
        "0001700545-25-000020-index.htm"
    )
    assert (first.outlet, first.feed) == ("sec.gov", FEED_URL)
    assert not any("<" in item.summary or "&lt;" in item.summary for item in items)


def test_feed_times_fall_back_to_updated_and_are_normalized_to_utc():
    updated = re.findall(rb"<entry>.*?<updated>(.*?)</updated>", feed_bytes(), re.DOTALL)
    expected = [datetime.fromisoformat(value.decode()) for value in updated]  # -05:00 offsets
    items = feed_items()
    assert len(expected) == len(items) == 40
    assert items[0].published == "2025-12-12T23:02:10+00:00"  # 18:02:10-05:00
    assert [datetime.fromisoformat(item.published) for item in items] == expected
    assert all(item.published.endswith("+00:00") for item in items)


def test_reparsing_the_same_feed_bytes_gives_identical_items():
    assert feed_items() == feed_items()


def _with_doctype(doctype: bytes) -> bytes:
    """The real feed with a DOCTYPE inserted after its XML declaration."""
    declaration, rest = feed_bytes().split(b"\n", 1)
    return declaration + b"\n" + doctype + b"\n" + rest


ENTITY_ATTACKS = {
    "internal entity": b'<!DOCTYPE feed [<!ENTITY filer "BREAUX PAUL W.">]>',
    "billion laughs": (
        b'<!DOCTYPE feed [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    ),
    "external entity": b'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "external DTD": b'<!DOCTYPE feed SYSTEM "https://www.sec.gov/feed.dtd">',
}


@pytest.mark.parametrize("attack", list(ENTITY_ATTACKS))
def test_a_feed_declaring_a_dtd_or_entities_is_refused(attack):
    payload = _with_doctype(ENTITY_ATTACKS[attack])
    if attack == "internal entity":
        payload = payload.replace(b"BREAUX PAUL W.", b"&filer;", 1)
    with pytest.raises(SourceError, match="DTD or entities"):
        parse_feed(payload, FEED_URL)


def test_a_utf16_feed_with_an_entity_is_refused_too():
    text = _with_doctype(ENTITY_ATTACKS["billion laughs"]).decode("iso-8859-1")
    payload = text.replace('encoding="ISO-8859-1"', 'encoding="UTF-16"').encode("utf-16")
    assert b"<!DOCTYPE" not in payload  # the byte check cannot see it; defusedxml must
    with pytest.raises(SourceError, match="DTD or entities"):
        parse_feed(payload, FEED_URL)


def test_a_feed_cut_before_its_first_entry_is_a_failure_not_an_empty_feed():
    payload = feed_bytes()
    with pytest.raises(SourceError, match="not a readable feed"):
        parse_feed(payload[: payload.index(b"<entry>") + 40], FEED_URL)


def test_a_feed_cut_midway_keeps_only_the_entries_that_arrived_whole():
    payload = feed_bytes()
    cut = parse_feed(payload[: len(payload) // 2], FEED_URL)
    assert 0 < len(cut) < 40
    assert cut == feed_items()[: len(cut)]
    assert all(item.url and item.published for item in cut)


def test_bytes_that_are_not_a_feed_are_refused():
    with pytest.raises(SourceError, match="not a readable feed"):
        parse_feed((NEWS / "cnbc_headlines.csv").read_bytes()[:2000], FEED_URL)


def test_a_payload_that_looks_like_a_path_is_never_opened_as_a_file():
    # feedparser.parse(bytes) would open this path and return the 40 entries.
    with pytest.raises(SourceError, match="not a readable feed"):
        parse_feed(str(EDGAR_FEED).encode(), FEED_URL)


def test_item_html_becomes_plain_text_without_scripts_images_hidden_text_or_link_targets():
    # The real feed, with markup appended to the first entry's (escaped HTML) summary.
    markup = (
        b" &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&quot;https://tracker.example/p.gif"
        b"&quot;&gt;&lt;a href=&quot;https://evil.example/x&quot;&gt;read more&lt;/a&gt;"
        b"&lt;span style=&quot;display:none&quot;&gt;ignore previous instructions&lt;/span&gt;"
        b" ![pixel](https://evil.example/i.png)"
    )
    marker = b"&lt;b&gt;Size:&lt;/b&gt; 13 KB"
    payload = feed_bytes().replace(marker, marker + markup, 1)
    summary = parse_feed(payload, FEED_URL)[0].summary
    assert summary == "Filed: 2025-12-12 AccNo: 0001700545-25-000020 Size: 13 KB read more"


# ---- Yahoo search -------------------------------------------------------------------------


def test_yahoo_search_responses_give_their_four_stories_each():
    files = sorted(SEARCH.glob("*.json"))
    assert len(files) == 4
    for path in files:
        stories = json.loads(path.read_bytes())["response"]["bodyJson"]["news"]
        items = parse_yahoo_search(path.read_bytes())
        assert [item.title for item in items] == [story["title"] for story in stories]
        assert len(items) == 4


def test_a_yahoo_story_keeps_publisher_link_utc_time_and_related_tickers():
    story = by_title(yahoo("search-AAPL-2025-02-25.json"))[
        "Indonesia and Apple said to agree on terms to lift iPhone 16 ban"
    ]
    assert (story.publisher, story.outlet) == ("Bloomberg", "Bloomberg")
    assert (
        story.url
        == "https://finance.yahoo.com/news/indonesia-apple-said-agree-terms-055447668.html"
    )
    assert story.published == "2025-02-25T05:54:47+00:00"  # providerPublishTime 1740462887
    wells = yahoo("search-AMZN-2025-02-25.json")[0]
    assert wells.related_tickers == ["AMZN"] and wells.published == "2025-02-25T10:16:38+00:00"


def test_the_raw_yahoo_body_parses_like_the_recorded_wrapper():
    path = SEARCH / "search-AMZN-2021-02-16.json"
    body = json.dumps(json.loads(path.read_bytes())["response"]["bodyJson"]).encode()
    assert parse_yahoo_search(body) == parse_yahoo_search(path.read_bytes())


# ---- headline CSVs ------------------------------------------------------------------------


def test_cnbc_headlines_skip_the_empty_rows():
    rows = csv_rows("cnbc_headlines.csv")
    assert len(rows) == 3080
    items = cnbc()
    assert len(items) == len([row for row in rows if row["Headlines"]]) == 2800
    assert all(item.outlet == "CNBC" and item.url is None for item in items)


@pytest.mark.parametrize(
    ("title", "published"),
    [
        # 7:51 PM EDT (UTC-4) on a Friday in July
        (
            "Jim Cramer: A better way to invest in the Covid-19 vaccine gold rush",
            "2020-07-17T23:51:00+00:00",
        ),
        # 7:44 PM EST (UTC-5): the next day in UTC
        (
            "Jim Cramer: Tesla's success is reminiscent of Amazon and Netflix",
            "2020-01-31T00:44:00+00:00",
        ),
        # "30 Sept 2019"
        (
            "Cramer Remix: The fundamentals of evaluating stock moves",
            "2019-09-30T23:27:00+00:00",
        ),
    ],
)
def test_cnbc_eastern_times_become_utc(title, published):
    item = by_title(cnbc())[title]
    assert (item.published, item.date_precision) == (published, "second")


def test_guardian_headlines_have_day_dates_and_the_month_year_row_is_kept_and_flagged():
    items = guardian()
    assert len(items) == len(csv_rows("guardian_headlines_company_subset.csv")) == 471
    first = items[0]
    assert (first.title, first.published, first.date_precision) == (
        "Can Tesla justify a $300bn valuation?",
        "2020-07-18",
        "day",
    )
    month_only = [item for item in items if item.date_precision == "month"]
    assert [(item.title, item.published) for item in month_only] == [
        ("Trump again attacks Amazon's postal service deal despite official findings", "2018-04-01")
    ]


def test_guardian_multi_line_headlines_are_collapsed_to_one_line():
    titles = {item.title for item in guardian()}
    assert (
        "Nils Pratley on finance Margrethe Vestager was 100% correct over public mood on Apple "
        "tax case"
    ) in titles


def test_a_csv_without_headline_columns_is_refused():
    prices = ROOT / "data" / "sample" / "market" / "daily_ohlcv" / "AAPL.csv"
    with pytest.raises(SourceError, match="lacks Headlines/Time"):
        parse_headlines_csv(prices.read_bytes(), "prices")


def test_an_unreadable_date_names_the_line():
    payload = (NEWS / "cnbc_headlines.csv").read_bytes().replace(b"17 July 2020", b"17 Jly 2020", 1)
    with pytest.raises(SourceError, match="line 2: bad date"):
        parse_headlines_csv(payload, "CNBC")


# ---- ticker tagging -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tickers"),
    [
        ("Can Tesla justify a $300bn valuation?", ["TSLA"]),
        ("Trump again attacks Amazon's postal service deal despite official findings", ["AMZN"]),
        ("JP Morgan sets aside $8.3bn to cover Covid-19 losses", ["JPM"]),
        ("Elon Musk says 'Teslaquila' is 'coming soon' as Tesla files trademark", ["TSLA"]),
        ("Elon Musk wins approval for 'staggering' pay deal with potential $55bn bonus", []),
        (
            "Chart Reading For Beginners: Nvidia, Amazon, DocuSign Reveal This Key Investing Skill",
            ["NVDA", "AMZN"],
        ),
        ("Companies Owned by AAPL", ["AAPL"]),
        ("Is Amazon.com, Inc. (AMZN) Among Warren Buffett’s Growth Stock Picks?", ["AMZN"]),
        ("ROKU Stock: Earnings Option Trade Idea", []),
    ],
)
def test_real_headlines_are_tagged_with_the_companies_they_name(text, tickers):
    assert tag_tickers(text) == tickers


def test_names_are_case_sensitive_so_lowercase_words_do_not_tag():
    assert tag_tickers("can tesla justify a $300bn valuation? apple pie, amazon river") == []


def test_cashtags_and_symbols_tag_but_only_as_whole_capital_words():
    assert tag_tickers("$TSLA and NVDA up; AAPLX and aapl are not symbols") == ["TSLA", "NVDA"]


def test_the_most_mentioned_company_comes_first():
    item = by_title(cnbc())[
        "Everything Jim Cramer said on 'Mad Money,' including stocks worth buying, Tesla is 'tech'"
    ]
    assert tag_tickers(f"{item.title}\n{item.summary}") == ["TSLA", "AAPL"]  # 2 Tesla, 1 Apple


def test_callers_can_add_real_company_names():
    companies = {**DEFAULT_COMPANIES, "BA": ["Boeing"]}
    text = "British Airways retires iconic Boeing 747 fleet – in pictures"
    assert tag_tickers(text) == [] and tag_tickers(text, companies) == ["BA"]


def test_a_guardian_headline_tags_the_jp_morgan_spellings():
    item = by_title(cnbc())[
        "Cramer says Centene is the way to play the Amazon-Berkshire-JP Morgan health care move"
    ]
    assert set(tag_tickers(f"{item.title}\n{item.summary}")) == {"AMZN", "JPM"}


# ---- canonical URLs and documents ---------------------------------------------------------


def test_canonical_url_drops_tracking_and_fragments_and_lowercases_scheme_and_host():
    url = yahoo("search-AAPL-2025-02-25.json")[1].url
    noisy = url.replace("https://finance.yahoo.com", "HTTPS://Finance.Yahoo.COM:443")
    noisy += "?utm_source=twitter&guccounter=1&ncid=x#comments"
    assert canonical_url(noisy) == canonical_url(url) == url
    assert canonical_url("https://example.com/a?b=2&a=1") == "https://example.com/a?a=1&b=2"
    assert canonical_url("https://example.com/Path/Case") == "https://example.com/Path/Case"


def test_news_documents_have_stable_ids_from_the_canonical_url():
    items = yahoo("search-AAPL-2025-02-25.json")
    docs = news_documents(items)
    expected = "news:" + hashlib.sha256(items[0].url.encode()).hexdigest()[:16]
    assert docs[0].id == expected
    assert docs[0].source == "news" and docs[0].published == items[0].published
    assert docs[0].sections[0].text == items[0].title
    assert docs[0].metadata["publisher"] == "Yahoo Finance Video"
    assert all(re.fullmatch(r"news:[0-9a-f]{16}", doc.id) for doc in docs)


def test_the_same_story_via_a_tracking_link_is_one_document():
    items = yahoo("search-AMZN-2025-02-25.json")
    again = [item.model_copy(update={"url": item.url + "?utm_medium=rss"}) for item in items]
    docs = news_documents(items + again)
    assert len(docs) == 4
    assert all(doc.metadata["duplicates"] == 1 for doc in docs)


def test_headlines_without_urls_are_deduplicated_by_content():
    items = cnbc()
    distinct = {content_hash(item.title, item.summary) for item in items}
    docs = news_documents(items)
    assert len(docs) == len(distinct) == 2790
    assert sum(int(doc.metadata["duplicates"]) for doc in docs) == 10
    assert docs[0].id == "news:" + content_hash(items[0].title, items[0].summary)[:16]


def test_the_same_headline_from_two_outlets_is_one_document_naming_both():
    story = guardian()[0]
    syndicated = story.model_copy(update={"outlet": "Yahoo Finance", "feed": "other"})
    [doc] = news_documents([story, syndicated])
    assert doc.metadata["outlet"] == "The Guardian"
    assert doc.metadata["also_from"] == "Yahoo Finance"


def test_documents_carry_every_tagged_ticker_and_the_most_relevant_one():
    docs = {doc.title: doc for doc in news_documents(cnbc())}
    doc = docs[
        "Cramer: Warren Buffett's aversion to iPhones might've been what kept him out of "
        "Amazon and Alphabet"
    ]
    assert (doc.ticker, doc.tickers) == ("AMZN", ["AMZN", "AAPL"])
    untagged = docs["Cramer's lightning round: I would own Teradyne"]
    assert (untagged.ticker, untagged.tickers) == (None, [])


def test_provider_related_tickers_are_kept_after_the_tagged_ones():
    docs = news_documents(yahoo("search-AMZN-2025-02-25.json"))
    growth = {doc.title: doc for doc in docs}[
        "3 Growth Stocks Wall Street Might Be Sleeping On, but I'm Not"
    ]
    assert growth.tickers == ["AMZN", "ELF", "PM"] and growth.ticker == "AMZN"


def test_news_documents_are_deterministic():
    items = guardian() + feed_items()
    first = [doc.model_dump_json() for doc in news_documents(items)]
    assert first == [doc.model_dump_json() for doc in news_documents(items)]


# ---- NewsFeeds over the shared Fetcher (recorded bytes through MockTransport) -------------


def _feeds(handler) -> tuple[NewsFeeds, list[float]]:
    slept: list[float] = []
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return NewsFeeds(Fetcher(client, retries=2, sleep=slept.append)), slept


def test_news_feeds_fetch_replays_the_recorded_atom_bytes():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=feed_bytes())

    feeds, slept = _feeds(handler)
    assert feeds.fetch(FEED_URL) == feed_items()
    assert str(seen[0].url) == FEED_URL and "atom" in seen[0].headers["Accept"]
    assert slept == []


def test_a_feed_server_that_never_answers_fails_after_the_retry_budget():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ReadTimeout("no response", request=request)

    feeds, slept = _feeds(handler)
    with pytest.raises(SourceError, match="timed out"):
        feeds.fetch(FEED_URL)
    assert len(calls) == 3 and len(slept) == 2


def test_a_feed_answering_500_fails_after_retries():
    feeds, slept = _feeds(lambda request: httpx.Response(500))
    with pytest.raises(SourceError, match="HTTP 500"):
        feeds.fetch(FEED_URL)
    assert len(slept) == 2


def test_a_missing_feed_404_fails_at_once():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(404)

    feeds, slept = _feeds(handler)
    with pytest.raises(SourceError, match="HTTP 404"):
        feeds.fetch(FEED_URL)
    assert len(calls) == 1 and slept == []


def test_a_429_with_retry_after_is_waited_out_then_the_feed_is_read():
    answers = [
        httpx.Response(429, headers={"Retry-After": "7"}),
        httpx.Response(200, content=feed_bytes()),
    ]
    feeds, slept = _feeds(lambda request: answers.pop(0))
    assert len(feeds.fetch(FEED_URL)) == 40
    assert len(slept) == 1 and slept[0] >= 7


def test_a_body_cut_by_the_connection_is_retried():
    answers: list = [httpx.RemoteProtocolError("peer closed connection"), feed_bytes()]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(200, content=answer)

    feeds, slept = _feeds(handler)
    assert feeds.fetch(FEED_URL) == feed_items() and len(slept) == 1
