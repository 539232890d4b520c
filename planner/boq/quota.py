"""A programme's 定额 library, 信息价 table and 清单 → 定额 mapping: files, checks, storage.

Three files, CSV (UTF-8, BOM or not) or XLSX, one header row (``planner.uploads`` limits):

- **定额** (``QUOTA_COLUMNS``): a row per resource of a 子目: ``quota_code, quota_name,
  quota_unit, kind`` (人工 / 材料 / 主材 / 机械), ``resource, resource_unit, consumption``
  (per 定额 unit), ``source, edition, status``;
- **信息价** (``PRICE_COLUMNS``): ``period, region, resource, unit, price, tax_status``
  (除税 / 含税), ``tax_rate`` (per cent; required for 含税), ``source, status``; 人工单价
  (元/工日) and 台班单价 are rows of this table too;
- **mapping** (``MAPPING_COLUMNS``): ``scope_key`` (a scope type or a generated line),
  ``quota_code, content`` (含量: 定额 units per unit of the 清单 item), ``note``.

An import checks every row of every file given, and the mapping against the 定额 it will
meet (the file's, else the stored library); any error lists file, row and column and writes
nothing. A file given replaces that table of the programme whole; tables not given stay.
Pricing (``planner.boq.pricing``) then needs no code change for another library: the bureau's
licensed Gansu 定额 is loaded the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session, col, delete, select

import geodata.sample
from db.models import InfoPrice, QuotaMapping, QuotaResource
from planner import audit, uploads
from planner.audit import Actor
from planner.boq.generated import GENERATED_RATES
from planner.boq.pricing import (
    Mapped,
    Price,
    Quota,
    QuotaBook,
    Resource,
    ResourceKind,
    TaxStatus,
)
from planner.boq.rates import RateValidationError, RowError, read_rate_file
from planner.catalogue import SCOPE_BY_KEY
from planner.spreadsheets import csv_cell

QUOTA_COLUMNS = (
    "quota_code",
    "quota_name",
    "quota_unit",
    "kind",
    "resource",
    "resource_unit",
    "consumption",
    "source",
    "edition",
    "status",
)
PRICE_COLUMNS = (
    "period",
    "region",
    "resource",
    "unit",
    "price",
    "tax_status",
    "tax_rate",
    "source",
    "status",
)
MAPPING_COLUMNS = ("scope_key", "quota_code", "content", "note")
STATUSES = ("已核实", "弱核实", "未核实")
_Key = TypeVar("_Key", bound=tuple)

#: The columns a file may leave out (a 含税 price still needs its tax_rate, row by row).
_OPTIONAL = {
    "quota": ("source", "edition", "status"),
    "prices": ("region", "tax_rate", "source", "status"),
    "mapping": ("note",),
}
_REQUIRED = {
    kind: tuple(c for c in columns if c not in _OPTIONAL[kind])
    for kind, columns in (
        ("quota", QUOTA_COLUMNS),
        ("prices", PRICE_COLUMNS),
        ("mapping", MAPPING_COLUMNS),
    )
}


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _decimal(value: object, places: int) -> Decimal:
    """A number of at most ``places`` decimals, ≥ 0 (ValueError otherwise)."""
    if isinstance(value, bool):
        raise ValueError("bool")
    try:
        number = Decimal(_text(value).replace(",", ""))
    except InvalidOperation as error:
        raise ValueError("text") from error
    if not number.is_finite() or number < 0 or number >= 10**9:
        raise ValueError("range")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValueError("places")
    return number


@dataclass(frozen=True)
class _Rows:
    """A file's checked rows, or its errors."""

    quotas: list[Quota]
    prices: list[Price]
    mapping: list[Mapped]
    errors: list[RowError]


def _error(file: str, row: int, column: str, message: str, **values: str) -> RowError:
    return RowError(row, f"{file}.{column}" if column else file, message, tuple(values.items()))


