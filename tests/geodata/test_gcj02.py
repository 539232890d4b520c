"""WGS84 <-> GCJ-02: known points, points outside China, Jiayuguan offsets, round trips."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geodata.gcj02 import (
    CHINA_BOX,
    gcj02_to_wgs84,
    in_china_box,
    transform_coordinates,
    wgs84_to_gcj02,
)

GEOD = Geod(ellps="WGS84")

# Published results of the same public algorithm, from test suites of independent
# implementations in other languages (Java, Rust, Python), not from this code.
KNOWN = [
    # Beijing, near Tiananmen; several libraries agree to the last digit.
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164), 1e-9),
    ((116.0, 40.0), (116.006141221789, 40.001213650174), 1e-6),
    ((121.0917077, 30.6107779), (121.09626935575027, 30.608604331756705), 1e-6),
]

# Central Jiayuguan and the corners of its built-up area.
JIAYUGUAN = [(98.289, 39.772), (98.22, 39.74), (98.36, 39.74), (98.22, 39.83), (98.36, 39.83)]


@pytest.mark.parametrize(("wgs", "gcj", "tolerance"), KNOWN)
def test_known_points(wgs, gcj, tolerance):
    lon, lat = wgs84_to_gcj02(*wgs)
    assert lon == pytest.approx(gcj[0], abs=tolerance)
    assert lat == pytest.approx(gcj[1], abs=tolerance)


@pytest.mark.parametrize(
    "point",
    [
        (2.35, 48.85),  # Paris
        (-74.0, 40.7),  # New York
        (151.2, -33.9),  # Sydney
        (137.9, 35.0),  # just east of the box
        (100.0, 56.0),  # just north of the box
        (183.0, 45.0),  # beyond the antimeridian
    ],
)
def test_points_outside_china_are_unchanged(point):
    assert not in_china_box(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


def test_china_box_is_the_published_rectangle():
    assert CHINA_BOX == (72.004, 0.8293, 137.8347, 55.8271)
    assert in_china_box(98.289, 39.772)


@pytest.mark.parametrize("point", JIAYUGUAN)
def test_jiayuguan_shift_is_tens_to_hundreds_of_metres(point):
    lon, lat = wgs84_to_gcj02(*point)
    _az, _back, metres = GEOD.inv(point[0], point[1], lon, lat)
    assert 20 < metres < 500
    # The shift there is north-east: both coordinates grow.
    assert lon > point[0] and lat > point[1]


def test_round_trip_is_far_below_a_micro_degree():
    lons, lats = np.meshgrid(np.linspace(74, 134, 25), np.linspace(4, 53, 25))
    lons, lats = lons.ravel(), lats.ravel()
    back_lon, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lons, lats))
    assert np.max(np.abs(back_lon - lons)) < 1e-6
    assert np.max(np.abs(back_lat - lats)) < 1e-6
    for point in JIAYUGUAN:
        lon, lat = gcj02_to_wgs84(*wgs84_to_gcj02(*point))
        assert abs(lon - point[0]) < 1e-9 and abs(lat - point[1]) < 1e-9


def test_arrays_match_scalars():
    lons = np.array([98.289, 116.404, 2.35])
    lats = np.array([39.772, 39.915, 48.85])
    out_lon, out_lat = wgs84_to_gcj02(lons, lats)
    assert out_lon.shape == lons.shape
    for i in range(3):
        assert (out_lon[i], out_lat[i]) == pytest.approx(wgs84_to_gcj02(lons[i], lats[i]))
    assert isinstance(wgs84_to_gcj02(98.0, 39.0)[0], float)


def test_transform_coordinates_keeps_the_nesting():
    ring = [[98.28, 39.77], [98.29, 39.77], [98.29, 39.78], [98.28, 39.77]]
    multipolygon = [[ring], [ring]]
    out = transform_coordinates(multipolygon, decimals=6)
    assert len(out) == 2 and len(out[0][0]) == 4
    expected = wgs84_to_gcj02(98.29, 39.78)
    assert out[1][0][2] == [round(expected[0], 6), round(expected[1], 6)]
    assert transform_coordinates([98.28, 39.77]) == list(wgs84_to_gcj02(98.28, 39.77))
    back = transform_coordinates(transform_coordinates(ring), gcj02_to_wgs84)
    assert np.allclose(back, ring, atol=1e-9)
