# The two commands the README starts with. Both set up .venv first, so each works on a fresh clone.
SEEDS ?= ../shared/seeds

.PHONY: setup setup-test brief test lint

setup:
	./scripts/setup

setup-test:
	./scripts/setup-test

brief: setup
	.venv/bin/crosscheck brief $(SEEDS)

lint:
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/mypy
	.venv/bin/mypy tests bench

test: setup-test lint
	.venv/bin/python -m pytest -q
