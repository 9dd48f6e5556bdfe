"""Arrow interchange: Corpus.__arrow_c_stream__ / __arrow_c_schema__ with
pyarrow, polars and DuckDB, Corpus.from_arrow, to_arrow,
to_dataframe(dtype_backend=...), and Parquet through pyarrow + DuckDB
(the recipe of docs/python.md)."""

import gc

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import micic


@pytest.fixture(scope="module")
def corpus():
    return micic.read_bundled()


def _same(a, b, originals=False):
    assert len(a) == len(b)
    for p, q in zip(a, b):
        assert p == q
        if originals:
            for f in micic.FIELDS:
                assert p.originals(f) == q.originals(f)


def test_pyarrow_table(corpus):
    t = pa.table(corpus)
    assert t.num_rows == len(corpus)
    assert t.column_names == list(micic.FIELDS) + ["extra"]
    assert t.schema.field("guideline").type == pa.list_(pa.uint8())
    assert t.schema.field("country").type == pa.list_(pa.string())
    assert pa.types.is_dictionary(t.schema.field("crisis").type.value_type)
    assert t.schema.field("extra").type == pa.map_(pa.string(), pa.string())
    # closed vocabularies: the dictionary holds the levels in catalogue order
    levels = micic.levels("crisis")
    dict_values = t.column("crisis").chunk(0).values.dictionary.to_pylist()
    assert dict_values[:len(levels)] == levels
    # values line up with the records
    rows = t.slice(0, 20).to_pylist()
    for p, row in zip(corpus, rows):
        assert row["id"] == p.id
        assert row["country"] == p.country
        assert row["crisis"] == p.crisis
        assert list(row["guideline"]) == p.guideline
        assert row["kind"] == p.kind
        assert row["extra"] == list(p.extras)


def test_schema_capsule(corpus):
    schema = pa.schema(corpus)
    assert schema.names == list(micic.FIELDS) + ["extra"]
    assert schema == pa.table(corpus).schema


def test_polars(corpus):
    df = pl.DataFrame(corpus)
    assert df.shape == (len(corpus), len(micic.FIELDS) + 1)
    assert df["id"].to_list() == corpus.ids
    assert df["country"].to_list()[:10] == [p.country for p in corpus[:10]]


def test_duckdb(corpus):
    con = duckdb.connect()
    con.register("corpus", pa.table(corpus))
    assert con.sql("select count(*) from corpus").fetchall()[0][0] == len(corpus)
    # and straight from the Python variable, through the capsule protocol
    assert duckdb.sql("select count(*) from corpus").fetchall()[0][0] == len(corpus)
    by_kind = dict(duckdb.sql("select kind::varchar, count(*) from corpus group by 1").fetchall())
    assert sum(by_kind.values()) == len(corpus)
    n_libya = duckdb.sql(
        "select count(*) from corpus where list_contains(country, 'Libya')").fetchall()[0][0]
    assert n_libya == sum("Libya" in p.country for p in corpus)


@pytest.mark.parametrize("options", [
    {}, {"dictionary": False}, {"originals": True, "locations": True, "batch_rows": 7}])
