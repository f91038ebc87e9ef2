"""Private uploads: the store layer shows each user the shared corpus and their own uploads only
(dense search in real Chroma, BM25, facts, listings), the same file from two users is two
documents, and a shared figure is never replaced by an upload's."""

import pytest

from core.errors import Forbidden, InputError
from core.identity import User
from core.settings import load_settings
from core.types import FilingFact
from ingestion.workspace import Workspace
from rag.search.index import Index
from rag.search.store import ChunkFilter
from tests.pdfs import pdf_pages

ALICE, BOB, CAROL = User("alice"), User("bob"), User("carol")


class PDF:
    """Best Buy's FY2019 10-K (FinanceBench): its cover and statement pages, as one real PDF."""

    name = "bestbuy_10k_pages.pdf"
    data = pdf_pages("BESTBUY_2019_10K", [1, 2, 52, 53, 55])

    @classmethod
    def read_bytes(cls) -> bytes:
        return cls.data


@pytest.fixture(scope="module")
def home(tmp_path_factory, embedder):
    """Alice and Bob each upload the same 10-Q; Carol uploads nothing."""
    settings = load_settings(home=tmp_path_factory.mktemp("owners") / "home")
    for user in (ALICE, BOB):
        [result] = Workspace(settings, embedder, user=user).upload([(PDF.name, PDF.read_bytes())])
        assert result.status == "indexed", result
    return settings


def upload_ids(index: Index) -> set[str]:
    return {row["id"] for row in index.chunks.documents_of_source("upload")}


def test_the_same_file_from_two_users_is_two_private_documents(home, embedder):
    index = Index.open(home.home)
    alice, bob, carol = (index.viewing(u.name) for u in (ALICE, BOB, CAROL))
    assert len(upload_ids(alice)) == len(upload_ids(bob)) == 1
    assert upload_ids(alice) != upload_ids(bob) and upload_ids(carol) == set()
    originals = list(home.paths.uploads.iterdir())
    assert len(originals) == 1  # the original bytes are stored once


def test_dense_and_bm25_search_only_the_viewers_uploads(home, embedder):
    index = Index.open(home.home)
    [vector] = embedder.embed(["Best Buy merchandise inventories and gross profit"])
    question = "Best Buy merchandise inventories gross profit"
    for user in (ALICE, BOB, CAROL):
        store = index.viewing(user.name).chunks
        mine = upload_ids(index.viewing(user.name))
        for where in (ChunkFilter(), ChunkFilter(sources=["upload"])):
            dense = store.dense(vector, 10, where)
            lexical = store.lexical(question, 10, where)
            documents = {c.document_id for c in store.chunks([i for i, _ in dense + lexical])}
            assert documents == mine, user
            assert all(i.split("#")[0] in mine for i, _ in dense + lexical), user
        # asking for another user's chunks by id gives nothing
        others = [i for i, _ in index.viewing("*").chunks.lexical(question, 50, ChunkFilter())]
        assert {c.document_id for c in store.chunks(others)} == mine


def test_facts_of_an_upload_are_its_owners_only(home):
    index = Index.open(home.home)
    assert index.viewing(ALICE.name).facts.table_facts("BBY")
    assert index.viewing(BOB.name).facts.table_facts("BBY")
    assert index.viewing(CAROL.name).facts.table_facts("BBY") == []
    assert "BBY" not in index.viewing(CAROL.name).facts.counts()


def test_status_counts_the_shared_data_and_the_viewers_own_uploads_only(home):
    import wiring
    from ingestion.status import collect_status

    counts = {
        user.name: collect_status(home.home, viewer=user.name)["tickers"].get("BBY", {})
        for user in (ALICE, BOB, CAROL)
    }
    assert counts["alice"]["documents"] == counts["bob"]["documents"] == 1  # not two
    assert counts["alice"]["chunks"] == counts["bob"]["chunks"] > 0
    assert counts["alice"]["facts"] == counts["bob"]["facts"] > 0
    assert counts["carol"].get("documents", 0) == counts["carol"].get("facts", 0) == 0
    stores = wiring.status_report(home, viewer=CAROL.name)["stores"]
    assert stores["documents"] == stores["chunks"] == stores["facts"] == 0


def test_a_shared_figure_is_never_replaced_by_an_upload(tmp_path, embedder):
    settings = load_settings(home=tmp_path / "home")
    Workspace(settings, embedder, user=ALICE).upload([(PDF.name, PDF.read_bytes())])
    index = Index.open(settings.home, viewer="*")
    fact = index.viewing(ALICE.name).facts.table_facts("BBY")[0]
    shared = fact.model_copy(update={"value": fact.value + 1, "accession": "0000764478-24-1"})
    index.facts.upsert([shared])  # the SEC filing's table, same company, line item, period
    alice = index.viewing(ALICE.name).facts
    same = [
        f
        for f in alice.table_facts("BBY")
        if (f.concept, f.unit, f.period_start, f.period_end)
        == (fact.concept, fact.unit, fact.period_start, fact.period_end)
    ]
    assert [f.value for f in same] == [fact.value + 1]
    assert isinstance(fact, FilingFact)


