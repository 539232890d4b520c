"""Imports of allocations (下达/到位) and payments (拨付) from CSV or XLSX: all or nothing.

The file is read as the survey imports read theirs (UTF-8 or GBK CSV, or XLSX; the header is
row 1). Every row is checked as the form checks one entry (``funding.checked_entry``): a
negative amount, a word where a number belongs, a date after today, an unknown source or
compound, a source paying for works it does not cover, a 拨付 that would take a compound's
disbursements above its cost (the file's earlier rows counted). One refused row refuses the
file, and the refusal lists every refused row with its reason; nothing is written.

Columns (Chinese or English header; order free): 日期 date, 文号 document_no, 资金来源 source,
金额 amount, 小区 site (optional: the programme as a whole), 改造内容 scope (optional),
类型 kind (allocations only: 下达 or 到位, default 下达), 标段 section (payments only, optional),
备注 note (optional).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from db.models import FundingEntry, FundingKind
from planner import programmes, sites
from planner.audit import Actor
from planner.catalogue import SCOPE_TYPES
from planner.errors import Refused
from planner.i18n import MESSAGES
from planner.money import store
from planner.money.checks import RowRefused
from planner.money.funding import FundingInput, checked_entry, same_entry
from planner.money.rules import FundingSource
from planner.surveys.files import FileRefused, RawTable, read_table

#: Accepted headers per column (compared without spaces, case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "entry_on": ("日期", "下达日期", "到位日期", "拨付日期", "date"),
    "document_no": ("文号", "文件号", "凭证号", "document_no", "document"),
    "source": ("资金来源", "来源", "source"),
    "amount": ("金额", "金额（元）", "金额(元)", "amount"),
    "site": ("小区", "项目", "site"),
    "scope": ("改造内容", "工程内容", "scope"),
    "kind": ("类型", "kind"),
    "section": ("标段", "section"),
    "note": ("备注", "note"),
}
REQUIRED = ("entry_on", "document_no", "source", "amount")
KIND_WORDS = {"下达": FundingKind.ALLOCATION, "到位": FundingKind.RECEIPT}
ALLOCATION_KINDS = {FundingKind.ALLOCATION.value: "下达", FundingKind.RECEIPT.value: "到位"}
#: Short names people write for the sources, besides the full names and keys.
SOURCE_WORDS: dict[str, FundingSource] = {
    "中央预算内": FundingSource.CENTRAL_BUDGET,
    "中央财政补助": FundingSource.CENTRAL_SUBSIDY,
    "中央补助": FundingSource.CENTRAL_SUBSIDY,
    "省级": FundingSource.PROVINCIAL,
    "省级财政": FundingSource.PROVINCIAL,
    "市县": FundingSource.LOCAL,
    "市级": FundingSource.LOCAL,
    "市县财政": FundingSource.LOCAL,
    "专项债": FundingSource.SPECIAL_BOND,
    "专项债券": FundingSource.SPECIAL_BOND,
    "居民": FundingSource.RESIDENTS,
    "居民出资": FundingSource.RESIDENTS,
    "维修资金": FundingSource.RESIDENTS,
    "住宅专项维修资金": FundingSource.RESIDENTS,
    "专营单位": FundingSource.UTILITY,
    "管线单位": FundingSource.UTILITY,
    "社会资本": FundingSource.SOCIAL_CAPITAL,
}


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote (or, on a dry run, would write)."""

    rows: int
    total: Decimal
    by_source: dict[str, Decimal]
    dry_run: bool


def _plain(text: object) -> str:
    return "".join(str(text or "").split()).lower()


def _source(text: str) -> str:
    """A source's key from its key, full name (Chinese or English) or a usual short name."""
    plain = _plain(text)
    for source in FundingSource:
        names = MESSAGES[f"money.source.{source.value}"]
        if plain in (source.value, _plain(names["zh"]), _plain(names["en"])):
            return source.value
    found = SOURCE_WORDS.get(plain)
    return found.value if found else plain


