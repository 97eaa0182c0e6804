# The integration-concept manager: `make run` and `make test` do all set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Find a Python >= 3.12 by running candidates: PATH first, then pyenv's installed versions.
# (pyenv shims on PATH exist but fail; so every candidate is actually executed.)
define FIND_PYTHON
for c in python3.14 python3.13 python3.12 python3 \
         $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    echo "$$c"; exit 0; \
  fi; \
done; exit 1
endef

.PHONY: help run local-env worker test test-fast lint format migrations-check bench load check-deploy clean \
        backup restore require-file cluster-demo docs docs-serve

help:
	@echo "make run               – einrichten, Demodaten laden, Server auf http://$(HOST):$(PORT) + Worker starten"
	@echo "make test              – einrichten und alle Tests ausführen (SQLite; DATABASE_URL für PostgreSQL)"
	@echo "make test-fast         – alle Tests außer Betrieb (echte Prozesse) und Browser: die schnelle Runde"
	@echo "make lint              – ruff check + ruff format --check + Schichten (import-linter, tools/check_layers.py)"
	@echo "make docs              – das Handbuch (docs/) mit MkDocs nach site/ bauen (--strict)"
	@echo "make docs-serve        – das Handbuch mit Live-Vorschau auf http://$(HOST):8001/"
	@echo "make migrations-check  – prüfen, dass keine Migration fehlt"
	@echo "make check-deploy      – Djangos Deploy-Prüfung mit Produktionseinstellungen"
	@echo "make backup            – PostgreSQL (DATABASE_URL) und MEDIA_ROOT nach backups/ sichern"
	@echo "make restore FILE=…    – eine Sicherung aus backups/ wiederherstellen (ersetzt den Inhalt!)"
	@echo "make cluster-demo      – zwei Web-Instanzen + zwei Worker auf PostgreSQL und Redis unter Last"

$(VENV)/.installed: requirements.txt
	@PYTHON="$$( $(FIND_PYTHON) )" || { \
	  echo "Fehler: Python 3.12 oder neuer wurde nicht gefunden."; \
	  echo "Bitte installieren, z. B. 'apt-get install python3.12 python3.12-venv' oder 'pyenv install 3.13'."; \
	  exit 1; }; \
	echo "Verwende $$PYTHON ($$($$PYTHON --version))"; \
	test -x $(PY) || "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

# A checkout that `make run` set up keeps its local settings in .env (DEBUG on, the address
# the server runs at), so that `.venv/bin/python manage.py <command>` typed by hand works there
# too. A .env written by someone else (without the marker line) is never touched.
ENV_MARKER := \# Von make run geschrieben
local-env:
	@if [ ! -e .env ] || head -n1 .env | grep -q '^$(ENV_MARKER)'; then \
	  { echo '$(ENV_MARKER) (lokale Entwicklung; wird bei jedem make run erneuert).'; \
	    echo 'DEBUG=true'; \
	    echo 'SITE_URL=http://$(HOST):$(PORT)'; \
	    echo 'ALLOWED_HOSTS=$(HOST),localhost,127.0.0.1'; } > .env; \
	else echo "Hinweis: .env ist eigene Konfiguration und bleibt unverändert."; fi

run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: venv local-env
	$(MANAGE) migrate --noinput
	$(MANAGE) loaddemo --if-empty
	@echo "Server: http://$(HOST):$(PORT)/  (Demo-Zugänge: siehe README.md)"
	@trap 'kill 0' EXIT INT TERM; \
	$(MANAGE) db_worker & \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: venv
	$(MANAGE) worker

# Two worker processes by default (the suite's real-process and browser tests are I/O-bound);
# PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n 2
test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# The loop while developing: everything but the tests that start real processes (marker ops,
# tests/ops) and those that drive a browser (marker browser, tests/browser).
test-fast: venv
	$(PY) -m pytest -m "not ops and not browser" $(PYTEST_ARGS)

# The layers (.importlinter): no app imports a higher one, and none names one in a string.
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) tools/check_layers.py

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: export DEBUG ?= true
migrations-check: venv
	$(MANAGE) makemigrations --check --dry-run

check-deploy: venv
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=integration.example.org \
	  SITE_URL=https://integration.example.org \
	  $(MANAGE) check --deploy --fail-level WARNING

BACKUP_DIR ?= backups

backup: venv
	$(MANAGE) backup --dir $(BACKUP_DIR)

# FILE is checked before anything else runs; in CI nobody is asked.
require-file:
	@test -n "$(FILE)" || { echo "Aufruf: make restore FILE=backups/<Zeitstempel>.dump"; exit 2; }

restore: require-file venv
	$(MANAGE) restore "$(FILE)" $(if $(CI),--noinput)

cluster-demo: venv
	$(PY) deploy/cluster_demo.py $(CLUSTER_DEMO_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .test-media staticfiles site

# The handbook: docs/*.md, built by MkDocs (pinned in requirements-docs.txt) into site/.
# --strict: a broken link, a page missing from the nav or a missing image is an error.
$(VENV)/.installed-docs: requirements-docs.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-docs.txt
	@touch $@

docs: $(VENV)/.installed-docs
	$(VENV)/bin/mkdocs build --strict --site-dir site

docs-serve: $(VENV)/.installed-docs
	$(VENV)/bin/mkdocs serve --dev-addr $(HOST):8001

bench: venv
	$(PY) bench/run.py

load: venv
	$(PY) bench/load.py
