"""``planner serve|backup|restore|health``: running and keeping the planner as a service.

- ``planner serve --workers N --port P`` checks the production settings, migrates and seeds a
  new database once, then runs N app processes on ports P, P+1, ... (127.0.0.1 by default) for
  the proxy in ``deploy/nginx/``. With one worker the process becomes the app itself (what a
  systemd unit per port runs); with more it supervises them: a process that dies is started
  again, and SIGTERM/SIGINT stop them all.
- ``planner backup FILE`` / ``planner restore FILE --yes``: see ``db.backup``; a restore
  then ends every login and keeps each account's newer password and status
  (``planner.accounts.restore``), and says so.
- ``planner health``: the health endpoint's check from the shell (exit 0 when healthy).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from db.backup import BackupError, backup_database, restore_database
from planner.runtime.deployment import (
    check_health,
    derived_secret,
    prepare_database,
    production_problems,
)
from planner.settings import PlannerSettings, load_settings


def _project_root() -> Path:
    """The checkout that holds the app (its pages, static/ and deploy/asgi.py).

    The package's own tree for an editable install (``pip install -e .``, what
    ``scripts/_venv.sh`` and the container image do), else the working directory.
    """
    for candidate in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (candidate / "deploy" / "asgi.py").is_file() and (candidate / "pages").is_dir():
            return candidate
    return Path.cwd()


#: The app launcher (the Streamlit app plus its health endpoint), in the source tree.
PROJECT_ROOT = _project_root()
LAUNCHER = PROJECT_ROOT / "deploy" / "asgi.py"
#: A worker that dies is restarted after this many seconds (doubling to the maximum while it
#: keeps dying within a minute of its start).
RESTART_DELAY, RESTART_DELAY_MAX = 1.0, 30.0
#: Largest upload (MB) a process accepts: the same as ``server.maxUploadSize`` in
#: .streamlit/config.toml (bounded for safety, docs/security.md); deploy/nginx/planner-proxy.conf
#: allows the same. Larger photo archives go through ``planner import-photos``.
MAX_UPLOAD_MB = 50


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command when it is one of these; None otherwise."""
    if args.command == "serve":
        return _serve(args, engine)
    if args.command == "backup":
        return _backup(args.file, engine)
    if args.command == "restore":
        return _restore(args.file, engine, confirmed=args.yes)
    if args.command == "health":
        result = check_health(engine)
        if args.json:
            print(json.dumps(result.to_json_dict(), ensure_ascii=False))
        else:
            print(
                f"{'healthy' if result.ok else 'NOT healthy'}: database {result.database}, "
                f"schema {result.schema} (expected {result.expected_schema})"
            )
        return 0 if result.ok else 1
    return None


def _backup(target: Path, engine: Engine) -> int:
    try:
        result = backup_database(engine, target)
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"backed up {result.kind} database (schema {result.revision}) to {result.path} "
        f"({result.size_bytes:,} bytes)"
    )
    return 0


def _restore(source: Path, engine: Engine, *, confirmed: bool) -> int:
    if not confirmed:
        print(
            "restore replaces everything in the database: add --yes to confirm "
            "(stop the app processes first)",
            file=sys.stderr,
        )
        return 2
    from planner.accounts.restore import after_restore, snapshot

    accounts = snapshot(engine)  # the passwords and statuses as they are now
    try:
        result = restore_database(engine, source)
    except BackupError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    report = after_restore(engine, accounts)
    print(
        f"restored {result.kind} backup {result.path} (schema {result.revision}); "
        "schema now up to date"
    )
    print(
        f"every login ended ({report.sessions_ended} session(s)): everyone logs in again; "
        f"{report.accounts_kept} account(s) kept the password and status they had before "
        "the restore"
    )
    return 0


def worker_command(port: int, address: str) -> list[str]:
    """The command line of one app process."""
    return [
        sys.executable, "-m", "streamlit", "run", str(LAUNCHER),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
    ]  # fmt: skip


def worker_environment(settings: PlannerSettings, database_url: str, port: int) -> dict[str, str]:
    """The environment of one app process: the same database and cookie secret in each."""
    env = {**os.environ, "PLANNER_DATABASE_URL": database_url, "PLANNER_WORKER": str(port)}
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    cookie_secret = derived_secret(settings, "streamlit-cookie-secret")
    if cookie_secret:
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret
    return env


def _serve(args: argparse.Namespace, engine: Engine) -> int:
    settings = load_settings()
    problems = production_problems(settings)
    if problems:
        print("refusing to start in production (PLANNER_ENV=production):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    if args.workers < 1 or not 1 <= args.port <= 65535 - args.workers:
        print("--workers must be at least 1 and the ports must fit below 65536", file=sys.stderr)
        return 2
    if not LAUNCHER.is_file():
        print(f"{LAUNCHER} not found: run planner serve in the checkout", file=sys.stderr)
        return 2
    url = engine.url.render_as_string(hide_password=False)
    ports = [args.port + i for i in range(args.workers)]
    if args.dry_run:
        for port in ports:
            print(" ".join(worker_command(port, args.address)))
        return 0
    prepare_database(engine)  # once, before any process takes traffic
    engine.dispose()
    os.chdir(PROJECT_ROOT)  # .streamlit/config.toml applies; static/ is beside the app
    if args.workers == 1:
        env = worker_environment(settings, url, ports[0])
        command = worker_command(ports[0], args.address)
        os.execve(command[0], command, env)  # the process manager watches the app itself
    return _supervise(ports, args.address, lambda port: worker_environment(settings, url, port))


def _supervise(ports: list[int], address: str, environment) -> int:  # noqa: ANN001
    """Run one app process per port until SIGTERM/SIGINT; restart those that die."""
    stopping = False

    def stop(_signum, _frame) -> None:  # noqa: ANN001
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    processes: dict[int, subprocess.Popen] = {}
    started: dict[int, float] = {}
    delay = dict.fromkeys(ports, RESTART_DELAY)
    restart_at: dict[int, float] = {}

    def start(port: int) -> None:
        processes[port] = subprocess.Popen(worker_command(port, address), env=environment(port))
        started[port] = time.monotonic()
        print(f"app process on {address}:{port}: pid {processes[port].pid}", flush=True)

    for port in ports:
        start(port)
    while not stopping:
        time.sleep(0.5)
        now = time.monotonic()
        for port, process in list(processes.items()):
            if process.poll() is None or port in restart_at:
                continue
            lived = now - started[port]
            delay[port] = RESTART_DELAY if lived > 60 else min(delay[port] * 2, RESTART_DELAY_MAX)
            print(
                f"app process on port {port} exited with {process.returncode}; "
                f"restarting in {delay[port]:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            restart_at[port] = now + delay[port]
        for port, when in list(restart_at.items()):
            if now >= when and not stopping:
                del restart_at[port]
                start(port)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 20
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return 0
