"""Tests of the folium map builders: offline assets only, escaping, styling, click reading."""

from __future__ import annotations

import copy
import html
import json
import math
import os
import re
import shutil
import subprocess

import folium
import pytest

from maps.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from maps.drawing import (
    BUILDING_CLASS,
    BUILDING_HIGHLIGHT_CLASS,
    PROGRESS_PALETTE,
    BuildingMapFeature,
    SiteMapFeature,
    add_buildings,
    add_city_outline,
    add_sites,
    clicked_building_id,
    clicked_site_id,
    offline_map,
    progress_color,
    progress_legend,
)

HOSTILE = "<img src=x onerror=alert(1)>"
CENTER = (98.29, 39.80)  # lon, lat


def square(lon: float, lat: float, size: float = 0.004) -> dict:
    """A lon/lat square polygon with its south-west corner at (lon, lat)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_sites() -> list[SiteMapFeature]:
    return [
        SiteMapFeature(1, HOSTILE, "compound", "planned", 0.0, square(98.28, 39.79)),
        SiteMapFeature(2, "新华小区", "compound", "in_progress", 0.5, square(98.29, 39.80)),
        SiteMapFeature(3, "Park & Court", "compound", "done", 1.0, square(98.30, 39.81)),
        SiteMapFeature(
            4,
            "新华路",
            "linear",
            "in_progress",
            0.65,
            {"type": "LineString", "coordinates": [[98.28, 39.785], [98.31, 39.785]]},
        ),
    ]


def make_buildings() -> list[BuildingMapFeature]:
    return [
        BuildingMapFeature(10, 2, "1号楼", square(98.2905, 39.8005, 0.001)),
        BuildingMapFeature(11, 2, "2号楼", square(98.2920, 39.8005, 0.001)),
        BuildingMapFeature(12, 3, HOSTILE, square(98.3005, 39.8105, 0.001)),
    ]


OUTLINE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "嘉峪关市"},
            "bbox": [98.2, 39.7, 98.4, 39.9],
            "geometry": square(98.2, 39.7, 0.2),
        }
    ],
}


def full_map(lang: str = "zh") -> folium.Map:
    m = offline_map(CENTER, 14)
    add_city_outline(m, OUTLINE, "Boundary © <b>test</b>")
    add_sites(m, make_sites(), lang)
    add_buildings(m, make_buildings(), highlight_site_id=2)
    return m


def geojson_layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {
        child.layer_name: child
        for child in m._children.values()
        if isinstance(child, folium.GeoJson)
    }


# --- offline map and assets -------------------------------------------------------------------


def test_offline_map_loads_only_local_leaflet():
    m = offline_map(CENTER, 13)
    assert m.default_js == [("leaflet", LEAFLET_JS_URL)]
    assert m.default_css == [("leaflet_css", LEAFLET_CSS_URL)]
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())
    assert m.location == [CENTER[1], CENTER[0]]
    assert m.options["zoom"] == 13


def test_offline_map_does_not_change_folium_defaults():
    offline_map(CENTER, 13)
    # The override is per instance: a plain folium map still has its own (CDN) list.
    assert folium.Map(tiles=None).default_js != [("leaflet", LEAFLET_JS_URL)]


def test_rendered_map_has_no_remote_links():
    page = full_map().get_root().render()
    assert "http://" not in page
    assert "https://" not in page
    assert "//" not in re.sub(r"(?s)<script>.*?</script>", "", page).replace("http-equiv", "")
    assert re.findall(r'<script src="([^"]*)"', page) == [LEAFLET_JS_URL]
    assert re.findall(r'<link rel="stylesheet" href="([^"]*)"', page) == [LEAFLET_CSS_URL]
    for library in ("jquery", "bootstrap", "awesome", "fontawesome", "tile", "$.ajax"):
        assert library not in page.lower(), library


def test_st_folium_sends_only_local_links():
    """What st_folium hands to its iframe (it gathers default_js/css of every element)."""
    from streamlit.testing.v1 import AppTest

    def app():
        from streamlit_folium import st_folium

        from maps.drawing import (
            BuildingMapFeature,
            SiteMapFeature,
            add_buildings,
            add_city_outline,
            add_sites,
            offline_map,
        )

        ring = [[98.29, 39.8], [98.3, 39.8], [98.3, 39.81], [98.29, 39.8]]
        geometry = {"type": "Polygon", "coordinates": [ring]}
        m = offline_map((98.29, 39.8), 13)
        add_city_outline(m, geometry, "test")
        add_sites(m, [SiteMapFeature(7, "x", "compound", "planned", 0.3, geometry)], "en")
        add_buildings(m, [BuildingMapFeature(8, 7, "b", geometry)])
        st_folium(m, key="map", returned_objects=["last_active_drawing"])

    at = AppTest.from_function(app).run(timeout=30)
    assert not at.exception
    (component,) = [e for e in at.main if getattr(e, "type", None) == "component_instance"]
    args = json.loads(component.proto.json_args)
    assert args["js_links"] == [LEAFLET_JS_URL]
    assert args["css_links"] == [LEAFLET_CSS_URL]
    assert args["default"] == {"last_active_drawing": None}
    assert "http://" not in args["script"] + args["header"] + args["html"]
    assert "https://" not in args["script"] + args["header"] + args["html"]
    assert args["script"].count('"kind": "compound"') == 1


# --- sites --------------------------------------------------------------------------------------


def test_sites_are_one_layer_with_minimal_properties():
    m = full_map()
    layers = geojson_layers(m)
    assert set(layers) == {"city_outline", "sites", "buildings"}
    features = layers["sites"].data["features"]
    assert len(features) == 4
    assert [f["properties"]["kind"] for f in features] == ["compound"] * 3 + ["linear"]
    first = features[0]
    assert first["id"] == 1
    assert first["properties"] == {
        "id": 1,
        "kind": "compound",
        "status": "planned",
        "progress_pct": 0,
        "name": html.escape(HOSTILE),
    }
    assert [f["properties"]["progress_pct"] for f in features] == [0, 50, 100, 65]
    assert all(isinstance(f["properties"]["id"], int) for f in features)


def test_feature_counts_in_rendered_html():
    page = full_map().get_root().render()
    assert page.count('"kind": "compound"') == 3
    assert page.count('"kind": "linear"') == 1
    assert page.count('"kind": "building"') == 3
    # folium switches on the integer feature id: no string ids.
    assert "case 1:" in page or "case 1: " in page
    assert 'case "1"' not in page


def test_hostile_name_only_escaped():
    page = full_map().get_root().render()
    assert "<img" not in page
    assert HOSTILE not in page
    assert "onerror" in page  # it is there, but only in escaped form:
    escaped_in_json = json.dumps(html.escape(HOSTILE)).replace("&", "\\u0026")
    assert page.count("onerror") == page.count(escaped_in_json.strip('"'))
    # "&" in a name is escaped too.
    assert "Park \\u0026amp; Court" in page


def test_site_paths_get_css_class_and_progress_colours():
    layer = geojson_layers(full_map())["sites"]
    styles = [layer.style_function(f) for f in layer.data["features"]]
    assert [s["className"] for s in styles] == ["site-compound"] * 3 + ["site-linear"]
    assert [s["fillColor"] for s in styles[:3]] == [
        PROGRESS_PALETTE[0],
        PROGRESS_PALETTE[2],
        PROGRESS_PALETTE[4],
    ]
    assert styles[3]["color"] == PROGRESS_PALETTE[3]
    page = full_map().get_root().render()
    assert '"className": "site-compound"' in page
    assert '"className": "site-linear"' in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", ["名称", "进度 (%)"]), ("en", ["Name", "Progress (%)"])],
)
def test_tooltip_language(lang, expected):
    layer = geojson_layers(full_map(lang))["sites"]
    (tooltip,) = [c for c in layer._children.values() if isinstance(c, folium.GeoJsonTooltip)]
    assert tooltip.fields == ["name", "progress_pct"]
    assert tooltip.aliases == expected


def test_legend_is_on_the_map_and_escaped():
    zh = full_map("zh").get_root().render()
    en = full_map("en").get_root().render()
    assert "progress-legend" in zh
    assert json.dumps("改造进度").strip('"') in zh  # tojson writes \\uXXXX escapes
    assert "Renovation progress" in en
    for colour in PROGRESS_PALETTE:
        assert colour in zh
    # The legend HTML travels as an escaped JavaScript string.
    assert "\\u003cdiv" in zh


def test_coordinates_rounded_and_input_untouched():
    geometry = {
        "type": "Polygon",
        "coordinates": [[[98.1234567891, 39.1], [98.2, 39.2], [98.3, 39.1]]],
    }
    before = copy.deepcopy(geometry)
    m = offline_map(CENTER, 13)
    add_sites(m, [SiteMapFeature(5, "a", "compound", "planned", 0.2, geometry)], "en")
    feature = geojson_layers(m)["sites"].data["features"][0]
    assert feature["geometry"]["coordinates"][0][0] == [98.123457, 39.1]
    assert geometry == before


def test_empty_sites_add_only_the_legend():
    m = offline_map(CENTER, 13)
    assert add_sites(m, [], "zh") is None
    page = m.get_root().render()
    assert "progress-legend" in page
    assert "site-compound" not in page


@pytest.mark.parametrize(
    ("sites", "error"),
    [
        ([SiteMapFeature(1, "a", "park", "x", 0.1, square(98.2, 39.8))], ValueError),
        (
            [
                SiteMapFeature(1, "a", "compound", "x", 0.1, square(98.2, 39.8)),
                SiteMapFeature(1, "b", "compound", "x", 0.1, square(98.3, 39.8)),
            ],
            ValueError,
        ),
        ([SiteMapFeature(True, "a", "compound", "x", 0.1, square(98.2, 39.8))], TypeError),
        ([SiteMapFeature("1", "a", "compound", "x", 0.1, square(98.2, 39.8))], TypeError),
        ([SiteMapFeature(1, "a", "compound", "x", math.nan, square(98.2, 39.8))], ValueError),
        ([SiteMapFeature(1, "a", "compound", "x", 0.1, {"type": "Polygon"})], ValueError),
    ],
)
def test_add_sites_rejects_bad_input(sites, error):
    with pytest.raises(error):
        add_sites(offline_map(CENTER, 13), sites, "zh")


def test_add_sites_rejects_unknown_language():
    with pytest.raises(ValueError):
        add_sites(offline_map(CENTER, 13), make_sites(), "fr")


# --- outline and buildings ----------------------------------------------------------------------


def test_city_outline_thin_grey_not_interactive_with_escaped_attribution():
    before = copy.deepcopy(OUTLINE)
    m = offline_map(CENTER, 13)
    layer = add_city_outline(m, OUTLINE, "Boundary © <b>test</b>")
    assert OUTLINE == before  # folium would add ids to the caller's features otherwise
    assert layer.options["interactive"] is False
    assert layer.options["attribution"] == "Boundary © &lt;b&gt;test&lt;/b&gt;"
    (feature,) = layer.data["features"]
    assert feature["properties"] == {}
    assert "bbox" not in feature
    style = layer.style_function(feature)
    assert style["weight"] <= 1
    assert style["fill"] is False
    page = m.get_root().render()
    assert "<b>" not in page


@pytest.mark.parametrize(
    "outline",
    [
        square(98.2, 39.7, 0.2),
        {"type": "Feature", "properties": None, "geometry": square(98.2, 39.7, 0.2)},
        {
            "type": "MultiPolygon",
            "coordinates": [square(98.2, 39.7)["coordinates"], square(98.3, 39.7)["coordinates"]],
        },
    ],
)
def test_city_outline_accepts_geometry_feature_or_collection(outline):
    layer = add_city_outline(offline_map(CENTER, 13), outline, "x")
    assert len(layer.data["features"]) == 1


def test_buildings_one_layer_with_class_and_highlight():
    layer = geojson_layers(full_map())["buildings"]
    features = layer.data["features"]
    assert [f["properties"]["id"] for f in features] == [10, 11, 12]
    assert {f["properties"]["kind"] for f in features} == {"building"}
    assert features[2]["properties"]["label"] == html.escape(HOSTILE)
    classes = [layer.style_function(f)["className"] for f in features]
    assert classes == [
        f"{BUILDING_CLASS} {BUILDING_HIGHLIGHT_CLASS}",
        f"{BUILDING_CLASS} {BUILDING_HIGHLIGHT_CLASS}",
        BUILDING_CLASS,
    ]


def test_buildings_without_highlight_and_empty():
    m = offline_map(CENTER, 13)
    layer = add_buildings(m, make_buildings())
    assert {layer.style_function(f)["className"] for f in layer.data["features"]} == {
        BUILDING_CLASS
    }
    assert add_buildings(offline_map(CENTER, 13), []) is None


# --- palette and legend -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "step"),
    [
        (0.0, 0),
        (0.19, 0),
        (0.194, 0),
        (0.195, 1),  # shown as 20 %: coloured like 20 %
        (0.2, 1),
        (0.39, 1),
        (0.4, 2),
        (0.5, 2),
        (0.6, 3),
        (0.79, 3),
        (0.8, 4),
        (1.0, 4),
        (-0.3, 0),
        (1.7, 4),
    ],
)
def test_progress_color_steps(progress, step):
    assert progress_color(progress) == PROGRESS_PALETTE[step]


def test_progress_color_rejects_nan():
    with pytest.raises(ValueError):
        progress_color(math.nan)


def test_palette_goes_from_red_to_green():
    assert len(PROGRESS_PALETTE) == 5
    red, green = PROGRESS_PALETTE[0], PROGRESS_PALETTE[-1]
    assert int(red[1:3], 16) > int(red[3:5], 16)
    assert int(green[3:5], 16) > int(green[1:3], 16)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_legend(lang):
    legend = progress_legend(lang)
    assert [colour for _label, colour in legend] == list(PROGRESS_PALETTE)
    assert legend[0][0] == "0–19%"
    assert legend[-1][0] == "80–100%"
    # Each label's lower bound gets its own colour.
    for label, colour in legend:
        low = int(label.split("–")[0])
        assert progress_color(low / 100) == colour


def test_progress_legend_rejects_unknown_language():
    with pytest.raises(ValueError):
        progress_legend("de")


# --- reading the click --------------------------------------------------------------------------

# Exactly what st_folium(..., returned_objects=["last_active_drawing"]) returned in Chromium
# after a click on a compound (tests/browser/test_offline_map.py checks this shape live):
# Leaflet's layer.toGeoJSON() of the clicked path, i.e. our feature with its properties.
SITE_CLICK = {
    "last_active_drawing": {
        "geometry": {
            "coordinates": [
                [
                    [98.282, 39.798],
                    [98.286, 39.798],
                    [98.286, 39.802],
                    [98.282, 39.802],
                    [98.282, 39.798],
                ]
            ],
            "type": "Polygon",
        },
        "id": 101,
        "properties": {
            "id": 101,
            "kind": "compound",
            "name": "&lt;img src=x onerror=alert(1)&gt;",
            "progress_pct": 10,
            "status": "in_progress",
        },
        "type": "Feature",
    }
}
BUILDING_CLICK = {
    "last_active_drawing": {
        "geometry": {
            "coordinates": [
                [
                    [98.2825, 39.7985],
                    [98.2832, 39.7985],
                    [98.2832, 39.7992],
                    [98.2825, 39.7992],
                    [98.2825, 39.7985],
                ]
            ],
            "type": "Polygon",
        },
        "id": 1000,
        "properties": {"id": 1000, "kind": "building", "label": "1号楼", "site_id": 101},
        "type": "Feature",
    }
}


def with_properties(**changes) -> dict:
    state = copy.deepcopy(SITE_CLICK)
    state["last_active_drawing"]["properties"].update(changes)
    return state


def test_clicked_site_id_on_a_compound():
    assert clicked_site_id(SITE_CLICK) == 101


def test_clicked_site_id_on_a_linear_site():
    assert clicked_site_id(with_properties(kind="linear", id=4)) == 4


def test_clicked_site_id_on_a_building_is_none():
    assert clicked_site_id(BUILDING_CLICK) is None
    assert clicked_building_id(BUILDING_CLICK) == 1000
    assert clicked_building_id(SITE_CLICK) is None


def test_building_click_can_select_its_site():
    assert clicked_site_id(BUILDING_CLICK, building_selects_site=True) == 101
    assert clicked_site_id(SITE_CLICK, building_selects_site=True) == 101
    broken = copy.deepcopy(BUILDING_CLICK)
    broken["last_active_drawing"]["properties"]["site_id"] = "101"
    assert clicked_site_id(broken, building_selects_site=True) is None


@pytest.mark.parametrize(
    "state",
    [
        None,
        {},
        {"last_active_drawing": None},  # before any click
        {"last_object_clicked": {"lat": 39.8, "lng": 98.29}},  # another key
        {"last_active_drawing": {"type": "Feature", "geometry": None}},  # no properties
        {"last_active_drawing": {"type": "Feature", "properties": None}},
        {"last_active_drawing": {"type": "Feature", "properties": {}}},  # e.g. the outline
        {"last_active_drawing": "101"},
        {"last_active_drawing": ["101"]},
        [],
        "selected",
        with_properties(id="101"),
        with_properties(id=None),
        with_properties(id=True),
        with_properties(id=101.5),
        with_properties(kind=None),
        with_properties(kind="park"),
    ],
)
def test_clicked_site_id_none_cases(state):
    assert clicked_site_id(state) is None


def test_clicked_site_id_accepts_integral_float():
    # JSON has one number type; an integral float still names the site.
    assert clicked_site_id(with_properties(id=101.0)) == 101


def test_clicked_ids_from_lean_features():
    """What st_folium returns after a click on a feature of the planner's canvas layer."""
    site = {"last_active_drawing": {"type": "Feature", "id": 7, "properties": {"k": "c"}}}
    line = {"last_active_drawing": {"type": "Feature", "id": 8, "properties": {"k": "l"}}}
    building = {
        "last_active_drawing": {
            "type": "Feature",
            "id": 900,
            "properties": {"k": "b", "s": 7, "n": "3"},
            "geometry": square(98.29, 39.8, 0.001),
        }
    }
    assert clicked_site_id(site) == 7 and clicked_building_id(site) is None
    assert clicked_site_id(line) == 8
    assert clicked_site_id(building) is None
    assert clicked_site_id(building, building_selects_site=True) == 7
    assert clicked_building_id(building) == 900
    for bad in ({"k": "x"}, {"k": "b"}, {}):
        state = {"last_active_drawing": {"type": "Feature", "id": 1, "properties": bad}}
        assert clicked_building_id(state) in (None, 1) and clicked_site_id(state) is None
    assert clicked_site_id({"last_active_drawing": {"id": "7", "properties": {"k": "c"}}}) is None


