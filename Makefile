# Everyday commands. `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENV := KOMPAS_HTTPS=false KOMPAS_DATA_DIR=$(CURDIR)/var/demo \
	KOMPAS_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
TEST_ENV := KOMPAS_HTTPS=false KOMPAS_DATA_DIR=$(CURDIR)/var/test \
	KOMPAS_DATABASE_URL=$${KOMPAS_TEST_DATABASE_URL:-sqlite:///$(CURDIR)/var/test/kompas.sqlite3}

.PHONY: demo serve test e2e accessibility-record bench drill-crash drill-load lint format typecheck security migrations-check messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: set up the demo zone on SQLite and serve it on http://127.0.0.1:8000, the worker beside it
demo: install
	$(DEMO_ENV) $(BIN)/kompas migrate --no-input
	$(DEMO_ENV) $(BIN)/kompas collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(BIN)/kompas load-demo
	$(DEMO_ENV) $(BIN)/kompas worker --with-schedule & \
	trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/kompas serve

## test: the whole test suite (on PostgreSQL when KOMPAS_TEST_DATABASE_URL points there)
test: install-dev
	@mkdir -p var/test
	$(TEST_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check kompas e2e drills
	$(BIN)/ruff format --check kompas e2e drills

format: install-dev
	$(BIN)/ruff format kompas e2e drills
	$(BIN)/ruff check --fix kompas e2e drills

## e2e: the browser suite (Playwright driving Debian's Chromium) with axe-core; screenshots in build/
e2e: install-dev
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium"; exit 1; }
	$(BIN)/pytest e2e -p no:django -q -W ignore::pytest.PytestConfigWarning $(PYTEST_ARGS)

## accessibility-record: axe-core on every page the browser suite checks; writes
## kompas/privacy/data/accessibility-checks.json (shown by /accessibility/) only when none has a violation
accessibility-record: install-dev
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium"; exit 1; }
	KOMPAS_AXE_RECORD=$(CURDIR)/kompas/privacy/data/accessibility-checks.json $(BIN)/pytest e2e/test_privacy.py -p no:django -q -W ignore::pytest.PytestConfigWarning -k test_record_the_checks

## drills: crash (kill -9 during submissions) and load (200 users, 60 s, on two servers with one
## Redis and the worker, the SMTP server down for a while), each prints its figures
drill-crash: install-dev
	$(BIN)/python -m drills.crash

drill-load: install-dev
	$(BIN)/python -m drills.load

## bench: national-scale dataset in PostgreSQL, page latencies and throughput under 8 clients
## against a bare view; build/bench.json
bench: install-dev
	$(BIN)/python -m drills.bench

## security: bandit on the code (medium and high findings fail)
security: install-dev
	$(BIN)/bandit -c pyproject.toml -r kompas -ll -q

typecheck: install-dev
	@mkdir -p var/test
	$(TEST_ENV) $(BIN)/mypy kompas

migrations-check: install-dev
	@mkdir -p var/test
	$(TEST_ENV) $(BIN)/kompas makemigrations --check --dry-run

## messages: refresh the nl/fr/en catalogues from the code and the Jinja2 templates (needs GNU
## gettext) and compile them
messages: install-dev
	$(BIN)/python -m kompas.lib.template_messages kompas/_template_messages.py
	cd kompas && ../$(BIN)/kompas makemessages --no-obsolete --no-location -e py -l nl -l fr -l en; \
		status=$$?; rm -f _template_messages.py; exit $$status
	$(BIN)/python -m kompas.lib.compilemessages

clean:
	rm -rf $(VENV) var build
