# The two things a newcomer runs: `make quickstart` and `make test`.
PYTHON ?= python3

.PHONY: install quickstart test test-js lint bench

install:
	$(PYTHON) -m pip install -q -e ".[lab]"

quickstart: install
	$(PYTHON) -m jupyter lab notebooks/01-quickstart.ipynb

test:
	bash scripts/test.sh

test-js:
	node --test js/test/

lint:
	$(PYTHON) -m ruff check scapi_widget tests benchmarks
	$(PYTHON) -m mypy

bench:
	$(PYTHON) benchmarks/sync_cost.py
	$(PYTHON) benchmarks/roundtrip.py
