# The two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: run test deps deps-test install install-dev node messages migrate demo lint bench bench-pages \
        makemessages clean worker beat

run: deps install messages ## install and serve the portal on its embedded defaults
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: deps-test install-dev node messages ## install the dev tools and run the whole suite
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

deps:
	@scripts/debian-deps.sh run

deps-test:
	@scripts/debian-deps.sh test

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

makemessages: install
	$(PY) manage.py makemessages -l bg -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
	$(PY) manage.py makemessages -d djangojs -l bg -l en --ignore=.venv --ignore=node_modules --ignore=static_collected

lint: install-dev
	$(VENV)/bin/ruff check .

worker: install
	$(VENV)/bin/celery -A portal worker -l info

beat: install
	$(VENV)/bin/celery -A portal beat -l info

bench: install-dev ## benchmarks: need PostgreSQL and Redis on 127.0.0.1 (see README)
	$(PY) bench/pages.py
	$(PY) bench/registry.py
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/4} $(PY) bench/seos.py

clean:
	rm -rf $(VENV) node_modules static_collected .pytest_cache
