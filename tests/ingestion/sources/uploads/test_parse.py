"""Parsing in the sandbox: size, time and memory limits as clean one-line errors, and what
crosses to the child (and back) pickles as plain data."""

import importlib
import json
import pickle
import re
import signal
import time

import pytest

from core.errors import InputError
from ingestion import sandbox
from ingestion.sources.uploads import UploadLimits, parse, parse_upload
from tests.ingestion.sources.uploads.corpus import BAD, CSV, FULL_PDF, LIMITS, SMALL_PDF, good


def test_too_large_a_file_is_refused_before_any_parsing(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed a file that is too large")

    monkeypatch.setattr(parse, "run_limited", no_parsing)
    limits = UploadLimits(max_bytes=100_000)
    with pytest.raises(InputError, match=re.escape("file too large (0.4 MB; limit 0.1 MB)")):
        parse_upload(good(FULL_PDF), FULL_PDF, limits)
    with pytest.raises(InputError, match="file too large"):
        parse_upload((BAD / "elf_renamed.pdf").read_bytes() * 300, "x.pdf", limits)


def test_a_parse_past_the_timeout_is_killed_with_a_clean_error():
    started = time.monotonic()
    with pytest.raises(InputError, match=re.escape("parse timeout after 0.2 s")):
        parse_upload(good(FULL_PDF), FULL_PDF, UploadLimits(parse_timeout_s=0.2))
    assert time.monotonic() - started < 10


def test_a_parse_over_the_memory_cap_is_a_clean_error():
    limits = UploadLimits(parse_timeout_s=10, memory_bytes=32 << 20)
    with pytest.raises(InputError, match=re.escape("exceeds memory limit (32 MiB)")):
        parse_upload(good(SMALL_PDF), SMALL_PDF, limits)


def test_a_crashed_parser_becomes_an_input_error(monkeypatch):
    def crashed(*args, **kwargs):
        raise sandbox.SandboxCrashed("the child was killed by SIGSEGV", -signal.SIGSEGV)

    monkeypatch.setattr(parse, "run_limited", crashed)
    with pytest.raises(InputError, match="could not parse PDF: the parser crashed .*SIGSEGV"):
        parse_upload(good(SMALL_PDF), SMALL_PDF, LIMITS)


def test_the_child_preloads_its_entry_point_and_every_format_parser():
    needed = {parse._parse_in_child.__module__} | {p.__module__ for p in parse.PARSERS.values()}
    assert len(needed) == 6 and needed <= set(parse._PRELOAD)
    for name in parse._PRELOAD:  # the forkserver skips a preload that fails to import, silently
        importlib.import_module(name)


def test_the_call_and_its_result_cross_the_sandbox_as_plain_picklable_data():
    data = good(CSV)
    func, args = pickle.loads(pickle.dumps((parse._parse_in_child, ("csv", data, LIMITS))))
    assert func is parse._parse_in_child and args == ("csv", data, LIMITS)
    payload = func(*args)
    assert pickle.loads(pickle.dumps(payload)) == json.loads(json.dumps(payload)) == payload
    assert parse.ParsedUpload(kind="csv", **payload) == parse_upload(data, CSV, LIMITS)
