"""What the planning map shows: a programme's sites and buildings, coloured, filtered, selected.

The planning map must stay quick at city scale (20,000 buildings): a rerun after a click may
spend well under 0.1 s on the server. So the work is split by how often its inputs change, and
what changes rarely is cached per process:

* **Geometry** (site outlines, footprints) goes into a lean GeoJSON file under
  ``static/generated/map/`` (``geodata.map_layers``), one per programme and datum, named by its
  content hash, written once per geometry version.
* **Progress**: the cost-weighted progress of every site and building, overall and per scope
  type, is computed once per version of the programme's work items.
* **Sites** (names, status, sub-district) and the feature order are kept with them.
* The **view** — one colour code per feature for the chosen colour mode and filters, the legend,
  the selection — is a small payload (:func:`planning_map_view`) the page sends with the map;
  the codes are cached per choice of filters.

How a change is noticed (:func:`load_programme_map`): every rerun runs one cheap query of
index-only maxima and counts — the newest audit entry (every change leaves one: the work-item
editor, imports and seeding write them), the highest site, building and work-item ids, the
number of work items and of the programme's sites. When that *quick version* moved, or at the
latest every :data:`FULL_CHECK_SECONDS`, the full fingerprints are read (the site rows, and
aggregates over the programme's buildings and work items, with the work items' ``version``
that the editor raises on every save) and only what really changed is rebuilt. So an audited
change shows on the next rerun, and even a change written behind the planner's back (plain
SQL) within :data:`FULL_CHECK_SECONDS`.

Nothing here imports Streamlit; the caches are plain, thread-safe, per-process dictionaries.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import (
    AuditEntry,
    Building,
    ProgrammeSite,
    ScopeType,
    Site,
    WorkItem,
    WorkStatus,
)
from geodata.boundary import load_city_outline
from geodata.gcj02 import wgs84_to_gcj02
from geodata.map_layers import (
    DIM_CODE,
    HIDDEN_CODE,
    KIND_BUILDING,
    KIND_COMPOUND,
    KIND_LINEAR,
    PROGRESS_CODES,
    STATUS_CODES,
    GeneratedFile,
    install_layer_script,
    lean_feature,
    lean_feature_collection,
    legend_entries,
    progress_code,
    status_code,
    write_json_file,
    write_outline_file,
)
from geodata.maps import BuildingMapFeature, SiteMapFeature, progress_legend
from planner.catalogue import SCOPE_TYPES
from planner.i18n import scope_name, t
from planner.progress import (
    ProgressAccumulator,
    ProgressInput,
    weighted_progress,
)
from planner.works import queries

#: Colour modes of the planning map.
COLOUR_MODES = ("progress", "status", "scope")

#: Datums a map can be drawn in: WGS84 (no basemap, OpenStreetMap, Tianditu) or GCJ-02 (AMap).
DATUMS = ("wgs84", "gcj02")

_KIND_CODE = {"compound": KIND_COMPOUND, "linear": KIND_LINEAR}
_SCOPE_ORDER = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}


# --------------------------------------------------------------------------------------------
# A small thread-safe LRU cache (no Streamlit in this layer)
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T")


class _Cache:
    """Least-recently-used values by key; a factory runs at most once at a time per cache."""

    def __init__(self, size: int):
        self._size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()

    def get(self, key: Hashable, factory: Callable[[], _T]) -> _T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        with self._build_lock:  # one build at a time: two sessions never write the same file
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = factory()
            with self._lock:
                self._values[key] = value
                while len(self._values) > self._size:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


#: Longest time a cached programme map is trusted on its quick version alone (seconds).
FULL_CHECK_SECONDS = 30.0

_GEOMETRY_CACHE = _Cache(8)
_STATS_CACHE = _Cache(8)
_VIEW_CACHE = _Cache(32)
_SNAPSHOTS: dict[tuple, _Snapshot] = {}
_SNAPSHOTS_LOCK = threading.Lock()
_MAX_SNAPSHOTS = 16


def clear_map_caches() -> None:
    """Forget every cached programme map, geometry file, progress table and view."""
    for cache in (_GEOMETRY_CACHE, _STATS_CACHE, _VIEW_CACHE):
        cache.clear()
    with _SNAPSHOTS_LOCK:
        _SNAPSHOTS.clear()


def _db_key(session: Session) -> str:
    bind = session.get_bind()
    return bind.url.render_as_string(hide_password=False)


# --------------------------------------------------------------------------------------------
# Sites of a programme (read on every rerun)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapSite:
    """A site as the planning map needs it (names are looked up by id, never put in files)."""

    id: int
    kind: str
    name_zh: str
    name_en: str
    status: str
    sub_district: str
    community: str

    def name(self, lang: str) -> str:
        """The name in ``lang`` (Chinese when no English name is recorded)."""
        return self.name_zh if lang == "zh" or not self.name_en else self.name_en


@dataclass(frozen=True)
class _Geometry:
    """A programme's lean file(s) and the order of its features (cached per fingerprint)."""

    site_ids: tuple[int, ...]
    building_ids: tuple[int, ...]
    building_site_ids: tuple[int, ...]
    bounds: tuple[float, float, float, float] | None
    files: dict[str, GeneratedFile] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False)


