"""Corpus and Practice: the Pythonic face of micic_corpus / micic_practice."""

from __future__ import annotations

import errno
import math
import os
import threading
from contextlib import nullcontext
from typing import (IO, Any, Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional,
                    Sequence, Tuple, Union)

from . import _core as _c
from ._args import bool_arg, describe, int_arg, opt_str_arg, path_arg, str_arg
from ._html import table as _html_table
from ._base import (FIELDS, FORMATS, SINGLE_FIELDS, RWLock, cdoc, field_number,
                    format_for_path, format_number, need_pandas)
from ._errors import EmptyInputError
from ._progress import callback as _progress
from ._report import Report

__all__ = ["Location", "Practice", "Corpus", "Hit", "Hits", "Suggestion", "Suggestions", "Gap",
           "Gaps",
           "read", "read_file", "read_text", "read_bundled", "bundled_dir", "detect_format"]

_EXTRA = "extra"
#: a path argument
PathLike = Union[str, "os.PathLike[str]"]
#: the ``progress`` argument of the long calls
Progress = Union[None, bool, Callable[[int, int], Any]]
_GUIDELINE = _c.MICIC_FIELD_GUIDELINE


def _typed(f, values):
    """Values of field f as Python gives them: guideline numbers as int."""
    if f == _GUIDELINE:
        return [int(v) for v in values]
    return values


class Location(NamedTuple):
    """Where a value or record came from."""
    source: str   #: file name, "<buffer>" or ""
    line: int     #: 1-based, 0 unknown
    column: int   #: 1-based, 0 unknown


def _is_missing(v):
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:  # pandas.NA / NaT without importing pandas
        return type(v).__name__ in ("NAType", "NaTType")
    except Exception:  # pragma: no cover
        return False


def _text(v):
    """One value as text: numbers (numpy ones too) as "14", not "14.0"."""
    if isinstance(v, str):
        return str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, float) or type(v).__name__.startswith("float"):
        f = float(v)
        return str(int(f)) if f.is_integer() else repr(f)
    return str(v)


def _add_values(handle, f, value):
    """Add one cell: a str is a cell as the CSV reader reads it (a list
    field's cell split at ';' by micic_practice_add_cell, the CSV rule), a
    list-like holds one value per item; missing values (None, NaN, pd.NA)
    and empty strings add nothing; numbers become text ("14")."""
    if _is_missing(value):
        return
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        _c.micic_practice_add_cell(handle, f, _text(value))
        return
    for v in value:
        if _is_missing(v):
            continue
        v = _text(v).strip()
        if v:
            _c.micic_practice_add(handle, f, v, None, None, 0, 0)


def _add_extras(handle, extras):
    if _is_missing(extras):
        return
    if isinstance(extras, dict):
        extras = extras.items()
    for pair in extras:
        label, value = pair
        _c.micic_practice_add_extra(handle, str(label), "" if value is None else str(value))


def _fill(handle, fields):
    for name, value in fields.items():
        if name in (_EXTRA, "extras"):
            _add_extras(handle, value)
        else:
            _add_values(handle, field_number(name, "field name %r" % (name,)), value)


# ------------------------------------------------------------------ Practice

