"""pip install ./bindings/python (scikit-build-core) into a temporary
--target directory, offline (--no-index --no-build-isolation), then use the
installed package in a fresh interpreter that sees nothing else.
Marked `pip_install` (ctest python_pip_install)."""
import os
import re
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO

pytestmark = pytest.mark.pip_install

PKG_DIR = os.path.join(REPO, "bindings", "python")


def _tree(root):
    out = set()
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x != "__pycache__"]
        out |= {os.path.relpath(os.path.join(d, f), root) for f in files}
    return out


def test_pip_install_and_use(tmp_path):
    target = tmp_path / "site"
    # a build directory kept between runs makes re-runs incremental
    build_dir = os.path.join(os.environ.get("MICIC_PY_BUILD_DIR", str(tmp_path)), "pip-build")
    before = _tree(PKG_DIR)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "MICIC_DATA_DIR", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL")}
    env["PIP_ROOT_USER_ACTION"] = "ignore"
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
           "--no-build-isolation", "--no-deps", "--no-index", "--target", str(target),
           "--config-settings=build-dir=" + build_dir, PKG_DIR]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1100)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "Successfully installed micic-" in run.stdout

    # only the package and its metadata: no libmicic headers, CLI or static lib
    top = sorted(os.listdir(target))
    assert [t for t in top if not t.endswith(".dist-info")] == ["micic"], top
    installed = _tree(target / "micic")
    assert {"__init__.py", "_core.py", "_cdocs.py", "_errors.py", "_args.py", "py.typed"} <= installed
    assert any(re.match(r"_micic\..*\.so$", f) for f in installed)
    assert any(f.startswith(os.path.join("data", "corpus", "004_")) for f in installed)
    # the source tree is left as it was
    assert _tree(PKG_DIR) == before

    check = textwrap.dedent("""
        import importlib.metadata, os, sys, pathlib
        import micic
        target = sys.argv[1]
        assert micic.__file__.startswith(target), micic.__file__
        assert micic.__version__ == importlib.metadata.version("micic") == sys.argv[2]
        assert micic.bundled_dir() == os.path.join(target, "micic", "data")
        c = micic.read_bundled()
        assert len(c) == 123, len(c)
        assert c.search("guideline:14 evacuation", k=3).total >= 1
        assert micic.suggest("returning migrant workers reintegration", k=3)
        assert c.crosstab("guideline", "phase").shape == (15, 3)
        try:
            micic.read(pathlib.Path("/nonexistent/file.txt"))
        except FileNotFoundError as e:
            assert e.filename == "/nonexistent/file.txt"
        else:
            raise AssertionError("no exception")
        try:
            c.crosstab("guideline", "stakehodler_type")
        except KeyError as e:
            assert "did you mean 'stakeholder_type'?" in str(e)
        else:
            raise AssertionError("no exception")
        print("installed micic", micic.__version__, "OK")
    """)
    version = os.environ.get("MICIC_PY_VERSION") or re.search(
        r'MICIC_VERSION_STRING "([0-9.]+)"',
        open(os.path.join(REPO, "include", "micic", "version.h")).read()).group(1)
    env_use = dict(env, PYTHONPATH=str(target), PYTHONNOUSERSITE="1")
    use = subprocess.run([sys.executable, "-c", check, str(target), version],
                         capture_output=True, text=True, env=env_use, cwd=str(tmp_path),
                         timeout=300)
    assert use.returncode == 0, use.stderr
    assert use.stdout.strip() == "installed micic %s OK" % version
