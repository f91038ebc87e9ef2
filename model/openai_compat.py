"""Any OpenAI-compatible chat server: vLLM, Ollama, llama.cpp server, or a hosted API."""

from collections.abc import Iterator, Sequence

from core.errors import ModelError
from core.protocols import Message


class OpenAICompatLLM:
    """Streams chat completions from an OpenAI-compatible `/v1` endpoint."""

    def __init__(self, client, model: str, temperature: float = 0.0):
        self._client = client
        self.model = model
        self.name = f"openai:{model}@{client.base_url}"
        self.temperature = temperature

    @classmethod
    def load(
        cls,
        base_url: str,
        model: str,
        *,
        api_key: str | None,
        timeout_s: float,
        max_retries: int,
        temperature: float = 0.0,
    ):
        """Build a client; no request is sent until the first question."""
        import openai

        client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",  # local servers accept any key
            timeout=timeout_s,
            max_retries=max_retries,
        )
        return cls(client, model, temperature)

    def stream(self, messages: Sequence[Message], *, max_tokens: int) -> Iterator[str]:
        import openai

        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=list(messages),
                max_tokens=max_tokens,
                temperature=self.temperature,
                stream=True,
            )
            with response:
                for chunk in response:
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
        except openai.APIError as exc:
            raise ModelError(f"the model server at {self._client.base_url} failed: {exc}") from exc
