"""`finassist bench model`: our default backend against raw llama.cpp and transformers fp32.

Each row runs in its own process (so peak RSS is its own) on the same prompts: a ~1,000-token
RAG-style prompt built from a real 10-K passage, and a short question. Every measured run starts
its user message differently, so no row can reuse a cached prompt beyond the system prompt.
The default row runs the model in its child process (its RSS adds the child's peak); the
in-process row is the same worker with `FINASSIST_LLM__ISOLATE=false`, for comparison.
"""

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from core.settings import Settings, load_settings

EXCERPT = (
    Path(__file__).resolve().parent.parent / "data" / "bench" / "aapl-10k-2024-item7-excerpt.txt"
)
SYSTEM = (
    "You are FinAssist, a careful financial research assistant. Answer only from the numbered "
    "sources and cite them as [n]."
)
RAG_QUESTIONS = [
    "How did Apple's Services net sales change in fiscal 2024?",
    "Which region had lower net sales in 2024 and why?",
    "What was Apple's total gross margin in 2024?",
    "How long was Apple's fiscal year 2023?",
    "Why did Mac net sales increase in 2024?",
]
SHORT_QUESTIONS = [
    "Explain in detail what a 10-K filing is and which sections an analyst reads first.",
    "Describe in detail how a company's gross margin is calculated and why it matters.",
    "Explain in detail the difference between revenue and net income for a company.",
    "Describe in detail what free cash flow means for an equity analyst.",
    "Explain in detail why companies report quarterly results in a 10-Q.",
]
ROWS = [
    "finassist-default",
    "finassist-in-process",
    "llama_cpp-raw",
    "transformers-fp32",
    "finassist-Q8_0",
]
FINASSIST_ROWS = ("finassist-default", "finassist-in-process", "finassist-Q8_0")
MAX_TOKENS = 128


def rag_messages(index: int) -> list[dict]:
    """A ~1,000-token prompt: the question first (so it differs per run), then the passage."""
    passage = EXCERPT.read_text()
    user = f"Question: {RAG_QUESTIONS[index % len(RAG_QUESTIONS)]}\n\nSources:\n[1] {passage}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def short_messages(index: int) -> list[dict]:
    user = SHORT_QUESTIONS[index % len(SHORT_QUESTIONS)]
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def measure(stream: Callable[[list[dict]], Iterator[str]], count_tokens, messages) -> dict:
    """Time to first piece, and decode speed over the tokens after it."""
    started = time.perf_counter()
    first = None
    text = ""
    for piece in stream(messages):
        if first is None:
            first = time.perf_counter()
        text += piece
    ended = time.perf_counter()
    tokens = count_tokens(text)
    decode_s = ended - (first or ended)
    return {
        "ttft_s": (first or ended) - started,
        "tokens": tokens,
        "decode_tok_s": (tokens - 1) / decode_s if tokens > 1 and decode_s > 0 else 0.0,
    }


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build_row(name: str, settings: Settings):
    """(stream, count_tokens, prompt_tokens, llm) for one row, loading exactly what it needs;
    `llm` is the row's inference worker (None for the baselines)."""
    from model import files
    from model.llamacpp_runtime import load_backends

    load_backends()  # a portable llama.cpp build has no CPU backend until this runs
    shipped = files.shipped_gguf()
    llm = None
    if name in FINASSIST_ROWS:
        from model import load_embedder, load_llm

        if name == "finassist-Q8_0":
            settings.llm.quant = "Q8_0"
        if name == "finassist-in-process":
            settings.llm.isolate = False
        llm = load_llm(settings)
        # RSS includes the embedder, loaded as the app does beside the LLM
        load_embedder(settings, beside_llm=True).embed(["warm up the embedder"])
        stream = lambda messages: llm.stream(messages, max_tokens=MAX_TOKENS)  # noqa: E731
    elif name == "llama_cpp-raw":
        from llama_cpp import Llama

        raw = Llama(model_path=str(shipped), n_ctx=4096, verbose=False)

        def stream(messages):
            for chunk in raw.create_chat_completion(
                messages=messages, max_tokens=MAX_TOKENS, temperature=0.0, stream=True
            ):
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece
    elif name == "transformers-fp32":
        from model.hf import TransformersLLM

        hf = TransformersLLM.load(shipped, quantize="none")
        stream = lambda messages: hf.stream(messages, max_tokens=MAX_TOKENS)  # noqa: E731
    else:
        raise ValueError(f"unknown bench row {name!r}")
    from llama_cpp import Llama

    vocab = Llama(model_path=str(shipped), vocab_only=True, verbose=False)
    count = lambda text: len(vocab.tokenize(text.encode(), add_bos=False, special=False))  # noqa: E731
    prompt = "".join(m["content"] for m in rag_messages(0))
    prompt_tokens = len(vocab.tokenize(prompt.encode(), add_bos=False, special=False)) + 12
    return stream, count, prompt_tokens, llm


