"""`finassist bench uploads`: what reading uploads costs, this tree against another one.

Each tree (this one, and `--against`, e.g. the main branch's checkout) ingests the same files
through its own upload path (`ingestion.files.ingest_paths`: sniff, the sandboxed parse, and
whatever the tree derives from the file: chunks, statement tables, company) in a fresh Python
process with PYTHONPATH set to the tree, on an empty FINASSIST_HOME. Rounds alternate the order.
Embedding is not timed: both trees embed the same chunks with the same model. Per tree: wall
seconds and CPU seconds (the process, its forkserver and every sandboxed child: the fair measure
on a shared machine), documents, pages, chunks, pages per second, and the files that failed.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Runs in the child with PYTHONPATH=<tree>: the tree's own upload path on every file.
_SNIPPET = r"""
import json, resource, sys, time, tempfile
from multiprocessing import forkserver
from pathlib import Path
from ingestion.files import ingest_paths
from ingestion.run import Run, Stores
from ingestion.sources.uploads import UploadLimits

class Unused:
    name, dimension = "unused", 384
    def embed(self, texts):
        raise RuntimeError("not timed")

paths = [Path(p) for p in json.loads(sys.argv[1])]
home = Path(tempfile.mkdtemp(prefix="finassist-bench-uploads-"))
run = Run("bench uploads", Stores.open(home), Unused(), 100, uploads=home / "uploads")
started = time.perf_counter()
ingest_paths(run, paths, home / "uploads", UploadLimits(parse_timeout_s=900))
seconds = time.perf_counter() - started
forkserver._forkserver._stop()  # reaped: its children's CPU time is now ours
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
pending = run._pending
print(json.dumps({
    "seconds": seconds,
    "cpu_s": sum(u.ru_utime + u.ru_stime for u in usage),
    "documents": len(pending),
    "pages": sum(int(p.document.metadata.get("pages", 0)) for p in pending),
    "chunks": sum(len(p.chunks) for p in pending),
    "failed": [[s.key, s.reason] for s in run.report.sources if s.status == "failed"],
}))
"""


def run_upload_bench(files: list[Path], trees: dict[str, Path], rounds: int = 1) -> dict:
    """Per tree (name -> checkout), the upload path's time on `files`, best of `rounds`."""
    results: dict[str, list[dict]] = {name: [] for name in trees}
    order = list(trees)
    for round_number in range(rounds):
        for name in order if round_number % 2 == 0 else reversed(order):
            results[name].append(_one(trees[name], files))
            print(f"{name}: {json.dumps(results[name][-1])}", file=sys.stderr, flush=True)
    report = {}
    for name, runs in results.items():
        best = min(runs, key=lambda r: r["seconds"])
        report[name] = {
            "tree": str(trees[name]),
            "seconds": round(best["seconds"], 1),
            "cpu_s": round(best["cpu_s"], 1),
            "all_seconds": [round(r["seconds"], 1) for r in runs],
            "documents": best["documents"],
            "pages": best["pages"],
            "chunks": best["chunks"],
            "pages_per_s": round(best["pages"] / best["seconds"], 1),
            "pages_per_cpu_s": round(best["pages"] / best["cpu_s"], 1),
            "failed": best["failed"],
        }
    this, *others = list(report)
    ratios = {name: _ratios(report[this], report[name]) for name in others}
    if len(others) == 1:
        report.update(ratios[others[0]])  # "ratio", "cpu_ratio": this tree against the other
    elif others:
        report["ratios"] = ratios  # by the other tree's name
    return report


def tree_names(against: Sequence[Path]) -> dict[str, Path]:
    """The `--against` checkouts by name: "against" for one, else each folder's name (made
    distinct)."""
    if len(against) == 1:
        return {"against": against[0].resolve()}
    names: dict[str, Path] = {}
    for path in against:
        name = path.resolve().name
        while name in names or name == "this":
            name += "'"
        names[name] = path.resolve()
    return names


def _ratios(this: dict, other: dict) -> dict[str, float]:
    return {
        "ratio": round(this["seconds"] / other["seconds"], 3),
        "cpu_ratio": round(this["cpu_s"] / other["cpu_s"], 3),
    }


def _one(tree: Path, files: list[Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="finassist-bench-home-") as home:
        env = {**os.environ, "PYTHONPATH": str(tree), "FINASSIST_HOME": home}
        done = subprocess.run(
            [sys.executable, "-c", _SNIPPET, json.dumps([str(f) for f in files])],
            env=env,
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])
