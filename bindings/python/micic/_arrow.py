"""Apache Arrow interchange: the Arrow PyCapsule Interface of a corpus.

``Corpus.__arrow_c_stream__`` hands the corpus, as record batches built in
C (``micic_corpus_to_arrow``, micic/arrow.h), to any Arrow consumer without
a Python loop and without pyarrow::

    pyarrow.table(corpus)                  # pyarrow.Table
    polars.DataFrame(corpus)               # polars
    duckdb.sql("select count(*) from corpus")
    micic.Corpus.from_arrow(table)         # and back, from any such object

pyarrow is optional: the capsule protocol needs none; ``to_arrow`` and
``to_dataframe(dtype_backend=...)`` import it. The methods are attached to
the classes by :func:`_install` (called from ``micic/__init__.py``) so that
this module holds the whole feature.
"""

from . import _core as _c

__all__ = ["ArrowTable", "corpus_to_arrow", "corpus_from_arrow"]


def _need_pyarrow():
    try:
        import pyarrow
    except ImportError as e:
        raise ImportError(
            "this micic feature needs pyarrow, an optional dependency: pip install pyarrow "
            "(the Arrow capsule protocol, Corpus.__arrow_c_stream__, needs none)") from e
    return pyarrow


class _Export:
    """A corpus seen through chosen export options (for pyarrow.table() etc.)."""

    __slots__ = ("_corpus", "_options")

    def __init__(self, corpus, **options):
        self._corpus = corpus
        self._options = options

    def __arrow_c_stream__(self, requested_schema=None):
        return _corpus_stream(self._corpus, requested_schema, **self._options)

    def __arrow_c_schema__(self):
        return _corpus_schema(self._corpus, **self._options)


def _corpus_stream(corpus, requested_schema=None, dictionary=True, originals=False,
                   locations=False, batch_rows=0):
    # requested_schema: a best-effort request by the spec; the schema is fixed.
    with corpus._lock.read():
        return _c.micic_swig_py_arrow_stream(corpus._h, int(bool(dictionary)),
                                             int(bool(originals)), int(bool(locations)),
                                             int(batch_rows))


def _corpus_schema(corpus, dictionary=True, originals=False, locations=False):
    with corpus._lock.read():
        return _c.micic_swig_py_arrow_schema(corpus._h, int(bool(dictionary)),
                                             int(bool(originals)), int(bool(locations)))


def arrow_c_stream(self, requested_schema=None):
    """The corpus as an Arrow C stream in a PyCapsule (Arrow PyCapsule
    Interface): one column per field (list columns for multi-valued fields,
    dictionary-encoded for the closed vocabularies, ``guideline`` as
    list<uint8>), ``extra`` as a map. Built in C in one pass; the stream
    does not refer to the corpus afterwards. See docs/python.md "Arrow"."""
    return _corpus_stream(self, requested_schema)


def arrow_c_schema(self):
    """The Arrow schema of :meth:`__arrow_c_stream__` in a PyCapsule."""
    return _corpus_schema(self)


def corpus_to_arrow(self, dictionary=True, originals=False, locations=False, batch_rows=0):
    """The corpus as a ``pyarrow.Table`` (needs pyarrow). ``dictionary``:
    closed-vocabulary fields dictionary-encoded (False: plain strings);
    ``originals``: add ``<field>_original`` columns (the text as read, null
    where it equals the value); ``locations``: add ``record_source``,
    ``record_line``, ``record_column`` and ``<field>_line`` /
    ``<field>_column``; ``batch_rows``: records per batch (0: 65536)."""
    pa = _need_pyarrow()
    return pa.table(_Export(self, dictionary=dictionary, originals=originals,
                            locations=locations, batch_rows=batch_rows))


def corpus_from_arrow(cls, obj, source_name=None):
    """A corpus from any Arrow tabular object (anything with
    ``__arrow_c_stream__``: a pyarrow Table or RecordBatchReader, a polars
    or pandas (with pyarrow) DataFrame, a DuckDB relation, a Corpus...).
    Columns are matched to fields by name as the readers match labels; the
    values are canonicalized and checked like any input (diagnostics in
    ``read_report``; ``source_name`` names the input, default "<arrow>")."""
    stream = getattr(obj, "__arrow_c_stream__", None)
    if stream is None:
        try:  # pandas without __arrow_c_stream__ (pandas < 2.2... or a dict)
            import pandas as pd
        except ImportError:  # pragma: no cover
            pd = None
        if pd is not None and isinstance(obj, pd.DataFrame):
            obj = _need_pyarrow().Table.from_pandas(obj, preserve_index=False)
            stream = obj.__arrow_c_stream__
        else:
            raise TypeError("from_arrow() wants an object with __arrow_c_stream__ "
                            "(pyarrow, polars, DuckDB, pandas...), not %s" % type(obj).__name__)
    capsule = stream()
    return cls._wrap(_c.micic_swig_py_from_arrow(capsule, source_name))


