# The two things a newcomer runs: `make quickstart` and `make test`.
# Both install into a virtual environment, .venv (made on first use), unless a virtual environment
# is active or PYTHON names the interpreter to use (`make test PYTHON=python3.12`).
ifeq ($(origin PYTHON),undefined)
  ifdef VIRTUAL_ENV
    PYTHON := $(VIRTUAL_ENV)/bin/python
  else
    PYTHON := .venv/bin/python
  endif
endif
VENV := $(filter .venv/bin/python,$(PYTHON))

.PHONY: install quickstart test test-js lint bench

.venv/bin/python:
	@echo "making a virtual environment in .venv (once)"
	python3 -m venv .venv

install: $(VENV)
	@echo "installing scapi-widget and JupyterLab into $(PYTHON), building the front end (takes a minute the first time)"
	$(PYTHON) -m pip install -q -e ".[lab]"

quickstart: install
	PYTHON=$(PYTHON) bash scripts/quickstart.sh

test: $(VENV)
	PYTHON=$(PYTHON) bash scripts/test.sh

test-js:
	node --test js/test/

lint: $(VENV)
	$(PYTHON) -m ruff check scapi_widget tests benchmarks
	$(PYTHON) -m mypy

# Several real JupyterLab runs (several minutes); the load average is printed so busy-machine figures read as
# such. Each benchmark writes its goal checks into $(BENCH_RESULTS); summary.py prints them all at the end.
BENCH_RESULTS := build/bench
bench: $(VENV)
	@rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS)
	@echo "load average: $$(cut -d' ' -f1-3 /proc/loadavg)"
	$(PYTHON) benchmarks/sync_cost.py --json $(BENCH_RESULTS)/sync_cost.json
	$(PYTHON) benchmarks/wire_bytes.py --json $(BENCH_RESULTS)/wire_bytes.json
	$(PYTHON) benchmarks/roundtrip.py --json $(BENCH_RESULTS)/roundtrip.json
	$(PYTHON) benchmarks/marimo_roundtrip.py
	$(PYTHON) benchmarks/fanout.py --json $(BENCH_RESULTS)/fanout.json
	$(PYTHON) benchmarks/startup.py --json $(BENCH_RESULTS)/startup.json
	$(PYTHON) benchmarks/loopback_probe.py
	$(PYTHON) benchmarks/summary.py $(BENCH_RESULTS)
