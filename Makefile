# Two commands for a fresh machine: `make serve` (the showcase) and `make test`.
# Both bootstrap .venv/ from the pinned lock file.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast lint validate bench clean openapi

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m site_builder validate
	$(VENV)/bin/mkdocs serve --strict --livereload -a 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

validate: $(STAMP)
	$(PY) -m site_builder validate

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# GitHub's OpenAPI description (the GitHub double's tests validate every request and response
# against it): npm pack at a pinned version, then the pinned integrity is checked; a mismatch fails.
OPENAPI_VERSION := 23.0.2
OPENAPI_TGZ := .cache/openapi/octokit-openapi-$(OPENAPI_VERSION).tgz

$(OPENAPI_TGZ): | $(STAMP)
	mkdir -p .cache/openapi/download
	cd .cache/openapi/download && npm pack --silent @octokit/openapi@$(OPENAPI_VERSION) >/dev/null
	$(PY) -m tools.github_double.openapi .cache/openapi/download/octokit-openapi-$(OPENAPI_VERSION).tgz
	mv .cache/openapi/download/octokit-openapi-$(OPENAPI_VERSION).tgz $@

openapi: $(STAMP) $(OPENAPI_TGZ)
	$(PY) -m tools.github_double.openapi $(OPENAPI_TGZ)

# The tests run on every core (at most 4 workers), each test file whole on one worker so that a
# module's site build and browser are made once; `make test PARALLEL=` runs them in one process.
PARALLEL ?= -n auto --maxprocesses 4 --dist loadfile
# Bytecode, including pytest's rewritten test modules, kept between runs in .cache/pycache (not
# beside the sources), even where PYTHONDONTWRITEBYTECODE is set: without it every worker
# rewrites and compiles all the test modules again, about 8 s of CPU a worker.
PYTEST := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache $(VENV)/bin/pytest

# Every tier (what CI runs).
test: lint openapi
	$(PYTEST) $(PARALLEL)

# While working: all but the browser, build and git tests (pyproject.toml lists the markers).
test-fast: lint
	$(PYTEST) -q $(PARALLEL) -m "not browser and not build and not git"

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf site .cache .pytest_cache .ruff_cache