def test_deleting_one_users_upload_leaves_the_others(tmp_path, embedder):
    settings = load_settings(home=tmp_path / "home")
    alice, bob = (Workspace(settings, embedder, user=u) for u in (ALICE, BOB))
    for workspace in (alice, bob):
        workspace.upload([(PDF.name, PDF.read_bytes())])
    [alices], [bobs] = alice.uploads(), bob.uploads()
    with pytest.raises(Forbidden):
        bob.delete_upload(alices.id)  # another user's upload
    assert alice.delete_upload(alices.id) > 0
    index = Index.open(settings.home)
    assert upload_ids(index.viewing(ALICE.name)) == set()
    assert upload_ids(index.viewing(BOB.name)) == {bobs.id}
    assert index.viewing(BOB.name).facts.table_facts("BBY")
    assert len(list(settings.paths.uploads.iterdir())) == 1  # Bob's copy keeps the original
    bob.delete_upload(bobs.id)
    assert list(settings.paths.uploads.iterdir()) == []


def test_an_analyst_is_refused_refresh_watchlist_and_deleting_shared_data(tmp_path, embedder):
    from ingestion.watchlist import Watchlist

    settings = load_settings(home=tmp_path / "home")
    analyst = Workspace(settings, embedder, user=ALICE)
    with pytest.raises(Forbidden, match="admin action"):
        analyst.refresh(["AAPL"])
    with pytest.raises(Forbidden, match="admin action"):
        analyst.delete_upload("sec:0000320193-24-000123")
    with pytest.raises(Forbidden, match="admin action"):
        Watchlist.open(settings, ALICE).add("IBM")
    with pytest.raises(Forbidden, match="admin action"):
        Watchlist.open(settings, ALICE).remove("AAPL")
    admin = Workspace(settings, embedder, user=User("root", "admin"))
    with pytest.raises(InputError):  # an admin passes the check; the id is not an upload
        admin.delete_upload("sec:0000320193-24-000123")
    assert Watchlist.open(settings, User("root", "admin")).add("IBM") == "IBM"


OLD_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL, ticker TEXT, cik TEXT,
    form TEXT, fiscal_year INTEGER, fiscal_period TEXT, period_end TEXT, published TEXT,
    url TEXT, tickers TEXT, metadata TEXT, content_hash TEXT NOT NULL,
    chunk_count INTEGER NOT NULL, indexed_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'indexed', error TEXT
);
CREATE TABLE facts (
    ticker TEXT NOT NULL, cik TEXT, concept TEXT NOT NULL, label TEXT, value REAL NOT NULL,
    unit TEXT NOT NULL, scale INTEGER NOT NULL, period_start TEXT NOT NULL DEFAULT '',
    period_end TEXT NOT NULL, fiscal_year INTEGER, fiscal_period TEXT, form TEXT, accession TEXT,
    filed TEXT, frame TEXT, source TEXT NOT NULL, locator TEXT, document_id TEXT,
    PRIMARY KEY (ticker, concept, unit, period_start, period_end, source)
);
CREATE VIEW visible_facts AS SELECT f.* FROM facts f WHERE f.document_id IS NULL OR EXISTS (
    SELECT 1 FROM documents d WHERE d.id = f.document_id AND d.state = 'indexed');
INSERT INTO documents VALUES ('sec:1', 'sec', 'A 10-K', 'BBY', NULL, '10-K', 2019, 'FY', NULL,
    NULL, NULL, 'BBY', '{}', 'h', 1, '2025-01-01', 'indexed', NULL);
INSERT INTO documents VALUES ('upload:00112233445566aa', 'upload', 'memo.pdf', 'BBY', NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, '', '{}', 'h', 1, '2025-01-01', 'indexed', NULL);
INSERT INTO facts VALUES ('BBY', NULL, 'table:x', NULL, 1.0, 'USD', 1, '', '2019-02-02', 2019,
    'FY', '10-K', 'sec:1', NULL, NULL, 'table', NULL, 'sec:1');
INSERT INTO facts VALUES ('BBY', NULL, 'table:y', NULL, 2.0, 'USD', 1, '', '2019-02-02', 2019,
    'FY', NULL, 'upload:00112233445566aa', NULL, NULL, 'table', NULL, 'upload:00112233445566aa');
"""


def test_an_older_store_migrates_uploads_to_the_local_user(tmp_path):
    import sqlite3

    from rag.search.db import connect
    from rag.search.store import Catalog
    from rag.search.structured import FactStore

    path = tmp_path / "finassist.db"
    with sqlite3.connect(path) as old:
        old.executescript(OLD_SCHEMA)
    conn = connect(path)
    catalog = Catalog(conn)  # the local user
    assert catalog.owner_of("upload:00112233445566aa") == "local"
    assert catalog.owner_of("sec:1") is None
    assert {f.concept for f in FactStore(conn).table_facts("BBY")} == {"table:x", "table:y"}
    assert {f.concept for f in FactStore(conn, "alice").table_facts("BBY")} == {"table:x"}
    assert Catalog(conn, "alice").documents_of_source("upload") == []
    conn.close()
    connect(path).close()  # opening again changes nothing
