"""Shared helpers of the micic package: the raw layer, C docs, field and
format names, the corpus read/write lock."""

import inspect
import threading
from contextlib import contextmanager

from . import _core as _c

try:  # generated at build time from include/micic/*.h
    from ._cdocs import DOCS as _DOCS
except ImportError:  # pragma: no cover - a build always generates it
    _DOCS = {}

#: C functions named by @cdoc that the headers do not document (checked by the tests)
_MISSING_DOCS = []


def cdoc(*names):
    """Name the C functions a Python callable calls: kept in ``__c_api__``
    and in one "See Also" line of the docstring. Their header documentation
    is ``micic.c_api(obj)`` (help() stays Python documentation)."""
    def deco(obj):
        for name in names:
            if name not in _DOCS:
                _MISSING_DOCS.append((getattr(obj, "__qualname__", repr(obj)), name))
        obj.__c_api__ = tuple(names)
        obj._micic_summary = obj.__doc__ or ""
        obj.__doc__ = "%s\n\nSee Also\n--------\nC API: %s\n    (``micic.c_api(name)`` gives " \
            "the header documentation)\n" % (inspect.cleandoc(obj._micic_summary),
                                             ", ".join("``%s()``" % n for n in names))
        return obj
    return deco


def c_api(obj):
    """The C header documentation of a libmicic function (``"micic_validate"``)
    or of every C function a micic callable calls (``micic.Corpus.validate``).

    Parameters
    ----------
    obj : str or callable
        A C function name, or a function, method or property of micic.

    Returns
    -------
    str
        For each C function: "C API (micic/<header>): ``declaration``" and its
        header comment.

    Raises
    ------
    KeyError
        An unknown C function name.

    Examples
    --------
    >>> print(micic.c_api(micic.Corpus.validate))
    """
    if isinstance(obj, property):
        obj = obj.fget
    obj = getattr(obj, "__func__", obj)
    names = (obj,) if isinstance(obj, str) else getattr(obj, "__c_api__", ())
    parts = []
    for name in names:
        if name not in _DOCS:
            raise KeyError("no C documentation for %r (not a MICIC_API function)" % name)
        decl, text, header = _DOCS[name]
        body = "\n".join(("    " + line) if line else "" for line in text.splitlines())
        parts.append("C API (micic/%s): ``%s``\n\n%s" % (header, decl, body))
    return "\n\n".join(parts)


# ---- fields --------------------------------------------------------------

FIELD_COUNT = _c.MICIC_FIELD_COUNT
#: machine names of the practice fields, in C order ("id", "title", "type", ...)
FIELDS = tuple(_c.micic_field_name(i) for i in range(FIELD_COUNT))
#: fields holding at most one value
SINGLE_FIELDS = frozenset(f for i, f in enumerate(FIELDS) if _c.micic_field_is_single(i))
_FIELD_INDEX = {name: i for i, name in enumerate(FIELDS)}


def field_number(field, arg="field"):
    """C micic_field of a field named exactly by machine name ("stakeholder_type")
    or repository label ("Type of stakeholder"). A name that is not a field
    raises :class:`micic.NotFoundError` (a ``KeyError``) with "did you mean"
    and the field names; anything but a str raises ``TypeError``."""
    if not isinstance(field, str):
        from ._args import describe
        raise TypeError("%s must be a field name (str; one of %s), not %s"
                        % (arg, ", ".join(FIELDS), describe(field)))
    i = _FIELD_INDEX.get(field)
    if i is not None:
        return i
    try:
        return _c.micic_swig_field_lookup(str(field))  # labels; "did you mean"
    except LookupError as e:
        if "fields:" in e.text:
            raise
        raise type(e)("%s; fields: %s" % (e.text, ", ".join(FIELDS)), e.code) from None


def column_field(label):
    """Field of a table column or file header, the way the CSV reader maps
    its header (machine name, label or a label variant), or None."""
    i = _FIELD_INDEX.get(label)
    if i is not None:
        return i
    try:
        return _c.micic_swig_field_from_name(label)
    except LookupError:
        return None


def field_name(field):
    return FIELDS[field_number(field)]


# ---- formats -------------------------------------------------------------

_EXTENSIONS = {".txt": "text", ".csv": "csv", ".json": "json", ".jsonl": "jsonl",
               ".ndjson": "jsonl"}


FORMATS = ("text", "guidelines", "csv", "json", "jsonl", "long")


def format_number(fmt, arg="format"):
    """micic_format of a format name ("csv", ...); None and "auto" mean detect."""
    if fmt is None:
        return _c.MICIC_FORMAT_AUTO
    if not isinstance(fmt, str):
        from ._args import describe
        raise TypeError("%s must be None or a format name (one of %s), not %s"
                        % (arg, ", ".join(FORMATS), describe(fmt)))
    return _c.micic_swig_format_from_name(str(fmt))  # FormatError naming value and choices


def format_for_path(path, fmt):
    """Format to write ``path`` in: ``fmt``, else guessed from the extension."""
    if fmt is not None:
        n = format_number(fmt)
    else:
        import os
        ext = os.path.splitext(str(path))[1].lower()
        if ext not in _EXTENSIONS:
            raise ValueError("cannot tell the format of %r from its extension %r (known: %s): "
                             "pass format= (one of %s)"
                             % (str(path), ext, ", ".join(_EXTENSIONS), ", ".join(FORMATS)))
        n = format_number(_EXTENSIONS[ext])
    if n == _c.MICIC_FORMAT_AUTO:
        raise ValueError("a format is needed to write: one of %s" % ", ".join(FORMATS[:1] + FORMATS[2:]))
    return n


# ---- read/write lock -----------------------------------------------------

class RWLock:
    """Many readers or one writer.

    Calls that release the GIL (validate, search, write...) read a corpus
    while other Python threads run; calls that change it (normalize,
    append) must not overlap them (libmicic: one writer or many readers per
    object, docs/threading.md). Readers take ``read()``, changes ``write()``.
    A waiting writer goes first (new readers wait), so a stream of readers
    cannot starve it; hence locks must not nest (no read inside a read).
    """

    __slots__ = ("_cond", "_readers", "_writer", "_waiting")

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writer = False
        self._waiting = 0  # writers waiting

    @contextmanager
    def read(self):
        with self._cond:
            while self._writer or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self):
        with self._cond:
            self._waiting += 1
            try:
                while self._writer or self._readers:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


def need_pandas():
    """Import pandas lazily with a clear message when it is missing."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "this micic feature needs pandas, an optional dependency: "
            "pip install pandas (or pip install 'micic[pandas]')") from e
    return pandas
