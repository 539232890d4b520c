"""``planner schedule check``: season conflicts of a programme, as a user would run it."""

from __future__ import annotations

import json

from tests.test_cli import run_planner


def test_schedule_check_names_the_december_concrete_road_as_winter_works(sqlite_url):
    result = run_planner("schedule", "check", "--programme", "p2023_xiyu", "--json", url=sqlite_url)
    assert result.returncode == 1, result.stderr  # conflicts found
    data = json.loads(result.stdout)
    assert data["programme"] == "p2023_xiyu" and data["count"] == len(data["conflicts"])
    road = [c for c in data["conflicts"] if c["scope"] == "concrete_road"]
    assert road and {c["rule"] for c in road} == {"winter_works"}
    planned = next(c for c in road if c["kind"] == "planned")
    assert planned["site"] == "西域花园"
    assert planned["dates"] == "2023-11-22 – 2023-12-12"
    assert planned["days"] == 21
    assert planned["winter_works"] == ["concrete"]
    assert planned["rule_zh"].startswith("冬期施工")

    text = run_planner("schedule", "check", "--programme", "p2023_xiyu", url=sqlite_url)
    assert text.returncode == 1
    assert "西域花园 · 混凝土路面硬化" in text.stdout and "冬期施工" in text.stdout


def test_schedule_check_of_a_programme_without_conflicts_and_of_an_unknown_one(sqlite_url):
    clean = run_planner("schedule", "check", "--programme", "p2023", url=sqlite_url)
    assert clean.returncode == 0, clean.stderr
    assert "no dates break a season rule" in clean.stdout
    unknown = run_planner("schedule", "check", "--programme", "p1999", url=sqlite_url)
    assert unknown.returncode == 2
    assert "p1999" in unknown.stderr
