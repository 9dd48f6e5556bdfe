"""Argument checks shared by the package: wrong types raise TypeError
naming the argument, the accepted types and the value, before any C call.
numpy integer and string scalars are accepted wherever int and str are
(``np.int64`` has ``__index__``; ``np.str_`` is a ``str``)."""

import operator
import os

__all__ = ["int_arg", "str_arg", "opt_str_arg", "bool_arg", "path_arg", "describe"]


def describe(value):
    """``float (3.5)`` for error messages: the type and a short repr."""
    r = repr(value)
    if len(r) > 60:
        r = r[:57] + "..."
    return "%s (%s)" % (type(value).__name__, r)


def _is_bool(value):
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def int_arg(value, name, none=False, minimum=None):
    """``value`` as an int: int or numpy integer (not bool, not float);
    None too when ``none``."""
    if value is None and none:
        return None
    if _is_bool(value) or not hasattr(type(value), "__index__"):
        raise TypeError("%s must be an int%s, not %s"
                        % (name, " or None" if none else "", describe(value)))
    v = operator.index(value)
    if minimum is not None and v < minimum:
        raise ValueError("%s must be >= %d, not %d" % (name, minimum, v))
    return v


def str_arg(value, name, what="a str"):
    """``value`` as a str (numpy str scalars are str)."""
    if not isinstance(value, str):
        raise TypeError("%s must be %s, not %s" % (name, what, describe(value)))
    return str(value)


def opt_str_arg(value, name, what="a str or None"):
    if value is None:
        return None
    return str_arg(value, name, what)


def bool_arg(value, name):
    if _is_bool(value):
        return bool(value)
    raise TypeError("%s must be True or False, not %s" % (name, describe(value)))


def path_arg(value, name="path"):
    """A str or os.PathLike path as a str."""
    if isinstance(value, (str, os.PathLike)):
        p = os.fspath(value)
        if isinstance(p, bytes):
            p = os.fsdecode(p)
        return p
    raise TypeError("%s must be a path (str or os.PathLike), not %s" % (name, describe(value)))
