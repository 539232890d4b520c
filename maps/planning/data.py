"""The planning map's data: a programme's sites, buildings and progress, cached per version.

The planning map must stay quick at city scale (20,000 buildings): a rerun after a click may
spend well under 0.1 s on the server. So the work is split by how often its inputs change, and
what changes rarely is cached per process:

* **Geometry** (site outlines, footprints) goes into a lean GeoJSON file under
  ``static/generated/map/`` (``maps.planning.layer``), one per programme and datum, named by its
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
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from db.models import Building, ProgrammeSite, Site, WorkStatus
from maps.generated_files import find_generated, remember_generated, source_key
from maps.planning.layer import (
    KIND_BUILDING,
    KIND_COMPOUND,
    KIND_LINEAR,
    GeneratedFile,
    lean_feature,
    lean_feature_collection,
    write_json_file,
)
from planner import audit
from planner.catalogue import SCOPE_TYPES
from planner.progress import ProgressAccumulator
from planner.works import queries

_KIND_CODE = {"compound": KIND_COMPOUND, "linear": KIND_LINEAR}
_SCOPE_ORDER = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}


# --------------------------------------------------------------------------------------------
# A small thread-safe LRU cache (no Streamlit in this layer)
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T")


class LruCache:
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

_GEOMETRY_CACHE = LruCache(8)
_STATS_CACHE = LruCache(8)
_VIEW_CACHE = LruCache(32)
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
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.url.render_as_string(hide_password=False)


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
    source: tuple = ()  # what the files are made from (names them across processes)
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
            select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
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
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            func.count(),
            func.coalesce(func.sum(Building.id), 0),
            func.coalesce(func.sum(Building.site_id), 0),
            func.coalesce(
                func.sum(Building.min_lon + Building.min_lat + Building.max_lon + Building.max_lat),
                0.0,
            ),
            func.coalesce(func.sum(func.length(Building.footprint)), 0),
            func.coalesce(func.sum(func.length(Building.number)), 0),
        ).where(col(Building.site_id).in_(_programme_site_ids(programme_id)))
    ).one()
    return tuple(row)


def _read_geometry(
    session: Session, programme_id: int, site_rows: list[tuple], source: tuple
) -> _Geometry:
    buildings = session.exec(
        select(Building.id, Building.site_id)
        .where(col(Building.site_id).in_(_programme_site_ids(programme_id)))
        .order_by(col(Building.site_id), col(Building.id))
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
        # stored rows: their ids are set:
        building_ids=tuple(b[0] for b in buildings),  # type: ignore[misc]
        building_site_ids=tuple(b[1] for b in buildings),
        bounds=bounds,
        source=source,
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
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            scalar(audit.newest_entry_query()),
            scalar(select(func.max(Site.id))),
            scalar(select(func.max(Building.id))),
            *queries.newest_item_queries(),
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
        audit.newest_entry_query(("site", "building"), ("create", "update", "attach", "delete"))
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
        geometry_key, lambda: _read_geometry(session, programme_id, rows, geometry_key)
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
        source_key([(r[0], r[1], r[7], r[8], r[9], r[10], r[11]) for r in rows]),
        source_key(rows),
    )
    full = (
        site_fp,
        _building_fingerprint(session, programme_id),
        queries.items_fingerprint(session, programme_id),
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
    rows = queries.map_progress_rows(session, programme_id)

    Acc = ProgressAccumulator
    site: dict[int, ProgressAccumulator] = defaultdict(Acc)
    site_scope: dict[str, dict[int, ProgressAccumulator]] = defaultdict(lambda: defaultdict(Acc))
    building: dict[int, ProgressAccumulator] = defaultdict(Acc)
    building_scope: dict[str, dict[int, ProgressAccumulator]] = defaultdict(
        lambda: defaultdict(Acc)
    )
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
# Files the browser fetches (written once per data version)
# --------------------------------------------------------------------------------------------


def geometry_file(
    session: Session, pm: ProgrammeMap, static_dir: Path, datum: str
) -> GeneratedFile:
    geometry = pm._geometry
    stem = f"p{pm.programme_id}-{datum}"
    # The file is named by what it is made from, so a process that starts later (or another
    # process behind the same proxy) finds it instead of reading 20,000 footprints again.
    key = source_key(stem, geometry.source)
    with geometry.lock:
        cached = geometry.files.get(datum)
        if (
            cached is not None
            and cached.path.is_file()
            and cached.path.with_name(cached.path.name + ".gz").is_file()
        ):
            return cached
        found = find_generated(static_dir, stem, key)
        if found is not None:
            geometry.files[datum] = found
            return found
        features: list[dict] = []
        site_geoms = dict(
            session.exec(
                select(Site.id, Site.geometry).where(
                    col(Site.id).in_(_programme_site_ids(pm.programme_id))
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
            .where(col(Building.site_id).in_(_programme_site_ids(pm.programme_id)))
            .order_by(col(Building.site_id), col(Building.id))
        ).all()
        for building_id, site_id, number, footprint in rows:
            features.append(
                lean_feature(
                    building_id,  # type: ignore[arg-type]  # stored rows: their ids are set
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
        written = write_json_file(static_dir, stem, lean_feature_collection(features), gzipped=True)
        remember_generated(static_dir, stem, key, written)
        geometry.files[datum] = written
        return written


_STATIC_FILES: dict[tuple, GeneratedFile] = {}
_STATIC_FILES_LOCK = threading.Lock()


def static_file(key: tuple, make: Callable[[], GeneratedFile]) -> GeneratedFile:
    """A file that depends on code only (layer script, outline): written once per process."""
    with _STATIC_FILES_LOCK:
        cached = _STATIC_FILES.get(key)
        if cached is None or not cached.path.is_file():
            cached = _STATIC_FILES[key] = make()
        return cached


def labels_file(pm: ProgrammeMap, static_dir: Path, lang: str) -> GeneratedFile:
    """Site names for tooltips: public facts, kept out of the geometry file (see map_layers)."""

    def write() -> GeneratedFile:
        names = {str(s.id): s.name(lang) for s in pm.sites}
        return write_json_file(static_dir, f"p{pm.programme_id}-names-{lang}", {"s": names})

    written = _VIEW_CACHE.get(("names", pm._key, static_dir, lang), write)
    return written if written.path.is_file() else write()
