"""examples/python/micic-tour.ipynb runs end to end (nbclient) and saves
its heatmap. Marked `notebook` (ctest python_notebook)."""
import os

import nbformat
import pytest
from nbclient import NotebookClient

import micic
from conftest import REPO

pytestmark = pytest.mark.notebook

NOTEBOOK = os.path.join(REPO, "examples", "python", "micic-tour.ipynb")


def _text(cell):
    out = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            out.append(o.get("text", ""))
        elif "data" in o:
            out.append(o["data"].get("text/plain", ""))
    return "".join(out)


def test_tour_notebook_runs_and_saves_the_heatmap(tmp_path, monkeypatch):
    monkeypatch.delenv("MICIC_TOUR_PNG", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # the kernel must import the micic under test, whatever its cwd
    pkg_parent = os.path.dirname(os.path.dirname(os.path.abspath(micic.__file__)))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [pkg_parent] + [os.path.abspath(p) for p in
                        os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # same interpreter as the tests: jupyter_client runs the "python" of a
    # kernel spec as sys.executable; PYTHONPATH (the build tree) is inherited
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()   # raises CellExecutionError on the first failing cell
    png = tmp_path / "micic-guideline-phase.png"
    assert png.exists(), os.listdir(tmp_path)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = "\n".join(_text(c) for c in code)
    assert "libmicic " + micic.__version__ in outputs          # the binding under test
    assert "<micic.Corpus: 123 records>" in outputs
    assert "Guideline 14" in outputs                            # suggestion for the new practice
    assert "saved micic-guideline-phase.png" in outputs
    # the mistakes section shows the messages
    assert "FileNotFoundError: [Errno 2]" in outputs and "'data/practces.csv'" in outputs
    assert "did you mean 'stakeholder_type'?" in outputs
    assert "TypeError: query must be a query str, not int (14)" in outputs
    assert "round trip through pandas: True" in outputs
    assert not any(o.get("output_type") == "error" for c in code for o in c.get("outputs", []))
