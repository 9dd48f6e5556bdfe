"""The ``progress`` argument of the long calls (reading, validating,
indexing): libmicic's progress callbacks (``micic_progress_cb``).

``progress`` is one of:

- ``None`` (default) or ``False``: no callback;
- a callable ``progress(done, total)``: called on the calling thread with
  the units done and the total (bytes of the file being read; records
  validated or indexed; ``total`` is 0 when unknown). Return ``True`` to
  cancel: the call raises :class:`micic.CancelledError`. Any other return
  value (``None``...) goes on. An exception raised by the callable (say
  ``KeyboardInterrupt``) stops the C call and is re-raised unchanged;
- ``True``: a progress bar on standard error, a ``tqdm`` bar when tqdm is
  installed, else a one-line text bar.
"""

import sys
import time

__all__ = ["callback"]


class callback:
    """Context manager turning a ``progress`` argument into the callable
    handed to the C call (or None), and closing the bar it made, if any.

        with callback(progress, "validating") as cb:
            _c.micic_swig_validate(h, strict, cb)
    """

    __slots__ = ("fn", "_bar")

    def __init__(self, progress, what, unit="records"):
        self._bar = None
        if progress is None or progress is False:
            self.fn = None
        elif progress is True:
            self._bar = _make_bar(what, unit)
            self.fn = self._bar.update
        elif callable(progress):
            self.fn = progress
        else:
            raise TypeError("progress must be None, True or a callable progress(done, total), "
                            "not %s" % type(progress).__name__)

    def __enter__(self):
        return self.fn

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.close()
        return False


def _make_bar(what, unit):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return TextBar(what, unit)
    return TqdmBar(tqdm, what, unit)


class TqdmBar:
    """A tqdm bar fed by a progress callback. A new total or ``done`` going
    back (the next file of a directory) restarts the bar."""

    def __init__(self, tqdm, what, unit):
        self._tqdm = tqdm
        self._what = what
        self._unit = unit
        self._bar = None
        self._done = 0
        self._total = 0

    def update(self, done, total):
        bar = self._bar
        if bar is None:
            kw = {"unit": "B", "unit_scale": True, "unit_divisor": 1024} \
                if self._unit == "bytes" else {"unit": " " + self._unit}
            bar = self._bar = self._tqdm(total=total or None, desc=self._what, leave=False,
                                         file=sys.stderr, **kw)
            self._done = 0
        elif done < self._done or total != self._total:
            bar.reset(total=total or None)
            self._done = 0
        self._total = total
        bar.update(done - self._done)
        self._done = done
        return None   # not tqdm.update()'s True: that would cancel

    def close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class TextBar:
    """``reading [##########..........]  50%  6.4/12.7 kB`` on one line of
    standard error, redrawn at most 10 times a second; a new line at the end."""

    WIDTH = 30

    def __init__(self, what, unit, stream=None):
        self._what = what
        self._unit = unit
        self._stream = stream
        self._last = 0.0
        self._shown = 0      # length of the line on screen
        self._pending = None

    def _count(self, n):
        if self._unit != "bytes":
            return "%d" % n
        return "%.1f MB" % (n / 1e6) if n >= 1e6 else "%.1f kB" % (n / 1e3)

    def _line(self, done, total):
        if total:
            fill = self.WIDTH if done >= total else done * self.WIDTH // total
            pct = 100 if done >= total else done * 100 // total
            return "%s [%s%s] %3d%%  %s/%s" % (self._what, "#" * fill, "." * (self.WIDTH - fill),
                                               pct, self._count(done), self._count(total))
        return "%s %s" % (self._what, self._count(done))

    def _draw(self, line):
        stream = self._stream or sys.stderr
        pad = " " * max(0, self._shown - len(line))
        stream.write("\r" + line + pad)
        stream.flush()
        self._shown = len(line)

    def update(self, done, total):
        now = time.monotonic()
        line = self._line(done, total)
        if self._shown and now - self._last < 0.1 and not (total and done >= total):
            self._pending = line
            return None
        self._last = now
        self._pending = None
        self._draw(line)
        return None

    def close(self):
        if self._pending is not None:
            self._draw(self._pending)
            self._pending = None
        if self._shown:
            stream = self._stream or sys.stderr
            stream.write("\n")
            stream.flush()
            self._shown = 0
