# Quick start: `make brief` builds the sample memos, `make test` runs the suite.
# Both install whatever is missing first: Debian packages (apt-get) and a
# virtual environment in .venv from requirements.lock.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Pango and fontconfig for WeasyPrint; HarfBuzz's subsetter (without it a Korean
# memo takes ~12 s instead of ~0.3 s); the Noto faces the language registry
# names; poppler for looking at pages; python3-venv for the virtual environment;
# chromium for the headless-browser test of `summitbrief preview` (Playwright
# drives it; it never downloads a browser of its own); GNU gettext, whose
# `msgfmt -c` the tests run on every catalog the project writes.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
	fonts-noto-cjk fonts-noto-core poppler-utils python3-venv chromium gettext

.PHONY: brief test system venv lint lock clean bench

brief: venv
	$(BIN)/summitbrief build --out output

test: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -n 2 -q

system:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: system $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# summitbrief against Typst on this machine: prints a table, writes
# benchmarks/results.json (what is measured: benchmarks/README.md).
bench: venv
	$(BIN)/python benchmarks/run.py

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# Re-pin after changing dependencies in pyproject.toml.
lock: venv
	$(BIN)/python -m pip freeze --exclude summitbrief | \
		sed '1i # Every Python package of the development environment, pinned (pip freeze).\n# Regenerate with: make lock' > requirements.lock

clean:
	rm -rf $(VENV) output/* build dist

# Visual regression goldens (tests/goldens/, compared by tests/test_goldens.py):
# run after a change to the look, once you have looked at the new pages.
.PHONY: goldens images
goldens: venv
	$(BIN)/python tests/pages.py

# The first pages shown in the README (docs/images/): the sample in each
# language, a bilingual pair, and the Japanese memo in the sample theme.
IMAGES := build/images
images: venv
	rm -rf $(IMAGES)
	$(BIN)/summitbrief build --out $(IMAGES)/builtin --lang en,ko,ja --pair ko+ja
	$(BIN)/summitbrief build --out $(IMAGES)/theme --lang ja --theme docs/sample-theme
	for memo in en ko ja ko+ja; do \
		pdftoppm -r 72 -f 1 -l 1 -singlefile -png $(IMAGES)/builtin/nara-2026/nara-2026.$$memo.pdf \
			docs/images/nara-2026.$$memo; \
	done
	pdftoppm -r 72 -f 1 -l 1 -singlefile -png $(IMAGES)/theme/nara-2026/nara-2026.ja.pdf \
		docs/images/nara-2026.ja.sample-theme
