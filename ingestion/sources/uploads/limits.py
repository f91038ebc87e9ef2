"""What one upload may cost (`UploadLimits`, from the `FINASSIST_UPLOADS__*` settings), and the
refusal that names the limit a file went over, its value and the setting that raises it."""

from dataclasses import dataclass, fields

from core.errors import InputError

MB = 1_000_000
MIB = 1 << 20

# The setting behind each budget (core.settings.UploadSettings), named in every refusal.
SETTING = {
    "max_bytes": "FINASSIST_UPLOADS__MAX_MB",
    "max_pages": "FINASSIST_UPLOADS__MAX_PAGES",
    "max_chars": "FINASSIST_UPLOADS__MAX_CHARS",
    "max_chunks": "FINASSIST_UPLOADS__MAX_CHUNKS",
    "parse_timeout_s": "FINASSIST_UPLOADS__WALL_S",
    "embed_timeout_s": "FINASSIST_UPLOADS__EMBED_S",
    "memory_bytes": "FINASSIST_UPLOADS__MEMORY_MB",
}


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may cost. Over a budget (bytes, pages, characters of text, chunks, wall
    time to read it, wall time to embed it, memory) the upload is refused; the per-page and
    CSV-row caps cut with a note. An upload takes at most about parse_timeout_s +
    embed_timeout_s of wall time."""

    max_bytes: int = 50 * MB
    max_pages: int = 1_000  # a 10-K with its exhibits runs past 500 (PepsiCo's 2021: 549)
    max_chars: int = 5_000_000
    max_chunks: int = 5_000
    max_page_chars: int = 100_000
    parse_timeout_s: float = 240.0  # 3M's 2018 10-K: 160 pages, ~50 CPU s in pypdf
    embed_timeout_s: float = 300.0
    memory_bytes: int = 1 << 30
    csv_max_rows: int = 200_000
    docx_max_entries: int = 2_000
    docx_max_uncompressed_bytes: int = 200 * MB
    docx_max_ratio: float = 100.0
    docx_ratio_min_bytes: int = 1 << 20  # smaller entries are not checked for their ratio

    @classmethod
    def from_settings(cls, settings) -> "UploadLimits":
        """The limits of `core.settings.UploadSettings`."""
        return cls(
            max_bytes=int(settings.max_mb * MB),
            max_pages=settings.max_pages,
            max_chars=settings.max_chars,
            max_chunks=settings.max_chunks,
            parse_timeout_s=settings.wall_s,
            embed_timeout_s=settings.embed_s,
            memory_bytes=settings.memory_mb * MIB,
        )

    def as_dict(self) -> dict:
        """Plain data, as the sandboxed child receives it."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def over_budget(name: str, value: int, limits: UploadLimits, what: str) -> None:
    """Refuse a file whose `value` of `what` is over the budget `name` of `limits`."""
    limit = getattr(limits, name)
    if value > limit:
        raise InputError(
            f"this file yields {value:,} {what}; the limit is {limit:,} ({SETTING[name]})"
        )


def check_size(data: bytes, limits: UploadLimits) -> None:
    """Refuse a file over `limits.max_bytes` before anything reads it."""
    if len(data) > limits.max_bytes:
        raise InputError(size_refusal(len(data), limits))


def size_refusal(size: int, limits: UploadLimits) -> str:
    """The refusal of a file of `size` bytes over the byte budget."""
    return (
        f"file too large: this file is {size / MB:.1f} MB; the limit is "
        f"{limits.max_bytes / MB:g} MB ({SETTING['max_bytes']})"
    )
