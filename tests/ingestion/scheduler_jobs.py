"""Job runners for the scheduler tests; a module of their own so spawned job processes import them.

Each leaves a file in `folder` as evidence that it ran (and in which process).
"""

import os
import time
from pathlib import Path


def touch(folder: str, kind: str) -> str:
    """Record that the `kind` job ran."""
    (Path(folder) / f"ran-{kind}").write_text(str(os.getpid()))
    return f"ran {kind}"


def hang_once(folder: str, kind: str) -> str:
    """Hang (until killed) the first time, then run like `touch`."""
    marker = Path(folder) / f"hung-{kind}"
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        time.sleep(600)
    return touch(folder, kind)


def fail(kind: str) -> str:
    """A job that raises."""
    raise ValueError(f"the {kind} source sent nothing usable")