def _number(
    file: str, row: int, column: str, value: object, places: int, errors: list[RowError]
) -> Decimal | None:
    try:
        return _decimal(value, places)
    except ValueError:
        key = "boq.quota.err.places" if _is_number(value) else "boq.err.not_number"
        errors.append(_error(file, row, column, key, value=_text(value), places=str(places)))
        return None


def _is_number(value: object) -> bool:
    try:
        return Decimal(_text(value).replace(",", "")).is_finite()
    except InvalidOperation:
        return False


def _blank(row: Mapping[str, object]) -> bool:
    return all(_text(v) == "" for v in row.values())


def _status(file: str, number: int, row: Mapping[str, object], errors: list[RowError]) -> str:
    """The row's status (未核实 when blank); an error unless it is one of ``STATUSES``."""
    status = _text(row.get("status")) or "未核实"
    if status not in STATUSES:
        errors.append(_error(file, number, "status", "boq.quota.err.status", value=status))
    return status


def _repeated(
    file: str,
    number: int,
    column: str,
    key: _Key,
    seen: Mapping[_Key, int],
    errors: list[RowError],
) -> None:
    """An error (in ``column``) when an earlier good row (``seen``: key → row) has ``key``."""
    if key in seen:
        errors.append(_error(file, number, column, "boq.err.duplicate", first=str(seen[key])))


def check_quota_rows(rows: Iterable[Mapping[str, object]], first_row: int = 2) -> _Rows:
    """The 定额 of a file's rows, or every error (file "定额")."""
    file, errors = "定额", list[RowError]()
    resources: dict[str, list[Resource]] = {}
    heads: dict[str, tuple[str, str, str, str, str, int]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(rows, start=first_row):
        if _blank(row):
            continue
        before = len(errors)
        code, name, unit = (_text(row.get(c)) for c in ("quota_code", "quota_name", "quota_unit"))
        resource, resource_unit = _text(row.get("resource")), _text(row.get("resource_unit"))
        for column, value in (
            ("quota_code", code),
            ("quota_name", name),
            ("quota_unit", unit),
            ("resource", resource),
            ("resource_unit", resource_unit),
        ):
            if not value:
                errors.append(_error(file, number, column, "boq.quota.err.required"))
        kind_text = _text(row.get("kind"))
        if kind_text not in {k.value for k in ResourceKind}:
            errors.append(_error(file, number, "kind", "boq.quota.err.kind", value=kind_text))
        consumption = _number(file, number, "consumption", row.get("consumption"), 6, errors)
        status = _status(file, number, row, errors)
        head = (name, unit, _text(row.get("source")), _text(row.get("edition")), status, number)
        if code and code in heads and heads[code][:2] != head[:2]:
            first = str(heads[code][5])
            errors.append(_error(file, number, "quota_name", "boq.quota.err.head", first=first))
        key = (code, kind_text, resource)
        _repeated(file, number, "resource", key, seen, errors)
        if len(errors) > before or consumption is None:
            continue
        seen[key] = number
        heads.setdefault(code, head)
        resources.setdefault(code, []).append(
            Resource(ResourceKind(kind_text), resource, resource_unit, consumption)
        )
    quotas = [
        Quota(code, h[0], h[1], tuple(resources[code]), h[2], h[3], h[4])
        for code, h in heads.items()
    ]
    if not quotas and not errors:
        errors.append(_error(file, 0, "", "boq.err.empty"))
    return _Rows(quotas, [], [], errors)


def check_price_rows(rows: Iterable[Mapping[str, object]], first_row: int = 2) -> _Rows:
    """The 信息价 of a file's rows, or every error (file "信息价"). A 含税 price needs its
    tax rate (it is converted to 除税价 at that rate)."""
    file, errors, prices = "信息价", list[RowError](), list[Price]()
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=first_row):
        if _blank(row):
            continue
        before = len(errors)
        period, resource, unit = (_text(row.get(c)) for c in ("period", "resource", "unit"))
        for column, value in (("period", period), ("resource", resource), ("unit", unit)):
            if not value:
                errors.append(_error(file, number, column, "boq.quota.err.required"))
        price = _number(file, number, "price", row.get("price"), 2, errors)
        status_text = _text(row.get("tax_status"))
        if status_text not in {s.value for s in TaxStatus}:
            errors.append(
                _error(file, number, "tax_status", "boq.quota.err.tax_status", value=status_text)
            )
        rate = None
        if _text(row.get("tax_rate")):
            rate = _number(file, number, "tax_rate", row.get("tax_rate"), 2, errors)
            if rate is not None and rate >= 100:
                errors.append(_error(file, number, "tax_rate", "boq.quota.err.tax_range"))
        elif status_text == TaxStatus.GROSS:
            errors.append(
                _error(file, number, "tax_rate", "boq.quota.err.tax_rate", resource=resource)
            )
        status = _status(file, number, row, errors)
        key = (period, resource)
        _repeated(file, number, "resource", key, seen, errors)
        if len(errors) > before or price is None:
            continue
        seen[key] = number
        prices.append(
            Price(
                resource,
                unit,
                price,
                TaxStatus(status_text),
                rate,
                period,
                _text(row.get("region")),
                _text(row.get("source")),
                status,
            )
        )
    if not prices and not errors:
        errors.append(_error(file, 0, "", "boq.err.empty"))
    return _Rows([], prices, [], errors)


