"""Keeping an upload: the original bytes stored once under their hash, and a name safe to show."""

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from pydantic import BaseModel

from ingestion.sources.uploads.sniff import KINDS, sniff

MAX_DISPLAY_NAME = 120
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


class StoredUpload(BaseModel):
    """The original bytes as stored on disk under a name we generated."""

    path: Path
    sha256: str
    size: int


def store_original(data: bytes, uploads_dir: Path, kind: str | None = None) -> StoredUpload:
    """Store the bytes as `<sha256>.<kind>` (atomic; identical bytes are stored once)."""
    kind = kind or sniff(data)
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind {kind!r}")
    digest = hashlib.sha256(data).hexdigest()
    uploads_dir.mkdir(parents=True, exist_ok=True)
    path = uploads_dir / f"{digest}.{kind}"
    if not (path.is_file() and path.stat().st_size == len(data)):
        _write_atomically(path, data)
    return StoredUpload(path=path, sha256=digest, size=len(data))


def safe_display_name(filename: str) -> str:
    """The client's filename made safe to show: no path, control or bidi characters, <= 120."""
    cleaned = "".join(ch for ch in filename if not _is_unsafe_char(ch))
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", cleaned))[-1].strip()
    if name in {"", ".", ".."}:
        return "upload"
    return _cap_name(name, MAX_DISPLAY_NAME)


def _is_unsafe_char(ch: str) -> bool:
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _cap_name(name: str, limit: int) -> str:
    """Cut a long name to `limit` characters, keeping a short extension."""
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= 10:
        return stem[: limit - len(ext) - 1].rstrip() + "." + ext
    return name[:limit].rstrip()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
