# tabayyun: two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/tabayyun analyze examples/ --format text
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(BIN)/tabayyun ingest examples/ --db out/demo.db --no-progress
	$(BIN)/tabayyun query sources --db out/demo.db
	$(BIN)/tabayyun query timeline --db out/demo.db --from 2016-12-01 --to 2016-12-31 --limit 25

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/ingest_throughput.py
	$(BIN)/python benchmarks/query_latency.py
	$(BIN)/python benchmarks/dates_timeml.py
	$(BIN)/python benchmarks/quotes_polnear.py
	$(BIN)/python benchmarks/gazetteer_build.py
	$(BIN)/python benchmarks/geo_eval.py
	$(BIN)/python benchmarks/fakes_events.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache out
