"""What engineers do to a programme's rate library, one function each: save the edited
rates, import a rate file.

Each action checks every row first (nothing is written when one is refused), then writes in
one transaction of its own (``planner.transactions.transaction``) through
``planner.boq.rates`` (one audit entry with the rows before and after), refuses with a
:class:`planner.errors.Refused` (``RateValidationError`` naming each bad row; ``Busy`` when
the database was busy) and returns how many rates changed. The bill itself is made by
``planner.boq_workbook.actions.export_bill`` (it writes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.boq import rates
from planner.boq.rates import RateValidationError
from planner.transactions import transaction
from planner.uploads import UploadLimits

__all__ = ["import_rates", "save_rates"]


def save_rates(
    engine: Engine, programme_id: int, rows: Iterable[Mapping[str, object]], *, actor: Actor | str
) -> int:
    """Save the rate editor's rows (as typed) into the programme's rate set; returns how many
    rates changed. ``RateValidationError`` names every bad row; nothing is written then."""
    entries, errors = rates.validate_rate_rows(list(rows))
    if errors:
        raise RateValidationError.of_errors(errors)
    with transaction(engine) as session:
        return rates.save_rates(session, programme_id, entries, actor=actor)


def import_rates(
    engine: Engine,
    programme_id: int,
    data: bytes,
    file_name: str,
    *,
    actor: Actor | str,
    limits: UploadLimits | None = None,
) -> int:
    """Import a rate file (``.xlsx`` or ``.csv``) into the programme's rate set; returns how
    many rates changed. The file is read within ``limits`` (``planner.uploads``: the page and
    the command line pass ``UploadLimits.from_settings(settings, "rates")``) before the
    transaction opens. ``RateValidationError`` names every bad row or the file's problem;
    nothing is written then."""
    entries = rates.rate_file_entries(data, file_name, limits=limits)
    with transaction(engine) as session:
        return rates.save_rates(session, programme_id, entries, actor=actor)
