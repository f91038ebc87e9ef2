"""News: RSS/Atom feeds, Yahoo search news and headline CSVs into `NewsItem`s, ticker tagging,
and deduplicated, ticker-tagged news `Document`s.

Parsers are pure (bytes in, records out) and keep only plain text: no HTML, no images, and no URL
found in content is ever fetched. `NewsFeeds` is the only I/O, through `ingestion.http.Fetcher`.
"""

import csv
import hashlib
import io
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit
from xml.etree.ElementTree import ParseError
from zoneinfo import ZoneInfo

import defusedxml.ElementTree
import feedparser
from bs4 import BeautifulSoup
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from pydantic import BaseModel, Field

from core.errors import SourceError
from core.types import Document, Section
from core.untrusted import hides
from ingestion.http import Fetcher
from ingestion.sources.market import yahoo_body

EASTERN = ZoneInfo("America/New_York")
FEED_ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1"
YAHOO_SEARCH = "yahoo-finance-search"

# Names are matched case-sensitively as whole words. "Musk" and "Bezos" are deliberately not
# aliases: they make headlines about SpaceX, X/Twitter or the Washington Post look like TSLA/AMZN.
DEFAULT_COMPANIES: dict[str, list[str]] = {
    "AAPL": ["Apple"],
    "MSFT": ["Microsoft"],
    "NVDA": ["Nvidia", "NVIDIA"],
    "TSLA": ["Tesla"],
    "AMZN": ["Amazon", "Amazon.com"],
    "JPM": ["JPMorgan", "JP Morgan", "J.P. Morgan", "JPMorgan Chase"],
}

TRACKING_PARAMS = {
    "guccounter",
    "guce_referrer",
    "guce_referrer_sig",
    "fbclid",
    "gclid",
    "mc_cid",
    "mc_eid",
    "ncid",
    ".tsrc",
}
_DTD = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_DROP_TAGS = ["script", "style", "img", "picture", "svg", "iframe", "object", "embed", "noscript"]
_CNBC_TIME = re.compile(
    r"(\d{1,2}):(\d{2})\s+([AP]M)\s+ET\s+[A-Za-z]{3},\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})"
)
DateParser = Callable[[str], tuple[str, str]]
_MONTHS = {
    name: i for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}


class NewsItem(BaseModel):
    """One story as plain text; `published` is ISO 8601 UTC, or a date when only a date is known.

    `date_precision` says how much of `published` is real: "second", "day", or "month" (a
    headline dated only by month is kept on the first of that month).
    """

    title: str
    summary: str = ""
    url: str | None = None
    published: str | None = None
    date_precision: Literal["second", "day", "month"] | None = None
    outlet: str
    publisher: str | None = None
    feed: str
    related_tickers: list[str] = Field(default_factory=list)


# ---- text ---------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: no scripts, styles, images, hidden parts or link targets."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    return clean_text(soup.get_text(" "))


def _is_hidden(tag: Any) -> bool:
    return (
        tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or hides(tag.get("style") or "")
    )


def clean_text(text: str) -> str:
    """Text with markdown images removed and whitespace collapsed."""
    return " ".join(_MARKDOWN_IMAGE.sub(" ", text).split())


# ---- RSS / Atom ---------------------------------------------------------------------------


def parse_feed(payload: bytes, feed_url: str) -> list[NewsItem]:
    """Items of an RSS/Atom feed; DTDs/entities, and unreadable feeds (bozo, 0 items) refused.

    Published time falls back to the updated time. From a malformed (bozo) feed only entries with
    a link and a date are kept, so a cut-off last entry is not stored half-read.
    """
    reject_dtd(payload, feed_url)
    headers = {"content-location": feed_url, "content-type": "application/xml"}
    # A BytesIO, never bytes or str: feedparser opens strings as URLs or file paths.
    parsed = feedparser.parse(io.BytesIO(payload), response_headers=headers)
    outlet = _host(feed_url)
    items = [_feed_item(entry, feed_url, outlet) for entry in parsed.entries]
    if not parsed.bozo:
        return [item for item in items if item is not None]
    # A malformed or cut-off document: keep only entries that arrived whole, and never report
    # "no new items" for a feed we could not read.
    complete = [item for item in items if item and item.url and item.published]
    if not complete:
        reason = parsed.get("bozo_exception")
        raise SourceError(f"feed {feed_url} is not a readable feed: {reason}")
    return complete


