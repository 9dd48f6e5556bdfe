"""The built-in MICIC catalogue: the 15 Guidelines, phases, controlled
vocabularies, countries, diagnostic codes."""

from __future__ import annotations

import threading
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

from . import _core as _c
import re

from ._args import describe, int_arg, str_arg
from ._base import FIELDS, cdoc, field_number, need_pandas

__all__ = ["Guideline", "Country", "Code", "guidelines", "guideline", "phases",
           "vocabularies", "vocabulary", "lookup", "closest", "country", "countries",
           "fold", "codes", "levels", "categories", "suggest"]


class Guideline(NamedTuple):
    """One of the 15 MICIC Guidelines."""
    number: int
    title: str
    theme: str          #: thematic-area label as the Repository shows it
    phase: str          #: "Crisis Preparedness", "Emergency Response" or "Post-Crisis Action"
    text: Optional[str]  #: body text (paragraphs split by blank lines) or None
    samples: Tuple[str, ...]   #: Sample Practices
    variants: Tuple[str, ...]  #: variant wordings of the title seen in documents
    description: str    #: the project's own description (aim, actions, practices, stakeholders, vocabulary)


def _guideline(g):
    samples = tuple(_c.micic_guideline_sample(g, i)
                    for i in range(_c.micic_guideline_sample_count(g)))
    variants = tuple(_c.micic_guideline_variant(g, i)
                     for i in range(_c.micic_guideline_variant_count(g)))
    return Guideline(_c.micic_guideline_number(g), _c.micic_guideline_title(g),
                     _c.micic_guideline_theme(g),
                     _c.micic_phase_label(_c.micic_guideline_phase(g)),
                     _c.micic_guideline_text(g), samples, variants,
                     _c.micic_guideline_description(g))


@cdoc("micic_guideline_count", "micic_guideline_get")
def guidelines() -> List[Guideline]:
    """The 15 Guidelines, in order, as :class:`Guideline` tuples."""
    return [_guideline(_c.micic_guideline_get(n))
            for n in range(1, _c.micic_guideline_count() + 1)]


_GUIDELINE_LABEL = re.compile(r"^\s*(?:guideline\s*)?(\d+)\s*(?::.*)?$", re.I | re.S)


@cdoc("micic_guideline_by_title")
def guideline(key: Union[int, str]) -> Guideline:
    """One guideline by number (``14``, ``np.int64(14)``, ``"14"``), by label
    (``"Guideline 14"``, ``"Guideline 14: ..."``), by thematic-area label, or
    by title (tolerant matching).

    Raises ``KeyError`` naming the value when nothing matches, ``TypeError``
    for anything but an int or a str.

    Example::

        micic.guideline(14).title == micic.guideline("14").title
    """
    if isinstance(key, str):
        m = _GUIDELINE_LABEL.match(key)
        if m:
            number = int(m.group(1))
        else:
            theme = str(key).strip().casefold()
            for n in range(1, _c.micic_guideline_count() + 1):
                if _c.micic_guideline_theme(_c.micic_guideline_get(n)).casefold() == theme:
                    return _guideline(_c.micic_guideline_get(n))
            g = _c.micic_guideline_by_title(str(key))
            if g is None:
                raise KeyError("no guideline matches %r (give a number 1..%d, \"Guideline N\", "
                               "a thematic area or a title)" % (str(key), _c.micic_guideline_count()))
            return _guideline(g)
    else:
        try:
            number = int_arg(key, "key")
        except TypeError:
            raise TypeError("key must be a guideline number (int) or a str (number, label or "
                            "title), not %s" % describe(key)) from None
    g = _c.micic_guideline_get(number) if 0 < number <= _c.micic_guideline_count() else None
    if g is None:
        raise KeyError("no guideline %d: guidelines are numbered 1..%d"
                       % (number, _c.micic_guideline_count()))
    return _guideline(g)


def phases() -> List[str]:
    """The three phase labels, in order."""
    return [_c.micic_phase_label(p) for p in (_c.MICIC_PHASE_PREPAREDNESS,
                                               _c.MICIC_PHASE_EMERGENCY,
                                               _c.MICIC_PHASE_POST_CRISIS)]


def _vocab_number(name):
    if isinstance(name, int) and not isinstance(name, bool):
        return name  # internal callers
    name = str_arg(name, "name", "a vocabulary name (str)")
    return _c.micic_swig_vocab_from_name(name)  # NotFoundError: did you mean, the names


@cdoc("micic_vocab_size", "micic_vocab_label")
def vocabulary(name: str) -> List[str]:
    """Canonical labels of a controlled vocabulary ("crisis", "Type of crisis", ...)."""
    v = _vocab_number(name)
    return [_c.micic_vocab_label(v, i) for i in range(_c.micic_vocab_size(v))]