@dataclass(frozen=True)
class ProgressStats:
    """Cost-weighted progress (0..1) of a programme's sites and buildings.

    ``site_progress`` covers every item of a site (its own and its buildings'), like
    :func:`planner.works.queries.progress_by_site`; ``site_scope[key][site_id]`` the same for the
    items of one scope type key (``building_scope`` likewise).
    ``building_status`` is derived from a building's items (all completed → completed, any
    started → in progress, any suspended → suspended, else planned).
    """

    site_progress: dict[int, float]
    site_scope: dict[str, dict[int, float]]
    building_progress: dict[int, float]
    building_scope: dict[str, dict[int, float]]
    building_status: dict[int, str]
    scope_keys: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeMap:
    """Everything the planning map knows of one programme in one rerun.

    Build it with :func:`load_programme_map`; pass it to :func:`map_filter_choices` and
    :func:`planning_map_view`.
    """

    programme_id: int
    sites: tuple[MapSite, ...]
    site_by_id: dict[int, MapSite]
    building_site: dict[int, int]
    stats: ProgressStats
    _geometry: _Geometry
    _key: tuple

    @property
    def bounds(self) -> tuple[float, float, float, float] | None:
        """``(min_lon, min_lat, max_lon, max_lat)`` of the sites, WGS84; None with no sites."""
        return self._geometry.bounds

    @property
    def building_count(self) -> int:
        """Number of buildings of the programme's sites."""
        return len(self._geometry.building_ids)


def _site_rows(session: Session, programme_id: int) -> list[tuple]:
    return list(
        session.exec(
            select(
                Site.id,
                Site.kind,
                Site.name_zh,
                Site.name_en,
                Site.status,
                Site.sub_district,
                Site.community,
                Site.min_lon,
                Site.min_lat,
                Site.max_lon,
                Site.max_lat,
                func.length(Site.geometry),
            )
            .join(ProgrammeSite, ProgrammeSite.site_id == Site.id)
            .where(ProgrammeSite.programme_id == programme_id)
            .order_by(Site.id)
        ).all()
    )


def _programme_site_ids(programme_id: int) -> Any:
    return select(ProgrammeSite.site_id).where(ProgrammeSite.programme_id == programme_id)


def _building_fingerprint(session: Session, programme_id: int) -> tuple:
    """Aggregates that change whenever a building is added, removed, moved or renumbered."""
    row = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(Building.id), 0),
            func.coalesce(func.sum(Building.site_id), 0),
            func.coalesce(
                func.sum(Building.min_lon + Building.min_lat + Building.max_lon + Building.max_lat),
                0.0,
            ),
            func.coalesce(func.sum(func.length(Building.footprint)), 0),
            func.coalesce(func.sum(func.length(Building.number)), 0),
        ).where(Building.site_id.in_(_programme_site_ids(programme_id)))  # type: ignore[attr-defined]
    ).one()
    return tuple(row)


def _work_item_fingerprint(session: Session, programme_id: int) -> tuple:
    """Aggregates that change with every saved edit (the editor raises ``version``)."""
    row = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(WorkItem.id), 0),
            func.coalesce(func.sum(WorkItem.version), 0),
            func.max(WorkItem.updated_at),
            func.coalesce(func.sum(WorkItem.planned_quantity), 0.0),
            func.coalesce(func.sum(WorkItem.completed_quantity), 0.0),
            func.coalesce(func.sum(WorkItem.scope_type_id), 0),
        ).where(WorkItem.programme_id == programme_id)
    ).one()
    return tuple(str(v) if v is not None and not isinstance(v, (int, float)) else v for v in row)


