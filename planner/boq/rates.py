"""The rate library (综合单价库): one rate set per programme, seeded with indicative rates.

Every default rate is **indicative**: an order of magnitude from a c. 2021 maintenance price
list of 桂林医学院 (Guangxi) quoted in ``shared/domain/boq-and-rules.md`` §5, a figure
derived from it, or a placeholder with no public source. None is a Gansu 定额 or a 嘉峪关
信息价 price; the rate set says so row by row (``indicative`` and ``source``).

A programme without a stored rate set is priced with the defaults (not written); the page
creates the stored set the first time someone opens or edits it. Rates are edited in the page
or imported from xlsx/csv: a file is checked completely first, and a file with any bad row
writes nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from db.models import BoqRate, Programme, RateSet, ScopeType, utcnow
from geodata.sample.rates import LIBRARY_RATES
from geodata.sample.rates import RATES as SAMPLE_RATES
from planner import audit, uploads
from planner.audit import Actor
from planner.boq.catalogue import DEFAULT_DESCRIPTIONS
from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES
from planner.errors import Refused
from planner.i18n import t
from planner.spreadsheets import csv_cell, write_cell

_log = logging.getLogger(__name__)
_GUILIN = "桂林医学院维修价格清单（广西，约 2021 年）[gh:43256481842]，见 boq-and-rules.md §5"
_PLACEHOLDER = "占位值，无公开来源 / placeholder, no public source"


@dataclass(frozen=True)
class RateEntry:
    """One row of a rate set: the 综合单价 of a scope type and where it comes from."""

    scope_key: str
    unit_rate: float | None
    source: str
    indicative: bool = True
    description: str = ""
    provisional_rate: float | None = None

    @property
    def unit(self) -> str:
        """The scope type's unit (rates are per this unit)."""
        scope = SCOPE_BY_KEY.get(self.scope_key)
        return scope.unit if scope else ""

    @property
    def effective_description(self) -> str:
        """The 项目特征描述: this row's, else the catalogue default."""
        return self.description or DEFAULT_DESCRIPTIONS.get(self.scope_key, "")


def _entry(scope_key: str, source: str) -> RateEntry:
    """A default rate: its figure from geodata/sample/rates.py, the one place the figures are
    written (the sample's work items and next year's templates read them there too); where it
    comes from, in the rate library's words."""
    rate = SAMPLE_RATES.get(scope_key) or LIBRARY_RATES.get(scope_key)
    return RateEntry(scope_key, float(rate.value) if rate else None, source)


#: Indicative default rates (CNY per unit of the scope type).
DEFAULT_RATES: dict[str, RateEntry] = {
    e.scope_key: e
    for e in (
        _entry("roof_waterproofing", f"{_GUILIN}：屋面卷材防水，2 mm 自粘改性沥青，一层"),
        _entry("wall_insulation", f"{_GUILIN}：外墙保温，25 mm 无机保温砂浆 + 抗裂砂浆"),
        _entry("facade_paint", f"{_GUILIN}：外墙弹性涂料，腻子 + 底漆一遍 + 面漆两遍"),
        _entry("water_supply_main", f"{_GUILIN}：PP-R 给水管 dn20–dn50 区间上限"),
        _entry("drainage_main", f"{_GUILIN}：PVC 承插排水管 dn200"),
        _entry("heating_main", f"{_PLACEHOLDER}（预制保温管价格未找到）"),
        _entry("parking_spaces", f"推算：12.5 m²/个 × 106.07 元/m² 透水砖（{_GUILIN}）"),
        _entry("street_lights", _PLACEHOLDER),
        _entry(
            "elevator_retrofit",
            "约 50 万元/部（6 层单元，示例含 40% 补贴）http://yuncheng188.com/tags-2884.html；"
            "单一弱来源，见 boq-and-rules.md §5",
        ),
        _entry("road_repair", f"{_GUILIN}：沥青混凝土 AC-13，5 cm，机械摊铺"),
        _entry("storm_drain", f"{_GUILIN}：PVC 承插排水管 dn200（干道雨水管更贵）"),
        _entry("greening_water_supply", f"{_GUILIN}：PP-R 给水管 dn50"),
        _entry("pavement_restoration", f"{_GUILIN}：沥青混凝土 AC-16，5 cm，机械摊铺"),
        _entry("traffic_facilities", _PLACEHOLDER),
        _entry("rainwater_pump_station", _PLACEHOLDER),
        _entry("replanting", _PLACEHOLDER),
        _entry("signs", _PLACEHOLDER),
        _entry(
            "illegal_structure_demolition",
            f"推算：30 m³ 砖砌体/处 × 81.89 元/m³ 拆除砖墙（{_GUILIN}）",
        ),
        _entry(
            "boiler_room_demolition",
            f"推算：150 m³ 砖砌体 × 81.89 元/m³ 拆除砖墙（{_GUILIN}）",
        ),
        _entry(
            "concrete_road",
            f"推算：120 m²/段 × 107.27 元/m² C25 混凝土 20 cm（{_GUILIN}）",
        ),
        _entry(
            "debris_removal",
            f"推算：53.96 元/m³ 建筑垃圾外运 10 km ÷ 1.5 t/m³（{_GUILIN}）",
        ),
        _entry("smart_security", "无公开来源，未设默认单价 / no source, no default"),
    )
}


