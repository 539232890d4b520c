"""The import plan (the preview): what will happen to each feature, its summary and its map.

``planner.gis.matching`` builds an :class:`ImportPlan`; the page and the CLI show it
(:func:`summarise`, :func:`preview_map`); ``planner.gis.apply`` compares it again before
writing (:meth:`ImportPlan.signature`). A planned row holds its geometry as GeoJSON and the
column values it writes; stored rows get their GeoJSON text, bounding box, area and length
from ``geodata.crs.geometry_columns``, exactly like the seeded sample.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geodata.crs import geometry_columns
from geodata.validation import Issue
from planner.gis.reading import ParsedFeature, issue_text
from planner.i18n import t

ACTIONS = ("create", "update", "unchanged", "unassigned", "refused")


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


def summarise(plan: ImportPlan, lang: str) -> str:
    """One line: how many features will be created, updated, ... (for the CLI and the page)."""
    counts = plan.counts
    return t("gis.summary", lang, **counts)


# --------------------------------------------------------------------------------------------
# What a planned row holds: its GeoJSON, the columns it writes, a refusal
# --------------------------------------------------------------------------------------------


def _geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    return json.loads(json.dumps(mapping(geom)))


def _geometry_write(geom: BaseGeometry, prefix: str) -> dict[str, Any]:
    geo = geometry_columns(_geometry_json(geom))
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


def _refused(feature: ParsedFeature, *extra: Issue) -> PlannedRow:
    return PlannedRow(
        feature=feature.number,
        action="refused",
        label=feature.label,
        issues=(*feature.issues, *extra),
        geometry=_geometry_json(feature.geometry) if feature.geometry is not None else None,
    )


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
