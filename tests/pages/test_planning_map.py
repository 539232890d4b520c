"""The planning map page (AppTest) and what it draws (maps.planning.view on a seeded database).

The map's features live in files under static/generated/map/ that the browser fetches; the
map script only names them, and the colour codes, filters and selection travel as a state
payload in st_folium's feature group. These tests read all three.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, Site, WorkItem
from db.session import make_engine
from geodata.gcj02 import wgs84_to_gcj02
from maps.planning import data as map_data
from maps.planning import view as map_view
from pages._common import STATIC_DIR
from planner.progress import (
    ProgressAccumulator,
    ProgressInput,
    item_progress,
    weighted_progress,
)
from tests.pages.conftest import page_text

MAP_PAGE = "pages/planning_map.py"
LEAFLET_JS = "/app/static/vendor/leaflet/leaflet.js"


# --- helpers ------------------------------------------------------------------------------------


def _map_component(at) -> dict:
    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "component_instance":
                yield child
            yield from walk(child)

    components = list(walk(at.main))
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _payload(args: dict) -> dict:
    """The state payload st_folium's feature group hands to the map."""
    match = re.search(r"window\.plannerMap\.update\((\{.*\})\);", args["feature_group"])
    assert match, args["feature_group"]
    return json.loads(match.group(1))


def _layer_config(args: dict) -> dict:
    match = re.search(r"window\.plannerLayer\(map_div, (\{.*\})\);", args["script"])
    assert match, args["script"]
    return json.loads(match.group(1))


def _static_file(url: str) -> Path:
    assert url.startswith("/app/static/")
    return STATIC_DIR / url.removeprefix("/app/static/").split("?")[0]


def _features(args: dict) -> list[dict]:
    return json.loads(_static_file(_layer_config(args)["url"]).read_text(encoding="utf-8"))[
        "features"
    ]


def _engine():
    return make_engine(os.environ["PLANNER_DATABASE_URL"])


def _ids(name: str) -> tuple[int, list[int]]:
    engine = _engine()
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.name_zh == name)).one()
        buildings = session.exec(
            select(Building.id).where(Building.site_id == site_id).order_by(Building.id)
        ).all()
    engine.dispose()
    return site_id, list(buildings)


def _widget(at, kind: str, label: str):
    """The page's widget of that kind and label (keys carry the language and programme)."""
    return next(w for w in getattr(at, kind) if w.label == label)


def _programme_id(key: str) -> int:
    engine = _engine()
    with Session(engine) as session:
        found = session.exec(select(Programme.id).where(Programme.key == key)).one()
    engine.dispose()
    return found


def _open(at, programme: str | None = "p2023"):
    """The map page, on the 2023 compound programme (or as it opens by itself: None)."""
    at.run()
    if programme is not None:
        at.session_state["map_programme"] = _programme_id(programme)
    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    return at


def test_map_opens_on_the_newest_programme_with_works_begun(app):
    at = _open(app, programme=None)
    box = _widget(at, "selectbox", "改造计划")
    assert box.value == _programme_id("p2024")
    assert box.format_func(box.value).startswith("2024")


def _click(at, feature: dict) -> None:
    key = _map_component(at)["key"]
    at.session_state[key] = {"last_active_drawing": feature}
    at.run()
    assert not at.exception


@pytest.fixture(autouse=True)
def _fresh_caches():
    map_data.clear_map_caches()
    yield
    map_data.clear_map_caches()


# --- the page -----------------------------------------------------------------------------------


def test_map_draws_the_19_compounds_offline_from_lean_files(app):
    at = _open(app)
    args = _map_component(at)
    config = _layer_config(args)
    assert args["js_links"][0] == LEAFLET_JS
    assert re.fullmatch(r"/app/static/js/planner-layer\.js\?v=\w+", args["js_links"][1])
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    assert args["returned_objects"] == ["last_active_drawing"]
    # The default draws offline: no tile layer, no URL outside the app.
    for text in (args["script"], args["feature_group"]):
        assert "http://" not in text and "https://" not in text
        assert "tileLayer" not in text
    assert len(args["script"]) < 4000  # no feature data in the map script

    features = _features(args)
    kinds = [f["properties"]["k"] for f in features]
    assert kinds.count("c") == 19 and kinds.count("b") == 179 and "l" not in kinds
    payload = _payload(args)
    assert payload["geo"] == config["version"]
    assert len(payload["sites"]) == 19 and len(payload["buildings"]) == 179
    assert set(payload["sites"]) == {"e"}  # the 2023 works are all done: 80–100 %
    assert payload["selectedSite"] is None
    assert [row[2] for row in payload["legend"]["entries"]] == [
        "#d7191c",
        "#fdae61",
        "#ffffbf",
        "#a6d96a",
        "#1a9641",
    ]
    assert "点击地图上的小区" in page_text(at)
    assert not at.dataframe  # nothing selected yet