def _read_geometry(session: Session, programme_id: int, site_rows: list[tuple]) -> _Geometry:
    buildings = session.exec(
        select(Building.id, Building.site_id)
        .where(Building.site_id.in_(_programme_site_ids(programme_id)))  # type: ignore[attr-defined]
        .order_by(Building.site_id, Building.id)
    ).all()
    bounds = None
    if site_rows:
        bounds = (
            min(r[7] for r in site_rows),
            min(r[8] for r in site_rows),
            max(r[9] for r in site_rows),
            max(r[10] for r in site_rows),
        )
    return _Geometry(
        site_ids=tuple(r[0] for r in site_rows),
        building_ids=tuple(b[0] for b in buildings),
        building_site_ids=tuple(b[1] for b in buildings),
        bounds=bounds,
    )


@dataclass
class _Snapshot:
    quick: tuple
    full: tuple
    checked_at: float
    pm: ProgrammeMap


def _quick_version(session: Session, programme_id: int) -> tuple:
    """Index-only maxima and counts that move with every audited change (a few ms)."""

    def scalar(query: Any) -> Any:
        return query.scalar_subquery()

    row = session.exec(
        select(
            scalar(select(func.max(AuditEntry.id))),
            scalar(select(func.max(Site.id))),
            scalar(select(func.max(Building.id))),
            scalar(select(func.max(WorkItem.id))),
            scalar(select(func.count()).select_from(WorkItem)),
            scalar(
                select(func.count())
                .select_from(ProgrammeSite)
                .where(ProgrammeSite.programme_id == programme_id)
            ),
        )
    ).one()
    return tuple(row)


def _last_geometry_edit(session: Session) -> int | None:
    """The newest audited write of a site or building (a geodata import, an attach).

    Bounding boxes and text lengths miss a vertex moved inside the same box; every geometry
    write is audited, so the newest such entry catches it.
    """
    return session.exec(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.entity.in_(("site", "building")),  # type: ignore[attr-defined]
            AuditEntry.action.in_(("create", "update", "attach", "delete")),  # type: ignore[attr-defined]
        )
    ).one()


def _build_programme_map(
    session: Session, programme_id: int, rows: list[tuple], full: tuple
) -> ProgrammeMap:
    db = _db_key(session)
    site_fp, building_fp, work_fp, geometry_edit = full
    sites = tuple(
        MapSite(
            id=r[0],
            kind=r[1],
            name_zh=r[2],
            name_en=r[3] or "",
            status=r[4],
            sub_district=r[5] or "",
            community=r[6] or "",
        )
        for r in rows
    )
    geometry_key = (db, programme_id, site_fp[0], building_fp, geometry_edit)
    geometry = _GEOMETRY_CACHE.get(
        geometry_key, lambda: _read_geometry(session, programme_id, rows)
    )
    stats_key = (db, programme_id, work_fp)
    stats = _STATS_CACHE.get(stats_key, lambda: _progress_stats(session, programme_id))
    return ProgrammeMap(
        programme_id=programme_id,
        sites=sites,
        site_by_id={s.id: s for s in sites},
        building_site=dict(zip(geometry.building_ids, geometry.building_site_ids, strict=True)),
        stats=stats,
        _geometry=geometry,
        _key=(geometry_key, stats_key, site_fp[1]),
    )


def load_programme_map(session: Session, programme_id: int) -> ProgrammeMap:
    """A programme's sites, feature order and progress, from the process cache when current.

    One quick query per call when nothing changed (see the module docstring); otherwise the
    full fingerprints are read and what changed is rebuilt (about 0.3 s for the fingerprints
    and the progress of 20,000 buildings; writing a new geometry file takes a few seconds).
    """
    key = (_db_key(session), programme_id)
    quick = _quick_version(session, programme_id)
    now = time.monotonic()
    with _SNAPSHOTS_LOCK:
        snapshot = _SNAPSHOTS.get(key)
    if (
        snapshot is not None
        and snapshot.quick == quick
        and now - snapshot.checked_at < FULL_CHECK_SECONDS
    ):
        return snapshot.pm
    rows = _site_rows(session, programme_id)
    # Geometry part (ids, kinds, bounding boxes, text lengths) and names/status part of the sites.
    site_fp = (
        hash(tuple((r[0], r[1], r[7], r[8], r[9], r[10], r[11]) for r in rows)),
        hash(tuple(rows)),
    )
    full = (
        site_fp,
        _building_fingerprint(session, programme_id),
        _work_item_fingerprint(session, programme_id),
        _last_geometry_edit(session),
    )
    if snapshot is not None and snapshot.full == full:
        pm = snapshot.pm
    else:
        pm = _build_programme_map(session, programme_id, rows, full)
    with _SNAPSHOTS_LOCK:
        _SNAPSHOTS[key] = _Snapshot(quick=quick, full=full, checked_at=now, pm=pm)
        while len(_SNAPSHOTS) > _MAX_SNAPSHOTS:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
    return pm


