"""What the bill-of-quantities page shows, in the chosen language (plain data, no Streamlit)."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session

from planner import programmes
from planner.boq import catalogue, rates
from planner.boq.bill import Bill
from planner.boq.catalogue import CodeStatus, Edition
from planner.boq.editions import EditionNotice, edition_notice
from planner.boq.english import standard_text
from planner.boq.fees import PROFESSION_UNITS, FeeStatus, FeeTable
from planner.boq.generated import GROUNDWORK_DEFAULTS, GROUNDWORK_FIELDS, MAIN_NAMES
from planner.boq.units import bill_unit
from planner.i18n import scope_name, t
from planner.works.queries import planned_date_range


def status_label(status: str, lang: str) -> str:
    """The code status in words; UNVERIFIED carries a warning mark."""
    return t(f"boq.status.{status}", lang)


def export_result(
    bill: Bill, xlsx: bytes, csv: bytes, *, signature: str, file_name: str, lang: str
) -> dict[str, Any]:
    """What the page keeps of an export: the files, the counts and a preview table."""
    unverified_fees = [r for r in bill.fees.rows() if r.status == FeeStatus.UNVERIFIED and r.value]
    return {
        "signature": signature,
        "xlsx": xlsx,
        "csv": csv,
        "file": file_name,
        "projects": len(bill.projects),
        "units": len(bill.units),
        "lines": len(bill.lines),
        "total": f"{bill.total:,.2f}",
        "notice": bill.notice.text(lang) if bill.notice else "",
        "unverified_fees": len(unverified_fees),
        "unrated": [scope_name(k, lang) for k in bill.unrated_scopes],
        "unverified": sorted(
            {ln.code for ln in bill.lines if ln.item.status == CodeStatus.UNVERIFIED}
        ),
        "preview": [
            {
                t("boq.col.site", lang): unit_name_shown(unit.project_name, unit.profession, lang),
                t("boq.col.code", lang): line.code,
                t("boq.col.name", lang): standard_text(line.name, lang),
                t("boq.col.unit", lang): standard_text(line.unit, lang),
                t("boq.col.quantity", lang): line.quantity,
                t("boq.col.completed", lang): line.completed,
                t("boq.col.rate", lang): float(line.build.unit_rate),
                t("boq.col.amount", lang): float(line.amount),
                t("boq.col.status", lang): status_label(line.item.status.value, lang),
                t("boq.col.pricing", lang): t(
                    "boq.pricing.by_quota" if line.analysis else "boq.pricing.by_estimate", lang
                ),
            }
            for unit in bill.units
            for line in unit.lines
        ],
    }


def unit_name_shown(project_name: str, profession: str, lang: str) -> str:
    """A 单位工程's name as the page shows it: the site, then its profession's work."""
    return f"{project_name} {standard_text(PROFESSION_UNITS.get(profession, profession), lang)}"


def unit_work(profession: str, lang: str) -> str:
    """A profession as the fee table names it: its two digits and its 单位工程's work."""
    return f"{profession} {standard_text(PROFESSION_UNITS[profession], lang)}"


def programme_notice(
    session: Session, programme_id: int, edition: Edition | str
) -> EditionNotice | None:
    """The edition notice a bill of this programme would carry (before making it)."""
    programme = programmes.get_programme(session, programme_id)
    if programme is None:
        return None
    return edition_notice(
        Edition(edition), planned_date_range(session, programme_id), programme.year
    )


def settings_rows(lang: str) -> list[dict[str, Any]]:
    """The default fee rates and groundwork assumptions as editable rows (``id`` is the key
    of an override)."""
    rows = []
    for rate in FeeTable.defaults().rows():
        rows.append(
            {
                "id": rate.id,
                "profession": unit_work(rate.profession, lang),
                "name": standard_text(rate.name, lang),
                "value": rate.value,
                "base": standard_text(rate.base, lang),
                "status": status_label(rate.status.value, lang),
                "source": standard_text(rate.source, lang),
            }
        )
    for main, g in GROUNDWORK_DEFAULTS.items():
        for field, (name, unit) in GROUNDWORK_FIELDS.items():
            rows.append(
                {
                    "id": f"gw:{main}.{field}",
                    "profession": f"04 {standard_text(MAIN_NAMES[main] + '管道', lang)}",
                    "name": standard_text(name, lang),
                    "value": getattr(g, field),
                    "base": standard_text(unit, lang),
                    "status": status_label("UNVERIFIED", lang),
                    "source": t("boq.source.assumption", lang),
                }
            )
    return rows


