"""The one family of refusals: what a user action did not do, and why, in the user's language.

Every action (``planner/<domain>/actions.py``) that refuses raises a :class:`Refused` (or a
subclass naming the kind). A refusal carries a message key of the catalogue (``planner.i18n``)
and the values of its placeholders, optionally the form field it belongs beside, and, for a
refusal with several reasons (the rows of an import, the fields of a form), those reasons. So
a page, the command line and the public HTML pages show every refusal the same way, in the
reader's language, and a form can put each reason beside its field while keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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
        **values: object,
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

    def __str__(self) -> str:  # logs and tracebacks read English
        return "; ".join(self.messages("en"))


class Busy(Refused):
    """The database was busy (another writer held it): worth a "try again", not a bug."""

    def __init__(self) -> None:
        super().__init__("error.busy")
