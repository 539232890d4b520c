"""Reading and checking one layer of a GIS file for the import (no database).

:func:`load_file` reads a layer (``geodata.io``), decides its coordinate system, checks and
repairs every geometry (``geodata.validation``) and maps the attributes
(``planner.gis.attributes``) into a :class:`ParsedFile`. :class:`ImportError_`, raised here
for problems with the whole file, is the error every step of the import raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

from geodata import io as gio
from geodata.validation import CITY_MARGIN_KM, CheckedGeometry, Issue, check_geometry
from planner.errors import Refused
from planner.gis.attributes import FIELDS, KINDS, _parse_values, suggest_mapping
from planner.i18n import t

Progress = Callable[[float, str], None]


class ImportError_(Refused):  # noqa: N801 (not the builtin ImportError)
    """The import cannot go on (a message key of ``planner/messages/gis.py``, its values)."""


def issue_text(issue: Issue, lang: str) -> str:
    """The message of an issue in ``lang``."""
    return t(issue.key, lang, **issue.values)


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


def read_limits(settings: Any) -> gio.ReadLimits:
    """What reading a GIS file may cost, from the settings (the same for page and CLI)."""
    return gio.ReadLimits(
        max_features=settings.gis_max_features,
        max_unpacked_bytes=settings.upload_max_unpacked_mb * 2**20,
        max_attribute_bytes=settings.gis_max_attribute_mb * 2**20,
    )


def preview_file(path: str | Path, limits: gio.ReadLimits | None = None) -> list[gio.LayerInfo]:
    """The layers of a file (to choose one); raises ``ImportError_`` when it cannot be read."""
    try:
        return gio.list_layers(path, limits=limits)
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
    max_features: int = gio.MAX_FEATURES,
    limits: gio.ReadLimits | None = None,
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
        limits = limits or gio.ReadLimits(max_features=max_features)
        raw = gio.read_layer(path, layer, kind=kind, limits=limits)
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
        if feature.unreadable:
            checked = CheckedGeometry(
                None, (Issue("unreadable", True, {"reason": feature.unreadable}),)
            )
        else:
            checked = check_geometry(feature.geometry, kind, to_lonlat, margin_km=margin_km)
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
