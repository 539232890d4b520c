"""Tests of the illustrative Jiayuguan sample (geodata/sample/) and its builder."""

from __future__ import annotations

import csv
import doctest
import itertools
import json
import math
from datetime import date
from fractions import Fraction

import pytest
import shapely
from shapely.geometry import Point, shape

from geodata.boundary import city_outline_geometry
from geodata.crs import to_metric
from geodata.sample import builder as sample_builder
from planner.catalogue import PIPE_SIZES, SCOPE_BY_KEY, AppliesTo
from tests.report_figures import REPORT_2023 as REPORT_FIGURES_2023

SAMPLE_DIR = sample_builder.SAMPLE_DIR
SAMPLE_FILES = (
    "programmes.csv",
    "sites.geojson",
    "buildings.geojson",
    "work_items.csv",
    "README.md",
)
CENTRE = Point(98.289, 39.772)

# Figures of the 2023 report, from the tests' own copy (not the builder's) so the test checks it.
REPORT_2023 = REPORT_FIGURES_2023["completed"]

SITE_PROPERTIES = {
    "key",
    "programme_key",
    "kind",
    "name_zh",
    "name_en",
    "sub_district",
    "community",
    "year_built",
    "households",
    "status",
    "illustrative",
}
BUILDING_PROPERTIES = {
    "site_key",
    "number",
    "floors",
    "units",
    "households",
    "year_built",
    "flats_per_landing",
    "roof",
}
WORK_ITEM_COLUMNS = [
    "programme_key",
    "site_key",
    "building_number",
    "scope_key",
    "planned_quantity",
    "completed_quantity",
    "unit_rate",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "contractor",
    "note",
    "pipe_dn",
]
STATUSES = {"planned", "in_progress", "completed"}


# --- Fixtures ---------------------------------------------------------------------------------


