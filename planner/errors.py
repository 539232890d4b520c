"""The one family of refusals: what a user action did not do, and why, in the user's language.

Every action (``planner/<domain>/actions.py``) that refuses raises a :class:`Refused` (or a
subclass naming the kind). A refusal carries a message key of the catalogue (``planner.i18n``)
and the values of its placeholders, optionally the form field it belongs beside, and, for a
refusal with several reasons (the rows of an import, the fields of a form), those reasons. So
a page, the command line and the public HTML pages show every refusal the same way, in the
reader's language, and a form can put each reason beside its field while keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Self

from planner.i18n import t


class Refused(Exception):
    """A user action that wrote nothing, for a reason the user can act on.

    Parameters
    ----------
    key
        Message key in the catalogue (``planner/messages/``).
    field
        The form field the reason belongs beside (``None``: the form as a whole).
    reasons
        Further refusals, one per reason, when there are several (each may name its field).
    values
        The values of the message's placeholders.
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        field: str | None = None,
        reasons: Sequence[Refused] = (),
        **values: Any,
    ) -> None:
        super().__init__(key, values)
        self.key = key
        self.field = field
        self.values = values
        self.reasons = list(reasons)

    def message(self, lang: str | None) -> str:
        """This refusal's own message in ``lang`` (subclasses may format their values)."""
        return t(self.key, lang, **self.values)

    def messages(self, lang: str | None) -> list[str]:
        """Every message in ``lang``: this refusal's own, then one per further reason."""
        return [self.message(lang), *(m for r in self.reasons for m in r.messages(lang))]

    @classmethod
    def from_keys(cls, keys: Sequence[str], *, fields: Mapping[str, str] | None = None) -> Self:
        """One refusal for several reasons given as message keys without values: the first
        is its own, the others its further reasons (``fields``: the field of a key)."""
        where = fields or {}
        first, *rest = keys
        return cls(
            first, field=where.get(first), reasons=[cls(k, field=where.get(k)) for k in rest]
        )

    @property
    def keys(self) -> list[str]:
        """The message key of every reason, this refusal's own first."""
        return [refusal.key for refusal in self.walk()]

    def walk(self) -> Iterator[Refused]:
        """This refusal and every further reason, depth first."""
        yield self
        for reason in self.reasons:
            yield from reason.walk()

    def by_field(self, lang: str | None) -> dict[str | None, list[str]]:
        """Messages grouped by the field they belong beside (``None``: the whole form)."""
        grouped: dict[str | None, list[str]] = {}
        for refusal in self.walk():
            grouped.setdefault(refusal.field, []).append(refusal.message(lang))
        return grouped

    def __str__(self) -> str:  # logs and tracebacks: the key (to search for), then English
        return f"{self.key}: " + "; ".join(self.messages("en"))


class Busy(Refused):
    """The database was busy (another writer held it), or no slot of a shared pool came free
    in time (``planner.limits.work_slot``): worth a "try again", not a bug."""

    def __init__(self, key: str = "error.busy", /, **values: Any) -> None:
        super().__init__(key, **values)


@contextmanager
def busy_refused() -> Iterator[None]:
    """Turn a database that was busy (SQLite "database is locked" after its wait, a
    PostgreSQL lock or statement timeout) into :class:`Busy`; anything else goes on as it is.

    Actions and page reads open their sessions inside it (``planner.transactions``), so a page
    or the command line never has to recognise a driver's error text.
    """
    try:
        yield
    except Exception as error:
        from db.session import is_busy  # here: the error family loads no database library

        if is_busy(error):
            raise Busy() from error
        raise
