"""What llama.cpp runs on: the CPU backend chosen at load time, and whether it is safe to run.

The portable build (`scripts/install_llama_cpp.sh`) ships one CPU backend per x86-64 level
(libggml-cpu-haswell.so, -skylakex, -icelake, -zen4, ...); `load_backends` has ggml score them
against this CPU and load the best one. The AMX variant is not shipped: llama.cpp's AMX weight
buffers crash the first decode (ggml-org/llama.cpp#20824), so a build that enables AMX on a CPU
that has it is refused before any question is asked (`check_safe`).
"""

import ctypes
import functools
import os
import re
from pathlib import Path

from core.cpu import cpu_flags, cpu_model
from core.errors import ModelError

AMX_FLAGS = {"amx_tile", "amx_int8", "amx_bf16"}
FIX = "reinstall the portable llama.cpp build: `make llama-portable` (or `make clean && make run`)"


def library_dir() -> Path:
    """llama-cpp-python's folder of shared libraries (libllama, libggml, the CPU backends)."""
    import llama_cpp

    return Path(llama_cpp.__file__).resolve().parent / "lib"


def _libggml() -> ctypes.CDLL:
    """The libggml that libllama is linked against. A wheel cannot hold symlinks, so libggml.so,
    .so.0 and .so.0.x are separate copies, each with its own backend registry: take the mapped
    one."""
    mapped = [name for name in _mapped_libraries() if re.search(r"/libggml\.so[.\d]*$", name)]
    lib = ctypes.CDLL(mapped[0] if mapped else str(library_dir() / "libggml.so.0"))
    lib.ggml_backend_reg_count.restype = ctypes.c_size_t
    lib.ggml_backend_dev_count.restype = ctypes.c_size_t
    lib.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    return lib


@functools.cache
def load_backends() -> int:
    """Load llama.cpp's best CPU backend for this machine once; returns the devices available.

    A build with the CPU backend linked in (a native build) has it registered already; a portable
    build has none until its backend modules are loaded from the library folder."""
    import llama_cpp  # noqa: F401  (loads libllama and libggml)
    from llama_cpp._logger import set_verbose

    set_verbose(False)  # else ggml prints every backend it loads to stderr
    lib = _libggml()
    if lib.ggml_backend_dev_count() == 0:
        lib.ggml_backend_load_all_from_path(str(library_dir()).encode())
    devices = lib.ggml_backend_dev_count()
    if devices == 0:
        raise ModelError(f"llama.cpp found no CPU backend in {library_dir()}; {FIX}")
    return devices


def system_info() -> str:
    """llama.cpp's own summary of the features its loaded CPU backend was built for."""
    import llama_cpp

    load_backends()
    return llama_cpp.llama_print_system_info().decode().strip()


def built_features(info: str) -> list[str]:
    """The features a system-info line reports as on ('AVX2 = 1' -> 'AVX2')."""
    return [name for name, on in re.findall(r"(\w+) = (\d)", info) if on == "1"]


def loaded_backend_files() -> list[str]:
    """The llama.cpp CPU backend modules mapped into this process (which variant was chosen)."""
    return sorted({Path(n).name for n in _mapped_libraries() if "/libggml-cpu" in n})


def _mapped_libraries() -> list[str]:
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    return sorted({line.split()[-1] for line in lines if line.endswith(".so") or ".so." in line})


def check_safe(info: str | None = None, flags: list[str] | None = None) -> None:
    """Refuse a llama.cpp build that uses AMX on a CPU with AMX: its first decode crashes."""
    info = system_info() if info is None else info
    flags = cpu_flags() if flags is None else flags
    if AMX_FLAGS & set(flags) and any(f.startswith("AMX") for f in built_features(info)):
        raise ModelError(
            "this llama.cpp build uses AMX on a CPU that has it, and llama.cpp's AMX path "
            f"crashes on the first decode (ggml-org/llama.cpp#20824); {FIX}"
        )


def cpu_summary() -> str:
    """One line for benchmark reports: the CPU and its widest vector extensions."""
    wide = [f for f in cpu_flags() if f in {"avx2", "avx512f", "avx512_vnni", "amx_tile"}]
    return f"{cpu_model()} ({', '.join(wide) or 'no AVX2'}; {os.cpu_count()} cores)"
