# The notebook suite: included from the Makefile (`include notebooks.mk`); uses its $(PYTHON),
# $(ENV), $(DATA), $(LIB) and build/validated.
#
# Each notebook is executed by papermill (cell output streamed with --log-output) into a
# temporary file, cleaned of volatile metadata and renamed over notebooks/NN-name.ipynb, so the
# committed notebook carries its outputs (nbval compares them later). It is rewritten only if
# its bytes changed. The targets are the notebook's figures and a stamp, built together by one
# recipe (a grouped target), so make reruns a notebook only when the notebook, the data, the
# reference table or the package changed, or one of its figures is missing, and `make -j` runs
# different notebooks in parallel. A failing notebook stops make, naming the notebook and cell.

NOTEBOOK_DIR := notebooks
FIGURE_DIR := figures
NOTEBOOK_STAMPS_DIR := build/notebooks
REFERENCE := $(wildcard data/reference/*.csv)
# The package code a notebook's output can depend on: all of it but the modules that only build
# the report page, the data dictionary, the command line and the synthetic-data generator
# (editing those re-runs no notebook).
NOTEBOOK_LIB := $(filter-out src/claimtrace/report.py src/claimtrace/dictionary.py src/claimtrace/__main__.py src/claimtrace/synth.py,\
                  $(wildcard src/claimtrace/*.py))
FIGURE_FORMATS := svg png html alt.txt
# Altair charts also write their Vega-Lite spec (NAME.vl.json), which the report page reads; the
# matplotlib figures listed here do not.
MATPLOTLIB_FIGURES := konasheher

# The figures each notebook writes (NAME.svg, .png, .html, .alt.txt, and .vl.json for each altair NAME).
FIGURES_01-inventory := inventory_claims inventory_provenance
FIGURES_02-detainee-estimates := detainee_estimates
FIGURES_03-facilities := facilities
FIGURES_04-konasheher := konasheher
FIGURES_05-denominators := denominators
FIGURES_06-leaks := leaks_2019 leaks_2022
FIGURES_07-discrepancies := discrepancies
FIGURES_08-timeline := timeline

NOTEBOOKS := 01-inventory 02-detainee-estimates 03-facilities 04-konasheher 05-denominators \
             06-leaks 07-discrepancies 08-timeline

figure_files = $(foreach f,$(FIGURES_$(1)),$(foreach x,$(FIGURE_FORMATS) $(if $(filter $(f),$(MATPLOTLIB_FIGURES)),,vl.json),$(FIGURE_DIR)/$(f).$(x)))

# Everything the notebooks produce: add to `all`.
NOTEBOOK_OUTPUTS := $(foreach n,$(NOTEBOOKS),$(NOTEBOOK_STAMPS_DIR)/$(n).done $(call figure_files,$(n)))

# A failed or interrupted notebook must leave the last good build's figures in place: the runner
# publishes them only on success, and make must not delete them either (.DELETE_ON_ERROR would).
.PRECIOUS: $(NOTEBOOK_OUTPUTS)

.PHONY: notebooks
notebooks: $(NOTEBOOK_OUTPUTS) ## Run the notebooks (papermill) and write their figures

define notebook_rule
$(NOTEBOOK_STAMPS_DIR)/$(1).done $(call figure_files,$(1)) &: $(NOTEBOOK_DIR)/$(1).ipynb build/validated $(DATA) $(REFERENCE) $(NOTEBOOK_LIB) | $(ENV)
	@mkdir -p $(NOTEBOOK_STAMPS_DIR) $(FIGURE_DIR)
	@echo "Running notebook $(NOTEBOOK_DIR)/$(1).ipynb"
	$(PYTHON) -m claimtrace.runbook $(NOTEBOOK_DIR)/$(1).ipynb --figures-dir $(FIGURE_DIR)
	@touch $(call figure_files,$(1))
	@touch $(NOTEBOOK_STAMPS_DIR)/$(1).done
endef
$(foreach n,$(NOTEBOOKS),$(eval $(call notebook_rule,$(n))))
