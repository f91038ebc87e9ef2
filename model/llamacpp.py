"""The default backend: llama.cpp running a GGUF file on the CPU (llama-cpp-python)."""

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from core.errors import ModelError
from core.protocols import Message


def cpu_threads(configured: int) -> int:
    """The configured thread count, or every core (llama-cpp-python's default is half)."""
    return configured or os.cpu_count() or 1


class LlamaCppLLM:
    """A chat model served by llama.cpp; one instance is used by one worker thread at a time."""

    def __init__(self, llama, name: str, temperature: float = 0.0, path: Path | None = None):
        self._llama = llama
        self.name = name
        self.temperature = temperature
        self.path = path
        self.threads = getattr(llama, "n_threads", None)

    @classmethod
    def load(cls, path: Path, *, n_ctx: int, n_threads: int, temperature: float = 0.0):
        """Load a GGUF file that has already passed `model.files.check_gguf`."""
        from llama_cpp import Llama

        from model.llamacpp_runtime import check_safe

        check_safe()  # loads the CPU backend; refuses a build whose AMX path would crash
        threads = cpu_threads(n_threads)
        try:
            llama = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_batch=512,
                n_ubatch=512,
                n_threads=threads,
                n_threads_batch=threads,
                flash_attn=True,  # faster prompt processing on CPU, same results
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"llama.cpp could not load {path}: {exc}") from exc
        return cls(llama, name=f"llamacpp:{path.name}", temperature=temperature, path=path)

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        chunks = self._llama.create_chat_completion(
            messages=list(messages),
            max_tokens=max_tokens,
            temperature=self.temperature,
            repeat_penalty=1.1,  # the 135M model otherwise loops on its own sentences
            stream=True,
        )
        try:
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece
        finally:
            chunks.close()  # stops evaluation when the caller stops early (cancel, deadline)


def requantize(source: Path, target: Path, quant: str) -> None:
    """Write `source` re-quantized to `quant` (llama.cpp's own quantizer)."""
    import llama_cpp

    from model.llamacpp_runtime import load_backends

    load_backends()
    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{quant}")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    params.nthread = os.cpu_count() or 1
    from llama_cpp._utils import suppress_stdout_stderr

    with suppress_stdout_stderr(disable=False):  # the quantizer prints every tensor
        status = llama_cpp.llama_model_quantize(
            str(source).encode(), str(target).encode(), llama_cpp.byref(params)
        )
    if status != 0:
        raise ModelError(f"llama.cpp could not re-quantize {source} to {quant} (status {status})")
