"""The CPU this runs on, as /proc/cpuinfo reports it: its name and instruction-set flags
(benchmarks and `finassist doctor` print them beside their figures)."""

import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's marketing name ('AMD EPYC 7B13'), or the architecture when it cannot be read."""
    for line in _cpuinfo().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def cpu_flags() -> list[str]:
    """The instruction-set flags the kernel reports for this CPU (avx2, avx512f, amx_tile, ...)."""
    for line in _cpuinfo().splitlines():
        if line.startswith("flags"):
            return sorted(line.split(":", 1)[1].split())
    return []


def _cpuinfo() -> str:
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""
