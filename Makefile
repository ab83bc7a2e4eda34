# Reported figures on the mass detention in Xinjiang: build, validate and test.
# `make help` lists the targets. Every output is a real file with real prerequisites, so make
# redoes only what changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory
# Plain `make` uses every core: independent steps (validation, the Vega bundle, the data
# dictionary) run side by side, and the notebook runner runs as many notebooks at once.
NPROC := $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
MAKEFLAGS += --jobs=$(NPROC)

# --- The environment ---------------------------------------------------------------------------
# By default a local virtual environment in .venv, created from the exact lock requirements.txt.
# Inside an activated conda environment (see environment.yml) use `make ACTIVE_ENV=1 <target>`:
# the active environment's python is used and nothing is installed.
ifdef ACTIVE_ENV
PYTHON := python
ENV := build/.active-env
else
VENV := .venv
PYTHON := $(VENV)/bin/python
ENV := $(VENV)/.installed
endif
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' requirements.txt)
export UV_COMPILE_BYTECODE := 1
export PYTHONHASHSEED := 0
# Charts already drawn are taken from here (charts/save.py, `render`): a rebuild redraws only the
# charts whose spec changed. `make clean` empties it; `make test` gives its scratch builds and nbval one fresh cache per run (tests/conftest.py).
export CLAIMTRACE_RENDER_CACHE ?= $(CURDIR)/build/render-cache

DATA := data/datapackage.json $(wildcard data/*.csv) $(wildcard data/sources/*.txt)
LIB := $(wildcard src/claimtrace/*.py src/claimtrace/*/*.py src/claimtrace/templates/*)
# The prose allow-list is read by `make prose` only: no input of the build.
DATA := $(filter-out data/prose_numbers.csv,$(DATA))

.PHONY: all help env validate test lab lock clean distclean

include notebooks.mk

all: build/validated data/README.md $(NOTEBOOK_OUTPUTS) figures/index.html ## Build everything: validate, run the notebooks, write the figures and the report page

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

env: $(ENV) ## Create the project's environment (.venv) from requirements.txt

$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "Creating $(VENV) with uv $(UV_VERSION) from requirements.txt"
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync --quiet --python $(PYTHON) requirements.txt
	$(VENV)/bin/uv pip install --quiet --python $(PYTHON) --no-deps --no-build-isolation -e .
	@touch $@

build/.active-env: requirements.txt
	@$(PYTHON) -c 'import claimtrace, pandas, papermill, frictionless' 2>/dev/null || { \
	  echo "ACTIVE_ENV=1: the active environment lacks the project's packages;" \
	       "create it with: conda env create -f environment.yml" >&2; exit 1; }
	@mkdir -p build && touch $@

validate: $(ENV) ## Check the data: checksums, verbatim quotes, values read back, coverage, schema
	$(PYTHON) -m claimtrace validate data

# Validation also writes the digest of what the notebooks read (build/accepted-data.sha256; see
# notebooks.mk): a source added but not yet accepted is validated and named, and no notebook runs.
build/validated: $(DATA) $(wildcard data/reference/*.csv data/reference/excerpts/*.txt data/sources/*.html) $(LIB) | $(ENV)
	$(PYTHON) -m claimtrace validate data --accepted-digest build/accepted-data.sha256
	@mkdir -p build && touch $@


data/README.md: data/datapackage.json src/claimtrace/dictionary.py src/claimtrace/numbers.py src/claimtrace/validate.py | $(ENV)
	$(PYTHON) -m claimtrace dictionary data --splice $@

# The report page, and the headline figures and charts at the top of README.md, from the data and
# the notebooks' figures.
figures/index.html: $(NOTEBOOK_OUTPUTS) $(DATA) $(LIB) README.md | $(ENV)
	$(PYTHON) -m claimtrace.report --data data --figures figures --readme README.md

test: $(ENV) ## Run the whole test suite: unit tests, and nbval over every executed notebook
	$(PYTHON) -m pytest tests notebooks --nbval --nbval-current-env -n $(NPROC) --dist loadfile --no-loadscope-reorder --durations=12

# JupyterLab on this machine only (127.0.0.1), as root too; more options in LAB_ARGS, for example
# make lab LAB_ARGS="--no-browser --port 8899". A port in use is an error, not a silent other port.
# LAB_OFFLINE: nothing is asked of the internet: no news feed, and no "get notified about official
# Jupyter news?" prompt (lab/overrides.json: fetchNews false), no update check. tests/test_jupyterlab.py
# starts JupyterLab with these same options.
LAB_ARGS ?=
LAB_OFFLINE := --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.app_settings_dir=lab
lab: $(ENV) ## Open JupyterLab on the project's environment (127.0.0.1; options: LAB_ARGS="--no-browser --port 8899")
	$(PYTHON) -m jupyter lab --notebook-dir=. --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 $(LAB_OFFLINE) \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) \
	  || { echo 'make lab: JupyterLab stopped (see the last line above). A port in use? Choose another:' \
	            'make lab LAB_ARGS="--port 8890"' >&2; exit 1; }

lock: ## Re-lock requirements.txt from requirements.in (needs PyPI)
	$(VENV)/bin/uv pip compile requirements.in --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --excludes requirements-excluded.txt \
	  --no-header --annotation-style line -o requirements.txt

.PHONY: bench
bench: $(ENV) ## Benchmark builds, make test and nbconvert side by side, and 10x-1000x data; writes bench/results.md
	$(PYTHON) bench/run.py

.PHONY: prose
prose: $(ENV) ## Check every number in the notebooks' prose, alt texts, chart titles and README headline against the data
	$(PYTHON) -m claimtrace.prose

clean: ## Remove build stamps and caches (keeps .venv and the committed outputs)
	rm -rf build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

distclean: clean ## Also remove the environment (.venv)
	rm -rf $(VENV)
