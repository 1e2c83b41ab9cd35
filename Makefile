# The README's commands. Each target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ALSA_HEADER := /usr/include/alsa/asoundlib.h

# The first setup takes a minute or two: it says so, names each step and lets pip show each
# package as it comes, so the terminal is never blank. Later starts find the stamp ($@) newer
# than pyproject.toml and do none of this. $(1): extras without sound, $(2): with sound,
# $(3): what is set up besides handcue.
# simpleaudio compiles against ALSA on Linux; without the headers, install without sound and say how to get it.
define install
	@if [ -f $@ ]; then \
		echo "handcue: pyproject.toml changed; updating the setup$(if $(3), of $(3))..."; \
	else \
		echo "handcue: setting up$(if $(3), $(3)) (first run only), this takes a minute or two..."; \
	fi
	@test -x $(BIN)/python || { echo "handcue: [1/4] making $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "handcue: [2/4] updating pip"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "handcue: [3/4] installing handcue and the packages it needs"
	@if [ "$$(uname -s)" = Linux ] && [ ! -f $(ALSA_HEADER) ]; then \
		echo "handcue: sound needs the ALSA headers to build simpleaudio; installing without sound."; \
		echo "handcue: to get sound, run:  sudo apt-get install libasound2-dev  and then this command again."; \
		$(BIN)/python -m pip install --progress-bar on -e '.$(1)'; \
	else \
		$(BIN)/python -m pip install --progress-bar on -e '.$(2)' || { \
			echo "handcue: simpleaudio did not build; installing without sound."; \
			$(BIN)/python -m pip install --progress-bar on -e '.$(1)'; }; \
	fi
	@# Editable installs are not byte-compiled (and PYTHONDONTWRITEBYTECODE may forbid caching),
	@# so compile once here: start-up then costs what an installed wheel's does.
	@echo "handcue: [4/4] compiling"
	@$(BIN)/python -m compileall -q src
	@touch $@
	@echo "handcue: set up; later starts skip this."
endef

.PHONY: run test matrix floors lint bench sounds clean

# Extras lists live in variables: a comma inside $(call ...) would split the argument.
RUN_EXTRAS := [sound]
TEST_EXTRAS := [dev]
TEST_SOUND_EXTRAS := [sound,dev]

$(VENV)/.run-installed: pyproject.toml
	$(call install,,$(RUN_EXTRAS),)

$(VENV)/.test-installed: pyproject.toml
	$(call install,$(TEST_EXTRAS),$(TEST_SOUND_EXTRAS),the test tools)

run: $(VENV)/.run-installed
	$(BIN)/handcue $(ARGS)

# Four workers: most tests wait on a terminal or a sound device, not the CPU. PYTEST_ARGS=-n0
# runs them one at a time.
test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n 4 $(PYTEST_ARGS)

# Every other supported Python on this machine: its own venv with sound, and the tests that
# depend on the interpreter (real audio, the real command in a terminal). A Python that is
# missing is named, never passed over in silence. A venv is installed again only when
# pyproject.toml is newer than its stamp.
OTHER_PYTHONS := 3.12 3.13
matrix:
	@missing=""; for minor in $(OTHER_PYTHONS); do \
		python=$$(tools/find-python $$minor) || { echo "== Python $$minor: not on this machine, NOT TESTED"; missing="$$missing $$minor"; continue; }; \
		echo "== Python $$minor ($$python)"; \
		venv=.venv-$$minor; \
		test -x $$venv/bin/python || $$python -m venv $$venv || exit 1; \
		if [ ! $$venv/.installed -nt pyproject.toml ]; then \
			$$venv/bin/python -m pip install --quiet --upgrade pip || exit 1; \
			$$venv/bin/python -m pip install --quiet -e '.[sound,test]' || exit 1; \
			touch $$venv/.installed; \
		fi; \
		$$venv/bin/python -c 'from importlib import metadata as m; print("   simpleaudio build:", *[d.metadata["Name"] + " " + d.version for d in m.distributions() if (d.metadata["Name"] or "").startswith("simpleaudio")])'; \
		HANDCUE_REQUIRE_AUDIO=1 $$venv/bin/python -m pytest -n 4 -q -p no:cacheprovider tests/audio tests/e2e || exit 1; \
	done; \
	if [ -n "$$missing" ]; then echo "handcue: not tested on Python$$missing (not installed here)"; fi

# The lowest versions pyproject.toml declares, installed and run: a floor is a version we ran.
FLOORS_VENV := .venv-floors
floors:
	@test -x $(FLOORS_VENV)/bin/python || $(PYTHON) -m venv $(FLOORS_VENV)
	@$(FLOORS_VENV)/bin/python -m pip install --quiet --upgrade pip
	@$(PYTHON) tools/floors.py > $(FLOORS_VENV)/floors.txt
	@echo "== floors:" $$(cat $(FLOORS_VENV)/floors.txt | tr '\n' ' ')
	@$(FLOORS_VENV)/bin/python -m pip install --quiet --constraint $(FLOORS_VENV)/floors.txt -e '.[test]'
	$(FLOORS_VENV)/bin/python -m pytest -n 4 -q -p no:cacheprovider tests/app tests/core tests/storage

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.test-installed
	@$(BIN)/python -m compileall -q src
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

sounds: $(VENV)/.test-installed
	$(BIN)/python tools/make_sounds.py

clean:
	rm -rf $(VENV) .venv-3.* $(FLOORS_VENV) build dist .pytest_cache .mypy_cache .ruff_cache
