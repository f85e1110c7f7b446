# `make run` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint draws PDFs with Pango; libharfbuzz-subset0 makes it fast; DejaVu carries accents.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run site-url test lint bench soak worker clean

install: $(VENV)/.installed .env

$(VENV)/.installed: requirements.txt scripts/debian-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed (found " + sys.version.split()[0] + ").")'
	@scripts/debian-deps.sh $(PYTHON) $(DEBIAN_PACKAGES)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

# Development settings; real environment variables always win over this file.
.env:
	@printf '# Development settings, written by make. Not used in production.\nDEBUG=true\n' > $@

# Links in e-mails point at the address this serves (SITE_URL), whatever HOST and PORT are: `make run`
# writes it into .env, which every process reads (`manage.py send_checkins`, a worker), not only runserver.
run site-url: export SITE_URL ?= http://$(HOST):$(PORT)
# The demo program is in Alberta: pages, e-mails and PDFs show its local times.
run: export TIME_ZONE ?= America/Edmonton
run: install site-url
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "E-mails are written as files under var/mail/; their links point at $(SITE_URL)"
	@echo "(written to .env, so commands such as manage.py send_checkins link there too)."
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

site-url: .env
	@{ grep -v '^SITE_URL=' .env; echo 'SITE_URL=$(SITE_URL)'; } > .env.new && mv .env.new .env

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style and types, configured in pyproject.toml; CI runs it before the tests.
# mypy loads the settings (django-stubs), which need DEBUG or a real SECRET_KEY.
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=true $(BIN)/mypy .

# `make bench ONLY=matching` runs only the figures whose names start with that prefix.
bench: install
	@$(BIN)/python -c 'import locust' 2>/dev/null || $(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run $(ONLY)

# A year in an hour (scripts/soak.sh): SOAK_MONTHS=3 for the short form CI runs, SOAK_SEED to replay a seed.
soak: install
	scripts/soak.sh

worker: install
	$(BIN)/celery -A mentoring worker --beat --loglevel=INFO

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .mypy_cache .ruff_cache
