"""Import of the bureau's surveyed compounds and buildings from GIS files: preview, then apply.

Three steps, each usable on its own (the page and ``planner import-geodata`` share them):

1. :func:`load_file` reads one layer (``geodata.io``), decides its coordinate system, checks and
   repairs every geometry (``geodata.validation``) and maps the attributes (name, floors,
   households, 单元, year built, ...) with :func:`suggest_mapping` unless a mapping is given.
   Nothing touches the database. Problems with the whole file raise :class:`ImportError_`.
2. :func:`plan_import` matches every feature to what is stored and says, per feature, whether it
   will be **created**, **updated** (which fields), left **unchanged**, kept **unassigned** (a
   building in no known compound, stored in ``unassigned_building`` until staff attach it), or
   **refused** (with the reason). Sites match by key, then database id (checked by overlap),
   then exact Chinese name, then by overlap with one compound (intersection over union ≥ 0.5).
   A building belongs to the compound holding the largest share (≥ 50 %) of its footprint,
   and matches a building of that compound by number, else by overlap.
3. :func:`apply_import` writes the plan in one transaction: it plans again inside it and
   refuses when the result differs from the preview the user confirmed (someone changed the
   data meanwhile), and refuses when features were refused unless the user chose to leave them
   out. Every written row gets an audit entry; any error rolls everything back.

Stored rows get their GeoJSON text, bounding box, area and length from
``db.seed._geometry_columns``, exactly like the seeded sample.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Site, SiteKind, WorkStatus, utcnow
from db.models.gis import UnassignedBuilding, UnassignedReason
from db.seed import _geometry_columns
from db.session import session_scope
from geodata import io as gio
from geodata.validation import CITY_MARGIN_KM, CheckedGeometry, Issue, check_geometry
from planner.i18n import t

__all__ = [
    "ACTIONS",
    "FIELDS",
    "KINDS",
    "ImportError_",
    "ImportPlan",
    "ImportResult",
    "ParsedFeature",
    "ParsedFile",
    "PlannedRow",
    "apply_import",
    "attach_unassigned_building",
    "issue_text",
    "list_unassigned",
    "load_file",
    "plan_import",
    "preview_file",
    "suggest_mapping",
]

KINDS = ("sites", "buildings")
ACTIONS = ("create", "update", "unchanged", "unassigned", "refused")
DEFAULT_ACTOR = "staff"

#: Fields an attribute column can be mapped to, per kind (``id``: a database id, checked).
FIELDS: dict[str, tuple[str, ...]] = {
    "sites": (
        "key",
        "id",
        "name_zh",
        "name_en",
        "sub_district",
        "community",
        "year_built",
        "households",
        "status",
    ),
    "buildings": ("number", "floors", "units", "households", "year_built"),
}

#: Column names suggested for each field (compared lower-case, without spaces and "_").
_SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "key": ("key", "sitekey", "code", "小区编号", "编码"),
    "id": ("id", "siteid"),
    "name_zh": ("namezh", "name", "名称", "小区名称", "小区名", "小区", "xqmc", "mc"),
    "name_en": ("nameen", "englishname", "ename", "英文名称"),
    "sub_district": ("subdistrict", "街道", "街道办", "所属街道", "jd", "street"),
    "community": ("community", "社区", "所属社区", "sq"),
    "year_built": (
        "yearbuilt",
        "year",
        "建成年份",
        "建成年代",
        "建设年代",
        "竣工年份",
        "年代",
        "jcnd",
        "nd",
    ),
    "households": ("households", "hh", "户数", "住户数", "总户数", "hs"),
    "status": ("status", "状态"),
    "number": (
        "number",
        "no",
        "楼号",
        "楼栋号",
        "幢号",
        "栋号",
        "bldgno",
        "building",
        "name",
        "名称",
    ),
    "floors": ("floors", "floor", "层数", "楼层", "楼层数", "cs", "storeys", "levels"),
    "units": ("units", "单元", "单元数", "dys", "entrances"),
}

#: Plausible values of numeric attributes, (min, max) per kind.
_RANGES: dict[str, tuple[int, int]] = {
    "floors": (1, 60),
    "units": (0, 50),
    "households": (0, 100_000),
    "year_built": (1900, 2100),
}
_TEXT_LENGTH = {
    "key": 64,
    "name_zh": 200,
    "name_en": 200,
    "sub_district": 100,
    "community": 100,
    "number": 32,
}
_INT_FIELDS = ("id", "floors", "units", "households", "year_built")
_OVERLAP_MATCH = 0.5  # intersection over union needed to match by overlap
_CONTAINMENT = 0.5  # share of a footprint that must lie in one compound
_SAME_GEOMETRY_DEG = 1e-7  # about 1 cm: coordinates closer than this are the same
_LINE_NEAR_DEG = 5e-4  # about 50 m: a line this close to a stored one is the same works

Progress = Callable[[float, str], None]


class ImportError_(ValueError):  # noqa: N801 (not the builtin ImportError)
    """The import cannot go on; ``key`` names the message (``planner/messages/gis.py``)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key}: {values}")
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return t(self.key, lang, **self.values)


