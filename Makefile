# tabayyun: two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
WORLD_ATLAS := 2.0.2

.PHONY: install browser demo test lint bench bench-web clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Country outlines for the map: Natural Earth (public domain) as TopoJSON, from the npm registry.
	@command -v npm >/dev/null || { echo "npm is needed once to install the map's country outlines (apt-get install npm)"; exit 1; }
	npm install --prefix $(VENV)/share/tabayyun --no-save --ignore-scripts --no-audit --no-fund --loglevel=error world-atlas@$(WORLD_ATLAS)
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium through its chromedriver (installed once, as root;
# where that cannot be done the browser tests skip and say why).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } || \
	  echo "make browser: could not install chromium and chromium-driver (needs root and Debian's apt): the browser tests will be skipped"

demo: install
	$(BIN)/tabayyun analyze examples/ --format text
	rm -f out/demo.db out/demo.db-wal out/demo.db-shm
	$(BIN)/tabayyun ingest examples/ --db out/demo.db --no-progress
	$(BIN)/tabayyun query sources --db out/demo.db
	$(BIN)/tabayyun query timeline --db out/demo.db --from 2016-12-01 --to 2016-12-31 --limit 25
	$(BIN)/tabayyun report --db out/demo.db --place Aleppo --from 2016-11-26 --to 2016-12-07 --format html --output out/aleppo-report.html
	$(BIN)/tabayyun export --db out/demo.db --scheme acled --output out/demo-events-acled.csv
	@echo "Open the printed address in a browser; Ctrl-C stops the server."
	$(BIN)/tabayyun serve --db out/demo.db $(if $(SERVE_FOR),--stop-after $(SERVE_FOR))

test: install browser
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
	$(BIN)/python benchmarks/quotes_ggt.py
	$(BIN)/python benchmarks/gazetteer_build.py
	$(BIN)/python benchmarks/geo_eval.py
	$(BIN)/python benchmarks/fakes_events.py

# The web and report benchmarks on a synthetic store of 100k documents (about 14 min and 5 GB to
# build once; --reuse keeps it).
BENCH_STORE ?= out/bench-100k.db
bench-web: install
	$(BIN)/python benchmarks/query_latency.py --docs 100000 --sentences 10 --db $(BENCH_STORE) --reuse
	$(BIN)/python benchmarks/web_latency.py --db $(BENCH_STORE)
	$(BIN)/python benchmarks/web_load.py --db $(BENCH_STORE)
	$(BIN)/python benchmarks/report_latency.py --db $(BENCH_STORE)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache out
