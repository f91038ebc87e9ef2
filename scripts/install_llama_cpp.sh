#!/usr/bin/env bash
# Install llama-cpp-python built for any x86-64 CPU, from a wheel cache keyed by its build flags.
#
#   scripts/install_llama_cpp.sh PIP [portable|native]
#
# portable (the default): one CPU backend per instruction-set level (AVX2, AVX-512, VNNI, ...),
# chosen at load time by model/llamacpp_runtime.py. The AMX variant is removed from the wheel:
# llama.cpp's AMX weight buffers crash the first decode (ggml-org/llama.cpp#20824).
# native: -march=native for the CPU building it; its cache key includes that CPU's flags, so the
# wheel is never reused on another CPU.
#
# pip's own wheel cache is keyed by the source archive only, so it is bypassed (--no-cache-dir).
set -euo pipefail
PIP=$1
MODE=${2:-portable}
# the version pyproject.toml pins, so the two cannot drift apart
VERSION=$(grep -oP '"llama-cpp-python==\K[0-9.]+' "$(dirname "$0")/../pyproject.toml" | head -1)
COMMON="-DLLAVA_BUILD=OFF"
case "$MODE" in
    portable) FLAGS="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DCMAKE_INSTALL_BINDIR=llama_cpp/lib $COMMON"
              MACHINE="any-x86-64" ;;
    native)   if grep -qw amx_tile /proc/cpuinfo; then
                  echo "refusing a native llama.cpp build on a CPU with AMX: -march=native enables" \
                       "llama.cpp's AMX path, which crashes (ggml-org/llama.cpp#20824). The portable" \
                       "build already runs this CPU's AVX-512 variant." >&2
                  exit 2
              fi
              FLAGS="-DGGML_NATIVE=ON $COMMON"
              MACHINE=$(grep -m1 '^flags' /proc/cpuinfo | sha256sum | cut -c1-16) ;;
    *) echo "unknown mode: $MODE (portable or native)" >&2; exit 2 ;;
esac
KEY=$(printf '%s\n' "$VERSION" "$FLAGS" "$MACHINE" "$(uname -m)" | sha256sum | cut -c1-16)
CACHE="${FINASSIST_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/finassist/llama-cpp-wheels}/$MODE-$KEY"

if ! ls "$CACHE"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "building llama-cpp-python $VERSION ($MODE; several minutes on 2 cores) into $CACHE"
    BUILD=$(mktemp -d)
    CMAKE_ARGS="$FLAGS" "$PIP" wheel --quiet --no-deps --no-cache-dir --no-binary llama-cpp-python \
        -w "$BUILD" "llama-cpp-python==$VERSION"
    WHEEL=$(ls "$BUILD"/llama_cpp_python-*.whl)
    if [ "$MODE" = portable ]; then
        "$(dirname "$PIP")/python" "$(dirname "$0")/strip_wheel.py" "$WHEEL" \
            'llama_cpp/lib/libggml-cpu-sapphirerapids.so'
    fi
    mkdir -p "$CACHE"
    mv "$WHEEL" "$CACHE"/
    rm -rf "$BUILD"
fi
"$PIP" install --quiet --no-deps --force-reinstall "$CACHE"/llama_cpp_python-*.whl
echo "$MODE" > "$(dirname "$PIP")/../.llama-cpp-build"
