"""Geometry checks: safe repairs, refusals with a reason, heights dropped."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from geodata import crs
from geodata.validation import check_geometry

# A point in Jiayuguan, in EPSG:4542 metres.
X0, Y0 = crs.to_metric(Point(98.235, 39.805)).coords[0]


def _check(geom, kind="buildings"):  # noqa: ANN001, ANN202
    return check_geometry(geom, kind, crs.to_lonlat)


def _codes(result) -> list[str]:  # noqa: ANN001
    return [issue.code for issue in result.issues]


def test_accept_a_plain_footprint_in_lonlat():
    result = _check(box(X0, Y0, X0 + 30, Y0 + 12))
    assert not result.refused and result.role == "building"
    assert crs.area_m2(result.geometry) == pytest.approx(360, rel=1e-3)


def test_repair_a_small_loop_and_report_it():
    loop = Polygon(
        [(X0, Y0), (X0 + 200, Y0), (X0 + 200, Y0 + 150), (X0 + 100, Y0 + 150), (X0 + 100, Y0 + 153),
         (X0 + 102, Y0 + 153), (X0 + 102, Y0 + 148), (X0, Y0 + 150), (X0, Y0)]
    )  # fmt: skip
    result = _check(loop, "sites")
    assert not result.refused and _codes(result) == ["repaired"]
    assert result.geometry.is_valid and result.geometry.geom_type == "Polygon"
    assert crs.area_m2(result.geometry) == pytest.approx(30_000, rel=0.01)


def test_refuse_a_bow_tie_that_no_repair_can_read():
    bow = Polygon([(X0, Y0), (X0 + 200, Y0 + 150), (X0 + 200, Y0), (X0, Y0 + 150), (X0, Y0)])
    result = _check(bow, "sites")
    assert result.refused and _codes(result) == ["invalid_unsafe"]


@pytest.mark.parametrize("geom", [None, Polygon()])
def test_refuse_empty_or_null_geometry(geom):
    assert _codes(_check(geom)) == ["empty"]


def test_refuse_points_and_lines_where_footprints_are_expected():
    assert _codes(_check(Point(X0, Y0))) == ["point"]
    assert _codes(_check(LineString([(X0, Y0), (X0 + 50, Y0)]))) == ["wrong_type"]
    assert not _check(LineString([(X0, Y0), (X0 + 500, Y0)]), "sites").refused


def test_drop_heights_of_3d_coordinates():
    flat = box(X0, Y0, X0 + 30, Y0 + 12)
    raised = shapely.force_3d(flat, 1650.0)
    result = _check(raised)
    assert not result.refused and _codes(result) == ["z_dropped"]
    assert not shapely.has_z(result.geometry)


def test_refuse_coordinates_far_outside_the_city_with_the_distance():
    far = crs.to_metric(box(116.39, 39.90, 116.3903, 39.9002))
    result = _check(far)
    assert result.refused and _codes(result) == ["outside_city"]
    assert result.issues[0].values["km"] > 1000


@pytest.mark.parametrize(("size", "code"), [(2.0, "too_small"), (400.0, "too_large")])
def test_refuse_absurd_building_sizes(size, code):
    result = _check(box(X0, Y0, X0 + size, Y0 + size))
    assert result.refused and _codes(result) == [code]