def test_the_lean_file_holds_no_names_or_personal_data(app):
    at = _open(app)
    args = _map_component(at)
    path = _static_file(_layer_config(args)["url"])
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    engine = _engine()
    with Session(engine) as session:
        names = session.exec(select(Site.name_zh)).all()
        contractors = {c for c in session.exec(select(WorkItem.contractor)).all() if c}
    engine.dispose()
    for secret in [*names, *contractors, "households", "name", "contractor", "bbox"]:
        assert secret not in text
    assert set(data) == {"type", "features"}
    for feature in data["features"]:
        assert set(feature) == {"type", "id", "properties", "geometry"}
        assert isinstance(feature["id"], int) and not isinstance(feature["id"], bool)
        props = feature["properties"]
        assert set(props) <= {"k", "s", "n"}
        if props["k"] == "b":
            assert isinstance(props["s"], int)
    for number in re.findall(r"-?\d+\.\d+", text):
        assert len(number.split(".")[1]) <= 6
    assert len(text.encode("utf-8")) / 179 < 400
    # Names come from a separate small file for tooltips: site names only, in one language.
    names_file = json.loads(_static_file(_payload(args)["names"]).read_text(encoding="utf-8"))
    assert set(names_file) == {"s"} and "广汇小区" in names_file["s"].values()


def test_filters_change_what_is_drawn(app):
    at = _open(app)
    _widget(at, "multiselect", "街道").set_value(["钢城街道"]).run()
    payload = _payload(_map_component(at))
    assert payload["sites"].count("-") == 9 and len(payload["sites"].replace("-", "")) == 10
    features = _features(_map_component(at))
    site_of = {f["id"]: i for i, f in enumerate(f for f in features if f["properties"]["k"] != "b")}
    buildings = [f for f in features if f["properties"]["k"] == "b"]
    for code, building in zip(payload["buildings"], buildings, strict=True):
        # A hidden site hides its buildings.
        assert (code == "-") == (payload["sites"][site_of[building["properties"]["s"]]] == "-")
    assert "显示 10 个项目" in page_text(at)

    _widget(at, "multiselect", "街道").set_value([]).run()
    _widget(at, "multiselect", "状态").set_value(["in_progress"]).run()
    payload = _payload(_map_component(at))
    assert set(payload["sites"]) == {"-"} and set(payload["buildings"]) == {"-"}
    _widget(at, "multiselect", "状态").set_value(["completed"]).run()
    assert "-" not in _payload(_map_component(at))["sites"]


def test_scope_filter_dims_sites_without_that_scope(app):
    at = _open(app)
    guanghui, _ = _ids("广汇小区")
    _widget(at, "selectbox", "改造内容").set_value("street_lights").run()
    args = _map_component(at)
    payload = _payload(args)
    sites = [f["id"] for f in _features(args) if f["properties"]["k"] != "b"]
    codes = dict(zip(sites, payload["sites"], strict=True))
    # Only 广汇小区 has street lights: the others are dimmed (drawn pale, still clickable).
    assert codes.pop(guanghui) == "e"
    assert set(codes.values()) == {"x"}
    assert set(payload["buildings"]) == {"x"}  # a site-level scope: no building has it
    assert "18 个无所选改造内容" in page_text(at)
    assert payload["legend"]["entries"][-1][:2] == ["x", "无路灯"]


