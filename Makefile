# The two set-up commands of the README: `make build` and `make test`.
# Both create .venv when missing, install the pinned dependencies and any system package
# the project needs (scripts/system-deps.sh), then build or test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test setup system-deps bench fuzz clean

build: setup
	$(BIN)/osaikg build --out dist

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

bench: setup
	$(BIN)/python benchmarks/run.py $(if $(SIZE),--size $(SIZE),)

# A longer fuzzing run than the one in `make test` (about 20,000 inputs per parser and format).
fuzz: setup
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_fuzz.py -q

clean:
	rm -rf dist $(VENV)

fmt: setup
	$(BIN)/osaikg fmt
