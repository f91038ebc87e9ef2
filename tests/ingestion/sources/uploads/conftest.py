"""Fixtures for the upload tests: the slowest parse, made once."""

import pytest

from ingestion.sources.uploads import parse_upload
from tests.ingestion.sources.uploads.corpus import FULL_PDF, LIMITS, good


@pytest.fixture(scope="session")
def full_pdf():
    """The 30-page FinanceBench 10-Q, parsed once (the slowest parse of the upload tests)."""
    return parse_upload(good(FULL_PDF), FULL_PDF, LIMITS)
