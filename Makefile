# Pintu: `make run` starts the kiosk, `make test` runs every check. Both set up what is
# missing first (Debian packages via apt-get, a .venv with pinned Python packages).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

# Translations: gettext catalogues edited as .po (Poedit), compiled to .mo for the kiosk.
POT := assets/i18n/pintu.pot
PO := $(wildcard assets/i18n/*/LC_MESSAGES/pintu.po)
MO := $(PO:.po=.mo)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)

.PHONY: run test setup system-run system-test lint screenshots bench dist clean messages \
	translations

run: system-run $(STAMP) $(MO)
	$(PY) -m kiosk demo
	$(PY) -m kiosk run

test: system-test $(STAMP) $(MO)
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

bench: system-test $(STAMP) $(MO)
	for b in benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.$$(basename $$b .py) || exit 1; done

# The one-folder app dist/pintu/ for office PCs without Python (build.spec), then its
# self-test. Needs binutils (objdump), which system-test installs.
dist: system-test $(STAMP) $(MO)
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level=WARN build.spec && \
	echo "dist/pintu built in $$(( $$(date +%s) - start )) s, $$(du -sh dist/pintu | cut -f1)"
	dist/pintu/pintu --self-test

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
	rm -f $(MO)

# A catalogue is compiled again whenever its .po is newer; fuzzy entries are left out.
translations: $(MO)

%.mo: %.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -D pintu -i $< -o $@

# After changing strings in the code: extract them into the template (babel.cfg says
# which calls hold messages), then merge it into every .po. New strings arrive empty,
# changed ones as fuzzy suggestions, removed ones are dropped; translate them in Poedit.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --add-location=file --width=100 \
	    --project=Pintu --version=$(VERSION) --copyright-holder="Pintu" \
	    --header-comment="# Messages of Pintu to translate; made by 'make messages', do not edit." \
	    -o $(POT) kiosk
	$(VENV)/bin/pybabel update -D pintu -i $(POT) -d assets/i18n --ignore-obsolete \
	    --previous --width=100