def reject_dtd(payload: bytes, feed_url: str) -> None:
    """Raise SourceError if the XML declares a DTD or entities (billion laughs, XXE)."""
    if _DTD.search(payload):
        raise SourceError(f"feed {feed_url} declares a DTD or entities; refused")
    try:  # catches the same in encodings the byte search cannot see (UTF-16/32)
        defusedxml.ElementTree.fromstring(payload, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise SourceError(f"feed {feed_url} declares a DTD or entities; refused") from exc
    except ParseError:
        pass  # malformed XML: feedparser's lenient parser decides (bozo with 0 items fails)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or url).lower()
    return host.removeprefix("www.")


def _feed_item(entry: Any, feed_url: str, outlet: str) -> NewsItem | None:
    title = html_to_text(entry.get("title") or "")
    summary = html_to_text(_entry_html(entry))
    if not title and not summary:
        return None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return NewsItem(
        title=title or summary[:120],
        summary=summary,
        url=entry.get("link") or None,
        published=_struct_to_iso(stamp) if stamp else None,
        date_precision="second" if stamp else None,
        outlet=outlet,
        feed=feed_url,
    )


def _entry_html(entry: Any) -> str:
    if entry.get("summary"):
        return entry["summary"]
    contents = entry.get("content") or []
    return contents[0].get("value", "") if contents else ""


def _struct_to_iso(stamp: time.struct_time) -> str:
    return datetime(*stamp[:6], tzinfo=UTC).isoformat()  # feedparser gives UTC struct_time


# ---- Yahoo search -------------------------------------------------------------------------


def parse_yahoo_search(payload: bytes) -> list[NewsItem]:
    """The news stories of a Yahoo Finance search v1 response (raw body or recorded wrapper)."""
    body = yahoo_body(payload)
    if not isinstance(body.get("news"), list):
        raise SourceError("Yahoo search response has no 'news' list")
    return [_yahoo_item(story) for story in body["news"] if story.get("title")]


def _yahoo_item(story: dict[str, Any]) -> NewsItem:
    epoch = story.get("providerPublishTime")
    published = datetime.fromtimestamp(epoch, UTC).isoformat() if epoch else None
    return NewsItem(
        title=clean_text(story["title"]),
        url=story.get("link") or None,
        published=published,
        date_precision="second" if published else None,
        outlet=story.get("publisher") or "Yahoo Finance",
        publisher=story.get("publisher"),
        feed=YAHOO_SEARCH,
        related_tickers=list(story.get("relatedTickers") or []),
    )


# ---- headline CSVs (CNBC, Guardian) -------------------------------------------------------


def parse_headlines_csv(payload: bytes, outlet: str) -> list[NewsItem]:
    """Headlines of a CNBC (Headlines,Time,Description) or Guardian (Time,Headlines) CSV.

    Empty rows are skipped. A Guardian date given only as month-year (`Apr-18`) is kept as the
    first of that month with `date_precision="month"`. Any other unreadable date raises.
    """
    try:
        rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"{outlet} headlines CSV is unreadable: {exc}") from exc
    columns = set(rows[0]) if rows else set()
    if not {"Headlines", "Time"} <= columns:
        raise SourceError(f"{outlet} headlines CSV lacks Headlines/Time columns: {sorted(columns)}")
    dated = _cnbc_time if "Description" in columns else _guardian_date
    items = []
    for line, row in enumerate(rows, start=2):
        if (row.get("Headlines") or "").strip():
            items.append(_csv_item(row, outlet, dated, line))
    return items


def _csv_item(row: dict[str, str], outlet: str, dated: DateParser, line: int) -> NewsItem:
    try:
        published, precision = dated(row["Time"])
    except ValueError as exc:
        raise SourceError(f"{outlet} headlines CSV line {line}: bad date {row['Time']!r}") from exc
    return NewsItem(
        title=clean_text(row["Headlines"]),
        summary=clean_text(row.get("Description") or ""),
        published=published,
        date_precision=precision,
        outlet=outlet,
        feed=f"csv:{outlet}",
    )


def _cnbc_time(value: str) -> tuple[str, str]:
    """' 7:51  PM ET Fri, 17 July 2020' -> '2020-07-17T23:51:00+00:00' (ET is New York time)."""
    match = _CNBC_TIME.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    hour, minute, half, day, month, year = match.groups()
    month_number = _MONTHS.get(month[:3].lower())
    if month_number is None:
        raise ValueError(value)
    hour24 = int(hour) % 12 + (12 if half == "PM" else 0)
    local = datetime(int(year), month_number, int(day), hour24, int(minute), tzinfo=EASTERN)
    return local.astimezone(UTC).isoformat(), "second"


def _guardian_date(value: str) -> tuple[str, str]:
    """'18-Jul-20' -> ('2020-07-18', 'day'); 'Apr-18' -> ('2018-04-01', 'month')."""
    value = value.strip()
    try:
        return datetime.strptime(value, "%d-%b-%y").date().isoformat(), "day"
    except ValueError:
        return datetime.strptime(value, "%b-%y").date().isoformat(), "month"


# ---- tickers, URLs, documents -------------------------------------------------------------


