"""The notebook runner: volatile metadata stripped, deterministic ids, failures named."""
from __future__ import annotations

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
        runbook.execute(path, build=tmp_path / "build")
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
            "_write('fig', figures_dir, b'<svg/>', b'png', b'<html/>', 'alt text')\n")
    if fail:
        code += "raise RuntimeError('late failure')\n"
    nb = new_notebook(cells=[new_code_cell('figures_dir = "default-figures"', metadata={"tags": ["parameters"]}),
                             new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "fig.ipynb"
    path.write_text(nbformat.writes(nb))
    return path


def test_figures_are_published_only_when_the_notebook_succeeds(tmp_path):
    figures, build = tmp_path / "figures", tmp_path / "build"
    with pytest.raises(SystemExit):
        runbook.execute(_figure_notebook(tmp_path, fail=True), figures_dir=figures, build=build)
    assert not figures.exists() or list(figures.iterdir()) == []
    assert (build / "failed" / "fig.ipynb").exists()
    path = _figure_notebook(tmp_path, fail=False)
    runbook.execute(path, figures_dir=figures, build=build)
    assert sorted(p.name for p in figures.iterdir()) == ["fig.alt.txt", "fig.html", "fig.png", "fig.svg"]
    assert (figures / "fig.svg").read_bytes() == b"<svg/>"
    assert not (tmp_path / "default-figures").exists()  # written where the parameter said: staging
    # the committed notebook keeps its own default, counted as if the runner had injected nothing
    out = nbformat.read(path, as_version=4)
    assert len(out.cells) == 2 and out.cells[0].source == 'figures_dir = "default-figures"'
    assert [c.execution_count for c in out.cells] == [1, 2]


KONASHEHER = NOTEBOOKS / "04-konasheher.ipynb"


@pytest.mark.parametrize("params, message", [
    ({"adult_shar": 0.6}, "unknown parameter 'adult_shar'; this notebook takes: data_dir"),
    ({"adult_share": "sixty"}, "parameter 'adult_share' must be a float like its default 0.775, not 'sixty'"),
    ({"source_id": 3}, "parameter 'source_id' must be a str"),
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
    runbook.execute(path, {"label": hostile}, build=tmp_path / "build")
    out = nbformat.read(path, as_version=4)
    printed = "".join(o.get("text", "") for c in out.cells for o in c.get("outputs", []))
    assert printed.strip() == repr(hostile)  # the whole value arrived as one string, nothing ran


def _notebook(tmp_path, name: str, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell('figures_dir = "f"', metadata={"tags": ["parameters"]}),
                             *(new_code_cell(s) for s in sources)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / name
    path.write_text(nbformat.writes(nb))
    return path


def test_a_reused_kernel_starts_each_notebook_afresh(tmp_path):
    first = _notebook(tmp_path, "a.ipynb", "leftover = 41\nimport os\nos.getpid()")
    second = _notebook(tmp_path, "b.ipynb", "print('leftover' in dir())\nimport os\nos.getpid()")
    jobs = [runbook.Job(p, p) for p in (first, second)]
    assert runbook.run(jobs, workers=1, build=tmp_path / "build", quiet=True) == []
    a, b = (nbformat.read(p, as_version=4) for p in (first, second))
    assert b.cells[1].outputs[0]["text"] == "False\n"  # the first notebook's names are gone
    assert [c.execution_count for c in b.cells] == [1, 2]  # counts start again at 1
    pid = [nb.cells[1].outputs[-1]["data"]["text/plain"] for nb in (a, b)]
    assert pid[0] == pid[1]  # and it was the same, warm kernel


def test_one_failing_notebook_publishes_nothing_of_the_run(tmp_path, capsys):
    """Every notebook runs, so that every failure is named; but with one failed, no notebook and no
    figure of the run changes: figures/ and the report built from it stay as they were, together."""
    good = _notebook(tmp_path, "good.ipynb", "from claimtrace.charts import _write\n"
                                             "_write('g', figures_dir, b'<svg/>', b'png', b'<html/>', 'alt')")
    bad = _notebook(tmp_path, "bad.ipynb", "raise ValueError('broken on purpose')")
    also_bad = _notebook(tmp_path, "also_bad.ipynb", "raise KeyError('also broken')")
    before = {p: p.read_bytes() for p in (good, bad, also_bad)}
    figures = tmp_path / "figures"
    jobs = [runbook.Job(p, p, figures_dir=figures) for p in (bad, good, also_bad)]
    failures = runbook.run(jobs, workers=2, build=tmp_path / "build", quiet=True)
    assert sorted(j.path.name for j, _ in failures) == ["also_bad.ipynb", "bad.ipynb"]
    assert not (figures / "g.svg").exists()
    assert {p: p.read_bytes() for p in before} == before
    err = capsys.readouterr().err
    assert err.count("NOTEBOOK FAILED: ") == 2 and "no notebook of this run and none of its figures was changed" in err
    assert runbook.run(jobs[1:2], workers=1, build=tmp_path / "build", quiet=True) == []
    assert (figures / "g.svg").read_bytes() == b"<svg/>"  # alone, the good one publishes


def test_cli_refuses_a_figures_folder_it_cannot_write(tmp_path, capsys):
    path = _notebook(tmp_path, "n.ipynb", "1")
    (tmp_path / "file").write_text("x")
    assert runbook.main([str(path), "--figures-dir", str(tmp_path / "file")]) == 2
    assert "not a writable folder" in capsys.readouterr().err