def test_round_trip_exact(corpus, options):
    t = corpus.to_arrow(**options)
    if options.get("batch_rows"):
        assert len(t.column("id").chunks) == -(-len(corpus) // 7)
    back = micic.Corpus.from_arrow(t)
    _same(corpus, back, originals=options.get("originals", False))
    assert back.rejected == 0
    if options.get("locations"):
        for p, q in zip(corpus, back):
            assert p.record_location == q.record_location
            if p.country:
                assert p.location("country", 0) == q.location("country", 0)


def test_from_polars_and_duckdb_and_corpus(corpus):
    _same(corpus, micic.Corpus.from_arrow(pl.DataFrame(corpus)))
    rel = duckdb.sql("select * from corpus")
    _same(corpus, micic.Corpus.from_arrow(rel))
    _same(corpus, micic.Corpus.from_arrow(corpus))


def test_from_plain_table_is_checked():
    t = pa.table({
        "Id": ["R1", "R2", None],
        "Country": [["egypt", "Libya"], [], None],
        "Type of crisis": ["conflict", None, "volcano"],
        "guideline": pa.array([[14], [2, 3], []], type=pa.list_(pa.int64())),
        "budget": ["10", None, ""],
        "when": pa.array([1.0, 2.0, 3.0]),
    })
    c = micic.Corpus.from_arrow(t, source_name="table")
    assert len(c) == 3
    assert c[0].country == ["Egypt", "Libya"]
    assert c[0].originals("country") == ["egypt", "Libya"]
    assert c[0].guideline == [14]
    assert c[1].guideline == [2, 3]
    assert c[0].extras == [("budget", "10")]
    assert c[0].record_location == micic.Location("table", 1, 1)
    codes = c.read_report.codes()
    assert "unknown-label" in codes  # budget
    assert "json-type" in codes      # when: float64 cannot hold values
    # validation as for any other input
    assert "unknown-value" in c.validate().codes()


def test_from_pandas(corpus):
    df = corpus.to_dataframe(dtype_backend="pyarrow")
    _same(corpus, micic.Corpus.from_arrow(df))


def test_to_dataframe_backends(corpus):
    legacy = corpus.to_dataframe()
    arrow = corpus.to_dataframe(dtype_backend="pyarrow")
    numpy = corpus.to_dataframe(dtype_backend="numpy")
    assert list(arrow.columns) == list(legacy.columns)
    assert isinstance(arrow["country"].dtype, pd.ArrowDtype)
    assert arrow["id"].tolist() == legacy["id"].tolist()
    assert [list(v) for v in arrow["country"]] == legacy["country"].tolist()
    assert [list(v) for v in numpy["country"]] == legacy["country"].tolist()
    assert numpy["kind"].tolist() == legacy["kind"].tolist()
    with pytest.raises(ValueError):
        corpus.to_dataframe(dtype_backend="spark")


def test_capsules_released(corpus):
    # never consumed: the capsule's destructor releases the stream
    cap = corpus.__arrow_c_stream__()
    del cap
    cap = corpus.__arrow_c_schema__()
    del cap
    gc.collect()
    # consumed once: a second read is refused
    cap = corpus.__arrow_c_stream__()
    reader = pa.RecordBatchReader._import_from_c_capsule(cap)
    first = reader.read_next_batch()  # read early, release the rest late
    assert first.num_rows == len(corpus)
    with pytest.raises(micic.InvalidArgumentError):
        micic._core.micic_swig_py_from_arrow(cap, None)
    del reader
    gc.collect()
    # the stream outlives the corpus it came from
    c2 = micic.read_bundled()
    cap = c2.__arrow_c_stream__()
    del c2
    gc.collect()
    t = pa.RecordBatchReader._import_from_c_capsule(cap).read_all()
    assert t.num_rows == len(corpus)
    with pytest.raises(TypeError):
        micic.Corpus.from_arrow([1, 2, 3])


def test_parquet_recipe(corpus, tmp_path):
    """docs/python.md: corpus -> Parquet (pyarrow) -> DuckDB query -> corpus."""
    path = str(tmp_path / "corpus.parquet")
    pq.write_table(pa.table(corpus), path)
    n = duckdb.sql(f"select count(*) from '{path}'").fetchall()[0][0]
    assert n == len(corpus)
    per_guideline = duckdb.sql(
        f"select g, count(*) from (select unnest(guideline) as g from '{path}') "
        "group by g order by g").fetchall()
    assert sum(k for _, k in per_guideline) == sum(len(p.guideline) for p in corpus)
    back = micic.Corpus.from_arrow(pq.read_table(path))
    _same(corpus, back)
    # a DuckDB selection read back as records
    some = micic.Corpus.from_arrow(
        duckdb.sql(f"select * from '{path}' where list_contains(guideline, 14)"))
    assert len(some) == sum(14 in p.guideline for p in corpus)


def test_report_hits_crosstab(corpus):
    bad = micic.read_text("id,country,crisis\nP1,Narnia,vulcano\nP2,egypt,\n", format="csv")
    report = bad.validate(strict=True)
    assert len(report) > 2
    t = pa.table(report)
    legacy = report.to_dataframe()
    assert t.column_names == ["code", "code_number", "severity", "record_index", "record_id",
                              "field", "source", "line", "column", "value", "message",
                              "suggestion"]
    assert t.column("code").to_pylist() == legacy["code"].astype(str).tolist()
    assert t.column("line").to_pylist() == legacy["line"].tolist()
    assert t.column("suggestion").to_pylist() == legacy["suggestion"].tolist()
    assert pl.DataFrame(report).height == len(report)
    assert report.to_arrow().num_rows == len(report)

    hits = corpus.search("evacuation", k=5)
    h = hits.to_arrow()  # (pyarrow.table() takes a list, as Hits are, for rows)
    assert h.column("id").to_pylist() == hits.ids()
    assert h.column("score").to_pylist() == [x.score for x in hits]
    assert h.column("index").to_pylist() == [x.index for x in hits]
    with pytest.raises(TypeError):
        micic.Hits().__arrow_c_stream__()

    ct = corpus.crosstab_arrow("guideline", "phase")
    wide = corpus.crosstab("guideline", "phase")
    tidy = ct.to_arrow()
    assert tidy.column_names == ["guideline", "phase", "count"]
    assert tidy.num_rows == wide.size
    assert sum(tidy.column("count").to_pylist()) == int(wide.values.sum())
    back = ct.to_pandas().pivot(index="guideline", columns="phase", values="count")
    for g in wide.index:
        for ph in wide.columns:
            assert back.loc[str(g), str(ph)] == wide.loc[g, ph]
    assert duckdb.sql("select sum(count) from tidy").fetchall()[0][0] == int(wide.values.sum())
