"""A process that starts finds the map files another made; two building at once corrupt nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.models import Programme
from maps.generated_files import GENERATED_DIR
from maps.planning import data as map_data
from maps.planning import view as map_view

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_caches():
    map_data.clear_map_caches()
    yield
    map_data.clear_map_caches()


def _p2023(session: Session) -> int:
    return session.exec(select(Programme.id).where(Programme.key == "p2023")).one()


def test_a_new_process_finds_the_geometry_file_instead_of_making_it(
    seeded_engine, tmp_path, monkeypatch
):
    with Session(seeded_engine) as session:
        pid = _p2023(session)
        first = map_view.planning_map_view(
            session, map_data.load_programme_map(session, pid), static_dir=tmp_path, lang="zh"
        )
        map_data.clear_map_caches()  # what a process that starts now knows

        def must_not_be_called(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise AssertionError("the geometry file was made again")

        monkeypatch.setattr(map_data, "lean_feature", must_not_be_called)
        again = map_view.planning_map_view(
            session, map_data.load_programme_map(session, pid), static_dir=tmp_path, lang="zh"
        )
    assert again.geometry_file == first.geometry_file
    assert again.payload["sites"] == first.payload["sites"]


def test_changed_geometry_makes_a_new_file(seeded_engine, tmp_path):
    from planner import audit

    with Session(seeded_engine) as session:
        pid = _p2023(session)
        before = map_view.planning_map_view(
            session, map_data.load_programme_map(session, pid), static_dir=tmp_path, lang="zh"
        )
        audit.record(session, "test", "update", "building", entity_id=1)  # a geometry edit
        session.commit()
        map_data.clear_map_caches()
        after = map_view.planning_map_view(
            session, map_data.load_programme_map(session, pid), static_dir=tmp_path, lang="zh"
        )
    # Same content (nothing really moved), but it was checked again, not taken on trust.
    assert after.geometry_file.version == before.geometry_file.version
    manifests = list((tmp_path / GENERATED_DIR).glob(f"p{pid}-wgs84-src-*.manifest"))
    assert len(manifests) == 2


def _warm(url: str, static_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planner.cli",
            "--database-url",
            url,
            "warm-map",
            "--static-dir",
            str(static_dir),
            "--json",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_warming_at_once_leave_whole_files(seeded_engine, tmp_path):
    url = seeded_engine.url.render_as_string(hide_password=False)
    seeded_engine.dispose()
    static_dir = tmp_path / "static"
    runs = [_warm(url, static_dir) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    reports = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]
    assert all(r["programmes"] == 4 and r["buildings"] > 179 for r in reports)
    folder = static_dir / GENERATED_DIR
    assert not list(folder.glob(".*.tmp"))  # no half-written file left behind
    for manifest in folder.glob("*.manifest"):
        record = json.loads(manifest.read_text(encoding="utf-8"))
        data = (folder / record["name"]).read_bytes()
        assert len(data) == record["size"]
        json.loads(data)  # whole, valid JSON


def test_warm_map_refuses_an_unknown_programme(seeded_engine, tmp_path):
    url = seeded_engine.url.render_as_string(hide_password=False)
    seeded_engine.dispose()
    result = subprocess.run(
        [sys.executable, "-m", "planner.cli", "--database-url", url, "warm-map"]
        + ["--programme", "p1999", "--static-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "p1999" in result.stdout