class Practice:
    """One practice record.

    Every field is a property: multi-valued fields (type, country,
    stakeholder, stakeholder_type, crisis, phase, link, guideline, theme,
    population, need) are lists of str, single-valued ones (id, title,
    description, source, kind) a str or None. ``extras`` lists the
    (label, value) pairs the reader did not recognize.

    ``Practice(title=..., country=["Libya", "Mali"], guideline=14)`` makes a
    stand-alone record (values are canonicalized like a reader would: "egypt"
    becomes "Egypt"). Records taken from a corpus keep that corpus alive.
    """

    __slots__ = ("_owner", "_index", "_own")

    @cdoc("micic_practice_new", "micic_practice_add")
    def __init__(self, fields: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        self._owner = None
        self._index = -1
        self._own = _c.micic_practice_new()
        if fields:
            _fill(self._own, dict(fields))
        if kwargs:
            _fill(self._own, kwargs)

    @classmethod
    def _in_corpus(cls, corpus, index):
        obj = cls.__new__(cls)
        obj._owner = corpus
        obj._index = index
        obj._own = None
        return obj

    @classmethod
    def _owning(cls, handle):
        obj = cls.__new__(cls)
        obj._owner = None
        obj._index = -1
        obj._own = handle
        return obj

    @property
    def _p(self):
        if self._own is not None:
            return self._own
        return _c.micic_corpus_get(self._owner._h, self._index)

    def _reading(self):
        """Read lock of the owning corpus (for calls that release the GIL)."""
        return self._owner._lock.read() if self._owner is not None else nullcontext()

    @property
    def corpus(self):
        """The corpus this record belongs to, or None for a stand-alone record."""
        return self._owner

    @property
    def index(self):
        """Position in its corpus, or -1 for a stand-alone record."""
        return self._index

    @cdoc("micic_practice_count", "micic_practice_value")
    def values(self, field: str) -> List[Any]:
        """Canonical values of a field (any field, as a list; guideline
        numbers as int)."""
        f = field_number(field)
        p = self._p
        return _typed(f, [_c.micic_practice_value(p, f, i)
                          for i in range(_c.micic_practice_count(p, f))])

    @cdoc("micic_practice_original")
    def originals(self, field: str) -> List[str]:
        """The values of a field as they were read (before canonicalization)."""
        f = field_number(field)
        p = self._p
        return [_c.micic_practice_original(p, f, i) for i in range(_c.micic_practice_count(p, f))]

    @cdoc("micic_practice_location")
    def location(self, field: str, i: int = 0) -> Location:
        """:class:`Location` of value ``i`` of a field (IndexError when out of range)."""
        f = field_number(field)
        i = int_arg(i, "i")
        p = self._p
        if not 0 <= i < _c.micic_practice_count(p, f):
            raise IndexError("%s has no value %d" % (FIELDS[f], i))
        loc = _c.micic_swig_practice_location(p, f, i)
        return Location(loc.source or "", loc.line, loc.column)

    @property
    @cdoc("micic_practice_record_location")
    def record_location(self) -> Location:
        """:class:`Location` of the record's first line."""
        loc = _c.micic_practice_record_location(self._p)
        return Location(loc.source or "", loc.line, loc.column)

    @property
    def extras(self) -> List[Tuple[str, str]]:
        """Unrecognized (label, value) pairs kept from the input."""
        p = self._p
        return [(_c.micic_practice_extra_label(p, i), _c.micic_practice_extra_value(p, i))
                for i in range(_c.micic_practice_extra_count(p))]

    def to_dict(self) -> Dict[str, Any]:
        """{field: value(s)} for every field, plus "extra" (one C call);
        guideline numbers as int."""
        d = _c.micic_swig_py_practice_dict(self._p)
        d["guideline"] = [int(v) for v in d["guideline"]]
        return d

    @cdoc("micic_practice_copy")
    def copy(self) -> Practice:
        """A stand-alone deep copy."""
        return Practice._owning(_c.micic_practice_copy(self._p))

    @cdoc("micic_validate_practice")
    def validate(self, strict: bool = False) -> Report:
        """Validate this record alone: a :class:`Report` (data problems are
        diagnostics, never exceptions)."""
        with self._reading():
            return Report(_c.micic_swig_validate_practice(self._p, 1 if strict else 0))

    @cdoc("micic_practice_equal")
    def __eq__(self, other):
        if not isinstance(other, Practice):
            return NotImplemented
        return bool(_c.micic_practice_equal(self._p, other._p))

    __hash__ = None

    def __repr__(self):
        title = self.title or ""
        if len(title) > 50:
            title = title[:47] + "..."
        where = "" if self._owner is None else " #%d" % self._index
        return "<micic.Practice %s%s: %r>" % (self.id or "(no id)", where, title)

    def _repr_html_(self):
        d = self.to_dict()
        rows = [(f, d[f]) for f in FIELDS if d[f] not in (None, [])]
        rows += [("extra: " + label, value) for label, value in d.get(_EXTRA, [])]
        return _html_table("micic.Practice %s" % (self.id or "(no id)"), ("field", "value"),
                           rows)


def _single_getter(f):
    def get(self):
        p = self._p
        if _c.micic_practice_count(p, f) == 0:
            return None
        return _c.micic_practice_value(p, f, 0)
    return get


def _multi_getter(f):
    def get(self):
        p = self._p
        return _typed(f, [_c.micic_practice_value(p, f, i)
                          for i in range(_c.micic_practice_count(p, f))])
    return get


for _i, _name in enumerate(FIELDS):
    _getter = _single_getter(_i) if _name in SINGLE_FIELDS else _multi_getter(_i)
    _getter.__name__ = _name
    _getter.__doc__ = "%s (%s): %s." % (
        _c.micic_field_label(_i), _name,
        "a str or None" if _name in SINGLE_FIELDS else
        "a list of int (1..15)" if _name == "guideline" else "a list of str")
    setattr(Practice, _name, property(_getter))
del _i, _name, _getter


# --------------------------------------------------------------- results

class Hit(NamedTuple):
    """One search or similarity result."""
    id: str
    index: int      #: position of the record in the corpus
    score: float    #: higher is better (0 for facet-only queries)
    snippet: str    #: text with the matched words marked, or ""


class Hits(list):
    """A ranked list of :class:`Hit`; ``total`` is the number of matches
    before the limit."""

    def __init__(self, items=(), total=0, query=None):
        super().__init__(items)
        self.total = total
        self.query = query

    def ids(self) -> List[str]:
        """The ids of the hits, best first."""
        return [h.id for h in self]

    def to_dataframe(self):
        pd = need_pandas()
        return pd.DataFrame({"id": pd.Series([h.id for h in self], dtype=object),
                             "index": pd.Series([h.index for h in self], dtype="int64"),
                             "score": pd.Series([h.score for h in self], dtype="float64"),
                             "snippet": pd.Series([h.snippet for h in self], dtype=object)})

    def __repr__(self):
        return "Hits(total=%d, %s)" % (self.total, list.__repr__(self))

    def _repr_html_(self):
        return _html_table("%d hits of %d%s" % (len(self), self.total,
                                                 " for %r" % self.query if self.query else ""),
                           ("id", "index", "score", "snippet"),
                           [(h.id, h.index, "%.4f" % h.score, h.snippet) for h in self])


def _hits(r, query=None):
    n = _c.micic_results_size(r)
    return Hits([Hit(_c.micic_results_id(r, i), _c.micic_results_record(r, i),
                     _c.micic_results_score(r, i), _c.micic_results_snippet(r, i))
                 for i in range(n)], _c.micic_results_total(r), query)


class Suggestion(NamedTuple):
    """A guideline suggested for a text or a practice."""
    guideline: int
    title: str
    score: float
    terms: Tuple[str, ...]  #: stemmed terms that drove the score, most important first
    confidence: float = 0.0  #: calibrated probability that the guideline is the record's
    chosen: bool = False     #: among the chosen guidelines (confidence past the threshold)
    low_confidence: bool = False  #: the ranking has no guideline clearly ahead


class Suggestions(list):
    """Guidelines suggested for a text or a practice (:class:`Suggestion`),
    best first."""

    def to_dataframe(self):
        """One row per suggestion: guideline (ordered categorical 1..15),
        title, score, terms, confidence, chosen, low_confidence."""
        pd = need_pandas()
        from ._catalogue import levels
        return pd.DataFrame({
            "guideline": pd.Categorical([s.guideline for s in self],
                                        categories=levels("guideline"), ordered=True),
            "title": pd.Series([s.title for s in self], dtype=object),
            "score": pd.Series([s.score for s in self], dtype="float64"),
            "terms": pd.Series([list(s.terms) for s in self], dtype=object),
            "confidence": pd.Series([s.confidence for s in self], dtype="float64"),
            "chosen": pd.Series([s.chosen for s in self], dtype=bool),
            "low_confidence": pd.Series([s.low_confidence for s in self], dtype=bool)})

    def __repr__(self):
        return "Suggestions(%s)" % list.__repr__(self)

    def _repr_html_(self):
        return _html_table("%d suggested guidelines%s" % (
                               len(self), " (low confidence)" if self and self[0].low_confidence
                               else ""),
                           ("guideline", "title", "score", "confidence", "chosen", "terms"),
                           [(s.guideline, s.title, "%.4f" % s.score, "%.2f" % s.confidence,
                             "yes" if s.chosen else "", list(s.terms[:5])) for s in self])


def _suggestions(r):
    out = Suggestions()
    chosen = _c.micic_suggestions_chosen(r)
    low = bool(_c.micic_suggestions_low_confidence(r))
    for i in range(_c.micic_suggestions_size(r)):
        g = _c.micic_suggestions_guideline(r, i)
        terms = tuple(_c.micic_suggestions_term(r, i, j)
                      for j in range(_c.micic_suggestions_term_count(r, i)))
        out.append(Suggestion(g, _c.micic_guideline_title(_c.micic_guideline_get(g)),
                              _c.micic_suggestions_score(r, i), terms,
                              _c.micic_suggestions_confidence(r, i), i < chosen, low))
    return out


class Gap(NamedTuple):
    """A guideline x stakeholder type x phase cell no practice covers."""
    guideline: int
    stakeholder_type: str
    phase: str


class Gaps(list):
    """The uncovered cells (:class:`Gap`); ``cells`` is how many were examined."""

    def __init__(self, handle):
        g = handle
        super().__init__(Gap(_c.micic_gaps_guideline(g, i), _c.micic_gaps_stakeholder_type(g, i),
                             _c.micic_gaps_phase(g, i)) for i in range(_c.micic_gaps_size(g)))
        self.cells = _c.micic_gaps_cells(g)
        self._h = handle

    @cdoc("micic_gaps_render")
    def render(self, format: str = "text") -> str:
        """The gaps as text, CSV or JSON (as ``micic gaps`` prints them)."""
        return _c.micic_swig_gaps_render(self._h, _table_format(format))

    def __repr__(self):
        return "<micic.Gaps: %d of %d cells uncovered>" % (len(self), self.cells)

    def _repr_html_(self):
        return _html_table("%d of %d guideline x stakeholder type x phase cells uncovered"
                           % (len(self), self.cells), ("guideline", "stakeholder_type", "phase"),
                           self[:20], max(0, len(self) - 20))

    def to_dataframe(self):
        """One row per gap: guideline (ordered categorical 1..15),
        stakeholder_type and phase (categoricals of their vocabularies)."""
        pd = need_pandas()
        from ._catalogue import levels
        return pd.DataFrame({
            "guideline": pd.Categorical([g.guideline for g in self],
                                        categories=levels("guideline"), ordered=True),
            "stakeholder_type": pd.Categorical([g.stakeholder_type for g in self],
                                               categories=levels("stakeholder_type")),
            "phase": pd.Categorical([g.phase for g in self], categories=levels("phase"),
                                    ordered=True)})


def _table_format(format):
    table = {"text": _c.MICIC_TABLE_TEXT, "csv": _c.MICIC_TABLE_CSV, "json": _c.MICIC_TABLE_JSON}
    try:
        return table[format]
    except KeyError:
        raise ValueError("format must be one of %s, not %r" % (", ".join(table), format)) from None


class _Index:
    """A search index and the corpus handle it points into (kept alive
    longer than the index)."""
    __slots__ = ("h", "corpus_h")

    def __init__(self, h, corpus_h):
        self.h = h
        self.corpus_h = corpus_h


# ------------------------------------------------------------------ Corpus

class Corpus:
    """An ordered collection of practices with unique ids.

    ``len(corpus)``, ``for p in corpus``, ``corpus[0]``, ``corpus[-1]``,
    ``corpus["P1"]`` (by id), ``corpus[2:5]`` and ``"P1" in corpus`` work as
    for a list keyed by id. Read one with :func:`micic.read`; build one from
    :class:`Practice` objects or dicts with ``Corpus([...])`` or from a pandas
    table with :meth:`from_dataframe`.

    Thread-safety: parsing, validation, writing, search, suggestion and
    counting release the GIL and may run from several threads at once;
    :meth:`normalize` and :meth:`append` wait until they are done.
    """

    __slots__ = ("_h", "_lock", "_cache_lock", "_index", "_suggester", "__weakref__")

    @cdoc("micic_corpus_new")
    def __init__(self, practices: Optional[Iterable[Union[Practice, Dict[str, Any]]]] = None) -> None:
        self._setup(_c.micic_swig_corpus_new())
        if practices is not None:
            self.extend(practices)

    def _setup(self, handle):
        self._h = handle
        self._lock = RWLock()
        self._cache_lock = threading.Lock()
        self._index = None
        self._suggester = None

    @classmethod
    def _wrap(cls, handle):
        obj = cls.__new__(cls)
        obj._setup(handle)
        return obj

    # -- sequence protocol --
    @cdoc("micic_corpus_size")
    def __len__(self) -> int:
        """Number of records."""
        return _c.micic_corpus_size(self._h)

    def __iter__(self) -> Iterator[Practice]:
        for i in range(len(self)):
            yield Practice._in_corpus(self, i)

    @cdoc("micic_corpus_get", "micic_corpus_index_of")
    def __getitem__(self, key: Union[int, str, slice]) -> Union[Practice, List[Practice]]:
        """A record by position (int, negative from the end), by id (str), or
        a list of records for a slice."""
        if isinstance(key, slice):
            return [Practice._in_corpus(self, i) for i in range(*key.indices(len(self)))]
        return Practice._in_corpus(self, self._record(key, "corpus index"))

    def __contains__(self, key):  # noqa: D105
        if isinstance(key, Practice):
            return key._owner is self
        return isinstance(key, str) and _c.micic_corpus_index_of(self._h, key) >= 0

    def get(self, id: str, default: Any = None) -> Optional[Practice]:
        """The record with this id, or ``default``."""
        try:
            return self[id]
        except KeyError:
            return default

    @property
    def ids(self) -> List[str]:
        """Record ids, in order."""
        return _c.micic_column_values(self._h, _c.MICIC_FIELD_ID, 0)

    def __repr__(self):
        n = len(self)
        rejected = self.rejected
        return "<micic.Corpus: %d record%s%s>" % (
            n, "" if n == 1 else "s",
            ", %d rejected by the readers" % rejected if rejected else "")

    def _repr_html_(self):
        n = len(self)
        rows = [(p.id, p.title or "", p.country, p.guideline, p.phase, p.kind)
                for p in self[:10]]
        return _html_table("micic.Corpus: %d records" % n,
                           ("id", "title", "country", "guideline", "phase", "kind"), rows,
                           max(0, n - 10))

    # -- reading diagnostics --
    @property
    @cdoc("micic_corpus_read_report")
    def read_report(self) -> Report:
        """The :class:`Report` of reading this corpus (it keeps the corpus alive)."""
        return Report(_c.micic_corpus_read_report(self._h), self)

    @property
    @cdoc("micic_corpus_rejected")
    def rejected(self) -> int:
        """Records in the input that the readers rejected."""
        return _c.micic_corpus_rejected(self._h)

    # -- changes (writers) --
    def _invalidate(self):
        # the index points into the corpus: drop it before the corpus changes
        self._index = None
        self._suggester = None

    @cdoc("micic_corpus_add")
    def append(self, practice: Union[Practice, Dict[str, Any], None] = None,
               **fields: Any) -> Practice:
        """Append a copy of ``practice`` (a :class:`Practice` or a dict of
        fields; or fields as keyword arguments). A record without an id gets
        "P<n>", a duplicate id a "-2" suffix. Returns the new record."""
        if practice is None:
            practice = Practice(fields)
        elif not isinstance(practice, Practice):
            practice = Practice(dict(practice), **fields)
        elif fields:
            raise TypeError("give a Practice or fields, not both")
        with self._lock.write():
            self._invalidate()
            i = _c.micic_swig_corpus_add_copy(self._h, practice._p)
        return Practice._in_corpus(self, i)

    def extend(self, practices: Iterable[Union[Practice, Dict[str, Any]]]) -> None:
        """Append copies of many records (Practice objects or dicts)."""
        items = [p if isinstance(p, Practice) else Practice(dict(p)) for p in practices]
        with self._lock.write():
            self._invalidate()
            for p in items:
                _c.micic_swig_corpus_add_copy(self._h, p._p)

    @cdoc("micic_normalize")
    def normalize(self) -> Report:
        """Rewrite values to canonical labels and ISO country names, in place.
        Returns the :class:`Report` of the rewrites ("normalized" info
        diagnostics; ``len()`` of it is the number of changes)."""
        with self._lock.write():
            self._invalidate()
            return Report(_c.micic_swig_normalize(self._h))

    # -- readers that release the GIL --
    @cdoc("micic_validate", "micic_validate_with_progress")
    def validate(self, strict: bool = False, progress: Progress = None) -> Report:
        """Check every record against the MICIC vocabularies and rules.
        Returns one :class:`Report`, as ``micic validate`` prints it: the
        diagnostics of reading (``read_report``) first, then those of
        validation, with the same severities; ``ok(strict)`` is the
        command's exit status. Invalid data never raises."""
        with self._lock.read(), _progress(progress, "validating") as cb:
            return Report(_c.micic_swig_validate(self._h, 1 if strict else 0, cb))

    @cdoc("micic_write_file", "micic_write_buffer")
    def write(self, path_or_file: Union[PathLike, IO[Any]], format: Optional[str] = None,
              pretty: bool = True, with_originals: bool = False) -> None:
        """Write every record to a path (str or os.PathLike) or a file object
        opened for writing (text or binary: ``io.StringIO``, ``open(p, "wb")``,
        ``sys.stdout``) in ``format`` ("csv", "json", "jsonl", "text",
        "long"; default from the extension of the path or of the file's
        ``name``). A file object is written to and left open."""
        pretty = int(bool(pretty))
        with_originals = int(bool(with_originals))
        if hasattr(path_or_file, "write") and not isinstance(path_or_file, (str, os.PathLike)):
            f = path_or_file
            name = getattr(f, "name", None)
            if format is None and not isinstance(name, str):
                raise ValueError("write() to a file object needs format= (one of %s)"
                                 % ", ".join(FORMATS[:1] + FORMATS[2:]))
            fmt = format_for_path(name, format)
            with self._lock.read():
                text = _c.micic_swig_write_buffer(self._h, fmt, pretty, with_originals)
            _write_to(f, text)
            return
        path = path_arg(path_or_file, "path_or_file")
        fmt = format_for_path(path, format)
        with self._lock.read():
            _c.micic_swig_write_file(self._h, path, fmt, pretty, with_originals)

    @cdoc("micic_write_buffer")
    def dumps(self, format: str = "json", pretty: bool = True,
              with_originals: bool = False) -> str:
        """The records as a str in ``format``."""
        fmt = format_number(format)
        with self._lock.read():
            return _c.micic_swig_write_buffer(self._h, fmt, int(bool(pretty)),
                                              int(bool(with_originals)))

    def _get_index(self, progress=None):
        # caller holds the read lock
        with self._cache_lock:
            if self._index is None:
                with _progress(progress, "indexing") as cb:
                    self._index = _Index(_c.micic_swig_index_build(self._h, cb), self._h)
            return self._index

    @cdoc("micic_index_build", "micic_index_build_with_progress")
    def build_index(self, progress: Progress = None) -> None:
        """Build the search index now (search, similar, similar_text and
        duplicates build it on first use and keep it until the corpus
        changes); nothing to do when it is built already."""
        with self._lock.read():
            self._get_index(progress)

    @cdoc("micic_search")
    def search(self, query: str, k: Optional[int] = 10, snippet_chars: int = 160,
               progress: Progress = None) -> Hits:
        """Ranked search (BM25) with facets, e.g.
        ``corpus.search('guideline:14 crisis:conflict evacuation', k=5)``.
        Returns :class:`Hits` (at most ``k``; None = all). A syntax error
        raises :class:`QuerySyntaxError` with the column."""
        query = str_arg(query, "query", "a query str")
        k = int_arg(k, "k", none=True, minimum=0)
        snippet_chars = int_arg(snippet_chars, "snippet_chars", minimum=0)
        with self._lock.read():
            ix = self._get_index(progress)
            r = _c.micic_swig_search(ix.h, query, 0 if k is None else k, snippet_chars)
            return _hits(r, query)

    def _record(self, key, arg="record"):
        """Position of a record given by id (str), position (int, numpy
        integers too, negative from the end) or Practice of this corpus."""
        if isinstance(key, Practice):
            if key._owner is not self:
                raise ValueError("%s: the practice %r does not belong to this corpus"
                                 % (arg, key))
            return key._index
        if isinstance(key, str):
            i = _c.micic_corpus_index_of(self._h, key)
            if i < 0:
                raise KeyError("no record with id %r in this corpus of %d records"
                               % (str(key), len(self)))
            return i
        try:
            key = int_arg(key, arg)
        except TypeError:
            raise TypeError("%s must be a record id (str), a position (int) or a Practice, "
                            "not %s" % (arg, describe(key))) from None
        n = len(self)
        i = key + n if key < 0 else key
        if not 0 <= i < n:
            raise IndexError("%s %d out of range: the corpus has %d records" % (arg, key, n))
        return i

    @cdoc("micic_similar")
    def similar(self, key: Union[str, int, Practice], k: Optional[int] = 5,
                progress: Progress = None) -> Hits:
        """The ``k`` records most similar to a record (by id, position or
        Practice), itself excluded, as :class:`Hits` (cosine, 0..1]."""
        k = int_arg(k, "k", none=True, minimum=0)
        with self._lock.read():
            i = self._record(key, "key")
            ix = self._get_index(progress)
            return _hits(_c.micic_swig_similar(ix.h, i, 0 if k is None else k))

    @cdoc("micic_similar_text")
    def similar_text(self, text: str, k: Optional[int] = 5, progress: Progress = None) -> Hits:
        """The ``k`` records most similar to a free text, as :class:`Hits`."""
        text = str_arg(text, "text")
        k = int_arg(k, "k", none=True, minimum=0)
        with self._lock.read():
            ix = self._get_index(progress)
            return _hits(_c.micic_swig_similar_text(ix.h, text, 0 if k is None else k))

    @cdoc("micic_duplicates")
    def duplicates(self, threshold: float = 0.9, progress: Progress = None) -> List[List[str]]:
        """Groups (lists of ids) of near-duplicate records."""
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) and \
                not hasattr(type(threshold), "__float__"):
            raise TypeError("threshold must be a number in [0, 1], not %s" % describe(threshold))
        threshold = float(threshold)
        with self._lock.read():
            ix = self._get_index(progress)
            g = _c.micic_swig_duplicates(ix.h, threshold)
            h = self._h
            return [[_c.micic_practice_id(_c.micic_corpus_get(h, _c.micic_groups_member(g, i, j)))
                     for j in range(_c.micic_groups_size(g, i))]
                    for i in range(_c.micic_groups_count(g))]

    def _get_suggester(self):
        # caller holds the read lock
        with self._cache_lock:
            if self._suggester is None:
                self._suggester = _c.micic_swig_suggester_new(self._h, None)
            return self._suggester

    @cdoc("micic_suggester_new", "micic_suggest", "micic_suggest_practice")
    def suggest(self, text: Union[str, Practice], k: Optional[int] = 3) -> Suggestions:
        """Rank the 15 Guidelines for a new practice: a free text or a
        :class:`Practice`. The model learns from the catalogue and from this
        corpus's practices tagged with guidelines. Returns a list of
        :class:`Suggestion`, best first (at most ``k``; None = all 15)."""
        k = int_arg(k, "k", none=True, minimum=0)
        if not isinstance(text, Practice):
            text = str_arg(text, "text", "a str or a Practice")
        with self._lock.read():
            s = self._get_suggester()
        k = 0 if k is None else k
        if isinstance(text, Practice):
            with text._reading():
                return _suggestions(_c.micic_swig_suggest_practice(s, text._p, k))
        return _suggestions(_c.micic_swig_suggest(s, text, k))

    @cdoc("micic_crosstab_new", "micic_column_crosstab_counts")
    def crosstab(self, rows: str, cols: str, once_per_record: bool = False,
                 include_missing: bool = False, filter: Optional[str] = None) -> "pandas.DataFrame":
        """Count records by one facet against another, as a pandas DataFrame
        whose index and columns are ordered categoricals holding EVERY level
        (zero rows and columns kept). ``filter`` is a search query selecting
        records. ``df.attrs`` has "records" (records counted) and "total"."""
        pd = need_pandas()
        import numpy as np
        rf, cf = field_number(rows, "rows"), field_number(cols, "cols")
        filter = opt_str_arg(filter, "filter", "a query str or None")
        with self._lock.read():
            t = _c.micic_swig_crosstab(self._h, rf, cf, int(bool_arg(once_per_record,
                                                                     "once_per_record")),
                                       int(bool_arg(include_missing, "include_missing")), filter)
        nr, nc = _c.micic_crosstab_nrows(t), _c.micic_crosstab_ncols(t)
        rl = [_c.micic_crosstab_row_label(t, i) for i in range(nr)]
        cl = [_c.micic_crosstab_col_label(t, j) for j in range(nc)]
        if rf == _GUIDELINE:
            rl = [int(v) if v.isdigit() else v for v in rl]
        if cf == _GUIDELINE:
            cl = [int(v) if v.isdigit() else v for v in cl]
        counts = np.array(_c.micic_column_crosstab_counts(t), dtype=np.int64).reshape(nr, nc)
        df = pd.DataFrame(
            counts,
            index=pd.CategoricalIndex(rl, categories=rl, ordered=True, name=FIELDS[rf]),
            columns=pd.CategoricalIndex(cl, categories=cl, ordered=True, name=FIELDS[cf]))
        df.attrs["records"] = _c.micic_crosstab_records(t)
        df.attrs["total"] = _c.micic_crosstab_total(t)
        return df

    @cdoc("micic_crosstab_render")
    def crosstab_text(self, rows: str, cols: str, format: str = "text",
                      once_per_record: bool = False, include_missing: bool = False,
                      filter: Optional[str] = None) -> str:
        """The cross-tab rendered by libmicic with margins (text, csv or json)."""
        with self._lock.read():
            t = _c.micic_swig_crosstab(self._h, field_number(rows, "rows"),
                                       field_number(cols, "cols"),
                                       int(bool_arg(once_per_record, "once_per_record")),
                                       int(bool_arg(include_missing, "include_missing")),
                                       opt_str_arg(filter, "filter", "a query str or None"))
        return _c.micic_swig_crosstab_render(t, _table_format(format))

    @cdoc("micic_gaps_new")
    def gaps(self, own_phase_only: bool = True) -> Gaps:
        """The guideline x stakeholder type x phase cells no practice covers,
        as :class:`Gaps` (``.cells`` = cells examined, ``.to_dataframe()``)."""
        with self._lock.read():
            return Gaps(_c.micic_swig_gaps(self._h, 1 if own_phase_only else 0))

    # -- pandas --
    def to_dataframe(self) -> "pandas.DataFrame":
        """One row per record, one column per field (in micic.FIELDS order)
        plus "extra": list columns (lists of str) for multi-valued fields,
        str/None for single-valued ones; "kind" is a categorical carrying its
        vocabulary. Needs pandas."""
        from ._frames import corpus_to_dataframe
        return corpus_to_dataframe(self)

    def to_long(self) -> "pandas.DataFrame":
        """Tidy table, one row per value: record, id, field, position,
        value, original (extras: field = their label). Needs pandas."""
        from ._frames import corpus_to_long
        return corpus_to_long(self)

    @classmethod
    def from_dataframe(cls, df: "pandas.DataFrame") -> Corpus:
        """A corpus from a table shaped like :meth:`to_dataframe`'s: columns
        named by field (machine names or labels) plus an optional "extra";
        cells hold a str, a list of str, or None/NaN. Values are
        canonicalized as a reader would."""
        from ._frames import corpus_from_dataframe
        return corpus_from_dataframe(cls, df)


