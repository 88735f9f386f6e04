# Pintu: `make run` starts the kiosk, `make test` runs every check. Both set up what is
# missing first (Debian packages via apt-get, a .venv with pinned Python packages).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test setup system-run system-test lint screenshots bench dist clean

run: system-run $(STAMP)
	$(PY) -m kiosk demo
	$(PY) -m kiosk run

test: system-test $(STAMP)
	$(VENV)/bin/ruff check kiosk tests benchmarks
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

setup: system-run $(STAMP)

system-run:
	@scripts/system-deps.sh run

system-test:
	@scripts/system-deps.sh test

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.stamp-*
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests benchmarks
	$(VENV)/bin/mypy

bench: system-test $(STAMP)
	for b in benchmarks/*.py; do PYTHONPATH=. QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

# The one-folder app dist/pintu/ for office PCs without Python (build.spec), then its
# self-test. Needs binutils (objdump), which system-test installs.
dist: system-test $(STAMP)
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level=WARN build.spec && \
	echo "dist/pintu built in $$(( $$(date +%s) - start )) s, $$(du -sh dist/pintu | cut -f1)"
	dist/pintu/pintu --self-test

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
