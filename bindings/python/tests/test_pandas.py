"""pandas: to_dataframe / to_long / from_dataframe, crosstab, categoricals,
Report.to_dataframe; pandas stays optional."""
import io
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import micic
from conftest import SEED_004, SLOPPY


def test_to_dataframe_seed_004(seed004):
    df = seed004.to_dataframe()
    assert list(df.columns) == list(micic.FIELDS) + ["extra"]
    assert len(df) == 1
    row = df.iloc[0]
    assert row["country"] == ["Egypt", "Ghana", "Libya", "Mali", "Niger"]   # list column
    assert row["guideline"] == [8, 9, 14]
    assert row["id"] == "P1" and row["title"] is None                       # single-valued
    assert row["kind"] == "Reported Practice"
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
    assert list(df["kind"].cat.categories) == micic.vocabulary("kind")
    assert df["country"].dtype == object and df["title"].dtype == object


def test_to_dataframe_leaves_the_garbage_collector_as_it_was(bundled):
    import gc
    assert gc.isenabled()
    bundled.to_dataframe()
    assert gc.isenabled()
    gc.disable()
    try:
        bundled.to_dataframe()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_dataframe_round_trip(bundled):
    df = bundled.to_dataframe()
    assert len(df) == len(bundled) == 123
    assert df["id"].tolist() == bundled.ids
    # every list cell equals the record's values
    for p, countries, phases in zip(bundled, df["country"], df["phase"]):
        assert countries == p.country and phases == p.phase
    back = micic.Corpus.from_dataframe(df)
    assert len(back) == len(bundled)
    assert all(a == b for a, b in zip(back, bundled))            # micic_practice_equal
    pd.testing.assert_frame_equal(back.to_dataframe(), df)


def test_from_dataframe_is_forgiving_and_strict_on_columns():
    df = pd.DataFrame({
        "Title": ["First", "Second", None],
        "country": [["egypt", "LBY"], "Mali", np.nan],
        "guideline": [[14, 15], 3, None],
        "Type of crisis": ["Conflict", None, None],
        "extra": [[("Funding", "EU")], [], None],
    })
    c = micic.Corpus.from_dataframe(df)
    assert c.ids == ["P1", "P2", "P3"]
    assert c[0].title == "First" and c[2].title is None
    assert c[0].country == ["Egypt", "Libya"] and c[1].country == ["Mali"]
    assert c[2].country == []
    assert c[0].guideline == [14, 15] and c[1].guideline == [3]
    assert c[0].crisis == ["Conflict"]
    assert c[0].extras == [("Funding", "EU")]
    back = c.to_dataframe()
    assert back["extra"].tolist() == [[("Funding", "EU")], [], []]
    assert back["title"].tolist() == ["First", "Second", None]
    assert back["country"].tolist() == [["Egypt", "Libya"], ["Mali"], []]
    # unknown columns are extras, as the CSV reader keeps them
    odd = micic.Corpus.from_dataframe(pd.DataFrame({"title": ["x", "y"], "colour": ["red", None]}))
    assert odd[0].extras == [("colour", "red")] and odd[1].extras == []


def test_to_long_matches_the_c_long_writer(bundled):
    long = bundled.to_long()
    assert list(long.columns) == ["record", "id", "field", "position", "value", "original"]
    assert isinstance(long["field"].dtype, pd.CategoricalDtype)
    assert list(long["field"].cat.categories)[:len(micic.FIELDS)] == list(micic.FIELDS)
    c_long = pd.read_csv(io.StringIO(bundled.dumps("long")), dtype=str, keep_default_na=False)
    assert list(c_long.columns) == ["id", "field", "value"]
    mine = long[["id", "field", "value"]].astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, c_long)
    # seed 004's five countries, positions 0..4
    one = micic.read(SEED_004).to_long()
    countries = one[one["field"] == "country"]
    assert countries["value"].tolist() == ["Egypt", "Ghana", "Libya", "Mali", "Niger"]
    assert countries["position"].tolist() == [0, 1, 2, 3, 4]


