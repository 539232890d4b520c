"""Reading and writing GIS files: GeoJSON, GeoPackage, zipped Shapefile and KML (pyogrio).

Reading returns the features of one layer as shapely geometries in the file's own coordinates,
with the attributes and the coordinate system the file declares (or ``None``). Telling which
coordinate system undeclared coordinates are in, and converting to the stored lon/lat, is
:func:`resolve_crs` and :func:`to_storage`. Writing takes lon/lat geometries and explicit
columns and writes them in WGS84 or EPSG:4542.

Errors a user can act on are raised as :class:`GeodataFileError` with a message key of
``planner/messages/gis.py`` and its values, so the page and the command line can say the same
thing in either language. Nothing here touches the database.
"""

from __future__ import annotations

import logging
import math
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from geodata import crs as crs_module
from geodata.formats import ACCEPTED_CRS, CRS_GCJ02, EXPORT_CRS, EXPORT_DRIVERS
from geodata.gcj02 import gcj02_to_wgs84

__all__ = [
    "ACCEPTED_CRS",
    "CRS_GCJ02",
    "EXPORT_CRS",
    "READ_SUFFIXES",
    "CrsGuess",
    "GeodataFileError",
    "LayerInfo",
    "RawFeature",
    "RawLayer",
    "ReadLimits",
    "guess_crs",
    "list_layers",
    "normalise_crs_name",
    "read_layer",
    "resolve_crs",
    "to_storage",
    "write_layers",
]

#: File name endings that can be read. The coordinate systems a user may name, those of an
#: export and the export formats with their GDAL drivers are in :mod:`geodata.formats`.
READ_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".kml")
_WRITE_DRIVERS = EXPORT_DRIVERS

#: Most features one layer may have, most bytes a zip may unpack to, and most bytes of a
#: Shapefile's attribute table (DBF records × record length): files beyond any are refused
#: before their features are read (a compound file has hundreds, a city's buildings some
#: thousands). The planner passes its settings' values (``ReadLimits``).
MAX_FEATURES = 20_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ATTRIBUTE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """What reading one file may cost: features, unpacked bytes, attribute-table bytes."""

    max_features: int = MAX_FEATURES
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES
    max_attribute_bytes: int = MAX_ATTRIBUTE_BYTES


#: Layer names of an export (also the ``--kind`` values), and the column that tells them apart
#: in a GeoJSON export (one feature collection).
EXPORT_LAYERS = ("sites", "buildings", "unassigned_buildings")
LAYER_COLUMN = "layer"


_log = logging.getLogger(__name__)


class GeodataFileError(ValueError):
    """A file cannot be used as it is; ``key`` names the message, ``values`` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key}: {values}")
        self.key = key
        self.values = values


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a file: its name, geometry type as GDAL reports it, and feature count."""

    name: str
    geometry_type: str
    feature_count: int


@dataclass(frozen=True)
class RawFeature:
    """A feature as read: its position in the layer (1-based), geometry and attributes."""

    number: int
    geometry: BaseGeometry | None
    attributes: dict[str, Any]
    unreadable: str = ""  # why the geometry could not be built ("" when it could)


@dataclass
class RawLayer:
    """The features of one layer, in the file's coordinates.

    ``declared_crs`` is what the file says (``None`` when it says nothing; a GeoJSON file
    always means WGS84 lon/lat). ``columns`` are the attribute names in file order.
    """

    source_name: str
    layer: str
    driver: str
    declared_crs: CRS | None
    columns: list[str]
    features: list[RawFeature] = field(default_factory=list)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Bounding box of all non-empty geometries, in the file's coordinates."""
        geoms = [f.geometry for f in self.features if f.geometry is not None]
        geoms = [g for g in geoms if not g.is_empty]
        if not geoms:
            return None
        b = shapely.total_bounds(np.array(geoms, dtype=object))
        values = tuple(float(v) for v in b)
        # total_bounds gives four numbers:
        return values if all(math.isfinite(v) for v in values) else None  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


