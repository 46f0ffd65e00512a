# The two commands of the README: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_ENV := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: help install run test fuzz lint format browser worker messages bench-data bench bench-peer clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)  ## create .venv and install the project with its dev tools

run: $(STAMP)  ## install, migrate, load demo data and serve the console (PORT, default 8000)
	./bin/run

browser:  ## install Debian's Chromium and CJK fonts for the browser tests (if missing)
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'noto.*cjk' || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

test: $(STAMP) browser  ## lint, then every test on Postgres and Redis (127.0.0.1)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(VENV)/bin/pytest

fuzz: $(STAMP)  ## the API fuzz run of make test, longer: FUZZ_EXAMPLES per operation and role (default 100)
	$(TEST_ENV) FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(VENV)/bin/pytest tests/fuzz -p no:logging -q

lint: $(STAMP)  ## ruff check and format check
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(STAMP)  ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

worker: $(STAMP)  ## a Celery worker with beat, on REDIS_URL or the embedded broker
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO

messages: $(STAMP)  ## refresh the translation catalogues and compile them
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=".venv*" --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=".venv*"

bench-data: $(STAMP)  ## write the benchmark shops (10k and 1M orders) into Postgres (merchant_bench)
	$(PY) -m bench.generate --orders 10000 --orders 1000000

bench: bench-data  ## every benchmark against its floor and targets: bench/results.json, bench/RESULTS.md
	command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/merchant_bench $(PY) manage.py collectstatic --noinput -v0
	$(PY) -m bench.run
	$(PY) -m bench.assign
	$(PY) -m bench.statement
	$(PY) -m bench.shipment_import
	$(PY) -m bench.load
	$(MAKE) --no-print-directory bench-peer-run
	ulimit -n 4096 && $(PY) -m bench.chat 500 200
	$(PY) -m bench.report

PEER_VENV := .venv-oscar
PEER_STAMP := $(PEER_VENV)/.installed-$(shell cat bench/peer/requirements.txt | cksum | cut -d' ' -f1)

$(PEER_STAMP): bench/peer/requirements.txt
	test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEER_VENV)/bin/python -m pip install --quiet -r bench/peer/requirements.txt
	rm -f $(PEER_VENV)/.installed-* && touch $@

bench-peer-run: $(PEER_STAMP)
	command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PEER_VENV)/bin/python -W ignore -m bench.peer.run

bench-peer: bench-data bench-peer-run  ## django-oscar in .venv-oscar on the same orders (merchant_bench_oscar), into bench/results.json

clean:  ## remove the embedded database, broker folders and collected static files
	rm -rf var staticfiles
