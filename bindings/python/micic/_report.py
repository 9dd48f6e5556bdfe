"""Reports: the diagnostics of reading, validation and normalization."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Union

from . import _core as _c
from ._base import cdoc, need_pandas

__all__ = ["Diagnostic", "Report"]

_SEVERITIES = ("info", "warning", "error")
_FORMATS = {"text": _c.MICIC_REPORT_TEXT, "json": _c.MICIC_REPORT_JSON,
            "csv": _c.MICIC_REPORT_CSV}


class Diagnostic(NamedTuple):
    """One problem found in the input or the data (a copy: independent of its report)."""
    code: str                 #: string id, e.g. "unknown-value"
    severity: str             #: "info", "warning" or "error"
    record_index: int         #: 0-based record index, -1 for the whole input
    record_id: str            #: record id or ""
    field: str                #: field machine name, raw label or ""
    source: str               #: file name, "<buffer>" or ""
    line: int                 #: 1-based, 0 unknown
    column: int               #: 1-based, 0 unknown
    value: str                #: the offending value or ""
    message: str
    suggestion: Optional[str]  #: suggested value, or None
    code_number: int          #: numeric code (micic_code), e.g. 202

    def __str__(self):
        where = self.source or "<input>"
        if self.line:
            where += ":%d" % self.line
            if self.column:
                where += ":%d" % self.column
        s = "%s: %s: [%s] %s" % (where, self.severity, self.code, self.message)
        if self.suggestion is not None:
            s += " (did you mean '%s'?)" % self.suggestion
        return s


def _severity_number(s):
    if isinstance(s, int) and not isinstance(s, bool):
        return s
    if s not in _SEVERITIES:
        from ._args import describe
        from ._errors import InvalidArgumentError
        msg = "min_severity must be one of %s, not %s" % (", ".join(map(repr, _SEVERITIES)),
                                                           describe(s))
        if not isinstance(s, str):
            raise TypeError(msg)
        raise InvalidArgumentError(msg)   # a ValueError
    return _c.micic_swig_severity_from_name(str(s))


def _code_number(code):
    """Numeric code of a diagnostic code given by string id or number."""
    if isinstance(code, str):
        n = _c.micic_code_from_name(code)
        if not n:
            import difflib
            from ._catalogue import codes
            names = [c.name for c in codes()]
            near = difflib.get_close_matches(code, names, n=1)
            raise ValueError("unknown diagnostic code %r%s; codes: %s"
                             % (code, " (did you mean %r?)" % near[0] if near else "",
                                ", ".join(names)))
        return n
    from ._args import int_arg
    try:
        return int_arg(code, "code")
    except TypeError:
        from ._args import describe
        raise TypeError("code must be a diagnostic code (str, e.g. 'unknown-value') or its "
                        "number (int), not %s" % describe(code)) from None


_TEXT_ATTRS = (("code", _c.MICIC_ATTR_CODE), ("severity", _c.MICIC_ATTR_SEVERITY),
               ("record_id", _c.MICIC_ATTR_RECORD_ID), ("field", _c.MICIC_ATTR_FIELD),
               ("source", _c.MICIC_ATTR_SOURCE), ("value", _c.MICIC_ATTR_VALUE),
               ("message", _c.MICIC_ATTR_MESSAGE), ("suggestion", _c.MICIC_ATTR_SUGGESTION))
_NUMBER_ATTRS = (("record_index", _c.MICIC_ATTR_RECORD_INDEX), ("line", _c.MICIC_ATTR_LINE),
                 ("column", _c.MICIC_ATTR_COLUMN), ("code_number", _c.MICIC_ATTR_CODE))


class Report:
    """A list of :class:`Diagnostic` from reading, validating or normalizing.

    ``len(report)``, iteration and indexing give diagnostics; ``errors``,
    ``warnings`` and ``infos`` count them; ``render()`` / ``str()`` print them
    the way the ``micic`` command does; ``to_dataframe()`` makes a pandas
    table. A corpus's read report (``Corpus.read_report``) keeps its corpus
    alive.
    """

    __slots__ = ("_h", "_parent")

    def __init__(self, _handle=None, _parent=None):
        self._h = _c.micic_swig_report_new() if _handle is None else _handle
        self._parent = _parent  # keeps the owner of a borrowed report alive

    # -- columns (one C call per attribute) --
    def _columns(self):
        cols = {name: _c.micic_column_report_text(self._h, a) for name, a in _TEXT_ATTRS}
        cols.update({name: _c.micic_column_report_numbers(self._h, a)
                     for name, a in _NUMBER_ATTRS})
        return cols

    @cdoc("micic_report_size")
    def __len__(self) -> int:
        return _c.micic_report_size(self._h)

    def __iter__(self) -> Iterator[Diagnostic]:
        cols = self._columns()
        names = Diagnostic._fields
        return iter([Diagnostic(*row) for row in zip(*(cols[n] for n in names))])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        from ._args import int_arg
        i = int_arg(i, "report index")
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("diagnostic index out of range")
        d = _c.micic_report_get(self._h, i)
        return Diagnostic(
            _c.micic_diagnostic_code_name(d),
            _c.micic_severity_name(_c.micic_diagnostic_severity(d)),
            _c.micic_diagnostic_record_index(d), _c.micic_diagnostic_record_id(d),
            _c.micic_diagnostic_field(d), _c.micic_diagnostic_source(d),
            _c.micic_diagnostic_line(d), _c.micic_diagnostic_column(d),
            _c.micic_diagnostic_value(d), _c.micic_diagnostic_message(d),
            _c.micic_diagnostic_suggestion(d), _c.micic_diagnostic_code(d))

    def __bool__(self):
        return True

    @property
    def errors(self) -> int:
        """Number of errors."""
        return _c.micic_report_count(self._h, _c.MICIC_SEVERITY_ERROR)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return _c.micic_report_count(self._h, _c.MICIC_SEVERITY_WARNING)

    @property
    def infos(self) -> int:
        """Number of info diagnostics."""
        return _c.micic_report_count(self._h, _c.MICIC_SEVERITY_INFO)

    @property
    def records_in(self) -> int:
        """Records the input held (reader reports; 0 otherwise)."""
        return _c.micic_report_records_in(self._h)

    @property
    def rejected(self) -> int:
        """Records rejected by a reader (0 for validation reports)."""
        return _c.micic_report_rejected(self._h)

    @cdoc("micic_validate_ok")
    def ok(self, strict: bool = False) -> bool:
        """True when the report has no errors (nor warnings when ``strict``)."""
        return bool(_c.micic_validate_ok(self._h, 1 if strict else 0))

    @cdoc("micic_report_count_code", "micic_code_from_name")
    def count(self, code: Union[str, int]) -> int:
        """Number of diagnostics with a code (string id or number)."""
        code = _code_number(code)
        return _c.micic_report_count_code(self._h, code)

    def codes(self) -> Dict[str, int]:
        """{code string id: count} of the diagnostics present."""
        out = {}
        for c in _c.micic_column_report_text(self._h, _c.MICIC_ATTR_CODE):
            out[c] = out.get(c, 0) + 1
        return out

    @cdoc("micic_report_filter")
    def filter(self, code: Union[str, int, None] = None, min_severity: str = "info",
               field: Optional[str] = None) -> Report:
        """A new report with the diagnostics that pass: ``code`` (string id or
        number; None = any), at least ``min_severity``, ``field`` (None = any)."""
        from ._args import opt_str_arg
        code = 0 if code is None else _code_number(code)
        field = opt_str_arg(field, "field", "a field name (str) or None")
        h = _c.micic_swig_report_filter(self._h, code, _severity_number(min_severity), field)
        return Report(h)

    @cdoc("micic_report_render")
    def render(self, format: str = "text") -> str:
        """The report as text (one line per diagnostic and a summary), JSON or CSV."""
        try:
            fmt = _FORMATS[format]
        except KeyError:
            raise ValueError("format must be one of %s, not %r"
                             % (", ".join(_FORMATS), format)) from None
        return _c.micic_swig_report_render(self._h, fmt)

    def to_json(self) -> Dict[str, Any]:
        """The JSON rendering parsed into Python objects (data/report.schema.json)."""
        return json.loads(self.render("json"))

    def __str__(self):
        return self.render("text")

    def __repr__(self):
        return "<micic.Report: %d errors, %d warnings, %d info>" % (
            self.errors, self.warnings, self.infos)

    def _repr_html_(self):
        from ._html import table
        shown = self[:20]
        return table("micic.Report: %d errors, %d warnings, %d info"
                     % (self.errors, self.warnings, self.infos),
                     ("where", "severity", "code", "record_id", "field", "message",
                      "suggestion"),
                     [("%s:%d:%d" % (d.source or "<input>", d.line, d.column), d.severity,
                       d.code, d.record_id, d.field, d.message, d.suggestion) for d in shown],
                     max(0, len(self) - len(shown)))

    def add(self, code, message, severity=None, record_index=-1, record_id=None, field=None,
            source=None, line=0, column=0, value=None, suggestion=None):
        """Append a diagnostic (``code``: string id or number; ``severity``
        defaults to the code's own)."""
        code = _code_number(code)
        from ._args import int_arg, opt_str_arg, str_arg
        sev = _c.micic_code_severity(code) if severity is None else _severity_number(severity)
        _c.micic_swig_report_add(self._h, code, sev, int_arg(record_index, "record_index"),
                                 opt_str_arg(record_id, "record_id"), opt_str_arg(field, "field"),
                                 opt_str_arg(source, "source"), int_arg(line, "line"),
                                 int_arg(column, "column"), opt_str_arg(value, "value"),
                                 str_arg(message, "message"), opt_str_arg(suggestion, "suggestion"))

    @cdoc("micic_column_report_text", "micic_column_report_numbers")
    def to_dataframe(self) -> "pandas.DataFrame":
        """One row per diagnostic (pandas). ``code`` is a categorical of every
        code libmicic knows, ``severity`` an ordered categorical
        info < warning < error; ``suggestion`` is None where there is none."""
        pd = need_pandas()
        from ._catalogue import codes
        cols = self._columns()
        df = pd.DataFrame({
            "code": pd.Categorical(cols["code"], categories=[c.name for c in codes()]),
            "code_number": pd.Series(cols["code_number"], dtype="int64"),
            "severity": pd.Categorical(cols["severity"], categories=list(_SEVERITIES),
                                       ordered=True),
            "record_index": pd.Series(cols["record_index"], dtype="int64"),
            "record_id": pd.Series(cols["record_id"], dtype=object),
            "field": pd.Series(cols["field"], dtype=object),
            "source": pd.Series(cols["source"], dtype=object),
            "line": pd.Series(cols["line"], dtype="int64"),
            "column": pd.Series(cols["column"], dtype="int64"),
            "value": pd.Series(cols["value"], dtype=object),
            "message": pd.Series(cols["message"], dtype=object),
            "suggestion": pd.Series(cols["suggestion"], dtype=object),
        })
        return df
