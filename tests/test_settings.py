"""One settings model for the app, the database and the deployment (planner/settings.py).

It is read at the edge (the pages' frame, the command line, the app server) and handed down;
``db/`` is given the database URL and its options and reads no environment of its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from db.session import SQLITE_BUSY_TIMEOUT_MS, make_engine
from planner.runtime.deployment import DeploymentSettings, production_problems
from planner.settings import PlannerSettings, load_settings

ROOT = Path(__file__).resolve().parents[1]

#: Modules below the edge that may still read a ``PLANNER_*`` variable, and why.
READS_ALLOWED = {
    # Which app process this is, set by ``planner serve`` for each worker: a label, no setting.
    "planner/runtime/deployment.py": {"PLANNER_WORKER"},
    # Alembic's own command line is an edge: it is handed the database this way.
    "db/migrations/env.py": {"PLANNER_DATABASE_URL"},
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No PLANNER_* setting from the test run's environment, and no .env file."""
    for name in (
        "DATABASE_URL",
        "DATA_DIR",
        "ENV",
        "SECRET_FILE",
        "GC_FREEZE",
        "TRUSTED_PROXY_HEADER",
    ):
        monkeypatch.delenv(f"PLANNER_{name}", raising=False)
    monkeypatch.delenv("PLANNER_SQLITE_BUSY_TIMEOUT_MS", raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_database_and_deployment_settings_are_fields_of_the_one_model(clean_env, tmp_path):
    clean_env.setenv("PLANNER_DATABASE_URL", "postgresql+psycopg://planner@db:5432/planner")
    clean_env.setenv("PLANNER_ENV", "production")
    clean_env.setenv("PLANNER_SECRET_FILE", str(tmp_path / "secret"))
    clean_env.setenv("PLANNER_SQLITE_BUSY_TIMEOUT_MS", "250")
    clean_env.setenv("PLANNER_GC_FREEZE", "0")
    clean_env.setenv("PLANNER_WINDOW_RATIO", "0.25")
    clean_env.setenv("PLANNER_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    settings = load_settings()
    assert settings.resolved_database_url() == "postgresql+psycopg://planner@db:5432/planner"
    assert settings.env == "production" and settings.secret_file == str(tmp_path / "secret")
    assert settings.sqlite_busy_timeout_ms == 250 and settings.gc_freeze is False
    assert settings.window_ratio == 0.25
    assert DeploymentSettings is PlannerSettings  # the deployment reads the same model
    problems = {p.setting for p in production_problems(settings)}
    assert problems == {"PLANNER_PUBLIC_BASE_URL", "PLANNER_SECRET_FILE"}  # file is missing
    clean_env.delenv("PLANNER_TRUSTED_PROXY_HEADER")  # required in production (issue #21)
    problems = {p.setting for p in production_problems(load_settings())}
    assert "PLANNER_TRUSTED_PROXY_HEADER" in problems


def test_without_a_url_the_database_is_a_sqlite_file_in_the_data_folder(clean_env, tmp_path):
    clean_env.setenv("PLANNER_DATA_DIR", str(tmp_path / "state"))
    settings = load_settings()
    assert settings.env == "development" and settings.gc_freeze is True
    url = settings.resolved_database_url()
    assert url == f"sqlite:///{(tmp_path / 'state' / 'planner.db').resolve()}"
    assert (tmp_path / "state").is_dir()
    assert (tmp_path / "state").stat().st_mode & 0o077 == 0  # the owner's only


def test_a_secret_file_given_in_code_may_be_a_path(clean_env, tmp_path):
    assert PlannerSettings(secret_file=tmp_path / "key").secret_file == str(tmp_path / "key")
    assert PlannerSettings(secret_file=None).secret_file == ""
    assert PlannerSettings().secret_file == ""


def test_the_engine_is_handed_its_busy_timeout_and_reads_no_environment(clean_env, tmp_path):
    clean_env.setenv("PLANNER_SQLITE_BUSY_TIMEOUT_MS", "1")
    for given, expected in ((250, 250), (None, SQLITE_BUSY_TIMEOUT_MS)):
        url = f"sqlite:///{tmp_path / f'{expected}.db'}"
        engine = (
            make_engine(url) if given is None else make_engine(url, sqlite_busy_timeout_ms=given)
        )
        try:
            with engine.connect() as connection:
                timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        finally:
            engine.dispose()
        assert timeout == expected


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _planner_name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if node.value.startswith("PLANNER_"):
            return node.value
    return None


def _planner_variables_read(path: Path) -> set[str]:
    """``PLANNER_*`` names a module reads: ``os.environ[...]``, ``os.environ.get(...)``,
    ``os.getenv(...)`` (writing a child process's environment is not reading)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            name = _planner_name(node.slice) if _is_environ(node.value) else None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            func = node.func
            if (func.attr == "get" and _is_environ(func.value)) or func.attr == "getenv":
                name = _planner_name(node.args[0])
        if name:
            names.add(name)
    return names


def test_no_module_below_the_edge_reads_a_setting_from_the_environment():
    offenders = {}
    for package in ("planner", "db", "geodata", "maps"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "planner/settings.py":
                continue
            read = _planner_variables_read(path) - READS_ALLOWED.get(relative, set())
            if read:
                offenders[relative] = sorted(read)
    assert offenders == {}
