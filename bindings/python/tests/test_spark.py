"""The PySpark example (examples/spark/micic_spark.py) in local mode: the
distributed validation + guideline suggestion over a sharded corpus equals
the single-process run (ctest python_spark; pytest -m spark).

pyspark and a Java runtime are required: this suite fails, it does not
skip, when they are missing (scripts/setup.sh installs both).
"""
import collections
import json
import os
import shutil
import subprocess
import sys

import pytest

import micic
from conftest import REPO

import pyspark  # noqa: F401  (a missing pyspark is an error, not a skip)

EXAMPLE_DIR = os.path.join(REPO, "examples", "spark")
sys.path.insert(0, EXAMPLE_DIR)
import micic_spark as ms  # noqa: E402

pytestmark = pytest.mark.spark

SHARDS = 8


def test_java_is_available():
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") \
        if os.environ.get("JAVA_HOME") else shutil.which("java")
    assert java and os.access(java, os.X_OK), \
        "PySpark needs a Java runtime: apt-get install default-jre-headless (scripts/setup.sh)"
    r = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    d = tmp_path_factory.mktemp("shards")
    paths = ms.make_synthetic_shards(str(d), SHARDS, copies=3)
    return str(d), paths


@pytest.fixture(scope="module")
def reference(shards):
    return ms.run_single(shards[0])


@pytest.fixture(scope="module")
def sc(tmp_path_factory):
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    # Under scripts/sanitize.sh the ASan runtime is preloaded (LD_PRELOAD).
    # The JVM must not run on it (it hangs at start-up); the Python workers,
    # which load the sanitized libmicic, must: they get it from a wrapper.
    preload = os.environ.get("LD_PRELOAD", "")
    if "libasan" in preload:
        wrapper = tmp_path_factory.mktemp("asan-python") / "python"
        wrapper.write_text('#!/bin/sh\nLD_PRELOAD="%s" exec "%s" "$@"\n'
                           % (preload, sys.executable))
        wrapper.chmod(0o755)
        os.environ["PYSPARK_PYTHON"] = str(wrapper)
        del os.environ["LD_PRELOAD"]
        try:
            context = ms.spark_context("local[2]", app_name="micic-test-spark")
        finally:
            os.environ["LD_PRELOAD"] = preload
    else:
        context = ms.spark_context("local[2]", app_name="micic-test-spark")
    assert context.master == "local[2]"
    assert context.getConf().get("spark.ui.enabled") == "false"
    yield context
    context.stop()


def test_shards_are_csv_and_jsonl_with_ids(shards):
    d, paths = shards
    assert len(paths) == SHARDS
    assert ms.list_shards(d) == paths
    assert {os.path.splitext(p)[1] for p in paths} == {".csv", ".jsonl"}
    ids = []
    for p in paths:
        c = micic.read(p)
        assert len(c) > 20
        ids += c.ids
    assert len(ids) == len(set(ids))           # ids come from the files, unique across shards
    assert "P7" in ids and "P7.2" in ids


def test_reference_has_cross_shard_work(reference):
    codes = reference.codes()
    # every kind of problem the generator injects, from the readers and the validator
    for code in ("duplicate-record", "unknown-value", "unknown-country", "missing-field",
                 "guideline-out-of-range", "malformed-url", "short-description",
                 "control-character", "csv-syntax", "json-type"):
        assert codes[code] > 0, code
    dups = [d for d in reference.diagnostics if d[1] == "duplicate-record"]
    kinds = collections.Counter(d[11].split(" record")[0] for d in dups)
    assert kinds["same description as"] > 0
    assert kinds["description nearly identical to that of"] > 0
    assert kinds["same title and stakeholders as"] > 0
    # the earlier record of a duplicate is in another shard file
    by_id = {}
    for p in micic.read(os.path.dirname(dups[0][6])):
        by_id[p.id] = p.record_location.source
    other = [d for d in dups
             if by_id[d[11].split("('")[1].split("')")[0]] != d[6]]
    assert other, "no cross-shard duplicate"
    assert reference.records == len(by_id)
    assert len(reference.suggestions) == 3 * reference.records


def test_shards_alone_miss_duplicates(shards, reference):
    """Negative control: each shard validated alone misses the duplicates
    whose earlier record is in another shard, so stage 2 is needed."""
    local = sum(1 for p in shards[1] for d in micic.read(p).validate()
                if d.code == "duplicate-record")
    assert local < reference.codes()["duplicate-record"]