def issue_text(issue: Issue, lang: str) -> str:
    """The message of an issue in ``lang``."""
    return t(issue.key, lang, **issue.values)


# --------------------------------------------------------------------------------------------
# Reading and checking a file (no database)
# --------------------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-:：()（）]", "", str(name)).lower()


def _contains(column: str, candidate: str) -> bool:
    # Short Latin abbreviations ("nd", "cs") only match exactly: "end" is not a year.
    long_enough = len(candidate) >= 4 or not candidate.isascii()
    return long_enough and candidate in column


def suggest_mapping(columns: Sequence[str], kind: str) -> dict[str, str | None]:
    """Suggest which attribute column holds each field of ``kind`` (None when none fits).

    An exact match of a known name wins over a column that merely contains one; each column is
    used once.

    Examples
    --------
    >>> suggest_mapping(["楼号", "层数（层）", "户数", "geometry_note"], "buildings")["floors"]
    '层数（层）'
    """
    if kind not in FIELDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    normalised = {col: _norm(col) for col in columns}
    taken: set[str] = set()
    result: dict[str, str | None] = {}
    for exact in (True, False):
        for name in FIELDS[kind]:
            if result.get(name):
                continue
            result[name] = None
            for candidate in _SUGGESTIONS[name]:
                found = next(
                    (
                        col
                        for col, norm in normalised.items()
                        if col not in taken
                        and (norm == candidate if exact else _contains(norm, candidate))
                    ),
                    None,
                )
                if found:
                    result[name] = found
                    taken.add(found)
                    break
    return {name: result.get(name) for name in FIELDS[kind]}


def _parse_int(value: Any) -> int | None:
    """An integer from 6, 6.0, "6", "6层", "1989年", "1989-05-01"; None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(round(value)) if value == value else None
    match = re.search(r"-?\d+(?:\.\d+)?", str(value))
    if not match:
        return None
    return int(round(float(match.group())))


def _parse_values(
    attributes: Mapping[str, Any], field_map: Mapping[str, str | None]
) -> tuple[dict[str, Any], list[Issue]]:
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for name, column in field_map.items():
        if not column or column not in attributes:
            continue
        raw = attributes[column]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if name in _INT_FIELDS:
            number = _parse_int(raw)
            low, high = _RANGES.get(name, (1, 2**31 - 1))
            if number is None or not low <= number <= high:
                issues.append(Issue("bad_value", False, {"field": name, "value": str(raw)[:40]}))
                continue
            values[name] = number
        elif name == "status":
            text = str(raw).strip()
            if text in {s.value for s in WorkStatus}:
                values[name] = text
            else:
                issues.append(Issue("bad_value", False, {"field": name, "value": text[:40]}))
        else:
            text = str(raw).strip()
            if isinstance(raw, float) and raw.is_integer():
                text = str(int(raw))
            values[name] = text[: _TEXT_LENGTH.get(name, 200)]
    return values, issues


@dataclass(frozen=True)
class ParsedFeature:
    """One feature of the file after checking: lon/lat geometry, parsed values, issues."""

    number: int
    geometry: BaseGeometry | None
    role: str
    values: dict[str, Any]
    issues: tuple[Issue, ...]

    @property
    def refused(self) -> bool:
        """True when an issue refuses the feature."""
        return any(issue.refuses for issue in self.issues)

    @property
    def label(self) -> str:
        """A short label: the name or number from the file, else ``#<position>``."""
        text = self.values.get("name_zh") or self.values.get("number") or self.values.get("key")
        return str(text) if text else f"#{self.number}"


@dataclass(frozen=True)
class ParsedFile:
    """A checked layer, ready to be planned against the database."""

    kind: str
    source_name: str
    layer: str
    crs_name: str
    crs_how: str
    columns: tuple[str, ...]
    field_map: dict[str, str | None]
    features: tuple[ParsedFeature, ...]

    @property
    def source(self) -> str:
        """File and layer, for audit notes and the unassigned table."""
        return f"{self.source_name} / {self.layer}"[:200]


def _to_lonlat(resolved: gio.ResolvedCrs) -> Callable[[BaseGeometry], BaseGeometry]:
    return lambda geom: gio.to_storage(geom, resolved)


def preview_file(path: str | Path) -> list[gio.LayerInfo]:
    """The layers of a file (to choose one); raises ``ImportError_`` when it cannot be read."""
    try:
        return gio.list_layers(path)
    except gio.GeodataFileError as error:
        raise ImportError_(error.key, **error.values) from error