def default_entries() -> list[RateEntry]:
    """The indicative defaults, one per scope type, in catalogue order."""
    return [DEFAULT_RATES[s.key] for s in SCOPE_TYPES if s.key in DEFAULT_RATES]


@dataclass(frozen=True)
class RateTable:
    """The rates of one programme: stored (``rate_set_id``) or the defaults (None)."""

    programme_id: int
    rate_set_id: int | None
    entries: dict[str, RateEntry]

    @property
    def stored(self) -> bool:
        """True when the programme has its own stored rate set."""
        return self.rate_set_id is not None

    def rows(self) -> list[RateEntry]:
        """Entries in catalogue order."""
        order = {s.key: i for i, s in enumerate(SCOPE_TYPES)}
        return sorted(self.entries.values(), key=lambda e: order.get(e.scope_key, 999))


def _entry_of(row: BoqRate, key: str) -> RateEntry:
    return RateEntry(
        scope_key=key,
        unit_rate=row.unit_rate,
        source=row.source,
        indicative=row.indicative,
        description=row.description,
        provisional_rate=row.provisional_rate,
    )


def _rate_set(session: Session, programme_id: int) -> RateSet | None:
    return session.exec(select(RateSet).where(RateSet.programme_id == programme_id)).first()


def load_rates(session: Session, programme_id: int) -> RateTable:
    """The programme's rate set, or the indicative defaults when it has none stored.

    A stored set lacking a scope type (e.g. one added to the catalogue later) falls back to
    the default for it.
    """
    rate_set = _rate_set(session, programme_id)
    entries = {e.scope_key: e for e in default_entries()}
    if rate_set is None:
        return RateTable(programme_id, None, entries)
    rows = session.exec(
        select(BoqRate, ScopeType.key)
        .join(ScopeType, col(ScopeType.id) == col(BoqRate.scope_type_id))
        .where(BoqRate.rate_set_id == rate_set.id)
    ).all()
    for row, key in rows:
        entries[key] = _entry_of(row, key)
    return RateTable(programme_id, rate_set.id, entries)


def _scope_ids(session: Session) -> dict[str, int]:
    # rows of two columns: (key, value) pairs:
    return dict(session.exec(select(ScopeType.key, ScopeType.id)).all())  # type: ignore[arg-type]


def ensure_rate_set(
    session: Session,
    programme_id: int,
    *,
    overrides: Mapping[str, RateEntry] | None = None,
) -> RateSet:
    """Return the programme's rate set, creating it with the defaults (plus ``overrides``).

    The caller commits.
    """
    rate_set = _rate_set(session, programme_id)
    if rate_set is not None:
        return rate_set
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValueError(f"no programme {programme_id}")
    rate_set = RateSet(
        programme_id=programme_id,
        name=f"{programme.name_zh} 综合单价（参考）",
        note="默认单价为参考值（非甘肃定额或嘉峪关信息价），来源见各行。",
    )
    session.add(rate_set)
    session.flush()
    scope_ids = _scope_ids(session)
    entries = {e.scope_key: e for e in default_entries()}
    entries.update(overrides or {})
    for entry in entries.values():
        if entry.scope_key in scope_ids:
            # stored rows: their ids are set:
            session.add(_row_of(entry, rate_set.id, scope_ids[entry.scope_key]))  # type: ignore[arg-type]
    session.flush()
    return rate_set


