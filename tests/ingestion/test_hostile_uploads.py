"""Every bad and hostile upload through the real upload path (sandboxed child, real SQLite,
Chroma and embedder): no crash, each refused with a clear one-line message or accepted within
its budgets, no child answering past its wall budget, nothing partial left in the stores.

The hostile files are built by scripts/make_hostile_uploads.py (the small ones are committed
in tests/data/uploads/hostile/ and must match it byte for byte; the big ones are built here).
"""

import importlib.util
from pathlib import Path

import pytest

from ingestion.files import ingest_upload
from ingestion.run import Run, Stores
from ingestion.sandbox import ISOLATIONS
from ingestion.sources.uploads import UploadLimits, parse
from rag.search.store import INDEXED
from tests.ingestion.sources.uploads.corpus import store_snapshot

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "uploads" / "bad"
HOSTILE_DIR = ROOT / "tests" / "data" / "uploads" / "hostile"
# Tighter than the defaults so accepted files embed quickly; every refusal names its setting.
LIMITS = UploadLimits(max_chars=2_000_000, max_chunks=400, parse_timeout_s=30)


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_hostile_uploads", ROOT / "scripts" / "make_hostile_uploads.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> list[Path]:
    script = _script()
    built = script.build_all(tmp_path_factory.mktemp("hostile"))
    committed = {p.name for p in HOSTILE_DIR.iterdir() if p.name != "README.md"}
    small = {p.name for p in built if p.stat().st_size <= script.COMMIT_MAX}
    assert committed == small
    for path in built:
        if path.name in committed:
            assert (HOSTILE_DIR / path.name).read_bytes() == path.read_bytes(), path.name
    return built


def test_no_bad_or_hostile_file_crashes_overruns_or_leaves_anything_partial(
    tmp_path, embedder, hostile_files, monkeypatch
):
    files = sorted(BAD.iterdir()) + hostile_files
    assert len(hostile_files) >= 60 and len(files) >= 98
    answered = []  # every child that answered: how long it took

    def recording(*args, **kwargs):
        outcome = real(*args, **kwargs)
        answered.append(outcome.elapsed_s)
        return outcome

    real = parse.run_isolated
    monkeypatch.setattr(parse, "run_isolated", recording)
    home = tmp_path / "home"
    uploads = home / "uploads"
    stores = Stores.open(home, None)
    outcomes: dict[str, str] = {}
    for path in files:
        before = store_snapshot(stores, uploads)
        run = Run("hostile", stores, embedder, uploads=uploads)
        document = ingest_upload(run, path.read_bytes(), path.name, uploads, LIMITS)
        run.finish()
        (source,) = run.report.sources[:1]
        if source.status == "failed":
            reason = source.reason or ""
            assert reason and "\n" not in reason and len(reason) <= 400, (path.name, reason)
            assert not reason.startswith("schema drift"), (path.name, reason)  # a crash
            if "timeout" in reason:
                assert "FINASSIST_UPLOADS__WALL_S" in reason
            assert store_snapshot(stores, uploads) == before, path.name  # nothing partial
            outcomes[path.name] = "refused"
            continue
        assert document is not None, path.name
        assert stores.chunks.state_of(document.id) == INDEXED, path.name
        chunks = stores.chunks.chunk_counts([document.id]).get(document.id, 0)
        assert 0 < chunks <= LIMITS.max_chunks, path.name
        assert stores.chunks.vectors.ids_of(document.id) == set(
            stores.chunks.chunk_hashes(document.id)
        ), path.name
        assert int(document.metadata["chars"]) <= LIMITS.max_chars
        assert document.metadata["sandbox"] in ISOLATIONS
        outcomes[path.name] = "accepted"
    assert all(seconds < LIMITS.parse_timeout_s for seconds in answered)
    assert len(outcomes) == len(files)
    # the budgets refuse what the issue saw run past 120 s: a 6 MB line, a huge HTML file
    assert outcomes["huge_line_6mb.md"] == outcomes["huge_line_html.html"] == "refused"
    assert outcomes["pdf_3000_pages.pdf"] == "refused"
