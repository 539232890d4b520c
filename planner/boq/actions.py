"""What engineers do to a programme's rate library, one function each: save the edited
rates, import a rate file; import the 定额 library, 信息价 and mapping, save the mapping.

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
from planner.boq import quota, rates
from planner.boq.rates import RateValidationError, RowError
from planner.transactions import transaction
from planner.uploads import UploadLimits

__all__ = ["import_quota", "import_rates", "save_mapping", "save_rates"]


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


def import_quota(
    engine: Engine,
    programme_id: int,
    files: Mapping[str, tuple[bytes, str]],
    *,
    actor: Actor | str,
    limits: UploadLimits | None = None,
) -> dict[str, int]:
    """Import a 定额 library, a 信息价 table and/or a mapping (``{"quota"|"prices"|"mapping":
    (bytes, file name)}``) into the programme: all files checked first (the mapping against
    the library it will meet), then each given table replaced, in one transaction. Returns the
    rows written per table. ``RateValidationError`` names every bad row of every file; nothing
    is written then."""
    if not files:
        raise RateValidationError.of_errors([RowError(0, "", "boq.quota.err.no_file")])
    with transaction(engine) as session:
        codes = {q.code for q in quota.stored_quotas(session, programme_id)}
        mapping = quota.stored_mapping(session, programme_id)
        checked = quota.check_files(files, codes, mapping, limits)
        return quota.save_files(session, programme_id, checked, actor=actor)


def save_mapping(
    engine: Engine, programme_id: int, rows: Iterable[Mapping[str, object]], *, actor: Actor | str
) -> int:
    """Save the mapping editor's rows (scope_key, quota_code, content, note) as the
    programme's whole mapping; returns the rows saved. ``RateValidationError`` names every
    bad row (an unknown item or 子目, a 含量 that is not a number above 0); nothing is
    written then."""
    with transaction(engine) as session:
        codes = {q.code for q in quota.stored_quotas(session, programme_id)}
        checked = quota.check_mapping_rows(list(rows), codes, first_row=1)
        if checked.errors:
            raise RateValidationError.of_errors(checked.errors)
        files = quota.QuotaFiles(mapping=checked.mapping)
        return quota.save_files(session, programme_id, files, actor=actor)["mapping"]