def _read_csv(name):
    """Rows of a committed CSV file as dicts (plus the header)."""
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def sites():
    """Features of the committed sites.geojson."""
    return json.loads((SAMPLE_DIR / "sites.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def buildings():
    """Features of the committed buildings.geojson."""
    path = SAMPLE_DIR / "buildings.geojson"
    return json.loads(path.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def items():
    """Rows of the committed work_items.csv."""
    return _read_csv("work_items.csv")[1]


@pytest.fixture(scope="module")
def compounds_2023(sites):
    """The 2023 compound features."""
    return [f for f in sites if f["properties"]["programme_key"] == "p2023"]


@pytest.fixture(scope="module")
def site_metric(sites):
    """Site key -> geometry in EPSG:4542 metres."""
    return {f["properties"]["key"]: to_metric(shape(f["geometry"])) for f in sites}


@pytest.fixture(scope="module")
def building_metric(buildings):
    """(site key, number) -> footprint in EPSG:4542 metres."""
    return {
        (f["properties"]["site_key"], f["properties"]["number"]): to_metric(shape(f["geometry"]))
        for f in buildings
    }


def _site(sites, key):
    """The site feature with ``key``."""
    return next(f for f in sites if f["properties"]["key"] == key)


def _by_site(buildings, key):
    """Building features of one site."""
    return [f for f in buildings if f["properties"]["site_key"] == key]


def _sum(items, programme, scope, column="planned_quantity"):
    """Sum of an integer column over one programme's items of one scope."""
    return sum(
        int(r[column]) for r in items if r["programme_key"] == programme and r["scope_key"] == scope
    )


# --- The builder ------------------------------------------------------------------------------


def test_committed_files_regenerate_byte_identically(tmp_path):
    written = sample_builder.write_sample(tmp_path)
    assert sorted(p.name for p in written) == sorted(SAMPLE_FILES)
    for name in SAMPLE_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_main_writes_into_out_dir(tmp_path):
    assert sample_builder.main(["--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "sites.geojson").is_file()


def test_apportion_sums_exactly_and_follows_largest_remainder():
    assert sample_builder.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sample_builder.apportion(7, [0.5, 0.3, 0.2]) == [4, 2, 1]
    shares = sample_builder.apportion(143_500, [720.3, 655.1, 801.9, 0.0])
    assert sum(shares) == 143_500
    assert shares[3] == 0


def test_docstring_examples():
    assert doctest.testmod(sample_builder).failed == 0


def test_apportion_rejects_bad_weights():
    with pytest.raises(ValueError):
        sample_builder.apportion(10, [0, 0])
    with pytest.raises(ValueError):
        sample_builder.apportion(10, [1, -1])


# --- File formats -----------------------------------------------------------------------------


def test_programmes_csv():
    header, rows = _read_csv("programmes.csv")
    assert header == ["key", "year", "kind", "name_zh", "name_en", "illustrative"]
    assert [(r["key"], r["year"], r["kind"]) for r in rows] == [
        ("p2023", "2023", "compound_renovation"),
        ("p2023_xinhua", "2023", "linear_works"),
        ("p2023_xiyu", "2023", "special_remediation"),
        ("p2024", "2024", "compound_renovation"),
    ]
    assert rows[1]["name_zh"] == "新华路管网改造提升工程"
    assert rows[2]["name_en"] == "Xiyu Garden special remediation"
    assert {r["illustrative"] for r in rows} == {"1"}


def test_site_properties_are_exactly_the_agreed_ones(sites):
    for f in sites:
        p = f["properties"]
        assert set(p) == SITE_PROPERTIES, p["key"]
        assert p["illustrative"] is True
        assert p["status"] in STATUSES
        expected_type = "Polygon" if p["kind"] == "compound" else "LineString"
        assert p["kind"] in ("compound", "linear")
        assert f["geometry"]["type"] == expected_type


def test_building_properties_are_exactly_the_agreed_ones(buildings):
    for f in buildings:
        p = f["properties"]
        assert set(p) == BUILDING_PROPERTIES
        assert f["geometry"]["type"] == "Polygon"
        assert isinstance(p["number"], str)
        assert all(isinstance(p[k], int) for k in ("floors", "units", "households", "year_built"))
        assert p["roof"] in ("flat", "pitched")


def test_building_numbers_run_from_one_per_site(sites, buildings):
    for f in sites:
        key = f["properties"]["key"]
        numbers = [b["properties"]["number"] for b in _by_site(buildings, key)]
        assert numbers == [str(i) for i in range(1, len(numbers) + 1)], key


def test_work_items_columns_and_values(items):
    header, _ = _read_csv("work_items.csv")
    assert header == WORK_ITEM_COLUMNS
    for r in items:
        assert r["planned_quantity"].isdigit() and r["completed_quantity"].isdigit()
        assert float(r["unit_rate"]) > 0
        assert r["status"] in STATUSES
        scope = SCOPE_BY_KEY[r["scope_key"]]
        at_building = scope.applies_to is AppliesTo.BUILDING
        assert bool(r["building_number"]) == at_building, r
        for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
            if r[column]:
                date.fromisoformat(r[column])
        assert r["contractor"].startswith("示例施工单位")
        # A pipe carries its DN, one of its scope type's sizes; nothing else carries one.
        if r["scope_key"] in PIPE_SIZES:
            assert int(r["pipe_dn"]) in PIPE_SIZES[r["scope_key"]], r
        else:
            assert r["pipe_dn"] == "", r


def test_work_items_refer_to_existing_sites_and_buildings(items, sites, buildings):
    site_programme = {f["properties"]["key"]: f["properties"]["programme_key"] for f in sites}
    building_keys = {(b["properties"]["site_key"], b["properties"]["number"]) for b in buildings}
    for r in items:
        assert site_programme[r["site_key"]] == r["programme_key"]
        if r["building_number"]:
            assert (r["site_key"], r["building_number"]) in building_keys


def test_item_status_matches_quantities_and_dates(items):
    for r in items:
        planned, done = int(r["planned_quantity"]), int(r["completed_quantity"])
        assert 0 <= done <= planned
        if r["status"] == "completed":
            assert done == planned and r["actual_start"] and r["actual_end"]
        elif r["status"] == "in_progress":
            assert done < planned and r["actual_start"] and not r["actual_end"]
        else:
            assert done == 0 and not r["actual_start"] and not r["actual_end"]
        assert r["planned_start"] <= r["planned_end"]
        if r["actual_end"]:
            assert r["actual_start"] <= r["actual_end"]


def test_geojson_coordinates_have_at_most_six_decimals_and_ccw_shells(sites, buildings):
    for f in [*sites, *buildings]:
        geom = shape(f["geometry"])
        coords = shapely.get_coordinates(geom)
        assert (coords.round(6) == coords).all()
        if geom.geom_type == "Polygon":
            assert geom.is_valid
            assert geom.exterior.is_ccw


# --- Figures of the 2023 report ---------------------------------------------------------------


def test_2023_counts_equal_the_report(compounds_2023, buildings):
    keys = {f["properties"]["key"] for f in compounds_2023}
    assert len(keys) == 19
    in_2023 = [b for b in buildings if b["properties"]["site_key"] in keys]
    assert len(in_2023) == 179
    assert sum(b["properties"]["households"] for b in in_2023) == 6_757
    assert sum(f["properties"]["households"] for f in compounds_2023) == 6_757
    assert {f["properties"]["status"] for f in compounds_2023} == {"completed"}


def test_site_households_are_the_sum_of_their_buildings(sites, buildings):
    for f in sites:
        p = f["properties"]
        if p["kind"] == "compound":
            assert p["households"] == sum(
                b["properties"]["households"] for b in _by_site(buildings, p["key"])
            )
        else:
            assert p["households"] is None


@pytest.mark.parametrize("scope", sorted(REPORT_2023))
def test_2023_quantities_equal_the_report(items, scope):
    assert _sum(items, "p2023", scope) == REPORT_2023[scope]
    assert _sum(items, "p2023", scope, "completed_quantity") == REPORT_2023[scope]


def test_2023_building_works_cover_every_building(items, compounds_2023, buildings):
    keys = {f["properties"]["key"] for f in compounds_2023}
    expected = {
        (b["properties"]["site_key"], b["properties"]["number"])
        for b in buildings
        if b["properties"]["site_key"] in keys
    }
    for scope in ("roof_waterproofing", "wall_insulation", "facade_paint"):
        got = [
            (r["site_key"], r["building_number"])
            for r in items
            if r["programme_key"] == "p2023" and r["scope_key"] == scope
        ]
        assert sorted(got) == sorted(expected), scope


def test_2023_site_works_for_every_compound(items, compounds_2023):
    for f in compounds_2023:
        key = f["properties"]["key"]
        scopes = {
            r["scope_key"] for r in items if r["site_key"] == key and not r["building_number"]
        }
        assert {"water_supply_main", "drainage_main", "heating_main", "parking_spaces"} <= scopes


def test_guanghui_is_the_largest_and_anhuan_south_is_present(compounds_2023, buildings):
    guanghui = _site(compounds_2023, "c2023_01")["properties"]
    assert guanghui["name_zh"] == "广汇小区"
    assert _site(compounds_2023, "c2023_02")["properties"]["name_zh"] == "安环南小区"
    n_guanghui = len(_by_site(buildings, "c2023_01"))
    for f in compounds_2023:
        p = f["properties"]
        if p["key"] != "c2023_01":
            assert len(_by_site(buildings, p["key"])) < n_guanghui
            assert p["households"] < guanghui["households"]


def test_other_2023_compounds_are_named_as_samples(compounds_2023):
    for f in compounds_2023[2:]:
        p = f["properties"]
        assert p["name_zh"].startswith("示例小区") and p["name_zh"].endswith("（样例）")
        assert p["name_en"].endswith("(sample)")


def test_compound_attributes_are_plausible(sites):
    for f in sites:
        p = f["properties"]
        if p["kind"] != "compound":
            continue
        assert p["sub_district"] in ("雄关街道", "钢城街道")
        assert p["community"]
        if p["programme_key"] in ("p2023", "p2024"):
            assert 1985 <= p["year_built"] <= 2000


def test_street_lights_only_in_guanghui(items):
    lights = [r for r in items if r["scope_key"] == "street_lights"]
    assert len(lights) == 1
    assert lights[0]["site_key"] == "c2023_01"
    assert lights[0]["status"] == "completed"
    assert "residents" in lights[0]["note"]


def test_2023_compound_works_lie_in_the_2023_season(items):
    for r in items:
        if r["programme_key"] == "p2023":
            for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
                assert "2023-04-01" <= r[column] <= "2023-10-25", r  # before 冬期施工


def test_heating_main_works_avoid_the_heating_season(items):
    heating = [r for r in items if r["scope_key"] == "heating_main"]
    assert len(heating) == 19
    for r in heating:
        for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
            day = date.fromisoformat(r[column])
            # The heating season runs 15 October - 15 April; the works end 15 days before it
            # (pressure tests and flushing).
            assert date(day.year, 4, 15) < day < date(day.year, 9, 30), r


# --- Geometry rules ---------------------------------------------------------------------------


def test_buildings_lie_within_their_compound(buildings, site_metric, building_metric):
    for (site_key, number), footprint in building_metric.items():
        assert site_metric[site_key].contains(footprint), (site_key, number)


def test_buildings_do_not_overlap_and_are_20_m_apart(building_metric):
    footprints = list(building_metric.values())
    tree = shapely.STRtree(footprints)
    for i, j in zip(*tree.query(footprints, predicate="dwithin", distance=20.0), strict=True):
        assert i == j, "two buildings closer than 20 m"


def test_footprints_are_slabs_of_12_to_16_m_units_by_11_13_m(building_metric, buildings):
    properties = {
        (f["properties"]["site_key"], f["properties"]["number"]): f["properties"] for f in buildings
    }
    for key, footprint in building_metric.items():
        p = properties[key]
        rect = shapely.minimum_rotated_rectangle(footprint)
        (x0, y0), (x1, y1), (x2, y2) = list(rect.exterior.coords)[:3]
        short, long_ = sorted((math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x1, y2 - y1)))
        assert 12.0 <= long_ / p["units"] <= 16.0, key  # one 单元 is 12-16 m wide
        assert 11.0 <= short <= 13.0
    for f in buildings:
        p = f["properties"]
        assert 5 <= p["floors"] <= 7
        assert 2 <= p["units"] <= 5
        assert p["flats_per_landing"] in (2, 3)  # 一梯两户 or 一梯三户
        nominal = p["units"] * p["floors"] * p["flats_per_landing"]
        assert abs(p["households"] - nominal) <= 2


def test_buildings_are_mostly_5_and_6_storey_walk_ups_with_50_to_95_m2_a_household(
    buildings, building_metric
):
    in_2023 = [
        f["properties"] for f in buildings if f["properties"]["site_key"].startswith("c2023")
    ]
    assert len(in_2023) == 179
    seven = sum(1 for p in in_2023 if p["floors"] == 7)
    assert seven / len(in_2023) <= 0.10  # a lift is required from 7 storeys: rare
    assert sum(1 for p in in_2023 if p["floors"] in (5, 6)) / len(in_2023) >= 0.9
    floor_area = sum(
        building_metric[(p["site_key"], p["number"])].area * p["floors"] for p in in_2023
    )
    households = sum(p["households"] for p in in_2023)
    assert households == 6_757
    assert 50.0 <= floor_area / households <= 95.0
    for p in in_2023:  # and no building far outside 50-90 m² a household
        per_household = building_metric[(p["site_key"], p["number"])].area * p["floors"]
        assert 50.0 <= per_household / p["households"] <= 95.0
    roofs = {p["roof"] for p in in_2023}
    assert roofs == {"flat", "pitched"}


def test_buildings_of_a_compound_share_its_orientation(sites, building_metric):
    def angle(geom):
        rect = shapely.minimum_rotated_rectangle(geom)
        c = list(rect.exterior.coords)
        edges = [(c[i], c[i + 1]) for i in range(2)]
        (xa, ya), (xb, yb) = max(edges, key=lambda e: math.dist(*e))
        return math.degrees(math.atan2(yb - ya, xb - xa)) % 180

    for f in sites:
        key = f["properties"]["key"]
        angles = [a for (s, _), g in building_metric.items() if s == key for a in [angle(g)]]
        if angles:
            spread = max(min(abs(a - b), 180 - abs(a - b)) for a in angles for b in angles)
            assert spread < 0.5, key


def test_compounds_are_city_blocks_near_the_centre(sites, site_metric):
    centre = to_metric(CENTRE)
    for f in sites:
        if f["properties"]["kind"] != "compound":
            continue
        geom = site_metric[f["properties"]["key"]]
        rect = shapely.minimum_rotated_rectangle(geom)
        c = list(rect.exterior.coords)
        sides = [math.dist(c[0], c[1]), math.dist(c[1], c[2])]
        assert all(150.0 <= s <= 450.0 for s in sides), f["properties"]["key"]
        assert centre.hausdorff_distance(geom) <= 4000.0


def test_compounds_do_not_overlap_each_other_or_xinhua_road(sites, site_metric):
    road = site_metric["xinhua_road"]
    blocks = [
        site_metric[f["properties"]["key"]] for f in sites if f["properties"]["kind"] == "compound"
    ]
    for block in blocks:
        assert not block.intersects(road)
    for a, b in itertools.combinations(blocks, 2):
        assert not a.intersects(b)


def test_everything_lies_inside_the_city_outline(sites, buildings):
    city = city_outline_geometry()
    for f in [*sites, *buildings]:
        assert city.contains(shape(f["geometry"]))


# --- Xinhua Road, Xiyu Garden, 2024 -----------------------------------------------------------


def test_xinhua_road_is_14540_m_long(sites, site_metric):
    p = _site(sites, "xinhua_road")["properties"]
    assert (p["programme_key"], p["kind"], p["name_zh"], p["status"]) == (
        "p2023_xinhua",
        "linear",
        "新华路",
        "in_progress",
    )
    assert site_metric["xinhua_road"].length == pytest.approx(14_540.0, abs=1.0)


def test_xinhua_road_runs_north_south_through_the_centre(site_metric):
    road = site_metric["xinhua_road"]
    min_x, min_y, max_x, max_y = road.bounds
    assert max_y - min_y > 10 * (max_x - min_x)
    assert road.distance(to_metric(CENTRE)) < 1.0


def test_xinhua_cost_weighted_progress_is_90_percent(items):
    rows = [r for r in items if r["programme_key"] == "p2023_xinhua"]
    done = sum(
        min(int(r["completed_quantity"]), int(r["planned_quantity"])) * Fraction(r["unit_rate"])
        for r in rows
    )
    planned = sum(int(r["planned_quantity"]) * Fraction(r["unit_rate"]) for r in rows)
    assert float(done / planned) == pytest.approx(0.90, abs=0.005)


def test_xinhua_works_and_open_items(items):
    rows = {r["scope_key"]: r for r in items if r["programme_key"] == "p2023_xinhua"}
    assert set(rows) == {
        "storm_drain",
        "greening_water_supply",
        "pavement_restoration",
        "traffic_facilities",
        "rainwater_pump_station",
        "replanting",
    }
    for key in ("storm_drain", "greening_water_supply"):
        assert rows[key]["planned_start"].startswith("2023-05")
    pump, replant = rows["rainwater_pump_station"], rows["replanting"]
    assert (pump["planned_quantity"], pump["completed_quantity"]) == ("1", "0")
    assert pump["planned_end"] == replant["planned_end"] == "2024-05-31"
    assert pump["status"] == replant["status"] == "in_progress"
    assert 0 < int(replant["completed_quantity"]) < int(replant["planned_quantity"])


def test_xiyu_garden_site_and_items(sites, buildings, items):
    p = _site(sites, "xiyu_garden")["properties"]
    assert (p["programme_key"], p["name_zh"], p["year_built"]) == ("p2023_xiyu", "西域花园", 2002)
    assert (p["community"], p["sub_district"], p["status"]) == (
        "雄关社区",
        "雄关街道",
        "in_progress",
    )
    assert 6 <= len(_by_site(buildings, "xiyu_garden")) <= 10
    rows = {r["scope_key"]: r for r in items if r["programme_key"] == "p2023_xiyu"}
    assert {k: int(r["completed_quantity"]) for k, r in rows.items()} == {
        "parking_spaces": 44,
        "signs": 19,
        "illegal_structure_demolition": 10,
        "boiler_room_demolition": 1,
        "concrete_road": 6,
        "debris_removal": 120,
    }
    for r in rows.values():
        assert r["status"] == "completed"
        assert "2023-11-01" <= r["planned_start"] and r["actual_end"] <= "2023-12-31"


def test_2024_has_six_buildings_and_open_works(sites, buildings, items):
    compounds = [f["properties"] for f in sites if f["properties"]["programme_key"] == "p2024"]
    assert len(compounds) == 2
    assert sorted(p["status"] for p in compounds) == ["in_progress", "planned"]
    keys = {p["key"] for p in compounds}
    assert len([b for b in buildings if b["properties"]["site_key"] in keys]) == 6
    rows = [r for r in items if r["programme_key"] == "p2024"]
    assert len(rows) == 6 * 3
    assert all(r["planned_start"].startswith("2024") for r in rows)
    statuses = {r["status"] for r in rows}
    assert statuses == {"in_progress", "planned"}
    assert any(0 < int(r["completed_quantity"]) < int(r["planned_quantity"]) for r in rows)


def test_rates_come_from_the_price_list_where_one_exists(items):
    expected = {
        "roof_waterproofing": "52.56",
        "wall_insulation": "71.03",
        "facade_paint": "39.00",
        "pavement_restoration": "81.94",
    }
    for r in items:
        if r["scope_key"] in expected:
            assert r["unit_rate"] == expected[r["scope_key"]]


def test_readme_lists_every_rate_with_a_source(items):
    readme = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    assert "illustrative" in readme.lower()
    assert str(sample_builder.SEED) in readme
    for scope in {r["scope_key"] for r in items}:
        assert f"| `{scope}` |" in readme, scope