def mapping_scopes() -> set[str]:
    """The 清单 items a mapping may name: the scope types and the generated lines."""
    return set(SCOPE_BY_KEY) | set(GENERATED_RATES)


def check_mapping_rows(
    rows: Iterable[Mapping[str, object]], quota_codes: set[str], first_row: int = 2
) -> _Rows:
    """The mapping of a file's (or the editor's) rows, checked against ``quota_codes``."""
    file, errors, mapping = "对应关系", list[RowError](), list[Mapped]()
    scopes = mapping_scopes()
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=first_row):
        if _blank(row):
            continue
        before = len(errors)
        scope, code = _text(row.get("scope_key")), _text(row.get("quota_code"))
        if scope not in scopes:
            errors.append(_error(file, number, "scope_key", "boq.err.unknown_scope", scope=scope))
        if code not in quota_codes:
            errors.append(_error(file, number, "quota_code", "boq.quota.err.no_quota", quota=code))
        content = _number(file, number, "content", row.get("content"), 6, errors)
        if content is not None and content == 0:
            errors.append(_error(file, number, "content", "boq.quota.err.zero"))
        _repeated(file, number, "quota_code", (scope, code), seen, errors)
        if len(errors) > before or content is None:
            continue
        seen[scope, code] = number
        mapping.append(Mapped(scope, code, content, _text(row.get("note"))))
    return _Rows([], [], mapping, errors)


def read_table(data: bytes, filename: str, kind: str, limits: uploads.UploadLimits | None):
    """The rows of one file (``kind``: quota, prices or mapping) within ``limits``."""
    return read_rate_file(data, filename, limits=limits, required=_REQUIRED[kind])


@dataclass(frozen=True)
class QuotaFiles:
    """The checked contents of the files of one import (None: that table is not replaced)."""

    quotas: list[Quota] | None = None
    prices: list[Price] | None = None
    mapping: list[Mapped] | None = None