def test_same_algorithm_without_spark(shards, reference):
    got = ms.run_local(shards[1])
    assert ms.compare(got, reference) == []
    assert got.diagnostics == reference.diagnostics
    assert got.suggestions == reference.suggestions


def test_truncated_reference_is_compared_as_a_prefix(tmp_path):
    """Over max_diagnostics (10000) one micic_validate() call stops and adds a
    "N more diagnostics were not reported" summary; the sharded run has
    them all. compare() checks the reference is exactly the prefix of the
    full result and N the number left out; a missing row is caught."""
    paths = ms.make_synthetic_shards(str(tmp_path), SHARDS, copies=50)
    ref = ms.run_single(str(tmp_path), train="catalogue")
    assert ref.info["truncated"]
    assert sum(1 for r in ref.diagnostics if r[0] == "validate") == ms.MAX_DIAGNOSTICS + 1
    full = ms.run_local(paths, train="catalogue")
    assert len(full.diagnostics) > len(ref.diagnostics)
    assert not any(r[1] == "limit-exceeded" for r in full.diagnostics)
    assert ms.compare(full, ref) == []
    last = max(r[3] for r in ref.diagnostics if r[0] == "validate")
    for lost in (next(r for r in full.diagnostics if r[0] == "validate" and r[3] < last),
                 next(r for r in full.diagnostics if r[0] == "validate" and r[3] > last)):
        rows = list(full.diagnostics)
        rows.remove(lost)
        assert ms.compare(ms.Result(rows, full.suggestions, full.records, 0), ref) != []


@pytest.mark.parametrize("mode,partitions", [("path", 4), ("binary", SHARDS)])
def test_distributed_equals_single_process(sc, shards, reference, mode, partitions):
    d, paths = shards
    got = ms.run_distributed(sc, paths, partitions, mode=mode, directory=d)
    assert got.info["shards"] == SHARDS
    assert got.info["partitions"] == partitions
    assert got.records == reference.records
    # diagnostic multiset: code, severity, global record index, id, field,
    # source, line, column, value, suggestion, message
    assert collections.Counter(got.diagnostics) == collections.Counter(reference.diagnostics)
    assert got.diagnostics == reference.diagnostics
    # top-3 guidelines of every record, scores bit for bit
    assert got.suggestions == reference.suggestions
    per_record = collections.Counter(s[0] for s in got.suggestions)
    assert set(per_record.values()) == {3}
    assert ms.compare(got, reference) == []


def test_cli_end_to_end(sc, tmp_path):
    out = tmp_path / "out"
    status = ms.main(["--shards", str(SHARDS), "--partitions", "3", "--train", "catalogue",
                      "--out", str(out)], sc=sc)
    assert status == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["equal"] is True
    assert summary["shards"] == SHARDS and summary["partitions"] == 3
    assert len(os.listdir(out / "shards")) == SHARDS
    rows = [json.loads(line) for line in (out / "diagnostics.jsonl").read_text().splitlines()]
    assert len(rows) == summary["diagnostics"] > 0
    assert set(rows[0]) == set(ms.DIAG_COLUMNS)
    sugg = [json.loads(line) for line in (out / "suggestions.jsonl").read_text().splitlines()]
    assert len(sugg) == 3 * summary["records"]
    assert all(1 <= s["guideline"] <= 15 and s["rank"] in (1, 2, 3) for s in sugg)


def test_repeated_ids_across_shards_are_refused(sc, tmp_path, capsys):
    d = tmp_path / "clash"
    d.mkdir()
    bundled = micic.read_bundled()
    micic.Corpus(bundled[0:10]).write(str(d / "a.jsonl"))
    micic.Corpus(bundled[5:15]).write(str(d / "b.csv"))     # P6..P10 again
    with pytest.raises(ms.ShardError, match="unique across shards"):
        ms.run_local(ms.list_shards(str(d)))
    status = ms.main(["--input", str(d), "--out", str(tmp_path / "o")], sc=sc)
    assert status == 2
    assert "P10 in" in capsys.readouterr().err


def test_help():
    r = subprocess.run([sys.executable, os.path.join(EXAMPLE_DIR, "micic_spark.py"), "--help"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    for opt in ("--shards", "--partitions", "--out", "--input", "--mode", "--source"):
        assert opt in r.stdout
