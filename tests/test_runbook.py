"""The notebook runner: volatile metadata stripped, deterministic ids, failures named."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from claimtrace import runbook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_clean_strips_volatile_metadata_and_numbers_cells():
    nb = new_notebook(cells=[new_markdown_cell("# t"), new_code_cell("1")])
    nb.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00", "duration": 1.2}
    nb.cells[1].metadata["papermill"] = {"duration": 0.1}
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2024"}
    out = runbook.clean(nb)
    assert "papermill" not in out.metadata
    assert [c["id"] for c in out.cells] == ["cell-01", "cell-02"]
    assert out.cells[1].metadata == {}
    text = runbook.dumps(out).decode()
    assert text.endswith("\n") and "2024" not in text


def test_failing_notebook_names_notebook_and_cell(tmp_path, capsys):
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                             new_code_cell("raise RuntimeError('boom')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "bad.ipynb"
    path.write_text(nbformat.writes(nb))
    before = path.read_bytes()
    with pytest.raises(SystemExit):
        runbook.execute(path, log_output=False)
    err = capsys.readouterr().err
    assert "bad.ipynb" in err and "cell" in err and "boom" in err
    assert path.read_bytes() == before  # the committed notebook is left untouched


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_are_clean_and_parameterised(path):
    nb = nbformat.read(path, as_version=4)
    assert "papermill" not in nb.metadata
    assert [c["id"] for c in nb.cells] == [f"cell-{i:02d}" for i in range(1, len(nb.cells) + 1)]
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    src = params[0].source
    assert "data_dir" in src and "figures_dir" in src
    for c in nb.cells:
        assert not c.metadata.get("papermill") and not c.metadata.get("execution")
        for out in c.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name} has an error output"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def _figure_notebook(tmp_path, fail: bool) -> Path:
    code = ("from claimtrace.charts import _write\n"
            "_write('fig', 'ignored-by-the-runner', b'<svg/>', b'png', b'<html/>', 'alt text')\n")
    if fail:
        code += "raise RuntimeError('late failure')\n"
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "fig.ipynb"
    path.write_text(nbformat.writes(nb))
    return path


def test_figures_are_published_only_when_the_notebook_succeeds(tmp_path):
    figures, build = tmp_path / "figures", tmp_path / "build"
    with pytest.raises(SystemExit):
        runbook.execute(_figure_notebook(tmp_path, fail=True), log_output=False, figures_dir=figures, build=build)
    assert not figures.exists() or list(figures.iterdir()) == []
    assert (build / "failed" / "fig.ipynb").exists()
    runbook.execute(_figure_notebook(tmp_path, fail=False), log_output=False, figures_dir=figures, build=build)
    assert sorted(p.name for p in figures.iterdir()) == ["fig.alt.txt", "fig.html", "fig.png", "fig.svg"]
    assert (figures / "fig.svg").read_bytes() == b"<svg/>"


KONASHEHER = NOTEBOOKS / "04-konasheher.ipynb"


@pytest.mark.parametrize("params, message", [
    ({"adult_shar": 0.6}, "unknown parameter 'adult_shar'; this notebook takes: data_dir"),
    ({"adult_share": "sixty"}, "parameter 'adult_share' must be a float like its default 0.775, not 'sixty'"),
    ({"renderer": 3}, "parameter 'renderer' must be a str"),
    ({"data_dir": "../nowhere"}, "no datapackage.json in '../nowhere'"),
])
def test_parameters_are_checked(params, message):
    with pytest.raises(runbook.ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        runbook.check_parameters(KONASHEHER, params)


def test_good_parameters_pass():
    runbook.check_parameters(KONASHEHER, {"adult_share": 0.6, "ethnic_share": 1, "data_dir": "../data"})


def test_cli_refuses_a_bad_parameter_clearly(capsys):
    assert runbook.main([str(KONASHEHER), "-p", "adult_share", "abc"]) == 2
    err = capsys.readouterr().err
    assert "must be a float" in err and "Traceback" not in err


def test_a_quote_in_a_parameter_cannot_inject_code(tmp_path):
    nb = new_notebook(cells=[new_code_cell('label = "x"', metadata={"tags": ["parameters"]}),
                             new_code_cell("print(repr(label))")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "p.ipynb"
    path.write_text(nbformat.writes(nb))
    hostile = '"); print("INJECTED"); ("' + "'''" + '\\'
    runbook.check_parameters(path, {"label": hostile})
    runbook.execute(path, {"label": hostile}, log_output=False, build=tmp_path / "build")
    out = nbformat.read(path, as_version=4)
    printed = "".join(o.get("text", "") for c in out.cells for o in c.get("outputs", []))
    assert printed.strip() == repr(hostile)  # the whole value arrived as one string, nothing ran
