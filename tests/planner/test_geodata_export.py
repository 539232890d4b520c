"""Export of sites and buildings: explicit columns, status and progress, both CRSs."""

from __future__ import annotations

import json
import warnings

import pyogrio
import pytest
from sqlmodel import Session, select

from db.models import Site
from planner.gis.export import (
    BUILDING_COLUMNS,
    SITE_COLUMNS,
    export_bytes,
    export_file,
    file_name,
)
from planner.works.queries import progress_by_site


def test_export_only_the_listed_columns(seeded_engine, tmp_path):
    path = export_file(seeded_engine, tmp_path / "x.gpkg", fmt="gpkg").path
    sites = pyogrio.read_dataframe(path, layer="sites")
    buildings = pyogrio.read_dataframe(path, layer="buildings")
    assert tuple(c for c in sites.columns if c != "geometry") == SITE_COLUMNS
    assert tuple(c for c in buildings.columns if c != "geometry") == BUILDING_COLUMNS
    assert len(sites) == 23 and len(buildings) == 193
    for forbidden in ("contractor", "note", "actor", "phone", "ip"):
        assert forbidden not in sites.columns and forbidden not in buildings.columns


def test_export_cost_weighted_progress_and_status(seeded_engine, tmp_path):
    path = export_file(seeded_engine, tmp_path / "x.geojson", fmt="geojson").path
    frame = pyogrio.read_dataframe(path)
    sites = frame[frame["layer"] == "sites"].set_index("key")
    with Session(seeded_engine) as session:
        expected = progress_by_site(session)
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
    assert sites.loc["c2023_01", "progress_pct"] == pytest.approx(round(expected[site.id] * 100, 1))
    assert sites.loc["c2023_01", "status"] == site.status
    buildings = frame[frame["layer"] == "buildings"]
    assert set(buildings["status"].dropna()) <= {
        "planned",
        "in_progress",
        "completed",
        "suspended",
        "",
    }
    assert buildings["progress_pct"].notna().any()


def test_export_in_gauss_kruger_declares_its_crs(seeded_engine):
    data, counts = export_bytes(seeded_engine, fmt="geojson", crs="EPSG:4542")
    assert counts == {"sites": 23, "buildings": 193}
    assert b"4542" in data and data.startswith(b"{")
    assert file_name("gpkg", "EPSG:4542") == "renovation_geodata_epsg4542.gpkg"


def test_refuse_unknown_format_or_crs(seeded_engine, tmp_path):
    with pytest.raises(ValueError):
        export_file(seeded_engine, tmp_path / "x.shp", fmt="shp")
    with pytest.raises(ValueError):
        export_bytes(seeded_engine, fmt="gpkg", crs="EPSG:3857")


def test_geojson_export_gives_every_feature_its_own_id(seeded_engine, tmp_path):
    """Sites and buildings share database ids; GDAL readers must not see repeated feature ids."""
    path = export_file(seeded_engine, tmp_path / "x.geojson", fmt="geojson").path
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert len({f["id"] for f in features}) == len(features) == 23 + 193
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GDAL's "several features with id" would raise here
        frame = pyogrio.read_dataframe(path)
    # The database ids stay in their own column.
    assert set(frame.loc[frame["layer"] == "sites", "id"]) >= {1, 2}