# --- the city-scale layer (maps.planning.layer) --------------------------------------------------

from geodata.gcj02 import wgs84_to_gcj02  # noqa: E402
from maps.planning import layer as ml  # noqa: E402


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def _positions(coords):
    if coords and isinstance(coords[0], (int, float)):
        yield coords
    else:
        for child in coords:
            yield from _positions(child)


@pytest.mark.parametrize("progress", [i / 1000 for i in range(0, 1001, 7)] + [-1.0, 0.195, 2.0])
def test_progress_code_is_the_step_of_progress_color(progress):
    code = ml.progress_code(progress)
    assert ml.CODE_COLOURS[code] == progress_color(progress)


def test_progress_code_rejects_nan():
    with pytest.raises(ValueError):
        ml.progress_code(math.nan)


def test_code_palette():
    # Progress codes use exactly the five progress colours; every code has one colour, the
    # hidden code none; status codes cover every work status.
    assert [ml.CODE_COLOURS[c] for c in ml.PROGRESS_CODES] == list(PROGRESS_PALETTE)
    assert ml.HIDDEN_CODE not in ml.CODE_COLOURS
    assert set(ml.STATUS_CODES) == {"planned", "in_progress", "completed", "suspended"}
    assert set(ml.OVERDUE_CODES) == {"overdue", "on_time"}  # the overdue colour mode (#20)
    codes = [*ml.PROGRESS_CODES, *ml.STATUS_CODES.values(), *ml.OVERDUE_CODES.values(), ml.DIM_CODE]
    assert len(set(codes)) == len(codes) == len(ml.CODE_COLOURS)
    assert all(len(c) == 1 for c in codes)
    assert ml.status_code("completed") == "f" and ml.status_code("unknown") == "p"


