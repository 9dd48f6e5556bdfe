"""The built-in MICIC catalogue: the 15 Guidelines, phases, controlled
vocabularies, countries, diagnostic codes."""

import threading
from typing import NamedTuple, Optional, Tuple

from . import _core as _c
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
def guidelines():
    """The 15 Guidelines, in order, as :class:`Guideline` tuples."""
    return [_guideline(_c.micic_guideline_get(n))
            for n in range(1, _c.micic_guideline_count() + 1)]


@cdoc("micic_guideline_by_title")
def guideline(key):
    """One guideline by number (1..15) or by title (tolerant matching).

    Raises ``KeyError`` when nothing matches."""
    if isinstance(key, int) and not isinstance(key, bool):
        g = _c.micic_guideline_get(key)
    else:
        g = _c.micic_guideline_by_title(str(key))
    if g is None:
        raise KeyError(key)
    return _guideline(g)


def phases():
    """The three phase labels, in order."""
    return [_c.micic_phase_label(p) for p in (_c.MICIC_PHASE_PREPAREDNESS,
                                               _c.MICIC_PHASE_EMERGENCY,
                                               _c.MICIC_PHASE_POST_CRISIS)]


def _vocab_number(name):
    if isinstance(name, int) and not isinstance(name, bool):
        return name
    return _c.micic_swig_vocab_from_name(str(name))  # raises NotFoundError


@cdoc("micic_vocab_size", "micic_vocab_label")
def vocabulary(name):
    """Canonical labels of a controlled vocabulary ("crisis", "Type of crisis", ...)."""
    v = _vocab_number(name)
    return [_c.micic_vocab_label(v, i) for i in range(_c.micic_vocab_size(v))]


def vocabularies():
    """Every vocabulary: {machine name: [labels]}."""
    return {_c.micic_vocab_name(v): vocabulary(v) for v in range(_c.MICIC_VOCAB_COUNT)}


@cdoc("micic_vocab_lookup")
def lookup(vocab, text):
    """Canonical label of ``text`` in a vocabulary, or None when not a sure match."""
    return _c.micic_vocab_lookup(_vocab_number(vocab), text)


@cdoc("micic_vocab_suggest")
def closest(vocab, text):
    """Closest canonical label for a "did you mean", or None."""
    return _c.micic_vocab_suggest(_vocab_number(vocab), text)


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
def country(text, suggest=False):
    """Country by name, alias or code; None when there is no sure match
    (with ``suggest=True``: the closest one, for a "did you mean")."""
    c = _c.micic_country_lookup(text)
    if c is None and suggest:
        c = _c.micic_country_suggest(text)
    return None if c is None else _country(c)


def countries():
    """Every country of the table ("Global" last)."""
    return [_country(_c.micic_country_at(i)) for i in range(_c.micic_country_count())]


@cdoc("micic_fold")
def fold(text):
    """Fold text for tolerant comparison (case, accents, quotes, spaces)."""
    return _c.micic_swig_fold(text)


class Code(NamedTuple):
    """A diagnostic code."""
    number: int
    name: str
    severity: str
    description: str


def codes():
    """Every diagnostic code libmicic knows (1xx reading, 2xx validation,
    3xx normalization), in number order."""
    out = []
    for n in range(100, 400):
        name = _c.micic_code_name(n)
        if name:
            out.append(Code(n, name, _c.micic_severity_name(_c.micic_code_severity(n)),
                            _c.micic_code_description(n)))
    return out


@cdoc("micic_field_vocab")
def levels(field):
    """Every level a field can take, for categoricals: the vocabulary labels
    for fields with a controlled vocabulary, "1".."15" for guideline, and
    None for open fields (titles, countries, free text...)."""
    f = field_number(field)
    if f == _c.MICIC_FIELD_GUIDELINE:
        return [str(n) for n in range(1, _c.micic_guideline_count() + 1)]
    v = _c.micic_swig_field_vocab(f)
    if v < 0 or not _c.micic_vocab_is_closed(v):
        return None
    return vocabulary(v)


def categories(field):
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
def suggest(text, k=3):
    """Rank the 15 Guidelines for a free text using the built-in catalogue
    only (titles, themes, texts, Sample Practices). Use
    :meth:`Corpus.suggest` to also learn from a corpus's tagged practices.
    Returns a list of :class:`micic.Suggestion`, best first."""
    from ._corpus import _suggestions
    s = _default_suggester()
    return _suggestions(_c.micic_swig_suggest(s, text, 0 if k is None else k))
