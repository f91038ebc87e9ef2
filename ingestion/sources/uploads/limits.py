"""What one upload may cost (`UploadLimits`), and the size check made before any parsing."""

from dataclasses import dataclass

from core.errors import InputError

MB = 1_000_000
MIB = 1 << 20


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may cost; every limit is checked before or while parsing."""

    max_bytes: int = 50 * MB
    max_pages: int = 500
    max_chars: int = 5_000_000
    max_page_chars: int = 100_000
    parse_timeout_s: float = 60.0
    memory_bytes: int = 1 << 30
    csv_max_rows: int = 200_000
    docx_max_entries: int = 2_000
    docx_max_uncompressed_bytes: int = 200 * MB
    docx_max_ratio: float = 100.0
    docx_ratio_min_bytes: int = 1 << 20  # smaller entries are not checked for their ratio


def check_size(data: bytes, limits: UploadLimits) -> None:
    """Refuse a file over `limits.max_bytes` before anything reads it."""
    if len(data) > limits.max_bytes:
        raise InputError(
            f"file too large ({len(data) / MB:.1f} MB; limit {limits.max_bytes / MB:g} MB)"
        )
