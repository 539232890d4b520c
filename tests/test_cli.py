"""The planner command line, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from db.migrate import head_revision
from tests.report_figures import REPORT_2023


def run_planner(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANNER_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_summary_json_equals_the_report_exactly(db_url):
    result = run_planner("summary", "--year", "2023", "--json", url=db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["compounds"] == REPORT_2023["compounds"]
    assert data["buildings"] == REPORT_2023["buildings"]
    assert data["households"] == REPORT_2023["households"]
    for key, value in REPORT_2023["completed"].items():
        assert data["completed"][key] == value and isinstance(data["completed"][key], int), key


def test_db_upgrade_then_seed_twice(sqlite_url):
    assert run_planner("db", "upgrade", url=sqlite_url).returncode == 0
    first = run_planner("seed", url=sqlite_url)
    assert first.returncode == 0 and first.stdout.startswith("seeded 4 programmes"), first.stdout
    second = run_planner("seed", url=sqlite_url)
    assert second.returncode == 0 and "already seeded" in second.stdout
    current = run_planner("db", "current", url=sqlite_url)
    assert current.stdout.strip() == head_revision()


def test_summary_of_a_year_without_programmes_fails_clearly(sqlite_url):
    result = run_planner("summary", "--year", "1999", url=sqlite_url)
    assert result.returncode == 1
    assert "no compound_renovation programme for 1999" in result.stderr


def test_synthetic_seed_adds_n_buildings(sqlite_url):
    result = run_planner("seed", "--synthetic-buildings", "40", url=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "40 buildings" in result.stdout
    data = json.loads(run_planner("summary", "--year", "2025", "--json", url=sqlite_url).stdout)
    assert data["buildings"] == 40


@pytest.mark.parametrize("bad", [["seed", "--synthetic-buildings", "0"], ["summary"]])
def test_bad_arguments_exit_non_zero(sqlite_url, bad):
    assert run_planner(*bad, url=sqlite_url).returncode != 0
