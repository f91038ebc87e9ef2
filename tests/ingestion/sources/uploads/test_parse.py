"""Parsing in the sandbox: size, time and memory limits as clean one-line errors naming the
setting, and what comes back from the child is validated JSON."""

import importlib
import json
import re
import signal
import time

import pytest

from core.errors import InputError
from ingestion import sandbox
from ingestion.sources.uploads import UploadLimits, derive, parse, parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, CSV, FULL_PDF, LIMITS, SMALL_PDF, good


def test_too_large_a_file_is_refused_before_any_parsing(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(parse, "run_isolated", no_parsing)
    limits = UploadLimits(max_bytes=100_000)
    with pytest.raises(
        InputError,
        match=re.escape(
            "file too large: this file is 0.4 MB; the limit is 0.1 MB (FINASSIST_UPLOADS__MAX_MB)"
        ),
    ):
        parse_upload(good(FULL_PDF), FULL_PDF, limits)
    with pytest.raises(InputError, match="file too large"):
        parse_upload((BAD / "elf_renamed.pdf").read_bytes() * 300, "x.pdf", limits)


def test_a_parse_past_the_timeout_is_killed_with_a_clean_error():
    started = time.monotonic()
    with pytest.raises(InputError, match=re.escape("parse timeout after 0.2 s")):
        parse_upload(good(FULL_PDF), FULL_PDF, UploadLimits(parse_timeout_s=0.2))
    assert time.monotonic() - started < 10


def test_a_parse_over_the_memory_cap_is_a_clean_error():
    limits = UploadLimits(parse_timeout_s=60, memory_bytes=32 << 20)
    with pytest.raises(InputError, match=re.escape("exceeds memory limit (32 MiB)")):
        parse_upload(good(FULL_PDF), FULL_PDF, limits)


def test_a_crashed_parser_becomes_an_input_error(monkeypatch):
    def crashed(*args, **kwargs):
        raise sandbox.SandboxCrashed("the child was killed by SIGSEGV", -signal.SIGSEGV)

    monkeypatch.setattr(parse, "run_isolated", crashed)
    with pytest.raises(InputError, match="could not parse PDF: the parser crashed .*SIGSEGV"):
        parse_upload(good(SMALL_PDF), SMALL_PDF, LIMITS)


def test_the_child_preloads_its_entry_point_and_every_format_parser():
    from ingestion.sources.uploads import derive

    assert parse._CHILD == f"{derive.__name__}:{derive.derive_upload.__name__}"
    assert derive.__name__ in parse._PRELOAD and len(derive.PARSERS) == 6
    for name in parse._PRELOAD:  # the forkserver skips a preload that fails to import, silently
        importlib.import_module(name)


def test_the_child_answers_in_versioned_json_and_anything_else_is_refused(monkeypatch):
    data = good(CSV)
    answer = derive.derive_upload("csv", data, LIMITS.as_dict(), CSV, 100)
    assert json.loads(json.dumps(answer)) == answer and answer["version"] == 1
    parsed = parse_upload(data, CSV, LIMITS)
    document = parsed.document.model_dump(mode="json")
    assert document["metadata"].pop("sandbox") in sandbox.ISOLATIONS
    assert document == answer["document"]
    assert [c.model_dump(mode="json") for c in parsed.chunks] == answer["chunks"]
    forged = [
        {**answer, "version": 2},
        {**answer, "extra": 1},
        {**answer, "document": {**answer["document"], "id": "upload:0000000000000000"}},
        {**answer, "chunks": answer["chunks"][1:]},  # ordinals no longer 0..n-1
        {**answer, "chunks": [{**answer["chunks"][0], "document_id": "sec:x"}]},
        "a string",
        None,
    ]
    for bad in forged:
        monkeypatch.setattr(
            parse, "run_isolated", lambda *a, bad=bad: sandbox.Outcome(bad, sandbox.NAMESPACE, 0.1)
        )
        with pytest.raises(InputError, match="could not parse CSV: the parser's answer is"):
            parse_upload(data, CSV, LIMITS)


def test_the_chunk_budget_refuses_with_the_count_the_limit_and_the_setting():
    limits = UploadLimits(parse_timeout_s=60, max_chunks=20)
    message = r"this file yields [\d,]+ chunks; the limit is 20 \(FINASSIST_UPLOADS__MAX_CHUNKS\)"
    with pytest.raises(InputError, match=message):
        parse_upload(good(SMALL_PDF), SMALL_PDF, limits)
