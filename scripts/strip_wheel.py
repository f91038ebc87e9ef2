"""Remove files from a wheel in place and drop them from its RECORD: strip_wheel.py WHEEL PATH..."""

import sys
import zipfile
from pathlib import Path


def strip(wheel: Path, unwanted: set[str]) -> list[str]:
    """Rewrite `wheel` without the `unwanted` members; return the ones that were there."""
    tmp = wheel.with_suffix(".tmp")
    removed = []
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename in unwanted:
                removed.append(item.filename)
                continue
            data = src.read(item)
            if item.filename.endswith(".dist-info/RECORD"):
                lines = data.decode().splitlines(keepends=True)
                data = "".join(x for x in lines if x.split(",")[0] not in unwanted).encode()
            dst.writestr(item, data)
    tmp.replace(wheel)
    return removed


if __name__ == "__main__":
    gone = strip(Path(sys.argv[1]), set(sys.argv[2:]))
    print("removed from the wheel:", ", ".join(gone) or "nothing")
