# Ratschlag — the two set-up commands are `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask
PYBABEL := $(VENV)/bin/pybabel
PORT    ?= 5000
HOST    ?= 127.0.0.1

# Lock files: every version pinned, generated from pyproject.toml by `make lock`.
LOCK_MAIN := requirements/main.txt
LOCK_DEV  := requirements/dev.txt

.PHONY: run test test-fast lint lock install install-dev translations translations-update db demo assets benchmark clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Install exactly the locked versions, then the project itself without resolving anything again;
# `pip check` fails when pyproject.toml asks for something the lock lacks (run `make lock`).
$(VENV)/.installed: $(LOCK_MAIN) pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r $(LOCK_MAIN)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@

# The dev lock contains the runtime lock with the same versions, so it installs both.
$(VENV)/.installed-dev: $(LOCK_DEV) pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r $(LOCK_DEV)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Regenerate the lock files from pyproject.toml (Python 3.11, Linux x86_64). Versions already pinned
## stay unless pyproject.toml no longer allows them; `make lock UPGRADE=1` moves everything to the newest,
## `make lock LOCK_ARGS="--upgrade-package flask"` one package.
LOCK_FLAGS = --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade) $(LOCK_ARGS)
## Needs only uv (the version pinned in the dev lock), so it works while the lock is out of date.
lock: | $(PY)
	$(PY) -m pip install --quiet "$$(grep -E '^uv==' $(LOCK_DEV))"
	$(VENV)/bin/uv pip compile pyproject.toml --extra postgres $(LOCK_FLAGS) -o $(LOCK_MAIN)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra postgres -c $(LOCK_MAIN) $(LOCK_FLAGS) -o $(LOCK_DEV)

## Compile the gettext catalogs (the .mo files are build output, not committed).
translations: | $(PY)
	$(PYBABEL) compile -d translations > /dev/null

## Re-extract messages after changing user-facing text; fills the German source catalog.
translations-update: install-dev
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --project Ratschlag .
	$(PYBABEL) update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(PY) scripts/i18n.py fill-source translations/de/LC_MESSAGES/messages.po
	$(PY) scripts/i18n.py check translations

## Precompressed (brotli, gzip) variants of the static files in instance/assets (missing ones are also
## built at their first request, so a clean clone works without this step).
assets: install
	$(FLASK) assets build

db: install translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## Install, migrate, seed the Kiel demo (once) and serve on http://$(HOST):$(PORT)
## Workers and threads come from gunicorn.conf.py: one process without REDIS_URL (rate limits in memory).
run: demo assets
	@echo "Ratschlag läuft auf http://$(HOST):$(PORT)  (Strg+C beendet)"
	$(VENV)/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --access-logfile - wsgi:app

## Style and import rules (ruff: [tool.ruff] in pyproject.toml; import-linter: .importlinter).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

## Lint, then the whole test suite on SQLite; again on PostgreSQL when TEST_POSTGRES_URL is set (CI does).
test: lint translations
	$(PY) -m pytest -q
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "--- again on PostgreSQL ($$TEST_POSTGRES_URL)"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(PY) -m pytest -q; \
	fi

## The inner loop: SQLite only, no lint, no browser or slow tests (one process: pytest-xdist with two
## workers was slower on the two shared cores). More pytest arguments: make test-fast ARGS="-x tests/surveys"
test-fast: install-dev translations
	env -u TEST_DATABASE_URL $(PY) -m pytest -q -m "not browser and not slow" $(ARGS)

benchmark: install-dev
	$(PY) benchmarks/analysis_bench.py

clean:
	rm -rf $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