# --------------------------------------------------------------------------------------------
# Progress of every site and building (cached per work-item fingerprint)
# --------------------------------------------------------------------------------------------


def _derived_status(statuses: set[str]) -> str:
    if statuses and statuses <= {WorkStatus.COMPLETED.value}:
        return WorkStatus.COMPLETED.value
    if WorkStatus.IN_PROGRESS.value in statuses or WorkStatus.COMPLETED.value in statuses:
        return WorkStatus.IN_PROGRESS.value
    if WorkStatus.SUSPENDED.value in statuses:
        return WorkStatus.SUSPENDED.value
    return WorkStatus.PLANNED.value


def _progress_stats(session: Session, programme_id: int) -> ProgressStats:
    rows = session.exec(
        select(
            WorkItem.site_id,
            WorkItem.building_id,
            ScopeType.key,
            WorkItem.planned_quantity,
            WorkItem.completed_quantity,
            WorkItem.unit_rate,
            WorkItem.status,
        )
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .where(WorkItem.programme_id == programme_id)
    ).all()

    Acc = ProgressAccumulator
    site: dict[int, Acc] = defaultdict(Acc)
    site_scope: dict[str, dict[int, Acc]] = defaultdict(lambda: defaultdict(Acc))
    building: dict[int, Acc] = defaultdict(Acc)
    building_scope: dict[str, dict[int, Acc]] = defaultdict(lambda: defaultdict(Acc))
    statuses: dict[int, set[str]] = defaultdict(set)
    for site_id, building_id, key, planned, completed, rate, status in rows:
        site[site_id].add(planned, completed, rate)
        site_scope[key][site_id].add(planned, completed, rate)
        if building_id is not None:
            building[building_id].add(planned, completed, rate)
            building_scope[key][building_id].add(planned, completed, rate)
            statuses[building_id].add(status)

    def weighted(groups: dict[Any, ProgressAccumulator]) -> dict[Any, float]:
        # Every group holds at least one item, so value() is never None here.
        return {k: acc.value() or 0.0 for k, acc in groups.items()}

    return ProgressStats(
        site_progress=weighted(site),
        site_scope={key: weighted(groups) for key, groups in site_scope.items()},
        building_progress=weighted(building),
        building_scope={key: weighted(groups) for key, groups in building_scope.items()},
        building_status={k: _derived_status(v) for k, v in statuses.items()},
        scope_keys=tuple(sorted(site_scope, key=lambda k: (_SCOPE_ORDER.get(k, 999), k))),
    )


# --------------------------------------------------------------------------------------------
# Filters and the view
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapOptions:
    """What the user chose above the map.

    Attributes
    ----------
    colour : {"progress", "status", "scope"}
        Colour by overall progress, by status, or by the completed share of ``scope_key``.
    scope_key : str or None
        A scope type key. Sites and buildings without work of this scope are *dimmed* (drawn
        pale, still clickable) so the rest of the programme stays visible as context. With
        ``colour="scope"`` and no key, the programme's first scope type is used.
    sub_districts : frozenset of str
        Show only sites in these sub-districts (empty: all). Others are *hidden*, with their
        buildings.
    statuses : frozenset of str
        Show only sites with these statuses (empty: all). Others are hidden.
    """

    colour: str = "progress"
    scope_key: str | None = None
    sub_districts: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.colour not in COLOUR_MODES:
            raise ValueError(f"colour must be one of {COLOUR_MODES}, got {self.colour!r}")


@dataclass(frozen=True)
class MapFilterChoices:
    """The values the filters above the map offer for a programme."""

    sub_districts: tuple[str, ...]
    statuses: tuple[str, ...]
    scope_keys: tuple[str, ...]


def map_filter_choices(pm: ProgrammeMap) -> MapFilterChoices:
    """Sub-districts and scope types present in the programme; all statuses."""
    return MapFilterChoices(
        sub_districts=tuple(sorted({s.sub_district for s in pm.sites if s.sub_district})),
        statuses=tuple(s.value for s in WorkStatus),
        scope_keys=pm.stats.scope_keys,
    )


