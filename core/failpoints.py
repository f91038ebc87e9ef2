"""Named points where a crash test kills the process, as `kill -9` would.

`FINASSIST_FAILPOINT=name` (or `name:N`, the N-th time the point is reached) makes `failpoint`
send SIGKILL to its own process there: no cleanup, no finally blocks, no flush. The crash tests in
tests/ingestion use it to prove that a writer killed at any of these points leaves a store the next
run repairs. Unset (always, outside those tests) it costs one dictionary lookup.
"""

import os
import signal

_hits: dict[str, int] = {}


def failpoint(name: str) -> None:
    """Die here if the environment asks for this point (and this is the asked-for visit)."""
    wanted = os.environ.get("FINASSIST_FAILPOINT")
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