def test_legend_matches_the_palette():
    labels = {c: f"label {c}" for c in ml.CODE_COLOURS}
    rows = ml.legend_entries(["e", "x", "a", ml.HIDDEN_CODE, "c", "b", "d", "zz"], labels)
    assert [r[0] for r in rows] == ["a", "b", "c", "d", "e", "x"]
    assert all(colour == ml.CODE_COLOURS[code] for code, _label, colour in rows)
    assert rows[0][1] == "label a"
    status_rows = ml.legend_entries(ml.STATUS_CODES.values(), labels)
    assert [r[2] for r in status_rows] == [ml.CODE_COLOURS[c] for c in "pifs"]


def test_lean_features_are_lean():
    geometry = {
        "type": "Polygon",
        "bbox": [98.0, 39.0, 99.0, 40.0],
        "coordinates": [
            [[98.123456789, 39.1], [98.2, 39.2], [98.3, 39.0000004], [98.123456789, 39.1]]
        ],
    }
    site = ml.lean_feature(12, "c", geometry)
    building = ml.lean_feature(345, "b", geometry, site_id=12, number="3")
    assert site == {
        "type": "Feature",
        "id": 12,
        "properties": {"k": "c"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[98.123457, 39.1], [98.2, 39.2], [98.3, 39.0], [98.123457, 39.1]]],
        },
    }
    assert building["properties"] == {"k": "b", "s": 12, "n": "3"}
    assert "bbox" not in building["geometry"]
    for bad_id in ("12", 12.0, True, None):
        with pytest.raises(TypeError):
            ml.lean_feature(bad_id, "c", geometry)
    with pytest.raises(TypeError):
        ml.lean_feature(1, "b", geometry, site_id="12")
    with pytest.raises(ValueError):
        ml.lean_feature(1, "compound", geometry)
    with pytest.raises(ValueError):
        ml.lean_feature_collection([site, site])
    # A site and a building may share an id (different tables).
    assert (
        len(
            ml.lean_feature_collection([site, ml.lean_feature(12, "b", geometry, site_id=1)])[
                "features"
            ]
        )
        == 2
    )