def test_colour_by_scope_and_by_status(app):
    at = _open(app)
    _widget(at, "radio", "着色").set_value("scope").run()
    # Choosing "by scope" with no scope picks the programme's first one.
    assert _widget(at, "selectbox", "改造内容").value == "roof_waterproofing"
    payload = _payload(_map_component(at))
    assert payload["legend"]["title"] == "屋面防水完成率"
    assert set(payload["sites"]) == {"e"} and set(payload["buildings"]) == {"e"}
    assert payload["siteValues"] == [100] * 19

    _widget(at, "radio", "着色").set_value("status").run()
    payload = _payload(_map_component(at))
    assert payload["legend"]["title"] == "状态"
    assert [row[0] for row in payload["legend"]["entries"][:4]] == ["p", "i", "f", "s"]
    assert set(payload["sites"]) == {"f"}  # all completed

    # The 2024 programme has a site in progress and one planned.
    _widget(at, "radio", "着色").set_value("progress").run()
    _widget(at, "selectbox", "改造计划").select_index(
        [
            i
            for i, o in enumerate(_widget(at, "selectbox", "改造计划").options)
            if o.startswith("2024")
        ][0]
    ).run()
    _widget(at, "radio", "着色").set_value("status").run()
    assert sorted(_payload(_map_component(at))["sites"]) == ["i", "p"]


def test_clicking_a_compound_lists_its_buildings_and_work_items(app):
    at = _open(app)
    guanghui, buildings = _ids("广汇小区")
    _click(at, {"type": "Feature", "id": guanghui, "properties": {"k": "c"}})
    assert "广汇小区 的楼栋" in page_text(at)
    tables = [df.value for df in at.dataframe]
    building_table = next(t for t in tables if "楼号" in t.columns)
    assert len(building_table) == len(buildings) > 20
    assert set(building_table["进度"]) == {100.0}
    items = next(t for t in tables if "改造内容" in t.columns)
    # The compound's own (site-level) items: mains, parking and its street lights.
    assert set(items["改造内容"]) >= {"给水主管", "排水主管", "供热主管", "停车位", "路灯"}
    links = [el for el in _all(at) if getattr(el, "type", None) == "page_link"]
    assert any(f"site={guanghui}" in str(link.proto) for link in links)
    payload = _payload(_map_component(at))
    assert payload["selectedSite"] == guanghui and payload["selectedBuilding"] is None