#: GDAL's words for a file no driver of it recognises (as opposed to a recognised but broken one).
_NOT_RECOGNISED = "not recognized as being in a supported file format"


def unreadable(name: str, source: str | Path, error: BaseException) -> GeodataFileError:
    """The plain error for a file GDAL (or zip) cannot read; the original is logged.

    GDAL's message names the server's temporary path and gives command-line advice, so it
    is never shown: the user learns whether the file is empty, not a GIS format, or damaged.
    """
    _log.warning("cannot read uploaded GIS file %r: %s: %s", name, type(error).__name__, error)
    try:
        empty = Path(source).stat().st_size == 0
    except OSError:
        empty = False
    if empty:
        return GeodataFileError("gis.error.empty_file", name=name)
    if _NOT_RECOGNISED in str(error):
        return GeodataFileError("gis.error.not_gis_format", name=name)
    return GeodataFileError("gis.error.damaged", name=name)


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        suffixes = ", ".join(READ_SUFFIXES)
        raise GeodataFileError("gis.error.suffix", name=path.name, suffixes=suffixes)
    if not path.is_file():
        raise GeodataFileError("gis.error.missing_file", name=path.name)
    return suffix


@contextmanager
def _gdal_source(path: Path, limits: ReadLimits) -> Iterator[str]:
    """What GDAL opens for ``path``: the file itself, or the checked extract of a zip."""
    suffix = _check_suffix(path)
    if suffix != ".zip":
        yield str(path)
        return
    from geodata.zipped import extract_shapefiles

    with tempfile.TemporaryDirectory(prefix="planner_shp_") as folder:
        yield str(extract_shapefiles(path, Path(folder), limits))


def _layers_of(source: str, name: str) -> list[LayerInfo]:
    try:
        rows = pyogrio.list_layers(source)
    except Exception as error:  # pyogrio raises DataSourceError and friends
        raise unreadable(name, source, error) from error
    layers = []
    for layer_name, geometry_type in rows:
        try:
            count = int(pyogrio.read_info(source, layer=str(layer_name))["features"])
        except Exception:  # a layer GDAL lists but cannot count: count as unknown (-1)
            count = -1
        layers.append(LayerInfo(str(layer_name), str(geometry_type), count))
    return layers


def list_layers(path: str | Path, *, limits: ReadLimits | None = None) -> list[LayerInfo]:
    """The layers of a file, with their geometry types and feature counts.

    Raises
    ------
    GeodataFileError
        Unknown file type, a zip beyond ``limits``, or GDAL cannot open it.
    """
    path = Path(path)
    with _gdal_source(path, limits or ReadLimits()) as source:
        return _layers_of(source, path.name)


def choose_layer(layers: Sequence[LayerInfo], wanted: str | None, kind: str) -> str:
    """The layer to read: ``wanted``, else the only one, else the one named after ``kind``.

    Raises
    ------
    GeodataFileError
        ``wanted`` is not in the file, or the file has several layers and none is named
        ``kind`` (the user must choose; the message lists them).
    """
    names = [layer.name for layer in layers]
    if not names:
        raise GeodataFileError("gis.error.no_layers")
    if wanted:
        if wanted not in names:
            raise GeodataFileError("gis.error.layer_unknown", layer=wanted, layers=", ".join(names))
        return wanted
    if len(names) == 1:
        return names[0]
    if kind in names:
        return kind
    raise GeodataFileError("gis.error.layer_required", layers=", ".join(names))


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value from a pandas/NumPy cell (NaN and NaT become None)."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or (not isinstance(value, (str, bytes)) and pd.isna(value)):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _geometry(wkb: bytes | None) -> tuple[BaseGeometry | None, str]:
    """One feature's geometry from its WKB, or None and why it could not be built."""
    if wkb is None:
        return None, ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return shapely.from_wkb(wkb), ""
    except Exception as error:  # GEOS refuses the shape (a ring of too few points, ...)
        return None, str(error)[:200]