def effective_scope(pm: ProgrammeMap, options: MapOptions) -> str | None:
    """The scope type the colours and dimming use (the first one when colouring by scope)."""
    if options.scope_key:
        return options.scope_key
    if options.colour == "scope" and pm.stats.scope_keys:
        return pm.stats.scope_keys[0]
    return None


@dataclass(frozen=True)
class PlanningMapView:
    """One rerun's map: the files to fetch, the state payload, the legend, the counts.

    Attributes
    ----------
    script_file : GeneratedFile
        The layer's JavaScript (:func:`geodata.map_layers.install_layer_script`).
    outline_file : GeneratedFile
        The city outline in ``datum``.
    geometry_file : GeneratedFile
        The lean GeoJSON of the programme's sites and buildings, in ``datum``.
    labels_file : GeneratedFile
        Site names in the chosen language, ``{"s": {"<id>": "<name>"}}``, for tooltips.
    payload : dict
        The state for :class:`geodata.map_layers.PlannerState`.
    legend_title : str
    legend : list of (code, label, colour)
    bounds : tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)`` in ``datum``.
    shown_sites, dimmed_sites, hidden_sites : int
        How many sites are drawn normally, dimmed, not drawn.
    scope_key : str or None
        The scope type used (see :func:`effective_scope`).
    """

    script_file: GeneratedFile
    outline_file: GeneratedFile
    geometry_file: GeneratedFile
    labels_file: GeneratedFile
    payload: dict
    legend_title: str
    legend: list[tuple[str, str, str]]
    bounds: tuple[float, float, float, float] | None
    shown_sites: int
    dimmed_sites: int
    hidden_sites: int
    scope_key: str | None


def _geometry_file(
    session: Session, pm: ProgrammeMap, static_dir: Path, datum: str
) -> GeneratedFile:
    geometry = pm._geometry
    with geometry.lock:
        cached = geometry.files.get(datum)
        if (
            cached is not None
            and cached.path.is_file()
            and cached.path.with_name(cached.path.name + ".gz").is_file()
        ):
            return cached
        features: list[dict] = []
        site_geoms = dict(
            session.exec(
                select(Site.id, Site.geometry).where(
                    Site.id.in_(_programme_site_ids(pm.programme_id))  # type: ignore[union-attr]
                )
            ).all()
        )
        kinds = {s.id: s.kind for s in pm.sites}
        for site_id in geometry.site_ids:
            features.append(
                lean_feature(
                    site_id,
                    _KIND_CODE.get(kinds.get(site_id, "compound"), KIND_COMPOUND),
                    json.loads(site_geoms[site_id]),
                    datum=datum,
                )
            )
        rows = session.exec(
            select(Building.id, Building.site_id, Building.number, Building.footprint)
            .where(Building.site_id.in_(_programme_site_ids(pm.programme_id)))  # type: ignore[attr-defined]
            .order_by(Building.site_id, Building.id)
        ).all()
        for building_id, site_id, number, footprint in rows:
            features.append(
                lean_feature(
                    building_id,
                    KIND_BUILDING,
                    json.loads(footprint),
                    site_id=site_id,
                    number=number,
                    datum=datum,
                )
            )
        if [f["id"] for f in features if f["properties"]["k"] == KIND_BUILDING] != list(
            geometry.building_ids
        ):
            raise RuntimeError("buildings changed while the map file was written; retry")
        written = write_json_file(
            static_dir,
            f"p{pm.programme_id}-{datum}",
            lean_feature_collection(features),
            gzipped=True,
        )
        geometry.files[datum] = written
        return written


_STATIC_FILES: dict[tuple, GeneratedFile] = {}
_STATIC_FILES_LOCK = threading.Lock()


def _static_file(key: tuple, make: Callable[[], GeneratedFile]) -> GeneratedFile:
    """A file that depends on code only (layer script, outline): written once per process."""
    with _STATIC_FILES_LOCK:
        cached = _STATIC_FILES.get(key)
        if cached is None or not cached.path.is_file():
            cached = _STATIC_FILES[key] = make()
        return cached


def _labels_file(pm: ProgrammeMap, static_dir: Path, lang: str) -> GeneratedFile:
    """Site names for tooltips: public facts, kept out of the geometry file (see map_layers)."""

    def write() -> GeneratedFile:
        names = {str(s.id): s.name(lang) for s in pm.sites}
        return write_json_file(static_dir, f"p{pm.programme_id}-names-{lang}", {"s": names})

    written = _VIEW_CACHE.get(("names", pm._key, static_dir, lang), write)
    return written if written.path.is_file() else write()


