# cspkit: `make help` lists the targets.
.DEFAULT_GOAL := help
UV_RUN := .venv/bin/
# Let Python cache compiled modules even where the environment turns that off.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help setup demo test test-packages lint bench fuzz

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## Install cspkit and its pinned dependencies into .venv
	@scripts/setup

DEMO_AREA := Hartbury
DEMO_PERIOD := 2025-10..2026-09

demo: setup ## Generate the demo partnership, load it, assess it, write its report, then serve the web app
	$(UV_RUN)cspkit demo
	$(UV_RUN)cspkit --demo assess --area $(DEMO_AREA) --period $(DEMO_PERIOD)
	$(UV_RUN)cspkit --demo casework export-counts --period $(DEMO_PERIOD)
	$(UV_RUN)cspkit --demo commissioning export-projects
	$(UV_RUN)cspkit --demo report assessment --area $(DEMO_AREA) --period $(DEMO_PERIOD)
	$(UV_RUN)cspkit --demo serve --demo

lint: setup ## ruff and the import contracts
	$(UV_RUN)ruff check src tests bench
	$(UV_RUN)lint-imports

test: test-packages lint ## The whole test suite (what CI runs); first installs the Debian packages the tests need
	$(UV_RUN)pytest

test-packages: # first, so that a machine without them stops at once with the command to run
	@scripts/system-packages test

FUZZ_EXAMPLES ?= 10000

fuzz: setup ## A long fuzz run: FUZZ_EXAMPLES (10,000) hostile files per reader; counts in fuzz-counts.json
	CSPKIT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) CSPKIT_FUZZ_LOG=fuzz-counts.json $(UV_RUN)pytest tests/fuzz -q -s -p no:cacheprovider

bench: setup ## Benchmarks: speed and memory against baselines measured in the same run
	$(UV_RUN)python -m bench