def read_layer(
    path: str | Path,
    layer: str | None = None,
    *,
    kind: str = "",
    max_features: int = MAX_FEATURES,
    limits: ReadLimits | None = None,
) -> RawLayer:
    """Read one layer of a GeoJSON, GeoPackage, zipped Shapefile or KML file.

    Parameters
    ----------
    path : str or Path
        The file. A ``.zip`` must hold a Shapefile (``.shp``, ``.shx``, ``.dbf``; a ``.prj``
        declares its coordinate system, a ``.cpg`` its encoding).
    layer : str, optional
        Layer name; see :func:`choose_layer` when not given.
    kind : str
        ``"sites"`` or ``"buildings"``, to pick a layer named so in a file with several.

    Returns
    -------
    RawLayer
        Geometries as read (``None`` for a null geometry), in the file's coordinates.

    Raises
    ------
    GeodataFileError
        The file cannot be read, the layer is missing or ambiguous, or it has no features.
    """
    path = Path(path)
    limits = limits or ReadLimits(max_features=max_features)
    max_features = limits.max_features
    with _gdal_source(path, limits) as source:
        layers = _layers_of(source, path.name)
        name = choose_layer(layers, layer, kind)
        count = next((info.feature_count for info in layers if info.name == name), -1)
        if count > max_features:  # counted by GDAL from the header: refused before reading
            raise GeodataFileError("gis.error.too_many_features", n=count, limit=max_features)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                meta, _index, geometry, fields = pyogrio.raw.read(source, layer=name)
        except Exception as error:
            raise unreadable(path.name, source, error) from error
    declared = None
    if meta.get("crs"):
        try:
            declared = CRS.from_user_input(meta["crs"])
        except CRSError:
            declared = None
    columns = [str(c) for c in meta["fields"]]
    count = len(geometry) if geometry is not None else (len(fields[0]) if fields else 0)
    if count == 0:
        raise GeodataFileError("gis.error.empty_layer", layer=name)
    if count > max_features:  # a layer that did not say how many it holds
        raise GeodataFileError("gis.error.too_many_features", n=count, limit=max_features)
    features = []
    for i in range(count):
        attributes = {col: _plain(fields[j][i]) for j, col in enumerate(columns)}
        # Built one by one: a shape GEOS cannot build refuses its feature, not the file.
        geom, problem = _geometry(geometry[i]) if geometry is not None else (None, "")
        features.append(RawFeature(i + 1, geom, attributes, problem))
    # Our own GeoJSON export holds sites and buildings in one collection, told apart by a
    # "layer" column: keep the features of the kind asked for.
    if kind and LAYER_COLUMN in columns:
        labels = {f.attributes.get(LAYER_COLUMN) for f in features}
        if labels <= set(EXPORT_LAYERS):
            features = [f for f in features if f.attributes.get(LAYER_COLUMN) == kind]
            if not features:
                raise GeodataFileError("gis.error.empty_layer", layer=f"{name} ({kind})")
    return RawLayer(
        source_name=path.name,
        layer=name,
        driver=str(meta.get("driver") or ""),
        declared_crs=declared,
        columns=columns,
        features=features,
    )


# --------------------------------------------------------------------------------------------
# Coordinate systems
# --------------------------------------------------------------------------------------------


def normalise_crs_name(text: str) -> str:
    """``"epsg:4542"``, ``"4542"``, ``"gcj-02"`` → ``"EPSG:4542"``, ``"GCJ02"``.

    Raises
    ------
    GeodataFileError
        When the name is not one of :data:`ACCEPTED_CRS`.
    """
    value = text.strip().upper().replace("-", "").replace("_", "").replace(" ", "")
    if value == CRS_GCJ02:
        return CRS_GCJ02
    if value.isdigit():
        value = f"EPSG:{value}"
    if value in ACCEPTED_CRS:
        return value
    raise GeodataFileError("gis.error.crs_unknown", crs=text, accepted=", ".join(ACCEPTED_CRS))