def test_lean_feature_in_gcj02_is_shifted_at_6_decimals():
    geometry = square(98.29, 39.77, 0.001)
    wgs = ml.lean_feature(1, "c", geometry)["geometry"]["coordinates"][0]
    gcj = ml.lean_feature(1, "c", geometry, datum="gcj02")["geometry"]["coordinates"][0]
    for (lon, lat), (glon, glat) in zip(wgs, gcj, strict=True):
        expected = wgs84_to_gcj02(lon, lat)
        assert glon == round(expected[0], 6) and glat == round(expected[1], 6)
        assert 0.0003 < glon - lon < 0.003 and 0.0003 < glat - lat < 0.003
    for position in _positions(gcj):
        assert all(_decimals(v) <= 6 for v in position)
    with pytest.raises(ValueError):
        ml.geometry_to_datum(geometry, "bd09")


def test_write_json_file_is_content_addressed(tmp_path):
    first = ml.write_json_file(tmp_path, "p1-wgs84", {"a": "小区"})
    again = ml.write_json_file(tmp_path, "p1-wgs84", {"a": "小区"})
    assert first == again
    assert first.path.parent == tmp_path / "generated" / "map"
    assert first.path.name == f"p1-wgs84-{first.version}.json"
    assert first.url == f"/app/static/generated/map/{first.path.name}?v={first.version}"
    assert json.loads(first.path.read_text(encoding="utf-8")) == {"a": "小区"}
    assert "小区" in first.path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    versions = [ml.write_json_file(tmp_path, "p1-wgs84", {"n": i}).path for i in range(5)]
    left = sorted(p.name for p in (tmp_path / "generated" / "map").glob("p1-wgs84-*.json"))
    assert len(left) == 3 and versions[-1].name in left  # old versions are pruned
    for bad in ("../x", "P1", "", "a b"):
        with pytest.raises(ValueError):
            ml.write_json_file(tmp_path, bad, {})