def load_file(
    path: str | Path,
    kind: str,
    *,
    layer: str | None = None,
    crs: str | None = None,
    field_map: Mapping[str, str | None] | None = None,
    source_name: str | None = None,
    progress: Progress | None = None,
    margin_km: float = CITY_MARGIN_KM,
) -> ParsedFile:
    """Read and check one layer of a GIS file (nothing is written).

    Parameters
    ----------
    path : str or Path
        GeoJSON, GeoPackage, zipped Shapefile or KML file.
    kind : {"sites", "buildings"}
        What the layer holds.
    layer : str, optional
        Layer to read (needed when the file has several and none is named ``kind``).
    crs : str, optional
        Coordinate system of the coordinates (``geodata.io.ACCEPTED_CRS``); overrides the
        file's declaration. Required when the file declares none.
    field_map : mapping, optional
        Field name → attribute column (None to leave a field out); default
        :func:`suggest_mapping`.
    source_name : str, optional
        Name to record (an upload's original file name); default the file name.
    progress : callable, optional
        Called with (fraction done, message key) while checking.

    Raises
    ------
    ImportError_
        Unknown kind, unreadable file, missing or ambiguous layer, empty layer, undeclared
        coordinate system (the message names the likely one), or no feature near the city.
    """
    if kind not in KINDS:
        raise ImportError_("gis.error.kind", kind=kind, kinds=", ".join(KINDS))
    try:
        raw = gio.read_layer(path, layer, kind=kind)
        resolved = gio.resolve_crs(raw, crs)
    except gio.GeodataFileError as error:
        raise ImportError_(error.key, **error.values) from error
    columns = tuple(c for c in raw.columns if c != gio.LAYER_COLUMN)
    if field_map is None:
        field_map = suggest_mapping(columns, kind)
    unknown = [c for c in field_map.values() if c and c not in columns]
    if unknown:
        raise ImportError_(
            "gis.error.column_unknown", column=unknown[0], columns=", ".join(columns)
        )
    field_map = {name: field_map.get(name) for name in FIELDS[kind]}
    to_lonlat = _to_lonlat(resolved)
    features: list[ParsedFeature] = []
    total = len(raw.features)
    for i, feature in enumerate(raw.features):
        checked: CheckedGeometry = check_geometry(
            feature.geometry, kind, to_lonlat, margin_km=margin_km
        )
        values, value_issues = _parse_values(feature.attributes, field_map)
        features.append(
            ParsedFeature(
                number=feature.number,
                geometry=checked.geometry,
                role=checked.role,
                values=values,
                issues=(*checked.issues, *value_issues),
            )
        )
        if progress and (i % 200 == 0 or i == total - 1):
            progress(0.5 * (i + 1) / total, "gis.progress.checking")
    outside = [f for f in features if any(x.code == "outside_city" for x in f.issues)]
    if outside and len(outside) == len(features):
        raise ImportError_(
            "gis.error.all_outside", n=len(features), crs=resolved.name, margin=margin_km
        )
    return ParsedFile(
        kind=kind,
        source_name=(source_name or Path(path).name)[:150],
        layer=raw.layer,
        crs_name=resolved.name,
        crs_how=resolved.how,
        columns=columns,
        field_map=dict(field_map),
        features=tuple(features),
    )


# --------------------------------------------------------------------------------------------
# Planning against the database
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedRow:
    """What will happen to one feature.

    ``target_id`` is the site, building or unassigned row updated or left alone; ``site_id``
    the compound a building belongs to; ``changes`` the fields that change; ``write`` the
    column values to write (not part of the comparison with the preview).
    """

    feature: int
    action: str
    label: str
    target_id: int | None = None
    site_id: int | None = None
    site_label: str = ""
    matched_by: str = ""
    changes: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()
    geometry: dict[str, Any] | None = None
    write: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    replaces_unassigned: int | None = None

    def signature(self) -> tuple:
        """What the user saw in the preview (compared again before writing)."""
        return (
            self.feature,
            self.action,
            self.target_id,
            self.site_id,
            self.changes,
            self.replaces_unassigned,
            json.dumps(self.write, sort_keys=True, default=str),
        )