@dataclass(frozen=True)
class CrsGuess:
    """What undeclared coordinates look like: ``kind`` and the CRS names to ask about."""

    kind: str  # "lonlat", "projected", "unknown"
    candidates: tuple[str, ...]


def guess_crs(bounds: tuple[float, float, float, float] | None) -> CrsGuess:
    """Tell lon/lat from Gauss-Kruger metres by the range of the coordinates.

    Lon/lat lie within ±180/±90. Gauss-Kruger CM 99E (EPSG:4542) eastings lie within about
    200–800 km (x_0 = 500 km), northings for Gansu 3,000–6,000 km; the zone-prefixed form
    (EPSG:4521, zone 33) adds 33,000 km to the easting. WGS84, CGCS2000 and GCJ-02 lon/lat
    cannot be told apart by range: the user must say which.

    Examples
    --------
    >>> guess_crs((439000.0, 4400000.0, 441000.0, 4402000.0)).candidates
    ('EPSG:4542',)
    >>> guess_crs((98.2, 39.7, 98.3, 39.8)).candidates
    ('EPSG:4326', 'EPSG:4490', 'GCJ02')
    """
    if bounds is None:
        return CrsGuess("unknown", ())
    min_x, min_y, max_x, max_y = bounds
    if -180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90:
        return CrsGuess("lonlat", ("EPSG:4326", "EPSG:4490", CRS_GCJ02))
    if 3_000_000 <= min_y <= max_y <= 6_000_000:
        if 200_000 <= min_x <= max_x <= 800_000:
            return CrsGuess("projected", ("EPSG:4542",))
        if 33_200_000 <= min_x <= max_x <= 33_800_000:
            return CrsGuess("projected", ("EPSG:4521",))
    return CrsGuess("unknown", ())


@dataclass(frozen=True)
class ResolvedCrs:
    """The coordinate system the features will be read in, and how it was decided."""

    name: str  # "EPSG:xxxx", "GCJ02" or the declared CRS's name
    crs: CRS | None  # None for GCJ-02
    how: str  # "declared", "given", "given_over_declared"


def resolve_crs(layer: RawLayer, given: str | None) -> ResolvedCrs:
    """Decide the coordinate system of a layer's coordinates.

    The user's choice (``given``, one of :data:`ACCEPTED_CRS`) wins; else the file's own
    declaration, unless a lon/lat declaration holds coordinates that are plainly metres (a
    GeoJSON file cannot declare anything but lon/lat); else the user must be asked.

    Raises
    ------
    GeodataFileError
        ``gis.error.crs_required_<lonlat|projected|unknown>`` (values ``kind``, ``candidates``,
        ``declared``) when the coordinates carry no usable declaration;
        ``gis.error.crs_unknown`` for an unknown ``given``.
    """
    if given:
        name = normalise_crs_name(given)
        how = "given_over_declared" if layer.declared_crs is not None else "given"
        if name == CRS_GCJ02:
            return ResolvedCrs(name, None, how)
        if layer.declared_crs is not None and layer.declared_crs.to_epsg() == int(name[5:]):
            how = "declared"
        return ResolvedCrs(name, CRS.from_user_input(name), how)
    bounds = layer.bounds()
    declared = layer.declared_crs
    if bounds is None:  # no feature has a geometry: each is refused on its own, CRS moot
        fallback = declared or CRS.from_epsg(4326)
        return ResolvedCrs(f"EPSG:{fallback.to_epsg()}", fallback, "declared")
    guess = guess_crs(bounds)
    if declared is not None and not (declared.is_geographic and guess.kind != "lonlat"):
        epsg = declared.to_epsg()
        name = f"EPSG:{epsg}" if epsg else declared.name
        return ResolvedCrs(name, declared, "declared")
    raise GeodataFileError(
        f"gis.error.crs_required_{guess.kind}",
        kind=guess.kind,
        candidates=", ".join(guess.candidates) if guess.candidates else "",
        declared=declared.name if declared is not None else "",
    )


