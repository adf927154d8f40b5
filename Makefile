# Bodø bolig: the few commands a developer needs.
#
#   make run     install what is missing, migrate, load the demo data, serve on :8000
#   make test    install what is missing, run the whole test suite
#                (extra pytest arguments: make test PYTEST_ARGS="-k hearing -x")
#   make setup   install only (Python packages into .venv, npm packages)
#   make lint    ruff check + ruff format --check + import contracts (lint-imports)
#   make check   Django system checks + "no missing migrations"
#   make messages  refresh the English catalogue from the code, check it, compile it
#                (needs GNU gettext; the English texts are written in locale/en/LC_MESSAGES/django.po)
#   make bench   run the benchmarks/*.py that need no server (pages.py at 2,000 and
#                20,000 measures takes 15-40 min on a shared 2-core machine)
#   make vendor  refresh static/vendor/designsystemet/ from node_modules
#
# Installing is idempotent and quick when nothing changed: a stamp file in
# .venv (and one in node_modules) is newer than the lock file it installed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PY_STAMP := $(VENV)/.installed-requirements
NPM_STAMP := node_modules/.installed-package-lock
PYTEST_ARGS ?=
RUNSERVER_ADDR ?= 127.0.0.1:8000

.PHONY: help run test setup lint check messages bench vendor npm-deps clean-stamps

help:
	@sed -n '/^$$/q; s/^# \{0,1\}//p' Makefile

# --- install ----------------------------------------------------------------

$(PY):
	@if [[ -z "$(PYTHON)" ]]; then echo "make: python3.11 not found; install Python 3.11 first." >&2; exit 1; fi
	@version=$$("$(PYTHON)" -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	if [[ "$$version" != "3.11" ]]; then \
		echo "make: $(PYTHON) is Python $$version; Bodø bolig needs 3.11 (set PYTHON=/path/to/python3.11)." >&2; exit 1; \
	fi
	"$(PYTHON)" -m venv $(VENV)

$(PY_STAMP): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

# npm is optional for running the app (the Designsystemet CSS is committed in
# static/vendor/), but the browser tests need node_modules/axe-core.
npm-deps:
	@if [[ -f $(NPM_STAMP) && $(NPM_STAMP) -nt package-lock.json ]]; then \
		exit 0; \
	elif command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NPM_STAMP); \
	else \
		echo "make: npm not found; skipping npm packages. The app works (its CSS is vendored)," \
		     "but browser tests need node_modules/axe-core and will skip (fail under CI=true)."; \
	fi

setup: $(PY_STAMP) npm-deps

clean-stamps:
	rm -f $(PY_STAMP) $(NPM_STAMP)

# --- run --------------------------------------------------------------------

run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) runserver $(RUNSERVER_ADDR)

# --- quality ----------------------------------------------------------------

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: $(PY_STAMP)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# The English catalogue: locale/en/LC_MESSAGES/django.po is the source of the
# English texts. makemessages adds new msgids (empty msgstr) and keeps the
# existing translations; the check fails until each has an English msgstr; the
# .mo is compiled only from a complete catalogue. Locations name the file
# without a line number, so unrelated edits do not rewrite the .po.
MAKEMESSAGES_IGNORE := .venv node_modules tests staticfiles media var test-artifacts

messages: $(PY_STAMP)
	$(MANAGE) makemessages -l en --add-location=file $(addprefix --ignore=,$(MAKEMESSAGES_IGNORE))
	$(PY) scripts/check_translations.py
	$(MANAGE) compilemessages -l en --ignore=.venv --ignore=node_modules

# Benchmarks that need PostgreSQL and Redis (see the README); a script over its target
# exits 1, and make bench still runs the others before failing.
BENCH_BY_HAND := benchmarks/explain.py|benchmarks/load.py

bench: setup
	@shopt -s nullglob; scripts=(benchmarks/*.py); \
	if (( $${#scripts[@]} == 0 )); then echo "make bench: no benchmarks/*.py yet."; exit 0; fi; \
	status=0; for script in "$${scripts[@]}"; do \
		case "$$script" in $(BENCH_BY_HAND)) echo "=== $$script: needs PostgreSQL/Redis, run it by hand"; continue;; esac; \
		echo "=== $$script"; $(PY) "$$script" || status=1; \
	done; exit $$status

# --- front-end assets -------------------------------------------------------

vendor: npm-deps
	bash scripts/vendor_static.sh
