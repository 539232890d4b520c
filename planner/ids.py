"""Ids from links (``?site=12&work=40&buildings=3,4``), within the range of their column.

Links are typed, cut, forwarded and forged. Every id column is an ``INTEGER`` (PostgreSQL's
``integer``: up to 2,147,483,647); a larger number made PostgreSQL raise "integer out of range"
inside the page's query, and the page showed "出现了意外错误" with a traceback in the log
(``/compound?site=c2023_02&work=2147483648``, ``2**63``, 5,000 digits). :func:`parse_id` reads
an id only within that range, so such a link is one that names nothing.
"""

from __future__ import annotations

#: The largest value of an ``INTEGER`` id column (PostgreSQL's, the narrower of the two
#: databases: SQLite would take up to 2**63 - 1).
MAX_ID = 2**31 - 1
_MAX_DIGITS = len(str(MAX_ID))
#: At most this many ids are read from one list parameter.
MAX_IDS = 500


def parse_id(value: object) -> int | None:
    """An id from a query parameter ("12" → 12; a list: its first value); None for anything
    that is not a whole number from 1 to :data:`MAX_ID` written in ASCII digits."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(value: object) -> tuple[int, ...]:
    """The ids of a comma-separated parameter ("3,4,5"); values that are no id are left out,
    and so is everything past :data:`MAX_IDS`."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str):
        return ()
    found = (parse_id(part) for part in value.split(",", MAX_IDS)[:MAX_IDS])
    return tuple(dict.fromkeys(i for i in found if i is not None))
