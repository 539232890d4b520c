"""Exporting a bill of quantities: the one function the page and ``planner export-boq`` call.

:func:`export_bill` reads the selection's work items in one read-only session of its own
(``planner.transactions.reading``), builds the bill and its workbook
(``planner.boq_workbook.workbook.export_bill``) and returns them; it writes nothing. It
refuses with :class:`planner.boq.bill.BoqError` (a ``Refused``: an empty selection, a bad
fee or groundwork setting with its reason, a code sequence past 999) or ``Busy``.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from planner.boq.bill import Bill, BoqOptions, BoqSelection, Progress
from planner.boq_workbook import workbook
from planner.transactions import reading

__all__ = ["export_bill"]


def export_bill(
    engine: Engine,
    selection: BoqSelection,
    options: BoqOptions,
    *,
    progress: Progress | None = None,
    priced: bool = True,
) -> tuple[Bill, bytes]:
    """The bill of ``selection`` and its xlsx workbook (the GB 50500 form set): the
    招标控制价, or with ``priced=False`` the 招标工程量清单 (the tender's bill without prices)."""
    with reading(engine) as session:
        return workbook.export_bill(session, selection, options, progress=progress, priced=priced)
