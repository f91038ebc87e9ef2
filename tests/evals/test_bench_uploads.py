"""`finassist bench uploads` names the trees it times and reports ratios against each."""

from pathlib import Path

from evals import bench_uploads
from evals.bench_uploads import run_upload_bench, tree_names


def test_one_other_tree_is_against_and_several_go_by_their_folder_names(tmp_path):
    one, two, same = tmp_path / "main", tmp_path / "pre", tmp_path / "x" / "main"
    assert tree_names([one]) == {"against": one}
    assert tree_names([one, two, same]) == {"main": one, "pre": two, "main'": same}


def test_ratios_against_each_other_tree(monkeypatch):
    times = {"a": (10.0, 8.0), "b": (5.0, 4.0), "c": (20.0, 16.0)}

    def timed(tree: Path, files: list[Path]) -> dict:
        seconds, cpu = times[tree.name]
        return {
            "seconds": seconds,
            "cpu_s": cpu,
            "documents": 1,
            "pages": 4,
            "chunks": 2,
            "failed": [],
        }

    monkeypatch.setattr(bench_uploads, "_one", timed)
    trees = {name: Path(name) for name in times}
    report = run_upload_bench([Path("f.pdf")], trees)
    assert report["ratios"] == {
        "b": {"ratio": 2.0, "cpu_ratio": 2.0},
        "c": {"ratio": 0.5, "cpu_ratio": 0.5},
    }
    two = run_upload_bench([Path("f.pdf")], {"a": Path("a"), "b": Path("b")})
    assert (two["ratio"], two["cpu_ratio"]) == (2.0, 2.0) and "ratios" not in two
