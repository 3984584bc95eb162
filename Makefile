# Quick start: `make brief` builds the sample memos, `make test` runs the suite.
# Both install whatever is missing first: Debian packages by the names this
# distribution gives them (.ci/system-packages.sh) and a virtual environment in
# .venv from requirements.lock. Building never needs a browser; `make test`
# finds the Chromium the preview test drives (tests/browser.py) and says which.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: brief test system test-system venv lint browser coverage mutants lock clean bench

brief: venv
	$(BIN)/summitbrief build --out output

test: lint browser
	$(BIN)/python -m pytest -n 2 -q

system:
	@.ci/system-packages.sh build

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

# Ruff (rules and format), mypy strict on src/ (pyproject.toml), actionlint on
# the example release workflow, ShellCheck on the CI scripts.
lint: test-system
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/actionlint docs/release-workflow.yml
	shellcheck .ci/run .ci/*.sh

# The distribution's Chromium (a deb on Debian, installed by test-system), else
# Playwright's own, downloaded where the network allows. Without either the
# preview test fails and says how to get one.
browser: test-system
	@$(BIN)/python tests/browser.py 2>/dev/null || { \
		echo "No Chromium here: trying playwright install --with-deps chromium"; \
		timeout 900 $(BIN)/playwright install --with-deps chromium; \
		$(BIN)/python tests/browser.py || true; }

# What the tests need besides the build: poppler, ShellCheck, Debian's Chromium.
test-system: venv
	@.ci/system-packages.sh test

# The suite under coverage, subprocesses and workers included (pyproject.toml):
# lines and branches per module, and the total.
coverage: venv
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest -n 2 -q
	$(BIN)/coverage combine -q
	$(BIN)/coverage report

# Mutation testing (mutmut; modules and tests in pyproject.toml), not part of
# CI: the loader and the manifest by default (1,239 mutants: 28 min measured on
# 2 cores shared with other jobs, 24 CPU-minutes), stopped at 30 min; the
# translator tooling with MUTATE='summitbrief.catalogs*' (1,800 mutants, about
# as long again; 'summitbrief.catalogs.pofile*' alone: 974 mutants, 20 min).
# Results stay in mutants/ (`.venv/bin/mutmut results`, `.venv/bin/mutmut
# show NAME`); a later run retries only what changed, and `mutmut run NAME…`
# retries the mutants named (the survivors, after new tests).
MUTATE ?= summitbrief.loader* summitbrief.builder.manifest*
mutants: venv
	timeout 1800 $(BIN)/mutmut run --max-children 2 $(MUTATE)

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
