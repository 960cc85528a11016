# Centenaire — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_STORIES ?= 10000

.PHONY: help demo serve test lint check format bench install install-dev messages screenshots lighthouse clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	@PYTHON=$$(scripts/find-python) || exit 1; \
	  test -x $(PY) || $$PYTHON -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime ## Create the virtual environment with the runtime packages

install-dev: $(VENV)/.dev ## Add the test and lint tools

# The address the demo serves is the site's public address for that run: e-mails, meta tags,
# sitemap, feed, share links and the Wagtail Site all take it from SITE_BASE_URL.
demo serve: export SITE_BASE_URL = http://$(HOST):$(PORT)
demo serve: export WAGTAILADMIN_BASE_URL = http://$(HOST):$(PORT)

demo: install ## Install, migrate, load the demo, create the admin, serve at http://HOST:PORT (127.0.0.1:8000)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py set_site_address
	$(PY) manage.py create_demo_admin
	@echo "Site: $$SITE_BASE_URL/"
	scripts/serve-with-worker $(PY) $(HOST):$(PORT)

serve: install ## Serve the site again without reloading the demo (HOST and PORT as for demo)
	$(PY) manage.py set_site_address
	@echo "Site: $$SITE_BASE_URL/  Admin: $$SITE_BASE_URL/admin/"
	scripts/serve-with-worker $(PY) $(HOST):$(PORT)

test: install-dev ## Run the whole test suite (DATABASE_URL chooses the database; SQLite by default)
	@scripts/ensure-chromium
	@scripts/ensure-nginx
	@scripts/ensure-varnish
	$(BIN)/pytest

lint: install-dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: lint ## Lint, then break the privacy, consent and permission rules one by one: a test must fail for each
	$(PY) scripts/mutation-check

format: install-dev ## Let ruff sort imports and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev ## Refresh the English catalogue after changing strings (then translate and compile)
	$(PY) manage.py makemessages -l en --no-obsolete --no-location -i '.venv/*' -i 'fixtures/*' -i 'staticfiles/*' -i 'bench-results/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

# The production settings the benchmarks serve with need a public address; theirs is loopback.
bench: export SITE_BASE_URL ?= http://127.0.0.1

bench: install-dev ## gunicorn under load, page cache off and on (demo, then BENCH_STORIES stories): bench/latest.md
	$(PY) -m benchmarks.cards
	$(PY) -m benchmarks.http --stories $(BENCH_STORIES)
	$(PY) -m benchmarks.media
	$(PY) -m benchmarks.contributors

screenshots: install-dev ## Phone and desktop screenshots of every page type (fresh demo, Chromium) into docs/screenshots/
	@scripts/ensure-chromium
	$(PY) scripts/screenshots.py

lighthouse: install-dev ## Lighthouse (mobile) on the main page types of a fresh demo served as in production (nginx, gunicorn); scores into docs/lighthouse.md (needs npx)
	@scripts/ensure-chromium
	@scripts/ensure-nginx
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/lighthouse.py

clean: ## Remove the virtual environment, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .cache bench-results
	find media -mindepth 1 ! -name .gitkeep -delete