@dataclass(frozen=True)
class ImportPlan:
    """The preview: one planned row per feature, in file order."""

    kind: str
    source: str
    crs_name: str
    rows: tuple[PlannedRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Number of rows per action (every action present, zeros included)."""
        result = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            result[row.action] += 1
        return result

    def signature(self) -> tuple:
        """The comparable content of the plan."""
        return (self.kind, tuple(row.signature() for row in self.rows))

    def to_json_dict(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-friendly summary: counts and one entry per feature with its messages."""
        return {
            "kind": self.kind,
            "source": self.source,
            "crs": self.crs_name,
            "counts": self.counts,
            "features": [
                {
                    "feature": row.feature,
                    "action": row.action,
                    "label": row.label,
                    "target_id": row.target_id,
                    "site_id": row.site_id,
                    "site": row.site_label,
                    "matched_by": row.matched_by,
                    "changes": list(row.changes),
                    "messages": [issue_text(i, lang) for i in row.issues],
                }
                for row in self.rows
            ],
        }


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    return json.loads(json.dumps(mapping(geom)))


def _same_geometry(stored_text: str, geom: BaseGeometry) -> bool:
    stored = shape(json.loads(stored_text))
    if stored.geom_type != geom.geom_type:
        return False
    a, b = shapely.normalize(stored), shapely.normalize(geom)
    return bool(shapely.equals_exact(a, b, tolerance=_SAME_GEOMETRY_DEG))


def _iou(a: BaseGeometry, b: BaseGeometry) -> float:
    union = a.union(b).area
    return a.intersection(b).area / union if union > 0 else 0.0


def _refused(feature: ParsedFeature, *extra: Issue) -> PlannedRow:
    return PlannedRow(
        feature=feature.number,
        action="refused",
        label=feature.label,
        issues=(*feature.issues, *extra),
        geometry=_geometry_json(feature.geometry) if feature.geometry is not None else None,
    )


def _geometry_write(geom: BaseGeometry, prefix: str) -> dict[str, Any]:
    geo = _geometry_columns(_geometry_json(geom))
    if prefix == "site":
        return {
            "geometry": geo["text"],
            "min_lon": geo["min_lon"],
            "min_lat": geo["min_lat"],
            "max_lon": geo["max_lon"],
            "max_lat": geo["max_lat"],
            "area_m2": geo["area_m2"],
            "length_m": geo["length_m"],
        }
    return {
        "footprint": geo["text"],
        "min_lon": geo["min_lon"],
        "min_lat": geo["min_lat"],
        "max_lon": geo["max_lon"],
        "max_lat": geo["max_lat"],
        "footprint_area_m2": geo["area_m2"],
        "perimeter_m": geo["length_m"],
    }


_SITE_VALUE_FIELDS = (
    "name_zh",
    "name_en",
    "sub_district",
    "community",
    "year_built",
    "households",
    "status",
)


def _plan_sites(
    session: Session, parsed: ParsedFile, progress: Progress | None
) -> list[PlannedRow]:
    sites = list(session.exec(select(Site)).all())
    by_key = {s.key: s for s in sites}
    by_id = {s.id: s for s in sites}
    names: dict[str, list[Site]] = {}
    for s in sites:
        names.setdefault(s.name_zh, []).append(s)
    shapes = {s.id: shape(json.loads(s.geometry)) for s in sites}
    compounds = [s for s in sites if s.kind == SiteKind.COMPOUND.value]
    tree = STRtree([shapes[s.id] for s in compounds]) if compounds else None
    used: dict[int, int] = {}  # site id → feature number that matched it
    new_keys: set[str] = set()
    new_names: set[str] = set()
    next_key = [len(sites) + 1]
    rows: list[PlannedRow] = []
    total = len(parsed.features)

    def free_key() -> str:
        while True:
            key = f"gis{next_key[0]:05d}"
            next_key[0] += 1
            if key not in by_key and key not in new_keys:
                return key

    for i, feature in enumerate(parsed.features):
        if progress and (i % 200 == 0 or i == total - 1):
            progress(0.5 + 0.5 * (i + 1) / total, "gis.progress.matching")
        if feature.refused or feature.geometry is None:
            rows.append(_refused(feature))
            continue
        geom, values = feature.geometry, feature.values
        site: Site | None = None
        how = ""
        if values.get("key") in by_key:
            site, how = by_key[values["key"]], "key"
        elif values.get("id") in by_id:
            # A database id means something only in the database it came from: it must agree
            # with the name or the place.
            candidate = by_id[values["id"]]
            stored = shapes[candidate.id]
            if (
                candidate.name_zh == values.get("name_zh")
                or (candidate.kind == "compound" and _iou(stored, geom) >= _OVERLAP_MATCH)
                or (candidate.kind == "linear" and stored.hausdorff_distance(geom) < _LINE_NEAR_DEG)
            ):
                site, how = candidate, "id"
        if site is None and values.get("name_zh") and len(names.get(values["name_zh"], [])) == 1:
            site, how = names[values["name_zh"]][0], "name"
        if site is None and feature.role == "compound" and tree is not None:
            hits = [compounds[j] for j in tree.query(geom, predicate="intersects")]
            close = [s for s in hits if _iou(shapes[s.id], geom) >= _OVERLAP_MATCH]
            if len(close) == 1:
                site, how = close[0], "overlap"
        if site is not None:
            if site.kind != feature.role:
                rows.append(_refused(feature, Issue("kind_conflict", True, {"kind": site.kind})))
                continue
            if site.id in used:
                rows.append(
                    _refused(feature, Issue("duplicate_match", True, {"other": used[site.id]}))
                )
                continue
            used[site.id] = feature.number
            write: dict[str, Any] = {}
            changes: list[str] = []
            for name in _SITE_VALUE_FIELDS:
                if name in values and values[name] != getattr(site, name):
                    write[name] = values[name]
                    changes.append(name)
            if not _same_geometry(site.geometry, geom):
                geo = _geometry_write(geom, "site")
                if feature.role != "compound":
                    geo["area_m2"] = None
                if feature.role != "linear":
                    geo["length_m"] = None
                write.update(geo)
                changes.append("geometry")
            rows.append(
                PlannedRow(
                    feature=feature.number,
                    action="update" if changes else "unchanged",
                    label=site.name_zh,
                    target_id=site.id,
                    matched_by=how,
                    changes=tuple(changes),
                    issues=feature.issues,
                    geometry=_geometry_json(geom),
                    write=write,
                )
            )
            continue
        name = values.get("name_zh")
        if not name:
            rows.append(_refused(feature, Issue("name_missing", True)))
            continue
        if name in new_names:
            rows.append(_refused(feature, Issue("duplicate_name", True, {"name": name})))
            continue
        key = values.get("key") or free_key()
        if key in new_keys:
            rows.append(_refused(feature, Issue("duplicate_key", True, {"key": key})))
            continue
        new_keys.add(key)
        new_names.add(name)
        geo = _geometry_write(geom, "site")
        write = {
            "key": key,
            "kind": feature.role,
            "name_zh": name,
            "name_en": values.get("name_en") or "",
            "sub_district": values.get("sub_district") or "",
            "community": values.get("community") or "",
            "year_built": values.get("year_built"),
            "households": values.get("households"),
            "status": values.get("status") or WorkStatus.PLANNED.value,
            **geo,
            "area_m2": geo["area_m2"] if feature.role == "compound" else None,
            "length_m": geo["length_m"] if feature.role == "linear" else None,
            "illustrative": False,
        }
        rows.append(
            PlannedRow(
                feature=feature.number,
                action="create",
                label=name,
                issues=feature.issues,
                geometry=_geometry_json(geom),
                write=write,
            )
        )
    return rows


_BUILDING_VALUE_FIELDS = ("number", "floors", "units", "households", "year_built")


def _number_key(number: str) -> tuple:
    match = re.match(r"\d+", number)
    return (0, int(match.group()), number) if match else (1, 0, number)


def _plan_buildings(
    session: Session, parsed: ParsedFile, progress: Progress | None
) -> list[PlannedRow]:
    compounds = list(session.exec(select(Site).where(Site.kind == SiteKind.COMPOUND.value)).all())
    compound_shapes = [shape(json.loads(s.geometry)) for s in compounds]
    tree = STRtree(compound_shapes) if compounds else None
    buildings: dict[int, list[Building]] = {}
    for b in session.exec(select(Building)).all():
        buildings.setdefault(b.site_id, []).append(b)
    building_shapes = {
        b.id: shape(json.loads(b.footprint)) for bs in buildings.values() for b in bs
    }
    unassigned = list(session.exec(select(UnassignedBuilding)).all())
    unassigned_shapes = [shape(json.loads(u.footprint)) for u in unassigned]
    unassigned_tree = STRtree(unassigned_shapes) if unassigned else None
    numbers: dict[int, set[str]] = {
        site_id: {b.number for b in bs} for site_id, bs in buildings.items()
    }
    used: dict[int, int] = {}
    used_unassigned: dict[int, int] = {}
    rows: list[PlannedRow] = []
    total = len(parsed.features)

    def matching_unassigned(geom: BaseGeometry) -> UnassignedBuilding | None:
        if unassigned_tree is None:
            return None
        for j in unassigned_tree.query(geom, predicate="intersects"):
            if _iou(unassigned_shapes[j], geom) >= _OVERLAP_MATCH:
                return unassigned[j]
        return None

    for i, feature in enumerate(parsed.features):
        if progress and (i % 200 == 0 or i == total - 1):
            progress(0.5 + 0.5 * (i + 1) / total, "gis.progress.matching")
        if feature.refused or feature.geometry is None:
            rows.append(_refused(feature))
            continue
        geom, values = feature.geometry, feature.values
        site: Site | None = None
        best_share = 0.0
        if tree is not None:
            area = geom.area
            for j in tree.query(geom, predicate="intersects"):
                share = compound_shapes[j].intersection(geom).area / area if area > 0 else 0.0
                if share > best_share:
                    best_share, site = share, compounds[j]
        if site is None or best_share < _CONTAINMENT:
            reason = (
                UnassignedReason.AMBIGUOUS
                if site is not None
                else UnassignedReason.OUTSIDE_COMPOUNDS
            )
            rows.append(
                _plan_unassigned(feature, reason, matching_unassigned(geom), used_unassigned)
            )
            continue
        existing = buildings.get(site.id, [])
        match: Building | None = None
        how = ""
        number = values.get("number")
        if number is not None:
            match = next((b for b in existing if b.number == number), None)
            how = "number" if match else ""
        if match is None:
            close = [b for b in existing if _iou(building_shapes[b.id], geom) >= _OVERLAP_MATCH]
            if len(close) == 1:
                match, how = close[0], "overlap"
        site_label = site.name_zh
        if match is not None:
            if match.id in used:
                rows.append(
                    _refused(feature, Issue("duplicate_match", True, {"other": used[match.id]}))
                )
                continue
            used[match.id] = feature.number
            write: dict[str, Any] = {}
            changes: list[str] = []
            for name in _BUILDING_VALUE_FIELDS:
                if name in values and values[name] != getattr(match, name):
                    if name == "number" and values[name] in numbers.get(site.id, set()):
                        rows.append(
                            _refused(
                                feature,
                                Issue(
                                    "number_taken",
                                    True,
                                    {"number": values[name], "site": site_label},
                                ),
                            )
                        )
                        break
                    write[name] = values[name]
                    changes.append(name)
            else:
                if not _same_geometry(match.footprint, geom):
                    write.update(_geometry_write(geom, "building"))
                    changes.append("geometry")
                if "number" in write:
                    numbers[site.id].add(write["number"])
                rows.append(
                    PlannedRow(
                        feature=feature.number,
                        action="update" if changes else "unchanged",
                        label=f"{site_label} {match.number}",
                        target_id=match.id,
                        site_id=site.id,
                        site_label=site_label,
                        matched_by=how,
                        changes=tuple(changes),
                        issues=feature.issues,
                        geometry=_geometry_json(geom),
                        write=write,
                    )
                )
            continue
        # A new building of this compound.
        if values.get("floors") is None:
            rows.append(_refused(feature, Issue("floors_missing", True)))
            continue
        taken = numbers.setdefault(site.id, set())
        extra: list[Issue] = []
        if number is None:
            numeric = [int(n) for n in taken if n.isdigit()]
            number = str(max(numeric, default=0) + 1)
            extra.append(Issue("auto_number", False, {"number": number}))
        elif number in taken:
            rows.append(
                _refused(
                    feature, Issue("number_taken", True, {"number": number, "site": site_label})
                )
            )
            continue
        for name in ("units", "households"):
            if values.get(name) is None:
                extra.append(Issue("zero_default", False, {"field": name}))
        taken.add(number)
        previous = matching_unassigned(geom)
        if previous is not None and previous.id in used_unassigned:
            previous = None
        if previous is not None:
            used_unassigned[previous.id] = feature.number
            extra.append(Issue("was_unassigned", False, {"id": previous.id}))
        rows.append(
            PlannedRow(
                feature=feature.number,
                action="create",
                label=f"{site_label} {number}",
                site_id=site.id,
                site_label=site_label,
                issues=(*feature.issues, *extra),
                geometry=_geometry_json(geom),
                write={
                    "site_id": site.id,
                    "number": number,
                    "floors": values["floors"],
                    "units": values.get("units") or 0,
                    "households": values.get("households") or 0,
                    "year_built": values.get("year_built"),
                    **_geometry_write(geom, "building"),
                    "illustrative": False,
                },
                replaces_unassigned=previous.id if previous is not None else None,
            )
        )
    return rows


def _plan_unassigned(
    feature: ParsedFeature,
    reason: str,
    previous: UnassignedBuilding | None,
    used: dict[int, int],
) -> PlannedRow:
    assert feature.geometry is not None
    values = feature.values
    issue = Issue(f"unassigned_{reason}", False)
    fields = {
        "number": values.get("number") or "",
        "floors": values.get("floors"),
        "units": values.get("units"),
        "households": values.get("households"),
        "year_built": values.get("year_built"),
        "reason": reason,
    }
    if previous is not None and previous.id not in used:
        used[previous.id] = feature.number
        write = {k: v for k, v in fields.items() if v is not None and v != getattr(previous, k)}
        changes = list(write)
        if not _same_geometry(previous.footprint, feature.geometry):
            write.update(_geometry_write(feature.geometry, "building"))
            changes.append("geometry")
        return PlannedRow(
            feature=feature.number,
            action="unassigned",
            label=feature.label,
            target_id=previous.id,
            matched_by="overlap",
            changes=tuple(changes),
            issues=(*feature.issues, issue),
            geometry=_geometry_json(feature.geometry),
            write=write,
        )
    return PlannedRow(
        feature=feature.number,
        action="unassigned",
        label=feature.label,
        issues=(*feature.issues, issue),
        geometry=_geometry_json(feature.geometry),
        write={**fields, **_geometry_write(feature.geometry, "building")},
    )


def plan_import(
    session: Session, parsed: ParsedFile, progress: Progress | None = None
) -> ImportPlan:
    """Match a checked file against the database and say what would happen (writes nothing).

    Returns
    -------
    ImportPlan
        One row per feature, in file order, with its action (``create``, ``update``,
        ``unchanged``, ``unassigned`` or ``refused``), what it matched and how, the changed
        fields and the messages.
    """
    planner = _plan_sites if parsed.kind == "sites" else _plan_buildings
    rows = planner(session, parsed, progress)
    return ImportPlan(
        kind=parsed.kind, source=parsed.source, crs_name=parsed.crs_name, rows=tuple(rows)
    )


# --------------------------------------------------------------------------------------------
# Applying the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: counts per action, and the number of audit entries."""

    counts: dict[str, int]
    audit_entries: int


def _audit_value(row: Mapping[str, Any]) -> str:
    # Geometry text is long and already stored: the audit records its measures instead.
    clean = {k: v for k, v in row.items() if k not in ("geometry", "footprint")}
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, default=str)