def vocabularies() -> Dict[str, List[str]]:
    """Every vocabulary: {machine name: [labels]}."""
    return {_c.micic_vocab_name(v): vocabulary(v) for v in range(_c.MICIC_VOCAB_COUNT)}


@cdoc("micic_vocab_lookup")
def lookup(vocab: str, text: str) -> Optional[str]:
    """Canonical label of ``text`` in a vocabulary, or None when not a sure match."""
    return _c.micic_vocab_lookup(_vocab_number(vocab), str_arg(text, "text"))


@cdoc("micic_vocab_suggest")
def closest(vocab: str, text: str) -> Optional[str]:
    """Closest canonical label for a "did you mean", or None."""
    return _c.micic_vocab_suggest(_vocab_number(vocab), str_arg(text, "text"))


class Country(NamedTuple):
    """An ISO 3166-1 country (or the MICIC value "Global")."""
    name: str
    alpha2: str
    alpha3: str
    numeric: str
    official_name: str


def _country(c):
    return Country(_c.micic_country_name(c), _c.micic_country_alpha2(c),
                   _c.micic_country_alpha3(c), _c.micic_country_numeric(c),
                   _c.micic_country_official_name(c))


@cdoc("micic_country_lookup", "micic_country_suggest")
def country(text: str, suggest: bool = False) -> Optional[Country]:
    """Country by name, alias or code; None when there is no sure match
    (with ``suggest=True``: the closest one, for a "did you mean")."""
    text = str_arg(text, "text")
    c = _c.micic_country_lookup(text)
    if c is None and suggest:
        c = _c.micic_country_suggest(text)
    return None if c is None else _country(c)


def countries() -> List[Country]:
    """Every country of the table ("Global" last)."""
    return [_country(_c.micic_country_at(i)) for i in range(_c.micic_country_count())]


@cdoc("micic_fold")
def fold(text: str) -> str:
    """Fold text for tolerant comparison (case, accents, quotes, spaces)."""
    return _c.micic_swig_fold(str_arg(text, "text"))


class Code(NamedTuple):
    """A diagnostic code."""
    number: int
    name: str
    severity: str
    description: str


def codes() -> List[Code]:
    """Every diagnostic code libmicic knows (1xx reading, 2xx validation,
    3xx normalization), in number order."""
    out = []
    for n in range(100, 400):
        name = _c.micic_code_name(n)
        if name:
            out.append(Code(n, name, _c.micic_severity_name(_c.micic_code_severity(n)),
                            _c.micic_code_description(n)))
    return out


@cdoc("micic_field_level_count", "micic_field_level")
def levels(field: str) -> Optional[List[Any]]:
    """Every level a field can take, for categoricals: the vocabulary labels
    for fields with a closed controlled vocabulary, the ints 1..15 for
    guideline, and None for open fields (titles, countries, free text...)."""
    f = field_number(field)
    if f == _c.MICIC_FIELD_GUIDELINE:
        return [int(_c.micic_field_level(f, i)) for i in range(_c.micic_field_level_count(f))]
    v = _c.micic_swig_field_vocab(f)
    if v < 0 or not _c.micic_vocab_is_closed(v):
        return None
    return [_c.micic_field_level(f, i) for i in range(_c.micic_field_level_count(f))]


def categories(field: str) -> "pandas.CategoricalDtype":
    """A pandas CategoricalDtype carrying the full vocabulary of a field
    (ordered as the catalogue lists it), e.g. for
    ``df.explode("phase").astype({"phase": micic.categories("phase")})``."""
    pd = need_pandas()
    lv = levels(field)
    if lv is None:
        raise ValueError("field %r has no controlled vocabulary" % FIELDS[field_number(field)])
    return pd.CategoricalDtype(lv, ordered=True)


# ---- guideline suggestion from the catalogue alone -----------------------

_catalogue_suggester = None
_catalogue_suggester_lock = threading.Lock()


def _default_suggester():
    global _catalogue_suggester
    with _catalogue_suggester_lock:
        if _catalogue_suggester is None:
            _catalogue_suggester = _c.micic_swig_suggester_new(None, None)
        return _catalogue_suggester


@cdoc("micic_suggest")
def suggest(text: str, k: Optional[int] = 3) -> "Suggestions":
    """Rank the 15 Guidelines for a free text using the built-in catalogue
    only (titles, themes, texts, Sample Practices). Use
    :meth:`Corpus.suggest` to also learn from a corpus's tagged practices.
    Returns a list of :class:`micic.Suggestion`, best first."""
    from ._corpus import _suggestions
    text = str_arg(text, "text")
    k = int_arg(k, "k", none=True, minimum=0)
    s = _default_suggester()
    return _suggestions(_c.micic_swig_suggest(s, text, 0 if k is None else k))


from ._corpus import Suggestions  # noqa: E402,F401  (resolves the hint of suggest())
