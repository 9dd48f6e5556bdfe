"""micic: Python binding of libmicic, the data library for the MICIC
Initiative's 15 Guidelines and Repository of Practices (Migrants in
Countries in Crisis).

    >>> import micic
    >>> corpus = micic.read_bundled()            # or micic.read(path), micic.read_text(text)
    >>> report = corpus.validate()               # data problems: a Report
    >>> hits = corpus.search("guideline:14 evacuation", k=5)
    >>> micic.suggest("helping returnees find work after the conflict")
    >>> corpus.crosstab("guideline", "phase")    # pandas DataFrame

The C library does the work; this package is a thin Pythonic layer over
the private SWIG module ``micic._core``. Docstrings include the C header
documentation of the functions they call. pandas is optional (needed by
``to_dataframe``, ``to_long``, ``from_dataframe``, ``crosstab``).
"""

from . import _core as _c
from ._errors import (CancelledError, EmptyInputError, EncodingError, FormatError, InternalError,
                      InvalidArgumentError, LimitError, MicicError, MicicIOError,
                      MicicMemoryError, NotFoundError, ParseError, QuerySyntaxError,
                      VersionError, error_class)


def _check_version(compiled, linked):
    """Refuse to run a wrapper compiled for other headers than the library
    it is linked with (an old libmicic.so found first, a stale build...)."""
    if compiled != linked:
        def fmt(n):
            return "%d.%d.%d" % (n // 10000, n // 100 % 100, n % 100)
        raise ImportError(
            "micic: the compiled module was built for libmicic %s (MICIC_VERSION_NUMBER %d) "
            "but the C library loaded at run time is %s (micic_version_number() = %d); "
            "rebuild/reinstall the micic Python package against the same libmicic"
            % (fmt(compiled), compiled, fmt(linked), linked))


_check_version(_c.micic_swig_compiled_version_number(), _c.micic_version_number())

#: version of the C library (MAJOR.MINOR.PATCH); the package has the same
__version__ = _c.micic_version()
#: MAJOR*10000 + MINOR*100 + PATCH
version_number = _c.micic_version_number()

from ._base import FIELDS, SINGLE_FIELDS, c_api  # noqa: E402
from ._catalogue import (Code, Country, Guideline, categories, closest, codes,  # noqa: E402
                         countries, country, fold, guideline, guidelines, levels, lookup,
                         phases, suggest, vocabularies, vocabulary)
from ._report import Diagnostic, Report  # noqa: E402
from ._corpus import (Corpus, Gap, Gaps, Hit, Hits, Location, Practice,  # noqa: E402
                      Suggestion, Suggestions, bundled_dir, detect_format, from_text, read, read_bundled,
                      read_file, read_text)
from . import _arrow  # noqa: E402  (Arrow PyCapsule Interface: Corpus.__arrow_c_stream__, ...)

_arrow._install()

__all__ = [
    "__version__", "version_number", "FIELDS", "SINGLE_FIELDS", "c_api",
    # reading
    "read", "read_file", "read_text", "from_text", "read_bundled", "bundled_dir", "detect_format",
    # objects
    "Corpus", "Practice", "Report", "Diagnostic", "Location", "Hit", "Hits",
    "Suggestion", "Suggestions", "Gap", "Gaps",
    # catalogue
    "Guideline", "Country", "Code", "guidelines", "guideline", "phases", "vocabularies",
    "vocabulary", "lookup", "closest", "country", "countries", "fold", "codes", "levels",
    "categories", "suggest",
    # errors
    "MicicError", "MicicMemoryError", "InvalidArgumentError", "MicicIOError", "ParseError",
    "FormatError", "NotFoundError", "LimitError", "EncodingError", "QuerySyntaxError",
    "VersionError", "CancelledError", "InternalError", "EmptyInputError", "error_class",
]

from . import _doc  # noqa: E402

_doc.apply(globals())  # Parameters/Returns/Raises/Examples of every public callable
del _doc
