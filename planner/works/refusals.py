"""Why a save or an addition of work items wrote nothing: one refusal per :class:`Issue`.

``SaveRefused`` is the family (``planner.errors.Refused``); its kinds say what the page may
do next: correct a value (``InvalidChangesError``), reload (``StaleWorkItemError``), edit the
item already there (``DuplicateWorkItemError``), or give a reason (``NeedsReason``).
Re-exported by ``planner.works.items``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from planner.errors import Refused
from planner.works import quantities
from planner.works.fields import WorkItemRow
from planner.works.validation import Issue, ValidationResult


class SaveRefused(Refused):
    """A save or an addition that wrote nothing: one reason per :class:`Issue` (the first is
    the refusal's own, the others its further reasons), each naming its row and field.

    Make one from issues with :meth:`of`; ``issues`` gives them back.
    """

    def message(self, lang: str | None) -> str:
        """This reason in ``lang``, naming the row (scope type) and the field."""
        return self.issue.message(lang)

    @property
    def issue(self) -> Issue:
        """This reason as the validation's :class:`Issue`."""
        params = {k: v for k, v in self.values.items() if k != "scope_key"}
        scope_key = self.values.get("scope_key")
        return Issue(
            self.key, scope_key if isinstance(scope_key, str) else None, self.field, params
        )

    @property
    def issues(self) -> list[Issue]:
        """Every reason as an :class:`Issue`, in order."""
        return [r.issue if isinstance(r, SaveRefused) else Issue(r.key) for r in self.walk()]

    @classmethod
    def of(cls, issues: Sequence[Issue]) -> Self:
        """The refusal of these issues (at least one)."""
        first, *rest = list(issues) or [Issue("works.refused")]
        return cls(
            first.key,
            field=first.field,
            reasons=[SaveRefused.of([issue]) for issue in rest],
            scope_key=first.scope_key,
            **first.params,
        )


class InvalidChangesError(SaveRefused):
    """Validation refused the save (its reasons are the validation's errors)."""


class StaleWorkItemError(SaveRefused):
    """Another user saved one of the items since it was loaded; ``rows`` are those items."""

    rows: list[WorkItemRow]

    @classmethod
    def of_rows(cls, rows: Sequence[WorkItemRow]) -> StaleWorkItemError:
        """The refusal naming each item saved meanwhile."""
        refused = cls.of([Issue("works.error.stale", row.scope_key) for row in rows])
        refused.rows = list(rows)
        return refused


class DuplicateWorkItemError(SaveRefused):
    """The scope type is already a work item of that site or building in that programme."""


class NeedsReason(SaveRefused):
    """A change that goes through only with a reason (``planner.works.quantities``: far from
    the geometry estimate, completed above planned, completed going down). Nothing was
    written; the same save with a ``reason`` goes through, and its audit entries keep it."""


def reason_note(result: ValidationResult, reason: str | None) -> str:
    """The audit note of a save: its reason, required when a change needs one."""
    try:
        text = quantities.clean_reason(reason)
    except quantities.QuantityError as invalid:
        issue = Issue(invalid.key, field="reason", params=invalid.params)
        raise InvalidChangesError.of([issue]) from None
    if result.confirmations and text is None:
        raise NeedsReason.of(result.confirmations)
    return text or ""
