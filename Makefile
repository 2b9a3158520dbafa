# Jastar: `make run` sets up and starts the system; `make test` sets up and runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JASTAR := $(BIN)/jastar
HOST ?= 127.0.0.1:8000
# `make run` serves plain HTTP on this machine: session cookies may travel without TLS.
RUN_ENV := JASTAR_SECURE_COOKIES=0

.PHONY: setup messages makemessages messages-check migrate demo run run-full run-postgres lint test test-fast clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Jastar needs Python 3.11, found " + sys.version' 
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) messages
	mkdir -p var/static

# Compiles locale/*/LC_MESSAGES/django.po (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (apt-get install gettext)"; exit 1; }
	$(JASTAR) compilemessages --ignore=.venv --verbosity 0

migrate: setup
	mkdir -p var/static
	$(JASTAR) migrate --noinput --verbosity 0

demo: migrate
	$(JASTAR) demo

# The web server, and beside it the worker that runs background jobs (imports).
run: demo
	@echo "Jastar is starting at http://$(HOST)  (Ctrl+C stops it)"
	$(RUN_ENV) $(JASTAR) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(JASTAR) serve $(HOST)

# The demo region at the published size (about 432,000 young people).
run-full: migrate
	$(JASTAR) demo --scale full --replace
	$(RUN_ENV) $(JASTAR) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(JASTAR) serve $(HOST)

# The same on the local PostgreSQL, served by gunicorn as in production (docs/deploy.md).
# The database is created when missing; another one: make run-postgres DATABASE_URL=postgres://...
run-postgres: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jastar
run-postgres: setup
	$(BIN)/python -c "$$CREATE_DATABASE"
	$(JASTAR) migrate --noinput --verbosity 0
	$(JASTAR) demo
	@echo "Jastar is starting at http://$(HOST) on PostgreSQL  (Ctrl+C stops it)"
	$(RUN_ENV) $(JASTAR) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) JASTAR_BIND=$(HOST) $(BIN)/gunicorn -c jastar/config/gunicorn.py jastar.config.wsgi

# Creates the database DATABASE_URL names, on its server, unless it exists.
define CREATE_DATABASE
import os, dj_database_url, psycopg
from psycopg import sql
db = dj_database_url.parse(os.environ["DATABASE_URL"])
if not db["ENGINE"].endswith("postgresql"): raise SystemExit("run-postgres needs a PostgreSQL DATABASE_URL")
server = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
with psycopg.connect(dbname="postgres", autocommit=True, **{k: str(v) for k, v in server.items() if v}) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
        print("created the database", db["NAME"])
endef
export CREATE_DATABASE

MAKEMESSAGES := $(JASTAR) makemessages -l kk -l ru -l en --ignore=.venv --ignore=var --ignore=build --ignore=*/tests/* --no-obsolete --verbosity 0

# Regenerates the catalogues after a change of interface strings.
makemessages: $(STAMP)
	$(MAKEMESSAGES)

# Fails when the code has strings the catalogues lack (run `make makemessages` and translate).
messages-check: $(STAMP)
	@tmp=$$(mktemp -d) && cp -r locale "$$tmp/" && $(MAKEMESSAGES) && \
	if ! diff -r -q -I '^"POT-Creation-Date' -I '^#: ' "$$tmp/locale" locale >/dev/null; then \
	  diff -r -I '^"POT-Creation-Date' -I '^#: ' "$$tmp/locale" locale | head -40; \
	  echo "locale/ is out of date: the catalogues above were regenerated; translate and commit them"; exit 1; \
	fi

lint: setup messages-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy jastar bench scripts/backuplib.py
	$(JASTAR) makemigrations --check --dry-run --verbosity 1

test: lint
	$(BIN)/pytest -n 2 --dist loadfile

# Tests only, for a quick loop while editing.
test-fast: setup
	$(BIN)/pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) var build *.egg-info
