# The notebook suite: included from the Makefile (`include notebooks.mk`); uses its $(PYTHON),
# $(ENV), $(DATA), $(LIB) and build/validated.
#
# One rule runs the notebooks that need it, in one `python -m claimtrace.runbook` process that
# runs as many at once as the machine has cores, on kernels it reuses (see runbook.py). Which
# notebooks need it is make's own answer: those newer than the last build ($?), or all of them
# when the data, the reference table or the package changed, or a figure is missing; but not when
# only the data changed and what the notebooks read did not (below). Each
# notebook is executed into memory, cleaned of volatile metadata and renamed over
# notebooks/NN-name.ipynb, so the committed notebook carries its outputs (nbval compares them
# later); notebooks and figures are written only if every notebook of the run succeeded. A failing
# notebook stops make, naming the notebook and cell, and changes nothing: the others still run (so
# every failure is named) but publish nothing, and figures/ and index.html stay as they were.

NOTEBOOK_DIR := notebooks
FIGURE_DIR := figures
# The package code a notebook's output can depend on: all of it but the modules that only build
# the report page, the data dictionary, the command line and the synthetic-data generator
# (editing those re-runs no notebook).
NOTEBOOK_LIB := $(filter-out src/claimtrace/report.py src/claimtrace/dictionary.py src/claimtrace/__main__.py src/claimtrace/synth.py,\
                  $(wildcard src/claimtrace/*.py src/claimtrace/charts/*.py))
FIGURE_FORMATS := svg png html alt.txt vl.json narrow.vl.json  # vl.json: the chart's Vega-Lite spec, which the report page reads; narrow.vl.json: the same chart drawn for phones

# The figures each notebook writes (NAME.svg, .png, .html, .alt.txt, .vl.json, .narrow.vl.json).
FIGURES_01-inventory := inventory_claims inventory_provenance
FIGURES_02-detainee-estimates := detainee_estimates
FIGURES_03-facilities := facilities
FIGURES_04-konasheher := konasheher
FIGURES_05-denominators := denominators
FIGURES_06-leaks := leaks_2019 leaks_2022
FIGURES_07-discrepancies := discrepancies
FIGURES_08-timeline := timeline
FIGURES_09-origins := origins
FIGURES_review/review-draft :=  # draws no figure

# review/review-draft: the review notebook of the add-source workflow (see the README). It draws no
# chart of the report, but its committed outputs (a source whose rows are all accepted) follow the
# data like the others'.
NOTEBOOKS := 01-inventory 02-detainee-estimates 03-facilities 04-konasheher 05-denominators \
             06-leaks 07-discrepancies 08-timeline 09-origins review/review-draft
NOTEBOOK_FILES := $(foreach n,$(NOTEBOOKS),$(NOTEBOOK_DIR)/$(n).ipynb)

figure_files = $(foreach f,$(FIGURES_$(1)),$(foreach x,$(FIGURE_FORMATS),$(FIGURE_DIR)/$(f).$(x)))

VEGA_BUNDLE := $(FIGURE_DIR)/vega-embed.js

# Everything the notebooks produce: add to `all`. build/notebooks.done marks the last good run.
NOTEBOOK_OUTPUTS := build/notebooks.done $(foreach n,$(NOTEBOOKS),$(call figure_files,$(n)))

# A failed or interrupted notebook must leave the last good build's figures in place: the runner
# publishes them only on success, and make must not delete them either (.DELETE_ON_ERROR would).
.PRECIOUS: $(NOTEBOOK_OUTPUTS)

.PHONY: notebooks
notebooks: $(NOTEBOOK_OUTPUTS) ## Run the notebooks whose inputs changed (papermill) and write their figures

# The notebooks to run: every one if anything but a notebook changed, else the changed ones.
notebooks_to_run = $(if $(filter-out $(NOTEBOOK_FILES),$?),$(NOTEBOOK_FILES),$(filter $(NOTEBOOK_FILES),$?))

# When only the data changed ($? is build/validated alone) and what the notebooks read did not (the
# digest validation wrote equals the one of the last build: a source awaits review, a file was
# touched), no notebook runs.
$(NOTEBOOK_OUTPUTS) &: $(NOTEBOOK_FILES) build/validated $(NOTEBOOK_LIB) $(VEGA_BUNDLE) | $(ENV)
	@mkdir -p build $(FIGURE_DIR)
	@if [ "$(filter-out build/validated,$?)" = "" ] && cmp -s build/accepted-data.sha256 build/notebooks-data.sha256; then \
	  echo "The data the notebooks read is unchanged: no notebook to run."; \
	else \
	  echo "$(PYTHON) -m claimtrace.runbook --figures-dir $(FIGURE_DIR) $(or $(notebooks_to_run),$(NOTEBOOK_FILES))"; \
	  $(PYTHON) -m claimtrace.runbook --figures-dir $(FIGURE_DIR) $(or $(notebooks_to_run),$(NOTEBOOK_FILES)); \
	  cp build/accepted-data.sha256 build/notebooks-data.sha256; \
	fi
	@touch $(NOTEBOOK_OUTPUTS)

# The Vega libraries every chart's HTML page and the report load from beside them: rebuilt when
# the lock changes (a new vl-convert or altair may bring other versions).
$(VEGA_BUNDLE): requirements.txt | $(ENV)
	$(PYTHON) -m claimtrace.charts --write-bundle $@
	@touch $@
