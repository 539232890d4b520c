"""Matching the features of a checked file to what is stored: the import plan.

:func:`plan_import` says, per feature, whether it will be **created**, **updated** (which
fields), left **unchanged**, kept **unassigned** (a building in no known compound) or
**refused** (with the reason). Sites match by key, then database id (checked by name or
place), then exact Chinese name, then by overlap with one compound (intersection over union
≥ 0.5). A building belongs to the compound holding the largest share (≥ 50 %) of its
footprint, and matches a building of that compound by number, else by overlap; a building in
no compound matches a stored unassigned building by overlap. Nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

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


def _same_geometry(stored_text: str, geom: BaseGeometry) -> bool:
    stored = shape(json.loads(stored_text))
    if stored.geom_type != geom.geom_type:
        return False
    a, b = shapely.normalize(stored), shapely.normalize(geom)
    return bool(shapely.equals_exact(a, b, tolerance=_SAME_GEOMETRY_DEG))


def _iou(a: BaseGeometry, b: BaseGeometry) -> float:
    union = a.union(b).area
    return a.intersection(b).area / union if union > 0 else 0.0


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

    def free_key() -> str:
        while True:
            key = f"gis{next_key[0]:05d}"
            next_key[0] += 1
            if key not in by_key and key not in new_keys:
                return key

    for feature, geom in _features_to_match(parsed, rows, progress):
        values = feature.values
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
            for name in SITE_ATTRIBUTES:
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

    def matching_unassigned(geom: BaseGeometry) -> UnassignedBuilding | None:
        if unassigned_tree is None:
            return None
        for j in unassigned_tree.query(geom, predicate="intersects"):
            if _iou(unassigned_shapes[j], geom) >= _OVERLAP_MATCH:
                return unassigned[j]
        return None

    for feature, geom in _features_to_match(parsed, rows, progress):
        values = feature.values
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
            for name in BUILDING_ATTRIBUTES:
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
