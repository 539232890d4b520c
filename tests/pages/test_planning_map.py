"""The planning map page: compounds drawn from local assets, a click lists the buildings."""

from __future__ import annotations

import json
import os

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Building, Site
from db.session import make_engine
from tests.pages.conftest import page_text

MAP_PAGE = "pages/planning_map.py"


def _map_component(at):
    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "component_instance":
                yield child
            yield from walk(child)

    components = list(walk(at.main))
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _site_and_building_count(name: str) -> tuple[int, int]:
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.name_zh == name)).one()
        count = session.exec(
            select(func.count()).select_from(Building).where(Building.site_id == site_id)
        ).one()
    engine.dispose()
    return site_id, count


def test_map_draws_the_19_compounds_with_local_leaflet_only(app):
    at = app.run()
    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    args = _map_component(at)
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    assert args["returned_objects"] == ["last_active_drawing"]
    script = args["script"]
    assert script.count('"kind": "compound"') == 19
    assert "http://" not in script and "https://" not in script
    assert "点击地图上的小区" in page_text(at)
    assert not at.dataframe  # nothing selected yet


def test_clicking_a_compound_lists_its_buildings(app):
    at = app.run()
    at.switch_page(MAP_PAGE).run()
    key = _map_component(at)["key"]
    guanghui, n_buildings = _site_and_building_count("广汇小区")
    at.session_state[key] = {
        "last_active_drawing": {
            "type": "Feature",
            "id": guanghui,
            "properties": {"id": guanghui, "kind": "compound", "name": "广汇小区"},
        }
    }
    at.run()
    assert not at.exception
    assert "广汇小区 的楼栋" in page_text(at)
    buildings = at.dataframe[0].value
    assert len(buildings) == n_buildings > 20  # the largest compound
    assert set(buildings["进度"]) == {100.0}  # the 2023 works are all done


def test_switching_programme_draws_the_linear_site(app):
    at = app.run()
    at.switch_page(MAP_PAGE).run()
    xinhua = next(o for o in at.selectbox[0].options if "新华路" in o)
    at.selectbox[0].select(xinhua).run()
    script = _map_component(at)["script"]
    assert script.count('"kind": "linear"') == 1
    assert script.count('"kind": "compound"') == 0
