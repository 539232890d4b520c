"""What the bill-of-quantities page shows, in the chosen language (plain data, no Streamlit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planner.boq.bill import Bill, catalogue_table
from planner.boq.catalogue import CodeStatus, Edition
from planner.boq.rates import RowError
from planner.i18n import scope_name, t


def status_label(status: str, lang: str) -> str:
    """The code status in words; UNVERIFIED carries a warning mark."""
    return t(f"boq.status.{status}", lang)


def export_result(
    bill: Bill, xlsx: bytes, csv: bytes, *, signature: str, file_name: str, lang: str
) -> dict[str, Any]:
    """What the page keeps of an export: the files, the counts and a preview table."""
    return {
        "signature": signature,
        "xlsx": xlsx,
        "csv": csv,
        "file": file_name,
        "sheets": len(bill.sheets),
        "lines": len(bill.lines),
        "total": f"{bill.total:,.2f}",
        "unrated": [scope_name(k, lang) for k in bill.unrated_scopes],
        "unverified": sorted(
            {ln.code for ln in bill.lines if ln.item.status == CodeStatus.UNVERIFIED}
        ),
        "preview": [
            {
                t("boq.col.site", lang): sheet.name,
                t("boq.col.code", lang): line.code,
                t("boq.col.name", lang): line.name,
                t("boq.col.unit", lang): line.item.unit,
                t("boq.col.quantity", lang): line.quantity,
                t("boq.col.completed", lang): line.completed,
                t("boq.col.rate", lang): line.unit_rate,
                t("boq.col.amount", lang): float(line.amount),
                t("boq.col.status", lang): status_label(line.item.status.value, lang),
            }
            for sheet in bill.sheets
            for line in sheet.lines
        ],
    }


def catalogue_rows(edition: Edition | str, lang: str) -> list[dict[str, str]]:
    """The code catalogue of an edition as table rows with localised headings."""
    return [
        {
            t("boq.col.scope", lang): scope_name(r["scope_key"], lang),
            t("boq.col.code", lang): r["code"],
            t("boq.col.std_name", lang): r["std_name"],
            t("boq.col.unit", lang): r["unit"],
            t("boq.col.status", lang): status_label(r["status"], lang),
            t("boq.col.appendix", lang): r["appendix"],
            t("boq.col.reference", lang): r["reference"],
            t("boq.col.note", lang): r["note"],
            t("boq.col.source", lang): r["source"],
        }
        for r in catalogue_table(edition)
    ]


def rate_errors_text(errors: Iterable[RowError], lang: str) -> str:
    """The rejected-rates message: one line per bad row or file problem."""
    lines = [t("boq.rates.rejected", lang)]
    for e in errors:
        message = t(e.message_key, lang, **dict(e.values))
        if e.row:
            lines.append(
                t("boq.rates.row_error", lang, row=e.row, column=e.column, message=message)
            )
        else:
            lines.append(t("boq.rates.file_error", lang, message=message))
    return "  \n".join(lines)