def test_layer_script_is_served_and_never_uses_inner_html(tmp_path):
    script = ml.install_layer_script(tmp_path)
    assert script.path.suffix == ".js"
    assert script.path.read_bytes() == ml.LAYER_SCRIPT.read_bytes()
    assert script.url.startswith("/app/static/js/planner-layer.js?v=")
    js = ml.LAYER_SCRIPT.read_text(encoding="utf-8")
    assert "innerHTML" not in js
    assert "textContent" in js
    assert "http" not in js
    assert "window.plannerLayer" in js


def test_the_repository_static_folder_serves_its_own_copy():
    """In the app's own static folder the committed file is served as is (no copy made)."""
    script = ml.install_layer_script(ml.LAYER_SCRIPT.parents[1])
    assert script.path.resolve() == ml.LAYER_SCRIPT


def test_layer_script_is_valid_javascript():
    """The script is a plain file a JavaScript tool can read: Node.js parses it."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing: CI checks the map script's syntax with it")
        pytest.skip("node is not installed")
    result = subprocess.run(
        [node, "--check", str(ml.LAYER_SCRIPT)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def _files(tmp_path):
    script = ml.install_layer_script(tmp_path)
    geometry = ml.write_json_file(
        tmp_path,
        "p1-wgs84",
        ml.lean_feature_collection([ml.lean_feature(1, "c", square(98.29, 39.8))]),
    )
    outline = ml.write_outline_file(tmp_path, OUTLINE, "wgs84")
    return script, geometry, outline


def test_planning_map_script_holds_no_data_and_no_remote_links(tmp_path):
    script, geometry, outline = _files(tmp_path)
    m = ml.planning_map(
        script=script,
        geometry=geometry,
        outline=outline,
        bounds=(98.28, 39.79, 98.30, 39.81),
        basemap="none",
        building_label="{n}号楼",
        attribution=HOSTILE,
    )
    page = m.get_root().render()
    assert re.findall(r'<script src="([^"]*)"', page) == [LEAFLET_JS_URL, script.url]
    assert "http://" not in page and "https://" not in page
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())
    assert geometry.url in page and outline.url in page
    assert '"coordinates"' not in page  # the data stay in the files
    assert HOSTILE not in page and "<img" not in page
    assert (
        html.escape(HOSTILE)
        in json.loads(re.search(r"window\.plannerLayer\(map_\w+, (\{.*\})\);", page).group(1))[
            "attribution"
        ]
    )
    # Outline file: the outline's geometry only, no names or bbox.
    data = json.loads(outline.path.read_text(encoding="utf-8"))
    assert data["features"][0]["properties"] == {} and "bbox" not in data["features"][0]


def test_planning_map_basemaps(tmp_path):
    script, geometry, outline = _files(tmp_path)

    def build(basemap: str, token: str = "") -> str:
        m = ml.planning_map(
            script=script,
            geometry=geometry,
            bounds=None,
            basemap=basemap,
            building_label="{n}",
            tianditu_token=token,
        )
        return m.get_root().render()

    osm = build("osm")
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in osm
    assert "\\u00a9 OpenStreetMap contributors" in osm
    amap = build("amap")
    assert "webrd0{s}.is.autonavi.com" in amap and '"subdomains": "1234"' in amap
    assert ml.BASEMAPS["amap"].datum == "gcj02"
    assert ml.BASEMAPS["tianditu"].datum == "wgs84" == ml.BASEMAPS["osm"].datum
    with pytest.raises(ValueError):
        build("tianditu")
    tianditu = build("tianditu", token="k&<>")
    assert tianditu.count("tianditu.gov.cn") == 2
    assert "/vec_w/wmts?" in tianditu and "/cva_w/wmts?" in tianditu
    assert "tk=k%26%3C%3E" in tianditu and "k&<>" not in tianditu


def test_state_payload_is_escaped_in_the_feature_group():
    payload = {
        "geo": "v1",
        "sites": "a-x",
        "buildings": "",
        "legend": {
            "title": "</script><script>alert(1)</script>",
            "entries": [["a", HOSTILE, "#d7191c"]],
        },
    }
    group = ml.state_feature_group(payload)
    m = offline_map(CENTER, 13)
    group.add_to(m)
    page = m.get_root().render()
    script = page[page.index("window.plannerMap.update(") :]
    assert "<img" not in script and "</script><script>" not in script
    assert "\\u003c" in script


def test_layer_click_and_tooltip_reach_st_folium(tmp_path):
    """The canvas layer fires ``click`` on a layer st_folium hooks, with ``e.layer.toGeoJSON``."""
    js = ml.LAYER_SCRIPT.read_text(encoding="utf-8")
    assert "map.addLayer(renderer)" in js  # on the map before st_folium's initComponent runs
    assert 'this.fire("click"' in js and "toGeoJSON" in js and "layer: proxy" in js


def test_large_files_get_a_gzip_copy_served_as_is(tmp_path):
    import gzip
    import mimetypes

    plain = ml.write_json_file(tmp_path, "p1-wgs84", {"features": []})
    assert plain.gz_url is None
    written = ml.write_json_file(tmp_path, "p2-wgs84", {"features": [1, 2]}, gzipped=True)
    gz = written.path.with_name(written.path.name + ".gz")
    assert written.gz_url == f"/app/static/generated/map/{gz.name}?v={written.version}"
    assert gzip.decompress(gz.read_bytes()) == written.path.read_bytes()
    # Streamlit derives the content type from the name: application/gzip, which its gzip
    # middleware leaves alone (no second compression, no Content-Encoding).
    assert mimetypes.guess_type(gz.name) == ("application/json", "gzip")
    assert "DecompressionStream" in ml.LAYER_SCRIPT.read_text(encoding="utf-8")
