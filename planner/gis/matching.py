"""Matching the features of a checked file to what is stored: the import plan.

:func:`plan_import` says, per feature, whether it will be **created**, **updated** (which
fields), left **unchanged**, kept **unassigned** (a building in no known compound) or
**refused** (with the reason). Sites match by key, then database id (checked by name or
place), then exact Chinese name, then by overlap with one compound (intersection over union
≥ 0.5). A building belongs to the compound holding the largest share (≥ 50 %) of its
footprint, and matches a building of that compound by number, else by overlap; a building in
no compound matches a stored unassigned building by overlap. Nothing is written.

Sites, buildings and unassigned buildings share one way of matching by overlap
(:class:`_Stored`), one way of saying what a matched feature changes (:func:`_changes`) and
one row for a matched site or building (:func:`_matched`): only what differs between them
(which rules find a match, which attributes and geometry columns they have) is written apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property, partial
from typing import Any, Generic, TypeVar

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree
from sqlmodel import Session, select

from db.models import Building, Site, SiteKind, WorkStatus
from db.models.gis import UnassignedBuilding, UnassignedReason
from geodata.validation import Issue
from planner.gis.plan import ImportPlan, PlannedRow, _geometry_json, _geometry_write, _refused
from planner.gis.reading import ParsedFeature, ParsedFile, Progress
from planner.sites import BUILDING_ATTRIBUTES, SITE_ATTRIBUTES

_OVERLAP_MATCH = 0.5  # intersection over union needed to match by overlap
_CONTAINMENT = 0.5  # share of a footprint that must lie in one compound
_SAME_GEOMETRY_DEG = 1e-7  # about 1 cm: coordinates closer than this are the same
_LINE_NEAR_DEG = 5e-4  # about 50 m: a line this close to a stored one is the same works

Row = TypeVar("Row")


def _same_geometry(stored_text: str, geom: BaseGeometry) -> bool:
    stored = shape(json.loads(stored_text))
    if stored.geom_type != geom.geom_type:
        return False
    a, b = shapely.normalize(stored), shapely.normalize(geom)
    return bool(shapely.equals_exact(a, b, tolerance=_SAME_GEOMETRY_DEG))


def _iou(a: BaseGeometry, b: BaseGeometry) -> float:
    union = a.union(b).area
    return a.intersection(b).area / union if union > 0 else 0.0


class _Stored(Generic[Row]):
    """Stored rows of one kind with their shapes, searchable by overlap."""

    def __init__(self, rows: Iterable[Row], geometry: Callable[[Row], str]) -> None:
        self.rows = list(rows)
        self.shapes = [shape(json.loads(geometry(row))) for row in self.rows]

    @cached_property
    def _tree(self) -> STRtree | None:
        return STRtree(self.shapes) if self.rows else None

    def intersecting(self, geom: BaseGeometry) -> Iterator[tuple[Row, BaseGeometry]]:
        """The rows whose shape meets ``geom``, with their shape, in the index's order."""
        if self._tree is not None:
            for j in self._tree.query(geom, predicate="intersects"):
                yield self.rows[j], self.shapes[j]

    def overlapping(self, geom: BaseGeometry) -> list[Row]:
        """The rows that cover about the same ground (intersection over union ≥ 0.5)."""
        return [
            row for row, stored in self.intersecting(geom) if _iou(stored, geom) >= _OVERLAP_MATCH
        ]


def _only(rows: list[Row]) -> Row | None:
    """The one row of a match by overlap; none when two or more overlap alike."""
    return rows[0] if len(rows) == 1 else None


def _changes(
    stored: Any,
    values: Mapping[str, Any],
    attributes: Iterable[str],
    stored_geometry: str,
    geom: BaseGeometry,
    geometry_write: Callable[[], dict[str, Any]],
    refuse: Callable[[str, Any], Issue | None] = lambda _name, _value: None,
) -> tuple[dict[str, Any], list[str]] | Issue:
    """What a feature would write over a stored row: the attributes it gives differently, then
    its geometry when it moved; or the issue that refuses a changed value."""
    write: dict[str, Any] = {}
    changes: list[str] = []
    for name in attributes:
        if name in values and values[name] != getattr(stored, name):
            issue = refuse(name, values[name])
            if issue is not None:
                return issue
            write[name] = values[name]
            changes.append(name)
    if not _same_geometry(stored_geometry, geom):
        write.update(geometry_write())
        changes.append("geometry")
    return write, changes