def test_crosstab_keeps_every_level(bundled):
    df = bundled.crosstab("guideline", "phase")
    assert df.shape == (15, 3)
    assert df.index.name == "guideline" and df.columns.name == "phase"
    assert list(df.index) == list(range(1, 16))       # ints, sorted as numbers
    assert list(df.columns) == micic.phases()
    assert isinstance(df.index, pd.CategoricalIndex) and df.index.ordered
    assert list(df.index.categories) == micic.levels("guideline")
    assert list(df.columns.categories) == micic.levels("phase")
    assert df.loc[1].sum() == 0                        # zero rows kept
    assert (df["Emergency Response"] >= 0).all()
    assert df.dtypes.unique().tolist() == [np.dtype("int64")]
    # counts agree with the records
    manual = sum(1 for p in bundled if 14 in p.guideline and "Post-Crisis Action" in p.phase)
    assert df.loc[14, "Post-Crisis Action"] == manual > 0
    assert df.to_numpy().sum() == df.attrs["total"]
    # and with libmicic's own CSV rendering
    c_csv = pd.read_csv(io.StringIO(bundled.crosstab_text("guideline", "phase", format="csv")),
                        dtype=str, keep_default_na=False)
    assert c_csv.iloc[:15, 1:4].astype(int).to_numpy().tolist() == df.to_numpy().tolist()


def test_crosstab_vocabulary_levels_and_options(bundled):
    t = bundled.crosstab("crisis", "kind")
    assert list(t.index) == micic.vocabulary("crisis")       # every crisis type, zero or not
    assert list(t.columns) == micic.vocabulary("kind")
    missing = bundled.crosstab("crisis", "kind", include_missing=True)
    assert "(none)" in list(missing.index)
    filtered = bundled.crosstab("guideline", "phase", filter="guideline:14")
    with14 = [p for p in bundled if 14 in p.guideline]
    assert filtered.attrs["records"] == len(with14) > 0
    assert filtered.loc[14].sum() == sum(len(p.phase) for p in with14)
    assert filtered.shape == (15, 3)
    with pytest.raises(micic.QuerySyntaxError):
        bundled.crosstab("guideline", "phase", filter="(")


def test_categories_carry_full_vocabularies(bundled):
    dtype = micic.categories("phase")
    assert list(dtype.categories) == micic.phases() and dtype.ordered
    long = bundled.to_dataframe().explode("phase").astype({"phase": dtype})
    counts = long["phase"].value_counts(sort=False)
    assert list(counts.index) == micic.phases()               # zero levels kept
    assert micic.categories("guideline").categories.tolist() == list(range(1, 16))
    with pytest.raises(ValueError):
        micic.categories("title")


def test_report_to_dataframe():
    c = micic.read_text(SLOPPY)
    df = c.validate().to_dataframe()
    assert len(df) == 4
    assert isinstance(df["severity"].dtype, pd.CategoricalDtype) and df["severity"].cat.ordered
    assert list(df["severity"].cat.categories) == ["info", "warning", "error"]
    assert "normalized" in list(df["code"].cat.categories)   # every known code
    assert sorted(df["code"].astype(str)) == sorted(
        ["missing-field", "unknown-value", "unknown-value", "unknown-country"])
    row = df[df["code"] == "unknown-country"].iloc[0]
    assert (row["line"], row["column"], row["suggestion"]) == (3, 10, "Philippines")
    assert row["code_number"] == 206
    assert df.loc[df["code"] == "missing-field", "suggestion"].iloc[0] is None


def test_hits_and_gaps_frames(bundled):
    hits = bundled.search("evacuation", k=4).to_dataframe()
    assert list(hits.columns) == ["id", "index", "score", "snippet"] and len(hits) == 4
    gaps = bundled.gaps().to_dataframe()
    assert list(gaps["phase"].cat.categories) == micic.phases()


def test_pandas_is_optional():
    """Without pandas, import works and the pandas features say what to install."""
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import micic\n"
        "c = micic.read_bundled(); assert len(c.validate()) >= 0\n"
        "try:\n"
        "    c.to_dataframe()\n"
        "except ImportError as e:\n"
        "    print('IMPORTERROR', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=os.environ.copy(), timeout=120)
    assert out.returncode == 0, out.stderr
    assert "IMPORTERROR" in out.stdout and "pip install pandas" in out.stdout
