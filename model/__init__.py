"""Model backends behind the `core.protocols` seams; the only package that imports torch/llama_cpp.

`load_llm` picks the backend named by `FINASSIST_LLM__BACKEND` and wraps it in the process's
inference worker (a local model runs in a child process, `model.process`); `load_embedder` loads
the sentence embedder. Heavy imports happen inside the branch that needs them.
"""

from pathlib import Path

from core.errors import ConfigError
from core.protocols import LLM, Embedder
from core.settings import Settings
from model.worker import InferenceWorker


def load_backend(settings: Settings) -> LLM:
    """The bare LLM named by the settings (no worker around it)."""
    llm = settings.llm
    match llm.backend:
        case "llamacpp":
            from model import files
            from model.llamacpp import LlamaCppLLM, requantize

            path = llm.model_path or files.shipped_gguf()
            files.check_gguf(path, explicit=llm.model_path is not None)
            if llm.quant != "shipped" and llm.model_path is None:
                path = files.derived_gguf(path, settings.home, llm.quant, requantize)
            return LlamaCppLLM.load(
                path, n_ctx=llm.n_ctx, n_threads=llm.n_threads, temperature=llm.temperature
            )
        case "transformers":
            from model import files
            from model.hf import TransformersLLM

            path = llm.model_path or files.shipped_gguf()
            if path.suffix == ".gguf":
                files.check_gguf(path, explicit=llm.model_path is not None)
            else:
                files.check_hf_dir(path)
            return TransformersLLM.load(
                path, quantize=llm.quantize, n_threads=llm.n_threads, temperature=llm.temperature
            )
        case "openai":
            from model.openai_compat import OpenAICompatLLM

            api = settings.openai
            key = api.api_key.get_secret_value() if api.api_key else None
            return OpenAICompatLLM.load(
                api.base_url,
                api.model,
                api_key=key,
                timeout_s=api.timeout_s,
                max_retries=api.max_retries,
                temperature=llm.temperature,
            )
        case "scripted":
            from model.scripted import ScriptedLLM

            return ScriptedLLM()
        case other:
            raise ConfigError(f"FINASSIST_LLM__BACKEND: unknown backend {other!r}")


def isolated(settings: Settings) -> bool:
    """Whether the configured backend runs in a child process (local models, unless turned off)."""
    return settings.llm.isolate and settings.llm.backend in ("llamacpp", "transformers")


def load_llm(settings: Settings) -> InferenceWorker:
    """The configured LLM behind this process's single inference worker; a local model runs in
    a child process (`model.process`), loaded before this returns."""
    from model.process import ModelProcess

    llm = settings.llm
    backend = ModelProcess(settings).start() if isolated(settings) else load_backend(settings)
    return InferenceWorker(
        backend,
        queue_size=llm.queue_size,
        max_tokens=llm.max_tokens,
        deadline_s=llm.deadline_s,
        round_robin=llm.queue_order == "users",
    )


def load_embedder(settings: Settings, *, beside_llm: bool = False) -> Embedder:
    """The configured sentence embedder (the shipped MiniLM unless a folder is set).

    `beside_llm`: this process also runs llama.cpp. Torch then gets one thread: once torch's
    OpenMP pool has run, llama.cpp's own OpenMP threads decode up to 2x slower (measured).
    """
    from model import files
    from model.embedders import SentenceTransformerEmbedder

    if beside_llm:
        import torch

        torch.set_num_threads(1)

    path: Path = settings.embedder.model_path or files.shipped_embedder_dir()
    if not path.is_dir():
        raise ConfigError(f"FINASSIST_EMBEDDER__MODEL_PATH: no embedder folder at {path}")
    return SentenceTransformerEmbedder.load(
        path, batch_size=settings.embedder.batch_size, max_tokens=settings.embedder.max_tokens
    )
