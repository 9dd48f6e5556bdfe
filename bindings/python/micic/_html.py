"""HTML tables for Jupyter (``_repr_html_``) without pandas."""

import html

__all__ = ["table", "short"]

_STYLE = ' style="text-align:left;vertical-align:top"'


def short(value, limit=80):
    """A cell's text: lists joined with "; ", None as "", cut at ``limit``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def table(caption, headers, rows, more=0):
    """An HTML table; ``more`` rows not shown are counted in a last line."""
    esc = html.escape
    out = ["<div><p><b>%s</b></p><table>" % esc(caption)]
    if headers:
        out.append("<thead><tr>%s</tr></thead>"
                   % "".join("<th%s>%s</th>" % (_STYLE, esc(h)) for h in headers))
    out.append("<tbody>")
    for row in rows:
        out.append("<tr>%s</tr>" % "".join("<td%s>%s</td>" % (_STYLE, esc(short(c)))
                                            for c in row))
    out.append("</tbody></table>")
    if more:
        out.append("<p>… and %d more</p>" % more)
    out.append("</div>")
    return "".join(out)