def _percent(value: float | None) -> int | None:
    return None if value is None else int(round(min(max(value, 0.0), 1.0) * 100))


def _codes(
    pm: ProgrammeMap, options: MapOptions, scope: str | None
) -> tuple[str, str, list[int | None]]:
    """One code per site and per building (file order), and the site percentages."""
    stats = pm.stats
    site_scope = stats.site_scope.get(scope, {}) if scope else {}
    building_scope = stats.building_scope.get(scope, {}) if scope else {}
    site_codes: list[str] = []
    values: list[int | None] = []
    hidden: set[int] = set()
    for site_id in pm._geometry.site_ids:
        site = pm.site_by_id.get(site_id)
        if site is None:  # pragma: no cover - the geometry key covers the site rows
            site_codes.append(HIDDEN_CODE)
            values.append(None)
            continue
        if (options.sub_districts and site.sub_district not in options.sub_districts) or (
            options.statuses and site.status not in options.statuses
        ):
            hidden.add(site_id)
            site_codes.append(HIDDEN_CODE)
            values.append(None)
            continue
        scope_value = site_scope.get(site_id)
        if scope and scope_value is None:
            site_codes.append(DIM_CODE)
            values.append(None)
        elif options.colour == "status":
            site_codes.append(status_code(site.status))
            values.append(None)
        elif options.colour == "scope":
            site_codes.append(progress_code(scope_value))  # type: ignore[arg-type]
            values.append(_percent(scope_value))
        else:
            progress = stats.site_progress.get(site_id, 0.0)
            site_codes.append(progress_code(progress))
            values.append(_percent(progress))
    building_codes: list[str] = []
    for building_id, site_id in zip(
        pm._geometry.building_ids, pm._geometry.building_site_ids, strict=True
    ):
        if site_id in hidden:
            building_codes.append(HIDDEN_CODE)
            continue
        scope_value = building_scope.get(building_id)
        if scope and scope_value is None:
            building_codes.append(DIM_CODE)
        elif options.colour == "status":
            status = stats.building_status.get(building_id)
            building_codes.append(status_code(status) if status else DIM_CODE)
        elif options.colour == "scope":
            building_codes.append(progress_code(scope_value))  # type: ignore[arg-type]
        else:
            progress = stats.building_progress.get(building_id)
            building_codes.append(DIM_CODE if progress is None else progress_code(progress))
    return "".join(site_codes), "".join(building_codes), values


def _legend(
    options: MapOptions, scope: str | None, lang: str, used: set[str]
) -> tuple[str, list[tuple[str, str, str]], str]:
    """Legend title, rows and the tooltip's value label for the colour mode."""
    labels: dict[str, str] = {
        code: label
        for code, (label, _colour) in zip(PROGRESS_CODES, progress_legend(lang), strict=True)
    }
    labels.update({code: t(f"status.{status}", lang) for status, code in STATUS_CODES.items()})
    labels[DIM_CODE] = (
        t("map.legend.no_scope", lang, scope=scope_name(scope, lang))
        if scope
        else t("map.legend.no_items", lang)
    )
    if options.colour == "status":
        codes: list[str] = list(STATUS_CODES.values())
        title = value_label = t("map.legend.status", lang)
    elif options.colour == "scope" and scope:
        codes = list(PROGRESS_CODES)
        title = value_label = t("map.legend.scope", lang, scope=scope_name(scope, lang))
    else:
        codes = list(PROGRESS_CODES)
        title = value_label = t("map.legend.progress", lang)
    if DIM_CODE in used:
        codes.append(DIM_CODE)
    return title, legend_entries(codes, labels), value_label


