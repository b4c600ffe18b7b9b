# Two commands for a fresh machine: `make serve` (the showcase) and `make test`.
# Both bootstrap .venv/ from the pinned lock file.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast lint validate bench clean github-openapi

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

# GitHub's REST API description (npm @octokit/openapi, pinned and integrity-checked) for the tests
# of what talks to GitHub; they fail without it.
GITHUB_OPENAPI := .cache/github-openapi/api.github.com.json
$(GITHUB_OPENAPI): tools/github_openapi.py
	$(PYTHON) -m tools.github_openapi

github-openapi: $(GITHUB_OPENAPI)

# Every tier (what CI runs).
test: lint $(GITHUB_OPENAPI)
	$(VENV)/bin/pytest

# While working: all but the browser, build and git tests (pyproject.toml lists the markers).
test-fast: lint
	$(VENV)/bin/pytest -q -m "not browser and not build and not git"

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf site .cache .pytest_cache .ruff_cache