def _matched(
    feature: ParsedFeature,
    geom: BaseGeometry,
    stored: Site | Building,
    used: dict[int, int],
    *,
    how: str,
    label: str,
    attributes: Iterable[str],
    stored_geometry: str,
    geometry_write: Callable[[], dict[str, Any]],
    refuse: Callable[[str, Any], Issue | None] = lambda _name, _value: None,
    site: Site | None = None,
) -> PlannedRow:
    """The row of a feature that matched a stored site or building: an update, unchanged, or
    refused (matched already by another feature, or a changed value it may not take)."""
    assert stored.id is not None  # a stored row
    if stored.id in used:
        return _refused(feature, Issue("duplicate_match", True, {"other": used[stored.id]}))
    used[stored.id] = feature.number
    found = _changes(
        stored, feature.values, attributes, stored_geometry, geom, geometry_write, refuse
    )
    if isinstance(found, Issue):
        return _refused(feature, found)
    write, changes = found
    return PlannedRow(
        feature=feature.number,
        action="update" if changes else "unchanged",
        label=label,
        target_id=stored.id,
        site_id=site.id if site is not None else None,
        site_label=site.name_zh if site is not None else "",
        matched_by=how,
        changes=tuple(changes),
        issues=feature.issues,
        geometry=_geometry_json(geom),
        write=write,
    )


def _features_to_match(
    parsed: ParsedFile, rows: list[PlannedRow], progress: Progress | None
) -> Iterator[tuple[ParsedFeature, BaseGeometry]]:
    """The features worth matching, with their geometry, in file order.

    Reports progress (the second half of the bar) and appends a refused row to ``rows`` for
    each feature the file check refused, so ``rows`` stays in file order.
    """
    total = len(parsed.features)
    for i, feature in enumerate(parsed.features):
        if progress and (i % 200 == 0 or i == total - 1):
            progress(0.5 + 0.5 * (i + 1) / total, "gis.progress.matching")
        if feature.refused or feature.geometry is None:
            rows.append(_refused(feature))
            continue
        yield feature, feature.geometry


def _number_taken(taken: set[str], site_label: str, name: str, value: Any) -> Issue | None:
    """A building may not take the number of another building of its compound."""
    if name == "number" and value in taken:
        return Issue("number_taken", True, {"number": value, "site": site_label})
    return None


def _site_geometry_write(geom: BaseGeometry, role: str) -> dict[str, Any]:
    """A site's geometry columns: an area for a compound, a length for linear works."""
    geo = _geometry_write(geom, "site")
    if role != "compound":
        geo["area_m2"] = None
    if role != "linear":
        geo["length_m"] = None
    return geo


