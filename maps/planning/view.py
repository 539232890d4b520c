"""What the planning map shows in one rerun: colours, filters, legend, selection, files.

The data come from :mod:`maps.planning.data` (cached per version); this module turns the
visitor's choices (:class:`MapOptions`) into the small state payload the map applies without
reloading (one colour code per feature, see :mod:`maps.planning.layer`) and the files it
fetches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from db.models import WorkStatus
from geodata.boundary import load_city_outline
from geodata.gcj02 import wgs84_to_gcj02
from maps.drawing import progress_legend
from maps.planning import data as map_data
from maps.planning.data import LruCache, ProgrammeMap
from maps.planning.layer import (
    DIM_CODE,
    HIDDEN_CODE,
    OVERDUE_CODES,
    PROGRESS_CODES,
    STATUS_CODES,
    GeneratedFile,
    install_layer_script,
    legend_entries,
    progress_code,
    status_code,
    write_outline_file,
)
from planner.i18n import scope_name, t

#: Colour modes of the planning map.
COLOUR_MODES = ("progress", "status", "scope", "overdue")

#: Datums a map can be drawn in: WGS84 (no basemap, OpenStreetMap, Tianditu) or GCJ-02 (AMap).
DATUMS = ("wgs84", "gcj02")

#: Colour codes per programme version and choice of filters.
_CODES_CACHE = LruCache(32)

# --------------------------------------------------------------------------------------------
# Filters and the view
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapOptions:
    """What the user chose above the map.

    Attributes
    ----------
    colour : {"progress", "status", "scope", "overdue"}
        Colour by overall progress, by status, by the completed share of ``scope_key``, or
        by whether a place has an overdue work (``overdue_places``).
    scope_key : str or None
        A scope type key. Sites and buildings without work of this scope are *dimmed* (drawn
        pale, still clickable) so the rest of the programme stays visible as context. With
        ``colour="scope"`` and no key, the programme's first scope type is used.
    sub_districts : frozenset of str
        Show only sites in these sub-districts (empty: all). Others are *hidden*, with their
        buildings.
    statuses : frozenset of str
        Show only sites with these statuses (empty: all). Others are hidden.
    overdue_places : tuple of (frozenset of int, frozenset of int)
        The ids of the sites and of the buildings with an overdue work today
        (``planner.works.queries.overdue_places``; read for the colour mode "overdue").
    """

    colour: str = "progress"
    scope_key: str | None = None
    sub_districts: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    overdue_places: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())

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
        The layer's JavaScript (:func:`maps.planning.layer.install_layer_script`).
    outline_file : GeneratedFile
        The city outline in ``datum``.
    geometry_file : GeneratedFile
        The lean GeoJSON of the programme's sites and buildings, in ``datum``.
    labels_file : GeneratedFile
        Site names in the chosen language, ``{"s": {"<id>": "<name>"}}``, for tooltips.
    payload : dict
        The state for :class:`maps.planning.layer.PlannerState`.
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
        elif options.colour == "overdue":
            late = site_id in options.overdue_places[0]
            site_codes.append(OVERDUE_CODES["overdue" if late else "on_time"])
            values.append(None)
        elif options.colour == "scope":
            # colour by scope: scope_value was set:
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
        elif options.colour == "overdue":
            late = building_id in options.overdue_places[1]
            has_items = building_id in stats.building_status
            code = OVERDUE_CODES["overdue" if late else "on_time"]
            building_codes.append(code if has_items else DIM_CODE)
        elif options.colour == "scope":
            # colour by scope: scope_value was set:
            building_codes.append(progress_code(scope_value))  # type: ignore[arg-type]
        else:
            shown = stats.building_progress.get(building_id)
            building_codes.append(DIM_CODE if shown is None else progress_code(shown))
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
    labels.update({code: t(f"map.legend.{key}", lang) for key, code in OVERDUE_CODES.items()})
    if options.colour == "status":
        codes: list[str] = list(STATUS_CODES.values())
        title = value_label = t("map.legend.status", lang)
    elif options.colour == "overdue":
        codes = list(OVERDUE_CODES.values())
        title = value_label = t("map.legend.overdue_title", lang)
    elif options.colour == "scope" and scope:
        codes = list(PROGRESS_CODES)
        title = value_label = t("map.legend.scope", lang, scope=scope_name(scope, lang))
    else:
        codes = list(PROGRESS_CODES)
        title = value_label = t("map.legend.progress", lang)
    if DIM_CODE in used:
        codes.append(DIM_CODE)
    return title, legend_entries(codes, labels), value_label


@dataclass(frozen=True)
class MapPhoto:
    """A site photo as a dot on the map: where (WGS84) and at which stage of the work."""

    photo_id: int
    lon: float
    lat: float
    stage: str


#: Dot colour of a photo by stage (before / during / after / acceptance).
PHOTO_COLOURS = {
    "before": "#636363",
    "during": "#ff7f00",
    "after": "#1f78b4",
    "acceptance": "#6a3d9a",
}


def _photo_payload(photos: Iterable[MapPhoto], datum: str, lang: str) -> dict[str, Any]:
    dots = []
    for photo in photos:
        lon, lat = photo.lon, photo.lat
        if datum == "gcj02":
            lon, lat = wgs84_to_gcj02(lon, lat)
        dots.append([photo.photo_id, round(lon, 6), round(lat, 6), photo.stage])
    if not dots:
        return {"photos": []}
    return {
        "photos": dots,
        "photoColours": PHOTO_COLOURS,
        "photoLegend": {
            "title": t("map.legend.photos", lang),
            "entries": [
                [stage, t(f"photo.stage.{stage}", lang), colour]
                for stage, colour in PHOTO_COLOURS.items()
            ],
        },
    }


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
    photos: Iterable[MapPhoto] = (),
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
    photos : iterable of MapPhoto
        Site photos to mark as dots (WGS84; shifted like the geometry for GCJ-02).
    """
    if datum not in DATUMS:
        raise ValueError(f"datum must be one of {DATUMS}, got {datum!r}")
    static_dir = Path(static_dir)
    script_file = map_data.static_file(
        ("script", static_dir), lambda: install_layer_script(static_dir)
    )
    outline_file = map_data.static_file(
        ("outline", static_dir, datum),
        lambda: write_outline_file(static_dir, load_city_outline(), datum),
    )
    geometry_file = map_data.geometry_file(session, pm, static_dir, datum)
    labels_file = map_data.labels_file(pm, static_dir, lang)
    scope = effective_scope(pm, options)
    codes_key = (pm._key, options, scope)
    site_codes, building_codes, values = _CODES_CACHE.get(
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
        **_photo_payload(photos, datum, lang),
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


def warm_programme_maps(
    session: Session,
    static_dir: Path,
    *,
    programme_ids: Iterable[int],
    langs: Iterable[str] = ("zh", "en"),
    datums: Iterable[str] = ("wgs84",),
) -> int:
    """Build the maps of these programmes before anyone asks: data, files, default colours.

    A process runs this before it takes traffic, so the first visitor after a restart waits no
    longer than any other; files another process made already are found by what they are made
    from and not made again. Returns the number of buildings made ready.
    """
    buildings = 0
    for programme_id in programme_ids:
        pm = map_data.load_programme_map(session, programme_id)
        for datum in datums:
            for lang in langs:
                planning_map_view(session, pm, static_dir=static_dir, lang=lang, datum=datum)
        buildings += pm.building_count
    return buildings
