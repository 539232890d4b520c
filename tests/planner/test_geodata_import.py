"""Import of surveyed geometry: hostile files, matching, the transaction, the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.migrate import upgrade_to_head
from db.models import AuditEntry, Building, Programme, Site
from db.models.gis import UnassignedBuilding
from db.session import make_engine, session_scope
from maps.planning.data import clear_map_caches, load_programme_map
from planner import audit
from planner.catalogue_table import sync_scope_catalogue
from planner.gis import apply as gi
from planner.gis.actions import attach_unassigned_building, import_geodata
from planner.gis.export import export_file
from planner.runtime.startup import ensure_database_ready

DATA = Path(__file__).resolve().parents[1] / "data" / "gis"


def counts(engine) -> tuple[int, ...]:  # noqa: ANN001
    with Session(engine) as session:
        return tuple(
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Site, Building, UnassignedBuilding, AuditEntry)
        )


def preview(engine, name: str, kind: str, **options):  # noqa: ANN001, ANN003, ANN201
    parsed = gi.load_file(DATA / name, kind, **options)
    with Session(engine) as session:
        return parsed, gi.plan_import(session, parsed)


# name, kind, options, expected plan counts (None: the file itself is refused, with this key)
HOSTILE = [
    ("self_intersecting.geojson", "sites", {}, {"create": 1, "refused": 1}),
    ("projected_no_crs.geojson", "sites", {}, "gis.error.crs_required_projected"),
    ("no_prj.zip", "sites", {}, "gis.error.crs_required_lonlat"),
    ("points.geojson", "buildings", {}, {"refused": 3}),
    ("null_geometries.geojson", "buildings", {}, {"refused": 3}),
    ("empty_layer.gpkg", "buildings", {}, "gis.error.empty_layer"),
    ("one_bad_feature.geojson", "buildings", {}, {"create": 3, "refused": 1}),
    ("two_layers.gpkg", "sites", {}, "gis.error.layer_required"),
]


@pytest.mark.parametrize(("name", "kind", "options", "expected"), HOSTILE)
def test_refuse_hostile_file_and_leave_database_unchanged(
    seeded_engine, name, kind, options, expected
):
    before = counts(seeded_engine)
    if isinstance(expected, str):
        with pytest.raises(gi.ImportError_) as info:
            preview(seeded_engine, name, kind, **options)
        assert info.value.key == expected
        assert info.value.message("en") and info.value.message("zh")
    else:
        parsed, plan = preview(seeded_engine, name, kind, **options)
        assert {k: v for k, v in plan.counts.items() if v} == expected
        refused = [row for row in plan.rows if row.action == "refused"]
        assert all(row.issues for row in refused)  # every refusal says why
        with pytest.raises(gi.ImportError_) as info:
            import_geodata(seeded_engine, parsed, plan, actor="test")
        assert info.value.key == "gis.error.refused"
    assert counts(seeded_engine) == before


def test_import_valid_features_when_told_to_leave_the_bad_one_out(seeded_engine):
    before = counts(seeded_engine)
    parsed, plan = preview(seeded_engine, "one_bad_feature.geojson", "buildings")
    result = import_geodata(seeded_engine, parsed, plan, actor="test", skip_refused=True)
    assert result.counts["create"] == 3 and result.audit_entries == 3
    after = counts(seeded_engine)
    assert after[1] == before[1] + 3 and after[3] == before[3] + 3
    with Session(seeded_engine) as session:
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        numbers = session.exec(select(Building.number).where(Building.site_id == site.id)).all()
    assert {"G1", "G2", "G3"} <= set(numbers)
    # The same file again: nothing new, the three now unchanged.
    _, again = preview(seeded_engine, "one_bad_feature.geojson", "buildings")
    assert again.counts["unchanged"] == 3 and again.counts["create"] == 0


def test_read_gcj02_only_when_told_and_store_wgs84(seeded_engine):
    _, as_wgs84 = preview(seeded_engine, "gcj02.geojson", "sites")
    assert [row.changes for row in as_wgs84.rows] == [("geometry",), ("geometry",)]
    _, as_gcj = preview(seeded_engine, "gcj02.geojson", "sites", crs="GCJ02")
    assert as_gcj.counts["unchanged"] == 2  # converted back, equal to the stored WGS84


def test_take_projected_coordinates_with_the_crs_given(seeded_engine):
    parsed, plan = preview(seeded_engine, "projected_no_crs.geojson", "sites", crs="EPSG:4542")
    assert plan.counts["create"] == 2
    import_geodata(seeded_engine, parsed, plan, actor="test")
    with Session(seeded_engine) as session:
        site = session.exec(select(Site).where(Site.name_zh == "投影坐标小区1")).one()
    assert site.area_m2 == pytest.approx(220 * 160, rel=1e-3)
    assert 98.2 < site.min_lon < 98.3 and site.households == 100


def test_drop_heights_of_mixed_2d_3d_buildings(seeded_engine):
    parsed, plan = preview(seeded_engine, "mixed_2d_3d.geojson", "buildings")
    codes = [[i.code for i in row.issues] for row in plan.rows]
    assert [("z_dropped" in c) for c in codes] == [True, True, False]
    assert plan.counts["create"] == 3


def test_keep_buildings_outside_compounds_unassigned_then_attach(seeded_engine):
    parsed, plan = preview(seeded_engine, "outside_compounds.geojson", "buildings")
    assert plan.counts["unassigned"] == 2
    import_geodata(seeded_engine, parsed, plan, actor="test")
    before = counts(seeded_engine)
    with Session(seeded_engine) as session:
        waiting = gi.list_unassigned(session)
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
    assert [u.number for u in waiting] == ["U1", "U2"]
    with pytest.raises(gi.ImportError_) as info:
        attach_unassigned_building(seeded_engine, waiting[0].id, site.id, actor="t", number="1")
    assert info.value.key == "gis.error.number_taken"
    building_id = attach_unassigned_building(seeded_engine, waiting[0].id, site.id, actor="t")
    after = counts(seeded_engine)
    assert after[1] == before[1] + 1 and after[2] == before[2] - 1
    with Session(seeded_engine) as session:
        building = session.get(Building, building_id)
    assert building.number == "U1" and building.floors == 5


def test_write_nothing_when_the_write_fails_halfway(seeded_engine, monkeypatch):
    parsed, plan = preview(seeded_engine, "mixed_2d_3d.geojson", "buildings")
    before = counts(seeded_engine)
    original = audit.record
    calls = {"n": 0}

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        import_geodata(seeded_engine, parsed, plan, actor="test")
    assert counts(seeded_engine) == before


def test_refuse_a_preview_that_the_data_outran(seeded_engine):
    parsed, plan = preview(seeded_engine, "mixed_2d_3d.geojson", "buildings")
    import_geodata(seeded_engine, parsed, plan, actor="first")
    before = counts(seeded_engine)
    with pytest.raises(gi.ImportError_) as info:
        import_geodata(seeded_engine, parsed, plan, actor="second")
    assert info.value.key == "gis.error.outdated"
    assert counts(seeded_engine) == before


def test_match_sites_by_key_name_and_overlap(seeded_engine, tmp_path):
    import json

    sample = json.loads(
        (Path(__file__).resolve().parents[2] / "geodata/sample/sites.geojson").read_text()
    )["features"]
    by_key = {**sample[0], "properties": {"key": "c2023_01", "name": "改名小区"}}
    by_name = {**sample[1], "properties": {"name": sample[1]["properties"]["name_zh"]}}
    by_overlap = {**sample[2], "properties": {"name": "测绘名称"}}
    path = tmp_path / "match.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [by_key, by_name, by_overlap]}),
        encoding="utf-8",
    )
    parsed = gi.load_file(path, "sites")
    with Session(seeded_engine) as session:
        plan = gi.plan_import(session, parsed)
    assert [(r.action, r.matched_by, r.changes) for r in plan.rows] == [
        ("update", "key", ("name_zh",)),
        ("unchanged", "name", ()),
        ("update", "overlap", ("name_zh",)),
    ]


def test_map_picks_up_imported_geometry(seeded_engine, tmp_path):
    import json

    from shapely.affinity import translate
    from shapely.geometry import mapping, shape

    clear_map_caches()
    with Session(seeded_engine) as session:
        programme = session.exec(select(Programme).where(Programme.key == "p2023")).one()
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        before = load_programme_map(session, programme.id).bounds
    moved = translate(shape(json.loads(site.geometry)), xoff=-0.03)  # west of all others
    path = tmp_path / "moved.geojson"
    feature = {"type": "Feature", "properties": {"key": "c2023_01"}, "geometry": mapping(moved)}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    parsed = gi.load_file(path, "sites")
    with Session(seeded_engine) as session:
        plan = gi.plan_import(session, parsed)
    assert plan.rows[0].changes == ("geometry",)
    import_geodata(seeded_engine, parsed, plan, actor="test")
    with Session(seeded_engine) as session:
        after = load_programme_map(session, programme.id).bounds
    assert after != before
    assert after[0] == pytest.approx(min(before[0], moved.bounds[0]), abs=1e-6)


@pytest.mark.parametrize(("fmt", "crs"), [("geojson", "EPSG:4326"), ("gpkg", "EPSG:4542")])
def test_round_trip_sample_through_export_into_empty_database(engine, tmp_path, fmt, crs):
    source = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    ensure_database_ready(source)
    path = export_file(source, tmp_path / f"sample.{fmt}", fmt=fmt, crs=crs).path
    target = engine  # empty: migrated and catalogue synced below, no sample
    upgrade_to_head(target)
    with session_scope(target) as session:
        sync_scope_catalogue(session)
    assert counts(target)[:3] == (0, 0, 0)
    for kind in ("sites", "buildings"):
        parsed = gi.load_file(path, kind)
        with Session(target) as session:
            plan = gi.plan_import(session, parsed)
        assert plan.counts["refused"] == 0 and plan.counts["unassigned"] == 0
        import_geodata(target, parsed, plan, actor="round trip")

    def snapshot(engine):  # noqa: ANN001, ANN202
        with Session(engine) as session:
            sites = {
                s.key: (s.kind, s.name_zh, s.name_en, s.status, s.households, s.area_m2, s.length_m)
                for s in session.exec(select(Site))
            }
            keys = {s.id: s.key for s in session.exec(select(Site))}
            buildings = {
                (keys[b.site_id], b.number): (b.floors, b.units, b.households, b.footprint_area_m2)
                for b in session.exec(select(Building))
            }
        return sites, buildings

    sites_a, buildings_a = snapshot(source)
    source.dispose()
    sites_b, buildings_b = snapshot(target)
    assert len(sites_b) == 23 and len(buildings_b) == 193
    assert set(sites_a) == set(sites_b) and set(buildings_a) == set(buildings_b)
    for key, a in sites_a.items():
        b = sites_b[key]
        assert a[:5] == b[:5]
        for x, y in zip(a[5:], b[5:], strict=True):
            assert (x is None and y is None) or y == pytest.approx(x, rel=1e-3)
    for key, a in buildings_a.items():
        b = buildings_b[key]
        assert a[:3] == b[:3] and b[3] == pytest.approx(a[3], rel=1e-3)


def _feature(name: str, coordinates: object, kind: str = "Polygon") -> str:
    geometry = f'{{"type": "{kind}", "coordinates": {coordinates}}}'
    properties = f'{{"name": "{name}", "floors": 6}}'
    return f'{{"type": "Feature", "properties": {properties}, "geometry": {geometry}}}'


def test_geometry_the_parser_cannot_build_is_refused_per_feature(tmp_path):
    good = (
        "[[98.28, 39.79], [98.2805, 39.79], [98.2805, 39.7905], [98.28, 39.7905], [98.28, 39.79]]"
    )
    features = [
        _feature("好楼", f"[{good}]"),
        _feature("退化环", "[[[98.28, 39.79], [98.281, 39.79], [98.28, 39.79]]]"),
        _feature("NaN楼", "[[[98.28, 39.79], [98.281, NaN], [98.281, 39.791], [98.28, 39.79]]]"),
        _feature("嵌套错", good),
    ]
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + ",".join(features) + "]}")
    parsed = gi.load_file(path, "buildings")
    refused = {
        f.number: (f.label, [i.code for i in f.issues]) for f in parsed.features if f.refused
    }
    assert refused == {
        2: ("退化环", ["degenerate"]),
        3: ("NaN楼", ["not_finite"]),
        4: ("嵌套错", ["empty"]),
    }
    assert not parsed.features[0].refused


def test_a_layer_with_too_many_features_is_refused_before_it_is_read():
    with pytest.raises(gi.ImportError_) as caught:
        gi.load_file(DATA / "mixed_2d_3d.geojson", "buildings", max_features=2)
    assert caught.value.key == "gis.error.too_many_features"
