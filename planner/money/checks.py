"""Checks shared by the money actions and imports: typed values, roles, the second person.

Each check raises a :class:`~planner.errors.Refused` naming the form field it belongs beside,
so a page shows the reason next to what was typed, and the command line names the column.
(The actions open their transactions with ``planner.transactions.transaction``, which turns
a busy database into ``Busy``.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import ParamSpec, TypeVar, cast

from sqlmodel import Session

from planner.accounts.access import Role
from planner.accounts.users import get_account
from planner.amounts import parse_amount
from planner.audit import Actor
from planner.errors import Refused
from planner.i18n import t
from planner.money.rules import TermLimit

P = ParamSpec("P")
T = TypeVar("T")

#: Longest document number (文号) and free text kept.
DOCUMENT_MAX = 100
TEXT_MAX = 2000
#: Who may enter and approve money: staff and administrators (engineers read).
WRITERS = frozenset({Role.STAFF, Role.ADMIN})


class RowRefused(Refused):
    """One row of an imported file refused, with the reason: "row 3: …"."""

    def __init__(self, row: int, reason: Refused) -> None:
        super().__init__("money.import.row", field=reason.field, row=row)
        self.row, self.reason = row, reason

    def message(self, lang: str | None) -> str:
        return t("money.import.row", lang, row=self.row, reason=self.reason.message(lang))


def refuse_all(errors: Sequence[Refused]) -> None:
    """Raise one refusal holding every reason of a form (nothing when there is none)."""
    if errors:
        raise Refused("money.refused.form", reasons=errors, count=len(errors))


def require_writer(session: Session, actor: Actor) -> None:
    """Refuse a logged-in account that is not staff or admin (engineers read only).

    An actor without an account is the server's own command line, trusted like the shell.
    """
    if actor.user_id is None:
        return
    account = get_account(session, actor.user_id)
    if account is None or not account.active or account.role not in WRITERS:
        raise Refused("money.refused.read_only")


def require_second_person(requested_by: str, requested_user_id: int | None, actor: Actor) -> None:
    """Refuse an approval by the person who asked (four eyes)."""
    if requested_user_id is not None and actor.user_id is not None:
        same = requested_user_id == actor.user_id
    else:
        same = requested_user_id == actor.user_id and requested_by == actor.label
    if same:
        raise Refused("money.refused.same_person")


def amount(value: object, field: str, *, allow_negative: bool = False) -> Decimal:
    """A typed amount of yuan (at most two decimals, above zero unless allowed)."""
    try:
        number = parse_amount(value)
    except ValueError as error:
        key = "money.refused.decimals" if str(error) == "too many decimals" else "money.refused.nan"
        raise Refused(key, field=field, value=str(value)[:40]) from error
    if number == 0 or (number < 0 and not allow_negative):
        raise Refused("money.refused.not_positive", field=field, value=str(number))
    return number


def percent(value: object, field: str, limit: TermLimit) -> Decimal:
    """A percentage typed as a number of per cent ("5" or "5%"), as a fraction within limits."""
    text = str(value).strip().removesuffix("%").removesuffix("％")
    try:
        number = parse_amount(text, places=4) / 100
    except ValueError as error:
        raise Refused("money.refused.nan", field=field, value=str(value)[:40]) from error
    if not limit.low <= number <= limit.high:
        raise Refused(
            "money.refused.term_range",
            field=field,
            value=f"{number * 100:g}",
            low=f"{limit.low * 100:g}",
            high=f"{limit.high * 100:g}",
            source=limit.source_note,
        )
    return number


def day(value: object, field: str, *, today: date, not_future: bool = True) -> date:
    """A date (a ``date`` or ISO text ``2023-05-31``), not after today unless allowed."""
    if isinstance(value, datetime):  # a spreadsheet's date cell
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        text = str(value or "").strip().replace("/", "-").replace(".", "-")
        try:
            parsed = date.fromisoformat(text[:10]) if text else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise Refused("money.refused.date", field=field, value=text[:40])
        result = parsed
    if not_future and result > today:
        raise Refused("money.refused.future", field=field, value=result.isoformat())
    return result


def required_text(value: object, field: str, *, limit: int = DOCUMENT_MAX) -> str:
    """A required text, trimmed, at most ``limit`` characters."""
    text = str(value or "").strip()
    if not text:
        raise Refused("money.refused.required", field=field)
    if len(text) > limit:
        raise Refused("money.refused.too_long", field=field, limit=limit)
    return text


class Form:
    """The checks of one form, run together so that every reason is given at once.

    ``form(check, *args, **kwargs)`` runs a check and returns its value; a refused check is
    kept (its value is None) and :meth:`refuse` raises them all as one refusal. So a value is
    used only after ``refuse()``, once every check passed.
    """

    def __init__(self) -> None:
        self.errors: list[Refused] = []

    def __call__(self, check: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return check(*args, **kwargs)
        except Refused as error:
            self.errors.append(error)
            return cast(T, None)  # read only after refuse(), which raises when any failed

    def add(self, error: Refused) -> None:
        """Keep a reason found outside a check."""
        self.errors.append(error)

    def refuse(self) -> None:
        """Raise every reason kept as one refusal (nothing when there is none)."""
        refuse_all(self.errors)
