"""Tests of geodata.crs: lon/lat <-> EPSG:4542 and metric measures."""

from __future__ import annotations

import doctest

import pytest
import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, box

from geodata import crs

# Known point (PROJ 9, always_xy): WGS84 (98.29, 39.80) -> EPSG:4542.
KNOWN_LONLAT = (98.29, 39.80)
KNOWN_METRIC = (439193.563, 4407563.657)


@pytest.fixture
def metric_slab():
    """A 60 m x 12 m rectangle in EPSG:4542 metres near the Jiayuguan centre."""
    x, y = KNOWN_METRIC
    return box(x, y, x + 60.0, y + 12.0)


def test_constants_name_the_storage_and_metric_crs():
    assert crs.STORAGE_CRS == "EPSG:4326"
    assert crs.METRIC_CRS == "EPSG:4542"


def test_to_metric_known_point():
    p = crs.to_metric(Point(*KNOWN_LONLAT))
    assert p.x == pytest.approx(KNOWN_METRIC[0], abs=1e-3)
    assert p.y == pytest.approx(KNOWN_METRIC[1], abs=1e-3)


def test_to_lonlat_known_point():
    p = crs.to_lonlat(Point(*KNOWN_METRIC))
    assert p.x == pytest.approx(KNOWN_LONLAT[0], abs=1e-8)
    assert p.y == pytest.approx(KNOWN_LONLAT[1], abs=1e-8)


def test_to_lonlat_inverts_to_metric(metric_slab):
    back = crs.to_metric(crs.to_lonlat(metric_slab))
    assert back.equals_exact(metric_slab, tolerance=1e-6)


def test_area_m2_of_hand_built_metric_rectangle(metric_slab):
    lonlat = crs.to_lonlat(metric_slab)
    assert lonlat.bounds[0] == pytest.approx(98.29, abs=1e-4)  # it really is lon/lat now
    assert crs.area_m2(lonlat) == pytest.approx(720.0, abs=0.01)


def test_area_m2_of_rotated_rectangle(metric_slab):
    rotated = affinity.rotate(metric_slab, 17.0, origin="centroid")
    assert crs.area_m2(crs.to_lonlat(rotated)) == pytest.approx(720.0, abs=0.01)


def test_length_m_of_polygon_is_its_perimeter(metric_slab):
    assert crs.length_m(crs.to_lonlat(metric_slab)) == pytest.approx(144.0, abs=0.01)


def test_length_m_of_line():
    x, y = KNOWN_METRIC
    line = LineString([(x, y), (x + 300.0, y + 400.0)])
    assert crs.length_m(crs.to_lonlat(line)) == pytest.approx(500.0, abs=0.01)


def test_area_of_line_is_zero():
    assert crs.area_m2(LineString([KNOWN_LONLAT, (98.30, 39.81)])) == 0.0


def test_bounds_lonlat_of_lonlat_geometry():
    assert crs.bounds_lonlat(box(98.2, 39.7, 98.3, 39.8)) == (98.2, 39.7, 98.3, 39.8)


def test_bounds_lonlat_of_metric_geometry(metric_slab):
    min_lon, min_lat, max_lon, max_lat = crs.bounds_lonlat(metric_slab, crs=crs.METRIC_CRS)
    # Grid north is not true north here (meridian convergence): allow about a metre.
    assert min_lon == pytest.approx(KNOWN_LONLAT[0], abs=1e-5)
    assert min_lat == pytest.approx(KNOWN_LONLAT[1], abs=1e-5)
    assert 0 < max_lon - min_lon < 0.001
    assert 0 < max_lat - min_lat < 0.001


def test_bounds_lonlat_rejects_other_crs_and_empty_geometry():
    with pytest.raises(ValueError, match="unsupported CRS"):
        crs.bounds_lonlat(Point(0, 0), crs="EPSG:3857")
    with pytest.raises(ValueError, match="empty"):
        crs.bounds_lonlat(shapely.Point())


def test_transformers_are_cached():
    first = crs._transformer(crs.STORAGE_CRS, crs.METRIC_CRS)
    assert crs._transformer(crs.STORAGE_CRS, crs.METRIC_CRS) is first


def test_docstring_examples():
    assert doctest.testmod(crs).failed == 0
