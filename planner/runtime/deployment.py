"""Running the planner as a service: production settings, database readiness, health.

A bureau runs several app processes behind one address (``deploy/``, ``docs/deploy.md``).
What each of them needs before it takes traffic lives here, free of Streamlit so that the
command line (``planner serve``) and the app launcher (``deploy/asgi.py``) share it:

- :func:`production_problems` lists what a production deployment (``PLANNER_ENV=production``)
  lacks: the public address, the secret file, the database URL, the proxy's client-address
  header and addresses; a process refuses to start while the list is not empty;
- :func:`prepare_database` migrates and seeds a new database once, even when several
  processes start at the same moment (an advisory lock on PostgreSQL);
- :func:`check_health` answers the health endpoint: the database answers and its schema is
  the one the code expects.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.migrate import current_revision, head_revision
from planner.limits import parse_networks
from planner.runtime.startup import ensure_database_ready
from planner.settings import PlannerSettings

#: Fewest bytes a secret file must hold (32 random bytes, e.g. ``openssl rand -hex 32``).
MIN_SECRET_BYTES = 32
#: Advisory lock key that serialises start-up migrations across processes ("plan" in ASCII).
MIGRATION_LOCK_KEY = 0x706C616E


#: The settings of a deployment are the planner's one settings model (``env``,
#: ``public_base_url``, ``secret_file``, ``database_url``, ``trusted_proxy_header``,
#: ``trusted_proxies`` among the others); the old name stays for code that still says it.
DeploymentSettings = PlannerSettings


@dataclass(frozen=True)
class Problem:
    """A setting a production deployment lacks or has wrong."""

    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.message}"


def production_problems(settings: PlannerSettings) -> list[Problem]:
    """What keeps ``settings`` from running in production (empty outside production)."""
    if settings.env != "production":
        return []
    problems: list[Problem] = []
    url = settings.public_base_url.strip()
    parts = urlsplit(url)
    if not url:
        problems.append(
            Problem(
                "PLANNER_PUBLIC_BASE_URL",
                "not set: the address residents reach the app at, e.g. https://gaizao.example.gov.cn"
                " (printed on QR codes and notices)",
            )
        )
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(
            Problem("PLANNER_PUBLIC_BASE_URL", f"{url!r} is not an http(s) address with a host")
        )
    problems.extend(_secret_file_problems(_secret_path(settings)))
    problems.extend(_proxy_problems(settings))
    if not (settings.database_url or "").strip():
        problems.append(
            Problem(
                "PLANNER_DATABASE_URL",
                "not set: production needs a named database, "
                "e.g. postgresql+psycopg://planner@127.0.0.1:5432/planner",
            )
        )
    return problems


def _secret_path(settings: PlannerSettings) -> Path | None:
    return Path(settings.secret_file) if settings.secret_file.strip() else None


def _proxy_problems(settings: PlannerSettings) -> list[Problem]:
    """Behind the proxy every visitor arrives from the proxy's address: without the header it
    sets, the limits per client would count the whole city as one client."""
    if not settings.trusted_proxy_header.strip():
        return [
            Problem(
                "PLANNER_TRUSTED_PROXY_HEADER",
                "not set: the header the proxy sets with the visitor's address (X-Forwarded-For"
                " with deploy/nginx), or every visitor is one client to the login and feedback"
                " limits",
            )
        ]
    try:
        networks = parse_networks(settings.trusted_proxies)
    except ValueError as error:
        return [Problem("PLANNER_TRUSTED_PROXIES", f"{settings.trusted_proxies!r}: {error}")]
    if not networks:
        return [
            Problem(
                "PLANNER_TRUSTED_PROXIES",
                "not set: the addresses the proxy connects to the app from (e.g. 127.0.0.1)",
            )
        ]
    return []


def _secret_file_problems(path: Path | None) -> list[Problem]:
    name = "PLANNER_SECRET_FILE"
    if path is None or not str(path).strip():
        return [
            Problem(
                name,
                "not set: a file of at least 32 random bytes readable only by the service "
                "(e.g. openssl rand -hex 32 > /etc/planner/secret; chmod 600)",
            )
        ]
    try:
        info = path.stat()
        size = len(path.read_bytes().strip())
    except OSError as exc:
        return [Problem(name, f"cannot read {path}: {exc.strerror or exc}")]
    problems = []
    if size < MIN_SECRET_BYTES:
        problems.append(Problem(name, f"{path} holds {size} bytes; at least {MIN_SECRET_BYTES}"))
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        problems.append(
            Problem(
                name,
                f"{path} is readable by others (mode {stat.filemode(info.st_mode)}); chmod 600",
            )
        )
    return problems


def derived_secret(settings: PlannerSettings, purpose: str) -> str | None:
    """A secret for ``purpose`` derived from the secret file (the same in every process).

    Used for Streamlit's own cookie secret, so that every app process signs alike; None
    without a secret file.
    """
    path = _secret_path(settings)
    if path is None or not path.is_file():
        return None
    key = path.read_bytes().strip()
    return hmac.new(key, purpose.encode(), hashlib.sha256).hexdigest()


def prepare_database(engine: Engine) -> None:
    """Migrate and seed a new database before this process takes traffic.

    Several processes starting at once must not run the same migration twice: on PostgreSQL
    they queue on an advisory lock, and each finds the work done by the first. SQLite
    serialises writers by itself.
    """
    if engine.dialect.name != "postgresql":
        ensure_database_ready(engine)
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            ensure_database_ready(engine)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            lock.commit()


@dataclass
class Health:
    """The answer of the health endpoint."""

    ok: bool
    database: str  # "ok", or what went wrong
    schema: str | None = None
    expected_schema: str | None = None
    seconds: float = 0.0
    details: dict[str, object] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.ok else "unavailable",
            "database": self.database,
            "schema": self.schema,
            "expected_schema": self.expected_schema,
            "seconds": round(self.seconds, 4),
            **self.details,
        }


def check_health(engine: Engine) -> Health:
    """Ask the database for ``SELECT 1`` and its schema revision (never raises)."""
    started = time.perf_counter()
    expected = head_revision()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1")).scalar_one()
        revision = current_revision(engine)
    except Exception as exc:  # noqa: BLE001  (any failure means "not healthy")
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Health(
            False,
            f"error: {type(exc).__name__}: {message[:200]}",
            None,
            expected,
            time.perf_counter() - started,
        )
    seconds = time.perf_counter() - started
    if revision != expected:
        return Health(False, "schema is not current", revision, expected, seconds)
    return Health(True, "ok", revision, expected, seconds)


def process_memory_bytes() -> int:
    """Resident memory of this process (Linux ``/proc``; 0 where unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def worker_label() -> str:
    """Which app process this is (``PLANNER_WORKER``, set by ``planner serve``), else the pid."""
    return os.environ.get("PLANNER_WORKER") or str(os.getpid())
