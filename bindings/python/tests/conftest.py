"""Shared fixtures of the micic Python test suites (run by ctest: python_*)."""
import os

import pytest

import micic

REPO = os.environ.get("MICIC_REPO_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SEEDS = os.path.join(REPO, "data", "corpus")
SEED_000 = os.path.join(SEEDS, "000_d16a0690f231f026.txt")
SEED_001 = os.path.join(SEEDS, "001_87c8b2353408428e.txt")
SEED_002 = os.path.join(SEEDS, "002_6a72a7c89454eb5c.txt")
SEED_003 = os.path.join(SEEDS, "003_650e86cc90e064d2.txt")
SEED_004 = os.path.join(SEEDS, "004_aa20fe2b579e300a.txt")
TEST_DATA = os.path.join(REPO, "tests", "data")

# A record with problems the validator reports and normalize() repairs.
SLOPPY = """Title: Test practice
Type of practice: Assistance programme
Country: Phillipines
Type of crisis: Conflcit
Crisis phase: post crisis
Description of the practice: A description long enough to pass the short description check.
"""


def pytest_configure(config):
    for name, what in (("memory", "100 000-object RSS loops"),
                       ("notebook", "executes examples/python/micic-tour.ipynb"),
                       ("pip_install", "pip install ./bindings/python into a temp dir"),
                       ("spark", "examples/spark/micic_spark.py with PySpark local[2]")):
        config.addinivalue_line("markers", "%s: %s (own ctest test)" % (name, what))


@pytest.fixture(scope="session")
def bundled():
    """The bundled corpus (read once; tests must not change it)."""
    return micic.read_bundled()


@pytest.fixture
def seed004():
    return micic.read(SEED_004)
