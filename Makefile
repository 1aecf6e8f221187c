# The two commands of the README. Each first installs whatever is missing (scripts/setup.sh).
.PHONY: setup demo test bench

VENV := .venv
PYTEST_ARGS ?=

setup:
	@bash scripts/setup.sh

demo: setup
	$(VENV)/bin/uiagent demo --output reports/demo

test: setup
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(VENV)/bin/python benchmarks/capture.py