def tag_tickers(text: str, companies: dict[str, list[str]] = DEFAULT_COMPANIES) -> list[str]:
    """Tickers mentioned in `text`, most mentions first (ties: earliest mention first).

    A symbol counts in capitals as a whole word ("AAPL", "$TSLA"; symbols under 3 letters only
    as a cashtag); names and aliases count case-sensitively as whole words ("Nvidia's" counts,
    "apple pie" does not).
    """
    hits: dict[str, list[int]] = {}
    for symbol, names in companies.items():
        found = [m.start() for m in _mention_pattern(symbol, tuple(names)).finditer(text)]
        if found:
            hits[symbol] = found
    return sorted(hits, key=lambda symbol: (-len(hits[symbol]), hits[symbol][0]))


@lru_cache(maxsize=1024)
def _mention_pattern(symbol: str, names: tuple[str, ...]) -> re.Pattern[str]:
    cashtag = r"\$" if len(symbol) < 3 else r"\$?"
    alternatives = [cashtag + re.escape(symbol)]
    alternatives += [r"\s+".join(map(re.escape, name.split())) for name in names if name.strip()]
    return re.compile(r"(?<![\w$])(?:" + "|".join(alternatives) + r")(?!\w)")


def canonical_url(url: str) -> str:
    """The URL with scheme and host lowercased, default port, fragment and tracking params gone."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    if (scheme, netloc.rpartition(":")[2]) in (("http", "80"), ("https", "443")):
        netloc = netloc.rpartition(":")[0]
    pairs = [pair for pair in parts.query.split("&") if pair and not _is_tracking(pair)]
    return urlunsplit((scheme, netloc, parts.path or "/", "&".join(sorted(pairs)), ""))


def _is_tracking(pair: str) -> bool:
    key = pair.split("=", 1)[0].lower()
    return key.startswith("utm_") or key in TRACKING_PARAMS


def content_hash(title: str, text: str) -> str:
    """sha256 hex of the whitespace- and case-normalized title and text."""
    normalized = " ".join(f"{title}\n{text}".lower().split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def news_documents(
    items: list[NewsItem], companies: dict[str, list[str]] = DEFAULT_COMPANIES
) -> list[Document]:
    """One Document per story: duplicates (same canonical URL or same content) are merged."""
    documents: list[Document] = []
    index: dict[str, int] = {}  # "url:<canonical>" and "hash:<content hash>" -> position
    for item in items:
        url = canonical_url(item.url) if item.url else None
        digest = content_hash(item.title, item.summary)
        keys = ([f"url:{url}"] if url else []) + [f"hash:{digest}"]
        seen = next((index[key] for key in keys if key in index), None)
        if seen is None:
            seen = len(documents)
            documents.append(_news_document(item, url, digest, companies))
        else:
            documents[seen] = _merge_duplicate(documents[seen], item, companies)
        index.update(dict.fromkeys(keys, seen))
    return documents


def _news_document(
    item: NewsItem, url: str | None, digest: str, companies: dict[str, list[str]]
) -> Document:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest() if url else digest
    tagged = _tickers(item, companies)
    text = f"{item.title}\n\n{item.summary}" if item.summary else item.title
    metadata: dict[str, str | int | float | bool] = {
        "outlet": item.outlet,
        "feed": item.feed,
        "content_hash": digest,
        "duplicates": 0,
    }
    if item.publisher:
        metadata["publisher"] = item.publisher
    if item.date_precision:
        metadata["date_precision"] = item.date_precision
    return Document(
        id=f"news:{key[:16]}",
        source="news",
        title=item.title,
        sections=[Section(title=item.title, text=text)],
        ticker=tagged[0] if tagged else None,
        tickers=tagged,
        published=item.published,
        url=url,
        metadata=metadata,
    )


def _tickers(item: NewsItem, companies: dict[str, list[str]]) -> list[str]:
    tagged = tag_tickers(f"{item.title}\n{item.summary}", companies)
    return tagged + [symbol for symbol in item.related_tickers if symbol not in tagged]


def _merge_duplicate(
    document: Document, item: NewsItem, companies: dict[str, list[str]]
) -> Document:
    extra = [symbol for symbol in _tickers(item, companies) if symbol not in document.tickers]
    metadata = dict(document.metadata)
    metadata["duplicates"] = int(metadata.get("duplicates", 0)) + 1
    outlets = str(metadata.get("also_from", "")).split("; ") if metadata.get("also_from") else []
    if item.outlet != metadata["outlet"] and item.outlet not in outlets:
        metadata["also_from"] = "; ".join([*outlets, item.outlet])
    tickers = document.tickers + extra
    return document.model_copy(
        update={
            "tickers": tickers,
            "ticker": document.ticker or (tickers or [None])[0],
            "metadata": metadata,
        }
    )


# ---- live fetch ---------------------------------------------------------------------------


class NewsFeeds:
    """Fetch RSS/Atom feeds through the shared `Fetcher` (timeouts, size cap, retries)."""

    def __init__(self, fetcher: Fetcher):
        self.fetcher = fetcher

    def fetch(self, feed_url: str) -> list[NewsItem]:
        """The feed's items; SourceError when it cannot be fetched or read."""
        payload = self.fetcher.get(feed_url, headers={"Accept": FEED_ACCEPT})
        return parse_feed(payload, feed_url)
