# zhengwu — `make run` and `make test` are all a newcomer needs (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test test-fast deploy-test system-packages lint format bench messages clean

install: $(STAMP)

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)
	$(BIN)/python scripts/messages.py compile

# The port first (system Python, before the install): a taken port stops `make run` at once.
run:
	@$(PYTHON) -P src/zhengwu/core/ports.py 127.0.0.1 $(PORT)
	@$(MAKE) --no-print-directory install
	$(BIN)/python scripts/messages.py compile
	$(BIN)/zhengwu migrate --noinput
	$(BIN)/zhengwu demo --if-empty --no-logins
	$(BIN)/zhengwu serve --bind 127.0.0.1:$(PORT) --logins

# The system packages first (scripts/system-packages.sh: installed as root, otherwise the apt-get
# line to run), so a fresh machine stops in seconds rather than half-way through the suites.
test: system-packages
	@$(MAKE) --no-print-directory install
	$(BIN)/python scripts/messages.py compile
	bash scripts/test.sh

# The edit-test loop: SQLite only, no browser, no whole-system walks (marker walk), no tests that
# start servers of their own (marker one_database), every core.
test-fast: install
	$(BIN)/python scripts/messages.py compile
	bash scripts/test.sh --fast

# A city's deployment on this machine (PostgreSQL, Redis, S3 API, 2 gunicorn, 2 huey workers,
# nginx with TLS), a scenario through nginx, everything stopped again (scripts/deploy_test.py).
deploy-test: system-packages
	@$(MAKE) --no-print-directory install
	$(BIN)/python scripts/messages.py compile
	$(BIN)/python scripts/deploy_test.py

system-packages:
	@bash scripts/system-packages.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	bash scripts/bench.sh

messages: install
	$(BIN)/python scripts/messages.py extract

clean:
	rm -rf $(VENV) var .pytest_cache