def run_row(name: str, runs: int) -> dict:
    """Measure one row in this process: a warm-up, then `runs` runs of each prompt."""
    from model.llamacpp_runtime import loaded_backend_files

    settings = load_settings()
    stream, count, prompt_tokens, llm = build_row(name, settings)
    measure(stream, count, short_messages(len(SHORT_QUESTIONS) - 1))  # warm-up
    rag = [measure(stream, count, rag_messages(i)) for i in range(runs)]
    short = [measure(stream, count, short_messages(i)) for i in range(runs)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = getattr(llm.llm, "pid", None) if llm is not None else None
    child_mb = peak_rss_mb(child) if child else 0.0
    backend_files = llm.llm.facts.get("backend_files") if child else loaded_backend_files()

    def med(results, key):
        return round(statistics.median(r[key] for r in results), 3)

    return {
        "name": name,
        "ttft_s": med(rag, "ttft_s"),
        "decode_tok_s": round((med(rag, "decode_tok_s") + med(short, "decode_tok_s")) / 2, 1),
        "rss_mb": round(peak_mb + child_mb, 1),
        "child_rss_mb": round(child_mb, 1) if child else None,
        "backend_files": backend_files,
        "ttft_short_s": med(short, "ttft_s"),
        "decode_tok_s_rag": med(rag, "decode_tok_s"),
        "decode_tok_s_short": med(short, "decode_tok_s"),
        "rag_prompt_tokens": prompt_tokens,
        "runs": runs,
    }


def run_model_bench(settings: Settings, runs: int = 3, progress: bool = True) -> dict:
    """All rows, each in a fresh process, one after another (so they do not share cores)."""
    rows = []
    for name in ROWS:
        if progress:
            print(f"bench model: measuring {name} ...", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "model.bench", name, str(runs)],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        if done.returncode != 0:
            rows.append({"name": name, "error": done.stderr.strip().splitlines()[-1:]})
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    by_name = {row["name"]: row for row in rows}

    def ratio(other: str, key: str = "decode_tok_s") -> float | None:
        base, ours = by_name.get(other, {}), by_name.get("finassist-default", {})
        if base.get(key) and ours.get(key):
            return round(ours[key] / base[key], 3 if other == "finassist-in-process" else 2)
        return None

    from core.cpu import cpu_flags
    from model.llamacpp_runtime import cpu_summary

    return {
        "cpu": cpu_summary(),
        "cpu_flags": [f for f in cpu_flags() if f.startswith(("avx", "amx", "fma", "f16c"))],
        "llama_cpp_backend": next((r["backend_files"] for r in rows if r.get("backend_files")), []),
        "rows": rows,
        "ratios": {
            "default_vs_llamacpp": ratio("llama_cpp-raw"),
            "default_vs_transformers_fp32": ratio("transformers-fp32"),
            "default_vs_in_process_decode": ratio("finassist-in-process"),
            "default_vs_in_process_ttft": ratio("finassist-in-process", "ttft_s"),
        },
    }


def format_table(report: dict) -> str:
    lines = [
        f"cpu: {report['cpu']}; llama.cpp backend: {', '.join(report['llama_cpp_backend'])}",
        f"{'row':<20}{'ttft_s (RAG)':>14}{'ttft_s (short)':>16}{'decode tok/s':>14}{'rss MB':>10}",
    ]
    for row in report["rows"]:
        if "error" in row:
            lines.append(f"{row['name']:<20} failed: {row['error']}")
            continue
        lines.append(
            f"{row['name']:<20}{row['ttft_s']:>14.3f}{row['ttft_short_s']:>16.3f}"
            f"{row['decode_tok_s']:>14.1f}{row['rss_mb']:>10.0f}"
        )
    for key, value in report["ratios"].items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(run_row(sys.argv[1], int(sys.argv[2]))))
