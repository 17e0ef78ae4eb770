# Every target creates the virtual environment itself, so each works on a fresh clone.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo messages test lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[web,dev]'
	touch $(STAMP)

# The web application on the embedded SQLite database (on port 8000, or `make run PORT=8080`),
# with the fictional demonstration network, and the worker that runs background jobs (exports)
# beside it: Ctrl+C stops both, and the worker is stopped too when the web server ends on its own
# (say, because the port is taken).
run: $(STAMP) messages
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --demo-database
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	DEBUG=1 $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# The whole analysis pipeline on the demonstration network, printed in the terminal.
demo: $(STAMP)
	$(VENV)/bin/stocktake demo --seed 2025 --out demo-output

# The gettext catalogues compiled with Django's compilemessages (GNU gettext's msgfmt, which checks
# the placeholders of python-format entries), only those older than their .po file. No settings
# are needed: it compiles ./locale.
messages: $(STAMP)
	cd src/stocktake_web && DJANGO_SETTINGS_MODULE= $(abspath $(PY)) -m django compilemessages -v 0

test: $(STAMP) messages
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -n auto
	$(PY) -m pytest tests/web --postgres -n auto

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/composite.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