def _before(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def write_plan(
    session: Session,
    parsed: ParsedFile,
    plan: ImportPlan,
    *,
    actor: str,
    skip_refused: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a confirmed plan inside the caller's transaction (flushes, never commits).

    Plans again first: when the database changed since the preview, raises
    ``ImportError_("gis.error.outdated")``; when features were refused and ``skip_refused`` is
    false, raises ``ImportError_("gis.error.refused")``. Either way nothing is written.
    """
    fresh = plan_import(session, parsed)
    if fresh.signature() != plan.signature():
        raise ImportError_("gis.error.outdated")
    counts = fresh.counts
    if counts["refused"] and not skip_refused:
        raise ImportError_("gis.error.refused", n=counts["refused"])
    if not any(counts[a] for a in ("create", "update", "unassigned")):
        return ImportResult(counts=counts, audit_entries=0)
    actor = (actor or "").strip()[:100] or DEFAULT_ACTOR
    note = f"geodata import: {parsed.source}"
    entity = "site" if parsed.kind == "sites" else "building"
    audits = 0
    now = utcnow()
    total = len(fresh.rows)
    for i, row in enumerate(fresh.rows):
        if progress and (i % 200 == 0 or i == total - 1):
            progress((i + 1) / total, "gis.progress.writing")
        if row.action in ("unchanged", "refused"):
            continue
        if row.action == "create":
            obj: Any = Site(**row.write) if entity == "site" else Building(**row.write)
            session.add(obj)
            session.flush()
            session.add(
                AuditEntry(
                    actor=actor,
                    action="create",
                    entity=entity,
                    entity_id=obj.id,
                    after=_audit_value(row.write),
                    note=note,
                )
            )
            audits += 1
            if row.replaces_unassigned is not None:
                old = session.get(UnassignedBuilding, row.replaces_unassigned)
                if old is not None:
                    session.delete(old)
                    session.add(
                        AuditEntry(
                            actor=actor,
                            action="delete",
                            entity="unassigned_building",
                            entity_id=row.replaces_unassigned,
                            after=json.dumps({"building_id": obj.id}),
                            note=note,
                        )
                    )
                    audits += 1
        elif row.action == "update":
            model = Site if entity == "site" else Building
            obj = session.get(model, row.target_id)
            assert obj is not None  # planned in this transaction
            before = _before(obj, list(row.write))
            for name, value in row.write.items():
                setattr(obj, name, value)
            session.add(obj)
            session.add(
                AuditEntry(
                    actor=actor,
                    action="update",
                    entity=entity,
                    entity_id=obj.id,
                    before=_audit_value(before),
                    after=_audit_value(row.write),
                    note=note,
                )
            )
            audits += 1
        elif row.action == "unassigned" and (row.target_id is None or row.write):
            if row.target_id is None:
                obj = UnassignedBuilding(**row.write, source=parsed.source, imported_at=now)
                session.add(obj)
                session.flush()
                action, before_text = "create", None
            else:
                obj = session.get(UnassignedBuilding, row.target_id)
                assert obj is not None
                before_text = _audit_value(_before(obj, list(row.write)))
                for name, value in row.write.items():
                    setattr(obj, name, value)
                obj.imported_at = now
                session.add(obj)
                action = "update"
            session.add(
                AuditEntry(
                    actor=actor,
                    action=action,
                    entity="unassigned_building",
                    entity_id=obj.id,
                    before=before_text,
                    after=_audit_value(row.write),
                    note=note,
                )
            )
            audits += 1
    session.flush()
    return ImportResult(counts=counts, audit_entries=audits)


def apply_import(
    engine: Engine,
    parsed: ParsedFile,
    plan: ImportPlan,
    *,
    actor: str,
    skip_refused: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a confirmed plan in one transaction of its own; on any error nothing is written.

    See :func:`write_plan` for when it refuses.
    """
    with session_scope(engine) as session:
        return write_plan(
            session, parsed, plan, actor=actor, skip_refused=skip_refused, progress=progress
        )


# --------------------------------------------------------------------------------------------
# Unassigned buildings
# --------------------------------------------------------------------------------------------


def list_unassigned(session: Session) -> list[UnassignedBuilding]:
    """Buildings waiting to be attached to a compound, oldest import first."""
    return list(
        session.exec(
            select(UnassignedBuilding).order_by(
                UnassignedBuilding.imported_at, UnassignedBuilding.id
            )
        ).all()
    )


def suggest_compounds(session: Session, unassigned_id: int, limit: int = 5) -> list[Site]:
    """Compounds nearest to an unassigned building (those it touches first)."""
    row = session.get(UnassignedBuilding, unassigned_id)
    if row is None:
        return []
    geom = shape(json.loads(row.footprint))
    compounds = session.exec(select(Site).where(Site.kind == SiteKind.COMPOUND.value)).all()
    ranked = sorted(compounds, key=lambda s: shape(json.loads(s.geometry)).distance(geom))
    return list(ranked[:limit])


def attach_unassigned_building(
    engine: Engine,
    unassigned_id: int,
    site_id: int,
    *,
    actor: str,
    number: str | None = None,
    floors: int | None = None,
    units: int | None = None,
    households: int | None = None,
) -> int:
    """Attach an unassigned building to a compound: it becomes a ``building`` row.

    Values given here replace those from the file. Returns the new building's id.

    Raises
    ------
    ImportError_
        Unknown building or compound, a number already used in the compound, or no number or
        floors known.
    """
    actor = (actor or "").strip()[:100] or DEFAULT_ACTOR
    with session_scope(engine) as session:
        row = session.get(UnassignedBuilding, unassigned_id)
        site = session.get(Site, site_id)
        if row is None:
            raise ImportError_("gis.error.unassigned_unknown", id=unassigned_id)
        if site is None or site.kind != SiteKind.COMPOUND.value:
            raise ImportError_("gis.error.compound_unknown", id=site_id)
        number = (number or row.number or "").strip()[:32]
        floors = floors if floors is not None else row.floors
        if not number:
            raise ImportError_("gis.error.number_required")
        if not floors or floors < 1:
            raise ImportError_("gis.error.floors_required")
        taken = session.exec(
            select(Building.id).where(Building.site_id == site_id, Building.number == number)
        ).first()
        if taken is not None:
            raise ImportError_("gis.error.number_taken", number=number, site=site.name_zh)
        building = Building(
            site_id=site_id,
            number=number,
            floors=floors,
            units=units if units is not None else (row.units or 0),
            households=households if households is not None else (row.households or 0),
            year_built=row.year_built,
            footprint=row.footprint,
            min_lon=row.min_lon,
            min_lat=row.min_lat,
            max_lon=row.max_lon,
            max_lat=row.max_lat,
            footprint_area_m2=row.footprint_area_m2,
            perimeter_m=row.perimeter_m,
            illustrative=False,
        )
        session.add(building)
        session.flush()
        after = building.model_dump(exclude={"footprint"}) | {"from_unassigned": unassigned_id}
        session.add(
            AuditEntry(
                actor=actor,
                action="attach",
                entity="building",
                entity_id=building.id,
                after=json.dumps(after, ensure_ascii=False, default=str),
                note="unassigned building attached to a compound",
            )
        )
        session.delete(row)
        assert building.id is not None
        return building.id


def summarise(plan: ImportPlan, lang: str) -> str:
    """One line: how many features will be created, updated, ... (for the CLI and the page)."""
    counts = plan.counts
    return t("gis.summary", lang, **counts)


# --------------------------------------------------------------------------------------------
# The preview map
# --------------------------------------------------------------------------------------------

#: Colour of each action on the preview map.
ACTION_COLOURS = {
    "create": "#1a9641",
    "update": "#fdae61",
    "unchanged": "#808080",
    "unassigned": "#7b3294",
    "refused": "#d7191c",
}
PREVIEW_MAP_LIMIT = 500


def preview_map(plan: ImportPlan, lang: str, limit: int = PREVIEW_MAP_LIMIT) -> Any:
    """A folium map of the first ``limit`` planned features, coloured by action.

    Drawn on the offline base map (Leaflet served by the app, the city outline); tooltips
    hold the action and the label from the file, escaped.
    """
    import html

    import folium

    from geodata.boundary import CITY_OUTLINE_ATTRIBUTION, load_city_outline
    from geodata.maps import add_city_outline, offline_map

    drawn = [row for row in plan.rows if row.geometry is not None][:limit]
    if drawn:
        bounds = shapely.total_bounds([shape(row.geometry) for row in drawn])
        centre = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    else:
        centre = (98.29, 39.80)
    m = offline_map(centre, 15)
    add_city_outline(m, load_city_outline(), CITY_OUTLINE_ATTRIBUTION)
    features = [
        {
            "type": "Feature",
            "id": i,
            "properties": {
                "action": row.action,
                "text": html.escape(f"#{row.feature} {t(f'gis.action.{row.action}', lang)}")
                + " · "
                + html.escape(row.label),
            },
            "geometry": row.geometry,
        }
        for i, row in enumerate(drawn)
    ]
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name="import_preview",
            style_function=lambda f: {
                "color": ACTION_COLOURS[f["properties"]["action"]],
                "weight": 2,
                "fillColor": ACTION_COLOURS[f["properties"]["action"]],
                "fillOpacity": 0.4,
            },
            tooltip=folium.GeoJsonTooltip(fields=["text"], labels=False, sticky=True),
            control=False,
        ).add_to(m)
        m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m
