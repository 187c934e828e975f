# Two commands on a fresh machine: `make book` builds the book, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSER_PKGS := chromium chromium-driver fonts-noto-cjk
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help \
        setup data assets book book-steps pdf outputs test test-fast lint browser-deps bench clean dist publish live

setup: $(STAMP) ## create .venv: the pins of requirements.txt, then the package (again only when either changes)

# Recreated only when requirements.txt or pyproject.toml change. requirements.txt pins every package but the
# project, which is installed after it (editable, its dependencies being those pins).
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

data: setup ## rebuild data/built/ from data/sources/, the raw documents' SHA-256 checked first
	$(BIN)/materials-book data build
	touch $(DATA_STAMP)

# The built data set (data/built/, written whole with its manifest), rebuilt when a source, a raw document or the
# pipeline or a module below it changes (data.py, facts, schemas, yamlfile, formulas: what the build imports). A build
# that changes no byte keeps the files' times, so the manifest is touched to mark it done.
DATA_STAMP := data/built/manifest.json
$(DATA_STAMP): $(STAMP) $(wildcard data/sources/*.yaml data/raw/*.txt src/materials_book/*.py src/materials_book/pipeline/*.py)
	$(WARM) $(BIN)/materials-book data build
	touch $@

# `make live` sets WARM to run these commands through its warm server (materials_book.publish.warm): the same
# commands, forked from a process that has imported their libraries. Empty, they run as usual.
WARM ?=

# Generated site assets, rebuilt only when their inputs change.
BUNDLE := _static/vega-bundle.js
PAGES_STAMP := _static/downloads/.built
$(BUNDLE): $(STAMP)
	$(BIN)/materials-book site bundle
	touch $@
# data/built itself is a prerequisite too: a file deleted from the set changes the folder's time, and `site pages`
# then stops with the missing file named (it checks the set against its manifest and the manifest against the sources).
$(PAGES_STAMP): $(STAMP) $(DATA_STAMP) data/built $(wildcard data/built/* data/sources/*.yaml data/sources/coverage/*.yaml \
        chapters/*.ipynb en/chapters/*.ipynb) references.bib _config.yml $(wildcard src/materials_book/*.py src/materials_book/*/*.py \
        src/materials_book/*/*.texts.yaml)
	$(WARM) $(BIN)/materials-book site pages
	touch $@

assets: $(BUNDLE) $(PAGES_STAMP) ## the chart bundle and the generated pages and downloads (materials-book site)

# The Chinese edition is the site root; the English edition is built beside it, at the same time (one core each), and
# copied into _build/html/en.
# The stamp lists every input of the HTML, so `make book` with nothing changed does nothing. A change to the book's
# code or configuration rebuilds every page (Sphinx would keep pages whose own sources did not change).
BOOK_STAMP := _build/.book
BOOK_CODE := $(wildcard _build/.pdf-links) src/materials_book/publish/sphinx_ext.py src/materials_book/publish/vega.py _config.yml _toc.yml en/_toc.yml CITATION.cff $(wildcard _static/*.css _static/*.js _templates/*.html fonts/*.ttf)
$(BOOK_STAMP): $(BUNDLE) $(PAGES_STAMP) $(BOOK_CODE) intro.md en/intro.md references.bib $(wildcard chapters/*.ipynb en/chapters/*.ipynb)
	all=""; for f in $?; do case " $(BOOK_CODE) " in *" $$f "*) all=--all;; esac; done; \
	$(WARM) $(BIN)/jupyter-book build . $$all -W -n --keep-going --quiet & zh=$$!; \
	$(WARM) $(BIN)/jupyter-book build en $$all --config en/generated/_config.yml --path-output _build/en -W -n --keep-going \
	  --quiet & en=$$!; \
	wait $$zh; a=$$?; wait $$en; b=$$?; [ $$a = 0 ] && [ $$b = 0 ]
	# The English edition mirrored into en/ (nothing of an earlier build kept; the PDFs are make pdf's).
	$(WARM) $(BIN)/python -m materials_book.publish.mirror _build/en/_build/html _build/html/en --keep pdf
	# Sphinx 7.4 does not overwrite static files that already exist: refresh changed ones (css, downloads) itself,
	# and make the downloads mirror the data set (a removed dataset's files, or a reverted CSV, must not stay).
	cp -ru _static/. _build/html/_static/ && cp -ru _static/. _build/html/en/_static/
	for d in _build/html _build/html/en; do \
	  $(WARM) $(BIN)/python -m materials_book.publish.mirror _static/downloads $$d/_static/downloads || exit 1; done
	touch $@

# The whole of make book runs under the build lock (materials_book.lock): a data build started meanwhile waits.
book: setup ## build both editions into _build/html (Chinese at the root, English in en/)
	@$(WARM) $(BIN)/python -m materials_book.lock "make book" -- $(MAKE) --no-print-directory book-steps
book-steps: $(BOOK_STAMP)

# One PDF per edition, printed by the Debian Chromium from the built pages (about 40 s).
PDFS := _build/html/pdf/book-zh.pdf _build/html/en/pdf/book-en.pdf
# Pages link a PDF only once it exists: printing the first time rebuilds the pages (the PDFs do not show the links,
# so they are then marked newer than the pages rather than printed again).
$(PDFS) &: $(BOOK_STAMP)
	$(BIN)/python -m materials_book.publish.pdf
	@$(MAKE) --no-print-directory book
	touch $(PDFS)

pdf: browser-deps book $(PDFS) ## print one PDF per edition from the built pages (Debian Chromium)

# Re-executes, in parallel, only the chapter editions whose inputs changed (materials-book outputs --all for every
# one). Run as a module: with nothing changed, only the decision is imported (no pandas, no papermill).
outputs: setup ## re-execute the chapter editions whose inputs changed, in parallel
	$(WARM) $(BIN)/python -m materials_book.publish.outputs

# Debian packages for the headless-browser test, installed only when missing (needs root or sudo).
browser-deps: ## apt-get install chromium, chromium-driver, fonts-noto-cjk if missing (root or sudo)
	@missing=""; for p in $(BROWSER_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "installing$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Every test: lint, the fast tier, kernels, nbval on the committed notebooks, the built site in Chromium, spread over
# the cores a file at a time (--dist loadfile: a notebook's cells stay together and in order in one worker, as nbval
# needs; each worker has one Chromium).
test: browser-deps book pdf lint ## every test: lint, fast tier, kernels, nbval, PDF, the built site in Chromium
	$(BIN)/python -m pytest tests chapters en/chapters --nbval -p no:cacheprovider -q -n auto --dist loadfile

# Pure functions and the data contract only (seconds; no kernel, build or browser).
test-fast: setup lint ## lint and the fast tier only (no kernel, build or browser; seconds)
	$(BIN)/python -m pytest tests -m "not slow" -p no:cacheprovider -q -n auto

lint: setup ## ruff check, ruff format --check on src and tests; mypy on src (pyproject.toml: tool.mypy)
	$(BIN)/ruff check src tests && $(BIN)/ruff format --check src tests && $(BIN)/mypy --no-error-summary

# The package's import graph (module -> modules, counts by layer) and the imports that break a layer rule.
.PHONY: layers
layers: setup ## print the import graph and the imports that break a layer rule
	$(BIN)/python tests/layers.py

bench: setup browser-deps ## time what a user runs, median of BENCH_RUNS (3); BENCH_ONLY=charts,live for some steps
	$(BIN)/python tests/bench.py

# Both editions on http://127.0.0.1:$(LIVE_PORT)/, rebuilt on save and reloaded in the browser (sphinx-autobuild's
# watcher, server and reload script); a change rebuilds what make's stamps and the outputs record say it must.
LIVE_PORT ?= 8000
live: setup ## serve both editions on 127.0.0.1:LIVE_PORT (8000), rebuilt and reloaded on save
	$(BIN)/python -m materials_book.publish.live --port $(LIVE_PORT)

# A zip of the offline site (both editions, PDFs, downloads) that works unzipped anywhere, opened from disk.
dist: pdf ## zip the offline site (both editions, PDFs, downloads) into _build/materials-book-site.zip
	$(BIN)/python -m materials_book.publish.dist zip

# The built site as the whole gh-pages branch of PUBLISH_REMOTE (a remote's name or a URL), with .nojekyll.
PUBLISH_REMOTE ?= origin
publish: pdf ## the built site as the whole gh-pages branch of PUBLISH_REMOTE (default origin)
	$(BIN)/python -m materials_book.publish.dist publish --remote $(PUBLISH_REMOTE)

# Keeps .cache/ (the vega bundle, search segmentations, templates and memo: keyed by version, text, inputs and code):
# rm -rf .cache drops it, and a build without it gives the same bytes.
clean: ## remove what a build writes (_build, generated pages, downloads, reruns); keep .cache/
	rm -rf _build reruns _static/vega-bundle.js _static/downloads generated en/generated

# Every public target with its `## ` description, in the order of this file, aligned.
help: ## list the public targets with what they do
	@awk '/^[a-zA-Z][a-zA-Z0-9_-]*:[^=]*## / { n++; t[n] = substr($$0, 1, index($$0, ":") - 1); \
	  d[n] = substr($$0, index($$0, "## ") + 3); if (length(t[n]) > w) w = length(t[n]) } \
	  END { f = "  make %-" w "s  %s\n"; for (i = 1; i <= n; i++) printf f, t[i], d[i] }' $(firstword $(MAKEFILE_LIST))
