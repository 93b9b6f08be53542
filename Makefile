# Chatlake: `make run` serves it, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 3000
CHATLAKE_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export CHATLAKE_TEST_POSTGRES_URL

.PHONY: run test test-sqlite test-postgres lint format bench install clean

$(BIN)/chatlake: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/chatlake

install: $(BIN)/chatlake

run: install
	PORT=$(PORT) $(BIN)/chatlake serve --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

test-sqlite: install
	$(BIN)/pytest --db=sqlite

# PostgreSQL runs when reachable; CI (CI=true) insists on it.
test-postgres: install
	@if $(BIN)/python -m tests.postgres_reachable; then \
		$(BIN)/pytest --db=postgres; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $$CHATLAKE_TEST_POSTGRES_URL and CI requires it" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $$CHATLAKE_TEST_POSTGRES_URL: PostgreSQL tests skipped"; \
	fi

# Both databases at once: each run has its own live server, data directory and PostgreSQL database, and on
# two cores the two suites overlap their waits (servers, browsers, sockets). SQLite's output is shown as it
# runs, PostgreSQL's (kept in test-artifacts/) after it; either failing fails the whole.
test: lint install
	@mkdir -p test-artifacts
	@$(MAKE) --no-print-directory test-postgres > test-artifacts/test-postgres.log 2>&1 & postgres_pid=$$!; \
	$(MAKE) --no-print-directory test-sqlite; sqlite_rc=$$?; \
	wait $$postgres_pid; postgres_rc=$$?; \
	echo "== PostgreSQL =="; cat test-artifacts/test-postgres.log; \
	test $$sqlite_rc -eq 0 && test $$postgres_rc -eq 0

# Benchmarks (docs/benchmarks.md): wrk from Debian's packages, installed here when missing; matplotlib for the
# charts (the `bench` extra). Not tests: they print each target as PASS/FAIL and write bench/results/.
.PHONY: bench-deps bench-ingest bench-list bench-webhooks bench-peers bench-charts
$(VENV)/.bench-deps: pyproject.toml $(BIN)/chatlake
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

bench-deps: install $(VENV)/.bench-deps
	@command -v wrk >/dev/null 2>&1 || { \
		echo "wrk is not installed: apt-get install wrk"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk; else sudo apt-get install -y -q wrk; fi; }

# W1 ingest, W2 the conversation list, W3 webhooks (BENCH_WORKLOADS picks), then the charts.
bench: bench-deps
	$(BIN)/python -m bench.run

bench-ingest: bench-deps
	$(BIN)/python -m bench.ingest

bench-list: bench-deps
	$(BIN)/python -m bench.list_latency

bench-webhooks: bench-deps
	$(BIN)/python -m bench.webhooks

# W1 against django-helpdesk (installed from PyPI into bench/.peers-venv), same database kind, same method.
bench-peers: bench-deps
	$(BIN)/python -m bench.peers

bench-charts: bench-deps
	$(BIN)/python -m bench.charts

# Drops the cached seeded databases (files and PostgreSQL databases) and the peers' virtualenv.
.PHONY: bench-clean
bench-clean: install
	$(BIN)/python -m bench.bulk_seed forget
	rm -rf bench/.cache bench/.peers-venv bench/results/logs

.PHONY: bench-realtime
bench-realtime: install
	$(BIN)/python -m bench.realtime_fanout

# The dashboard conversation list with 10,000 conversations (server time, statements, browser load) against
# a 100-conversation account and the API list in the same run.
.PHONY: bench-dashboard
bench-dashboard: install
	$(BIN)/python -m bench.dashboard_list

clean:
	rm -rf $(VENV) .chatlake .pytest_cache