Corpus.to_dataframe = cdoc("micic_column_counts", "micic_column_values",
                           "micic_column_extras")(Corpus.to_dataframe)


def _write_to(f, text):
    """Write str text to a text or binary file object."""
    import io
    if isinstance(f, io.TextIOBase):
        f.write(text)
    elif isinstance(f, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(f, "mode", "")):
        f.write(text.encode("utf-8"))
    else:
        try:
            f.write(text)
        except TypeError:
            f.write(text.encode("utf-8"))


# ------------------------------------------------------------------ reading

def _existing(path):
    """``path`` as a str; FileNotFoundError (errno ENOENT) when it does not exist."""
    p = path_arg(path)
    if not os.path.exists(p):
        if "\n" in p:  # record text given as a path: say so, show its start
            raise FileNotFoundError(errno.ENOENT, "no such file or directory: this str has line "
                                    "breaks, it looks like record text; parse it with "
                                    "micic.read_text(text)", p[:60] + "...")
        raise FileNotFoundError(errno.ENOENT, "no such file or directory (micic.read takes "
                                "paths; for record text use micic.read_text)", p)
    return p


def _delimiter(d):
    """micic_read_options.delimiter of a delimiter argument (None: sniff)."""
    if d is None:
        return 0
    if d in ("tab", "\\t"):
        return 9
    if isinstance(d, str) and len(d) == 1:
        if d not in ",;|\t":
            raise ValueError("delimiter must be None (sniff), ',', ';', '|' or a tab ('\\t'), "
                             "not %r" % (d,))
        return ord(d)
    raise ValueError("delimiter must be None (sniff), ',', ';', '|' or a tab ('\\t'), not %r"
                     % (d,))


