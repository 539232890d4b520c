"""Text from a file or a person, made safe wherever Streamlit reads Markdown.

Streamlit renders Markdown (and some HTML) in ``st.markdown``, ``st.caption``, titles and
headers, info and error boxes, widget labels, expander and metric labels. A site name from a
GIS file, a display name, a column header or a resident's message, put there as it is, can
become a live link, fetch an image from elsewhere or restyle the page
(``[点这里](http://evil.example)``, ``![](http://evil.example/x.png)``). Everything dynamic
that goes there goes through :func:`md` (one helper, used everywhere; a test finds calls
that do not), and messages with dynamic values through :func:`md_t`.

:func:`md` escapes every Markdown and HTML special character and breaks what GitHub-style
Markdown would turn into a link by itself: ``www.`` addresses, ``http://`` and ``https://``
addresses and e-mail addresses. Streamlit finds those in the text *after* the escapes are
read, so escaping is not enough: a word joiner (U+2060, invisible) goes after ``www``, after
the scheme's colon and after ``@``. The text reads the same; it links to nothing.

Charts (plotly) read a small HTML of their own in every text they draw (titles, tick labels,
hover labels, legend names): ``<a href>`` becomes a link, ``<br>`` breaks a name,
``<span style>`` restyles it. Dynamic text for a chart goes through :func:`chart_text`.
"""

from __future__ import annotations

import html
import re
from typing import Any

from planner.i18n import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&])")
#: U+2060 WORD JOINER: no width, no break, not a word character.
JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?i)(www)(?=\.)|(https?|ftp|mailto):(?=/)|(@)(?=[-\w])")


class Escaped(str):
    """Text already made safe by :func:`md`, :func:`md_t` or :func:`md_refusal`: put into
    another message (a refusal beside its field's label), it is not escaped twice."""

    __slots__ = ()


def md(text: object) -> Escaped:
    """``text`` as Streamlit's Markdown shows it as typed: no markup, no link, no image.

    >>> md("见 www.a.cn 或 [这](http://a.cn)").replace(JOINER, "|")
    '见 www|\\\\.a\\\\.cn 或 \\\\[这\\\\]\\\\(http\\\\:|//a\\\\.cn\\\\)'
    """
    if isinstance(text, Escaped):
        return text
    value = "" if text is None else str(text)
    value = _AUTOLINKS.sub(lambda m: (m.group(0) or "") + JOINER, value)
    return Escaped(_MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n"))


def md_t(key: str, lang: str | None, **values: Any) -> Escaped:
    """The message ``key`` with every text value made safe by :func:`md` (numbers and dates
    as they are: they cannot hold markup, and keep their format specifications)."""
    safe = {k: md(v) if isinstance(v, str) else v for k, v in values.items()}
    return Escaped(t(key, lang, **safe))


def md_refusal(refusal: Any, lang: str | None) -> Escaped:
    """A refusal's own message (``planner.errors.Refused``: a ``key`` and its ``values``) with
    its values made safe: they often name what came from a file (a column, a name). A kind of
    refusal that words its message itself (its own ``message``: a row and a column, a file
    name) is escaped whole."""
    from planner.errors import Refused

    own = getattr(type(refusal), "message", None)
    if own is not None and own is not Refused.message:
        return md(refusal.message(lang))
    return md_t(refusal.key, lang, **dict(refusal.values))


def chart_text(text: object) -> str:
    """``text`` as a plotly chart shows it as typed: ``<``, ``>`` and ``&`` as entities, which
    plotly draws as the characters (never as a link, a break or a style).

    >>> chart_text("<a href='https://evil.example'>点此</a> & 3 < 4")
    "&lt;a href='https://evil.example'&gt;点此&lt;/a&gt; &amp; 3 &lt; 4"
    """
    return html.escape("" if text is None else str(text), quote=False)
