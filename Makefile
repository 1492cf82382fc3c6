# medscrape: `make demo` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser test lint bench fuzz demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium and chromedriver for tests/publish/test_browser.py (never a browser
# download). Quick when both are there; apt-get as root (or through sudo without a password);
# elsewhere the browser test skips with its reason, except in CI (CI=1), where it fails.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	elif sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "make browser: cannot install chromium and chromium-driver (not root, no sudo)" >&2; \
		[ -z "$$CI" ] || exit 1; fi

# On every core (pytest-xdist), a test module to a worker: a module's crawl fixtures run once.
test: $(STAMP) browser
	$(BIN)/pytest -n auto --dist loadscope

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/parse.py

# The parser fuzzed for longer than the tests do: FUZZ_EXAMPLES inputs of each kind, then
# FUZZ_SECONDS of coverage-guided fuzzing (atheris, where it is installed).
FUZZ_EXAMPLES ?= 2000
FUZZ_SECONDS ?= 300
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py --examples $(FUZZ_EXAMPLES)
	$(BIN)/python benchmarks/fuzz_atheris.py -max_total_time=$(FUZZ_SECONDS) -timeout=20

demo: $(STAMP)
	$(BIN)/medscrape demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