def check_files(
    files: Mapping[str, tuple[bytes, str]],
    stored_codes: set[str],
    stored_mapping: Sequence[Mapped] = (),
    limits: uploads.UploadLimits | None = None,
) -> QuotaFiles:
    """Read and check the files (``{"quota"|"prices"|"mapping": (data, file name)}``);
    raise RateValidationError with every error of every file. The mapping (the file's, else
    the stored one) must name only 子目 of the library it will meet."""
    errors: list[RowError] = []
    out: dict[str, object] = {}
    rows: dict[str, list[dict[str, object]]] = {}
    for kind, (data, name) in files.items():
        try:
            rows[kind] = read_table(data, name, kind, limits)
        except RateValidationError as refused:
            label = {"quota": "定额", "prices": "信息价", "mapping": "对应关系"}[kind]
            errors += [
                RowError(
                    e.row, label + (f".{e.column}" if e.column else ""), e.message_key, e.values
                )
                for e in refused.errors
            ]
    if "quota" in rows:
        checked = check_quota_rows(rows["quota"])
        errors += checked.errors
        out["quotas"] = checked.quotas
    if "prices" in rows:
        checked = check_price_rows(rows["prices"])
        errors += checked.errors
        out["prices"] = checked.prices
    codes = {q.code for q in out["quotas"]} if "quotas" in out else stored_codes  # type: ignore[attr-defined]
    if "mapping" in rows:
        checked = check_mapping_rows(rows["mapping"], codes)
        errors += checked.errors
        out["mapping"] = checked.mapping
    elif "quota" in rows:
        for m in stored_mapping:
            if m.quota_code not in codes:
                errors.append(
                    _error(
                        "对应关系",
                        0,
                        "quota_code",
                        "boq.quota.err.orphan",
                        quota=m.quota_code,
                        scope=m.scope_key,
                    )
                )
    if errors:
        raise RateValidationError.of_errors(errors)
    return QuotaFiles(**out)  # type: ignore[arg-type]


#: The shipped illustrative library, prices and mapping (status 未核实: invented figures that
#: show the format and the arithmetic, not the Gansu 定额 nor 嘉峪关 信息价).
ILLUSTRATIVE = Path(geodata.sample.__file__).parent / "quota"
ILLUSTRATIVE_FILES = {
    "quota": "quota_illustrative.csv",
    "prices": "prices_illustrative.csv",
    "mapping": "mapping_illustrative.csv",
}


def illustrative_files() -> dict[str, tuple[bytes, str]]:
    """The shipped illustrative files, as an import takes them."""
    return {
        kind: ((ILLUSTRATIVE / name).read_bytes(), name)
        for kind, name in ILLUSTRATIVE_FILES.items()
    }


# --- storage ------------------------------------------------------------------------------------


def load_book(session: Session, programme_id: int) -> QuotaBook | None:
    """The programme's book, or None when it maps no 清单 item to 定额."""
    mapping = stored_mapping(session, programme_id)
    if not mapping:
        return None
    return QuotaBook.of(
        stored_quotas(session, programme_id), stored_prices(session, programme_id), mapping
    )


def stored_mapping(session: Session, programme_id: int) -> list[Mapped]:
    """The programme's mapping, in print order."""
    rows = session.exec(
        select(QuotaMapping)
        .where(QuotaMapping.programme_id == programme_id)
        .order_by(col(QuotaMapping.scope_key), col(QuotaMapping.position))
    ).all()
    return [Mapped(r.scope_key, r.quota_code, r.content, r.note) for r in rows]


def stored_quotas(session: Session, programme_id: int) -> list[Quota]:
    """The programme's 定额 library."""
    rows = session.exec(
        select(QuotaResource)
        .where(QuotaResource.programme_id == programme_id)
        .order_by(col(QuotaResource.id))
    ).all()
    heads: dict[str, QuotaResource] = {}
    resources: dict[str, list[Resource]] = {}
    for r in rows:
        heads.setdefault(r.quota_code, r)
        resources.setdefault(r.quota_code, []).append(
            Resource(ResourceKind(r.kind), r.resource, r.resource_unit, r.consumption)
        )
    return [
        Quota(
            code, h.quota_name, h.quota_unit, tuple(resources[code]), h.source, h.edition, h.status
        )
        for code, h in heads.items()
    ]


