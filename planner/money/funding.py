"""Funding entries: the checks an allocation (下达), receipt (到位) or disbursement (拨付) must
pass before it is written, shared by the form and the file imports.

A disbursement spends money on works: every kind of work it pays for must be one its source
covers (``rules.FUNDING_RULES``). The works it pays for are the kind of work it names, else
those of the contract it pays, else those of its compound in the programme, else the
programme's. An allocation or receipt that names a kind of work is checked the same way.

A disbursement to a compound may not take what the compound was disbursed above its cost,
the 总投资 its public page shows (``cost.refusal``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from db.models import FundingEntry, FundingKind
from planner import programmes
from planner.audit import Actor
from planner.catalogue import SCOPE_BY_KEY
from planner.errors import Refused
from planner.i18n import scope_name, t
from planner.money import checks, cost, store
from planner.money.rules import FundingSource, uncovered
from planner.works import queries as works


class NotCovered(Refused):
    """A source asked to pay for works it does not cover (names in the reader's language)."""

    def __init__(self, source: str, scope_keys: list[str]) -> None:
        super().__init__("money.refused.not_covered", field="source", source=source)
        self.source, self.scope_keys = source, scope_keys

    def message(self, lang: str | None) -> str:
        return t(
            "money.refused.not_covered",
            lang,
            source=t(f"money.source.{self.source}", lang),
            scopes="、".join(scope_name(key, lang) for key in self.scope_keys),
        )


@dataclass(frozen=True)
class FundingInput:
    """An entry as typed or imported (amount and date as text, as values, or as a
    spreadsheet's cells: :func:`checked_entry` checks them)."""

    programme_id: int
    kind: str
    source: str
    entry_on: date | str | object
    document_no: str
    amount: Decimal | str | object
    site_id: int | None = None
    scope_key: str | None = None
    contract_id: int | None = None
    note: str = ""


def works_paid(session: Session, entry: FundingInput) -> set[str]:
    """The kinds of work an entry pays for (see the module's docstring)."""
    if entry.scope_key:
        return {entry.scope_key}
    if entry.contract_id is not None:
        lines = store.contract_lines(session, [entry.contract_id])
        return {
            line.scope_key
            for line in lines
            if line.scope_key in SCOPE_BY_KEY and entry.site_id in (None, line.site_id)
        }
    if entry.site_id is not None:
        totals = works.quantities_by_site_and_scope(
            session, entry.programme_id, site_ids=[entry.site_id]
        )
        return {key for _, key in totals}
    return set(works.quantities_by_scope(session, [entry.programme_id]))


def checked_entry(
    session: Session,
    entry: FundingInput,
    actor: Actor,
    *,
    today: date,
    also: Sequence[FundingEntry] = (),
) -> FundingEntry:
    """The row an entry would write, or :class:`Refused` with every reason (by field).

    ``also``: rows checked before this one but not written yet (a file's earlier rows), whose
    disbursements count towards a compound's cost as if they were written."""
    form = checks.Form()
    entry_on = form(checks.day, entry.entry_on, "entry_on", today=today)
    document_no = form(checks.required_text, entry.document_no, "document_no")
    amount = form(checks.amount, entry.amount, "amount")
    errors = form.errors
    if entry.kind not in set(FundingKind):
        errors.append(Refused("money.refused.kind", field="kind", value=entry.kind))
    if entry.source not in set(FundingSource):
        errors.append(Refused("money.refused.source", field="source", value=entry.source))
    if programmes.get_programme(session, entry.programme_id) is None:
        raise Refused("money.refused.no_programme")
    if entry.site_id is not None and not programmes.holds_site(
        session, entry.programme_id, entry.site_id
    ):
        errors.append(Refused("money.refused.site", field="site_id"))
    if entry.scope_key and entry.scope_key not in SCOPE_BY_KEY:
        errors.append(Refused("money.refused.scope", field="scope_key", value=entry.scope_key))
    if entry.contract_id is not None:
        contract = store.get_contract(session, entry.contract_id)
        section = store.get_section(session, contract.section_id) if contract else None
        if section is None or section.programme_id != entry.programme_id:
            errors.append(Refused("money.refused.contract", field="contract_id"))
    spends = entry.kind == FundingKind.DISBURSEMENT or bool(entry.scope_key)
    if not errors and spends:
        outside = uncovered(entry.source, works_paid(session, entry))
        if outside:
            errors.append(NotCovered(entry.source, outside))
    if not errors and entry.kind == FundingKind.DISBURSEMENT and entry.site_id is not None:
        above = cost.refusal(session, entry.site_id, amount, also=also)
        if above is not None:
            errors.append(above)
    checks.refuse_all(errors)
    row = FundingEntry(
        programme_id=entry.programme_id,
        site_id=entry.site_id,
        scope_key=entry.scope_key or None,
        contract_id=entry.contract_id,
        source=entry.source,
        kind=entry.kind,
        entry_on=entry_on,
        document_no=document_no,
        amount=amount,
        note=(entry.note or "").strip()[: checks.TEXT_MAX],
        recorded_by=actor.label,
    )
    earlier = store.funding_with_document(session, entry.programme_id, row.document_no)
    if any(same_entry(row, other) for other in earlier):
        # A second click, or a file imported twice: the same document's same money once.
        raise Refused("money.refused.duplicate", document=row.document_no)
    return row


def same_entry(one: FundingEntry, other: FundingEntry) -> bool:
    """Whether two entries record the same money (kind, source, document, place, day, sum)."""
    fields = ("kind", "source", "document_no", "site_id", "scope_key", "contract_id",
              "entry_on", "amount")  # fmt: skip
    return all(getattr(one, f) == getattr(other, f) for f in fields)
