# Ratschlag — the two set-up commands are `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask
PYBABEL := $(VENV)/bin/pybabel
PORT    ?= 5000
HOST    ?= 127.0.0.1

.PHONY: run test install install-dev translations translations-update db demo benchmark clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Compile the gettext catalogs (the .mo files are build output, not committed).
translations: | $(PY)
	$(PYBABEL) compile -d translations > /dev/null

## Re-extract messages after changing user-facing text; fills the German source catalog.
translations-update: install-dev
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --project Ratschlag .
	$(PYBABEL) update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(PY) scripts/i18n.py fill-source translations/de/LC_MESSAGES/messages.po
	$(PY) scripts/i18n.py check translations

db: install translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## Install, migrate, seed the Kiel demo (once) and serve on http://$(HOST):$(PORT)
run: demo
	@echo "Ratschlag läuft auf http://$(HOST):$(PORT)  (Strg+C beendet)"
	$(VENV)/bin/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

## The whole test suite on SQLite; again on PostgreSQL when TEST_POSTGRES_URL is set (CI does).
test: install-dev translations
	$(PY) -m pytest -q
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "--- again on PostgreSQL ($$TEST_POSTGRES_URL)"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(PY) -m pytest -q; \
	fi

benchmark: install-dev
	$(PY) benchmarks/analysis_bench.py

clean:
	rm -rf $(VENV) .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
