"""The import page: upload → preview (table, counts, map) → confirm; unassigned buildings."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Building, Site
from db.models.gis import UnassignedBuilding
from db.session import make_engine
from tests.pages.conftest import page_text

PAGE = "pages/geodata_import.py"
DATA = Path(__file__).resolve().parents[1] / "data" / "gis"


def _counts() -> tuple[int, int, int]:
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    try:
        with Session(engine) as session:
            return tuple(  # type: ignore[return-value]
                session.exec(select(func.count()).select_from(model)).one()
                for model in (Site, Building, UnassignedBuilding)
            )
    finally:
        engine.dispose()


def _open(app, name: str, kind: str):  # noqa: ANN001, ANN202
    app.run()
    at = app.switch_page(PAGE).run()
    at.radio(key="gis_kind_zh").set_value(kind).run()
    at.file_uploader(key="gis_upload").set_value(
        (name, (DATA / name).read_bytes(), "application/octet-stream")
    ).run()
    assert not at.exception
    return at


def _metrics(at) -> dict[str, int]:  # noqa: ANN001
    return {m.label: int(m.value) for m in at.metric}


def test_preview_then_confirm_import_of_buildings(app):
    at = _open(app, "mixed_2d_3d.geojson", "buildings")
    before = _counts()
    at.button(key="gis_preview_button").click().run()
    assert _metrics(at)["新建"] == 3
    maps = list(at.get("component_instance"))
    assert maps, "the preview map is drawn"
    script = json.loads(maps[0].proto.json_args)["script"]
    assert "cdn" not in " ".join(json.loads(maps[0].proto.json_args).get("js_links", []))
    assert "M1" in script
    assert _counts() == before  # a preview writes nothing
    at.button(key="gis_confirm").click().run()
    assert not at.exception
    assert _counts() == (before[0], before[1] + 3, before[2])
    assert "导入完成" in " ".join(str(s.value) for s in at.success)


def test_refuse_confirm_until_refused_features_are_left_out(app):
    at = _open(app, "one_bad_feature.geojson", "buildings")
    before = _counts()
    at.button(key="gis_preview_button").click().run()
    assert _metrics(at)["拒绝"] == 1 and _metrics(at)["新建"] == 3
    assert at.button(key="gis_confirm").disabled
    assert "1539" in at.dataframe[0].value.to_string()  # the reason: far outside the city
    at.checkbox(key="gis_skip").check().run()
    at.button(key="gis_confirm").click().run()
    assert _counts() == (before[0], before[1] + 3, before[2])


def test_ask_for_the_coordinate_system_of_a_zip_without_prj(app):
    at = _open(app, "no_prj.zip", "sites")
    assert "--crs" in page_text(at) or "坐标系" in page_text(at)
    assert len([b for b in at.button if b.key == "gis_preview_button"]) == 0
    before = _counts()
    crs_box = next(s for s in at.selectbox if s.key and s.key.startswith("gis_crs_"))
    crs_box.set_value("EPSG:4490").run()
    at.button(key="gis_preview_button").click().run()
    assert _metrics(at)["新建"] == 2
    at.button(key="gis_confirm").click().run()
    assert _counts() == (before[0] + 2, before[1], before[2])


def test_keep_unassigned_buildings_until_staff_attach_them(app):
    at = _open(app, "outside_compounds.geojson", "buildings")
    before = _counts()
    at.button(key="gis_preview_button").click().run()
    assert _metrics(at)["待归属"] == 2
    at.button(key="gis_confirm").click().run()
    assert _counts() == (before[0], before[1], before[2] + 2)
    at.file_uploader(key="gis_upload").set_value(None).run()
    assert "待归属楼栋" in page_text(at)
    at.text_input(key="gis_attach_no").set_value("99")
    at.button(key="gis_attach").click().run()
    assert not at.exception
    assert _counts() == (before[0], before[1] + 1, before[2] + 1)
    assert "99" in " ".join(str(s.value) for s in at.success)
