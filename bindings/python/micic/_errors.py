"""Exceptions raised by libmicic calls.

Every failure of a C call (an I/O error, an unknown format, a query syntax
error, ...) is raised as a :class:`MicicError` subclass carrying the C
``micic_error``: ``code`` (a negative ``micic_status``), ``name``
(``"EIO"``...), ``source``, ``line``, ``column`` (1-based, 0 when unknown)
and ``position`` (0-based byte offset, -1 when unknown).

Problems in the *data* are never exceptions: they are diagnostics in a
:class:`micic.Report`.

Each subclass also derives from the matching built-in exception, so
``except OSError`` catches a file that cannot be read and ``except
ValueError`` catches a query syntax error.
"""

__all__ = [
    "MicicError", "MicicMemoryError", "InvalidArgumentError", "MicicIOError",
    "ParseError", "FormatError", "NotFoundError", "LimitError", "EncodingError",
    "QuerySyntaxError", "VersionError", "CancelledError", "InternalError", "EmptyInputError",
]

# micic_status values (include/micic/common.h); stable.
_STATUS_NAMES = {
    -1: "ENOMEM", -2: "EINVAL", -3: "EIO", -4: "EPARSE", -5: "EFORMAT",
    -6: "ENOTFOUND", -7: "ELIMIT", -8: "EUTF8", -9: "EQUERY", -10: "EVERSION",
    -11: "ECANCELLED", -12: "EINTERNAL",
}


class MicicError(Exception):
    """A libmicic call failed. Base class of every micic exception.

    Attributes: ``code`` (int, a ``micic_status`` such as -3), ``name``
    (``"EIO"``), ``text`` (the C message), ``source`` (file name,
    ``"<buffer>"`` or ``""``), ``line`` and ``column`` (1-based, 0 when
    unknown), ``position`` (byte offset, -1 when unknown).
    """

    #: the ``micic_status`` this class stands for (None: any)
    status = None

    def __init__(self, text, code=None, source="", line=0, column=0, position=-1):
        if code is None:
            code = self.status if self.status is not None else -12
        self.code = int(code)
        self.name = _STATUS_NAMES.get(self.code, "E%d" % -self.code)
        self.text = str(text)
        self.source = source or ""
        self.line = int(line)
        self.column = int(column)
        self.position = int(position)
        super().__init__(self._format())

    def _format(self):
        where = ""
        if self.source:
            where = self.source
            if self.line > 0:
                where += ":%d" % self.line
                if self.column > 0:
                    where += ":%d" % self.column
            where += ": "
        elif self.column > 0:
            where = "column %d: " % self.column
        return "%s%s [%s]" % (where, self.text, self.name)

    def __str__(self):
        return self._format()

    def __reduce__(self):
        return (type(self), (self.text, self.code, self.source, self.line, self.column,
                             self.position))


class MicicMemoryError(MicicError, MemoryError):
    """MICIC_ENOMEM: memory allocation failed."""
    status = -1


class InvalidArgumentError(MicicError, ValueError):
    """MICIC_EINVAL: invalid argument (usage error)."""
    status = -2


class MicicIOError(MicicError, OSError):
    """MICIC_EIO: a file could not be opened, read or written."""
    status = -3


class ParseError(MicicError, ValueError):
    """MICIC_EPARSE: the input could not be parsed at all."""
    status = -4


class FormatError(MicicError, ValueError):
    """MICIC_EFORMAT: unknown or undetectable format."""
    status = -5


class NotFoundError(MicicError, KeyError):
    """MICIC_ENOTFOUND: the looked-up item (a field, a vocabulary...) does
    not exist. A ``KeyError`` (hence a ``LookupError``); the message says
    "did you mean" where something is close."""
    status = -6


class LimitError(MicicError, ValueError):
    """MICIC_ELIMIT: a documented size limit was exceeded."""
    status = -7


class EncodingError(MicicError, UnicodeError):
    """MICIC_EUTF8: text is not valid UTF-8."""
    status = -8


class QuerySyntaxError(MicicError, ValueError):
    """MICIC_EQUERY: query syntax error; ``column`` says where."""
    status = -9


class VersionError(MicicError, ValueError):
    """MICIC_EVERSION: options of an unsupported version."""
    status = -10


class CancelledError(MicicError, RuntimeError):
    """MICIC_ECANCELLED: a callback asked to stop."""
    status = -11


class InternalError(MicicError, RuntimeError):
    """MICIC_EINTERNAL: a bug in libmicic, please report it."""
    status = -12


_BY_CODE = {cls.status: cls for cls in (
    MicicMemoryError, InvalidArgumentError, MicicIOError, ParseError, FormatError,
    NotFoundError, LimitError, EncodingError, QuerySyntaxError, VersionError,
    CancelledError, InternalError)}


class EmptyInputError(ParseError):
    """No practice record was found in the input (an empty file, a CSV
    header alone, content in which no record was recognised): raised by
    :func:`micic.read` and friends instead of returning an empty corpus.
    ``source``, ``line`` and ``column`` say where; the message says what was
    expected; ``report`` is the read report (its "empty-input" errors). A
    ``ValueError`` (through :class:`ParseError`)."""

    def __init__(self, text, code=None, source="", line=0, column=0, position=-1,
                 report=None):
        super().__init__(text, code, source, line, column, position)
        self.report = report

    def __reduce__(self):
        return (type(self), (self.text, self.code, self.source, self.line, self.column,
                             self.position))


def error_class(code):
    """The exception class raised for a ``micic_status`` code."""
    return _BY_CODE.get(int(code), MicicError)


def _from_c(code, text, line, column, position, source):
    """Build the exception for a filled C micic_error (called by the wrapper)."""
    return error_class(code)(text, code, source, line, column, position)