def _records_found(corpus):
    """Raise :class:`EmptyInputError` when the read found no record at all."""
    if len(corpus):
        return corpus
    report = corpus.read_report
    empty = [d for d in report if d.code == "empty-input" and d.severity == "error"]
    if not empty:
        return corpus
    d = empty[0]
    raise EmptyInputError(d.message, source=d.source, line=d.line, column=d.column,
                          report=report)


@cdoc("micic_read_file")
def read_file(path: PathLike, format: Optional[str] = None, progress: Progress = None,
              delimiter: Optional[str] = None) -> Corpus:
    """Read a file (or every record file of a directory) into a new
    :class:`Corpus`. Problems in the data go to ``corpus.read_report``.

    Raises ``FileNotFoundError`` when the path does not exist,
    :class:`MicicIOError` (an OSError) when it cannot be read, and
    :class:`EmptyInputError` (a ValueError) when no record was found in it."""
    fmt = format_number(format)
    delim = _delimiter(delimiter)
    p = _existing(path)
    with _progress(progress, "reading", "bytes") as cb:
        return _records_found(Corpus._wrap(_c.micic_swig_read_file(p, fmt, delim, cb)))


@cdoc("micic_read_buffer")
def read_text(text: Union[str, bytes], format: Optional[str] = None,
              source_name: Optional[str] = None, progress: Progress = None,
              delimiter: Optional[str] = None) -> Corpus:
    """Parse records from a str (or bytes) into a new :class:`Corpus`.
    ``source_name`` names the input in locations (default "<buffer>").
    Raises :class:`EmptyInputError` when no record was found in it."""
    if isinstance(text, (bytearray, memoryview)):
        text = bytes(text)
    if not isinstance(text, (str, bytes)):
        raise TypeError("text must be a str or bytes, not %s" % describe(text))
    fmt = format_number(format)
    delim = _delimiter(delimiter)
    source_name = opt_str_arg(source_name, "source_name")
    with _progress(progress, "reading", "bytes") as cb:
        return _records_found(Corpus._wrap(_c.micic_swig_read_buffer(text, source_name, fmt,
                                                                     delim, cb)))


