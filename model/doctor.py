"""`finassist doctor`: what llama.cpp runs on, which model file, and whether a short generation
works, through the same child process and worker the app uses.

Everything that touches llama.cpp happens in the child, so even a build that crashes this CPU
(an illegal instruction, AMX) is reported here in words instead of killing the command.
"""

import sys
import time
from pathlib import Path

from core.errors import FinAssistError
from core.settings import Settings

QUESTION = [{"role": "user", "content": "What is the capital of France? Answer in one word."}]
MAX_TOKENS = 8


def build_kind() -> str | None:
    """How llama-cpp-python was built by `scripts/install_llama_cpp.sh` (portable or native)."""
    marker = Path(sys.prefix) / ".llama-cpp-build"
    return marker.read_text().strip() if marker.is_file() else None


def run_doctor(settings: Settings) -> dict:
    """The report (see README: `finassist doctor --json`); `error` is None when all is well."""
    from core.cpu import cpu_flags, cpu_model
    from model import isolated, load_backend
    from model.files import sha256_file
    from model.llamacpp import cpu_threads
    from model.process import ModelProcess
    from model.worker import InferenceWorker

    report: dict = {
        "cpu": cpu_model(),
        "cpu_flags": cpu_flags(),
        "llama_cpp_features": "",
        "backend_variant": [],
        "build": build_kind(),
        "backend": settings.llm.backend,
        "isolated": isolated(settings),
        "model": "",
        "model_sha256": "",
        "threads": cpu_threads(settings.llm.n_threads),
        "generation_ok": False,
        "generation_s": None,
        "reply": "",
        "error": None,
    }
    llm = ModelProcess(settings) if isolated(settings) else None
    backend = worker = None
    try:
        backend = llm.start() if llm else load_backend(settings)
        worker = InferenceWorker(backend, deadline_s=60)
        started = time.perf_counter()
        report["reply"] = "".join(worker.stream(QUESTION, max_tokens=MAX_TOKENS))
        report["generation_s"] = round(time.perf_counter() - started, 3)
        report["generation_ok"] = bool(report["reply"].strip())
        if not report["generation_ok"]:
            report["error"] = "the model loaded but generated no text"
    except FinAssistError as exc:
        report["error"] = str(exc)
    finally:
        if worker is not None:
            worker.close()
        elif llm is not None:
            llm.close()
    facts = llm.facts if llm else in_process_facts(backend)
    report["llama_cpp_features"] = facts.get("llama_cpp_features", "")
    report["backend_variant"] = facts.get("backend_files", [])
    report["threads"] = facts.get("threads") or report["threads"]
    if facts.get("path"):
        report["model"] = facts["path"]
        report["model_sha256"] = sha256_file(Path(facts["path"]))
    return report


def in_process_facts(backend) -> dict:
    """What a backend loaded in this process runs on (FINASSIST_LLM__ISOLATE=false)."""
    if backend is None:
        return {}
    path = getattr(backend, "path", None)
    facts = {"path": str(path) if path else None, "threads": getattr(backend, "threads", None)}
    if backend.name.startswith("llamacpp:"):
        from model.llamacpp_runtime import loaded_backend_files, system_info

        facts.update(llama_cpp_features=system_info(), backend_files=loaded_backend_files())
    return facts


def format_report(report: dict) -> str:
    """The report as a few lines for a person."""
    vector = [f for f in report["cpu_flags"] if f.startswith(("avx", "amx", "fma", "f16c"))]
    variant = ", ".join(report["backend_variant"]) or "unknown"
    lines = [
        f"cpu:        {report['cpu']} ({' '.join(vector) or 'no AVX'})",
        f"llama.cpp:  {report['build'] or 'unknown'} build, backend {variant}",
        f"features:   {report['llama_cpp_features'] or 'unknown'}",
        f"model:      {report['model'] or report['backend']}",
        f"sha256:     {report['model_sha256'] or '-'}",
        f"threads:    {report['threads']}",
    ]
    if report["generation_ok"]:
        lines.append(f"generation: ok in {report['generation_s']} s ({report['reply'].strip()!r})")
    else:
        lines.append(f"generation: FAILED: {report['error']}")
    return "\n".join(lines)
