# Set-up on a fresh machine is `make build`; contributors keep `make test` green.
SHELL := /bin/bash
.DEFAULT_GOAL := build

VENV ?= .venv
PYTHON := $(VENV)/bin/python
SCALE ?= 1
SEED ?= 42
# The engine `make warehouse` and `make bench` build on: duckdb, or spark (README, "Spark").
TARGET ?= duckdb
# make bench: extra options of pipeline/bench.py, e.g. --no-dashboard.
BENCH_ARGS ?=
# make stream: events per second landed, seconds between capture files, and how long (empty: until Ctrl-C).
RATE ?= 20
BATCH_SECONDS ?= 1
DURATION ?=
# RAW_DIR and WAREHOUSE_PATH come from the environment when set; their defaults live in
# healthcare_ops/settings.py, which every command below reads.

# make test builds a small fresh warehouse of its own, never touching data/.
TEST_SCALE ?= 0.25
TEST_DIR ?= $(CURDIR)/.test-build
TEST_ENV = RAW_DIR=$(TEST_DIR)/raw WAREHOUSE_PATH=$(TEST_DIR)/warehouse.duckdb SPARK_WAREHOUSE_DIR=$(TEST_DIR)/spark-warehouse

.PHONY: build venv openmp browser generate warehouse stream monitor test lint app api bench docs clean fuzz

$(VENV)/.installed: requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

venv: openmp $(VENV)/.installed

# LightGBM's wheel (the build's scoring phase) links the system's OpenMP runtime, Debian's libgomp1, which a slim
# machine may lack.
openmp:
	ldconfig -p | grep -q libgomp.so.1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libgomp1; }

build: venv generate warehouse

generate: venv
	$(PYTHON) -m generators --scale $(SCALE) --seed $(SEED)

warehouse: venv
	$(PYTHON) -m $(if $(filter spark,$(TARGET)),pipeline.spark_publish,pipeline.publish)

# Builds the warehouse first when there is none.
stream: venv
	test -f "$$($(PYTHON) -m healthcare_ops.settings warehouse_path)" || $(MAKE) build
	$(PYTHON) -m pipeline.stream --rate $(RATE) --batch-seconds $(BATCH_SECONDS) $(if $(DURATION),--duration $(DURATION))

# Freshness of every raw source (dbt source freshness: when its file last landed) and the open alerts of the
# published warehouse (marts.mart_alerts); exits 1 on a stale or missing source or a critical open alert.
monitor: venv
	$(PYTHON) -m pipeline.monitor

# sqlfluff's dbt templater compiles the project, which opens a warehouse: an in-memory one per
# process, as two processes cannot both hold a warehouse file open for writing. Its artifacts go to
# a target folder of their own, so target/semantic_manifest.json keeps naming the real warehouse (mf).
lint: venv
	$(VENV)/bin/ruff check .
	WAREHOUSE_PATH=:memory: IDENTIFIERS_PATH=:memory: DBT_TARGET_PATH=target/lint $(VENV)/bin/sqlfluff lint --processes 2 models tests/dbt

# The browser test drives Debian's chromium (Playwright cannot download a browser here).
browser:
	command -v chromium >/dev/null 2>&1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: lint browser
	rm -rf $(TEST_DIR)/raw $(TEST_DIR)/warehouse.duckdb
	$(PYTHON) -m generators --scale $(TEST_SCALE) --seed $(SEED) --out $(TEST_DIR)/raw
	$(TEST_ENV) $(PYTHON) -m pipeline.publish
	$(TEST_ENV) $(PYTHON) -m pipeline.spark_publish
	$(TEST_ENV) $(VENV)/bin/mf validate-configs
	$(TEST_ENV) $(PYTHON) -m pytest

# Every hostile-input case (tests/fuzz, about 10 minutes); `make test` runs a fixed sample of it.
fuzz: venv
	FUZZ=all $(PYTHON) -m pytest tests/fuzz

# The real Medical Appointment No Shows export (NO_SHOW_CSV) mapped onto the raw contract into NO_SHOW_DIR/raw, a
# warehouse built from it at NO_SHOW_DIR/warehouse.duckdb by the usual publish (registry and telehealth only: the
# other domains are skipped), then its reconciliation and the no-show model's out-of-time evaluation printed.
# Defaults in healthcare_ops/settings.py; README, "A real export". The identifiers file goes beside that warehouse.
.PHONY: real-no-show
real-no-show: venv
	dir="$$($(PYTHON) -m healthcare_ops.settings no_show_dir)" && \
	$(PYTHON) -m adapters.kaggle_no_show --out "$$dir/raw" && \
	RAW_DIR="$$dir/raw" WAREHOUSE_PATH="$$dir/warehouse.duckdb" IDENTIFIERS_PATH= $(PYTHON) -m pipeline.publish && \
	$(PYTHON) -m pipeline.no_show_report --warehouse "$$dir/warehouse.duckdb"

app: venv
	$(VENV)/bin/streamlit run app/streamlit_app.py

# The read-only REST API on API_HOST:API_PORT (default 127.0.0.1:8000; docs at /docs); API_TOKEN, when set, is the
# bearer token it requires. Defaults in healthcare_ops/settings.py; README, "Provider growth: REST API".
api: venv
	$(PYTHON) -m api

# TARGET=spark: both engines' build times at scales 1 and 10 (or the SCALE given), side by side.
BENCH_SCALES = $(if $(and $(filter spark,$(TARGET)),$(filter-out command line,$(origin SCALE))),1 10,$(SCALE))
bench: venv
	$(PYTHON) -m pipeline.bench --target $(TARGET) --scale $(BENCH_SCALES) --seed $(SEED) $(BENCH_ARGS)

docs: venv
	$(VENV)/bin/dbt docs generate --profiles-dir . --project-dir .

clean:
	rm -rf target logs $(TEST_DIR)
