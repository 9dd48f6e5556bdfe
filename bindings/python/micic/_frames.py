"""pandas conversions of a corpus (imported only when pandas is wanted)."""

import contextlib
import gc

from . import _core as _c
from ._base import FIELDS, SINGLE_FIELDS, column_field, need_pandas

_EXTRA = "extra"


def _split(values, counts):
    """Cut a flat list into one list per record."""
    out, k = [], 0
    for n in counts:
        out.append(values[k:k + n])
        k += n
    return out


@contextlib.contextmanager
def _no_gc():
    """The cyclic garbage collector paused while millions of acyclic lists
    and strings are made (it would rescan them all again and again)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def corpus_to_dataframe(corpus):
    pd = need_pandas()
    from ._catalogue import levels
    h = corpus._h
    data = {}
    with corpus._lock.read(), _no_gc():  # several C calls: no append in between
        n = _c.micic_corpus_size(h)
        for f, name in enumerate(FIELDS):
            single = name in SINGLE_FIELDS
            col = _c.micic_swig_py_column(h, f, int(single))  # one item per record
            if name == "kind":
                data[name] = pd.Categorical(col, categories=levels("kind"))
            elif f == _c.MICIC_FIELD_GUIDELINE:
                data[name] = pd.Series([[int(v) for v in cell] for cell in col], dtype=object)
            else:
                data[name] = pd.Series(col, dtype=object)
        counts = _c.micic_column_extra_counts(h)
        if any(counts):
            labels = _split(_c.micic_column_extras(h, 1), counts)
            values = _split(_c.micic_column_extras(h, 0), counts)
            extras = [list(zip(lab, val)) for lab, val in zip(labels, values)]
        else:
            extras = [[] for _ in range(n)]
    data[_EXTRA] = pd.Series(extras, dtype=object)
    df = pd.DataFrame(data, index=pd.RangeIndex(n))
    return df


def corpus_to_long(corpus):
    pd = need_pandas()
    h = corpus._h
    rows = []  # (record, field order, position, field, value, original)
    extra_labels = []
    with corpus._lock.read():
        ids = _c.micic_column_values(h, _c.MICIC_FIELD_ID, 0)
        for f, name in enumerate(FIELDS):
            counts = _c.micic_column_counts(h, f)
            values = _c.micic_column_values(h, f, 0)
            originals = _c.micic_column_values(h, f, 1)
            k = 0
            for r, n in enumerate(counts):
                for pos in range(n):
                    rows.append((r, f, pos, name, values[k], originals[k]))
                    k += 1
        counts = _c.micic_column_extra_counts(h)
        labels = _c.micic_column_extras(h, 1)
        values = _c.micic_column_extras(h, 0)
    k = 0
    for r, n in enumerate(counts):
        for pos in range(n):
            lab = labels[k]
            if lab not in extra_labels and lab not in FIELDS:
                extra_labels.append(lab)
            rows.append((r, len(FIELDS), pos, lab, values[k], values[k]))
            k += 1
    rows.sort(key=lambda t: (t[0], t[1]))  # record-major, fields in C order, extras last
    field_levels = list(FIELDS) + extra_labels
    return pd.DataFrame({
        "record": pd.Series([t[0] for t in rows], dtype="int64"),
        "id": pd.Series([ids[t[0]] for t in rows], dtype=object),
        "field": pd.Categorical([t[3] for t in rows], categories=field_levels),
        "position": pd.Series([t[2] for t in rows], dtype="int64"),
        "value": pd.Series([t[4] for t in rows], dtype=object),
        "original": pd.Series([t[5] for t in rows], dtype=object),
    })


def corpus_from_dataframe(cls, df):
    pd = need_pandas()
    from ._args import describe
    from ._corpus import _add_extras, _add_values, _is_missing, _text
    if not isinstance(df, pd.DataFrame):
        raise TypeError("from_dataframe() wants a pandas DataFrame, not %s" % describe(df))
    # columns: fields (named as the CSV reader maps its header), "extra"
    # (lists of (label, value) pairs), anything else an extra of its own
    mapping, extra_col, others, seen = [], None, [], {}
    for j, col in enumerate(df.columns):
        label = str(col)
        if label == _EXTRA:
            extra_col = j
            continue
        f = column_field(label)
        if f is None:
            others.append((j, label))
        elif f in seen:
            raise ValueError("columns %r and %r are both the field %r"
                             % (seen[f], col, FIELDS[f]))
        else:
            seen[f] = col
            mapping.append((j, f))
    # an index named like the id field gives the ids (df.set_index("id"))
    ids = None
    idx_field = None if df.index.name is None else column_field(str(df.index.name))
    if idx_field == _c.MICIC_FIELD_ID:
        if _c.MICIC_FIELD_ID in seen:
            raise ValueError("both the index and column %r hold ids" % seen[_c.MICIC_FIELD_ID])
        ids = list(df.index)
    corpus = cls()
    with corpus._lock.write():
        for r, row in enumerate(df.itertuples(index=False, name=None)):
            p = _c.micic_practice_new()
            if ids is not None:
                _add_values(p, _c.MICIC_FIELD_ID, ids[r])
            for j, f in mapping:
                _add_values(p, f, row[j])
            for j, label in others:
                v = row[j]
                if not _is_missing(v):
                    v = _text(v)
                    if v:  # the CSV reader keeps non-empty extra cells verbatim
                        _c.micic_practice_add_extra(p, label, v)
            if extra_col is not None:
                _add_extras(p, row[extra_col])
            _c.micic_swig_corpus_add_copy(corpus._h, p)
    return corpus
