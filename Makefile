# Two commands for learners: `make lab` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# JupyterLab refuses to run as root unless told; harmless for everyone else.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: lab test test-unit test-notebooks test-browser test-oldest lint execute soak clean check-python relink site

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0) if sys.version_info >= (3, 10) else sys.exit("This project needs Python 3.10 or newer, but $(PYTHON) is Python " + sys.version.split()[0] + ".\nInstall a newer Python, then run for example: make test PYTHON=python3.12")' \
	  || { echo "make: stopping: no suitable Python (see above)" >&2; exit 1; }

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	@# nbgrader (make student / make grade) runs from the command line: its Jupyter extensions stay out of JupyterLab
	$(BIN)/jupyter server extension disable --sys-prefix $(addprefix nbgrader.server_extensions.,formgrader \
	  validate_assignment assignment_list course_list) >/dev/null 2>&1
	$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00-start-here.ipynb

lint: $(STAMP)
	$(BIN)/ruff check helpers tests notebooks benchmarks tools site

# Two pytest processes share the work (pytest-xdist); pyproject.toml's --dist loadscope and tests/conftest.py keep
# all cells of a notebook in one of them.
PARALLEL := -n 2

# Everything in one pytest run, one pass/fail: unit tests, the JupyterLab browser test (tests/browser), strict nbval.
test: lint
	$(BIN)/python -m pytest $(PARALLEL)

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser

# Every notebook run in real JupyterLab in headless Chromium (apt-get install -y chromium); screenshots in
# test-artifacts/browser/. BROWSER_TEST_NOTEBOOKS=dir tests another folder of notebooks.
test-browser: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) tests/browser

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) notebooks

# Re-run every notebook top to bottom in a fresh kernel and store the outputs that strict nbval expects.
# tools/run_notebooks.py is nbclient (what `jupyter nbconvert --execute` uses) without its widget-cell stall.
execute: $(STAMP)
	$(BIN)/python tools/run_notebooks.py execute --timeout 300 notebooks/[0-9][0-9]-*.ipynb

# Every notebook RUNS times with nbclient, SOAK_TIMEOUT seconds per cell: reports stalls (a client waiting after the
# kernel finished a cell), failed runs and outputs that differ between runs (timing cells aside).
RUNS ?= 10
SOAK_TIMEOUT ?= 60
soak: $(STAMP)
	$(BIN)/python tools/run_notebooks.py soak --runs $(RUNS) --timeout $(SOAK_TIMEOUT) notebooks/[0-9][0-9]-*.ipynb

# Unit tests and strict nbval with every dependency at the minimum version pyproject.toml names (constraints made
# from pyproject.toml by tools/oldest_constraints.py), in .venv-oldest, on the oldest Python it allows if present.
OLDEST := .venv-oldest
# (a pyenv shim for an inactive version fails, hence the test run of each candidate)
PYTHON_OLDEST ?= $(firstword $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10; do \
  "$$p" -c "" 2>/dev/null && echo "$$p"; done) $(PYTHON))
$(OLDEST)/.installed: pyproject.toml tools/oldest_constraints.py | check-python
	rm -rf $(OLDEST)
	$(PYTHON_OLDEST) -m venv $(OLDEST)
	$(PYTHON) tools/oldest_constraints.py > $(OLDEST)/constraints.txt
	$(OLDEST)/bin/python -m pip install --upgrade pip
	PIP_CONSTRAINT=$(CURDIR)/$(OLDEST)/constraints.txt $(OLDEST)/bin/python -m pip install -e ".[test]"
	touch $@

test-oldest: $(OLDEST)/.installed
	$(OLDEST)/bin/python -m pip list --format=freeze | grep -iE "^($$(sed -n 's/[=;].*//p' $(OLDEST)/constraints.txt | paste -sd'|'))=="
	$(OLDEST)/bin/python -m pytest $(PARALLEL) tests notebooks --ignore=tests/browser

# The series as a static website in build/site/html (no notebook is executed; MathJax from npm, served locally).
site: $(STAMP)
	$(BIN)/python tools/build_site.py

# Point every Binder link at another GitHub repository: make relink REPO=owner/name
relink:
	@test -n "$(REPO)" || { echo "usage: make relink REPO=owner/name" >&2; exit 1; }
	$(PYTHON) tools/relink.py $(REPO)

clean:
	rm -rf $(VENV) $(OLDEST) build *.egg-info .pytest_cache .ruff_cache test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

# For teachers (README "For teachers", tools/editions.py, nbgrader): the student edition into student/, and
# make grade SUBMISSIONS=dir (dir/<student>/ holds that student's notebooks) writing grades/grades.csv and summary.md.
CELL_TIMEOUT ?= 120
.PHONY: student grade
student: $(STAMP)
	$(BIN)/python tools/editions.py student

grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir [CELL_TIMEOUT=seconds]" >&2; exit 1; }
	$(BIN)/python tools/editions.py grade "$(SUBMISSIONS)" --timeout $(CELL_TIMEOUT)

# Timings against the targets of issue 10 (prints PASS/FAIL, writes benchmarks/results.md); a few minutes.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
