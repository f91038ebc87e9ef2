"""The transformers + torch backend: a Hugging Face folder or a GGUF file (dequantized).

Loads run offline from local files only, with safetensors only and never `trust_remote_code`.
"""

import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from core.errors import ModelError
from core.protocols import Message


class TransformersLLM:
    """A chat model run by transformers on the CPU (or a GPU when torch sees one)."""

    def __init__(
        self, model, tokenizer, name: str, temperature: float = 0.0, path: Path | None = None
    ):
        self._model = model
        self._tokenizer = tokenizer
        self.name = name
        self.temperature = temperature
        self.path = path
        self.threads: int | None = None

    @classmethod
    def load(
        cls, path: Path, *, quantize: str = "none", n_threads: int = 0, temperature: float = 0.0
    ):
        """Load a folder of safetensors weights, or a GGUF file, already checked by model.files."""
        os.environ["HF_HUB_OFFLINE"] = "1"
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if n_threads:
            torch.set_num_threads(n_threads)
        if path.is_file():  # GGUF: transformers dequantizes it to fp32
            source, extra = str(path.parent), {"gguf_file": path.name}
        else:
            source, extra = str(path), {"use_safetensors": True}
        common = {"local_files_only": True, "trust_remote_code": False, **extra}
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, **common)
            model = AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32, **common)
        except (OSError, ValueError) as exc:
            raise ModelError(f"transformers could not load {path}: {exc}") from exc
        model.eval()
        if quantize == "int8":
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
        name = f"transformers:{path.name}" + (":int8" if quantize == "int8" else "")
        llm = cls(model, tokenizer, name=name, temperature=temperature, path=path)
        llm.threads = torch.get_num_threads()
        return llm

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        stop = threading.Event()

        class StopOnEvent(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs) -> bool:
                return stop.is_set()

        inputs = self._tokenizer.apply_chat_template(
            list(messages), add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        sampling = (
            {"do_sample": True, "temperature": self.temperature}
            if self.temperature > 0
            else {"do_sample": False}
        )
        kwargs = dict(
            **inputs,
            max_new_tokens=max_tokens,
            streamer=streamer,
            stopping_criteria=StoppingCriteriaList([StopOnEvent()]),
            pad_token_id=self._tokenizer.eos_token_id,
            **sampling,
        )
        errors: list[BaseException] = []

        def generate() -> None:
            try:
                with torch.inference_mode():
                    self._model.generate(**kwargs)
            except Exception as exc:  # noqa: BLE001 - re-raised in the caller's thread below
                errors.append(exc)
                streamer.end()

        thread = threading.Thread(target=generate, daemon=True)
        thread.start()
        try:
            for piece in streamer:
                if piece:
                    yield piece
        finally:
            stop.set()
            thread.join()
        if errors:
            raise ModelError(f"transformers generation failed: {errors[0]}") from errors[0]
