"""The openai backend against a real OpenAI-compatible server (llama.cpp's) on loopback."""

import sys
import time

import pytest

from core.errors import ModelError
from core.settings import load_settings
from model import load_backend, load_llm
from tests.servers import free_port, running

# llama-cpp-python's server, after loading llama.cpp's CPU backend (a portable build has none
# until then: see model/llamacpp_runtime.py).
SERVER = (
    "from model.llamacpp_runtime import load_backends; load_backends(); "
    "import runpy; runpy.run_module('llama_cpp.server', run_name='__main__')"
)


@pytest.fixture(scope="module")
def server(shipped_gguf, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [
        sys.executable,
        "-c",
        SERVER,
        "--model",
        str(shipped_gguf),
        "--model_alias",
        "smollm2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
    ]
    base = f"http://127.0.0.1:{port}/v1"
    with running(command, f"{base}/models", log):
        yield base


def test_the_openai_backend_streams_from_a_compatible_server(server, tmp_path):
    settings = load_settings(
        home=tmp_path, llm={"backend": "openai"}, openai={"base_url": server, "model": "smollm2"}
    )
    llm = load_llm(settings)
    pieces = list(
        llm.stream([{"role": "user", "content": "Name the capital of France."}], max_tokens=16)
    )
    assert len(pieces) > 1
    assert "paris" in "".join(pieces).lower()


def test_a_server_that_is_down_gives_a_clear_error_quickly(tmp_path):
    settings = load_settings(
        home=tmp_path,
        llm={"backend": "openai"},
        openai={"base_url": f"http://127.0.0.1:{free_port()}/v1", "timeout_s": 2, "max_retries": 0},
    )
    llm = load_backend(settings)
    started = time.monotonic()
    with pytest.raises(ModelError, match="failed"):
        list(llm.stream([{"role": "user", "content": "hi"}], max_tokens=4))
    assert time.monotonic() - started < 10