def shown_settings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The settings rows as the reader sees them: without the override key (``01.profit``,
    ``gw:heating_main.depth_m``), which :func:`overrides` takes from the rows by position."""
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


#: A citation of the project's compiled notes (``shared/domain/boq-and-rules.md §1 #5
#: [gh:70278425702]``): an internal reference a reader cannot open.
_NOTES_CITATION = re.compile(
    r"shared/domain/[\w.-]+\.md(?: §\d+)?(?: #\d+)?(?: \[gh:\d+\](?:, \[gh:\d+\])*)?"
)
_NOTE_NUMBER = re.compile(r"资料 #\d+ ?")


def plain_source(source: str, lang: str) -> str:
    """Where a default comes from (or a catalogue note), in plain words and in ``lang``:
    citations of the project's internal notes read "公开资料汇编" / "the project's compiled
    public sources"."""
    text = _NOTES_CITATION.sub(t("boq.source.notes", lang), standard_text(source or "", lang))
    return _NOTE_NUMBER.sub(t("boq.source.notes", lang), text)


def rate_rows_shown(entries: list[rates.RateEntry], lang: str) -> list[dict[str, Any]]:
    """The rate library as editor rows: the scope type's name instead of its key, the sources
    of the defaults in plain words (a source people typed stays as typed); on an English page
    the standard's units and the default descriptions (项目特征) in English."""
    shown = []
    for entry, row in zip(entries, rates.rate_file_rows(entries)[1:], strict=True):
        record: dict[str, Any] = dict(zip(rates.FILE_COLUMNS, row, strict=True))
        record.pop("scope_key")
        record.pop("scope_name")
        record["source"] = plain_source(str(record.get("source") or ""), lang)
        record["unit"] = standard_text(str(record.get("unit") or ""), lang)
        record["description"] = standard_text(str(record.get("description") or ""), lang)
        shown.append({"scope_name": scope_name(entry.scope_key, lang), **record})
    return shown


def rate_records(
    entries: list[rates.RateEntry], edited: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """The edited rows back as records to save: each row's scope key and unit (by position,
    the editor has fixed rows); a source or a description left as shown keeps the stored one
    (the Chinese the workbook prints, not the English an English page shows)."""
    records = []
    for entry, row in zip(entries, edited, strict=True):
        record = {k: v for k, v in row.items() if k != "scope_name"}
        record["scope_key"] = entry.scope_key
        record["unit"] = entry.unit
        if record.get("source") == plain_source(entry.source, lang):
            record["source"] = entry.source
        if record.get("description") == standard_text(entry.effective_description, lang):
            record["description"] = entry.effective_description
        records.append(record)
    return records


def overrides(
    before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
    """(fee overrides, groundwork overrides) of the rows whose value changed."""
    fees, groundworks = [], []
    for old, new in zip(before, after, strict=True):
        try:
            value = float(new["value"])
        except (TypeError, ValueError):
            continue
        if value == float(old["value"]):
            continue
        if old["id"].startswith("gw:"):
            groundworks.append((old["id"][3:], value))
        else:
            fees.append((old["id"], value))
    return tuple(fees), tuple(groundworks)


def catalogue_rows(edition: Edition | str, lang: str) -> list[dict[str, str]]:
    """The code catalogue of an edition as table rows with localised headings (on an English
    page the standard's names, units, notes and sources in English)."""
    return [
        {
            t("boq.col.scope", lang): scope_name(r["scope_key"], lang),
            t("boq.col.code", lang): r["code"],
            t("boq.col.std_name", lang): standard_text(r["std_name"], lang),
            t("boq.col.unit", lang): standard_text(r["unit"], lang),
            t("boq.col.status", lang): status_label(r["status"], lang),
            t("boq.col.appendix", lang): standard_text(r["appendix"], lang),
            t("boq.col.reference", lang): r["reference"],
            t("boq.col.note", lang): plain_source(r["note"], lang),
            t("boq.col.source", lang): plain_source(r["source"], lang),
        }
        for r in catalogue_table(edition)
    ]


def catalogue_table(edition: Edition | str) -> list[dict[str, str]]:
    """The code catalogue of ``edition`` as rows for display (status spelled out)."""
    return [
        {
            "scope_key": item.scope_key,
            "code": item.code9 or f"{item.profession}B###",
            "std_name": item.std_name,
            "unit": bill_unit(item.unit),
            "status": item.status.value,
            "appendix": item.appendix,
            "reference": item.reference_code,
            "note": item.note,
            "source": item.source,
        }
        for item in catalogue.catalogue_rows(edition)
    ]
