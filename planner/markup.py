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
"""

from __future__ import annotations

import re
from typing import Any

from planner.i18n import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&])")
#: U+2060 WORD JOINER: no width, no break, not a word character.
JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?i)(www)(?=\.)|(https?|ftp|mailto):(?=/)|(@)(?=[-\w])")


def md(text: object) -> str:
    """``text`` as Streamlit's Markdown shows it as typed: no markup, no link, no image.

    >>> md("见 www.a.cn 或 [这](http://a.cn)").replace(JOINER, "|")
    '见 www|\\\\.a\\\\.cn 或 \\\\[这\\\\]\\\\(http\\\\:|//a\\\\.cn\\\\)'
    """
    value = "" if text is None else str(text)
    value = _AUTOLINKS.sub(lambda m: (m.group(0) or "") + JOINER, value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n")


def md_t(key: str, lang: str | None, **values: Any) -> str:
    """The message ``key`` with every text value made safe by :func:`md` (numbers and dates
    as they are: they cannot hold markup, and keep their format specifications)."""
    return t(key, lang, **{k: md(v) if isinstance(v, str) else v for k, v in values.items()})


def md_refusal(refusal: Any, lang: str | None) -> str:
    """A refusal's message (any of the planner's refusal kinds: a ``key`` and its ``values``)
    with its values made safe: they often name what came from a file (a column, a name)."""
    return md_t(refusal.key, lang, **dict(refusal.values))
