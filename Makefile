# One command each on a fresh machine with Python 3.11+: the first use creates .venv and installs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard locales/*/LC_MESSAGES/bot.po)
MO := $(PO:.po=.mo)

.PHONY: try run test lint format catalogs extract bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compiled catalogs are build output (not in git); the bot also reads the .po files directly.
locales/%/LC_MESSAGES/bot.mo: locales/%/LC_MESSAGES/bot.po $(STAMP)
	$(BIN)/pybabel compile --domain bot --directory locales --locale $* --statistics

catalogs: $(MO)

try: $(STAMP) catalogs
	$(BIN)/python -m bot try $(if $(LANG_CODE),--lang $(LANG_CODE),)

run: $(STAMP) catalogs
	$(BIN)/python -m bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

test: lint
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After changing user-facing text: re-extract, merge into every language, then translate.
extract: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --output-file locales/bot.pot \
		--project objection-helper --no-location --add-comments TRANSLATORS: \
		--keywords N_ .
	$(BIN)/pybabel update --domain bot --input-file locales/bot.pot --output-dir locales \
		--no-fuzzy-matching --ignore-obsolete

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo
