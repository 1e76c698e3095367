# cablekit — set-up and everyday commands. `make run` and `make test` are the two README commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?= ../shared/corpus
DB ?= archive.db
PORT ?= 8000

.PHONY: setup system run test bench clean

# Python environment: a virtualenv with cablekit installed in editable mode and the test tools;
# then the compiled reader (setup.py, with gcc's profile-guided optimisation: scripts/build-reader)
# rebuilt in place whenever a module was edited since.
COMPILED_SOURCES := $(shell find src/cablekit -name '*.py' -o -name '*.pxd')  # (setup.py picks the compiled ones)
setup: $(VENV)/.compiled
$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	CABLEKIT_PURE_BUILD=1 $(PY) -m pip install -q -e '.[test]'  # (the reader is compiled by the next step)
	touch $@
$(VENV)/.compiled: $(VENV)/.installed $(COMPILED_SOURCES) scripts/build-reader scripts/train-reader.py
	scripts/build-reader $(PY)
	touch $@

# Debian packages: Chromium for the end-to-end browser tests (Playwright drives it).
system:
	@bash scripts/install-system-deps

# The main job: the dev corpus ingested into the embedded archive, the reading room on localhost.
run: setup
	$(VENV)/bin/cablekit ingest $(CORPUS) --db $(DB)
	$(VENV)/bin/cablekit serve --db $(DB) --host 127.0.0.1 --port $(PORT)

test: setup system
	$(PY) -m pytest

bench: setup
	$(VENV)/bin/cablekit bench parse $(CORPUS)/wikileaks-html

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts build
	find src -name '*.so' -delete -o -name '*.c' -path 'src/cablekit/*' -delete
