"""Geometry estimates on hand-computed rectangles, and the flagging of entered quantities."""

from __future__ import annotations

import doctest

import pytest
from shapely import affinity
from shapely.geometry import Point, Polygon, box

from geodata.crs import to_lonlat, to_metric
from planner.settings import PlannerSettings
from planner.works import estimates
from planner.works.estimates import (
    EstimateParameters,
    compare,
    estimate_building,
    facade_area_m2,
    roof_area_m2,
)

JIAYUGUAN = to_metric(Point(98.289, 39.772))  # EPSG:4542, metres
DEFAULTS = EstimateParameters(
    storey_height_m=2.9, window_ratio=0.3, roof_upturn_ratio=0.05, deviation_threshold=0.25
)
REL = 1e-3  # 0.1 %


def slab_lonlat(width_m: float, depth_m: float, *, angle: float = 0.0) -> Polygon:
    """A width × depth m rectangle built in EPSG:4542 near Jiayuguan, returned in lon/lat."""
    x, y = JIAYUGUAN.x, JIAYUGUAN.y
    metric = affinity.rotate(box(x, y, x + width_m, y + depth_m), angle, origin="centroid")
    return to_lonlat(metric)


def test_roof_of_a_60_by_12_slab_is_its_footprint_plus_the_upturn_allowance():
    assert roof_area_m2(slab_lonlat(60, 12), DEFAULTS) == pytest.approx(720 * 1.05, rel=REL)


def test_facade_of_a_six_storey_60_by_12_slab():
    footprint = slab_lonlat(60, 12)
    # 144 m perimeter × 6 floors × 2.9 m × (1 − 0.3)
    assert facade_area_m2(footprint, 6, DEFAULTS) == pytest.approx(1753.92, rel=REL)
    assert facade_area_m2(footprint, 6, DEFAULTS, gross=True) == pytest.approx(2505.6, rel=REL)


def test_estimate_building_gives_every_quantity_by_scope_key():
    estimate = estimate_building(slab_lonlat(60, 12), 6, DEFAULTS)
    assert estimate.footprint_area_m2 == pytest.approx(720, rel=REL)
    assert estimate.perimeter_m == pytest.approx(144, rel=REL)
    assert estimate.quantities == pytest.approx(
        {"roof_waterproofing": 756.0, "wall_insulation": 1753.92, "facade_paint": 2154.816},
        rel=REL,
    )


def test_paint_is_measured_net_with_openings_deducted_and_reveals_added():
    # GB 50854: the painted surface. By hand, for the 60 × 12 m slab of 6 floors:
    # gross 144 × 6 × 2.9 = 2,505.6 m²; openings 30 % = 751.68 m², i.e. 334.08 windows of
    # 1.5 × 1.5 m, each with 6 m of reveal 0.2 m deep: 400.896 m² of reveals.
    estimate = estimate_building(slab_lonlat(60, 12), 6, DEFAULTS)
    openings = 2505.6 * 0.3
    reveals = openings / (1.5 * 1.5) * 6 * 0.2
    assert reveals == pytest.approx(400.896)
    assert estimate.facade_paint_m2 == pytest.approx(2505.6 - openings + reveals, rel=REL)
    # Not the gross wall: the old estimate was 16 % high on this slab.
    assert estimate.facade_gross_m2 / estimate.facade_paint_m2 == pytest.approx(1.1628, rel=1e-4)


def test_a_rotated_slab_has_the_same_estimates():
    rotated = estimate_building(slab_lonlat(60, 12, angle=33), 6, DEFAULTS)
    assert rotated.roof_m2 == pytest.approx(756.0, rel=REL)
    assert rotated.facade_net_m2 == pytest.approx(1753.92, rel=REL)


def test_a_courtyard_counts_as_facade_and_not_as_roof():
    x, y = JIAYUGUAN.x, JIAYUGUAN.y
    outer = box(x, y, x + 40, y + 40)
    court = box(x + 10, y + 10, x + 30, y + 30)
    footprint = to_lonlat(Polygon(outer.exterior.coords, [court.exterior.coords]))
    estimate = estimate_building(footprint, 2, DEFAULTS)
    assert estimate.footprint_area_m2 == pytest.approx(1600 - 400, rel=REL)
    assert estimate.facade_gross_m2 == pytest.approx((160 + 80) * 2 * 2.9, rel=REL)


