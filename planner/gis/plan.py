"""The import plan (the preview): what will happen to each feature, its summary and its map.

``planner.gis.matching`` builds an :class:`ImportPlan`; the page and the CLI show it
(:func:`summarise`; :func:`preview_features` is what ``maps.import_preview`` draws);
``planner.gis.apply`` compares it again before writing (:meth:`ImportPlan.signature`). A
planned row holds its geometry as GeoJSON and the column values it writes; stored rows get
their GeoJSON text, bounding box, area and length from ``geodata.crs.geometry_columns``,
exactly like the seeded sample.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata.crs import building_columns, geometry_columns, site_columns
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
    return site_columns(geo) if prefix == "site" else building_columns(geo)


def _refused(feature: ParsedFeature, *extra: Issue) -> PlannedRow:
    return PlannedRow(
        feature=feature.number,
        action="refused",
        label=feature.label,
        issues=(*feature.issues, *extra),
        geometry=_geometry_json(feature.geometry) if feature.geometry is not None else None,
    )


# --------------------------------------------------------------------------------------------
# What the preview map draws (the map itself is built by maps.import_preview)
# --------------------------------------------------------------------------------------------

PREVIEW_MAP_LIMIT = 500


@dataclass(frozen=True)
class PreviewShape:
    """A planned feature as the preview map draws it: geometry, action, and the label."""

    geometry: dict[str, Any]
    action: str
    text: str


def preview_features(
    plan: ImportPlan, lang: str, limit: int = PREVIEW_MAP_LIMIT
) -> list[PreviewShape]:
    """The first ``limit`` planned features that have a geometry, with "#3 新建 · 名称" labels
    (plain text from the file: the map builder escapes it)."""
    drawn = [row for row in plan.rows if row.geometry is not None][:limit]
    return [
        PreviewShape(
            row.geometry,  # type: ignore[arg-type]  # only rows with a geometry are drawn
            row.action,
            f"#{row.feature} {t(f'gis.action.{row.action}', lang)} · {row.label}",
        )
        for row in drawn
    ]
