"""Dependencies point one way: ingestion -> rag -> core <- model; evals -> ingestion, rag, core;
ui -> wiring, ingestion, rag, core. Only the composition (wiring.py, cli.py, app.py through ui)
reaches `model`, and no package imports an entry point."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {
    "core": {"core"},
    "model": {"core", "model"},
    "rag": {"core", "rag"},
    "ingestion": {"core", "rag", "ingestion"},
    "evals": {"core", "rag", "ingestion", "evals"},
    "ui": {"core", "rag", "ingestion", "ui", "wiring"},
}
TOP_LEVEL = {"wiring", "cli", "app"}  # the composition modules beside the packages
OURS = set(ALLOWED) | TOP_LEVEL
HEAVY = {"torch", "llama_cpp", "transformers", "sentence_transformers"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_packages_import_only_what_the_layering_allows():
    for package, allowed in ALLOWED.items():
        for path in (ROOT / package).rglob("*.py"):
            wrong = (imported_roots(path) & OURS) - allowed
            assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_wiring_composes_without_the_entry_points_or_the_ui():
    assert not imported_roots(ROOT / "wiring.py") & {"ui", "cli", "app"}


def test_the_app_only_lays_out_the_ui():
    assert imported_roots(ROOT / "app.py") & OURS == {"ui"}


def test_only_model_imports_the_heavy_ml_libraries():
    for package in ["core", "rag", "ingestion", "evals", "ui"]:
        for path in (ROOT / package).rglob("*.py"):
            assert not imported_roots(path) & HEAVY, f"{path.relative_to(ROOT)} imports ML libs"


def test_nothing_calls_torch_load_or_enables_remote_code():
    for path in ROOT.glob("[!.]*/**/*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        assert "torch.load(" not in text, path
        assert "trust_remote_code=True" not in text, path