def _mapping(table: RawTable, wanted: tuple[str, ...]) -> dict[str, int]:
    """Column index per field; refused when a required column is missing."""
    found: dict[str, int] = {}
    for index, header in enumerate(table.columns):
        for name in wanted:
            if _plain(header) in {_plain(h) for h in COLUMNS[name]} and name not in found:
                found[name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    if missing:
        raise Refused("money.import.missing_columns", columns="、".join(missing))
    return found


def _lookups(session: Session, programme_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """Compound ids by name or key, and contract ids by 标段 code, of the programme."""
    site_ids = programmes.site_ids_of(session, [programme_id])
    by_name: dict[str, int] = {}
    for site_id in site_ids:
        site = sites.get_site(session, site_id)
        if site is not None:
            for name in (site.name_zh, site.name_en, site.key):
                if name:
                    by_name[_plain(name)] = site_id
    contracts = {
        _plain(s.code): c.id for s, c in store.contracts(session, programme_id) if c.id is not None
    }
    return by_name, contracts


def _scope(text: str) -> str | None:
    plain = _plain(text)
    for scope in SCOPE_TYPES:
        if plain in (scope.key, _plain(scope.name_zh), _plain(scope.name_en)):
            return scope.key
    return plain or None


def parse_rows(
    session: Session,
    programme_id: int,
    table: RawTable,
    *,
    payments: bool,
    actor: Actor,
    today: date,
) -> list:
    """Every row checked: the rows to write, or :class:`Refused` listing each refused row."""
    wanted = tuple(n for n in COLUMNS if n != ("kind" if payments else "section"))
    columns = _mapping(table, wanted)
    by_name, contracts = _lookups(session, programme_id)
    rows: list[FundingEntry] = []
    refused: list[RowRefused] = []
    for number, cells in table.rows:

        def cell(name: str, cells: tuple[object, ...] = cells) -> object:
            return cells[columns[name]] if name in columns else ""

        try:
            if number in table.extra_fields:
                raise Refused("money.import.extra_cells", count=table.extra_fields[number])
            site_text = _plain(cell("site"))
            if site_text and site_text not in by_name:
                raise Refused("money.refused.site", field="site_id")
            section = _plain(cell("section"))
            if section and section not in contracts:
                raise Refused("money.refused.contract", field="contract_id")
            kind = FundingKind.DISBURSEMENT
            if not payments:
                word = str(cell("kind") or "").strip() or "下达"
                found = KIND_WORDS.get(word) or KIND_WORDS.get(ALLOCATION_KINDS.get(word, ""))
                if found is None:
                    raise Refused("money.refused.kind", field="kind", value=word[:20])
                kind = found
            entry = FundingInput(
                programme_id=programme_id,
                kind=kind,
                source=_source(str(cell("source") or "")),
                entry_on=cell("entry_on"),
                document_no=str(cell("document_no") or ""),
                amount=cell("amount"),
                site_id=by_name.get(site_text) if site_text else None,
                scope_key=_scope(str(cell("scope") or "")),
                contract_id=contracts.get(section) if section else None,
                note=str(cell("note") or ""),
            )
            row = checked_entry(session, entry, actor, today=today, also=rows)
            if any(same_entry(row, earlier) for earlier in rows):
                raise Refused("money.refused.duplicate", document=row.document_no)
            rows.append(row)
        except Refused as error:
            reasons = error.reasons or [error]
            refused.extend(RowRefused(number, reason) for reason in reasons)
    if refused:
        raise Refused("money.import.refused", reasons=refused, rows=len({r.row for r in refused}))
    return rows


def import_file(
    session: Session,
    programme_id: int,
    data: bytes,
    file_name: str,
    *,
    payments: bool,
    actor: Actor,
    today: date,
    dry_run: bool,
) -> ImportReport:
    """Check a whole file and, unless ``dry_run``, write every row (the caller commits)."""
    try:
        table = read_table(data, file_name)
    except FileRefused as error:
        raise Refused(error.key, **error.values) from error
    rows = parse_rows(session, programme_id, table, payments=payments, actor=actor, today=today)
    by_source: dict[str, Decimal] = {}
    for row in rows:
        by_source[row.source] = by_source.get(row.source, Decimal(0)) + row.amount
        if not dry_run:
            store.add_funding(session, actor, row)
    total = sum(by_source.values(), Decimal("0.00"))
    return ImportReport(len(rows), total, by_source, dry_run)