#: alias of :func:`read_text`
from_text = read_text


def read(source: Union[PathLike, Sequence[PathLike], IO[Any]], format: Optional[str] = None,
         source_name: Optional[str] = None, progress: Progress = None,
         delimiter: Optional[str] = None) -> Corpus:
    """Read records from paths or a file object into a new :class:`Corpus`,
    as ``pandas.read_csv`` does: a ``str`` is always a path (a typo raises
    ``FileNotFoundError``), never record text (see :func:`read_text`).
    An input in which no record was found raises :class:`EmptyInputError`."""
    if isinstance(source, (str, os.PathLike)):
        return read_file(source, format, progress, delimiter)
    if isinstance(source, (list, tuple)):
        fmt = format_number(format)
        delim = _delimiter(delimiter)
        paths = [_existing(p) for p in source]
        corpus = Corpus()
        with _progress(progress, "reading", "bytes") as cb:
            for p in paths:
                _c.micic_swig_read_file_into(corpus._h, p, fmt, delim, cb)
        return _records_found(corpus)
    if hasattr(source, "read"):
        data = source.read()
        if source_name is None:
            name = getattr(source, "name", None)
            source_name = name if isinstance(name, str) else None
        return read_text(data, format, source_name, progress, delimiter)
    if isinstance(source, (bytes, bytearray, memoryview)):
        raise TypeError("read() takes a path, a list of paths or a file object, not bytes: "
                        "parse record text with micic.read_text(data)")
    raise TypeError("read() takes a path (str or os.PathLike), a list of paths or a file "
                    "object, not %s" % describe(source))