def _row_of(entry: RateEntry, rate_set_id: int, scope_type_id: int) -> BoqRate:
    return BoqRate(
        rate_set_id=rate_set_id,
        scope_type_id=scope_type_id,
        unit_rate=entry.unit_rate,
        provisional_rate=entry.provisional_rate,
        description=entry.description,
        indicative=entry.indicative,
        source=entry.source,
    )


# --- Validation, editing, import and export ----------------------------------------------------

#: Columns of a rate file, in order. ``scope_name`` and ``unit`` are written for people; on
#: import the unit is checked against the catalogue and the name is ignored.
FILE_COLUMNS: tuple[str, ...] = (
    "scope_key",
    "scope_name",
    "unit",
    "unit_rate",
    "provisional_rate",
    "indicative",
    "source",
    "description",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("scope_key", "unit_rate")

_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f"}


@dataclass(frozen=True)
class RowError:
    """A problem in one row of edited or imported rates (``row`` counts from 1; a file's
    header is row 1, so its first rate is row 2; 0 means the file as a whole)."""

    row: int
    column: str
    message_key: str
    values: tuple[tuple[str, str], ...] = ()

    def value_dict(self) -> dict[str, Any]:
        """The message's values as keywords."""
        return dict(self.values)


class RateRowRefused(Refused):
    """One reason of a :class:`RateValidationError`: a bad row (``row`` among the values;
    the field is the column) or the file as a whole (row 0)."""

    def message(self, lang: str | None) -> str:
        """ "第 3 行，unit_rate：…" or "文件：…" and their English twins."""
        values = dict(self.values)
        row = values.pop("row", 0)
        message = t(self.key, lang, **values)
        if row:
            return t("boq.rates.row_error", lang, row=row, column=self.field, message=message)
        return t("boq.rates.file_error", lang, message=message)


class RateValidationError(Refused):
    """Edited or imported rates with errors; nothing was written. Its reasons name each bad
    row; ``errors`` keeps them as :class:`RowError`. Make one with :meth:`of_errors`."""

    errors: list[RowError]

    @classmethod
    def of_errors(cls, errors: list[RowError]) -> RateValidationError:
        """The refusal of these rows."""
        refused = cls(
            "boq.rates.rejected",
            reasons=[
                RateRowRefused(e.message_key, field=e.column, row=e.row, **e.value_dict())
                for e in errors
            ],
        )
        refused.errors = list(errors)
        return refused


def _number(value: object) -> float | None:
    """Parse a rate cell: None for empty; raise ValueError for text or NaN/inf."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("bool")
    if isinstance(value, int | float):
        number = float(value)
    else:
        number = float(str(value).strip().replace(",", ""))
    if math.isnan(number) or math.isinf(number):
        raise ValueError("nan")
    return number


def _flag(value: object, default: bool = True) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value in (0, 1):
            return bool(value)
        raise ValueError("flag")
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("flag")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def validate_rate_rows(
    rows: Iterable[Mapping[str, object]], *, first_row: int = 1
) -> tuple[list[RateEntry], list[RowError]]:
    """Check rows of rates (dicts keyed by ``FILE_COLUMNS``); return entries and errors.

    A row needs a known ``scope_key`` (each at most once); ``unit_rate`` and
    ``provisional_rate`` are empty or numbers ≥ 0, the provisional part not above the rate;
    ``unit``, when given, must be the scope type's unit; ``indicative`` is 1/0, true/false,
    yes/no or 是/否 (empty: indicative). Wholly empty rows are skipped.
    """
    entries: list[RateEntry] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=first_row):
        if all(_text(v) == "" for v in row.values()):
            continue
        key = _text(row.get("scope_key"))
        row_errors: list[RowError] = []
        if key not in SCOPE_BY_KEY:
            row_errors.append(
                RowError(number, "scope_key", "boq.err.unknown_scope", (("scope", key),))
            )
        elif key in seen:
            row_errors.append(
                RowError(number, "scope_key", "boq.err.duplicate", (("first", str(seen[key])),))
            )
        else:
            seen[key] = number
        values: dict[str, float | None] = {}
        for column in ("unit_rate", "provisional_rate"):
            try:
                values[column] = _number(row.get(column))
            except ValueError:
                row_errors.append(
                    RowError(
                        number, column, "boq.err.not_number", (("value", _text(row.get(column))),)
                    )
                )
                continue
            # a number by now: the text was parsed above:
            if values[column] is not None and values[column] < 0:  # type: ignore[operator]
                row_errors.append(RowError(number, column, "boq.err.negative"))
        rate, provisional = values.get("unit_rate"), values.get("provisional_rate")
        if rate is not None and provisional is not None and provisional > rate:
            row_errors.append(RowError(number, "provisional_rate", "boq.err.provisional_above"))
        unit = _text(row.get("unit"))
        if key in SCOPE_BY_KEY and unit and unit != SCOPE_BY_KEY[key].unit:
            row_errors.append(
                RowError(
                    number,
                    "unit",
                    "boq.err.unit",
                    (("unit", unit), ("expected", SCOPE_BY_KEY[key].unit)),
                )
            )
        try:
            indicative = _flag(row.get("indicative"))
        except ValueError:
            indicative = True
            row_errors.append(
                RowError(
                    number, "indicative", "boq.err.flag", (("value", _text(row.get("indicative"))),)
                )
            )
        if row_errors:
            errors += row_errors
            continue
        entries.append(
            RateEntry(
                scope_key=key,
                unit_rate=rate,
                provisional_rate=provisional,
                indicative=indicative,
                source=_text(row.get("source")),
                description=_text(row.get("description")),
            )
        )
    return entries, errors


def save_rates(
    session: Session, programme_id: int, entries: Iterable[RateEntry], *, actor: Actor | str
) -> int:
    """Write ``entries`` into the programme's rate set (created if missing); return how many
    rows changed. Scope types not in ``entries`` keep their rates.

    A rate whose value changed while its source stayed the same gets the source "人工修改
    <date>" (the old source no longer describes it). One audit entry records the rows before
    and after. The caller commits.
    """
    rate_set = ensure_rate_set(session, programme_id)
    scope_ids = _scope_ids(session)
    stored = {
        key: row
        for row, key in session.exec(
            select(BoqRate, ScopeType.key)
            .join(ScopeType, col(ScopeType.id) == col(BoqRate.scope_type_id))
            .where(BoqRate.rate_set_id == rate_set.id)
        ).all()
    }
    before, after = {}, {}
    for entry in entries:
        row = stored.get(entry.scope_key)
        old = _entry_of(row, entry.scope_key) if row is not None else None
        new = entry
        if new.description == DEFAULT_DESCRIPTIONS.get(new.scope_key):
            new = replace(new, description="")  # the catalogue default: keep following it
        if old is not None and new.unit_rate != old.unit_rate and new.source == old.source:
            new = replace(new, source=f"人工修改 {date.today().isoformat()} / edited by {actor}")
        if old == new:
            continue
        if row is None:
            # stored rows: their ids are set:
            row = _row_of(new, rate_set.id, scope_ids[new.scope_key])  # type: ignore[arg-type]
        else:
            row.unit_rate, row.provisional_rate = new.unit_rate, new.provisional_rate
            row.description, row.indicative, row.source = (
                new.description,
                new.indicative,
                new.source,
            )
            row.updated_at = utcnow()
        session.add(row)
        before[new.scope_key] = asdict(old) if old else None
        after[new.scope_key] = asdict(new)
    if after:
        rate_set.updated_at = utcnow()
        session.add(rate_set)
        audit.record(
            session, actor, "update", rate_set, before, after, note=f"{len(after)} rate(s)"
        )
    session.flush()
    return len(after)


def read_rate_file(
    data: bytes,
    filename: str,
    *,
    limits: uploads.UploadLimits | None = None,
    required: tuple[str, ...] = REQUIRED_COLUMNS,
) -> list[dict[str, object]]:
    """Read the rows of a rate file (or of a table whose columns ``required`` names: ``.xlsx``
    or ``.csv``, UTF-8 with or without BOM) within ``limits`` (``planner.uploads``: bytes,
    unpacked bytes, rows, columns, cells and time, checked before the parser runs; default:
    the settings' defaults for rate files). Raises RateValidationError (row 0) for a file
    beyond the limits, an unreadable file, an unknown type or missing required columns."""
    limits = limits or uploads.UploadLimits(max_bytes=5 * 2**20)
    name = filename.lower()
    table: list[list[Any]]
    try:
        uploads.check_size(len(data), limits)
        if name.endswith(".xlsx"):
            table = uploads.xlsx_rows(data, limits)
        elif name.endswith(".csv"):
            uploads.precheck_csv(data, limits)
            table = uploads.csv_rows(data.decode("utf-8-sig"), limits)
        else:
            raise RateValidationError.of_errors([RowError(0, "", "boq.err.file_type")])
    except RateValidationError:
        raise
    except uploads.UploadRefused as refused:
        if refused.key in ("upload.error.bad_zip", "upload.error.xlsx", "upload.error.csv"):
            raise RateValidationError.of_errors(
                [RowError(0, "", "boq.err.unreadable")]
            ) from refused
        values = tuple((name, str(value)) for name, value in refused.values.items())
        raise RateValidationError.of_errors([RowError(0, "", refused.key, values)]) from refused
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad file
        _log.warning("rate file %r not read: %r", name, error)
        raise RateValidationError.of_errors([RowError(0, "", "boq.err.unreadable")]) from error
    if not table:
        raise RateValidationError.of_errors([RowError(0, "", "boq.err.empty")])
    header = [_text(h) for h in table[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise RateValidationError.of_errors(
            [RowError(0, c, "boq.err.missing_column", (("column", c),)) for c in missing]
        )
    return [
        {h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header) if h}
        for cells in table[1:]
    ]


def import_rates(
    session: Session,
    programme_id: int,
    data: bytes,
    filename: str,
    *,
    actor: Actor | str,
    limits: uploads.UploadLimits | None = None,
) -> int:
    """Import a rate file into the programme's rate set; return how many rows changed.

    Raises RateValidationError listing every bad row; then nothing is written.
    """
    entries = rate_file_entries(data, filename, limits=limits)
    return save_rates(session, programme_id, entries, actor=actor)


def rate_file_entries(
    data: bytes, filename: str, *, limits: uploads.UploadLimits | None = None
) -> list[RateEntry]:
    """The checked rates of a rate file, read within ``limits`` (no database: an action
    reads the file before it opens its transaction). Raises RateValidationError listing
    every bad row."""
    rows = read_rate_file(data, filename, limits=limits)
    entries, errors = validate_rate_rows(rows, first_row=2)
    if errors:
        raise RateValidationError.of_errors(errors)
    if not entries:
        raise RateValidationError.of_errors([RowError(0, "", "boq.err.empty")])
    return entries


def rate_file_rows(entries: Iterable[RateEntry]) -> list[list[object]]:
    """Header plus one row per entry, in ``FILE_COLUMNS`` order."""
    rows: list[list[object]] = [list(FILE_COLUMNS)]
    for e in entries:
        scope = SCOPE_BY_KEY.get(e.scope_key)
        rows.append(
            [
                e.scope_key,
                scope.name_zh if scope else "",
                e.unit,
                e.unit_rate,
                e.provisional_rate,
                1 if e.indicative else 0,
                e.source,
                e.effective_description,
            ]
        )
    return rows


def export_rates_csv(entries: Iterable[RateEntry]) -> bytes:
    """The rates as CSV (UTF-8 with BOM, so that Excel shows Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rate_file_rows(entries):
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_rates_xlsx(entries: Iterable[RateEntry]) -> bytes:
    """The rates as an xlsx workbook (one sheet, the same columns as the CSV)."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("综合单价")
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(rate_file_rows(entries)):
        for c, value in enumerate(row):
            if value is not None:
                write_cell(sheet, r, c, value, bold if r == 0 else None)
    for c, width in enumerate((24, 18, 6, 12, 12, 10, 60, 60)):
        sheet.set_column(c, c, width)
    workbook.close()
    return buffer.getvalue()
