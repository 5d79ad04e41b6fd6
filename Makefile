# Set-up and everyday commands. `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV := DEBUG=true

MESSAGES := locale/zh_Hant/LC_MESSAGES/django.mo

.PHONY: install messages browser fonts system-fonts postgres run test test-postgres bench load lint format clean

# Run apt-get as root, or through sudo where that is how this machine works.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# E-mails (printed in this terminal: the console backend) link to the address served here.
run: DEV += SITE_URL=$(SITE_URL)
run: install fonts messages
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_framework
	$(DEV) $(PY) manage.py load_demo
	@echo "Demo accounts (passwords are new on every run):"
	@$(DEV) $(PY) manage.py ensure_demo_users
	@echo "Serving on http://127.0.0.1:$(PORT)/ with one task worker beside it (e-mails, drawings)"
	$(DEV) PY=$(PY) PORT=$(PORT) scripts/run-dev.sh

# The Chinese interface's compiled catalogue, built from its .po (GNU gettext's msgfmt), not committed.
messages: $(MESSAGES)

$(MESSAGES): locale/zh_Hant/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gettext; }
	msgfmt --check -o $@ $<

# Debian's Chromium for the end-to-end tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

# The whole suite on SQLite, then again on a throwaway PostgreSQL cluster.
test: install messages browser fonts postgres lint
	$(PY) -m pytest
	scripts/test-postgres.sh

# A Traditional Chinese font, embedded in PDFs so that Chinese names and text render, and the copy
# of its common characters that PDFs use first (scripts/pdf_fonts.py: 60–70 MB less to make a PDF).
PDF_FONT := var/fonts/NotoSansTC-Common-Regular.otf

fonts: system-fonts $(PDF_FONT)

system-fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK TC" || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig; }

$(PDF_FONT): scripts/pdf_fonts.py | $(VENV)/.installed system-fonts
	$(PY) scripts/pdf_fonts.py var/fonts

# PostgreSQL 15 server for the suite's PostgreSQL run (on the machine image; installed if missing).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql; }

test-postgres: install messages browser postgres
	scripts/test-postgres.sh

# Server times, throughput and memory against the issue's targets, on a scratch database.
bench: install messages fonts
	$(PY) scripts/bench.py

# 50 focal points saving, 2 reviewers deciding and 50 readers opening profiles, compare pages and PDFs,
# under gunicorn and a task worker on 127.0.0.1, for 60 s; then nothing acknowledged may be missing.
load: install messages fonts
	$(PY) scripts/loadtest.py

# Style, then the import layers of docs/architecture.md (contracts in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
