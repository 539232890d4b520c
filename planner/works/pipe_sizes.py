"""A pipe work item's size: its nominal diameter (公称直径 DN, mm), from a stated list.

Only the pipe scope types carry one (``planner.catalogue.PIPE_SIZES``: water, drainage and
heating mains, storm drains, greening water supply); the bill describes each pipe line with
its DN and splits a site's pipes into one line per DN (``planner.boq.bill``). Typed as
``150``, ``DN150`` or ``dn 150``; empty means "not stated".
"""

from __future__ import annotations

import re

from planner.catalogue import PIPE_SIZES

_DN = re.compile(r"^\s*(?:DN\s*)?(\d{1,4})(?:\.0+)?\s*$", re.IGNORECASE)


class PipeSizeError(ValueError):
    """A size refused: ``key`` is the message key, ``params`` its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_pipe_dn(value: object) -> int | None:
    """The DN typed (a number, or text such as ``DN150``), or None when empty.

    Raises ``PipeSizeError("works.error.dn_invalid")`` for anything else.
    """
    if value is None or (isinstance(value, float) and value != value):  # NaN: an emptied cell
        return None
    if isinstance(value, bool):
        raise PipeSizeError("works.error.dn_invalid")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value)
    if not text.strip() or text.strip() in ("<NA>", "nan", "None"):
        return None
    match = _DN.match(text)
    if match is None:
        raise PipeSizeError("works.error.dn_invalid")
    return int(match.group(1))


def check_pipe_dn(scope_key: str, dn: int | None) -> int | None:
    """``dn`` if the scope type takes it: a pipe scope type and a size of its list.

    Raises ``PipeSizeError``: ``works.error.dn_not_pipe`` (not a pipe) or
    ``works.error.dn_not_listed`` (with ``allowed``, the sizes of that pipe).
    """
    if dn is None:
        return None
    sizes = PIPE_SIZES.get(scope_key)
    if sizes is None:
        raise PipeSizeError("works.error.dn_not_pipe")
    if dn not in sizes:
        raise PipeSizeError("works.error.dn_not_listed", allowed=allowed_text(scope_key))
    return dn


def allowed_text(scope_key: str) -> str:
    """The sizes of a pipe scope type as a message lists them: ``DN50, DN65, …``."""
    return ", ".join(f"DN{dn}" for dn in PIPE_SIZES.get(scope_key, ()))


def dn_label(dn: int | None) -> str | None:
    """``DN150`` (None for no size): how the editor shows it."""
    return None if dn is None else f"DN{dn}"


def editor_options() -> list[str]:
    """Every size of every pipe scope type, smallest first, as the editor offers them."""
    return [f"DN{dn}" for dn in sorted({d for sizes in PIPE_SIZES.values() for d in sizes})]