def corpus_to_dataframe(self, dtype_backend=None):
    """One row per record, one column per field (in micic.FIELDS order)
    plus "extra". Needs pandas.

    ``dtype_backend=None`` (default): list columns hold Python lists of str,
    single-valued fields str/None, "kind" a categorical, "extra" lists of
    (label, value) pairs (built in C, no pyarrow needed).
    ``dtype_backend="pyarrow"``: the Arrow table of :meth:`to_arrow` wrapped
    in ``pandas.ArrowDtype`` columns, without a copy (the fast path: list
    columns are ``list<string>``, vocabularies ``dictionary``).
    ``dtype_backend="numpy"``: the same table converted by pyarrow to
    NumPy-backed columns (lists become NumPy arrays, dictionaries
    categoricals). Both need pyarrow."""
    if dtype_backend is None:
        return _legacy_to_dataframe(self)
    if dtype_backend not in ("pyarrow", "numpy"):
        raise ValueError("dtype_backend must be None, 'pyarrow' or 'numpy', not %r"
                         % (dtype_backend,))
    from ._base import need_pandas
    pd = need_pandas()
    table = corpus_to_arrow(self)
    if dtype_backend == "pyarrow":
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    return table.to_pandas()


class ArrowTable:
    """A table computed in C (a cross-tab) offered through the Arrow PyCapsule
    Interface: ``pyarrow.table(t)``, ``polars.DataFrame(t)``, DuckDB, or
    :meth:`to_arrow` / :meth:`to_pandas` (these two need pyarrow)."""

    __slots__ = ("_h", "_export")

    def __init__(self, handle, export):
        self._h = handle
        self._export = export

    def __arrow_c_stream__(self, requested_schema=None):
        return self._export(self._h)

    def to_arrow(self):
        return _need_pyarrow().table(self)

    def to_pandas(self):
        return self.to_arrow().to_pandas()


def crosstab_arrow(self, rows, cols, once_per_record=False, include_missing=False,
                   filter=None):
    """The cross-tab of :meth:`crosstab` as a tidy Arrow table (one row per
    cell, every level, zero cells included): the row level, the column level
    (columns named by the two fields) and ``count`` (int64), as an
    :class:`ArrowTable` (``__arrow_c_stream__``; no pandas needed)."""
    from ._base import field_number
    with self._lock.read():
        t = _c.micic_swig_crosstab(self._h, field_number(rows), field_number(cols),
                                   int(bool(once_per_record)), int(bool(include_missing)),
                                   filter)
    return ArrowTable(t, _c.micic_swig_py_crosstab_arrow)


def report_arrow_c_stream(self, requested_schema=None):
    """The diagnostics as an Arrow C stream in a PyCapsule: one row per
    diagnostic, the columns of :meth:`to_dataframe` (code, code_number,
    severity, record_index, record_id, field, source, line, column, value,
    message, suggestion). Built in C; the stream is a copy."""
    return _c.micic_swig_py_report_arrow(self._h)


def hits_arrow_c_stream(self, requested_schema=None):
    """The results as an Arrow C stream in a PyCapsule: id, index, score,
    snippet, in rank order (the results the search returned, built in C)."""
    r = getattr(self, "_results", None)
    if r is None:
        raise TypeError("these Hits were not returned by a search: no Arrow export")
    return _c.micic_swig_py_results_arrow(r)


def _to_arrow(self):
    """This table as a ``pyarrow.Table`` (needs pyarrow)."""
    # from_stream, not pyarrow.table(): that one reads a list (Hits) as rows
    return _need_pyarrow().RecordBatchReader.from_stream(self).read_all()


_legacy_to_dataframe = None


def _install():
    """Attach the Arrow methods to Corpus (and keep the pandas path)."""
    global _legacy_to_dataframe
    from ._base import cdoc
    from ._corpus import Corpus
    if getattr(Corpus, "__arrow_c_stream__", None) is not None:
        return
    from . import _corpus
    from ._report import Report
    _legacy_to_dataframe = Corpus.to_dataframe
    make_hits = _corpus._hits

    def _hits(r, query=None):
        hits = make_hits(r, query)
        hits._results = r  # keeps the C results for __arrow_c_stream__
        return hits

    _corpus._hits = _hits
    _corpus.Hits.__arrow_c_stream__ = cdoc("micic_results_to_arrow")(hits_arrow_c_stream)
    _corpus.Hits.to_arrow = _to_arrow
    Report.__arrow_c_stream__ = cdoc("micic_report_to_arrow")(report_arrow_c_stream)
    Report.to_arrow = _to_arrow
    Corpus.crosstab_arrow = cdoc("micic_crosstab_to_arrow")(crosstab_arrow)
    Corpus.__arrow_c_stream__ = cdoc("micic_corpus_to_arrow")(arrow_c_stream)
    Corpus.__arrow_c_schema__ = arrow_c_schema
    Corpus.to_arrow = cdoc("micic_corpus_to_arrow")(corpus_to_arrow)
    Corpus.from_arrow = classmethod(cdoc("micic_corpus_from_arrow")(corpus_from_arrow))
    Corpus.to_dataframe = cdoc("micic_column_counts", "micic_column_values",
                               "micic_column_extras", "micic_corpus_to_arrow")(corpus_to_dataframe)