def _all(at):
    def walk(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    return list(walk(at.main))


def test_clicking_a_building_lists_its_own_work_items(app):
    at = _open(app)
    guanghui, buildings = _ids("广汇小区")
    _click(at, {"type": "Feature", "id": guanghui, "properties": {"k": "c"}})
    _click(
        at,
        {"type": "Feature", "id": buildings[2], "properties": {"k": "b", "s": guanghui, "n": "3"}},
    )
    text = page_text(at)
    assert "广汇小区 的楼栋" in text  # the compound stays selected
    assert "3号楼的工程项目" in text
    items = at.dataframe[0].value
    assert set(items["改造内容"]) == {"屋面防水", "外墙保温", "外墙涂料及外墙漆"}
    payload = _payload(_map_component(at))
    assert payload["selectedSite"] == guanghui and payload["selectedBuilding"] == buildings[2]
    links = [el for el in _all(at) if getattr(el, "type", None) == "page_link"]
    assert any(f"building={buildings[2]}" in str(link.proto) for link in links)
    # ... and the bill of quantities of just that building, one click away.
    boq = [str(link.proto) for link in links if "boq_export" in str(link.proto)]
    assert any(f"buildings={buildings[2]}" in link and f"site={guanghui}" in link for link in boq)
    # The selection does not change the map script: st_folium keeps the drawn map.
    first_key = _map_component(at)["key"]
    _click(at, {"type": "Feature", "id": buildings[3], "properties": {"k": "b", "s": guanghui}})
    assert _map_component(at)["key"] == first_key


def test_switching_basemap_to_amap_shifts_the_geometry(app):
    at = _open(app)
    wgs_args = _map_component(at)
    assert "tianditu" not in _widget(at, "selectbox", "底图").options  # no token configured
    _widget(at, "selectbox", "底图").set_value("amap").run()
    args = _map_component(at)
    assert "webrd0{s}.is.autonavi.com" in args["script"]
    wgs_config, gcj_config = _layer_config(wgs_args), _layer_config(args)
    assert "-gcj02-" in gcj_config["url"] and "-wgs84-" in wgs_config["url"]
    wgs_features, gcj_features = _features(wgs_args), _features(args)
    assert [f["id"] for f in wgs_features] == [f["id"] for f in gcj_features]
    for wgs, gcj in zip(wgs_features[::20], gcj_features[::20], strict=True):
        (lon, lat), (glon, glat) = (
            wgs["geometry"]["coordinates"][0][0],
            gcj["geometry"]["coordinates"][0][0],
        )
        expected = wgs84_to_gcj02(lon, lat)
        assert glon == pytest.approx(expected[0], abs=2e-6)
        assert glat == pytest.approx(expected[1], abs=2e-6)
        assert 0.0005 < glon - lon < 0.003
    (s, w), (n, e) = gcj_config["bounds"]
    assert (s, w) != tuple(wgs_config["bounds"][0])
    # The outline moves with the geometry; the database keeps WGS84.
    assert gcj_config["outline"] != wgs_config["outline"]
    engine = _engine()
    with Session(engine) as session:
        stored = json.loads(session.get(Site, wgs_features[0]["id"]).geometry)
    engine.dispose()
    assert stored["coordinates"][0][0] == pytest.approx(
        wgs_features[0]["geometry"]["coordinates"][0][0], abs=1e-6
    )
    assert "GCJ-02" in page_text(at)


@pytest.fixture
def tianditu_token(monkeypatch):
    """A Tianditu key in the environment; settings are read once per process, so re-read."""
    from pages._common import get_settings

    monkeypatch.setenv("PLANNER_TIANDITU_TOKEN", "tk<&>")
    get_settings.clear()
    yield
    monkeypatch.delenv("PLANNER_TIANDITU_TOKEN")
    get_settings.clear()


def test_tianditu_is_offered_with_a_token(app, tianditu_token):
    at = _open(app)
    _widget(at, "selectbox", "底图").set_value("tianditu").run()
    script = _map_component(at)["script"]
    assert "vec_w" in script and "cva_w" in script and "tk=tk%3C%26%3E" in script
    assert "-wgs84-" in _layer_config(_map_component(at))["url"]  # CGCS2000: no shift


def test_english_tooltips_and_legend(app):
    at = app.run()
    at.radio(key="lang").set_value("en").run()
    at.switch_page(MAP_PAGE).run()
    args = _map_component(at)
    assert _layer_config(args)["text"] == {"building": "Building {n}", "separator": ": "}
    payload = _payload(args)
    assert payload["legend"]["title"] == "Progress"
    assert "-names-en-" in payload["names"]
    assert "Click a compound" in page_text(at)


def test_switching_programme_draws_the_linear_site(app):
    at = _open(app)
    xinhua = next(o for o in _widget(at, "selectbox", "改造计划").options if "新华路" in o)
    _widget(at, "selectbox", "改造计划").select(xinhua).run()
    features = _features(_map_component(at))
    assert [f["properties"]["k"] for f in features] == ["l"]
    assert features[0]["geometry"]["type"] in ("LineString", "MultiLineString")


# --- maps.planning.view on the seeded database ------------------------------------------


@pytest.fixture
def db(seeded_db_template, tmp_path):
    path = tmp_path / "planner.db"
    path.write_bytes(seeded_db_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _p2023(session: Session) -> int:
    return session.exec(select(Programme.id).where(Programme.key == "p2023")).one()


def test_accumulated_progress_equals_weighted_progress():
    rng = random.Random(7)
    for _ in range(200):
        items = [
            ProgressInput(
                rng.choice([0.0, 10.0, 250.0]),
                rng.choice([0.0, 5.0, 250.0, 300.0]),
                rng.choice([None, 0.0, 52.56, 71.0]),
            )
            for _ in range(rng.randint(1, 6))
        ]
        # The rule as the docs state it, item by item: weight = planned cost, or the average
        # rated cost for an item without one (1 each when no item is rated).
        rated = [i.unit_rate is not None and i.planned > 0 for i in items]
        costs = [i.planned * i.unit_rate for i, r in zip(items, rated, strict=True) if r]
        fallback = sum(costs) / len(costs) if costs else 1.0
        weights = [
            i.planned * i.unit_rate if r else fallback for i, r in zip(items, rated, strict=True)
        ]
        done = sum(
            w * item_progress(i.planned, i.completed) for w, i in zip(weights, items, strict=True)
        )
        expected = done / sum(weights) if sum(weights) > 0 else 0.0
        acc = ProgressAccumulator()
        for item in items:
            acc.add(item.planned, item.completed, item.unit_rate)
        assert acc.value() == pytest.approx(expected, abs=1e-12)
        assert weighted_progress(items) == pytest.approx(expected, abs=1e-12)


def test_programme_map_is_cached_until_an_audited_change(db, tmp_path):
    with Session(db) as session:
        pid = _p2023(session)
        first = map_data.load_programme_map(session, pid)
        assert map_data.load_programme_map(session, pid) is first  # one quick query
        item = session.exec(select(WorkItem).where(WorkItem.programme_id == pid)).first()
        site_id = item.site_id
        item.completed_quantity = 0
        item.version += 1
        session.add(item)
        session.add(AuditEntry(actor="test", action="update", entity="work_item"))
        session.commit()
        second = map_data.load_programme_map(session, pid)
    assert second is not first
    assert second.stats.site_progress[site_id] < first.stats.site_progress[site_id]
    # Geometry did not change: same feature order object, same file.
    assert second._geometry is first._geometry


def test_an_unaudited_change_shows_after_the_full_check(db, monkeypatch):
    with Session(db) as session:
        pid = _p2023(session)
        first = map_data.load_programme_map(session, pid)
        site_id = first.sites[0].id
        site = session.get(Site, site_id)
        site.name_zh = "改名小区"
        session.add(site)
        session.commit()
        assert map_data.load_programme_map(session, pid) is first  # not seen yet
        monkeypatch.setattr(map_data, "FULL_CHECK_SECONDS", 0.0)
        renamed = map_data.load_programme_map(session, pid)
    assert renamed.site_by_id[site_id].name_zh == "改名小区"


def test_geometry_file_follows_the_footprints(db, tmp_path):
    with Session(db) as session:
        pid = _p2023(session)
        pm = map_data.load_programme_map(session, pid)
        before = map_view.planning_map_view(session, pm, static_dir=tmp_path, lang="zh")
        building = session.get(Building, pm._geometry.building_ids[0])
        footprint = json.loads(building.footprint)
        footprint["coordinates"][0][0][0] += 0.0001
        footprint["coordinates"][0][-1][0] += 0.0001
        building.footprint = json.dumps(footprint)
        building.min_lon = min(c[0] for c in footprint["coordinates"][0])
        session.add(building)
        session.add(AuditEntry(actor="test", action="update", entity="building"))
        session.commit()
        pm2 = map_data.load_programme_map(session, pid)
        after = map_view.planning_map_view(session, pm2, static_dir=tmp_path, lang="zh")
    assert after.geometry_file.version != before.geometry_file.version
    assert before.geometry_file.path.parent == tmp_path / "generated" / "map"
    assert after.payload["geo"] == after.geometry_file.version


def test_selection_is_restricted_to_the_programme(db):
    with Session(db) as session:
        pm = map_data.load_programme_map(session, _p2023(session))
    building, site = next(iter(pm.building_site.items()))
    assert map_view.selection_in(pm, None, building) == (site, building)
    assert map_view.selection_in(pm, site, None) == (site, None)
    assert map_view.selection_in(pm, 10**6, None) == (None, None)
    assert map_view.selection_in(pm, site, 10**6) == (site, None)


def test_map_options_reject_unknown_colour_modes():
    with pytest.raises(ValueError):
        map_view.MapOptions(colour="rainbow")


def test_clearing_the_selection_gives_a_fresh_map_so_the_same_click_selects_again(app):
    at = _open(app)
    guanghui, _ = _ids("广汇小区")
    click = {"type": "Feature", "id": guanghui, "properties": {"k": "c"}}
    _click(at, click)
    key = _map_component(at)["key"]
    at.button(key="map_clear").click().run()
    assert _payload(_map_component(at))["selectedSite"] is None
    assert "点击地图上的小区" in page_text(at)
    assert _map_component(at)["key"] != key  # st_folium forgets the last click
    _click(at, click)
    assert _payload(_map_component(at))["selectedSite"] == guanghui


def test_switching_language_keeps_the_choices(app):
    at = _open(app)
    _widget(at, "radio", "着色").set_value("status").run()
    _widget(at, "multiselect", "街道").set_value(["钢城街道"]).run()
    _widget(at, "selectbox", "底图").set_value("amap").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    # New widgets for the new labels, with the same values.
    assert _widget(at, "radio", "Colour by").value == "status"
    assert _widget(at, "multiselect", "Sub-district").value == ["钢城街道"]
    assert _widget(at, "selectbox", "Basemap").value == "amap"
    payload = _payload(_map_component(at))
    assert payload["legend"]["title"] == "Status"
    assert payload["sites"].count("-") == 9


def test_site_photos_show_as_dots_and_beside_the_map(app):
    from planner.fieldwork import photos as ph
    from planner.fieldwork.images import PhotoLimits, process_photo
    from tests.planner.fieldwork_images import gps_jpeg

    site_id, buildings = _ids("广汇小区")
    engine = _engine()
    with Session(engine) as session:
        photo = process_photo(gps_jpeg(lon=None, lat=None), PhotoLimits())
        stored = ph.store_photo(
            session,
            photo,
            ph.PhotoTarget(site_id, "before", building_id=buildings[0]),
            actor="test",
        )
        session.commit()
        photo_id = stored.id
    engine.dispose()
    at = _open(app)
    payload = _payload(_map_component(at))
    [dot] = payload["photos"]
    assert dot[0] == photo_id and dot[3] == "before"
    assert payload["photoLegend"]["entries"][0][1] == "施工前"
    # A click on the building lists its photos beside the map (the staff copy's thumbnail).
    _click(at, {"type": "Feature", "id": buildings[0], "properties": {"k": "b", "s": site_id}})
    assert any("现场照片" in m.value for m in at.markdown)
    assert len(at.get("image")) == 1


def test_search_by_name_selects_the_compound_and_tells_the_map_to_fly_there(app):
    at = _open(app)
    guanghui, _buildings = _ids("广汇小区")
    search = _widget(at, "selectbox", "按名称查找小区")
    assert search.value is None and "广汇小区" in search.options
    search.set_value(guanghui).run()
    assert not at.exception
    assert "广汇小区 的楼栋" in page_text(at)
    payload = _payload(_map_component(at))
    assert payload["selectedSite"] == guanghui
    assert payload["flyTo"] == {"site": guanghui, "seq": 1}
    # The box is ready for the next search; the same name again flies again (a new seq).
    search = _widget(at, "selectbox", "按名称查找小区")
    assert search.value is None
    search.set_value(guanghui).run()
    assert _payload(_map_component(at))["flyTo"] == {"site": guanghui, "seq": 2}
    # A click selects without flying: the map stays where the user put it.
    other = _ids("安环南小区")[0]
    _click(at, {"type": "Feature", "id": other, "properties": {"k": "c"}})
    assert _payload(_map_component(at))["flyTo"]["seq"] == 2


def test_engineers_see_the_map_and_the_works_read_only(anonymous_app, role_tokens):
    from planner.accounts.access import Role
    from tests.pages.conftest import log_in_as

    at = _open(log_in_as(anonymous_app, Role.ENGINEER, role_tokens))
    assert "仅供工作人员使用" not in page_text(at)
    guanghui, _buildings = _ids("广汇小区")
    _click(at, {"type": "Feature", "id": guanghui, "properties": {"k": "c"}})
    assert "广汇小区 的楼栋" in page_text(at)
    items = next(df.value for df in at.dataframe if "改造内容" in df.value.columns)
    assert len(items) > 0
    links = [str(el.proto) for el in _all(at) if getattr(el, "type", None) == "page_link"]
    assert not any("work_items_editor" in link for link in links)
    assert any("boq_export" in link for link in links)  # the bill they price
    assert "只读" in page_text(at)
    # The works editor itself stays the staff's.
    at.switch_page("pages/work_items_editor.py").run()
    assert any("无权查看" in e.value for e in at.error) or "仅供工作人员使用" in page_text(at)