def stored_prices(session: Session, programme_id: int) -> list[Price]:
    """The programme's 信息价 table."""
    rows = session.exec(
        select(InfoPrice).where(InfoPrice.programme_id == programme_id).order_by(col(InfoPrice.id))
    ).all()
    return [
        Price(
            r.resource,
            r.unit,
            r.price,
            TaxStatus(r.tax_status),
            r.tax_rate,
            r.period,
            r.region,
            r.source,
            r.status,
        )
        for r in rows
    ]


def save_files(
    session: Session, programme_id: int, files: QuotaFiles, *, actor: Actor | str
) -> dict[str, int]:
    """Replace the tables ``files`` holds; one audit entry. Returns rows written per table.
    The caller commits."""
    written: dict[str, int] = {}
    if files.quotas is not None:
        resources = [
            QuotaResource(
                programme_id=programme_id,
                quota_code=q.code,
                quota_name=q.name,
                quota_unit=q.unit,
                kind=r.kind.value,
                resource=r.name,
                resource_unit=r.unit,
                consumption=r.consumption,
                source=q.source,
                edition=q.edition,
                status=q.status,
            )
            for q in files.quotas
            for r in q.resources
        ]
        written["quota"] = _replace(session, programme_id, QuotaResource, resources)
    if files.prices is not None:
        prices = [
            InfoPrice(
                programme_id=programme_id,
                period=p.period,
                region=p.region,
                resource=p.resource,
                unit=p.unit,
                price=p.price,
                tax_status=p.tax_status.value,
                tax_rate=p.tax_rate,
                source=p.source,
                status=p.status,
            )
            for p in files.prices
        ]
        written["prices"] = _replace(session, programme_id, InfoPrice, prices)
    if files.mapping is not None:
        mapping = [
            QuotaMapping(
                programme_id=programme_id,
                scope_key=m.scope_key,
                quota_code=m.quota_code,
                content=m.content,
                position=i,
                note=m.note,
            )
            for i, m in enumerate(files.mapping)
        ]
        written["mapping"] = _replace(session, programme_id, QuotaMapping, mapping)
    audit.record(
        session,
        actor,
        "import",
        "quota_library",
        None,
        written,
        entity_id=programme_id,
        note="定额 / 信息价 / 对应关系",
    )
    session.flush()
    return written


def _replace(
    session: Session,
    programme_id: int,
    table: type[QuotaResource] | type[InfoPrice] | type[QuotaMapping],
    rows: list[QuotaResource] | list[InfoPrice] | list[QuotaMapping],
) -> int:
    """Replace the programme's rows of ``table`` by ``rows``; how many were written."""
    session.exec(delete(table).where(col(table.programme_id) == programme_id))
    session.add_all(rows)
    return len(rows)


# --- export (the same columns, so a file exported imports back unchanged) -----------------------


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """``columns`` as the header row, then ``rows`` (their cells in that order)."""
    return [list(columns), *(list(row) for row in rows)]


def quota_table(quotas: Iterable[Quota]) -> list[list[object]]:
    """Header plus a row per resource."""
    return _table(
        QUOTA_COLUMNS,
        (
            [q.code, q.name, q.unit, r.kind.value, r.name, r.unit, r.consumption]
            + [q.source, q.edition, q.status]
            for q in quotas
            for r in q.resources
        ),
    )


def price_table(prices: Iterable[Price]) -> list[list[object]]:
    """Header plus a row per price."""
    return _table(
        PRICE_COLUMNS,
        (
            [p.period, p.region, p.resource, p.unit, p.price, p.tax_status.value, p.tax_rate]
            + [p.source, p.status]
            for p in prices
        ),
    )


def mapping_table(mapping: Iterable[Mapped]) -> list[list[object]]:
    """Header plus a row per mapped 子目."""
    return _table(
        MAPPING_COLUMNS, ([m.scope_key, m.quota_code, m.content, m.note] for m in mapping)
    )


def table_csv(rows: list[list[object]]) -> bytes:
    """A table as CSV (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")
