# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INDEX ?= kb/index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install serve test index lint bench bench-1m bench-api bench-publish profile soak browser redis axe clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,baseline,redis]"
	touch $(STAMP)

index: $(STAMP)
	@test -e $(INDEX)/current || $(BIN)/eldercare ingest --documents kb/documents --index $(INDEX)

serve: index
	$(BIN)/eldercare serve --host 127.0.0.1 --port 8000

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# The accessibility checks of the browser tests inject axe-core, an exact version from the npm registry
# (with Debian's npm when there is none), into an ignored folder; tests/web/axe.py reads it from there.
AXE_VERSION := 4.14.1
AXE_DIR := .cache/axe
AXE_STAMP := $(AXE_DIR)/.axe-core-$(AXE_VERSION)

axe: $(AXE_STAMP)

$(AXE_STAMP):
	@command -v npm >/dev/null 2>&1 || { \
		echo "installing Debian's npm to fetch axe-core"; \
		SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR)
	npm install --prefix $(AXE_DIR) --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	touch $@

# The shared-state tests (two replicas, one Redis) start Debian's redis-server on a free 127.0.0.1 port.
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
		echo "installing Debian's redis-server for the shared-state tests"; \
		SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq redis-server >/dev/null; }

test: $(STAMP) browser redis axe
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check assistant tests eval bench
	$(BIN)/ruff format --check assistant tests eval bench

bench: index
	$(BIN)/python bench/ingest_search.py
	$(BIN)/python bench/compare.py

# Time from "publish" in the staff workspace to the first answer citing the new document (real size).
# 1M synthetic passages (vectors generated, not embedded): load, RSS, search p50/p95, quantised vs float top 5
bench-1m: index
	$(BIN)/python bench/million.py

# py-spy flame graphs of search and ask at 100k synthetic chunks, counted by stage (bench/out/flame_*)
profile: index
	$(BIN)/python -m pip install --quiet -e ".[profile]"
	$(BIN)/python bench/profile.py
	$(BIN)/python bench/flame_summary.py bench/out/flame_search_before.txt bench/out/flame_search.txt bench/out/flame_ask_before.txt bench/out/flame_ask.txt

bench-publish: index
	$(BIN)/python bench/publish_to_answerable.py --runs 3

bench-api: index
	$(BIN)/python bench/api_load.py --index $(INDEX)

# 50 concurrent clients for 60 s on 127.0.0.1 (bounded), with the server's memory before and after.
soak: index
	$(BIN)/python bench/api_load.py --index $(INDEX) --soak

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache $(AXE_DIR)