def planning_map_view(
    session: Session,
    pm: ProgrammeMap,
    *,
    static_dir: Path,
    lang: str,
    options: MapOptions = MapOptions(),
    datum: str = "wgs84",
    selected_site_id: int | None = None,
    selected_building_id: int | None = None,
) -> PlanningMapView:
    """Files, state payload and legend of the planning map for one rerun.

    Parameters
    ----------
    session : Session
        Used only when a geometry file has to be (re)written.
    pm : ProgrammeMap
        From :func:`load_programme_map`.
    static_dir : pathlib.Path
        The app's static folder (files go to ``static_dir/generated/map/``).
    lang : {"zh", "en"}
        Language of the names file, legend and tooltips.
    options : MapOptions
        Colour mode and filters.
    datum : {"wgs84", "gcj02"}
        ``"gcj02"`` for a Gaode/AMap basemap: the file's coordinates are shifted (the database
        keeps WGS84).
    selected_site_id, selected_building_id : int, optional
        Drawn emphasised.
    """
    if datum not in DATUMS:
        raise ValueError(f"datum must be one of {DATUMS}, got {datum!r}")
    static_dir = Path(static_dir)
    script_file = _static_file(("script", static_dir), lambda: install_layer_script(static_dir))
    outline_file = _static_file(
        ("outline", static_dir, datum),
        lambda: write_outline_file(static_dir, load_city_outline(), datum),
    )
    geometry_file = _geometry_file(session, pm, static_dir, datum)
    labels_file = _labels_file(pm, static_dir, lang)
    scope = effective_scope(pm, options)
    codes_key = (pm._key, options, scope)
    site_codes, building_codes, values = _VIEW_CACHE.get(
        codes_key, lambda: _codes(pm, options, scope)
    )
    used = set(site_codes) | set(building_codes)
    title, legend, value_label = _legend(options, scope, lang, used)
    payload = {
        "geo": geometry_file.version,
        "sites": site_codes,
        "buildings": building_codes,
        "siteValues": values,
        "valueLabel": value_label,
        "legend": {"title": title, "entries": [list(row) for row in legend]},
        "names": labels_file.url,
        "selectedSite": selected_site_id,
        "selectedBuilding": selected_building_id,
    }
    bounds = pm.bounds
    if bounds is not None and datum == "gcj02":
        lon0, lat0 = wgs84_to_gcj02(bounds[0], bounds[1])
        lon1, lat1 = wgs84_to_gcj02(bounds[2], bounds[3])
        bounds = (lon0, lat0, lon1, lat1)
    return PlanningMapView(
        script_file=script_file,
        outline_file=outline_file,
        geometry_file=geometry_file,
        labels_file=labels_file,
        payload=payload,
        legend_title=title,
        legend=legend,
        bounds=bounds,
        shown_sites=sum(1 for c in site_codes if c not in (HIDDEN_CODE, DIM_CODE)),
        dimmed_sites=site_codes.count(DIM_CODE),
        hidden_sites=site_codes.count(HIDDEN_CODE),
        scope_key=scope,
    )


def selection_in(
    pm: ProgrammeMap, site_id: int | None, building_id: int | None
) -> tuple[int | None, int | None]:
    """The selection restricted to the programme: a building selects its site as well."""
    if building_id is not None:
        site_of = pm.building_site.get(building_id)
        if site_of is None:
            building_id = None
        else:
            site_id = site_of
    if site_id is not None and site_id not in pm.site_by_id:
        return None, None
    return site_id, building_id


# --------------------------------------------------------------------------------------------
# Beside the map: a site's buildings, a building
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapData:
    """Sites and buildings to draw, the lon/lat centre of their extent and of each site."""

    sites: list[SiteMapFeature]
    buildings: list[BuildingMapFeature]
    center_lonlat: tuple[float, float] | None
    site_centers: dict[int, tuple[float, float]] = field(default_factory=dict)