_PACKAGE_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@cdoc("micic_bundled_dir")
def bundled_dir() -> str:
    """Directory holding the bundled corpus (its "corpus" subdirectory):
    $MICIC_DATA_DIR when set, else the copy shipped inside an installed
    wheel, else libmicic's installed or source data directory."""
    if not os.environ.get("MICIC_DATA_DIR") and os.path.isdir(
            os.path.join(_PACKAGE_DATA, "corpus")):
        return _PACKAGE_DATA
    return _c.micic_bundled_dir()


@cdoc("micic_read_bundled")
def read_bundled(progress: Progress = None) -> Corpus:
    """The bundled corpus: every seed document shipped with libmicic."""
    d = bundled_dir()
    if d == _PACKAGE_DATA:
        return read_file(os.path.join(d, "corpus"), progress=progress)
    with _progress(progress, "reading", "bytes") as cb:
        return Corpus._wrap(_c.micic_swig_read_bundled(cb))


@cdoc("micic_format_detect")
def detect_format(text: Union[str, bytes]) -> Optional[str]:
    """Name of the format of a text ("csv", "json", ...), or None when unknown."""
    if isinstance(text, (bytearray, memoryview)):
        text = bytes(text)
    if not isinstance(text, (str, bytes)):
        raise TypeError("text must be a str or bytes, not %s" % describe(text))
    n = _c.micic_swig_format_detect(text)
    return None if n == _c.MICIC_FORMAT_AUTO else _c.micic_format_name(n)
