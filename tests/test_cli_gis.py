"""``planner import-geodata`` and ``planner export-geodata``, run as a user would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Building, Site
from db.models.gis import UnassignedBuilding
from db.session import make_engine
from tests.test_cli import run_planner

DATA = Path(__file__).resolve().parent / "data" / "gis"


def counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return tuple(  # type: ignore[return-value]
                session.exec(select(func.count()).select_from(m)).one()
                for m in (Site, Building, UnassignedBuilding)
            )
    finally:
        engine.dispose()


def test_refuse_bad_file_with_clear_message_and_write_nothing(sqlite_url):
    assert run_planner("seed", url=sqlite_url).returncode == 0
    before = counts(sqlite_url)
    result = run_planner(
        "import-geodata", str(DATA / "one_bad_feature.geojson"), "--kind", "buildings",
        url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 1
    assert "outside Jiayuguan" in result.stdout
    assert "nothing was written" in result.stderr
    assert counts(sqlite_url) == before


def test_ask_for_crs_of_undeclared_projected_file(sqlite_url):
    result = run_planner(
        "import-geodata", str(DATA / "projected_no_crs.geojson"), "--kind", "sites",
        url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 1
    assert "--crs EPSG:4542" in result.stderr
    assert counts(sqlite_url) == (0, 0, 0)  # an import never seeds the sample


def test_dry_run_writes_nothing(sqlite_url):
    result = run_planner(
        "import-geodata", str(DATA / "projected_no_crs.geojson"), "--kind", "sites",
        "--crs", "EPSG:4542", "--dry-run", "--json",
        url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"]["create"] == 2 and data["dry_run"] is True
    assert counts(sqlite_url) == (0, 0, 0)


def test_import_with_skip_invalid_and_explicit_mapping(sqlite_url):
    assert run_planner("seed", url=sqlite_url).returncode == 0
    before = counts(sqlite_url)
    result = run_planner(
        "import-geodata", str(DATA / "one_bad_feature.geojson"), "--kind", "buildings",
        "--skip-invalid", "--map", "households=", url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "create 3" in result.stdout
    assert counts(sqlite_url) == (before[0], before[1] + 3, before[2])


def test_export_then_import_round_trip_on_the_command_line(sqlite_url, tmp_path):
    out = tmp_path / "sample.gpkg"
    result = run_planner(
        "export-geodata", "--format", "gpkg", "--crs", "EPSG:4542", "--out", str(out),
        url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert pyogrio.read_info(out, layer="sites")["crs"] == "EPSG:4542"
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    for kind in ("sites", "buildings"):
        result = run_planner("import-geodata", str(out), "--kind", kind, url=empty)
        assert result.returncode == 0, result.stderr
    assert counts(empty) == (23, 193, 0)
    again = run_planner("import-geodata", str(out), "--kind", "sites", "--json", url=empty)
    assert json.loads(again.stdout)["counts"]["unchanged"] == 23