def _plan_sites(
    session: Session, parsed: ParsedFile, progress: Progress | None
) -> list[PlannedRow]:
    sites = list(session.exec(select(Site)).all())
    by_key = {s.key: s for s in sites}
    by_id = {s.id: s for s in sites}
    names: dict[str, list[Site]] = {}
    for s in sites:
        names.setdefault(s.name_zh, []).append(s)
    compounds = _Stored(
        [s for s in sites if s.kind == SiteKind.COMPOUND.value], lambda s: s.geometry
    )
    used: dict[int, int] = {}  # site id → feature number that matched it
    new_keys: set[str] = set()
    new_names: set[str] = set()
    next_key = [len(sites) + 1]
    rows: list[PlannedRow] = []

    def free_key() -> str:
        while True:
            key = f"gis{next_key[0]:05d}"
            next_key[0] += 1
            if key not in by_key and key not in new_keys:
                return key

    def checked_id(candidate: Site, values: dict[str, Any], geom: BaseGeometry) -> bool:
        # A database id means something only in the database it came from: it must agree
        # with the name or the place.
        stored = shape(json.loads(candidate.geometry))
        return (
            candidate.name_zh == values.get("name_zh")
            or (candidate.kind == "compound" and _iou(stored, geom) >= _OVERLAP_MATCH)
            or (candidate.kind == "linear" and stored.hausdorff_distance(geom) < _LINE_NEAR_DEG)
        )

    for feature, geom in _features_to_match(parsed, rows, progress):
        values = feature.values
        site: Site | None = None
        how = ""
        if values.get("key") in by_key:
            site, how = by_key[values["key"]], "key"
        elif values.get("id") in by_id and checked_id(by_id[values["id"]], values, geom):
            site, how = by_id[values["id"]], "id"
        if site is None and values.get("name_zh") and len(names.get(values["name_zh"], [])) == 1:
            site, how = names[values["name_zh"]][0], "name"
        if site is None and feature.role == "compound":
            site = _only(compounds.overlapping(geom))
            how = "overlap" if site is not None else how
        if site is not None:
            if site.kind != feature.role:
                rows.append(_refused(feature, Issue("kind_conflict", True, {"kind": site.kind})))
                continue
            rows.append(
                _matched(
                    feature,
                    geom,
                    site,
                    used,
                    how=how,
                    label=site.name_zh,
                    attributes=SITE_ATTRIBUTES,
                    stored_geometry=site.geometry,
                    geometry_write=partial(_site_geometry_write, geom, feature.role),
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
            **_site_geometry_write(geom, feature.role),
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


def _plan_buildings(
    session: Session, parsed: ParsedFile, progress: Progress | None
) -> list[PlannedRow]:
    compounds = _Stored(
        session.exec(select(Site).where(Site.kind == SiteKind.COMPOUND.value)).all(),
        lambda s: s.geometry,
    )
    buildings: dict[int, _Stored[Building]] = {}
    by_site: dict[int, list[Building]] = {}
    for b in session.exec(select(Building)).all():
        by_site.setdefault(b.site_id, []).append(b)
    for site_id, bs in by_site.items():
        buildings[site_id] = _Stored(bs, lambda b: b.footprint)
    unassigned = _Stored(session.exec(select(UnassignedBuilding)).all(), lambda u: u.footprint)
    numbers: dict[int, set[str]] = {
        site_id: {b.number for b in bs} for site_id, bs in by_site.items()
    }
    used: dict[int, int] = {}
    used_unassigned: dict[int, int] = {}
    rows: list[PlannedRow] = []

    def matching_unassigned(geom: BaseGeometry) -> UnassignedBuilding | None:
        return next(iter(unassigned.overlapping(geom)), None)

    for feature, geom in _features_to_match(parsed, rows, progress):
        values = feature.values
        site: Site | None = None
        best_share = 0.0
        area = geom.area
        for compound, stored in compounds.intersecting(geom):
            share = stored.intersection(geom).area / area if area > 0 else 0.0
            if share > best_share:
                best_share, site = share, compound
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
        assert site.id is not None  # a stored site
        existing = buildings.get(site.id)
        match: Building | None = None
        how = ""
        number = values.get("number")
        if number is not None and existing is not None:
            match = next((b for b in existing.rows if b.number == number), None)
            how = "number" if match else ""
        if match is None and existing is not None:
            match = _only(existing.overlapping(geom))
            how = "overlap" if match is not None else how
        site_label = site.name_zh
        taken = numbers.setdefault(site.id, set())
        if match is not None:
            row = _matched(
                feature,
                geom,
                match,
                used,
                how=how,
                label=f"{site_label} {match.number}",
                attributes=BUILDING_ATTRIBUTES,
                stored_geometry=match.footprint,
                geometry_write=partial(_geometry_write, geom, "building"),
                refuse=partial(_number_taken, taken, site_label),
                site=site,
            )
            if "number" in row.write:
                taken.add(row.write["number"])
            rows.append(row)
            continue
        # A new building of this compound.
        if values.get("floors") is None:
            rows.append(_refused(feature, Issue("floors_missing", True)))
            continue
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
            assert previous.id is not None  # a stored row
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
    geom = feature.geometry
    if previous is not None and previous.id not in used:
        assert previous.id is not None  # a stored row
        used[previous.id] = feature.number
        given = {k: v for k, v in fields.items() if v is not None}
        found = _changes(
            previous,
            given,
            given,
            previous.footprint,
            geom,
            partial(_geometry_write, geom, "building"),
        )
        assert not isinstance(found, Issue)  # nothing refuses a change here
        write, changes = found
        return PlannedRow(
            feature=feature.number,
            action="unassigned",
            label=feature.label,
            target_id=previous.id,
            matched_by="overlap",
            changes=tuple(changes),
            issues=(*feature.issues, issue),
            geometry=_geometry_json(geom),
            write=write,
        )
    return PlannedRow(
        feature=feature.number,
        action="unassigned",
        label=feature.label,
        issues=(*feature.issues, issue),
        geometry=_geometry_json(geom),
        write={**fields, **_geometry_write(geom, "building")},
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
