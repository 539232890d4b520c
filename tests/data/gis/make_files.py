"""Write the hostile GIS files of the import tests (run once; the outputs are kept in the repo).

    .venv/bin/python tests/data/gis/make_files.py

Every file is small and deterministic. Positions come from the illustrative sample
(``geodata/sample/``) so that the tests can predict matches; new compounds are placed about
2 km west of the sample, inside the city and clear of every sample compound.

=============================  =====================================================
file                           what it holds
=============================  =====================================================
self_intersecting.geojson      2 new compounds: one with a small loop (repairable),
                               one figure-of-eight "bow tie" (refused)
projected_no_crs.geojson       2 new compounds in EPSG:4542 metres; GeoJSON cannot
                               declare a projected CRS, so it claims lon/lat
gcj02.geojson                  sample compound c2023_01 and c2023_02, shifted to GCJ-02
points.geojson                 3 buildings given as points
null_geometries.geojson        2 buildings with null geometry, 1 with an empty polygon
no_prj.zip                     zipped Shapefile of 2 new compounds, lon/lat, no .prj
mixed_2d_3d.geojson            3 new buildings in c2023_01: two 3D (z = 1650 m), one 2D
empty_layer.gpkg               GeoPackage whose "buildings" layer has no features
one_bad_feature.geojson        3 good new buildings in c2023_01 and one in Beijing
outside_compounds.geojson      2 buildings in open land: no compound holds them
sites.kml                      2 new compounds in KML (lon/lat, Chinese names)
two_layers.gpkg                layers "parcels" and "roads": the user must choose
=============================  =====================================================
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import Polygon, box, mapping, shape

from geodata import crs
from geodata.gcj02 import wgs84_to_gcj02

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "geodata" / "sample"


def _features(name: str) -> list[dict[str, Any]]:
    return json.loads((SAMPLE / name).read_text(encoding="utf-8"))["features"]


def _write_geojson(name: str, features: list[dict[str, Any]], extra: dict | None = None) -> None:
    collection = {"type": "FeatureCollection", **(extra or {}), "features": features}
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def _feature(geometry: dict | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _rounded(geom: Any, decimals: int = 7) -> dict:
    return json.loads(json.dumps(mapping(shapely.set_precision(geom, 10**-decimals))))


def _metric_box(x: float, y: float, w: float, h: float) -> Polygon:
    return box(x, y, x + w, y + h)


def _lonlat(geom_metric: Any) -> Any:
    return crs.to_lonlat(geom_metric)


# Where new compounds go: about 2 km west of the sample, in EPSG:4542 metres.
_ORIGIN = crs.to_metric(shapely.Point(98.235, 39.805))
X0, Y0 = _ORIGIN.x, _ORIGIN.y


def _free_spots(site_key: str, n: int, size: tuple[float, float] = (24.0, 12.0)) -> list[Polygon]:
    """``n`` footprints (metric) inside compound ``site_key`` that touch no sample building."""
    site = next(f for f in _features("sites.geojson") if f["properties"]["key"] == site_key)
    compound = crs.to_metric(shape(site["geometry"])).buffer(-5)
    taken = [
        crs.to_metric(shape(f["geometry"])).buffer(5)
        for f in _features("buildings.geojson")
        if f["properties"]["site_key"] == site_key
    ]
    minx, miny, maxx, maxy = compound.bounds
    spots: list[Polygon] = []
    y = miny
    while y < maxy and len(spots) < n:
        x = minx
        while x < maxx and len(spots) < n:
            cand = _metric_box(x, y, *size)
            if compound.contains(cand) and not any(cand.intersects(t) for t in taken + spots):
                spots.append(cand)
            x += size[0] + 8
        y += size[1] + 8
    if len(spots) < n:
        raise RuntimeError(f"no room for {n} buildings in {site_key}")
    return spots


def self_intersecting() -> None:
    loop = Polygon(
        [
            (X0, Y0),
            (X0 + 200, Y0),
            (X0 + 200, Y0 + 150),
            (X0 + 100, Y0 + 150),
            (X0 + 100, Y0 + 153),
            (X0 + 102, Y0 + 153),
            (X0 + 102, Y0 + 148),
            (X0, Y0 + 150),
            (X0, Y0),
        ]
    )
    bow_x = X0 + 400
    bow = Polygon(
        [(bow_x, Y0), (bow_x + 200, Y0 + 150), (bow_x + 200, Y0), (bow_x, Y0 + 150), (bow_x, Y0)]
    )
    features = []
    for name, geom in (("测试小区（小环）", loop), ("测试小区（8字形）", bow)):
        lonlat = _lonlat(geom)
        coords = [[round(x, 7), round(y, 7)] for x, y in lonlat.exterior.coords]
        features.append(_feature({"type": "Polygon", "coordinates": [coords]}, 名称=name, 户数=120))
    _write_geojson("self_intersecting.geojson", features)


def projected_no_crs() -> None:
    features = []
    for i in range(2):
        geom = _metric_box(X0 + i * 300, Y0 - 400, 220, 160)
        coords = [[round(x, 3), round(y, 3)] for x, y in geom.exterior.coords]
        features.append(
            _feature(
                {"type": "Polygon", "coordinates": [coords]},
                name=f"投影坐标小区{i + 1}",
                households=100 + i,
            )
        )
    _write_geojson("projected_no_crs.geojson", features)


def gcj02() -> None:
    features = []
    for site in _features("sites.geojson")[:2]:
        ring = site["geometry"]["coordinates"][0]
        shifted = []
        for lon, lat in ring:
            g_lon, g_lat = wgs84_to_gcj02(lon, lat)
            shifted.append([round(g_lon, 9), round(g_lat, 9)])
        props = site["properties"]
        features.append(
            _feature(
                {"type": "Polygon", "coordinates": [shifted]},
                name=props["name_zh"],
                households=props["households"],
            )
        )
    _write_geojson("gcj02.geojson", features)


def points() -> None:
    spots = _free_spots("c2023_01", 3)
    features = [
        _feature(_rounded(_lonlat(s.centroid)), 楼号=f"P{i + 1}", 层数=6)
        for i, s in enumerate(spots)
    ]
    _write_geojson("points.geojson", features)


def null_geometries() -> None:
    features = [
        _feature(None, number="N1", floors=6),
        _feature(None, number="N2", floors=5),
        _feature({"type": "Polygon", "coordinates": []}, number="N3", floors=4),
    ]
    _write_geojson("null_geometries.geojson", features)


def no_prj() -> None:
    geoms = [_lonlat(_metric_box(X0 + i * 300, Y0 + 400, 220, 160)) for i in range(2)]
    frame = gpd.GeoDataFrame(
        {"name": ["无投影文件小区1", "无投影文件小区2"], "hh": [80, 90]},
        geometry=geoms,
        crs=None,
    )
    folder = HERE / "_no_prj"
    folder.mkdir(exist_ok=True)
    pyogrio.write_dataframe(frame, folder / "compounds.shp", encoding="UTF-8")
    target = HERE / "no_prj.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if part.suffix.lower() != ".prj":
                info = zipfile.ZipInfo(part.name, date_time=(2026, 1, 1, 0, 0, 0))
                archive.writestr(info, part.read_bytes(), zipfile.ZIP_DEFLATED)
    for part in folder.iterdir():
        part.unlink()
    folder.rmdir()


def mixed_2d_3d() -> None:
    spots = _free_spots("c2023_01", 3)
    features = []
    for i, spot in enumerate(spots):
        ring = [[round(x, 7), round(y, 7)] for x, y in _lonlat(spot).exterior.coords]
        if i < 2:
            ring = [[x, y, 1650.0] for x, y in ring]
        features.append(
            _feature({"type": "Polygon", "coordinates": [ring]}, 楼号=f"M{i + 1}", 层数=6, 单元=3)
        )
    _write_geojson("mixed_2d_3d.geojson", features)


def empty_layer() -> None:
    target = HERE / "empty_layer.gpkg"
    if target.exists():
        target.unlink()
    frame = gpd.GeoDataFrame(
        {"number": ["x"], "floors": [6]},
        geometry=[_lonlat(_metric_box(X0, Y0, 20, 10))],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(frame.iloc[0:0], target, layer="buildings", geometry_type="Polygon")


def one_bad_feature() -> None:
    spots = _free_spots("c2023_01", 3)
    features = [
        _feature(_rounded(_lonlat(s)), 楼号=f"G{i + 1}", 层数=6, 单元=2, 户数=24)
        for i, s in enumerate(spots)
    ]
    beijing = box(116.39, 39.90, 116.3903, 39.9002)
    features.insert(2, _feature(_rounded(beijing), 楼号="BAD", 层数=6))
    _write_geojson("one_bad_feature.geojson", features)


def outside_compounds() -> None:
    geoms = [_lonlat(_metric_box(X0 + 1000 + i * 60, Y0 + 1000, 30, 12)) for i in range(2)]
    features = [_feature(_rounded(g), number=f"U{i + 1}", floors=5) for i, g in enumerate(geoms)]
    _write_geojson("outside_compounds.geojson", features)


def kml() -> None:
    target = HERE / "sites.kml"
    if target.exists():
        target.unlink()
    geoms = [_lonlat(_metric_box(X0 + i * 300, Y0 + 800, 220, 160)) for i in range(2)]
    frame = gpd.GeoDataFrame(
        {"Name": ["KML小区1", "KML小区2"], "households": [60, 70]},
        geometry=[shapely.set_precision(g, 1e-7) for g in geoms],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(frame, target, driver="KML", layer="compounds")


def two_layers() -> None:
    target = HERE / "two_layers.gpkg"
    if target.exists():
        target.unlink()
    parcel = _lonlat(_metric_box(X0, Y0 + 1200, 220, 160))
    frame = gpd.GeoDataFrame({"name": ["双图层小区"]}, geometry=[parcel], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, target, layer="parcels")
    road = shapely.LineString([(X0, Y0 + 1500), (X0 + 800, Y0 + 1500)])
    roads = gpd.GeoDataFrame({"name": ["测试路"]}, geometry=[_lonlat(road)], crs="EPSG:4326")
    pyogrio.write_dataframe(roads, target, layer="roads", append=True)


def main() -> None:
    self_intersecting()
    projected_no_crs()
    gcj02()
    points()
    null_geometries()
    no_prj()
    mixed_2d_3d()
    empty_layer()
    one_bad_feature()
    outside_compounds()
    kml()
    two_layers()
    for path in sorted(HERE.iterdir()):
        if path.name != "make_files.py":
            sys.stdout.write(f"{path.name:28} {path.stat().st_size:>7} bytes\n")


if __name__ == "__main__":
    main()
