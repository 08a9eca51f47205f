# One command sets everything up and does the job: `make build`, `make test`.
# Python packages come from the locks, exact and hash-checked; `make upgrade` moves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" pyproject.toml requirements-build.in

.PHONY: build test test-latest lock upgrade lint format fuzz bench screenshots serve clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# LOCKED=no (make test-latest) installs the newest releases pyproject.toml allows instead.
ifeq ($(LOCKED),no)
$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -q --upgrade --upgrade-strategy eager -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -q --upgrade --upgrade-strategy eager -e '.[test]'
	touch $(STAMP) $@
else
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP) install -q --require-hashes --no-deps -r $(LOCK)
	$(PIP) install -q --no-deps --no-build-isolation -e .
	touch $@

$(TEST_STAMP): $(TEST_LOCK) pyproject.toml | $(BIN)/python
	$(PIP) install -q --require-hashes --no-deps -r $(TEST_LOCK)
	$(PIP) install -q --no-deps --no-build-isolation -e .
	touch $(STAMP) $@
endif

# Browser tests need Debian's chromium and the axe-core scanner from npm.
browser: $(NODE_STAMP)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (browser tests will skip)"; fi; \
	fi
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } || true

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

build: $(STAMP)
	$(BIN)/boletines build $(if $(BASE_URL),--base-url $(BASE_URL))

serve: $(STAMP)
	$(BIN)/boletines serve

test: $(TEST_STAMP) browser
	$(BIN)/python -m pytest -q

# The same tests against the newest releases of every dependency, the locks ignored, in a
# venv of its own (.github/workflows/test.yml runs it weekly).
test-latest:
	$(MAKE) test VENV=.venv-latest LOCKED=no

# Write the locks again from pyproject.toml after a dependency is added or its range
# changed, keeping every other pin; upgrade moves every pin to the newest release.
lock: $(TEST_STAMP)
	$(COMPILE) -o $(LOCK)
	$(COMPILE) --extra test --extra lock -o $(TEST_LOCK)

upgrade: $(TEST_STAMP)
	$(COMPILE) --upgrade -o $(LOCK)
	$(COMPILE) --upgrade --extra test --extra lock -o $(TEST_LOCK)
	$(MAKE) test

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m fuzz tests

screenshots: $(TEST_STAMP) browser
	$(BIN)/python -m builder.tools.screenshots

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf _site .boletines-* screenshots .venv-latest