@lru_cache(maxsize=8)
def _transformer_to_storage(wkt: str) -> Transformer:
    return Transformer.from_crs(CRS.from_wkt(wkt), crs_module.STORAGE_CRS, always_xy=True)


def to_storage(geom: BaseGeometry, resolved: ResolvedCrs) -> BaseGeometry:
    """Transform a 2D geometry from ``resolved`` to lon/lat WGS84 (the stored CRS)."""
    if resolved.name == CRS_GCJ02:

        def _from_gcj(coords: np.ndarray) -> np.ndarray:
            lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])

        return shapely.transform(geom, _from_gcj)
    assert resolved.crs is not None
    epsg = resolved.crs.to_epsg()
    if epsg in (4326, 4490):  # CGCS2000 and WGS84 agree to about a metre: stored as they are
        return geom
    transformer = _transformer_to_storage(resolved.crs.to_wkt())

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _apply)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutLayer:
    """A layer to write: name, lon/lat geometries and one dict of explicit columns per row."""

    name: str
    geometries: list[BaseGeometry]
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]


def write_layers(
    path: str | Path, layers: Sequence[OutLayer], *, fmt: str, crs: str = "EPSG:4326"
) -> Path:
    """Write layers to ``path`` as GeoJSON (all layers in one collection) or GeoPackage.

    Parameters
    ----------
    path : str or Path
        The file to write (replaced if it exists).
    layers : sequence of OutLayer
        Geometries in lon/lat (EPSG:4326). Only ``columns`` are written, in that order.
    fmt : {"geojson", "gpkg"}
        GeoJSON holds one feature collection: the layers are told apart by a ``layer``
        column added to every row. A GeoPackage gets one table per layer.
    crs : {"EPSG:4326", "EPSG:4542"}
        CRS of the written coordinates (the file declares it).
    """
    if fmt not in _WRITE_DRIVERS:
        raise ValueError(f"format must be one of {tuple(_WRITE_DRIVERS)}, got {fmt!r}")
    if crs not in EXPORT_CRS:
        raise ValueError(f"crs must be one of {EXPORT_CRS}, got {crs!r}")
    import geopandas as gpd

    path = Path(path)
    if path.exists():
        path.unlink()
    frames = []
    for out in layers:
        geoms = [crs_module.to_metric(g) if crs != "EPSG:4326" else g for g in out.geometries]
        data = {col: [row.get(col) for row in out.rows] for col in out.columns}
        frame = gpd.GeoDataFrame(data, geometry=geoms, crs=crs)
        frames.append((out.name, frame))
    driver = _WRITE_DRIVERS[fmt]
    if fmt == "geojson":
        import pandas as pd

        parts = []
        for name, frame in frames:
            frame = frame.copy()
            frame.insert(0, LAYER_COLUMN, name)
            parts.append(frame)
        merged = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=crs)
        # ID_GENERATE: each feature gets its own feature id; without it GDAL promotes the
        # ``id`` column, which repeats across layers, and readers warn and renumber.
        options = {
            "RFC7946": "NO",
            "COORDINATE_PRECISION": 7 if crs == "EPSG:4326" else 3,
            "ID_GENERATE": "YES",
        }
        pyogrio.write_dataframe(merged, path, driver=driver, layer="planner", **options)
    else:
        for name, frame in frames:
            pyogrio.write_dataframe(frame, path, driver=driver, layer=name, append=path.exists())
    return path


def write_to_bytes(layers: Sequence[OutLayer], *, fmt: str, crs: str) -> bytes:
    """Write layers like :func:`write_layers` and return the file's bytes."""
    suffix = ".geojson" if fmt == "geojson" else ".gpkg"
    with tempfile.TemporaryDirectory() as folder:
        path = write_layers(Path(folder) / f"export{suffix}", layers, fmt=fmt, crs=crs)
        return path.read_bytes()


def column_values(rows: Sequence[Mapping[str, Any]], column: str) -> list[Any]:
    """The values of one attribute column (helper for previews and tests)."""
    return [row.get(column) for row in rows]
