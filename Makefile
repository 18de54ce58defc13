# Two commands: `make run` (set up + the main job) and `make test` (set up + all checks).
# Both are idempotent: a stamp file per extra remembers what was installed, and
# pyproject.toml changing triggers a reinstall.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# the browser tests drive Debian's Chromium (Playwright's own download does not
# work offline), with Noto CJK so that Chinese text renders in screenshots;
# installed once, with sudo when not root
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# the book's formulas are typeset by KaTeX from Debian's libjs-katex (served
# from the site itself: no CDN)
KATEX  := /usr/share/javascript/katex/katex.min.js
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run demo test bench gallery docs docs-serve format clean

# CI runs every test (.ci/run: make test TEST_ALL=1, or CI set in the environment;
# about 15 minutes on 2 cores);
# a plain `make test` leaves the tests marked slow or browser (the book's build,
# Chromium) to it, to stay near 10 minutes. The timing tests run alone after.
PYTEST_MARK := $(if $(or $(TEST_ALL),$(CI)),not timing,not timing and not slow and not browser)

# the main job: the playground, on http://127.0.0.1:8765/ (Ctrl+C stops it)
run: $(VENV)/.run-installed
	$(BIN)/neuroglass playground

demo: $(VENV)/.run-installed
	$(BIN)/neuroglass demo

test: $(VENV)/.dev-installed $(CHROMIUM) $(CJK_FONT) $(KATEX)
	$(BIN)/ruff check src tests benchmarks examples docs book
	$(BIN)/ruff format --check src tests benchmarks examples docs book
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -n auto -m "$(PYTEST_MARK)"
	$(BIN)/python -m pytest -q -m timing

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run.py

gallery: $(VENV)/.dev-installed $(CHROMIUM) $(CJK_FONT) $(KATEX)
	$(BIN)/python docs/make_gallery.py
	$(BIN)/python docs/playground_screenshot.py
	$(BIN)/python docs/book_screenshot.py

# the book (book/, English and Chinese) into site/; docs-serve serves it on
# http://127.0.0.1:8000/ and rebuilds on change (BUILD_ONLY_LOCALE=en: one language)
docs: $(VENV)/.docs-installed $(CJK_FONT) $(KATEX)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.docs-installed $(CJK_FONT) $(KATEX)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

format: $(VENV)/.dev-installed
	$(BIN)/ruff format src tests benchmarks examples docs book
	$(BIN)/ruff check --fix src tests benchmarks examples docs book

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[dev]"
	@touch $@ $(VENV)/.run-installed

$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[docs]"
	@touch $@ $(VENV)/.run-installed

$(CHROMIUM) $(CJK_FONT) $(KATEX) &:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk libjs-katex

clean:
	rm -rf $(VENV) build site *.egg-info src/*.egg-info .pytest_cache .ruff_cache