def programme_map_data(session: Session, programme_id: int, lang: str) -> MapData:
    """Sites of a programme with progress, and their buildings, as folium builder features.

    The embedded-GeoJSON path of :mod:`geodata.maps` (fine for a few hundred buildings); the
    planning map page uses :func:`load_programme_map` and :func:`planning_map_view` instead.
    """
    sites = session.exec(
        select(Site)
        .join(ProgrammeSite, ProgrammeSite.site_id == Site.id)
        .where(ProgrammeSite.programme_id == programme_id)
        .order_by(Site.id)
    ).all()
    progress = queries.progress_by_site(session, [programme_id])
    site_features = [
        SiteMapFeature(
            id=site.id,  # type: ignore[arg-type]
            name=site.name_zh if lang == "zh" or not site.name_en else site.name_en,
            kind=site.kind,
            status=site.status,
            progress=progress.get(site.id, 0.0),  # type: ignore[arg-type]
            geometry=json.loads(site.geometry),
        )
        for site in sites
    ]
    site_ids = [site.id for site in sites]
    building_rows = session.exec(
        select(Building.id, Building.site_id, Building.number, Building.footprint)
        .where(Building.site_id.in_(site_ids))  # type: ignore[attr-defined]
        .order_by(Building.site_id, Building.id)
    ).all()
    label = "{}号楼" if lang == "zh" else "Building {}"
    buildings = [
        BuildingMapFeature(id=bid, site_id=sid, label=label.format(number), geometry=json.loads(fp))
        for bid, sid, number, fp in building_rows
    ]
    center = None
    if sites:
        min_lon = min(s.min_lon for s in sites)
        max_lon = max(s.max_lon for s in sites)
        min_lat = min(s.min_lat for s in sites)
        max_lat = max(s.max_lat for s in sites)
        center = ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
    site_centers = {
        site.id: ((site.min_lon + site.max_lon) / 2, (site.min_lat + site.max_lat) / 2)
        for site in sites
    }
    return MapData(
        sites=site_features,
        buildings=buildings,
        center_lonlat=center,
        site_centers=site_centers,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class BuildingRow:
    """A building of a compound as listed beside the map."""

    id: int
    number: str
    floors: int
    units: int
    households: int
    year_built: int | None
    footprint_area_m2: float
    progress: float | None


def site_buildings(
    session: Session, site_id: int, programme_id: int | None = None
) -> list[BuildingRow]:
    """The buildings of a site with their cost-weighted progress (in one programme if given)."""
    buildings = session.exec(
        select(Building).where(Building.site_id == site_id).order_by(Building.id)
    ).all()
    query = select(
        WorkItem.building_id,
        WorkItem.planned_quantity,
        WorkItem.completed_quantity,
        WorkItem.unit_rate,
    ).where(WorkItem.site_id == site_id, WorkItem.building_id.is_not(None))  # type: ignore[union-attr]
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    items: dict[int, list[ProgressInput]] = defaultdict(list)
    for building_id, planned, completed, rate in session.exec(query).all():
        items[building_id].append(ProgressInput(planned, completed, rate))
    return [
        BuildingRow(
            id=b.id,  # type: ignore[arg-type]
            number=b.number,
            floors=b.floors,
            units=b.units,
            households=b.households,
            year_built=b.year_built,
            footprint_area_m2=b.footprint_area_m2,
            progress=weighted_progress(items.get(b.id, [])),  # type: ignore[arg-type]
        )
        for b in buildings
    ]


def get_site(session: Session, site_id: int) -> Site | None:
    """One site by id, or None."""
    return session.get(Site, site_id)


def get_building(session: Session, building_id: int) -> Building | None:
    """One building by id, or None."""
    return session.get(Building, building_id)


def editor_query(site_id: int, building_id: int | None = None) -> dict[str, str]:
    """Query parameters of the work-item editor page for a site or one of its buildings."""
    params = {"site": str(site_id)}
    if building_id is not None:
        params["building"] = str(building_id)
    return params


def scope_labels(keys: Iterable[str], lang: str) -> dict[str, str]:
    """Display names of scope keys in ``lang``."""
    return {key: scope_name(key, lang) for key in keys}


def work_items_table(rows: Iterable[Any], lang: str) -> pd.DataFrame:
    """Work items (``planner.works.items.WorkItemRow``) as the table beside the map shows them.

    Progress is in percent (0..100) under the column ``t("map.col.progress")``.
    """
    rows = list(rows)
    return pd.DataFrame(
        {
            t("map.col.scope", lang): [scope_name(r.scope_key, lang) for r in rows],
            t("map.col.unit", lang): [r.unit for r in rows],
            t("map.col.planned", lang): [r.planned_quantity for r in rows],
            t("map.col.completed", lang): [r.completed_quantity for r in rows],
            t("map.col.progress", lang): [r.progress * 100 for r in rows],
            t("map.col.status", lang): [t(f"status.{r.status}", lang) for r in rows],
            t("map.col.contractor", lang): [r.contractor for r in rows],
        }
    )


def buildings_table(rows: Iterable[BuildingRow], lang: str) -> pd.DataFrame:
    """A site's buildings (:func:`site_buildings`) as the table beside the map shows them."""
    rows = list(rows)
    return pd.DataFrame(
        {
            t("map.col.number", lang): [r.number for r in rows],
            t("map.col.floors", lang): [r.floors for r in rows],
            t("map.col.units", lang): [r.units for r in rows],
            t("map.col.households", lang): [r.households for r in rows],
            t("map.col.year_built", lang): [r.year_built for r in rows],
            t("map.col.area", lang): [round(r.footprint_area_m2) for r in rows],
            t("map.col.progress", lang): [(r.progress or 0) * 100 for r in rows],
        }
    )
