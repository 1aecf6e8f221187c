# The two commands of the README. Each first installs whatever is missing (scripts/setup.sh).
.PHONY: setup demo test lint act bench

VENV := .venv
PYTEST_ARGS ?= -n auto --dist worksteal

setup:
	@bash scripts/setup.sh

demo: setup
	$(VENV)/bin/uiagent demo --output reports/demo

test: setup lint
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The package and its example plugins: ruff's rules and mypy's types, as configured in pyproject.toml.
lint: setup
	$(VENV)/bin/python -m ruff check uiagent plugins
	$(VENV)/bin/python -m mypy uiagent

# Every case of every ACT rule the project claims (tests/act/claims.json); `make test` runs two of each rule's.
act: setup
	UIAGENT_ACT_CASES=all $(VENV)/bin/python -m pytest $(PYTEST_ARGS) tests/test_act_conformance.py

bench: setup
	$(VENV)/bin/python benchmarks/capture.py