def test_parameters_can_be_overridden():
    params = EstimateParameters(
        storey_height_m=3.0, window_ratio=0.2, roof_upturn_ratio=0.1, deviation_threshold=0.1
    )
    footprint = slab_lonlat(60, 12)
    assert roof_area_m2(footprint, params) == pytest.approx(720 * 1.1, rel=REL)
    assert facade_area_m2(footprint, 6, params) == pytest.approx(144 * 6 * 3.0 * 0.8, rel=REL)


def test_parameters_come_from_the_planner_settings():
    settings = PlannerSettings(
        storey_height_m=3.1,
        window_ratio=0.25,
        roof_upturn_ratio=0.0,
        estimate_deviation_threshold=0.4,
    )
    assert EstimateParameters.from_settings(settings) == EstimateParameters(3.1, 0.25, 0.0, 0.4)
    footprint = slab_lonlat(60, 12)
    params = EstimateParameters.from_settings(settings)
    assert roof_area_m2(footprint, params) == pytest.approx(720, rel=REL)


@pytest.mark.parametrize(
    "overrides",
    [
        {"storey_height_m": 0},
        {"window_ratio": 1.0},
        {"window_ratio": -0.1},
        {"roof_upturn_ratio": 1.5},
        {"deviation_threshold": 0},
    ],
)
def test_impossible_parameters_are_refused(overrides):
    values = {
        "storey_height_m": 2.9,
        "window_ratio": 0.3,
        "roof_upturn_ratio": 0.05,
        "deviation_threshold": 0.25,
    } | overrides
    with pytest.raises(ValueError):
        EstimateParameters(**values)


def test_a_footprint_in_metres_is_refused_not_measured():
    x, y = JIAYUGUAN.x, JIAYUGUAN.y
    with pytest.raises(ValueError, match="lon/lat"):
        roof_area_m2(box(x, y, x + 60, y + 12), DEFAULTS)


def test_a_line_is_not_a_footprint():
    with pytest.raises(ValueError, match="polygon"):
        estimate_building(slab_lonlat(60, 12).exterior, 6, DEFAULTS)


def test_no_floors_means_no_facade_and_negative_floors_are_refused():
    assert facade_area_m2(slab_lonlat(60, 12), 0, DEFAULTS) == 0
    with pytest.raises(ValueError):
        estimate_building(slab_lonlat(60, 12), -1, DEFAULTS)


@pytest.mark.parametrize(
    ("entered", "flagged"),
    [
        (100.0, False),
        (125.0, False),  # exactly at +25 %: accepted
        (75.0, False),  # exactly at −25 %: accepted
        (125.01, True),
        (74.99, True),
        (300.0, True),
        (0.0, True),  # nothing entered where 100 is expected
    ],
)
def test_deviation_is_flagged_only_beyond_the_threshold(entered, flagged):
    deviation = compare(entered, 100.0, 0.25)
    assert deviation.flagged is flagged
    assert deviation.relative == pytest.approx((entered - 100) / 100)
    assert (deviation.entered, deviation.estimated) == (entered, 100.0)


def test_deviation_is_signed():
    assert compare(80, 100, 0.25).relative == pytest.approx(-0.2)
    assert compare(120, 100, 0.25).relative == pytest.approx(0.2)


def test_a_zero_estimate_has_no_ratio_and_flags_only_something_entered():
    nothing = compare(0, 0, 0.25)
    assert nothing.relative is None and not nothing.flagged
    something = compare(12, 0, 0.25)
    assert something.relative is None and something.flagged


def test_a_negative_estimate_or_threshold_is_refused():
    with pytest.raises(ValueError):
        compare(10, -1, 0.25)
    with pytest.raises(ValueError):
        compare(10, 10, -0.1)


def test_docstring_examples_hold():
    assert doctest.testmod(estimates).failed == 0
