# Entry points: `make run` (demo site on http://127.0.0.1:8000) and `make test` (the whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
# The interpreter the venv is built from: pyenv's version named in .python-version, else any 3.12+/3.13.
PY_BOOT := $(shell for p in "$$HOME/.pyenv/versions/$(PYTHON_VERSION)/bin/python" "$$(command -v python3.13)" "$$(command -v python3.12)"; do [ -n "$$p" ] && [ -x "$$p" ] && { echo "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# Debian packages: Chromium for browser tests, gettext for catalogues, pango/harfbuzz for WeasyPrint,
# poppler for PDF checks, Noto fonts for the scripts the certificates print (CJK and the rest).
SYSTEM_PACKAGES := chromium gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils fonts-noto-core fonts-noto-cjk
PG_URL ?= postgres://postgres@127.0.0.1:5432/atf_cop

.PHONY: help install system-packages run test test-postgres test-sqlite lint format messages compilemessages bench postgres-up prod-local prod-stop prod-status

help:
	@echo "make run    - install, migrate, load demo data, serve on http://127.0.0.1:8000 with the task worker"
	@echo "make test   - install and run the whole suite (PostgreSQL, then SQLite)"
	@echo "make lint | messages | bench | prod-local | prod-stop | prod-status"

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): requirements.txt
	@if [ -z "$(PY_BOOT)" ]; then echo "Python $(PYTHON_VERSION) (or 3.12+) not found: install it with pyenv."; exit 1; fi
	@[ -x $(PY) ] || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: system-packages $(STAMP) compilemessages

compilemessages: $(STAMP)
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

run: install
	DEBUG=1 $(MANAGE) migrate --noinput -v 0
	DEBUG=1 $(MANAGE) seed_demo
	@echo "Starting the site on http://127.0.0.1:8000 with its task worker and periodic jobs (Ctrl-C stops all)."
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(MANAGE) run_worker & \
	DEBUG=1 $(MANAGE) run_periodic --loop 300 & \
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

postgres-up:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

test: install postgres-up test-postgres test-sqlite

# The whole suite, browser and concurrency tests included, on PostgreSQL.
test-postgres:
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q

# Everything but the browser and PostgreSQL-only tests again on the embedded SQLite.
test-sqlite:
	env -u DATABASE_URL $(PY) -m pytest -q -m "not browser and not postgres"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The test suite's files by path: a bare --ignore=tests also matches templates/trainings/tests/ (the test pages).
messages: $(STAMP)
	$(MANAGE) makemessages -l km --ignore=.venv --ignore=var --ignore=locale_vendor --ignore='tests/*.py' --ignore='tests/*.html' --ignore=bench --no-location --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=var

bench: install postgres-up
	@for script in bench/*.py; do echo "== $$script"; DATABASE_URL=$(PG_URL) $(PY) $$script || exit 1; done

# Production on this one machine (bench/prod_local.py): two gunicorn app servers on 8101 and 8102, two task workers
# and the periodic runner with production settings, on the shared PostgreSQL (database atf_prod_local) and Redis
# (database 5), each started if down. Pids in var/prod-local/pids.json, logs in var/prod-local/*.log.
prod-local: compilemessages
	$(PY) bench/prod_local.py start

# Stops exactly the processes prod-local started (by their recorded process groups).
prod-stop:
	$(PY) bench/prod_local.py stop

prod-status:
	$(PY) bench/prod_local.py status
