"""The survey commands of the planner command line, run as a user would run them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import run_planner

DATA = Path(__file__).resolve().parent / "data" / "surveys"


def _responses(url: str, site: str = "广汇小区") -> int:
    result = run_planner("survey-stats", "--site", site, "--json", url=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["responses"]


def test_survey_stats_json_of_xinhua_road(sqlite_url):
    result = run_planner("survey-stats", "--site", "新华路", "--json", url=sqlite_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["responses"] == 730
    assert data["support_rate"] == 0.7507  # 548 / 730, the reported 75 %
    assert data["suggestions"] == 256
    assert set(data["suggestions_by_category"]) == {"bus_stop", "road", "utility_pipes"}
    assert data["suggestions_by_status"]["evaluating"] == 256


def test_import_survey_then_again_adds_nothing(sqlite_url):
    path = str(DATA / "wjx_gbk.csv")
    first = run_planner("import-survey", path, "--site", "广汇小区", "--json", url=sqlite_url)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 6
    second = run_planner("import-survey", path, "--site", "guanghui compound", url=sqlite_url)
    assert second.returncode == 0, second.stderr
    assert "imported 0 responses" in second.stdout and "6 already stored" in second.stdout
    assert _responses(sqlite_url) == 6


def test_import_of_a_bad_file_fails_with_rows_and_changes_nothing(sqlite_url):
    result = run_planner(
        "import-survey", str(DATA / "bad_values.csv"), "--site", "广汇小区", url=sqlite_url
    )
    assert result.returncode == 1
    assert "bad_values.csv: 4 problem(s) found; nothing has been imported:" in result.stderr
    assert "Row 3, column “是否支持”: unknown value “也许吧”" in result.stderr
    assert "Row 5, column “提交答卷时间”" in result.stderr
    assert _responses(sqlite_url) == 0
    stats = run_planner("survey-stats", "--site", "广汇小区", "--json", url=sqlite_url)
    assert json.loads(stats.stdout)["surveys"] == 0  # not even the survey was created


def test_import_only_valid_rows_and_dry_run(sqlite_url):
    bad = str(DATA / "bad_values.csv")
    dry = run_planner(
        "import-survey",
        bad,
        "--site",
        "广汇小区",
        "--only-valid",
        "--dry-run",
        "--json",
        url=sqlite_url,
    )
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["added"] == 1 and json.loads(dry.stdout)["dry_run"]
    assert _responses(sqlite_url) == 0
    real = run_planner("import-survey", bad, "--site", "广汇小区", "--only-valid", url=sqlite_url)
    assert real.returncode == 0 and "4 invalid rows skipped" in real.stdout
    assert _responses(sqlite_url) == 1


def test_import_of_an_empty_file_or_unknown_site_fails_clearly(sqlite_url):
    empty = run_planner(
        "import-survey", str(DATA / "empty.csv"), "--site", "新华路", url=sqlite_url
    )
    assert empty.returncode == 1 and "The file is empty." in empty.stderr
    nowhere = run_planner(
        "import-survey", str(DATA / "wjx_gbk.csv"), "--site", "无此小区", url=sqlite_url
    )
    assert nowhere.returncode == 2 and "No site is named “无此小区”." in nowhere.stderr
