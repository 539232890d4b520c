"""Reading and writing GIS files, and telling coordinate systems apart."""

from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import box

from geodata import crs
from geodata.io import (
    GeodataFileError,
    OutLayer,
    guess_crs,
    list_layers,
    normalise_crs_name,
    read_layer,
    resolve_crs,
    to_storage,
    write_layers,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "gis"


def test_know_the_gauss_kruger_zone_of_jiayuguan_in_both_forms():
    from pyproj import CRS

    for code, false_easting in ((4542, 500_000), (4521, 33_500_000)):
        operation = CRS.from_epsg(code).coordinate_operation
        params = {p.name: p.value for p in operation.params}
        assert params["Longitude of natural origin"] == 99
        assert params["False easting"] == false_easting


def test_guess_lonlat_and_projected_coordinates_by_range():
    assert guess_crs((98.2, 39.7, 98.3, 39.8)).kind == "lonlat"
    assert guess_crs((439_000, 4_400_000, 441_000, 4_402_000)).candidates == ("EPSG:4542",)
    assert guess_crs((33_439_000, 4_400_000, 33_441_000, 4_402_000)).candidates == ("EPSG:4521",)
    assert guess_crs((1e9, 1e9, 2e9, 2e9)).kind == "unknown"


@pytest.mark.parametrize("text", ["epsg:4542", "4542", " EPSG:4542 "])
def test_normalise_crs_names(text):
    assert normalise_crs_name(text) == "EPSG:4542"
    assert normalise_crs_name("gcj-02") == "GCJ02"


def test_refuse_unknown_crs_name():
    with pytest.raises(GeodataFileError) as info:
        normalise_crs_name("EPSG:3857")
    assert info.value.key == "gis.error.crs_unknown"


def test_ask_for_crs_when_geojson_holds_metres():
    layer = read_layer(DATA / "projected_no_crs.geojson")
    with pytest.raises(GeodataFileError) as info:
        resolve_crs(layer, None)
    assert info.value.key == "gis.error.crs_required_projected"
    assert info.value.values["candidates"] == "EPSG:4542"


def test_ask_for_crs_of_zip_without_prj():
    layer = read_layer(DATA / "no_prj.zip")
    assert layer.declared_crs is None and len(layer.features) == 2
    with pytest.raises(GeodataFileError) as info:
        resolve_crs(layer, None)
    assert info.value.key == "gis.error.crs_required_lonlat"


def test_convert_4542_and_4521_to_the_same_lonlat():
    metric = crs.to_metric(box(98.28, 39.77, 98.281, 39.771))
    layer = read_layer(DATA / "projected_no_crs.geojson")
    gk = to_storage(metric, resolve_crs(layer, "EPSG:4542"))
    from shapely.affinity import translate

    zoned = to_storage(translate(metric, xoff=33_000_000), resolve_crs(layer, "EPSG:4521"))
    assert gk.bounds == pytest.approx((98.28, 39.77, 98.281, 39.771), abs=1e-8)
    assert zoned.bounds == pytest.approx(gk.bounds, abs=1e-8)


def test_convert_gcj02_back_to_wgs84():
    from geodata.gcj02 import wgs84_to_gcj02

    lon, lat = wgs84_to_gcj02(98.29, 39.80)
    layer = read_layer(DATA / "gcj02.geojson")
    point = to_storage(box(lon, lat, lon + 1e-9, lat + 1e-9), resolve_crs(layer, "GCJ02"))
    assert point.bounds[0] == pytest.approx(98.29, abs=1e-8)
    assert point.bounds[1] == pytest.approx(39.80, abs=1e-8)


def test_read_kml_and_choose_among_layers():
    kml = read_layer(DATA / "sites.kml", kind="sites")
    assert [f.attributes["Name"] for f in kml.features] == ["KML小区1", "KML小区2"]
    assert [layer.name for layer in list_layers(DATA / "two_layers.gpkg")] == ["parcels", "roads"]
    with pytest.raises(GeodataFileError) as info:
        read_layer(DATA / "two_layers.gpkg", kind="sites")
    assert info.value.key == "gis.error.layer_required"
    assert read_layer(DATA / "two_layers.gpkg", "roads").layer == "roads"


@pytest.mark.parametrize(
    ("name", "key"),
    [("empty_layer.gpkg", "gis.error.empty_layer"), ("notes.txt", "gis.error.suffix")],
)
def test_refuse_files_that_cannot_be_imported(name, key, tmp_path):
    path = DATA / name if (DATA / name).exists() else tmp_path / name
    path.write_text("x") if not path.exists() else None
    with pytest.raises(GeodataFileError) as info:
        read_layer(path)
    assert info.value.key == key


def test_refuse_zip_without_shapefile(tmp_path):
    import zipfile

    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no shapefile here")
    with pytest.raises(GeodataFileError) as info:
        read_layer(path)
    assert info.value.key == "gis.error.zip_no_shp"


@pytest.mark.parametrize(("fmt", "epsg"), [("geojson", 4326), ("gpkg", 4542)])
def test_write_files_that_gdal_reads_back_with_their_crs(tmp_path, fmt, epsg):
    geom = box(98.28, 39.77, 98.281, 39.771)
    layer = OutLayer("sites", [geom], [{"name_zh": "测试", "secret": "x"}], ("name_zh",))
    path = write_layers(tmp_path / f"out.{fmt}", [layer], fmt=fmt, crs=f"EPSG:{epsg}")
    frame = pyogrio.read_dataframe(path)
    assert frame.crs.to_epsg() == epsg
    assert "secret" not in frame.columns and list(frame["name_zh"]) == ["测试"]
    area = frame.geometry.iloc[0].area if epsg == 4542 else crs.area_m2(frame.geometry.iloc[0])
    assert area == pytest.approx(crs.area_m2(geom), rel=1e-6)


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"hello world", "gis.error.not_gis_format"),
        (b"", "gis.error.empty_file"),
        (
            b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"coor',
            "gis.error.damaged",
        ),
    ],
)
def test_unreadable_file_is_told_in_plain_words_without_the_server_path(
    tmp_path, caplog, content, key
):
    from planner.i18n import t

    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with caplog.at_level("WARNING", logger="geodata.io"), pytest.raises(GeodataFileError) as info:
        list_layers(path)
    assert info.value.key == key
    for lang in ("zh", "en"):
        shown = t(info.value.key, lang, **info.value.values)
        assert "bad.geojson" in shown
        assert str(tmp_path) not in shown and "driver" not in shown.lower()
    assert "bad.geojson" in caplog.text  # GDAL's own words are kept in the log


def test_damaged_zip_is_told_in_plain_words(tmp_path):
    path = tmp_path / "parcels.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(GeodataFileError) as info:
        read_layer(path)
    assert info.value.key == "gis.error.damaged"
    assert set(info.value.values) == {"name"}
