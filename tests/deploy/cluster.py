"""Run the deployment on 127.0.0.1 for tests and the load test: app processes behind nginx.

The nginx configuration is the one in ``deploy/nginx/`` with only what must differ on a test
machine rewritten: the upstream's ports, the listen address, the snippet's path, and a main
``nginx.conf`` of its own (no daemon, its own pid, logs and temporary folders), so the
installed Debian nginx and its configuration stay untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.helpers import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NGINX_DIR = PROJECT_ROOT / "deploy" / "nginx"


def nginx_path() -> str | None:
    """The nginx binary, or None."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )


def require_nginx() -> str:
    """nginx, or a skip (locally) / failure (CI=true) with the install command."""
    import pytest

    found = nginx_path()
    if found:
        return found
    message = "nginx is not installed (apt-get install -y --no-install-recommends nginx)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + " (CI=true: the deployment tests must run)", pytrace=False)
    pytest.skip(message)


def render_site(upstream_ports: list[int], listen_port: int, snippet: Path) -> str:
    """``deploy/nginx/planner.conf`` for these ports (everything else as committed)."""
    text = (NGINX_DIR / "planner.conf").read_text(encoding="utf-8")
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in upstream_ports
    )
    text, count = re.subn(r"(    server 127\.0\.0\.1:\d+[^\n]*\n)+", servers, text)
    assert count == 1, "the upstream's server lines were not found in planner.conf"
    text = re.sub(
        r"    listen 80;\n    listen \[::\]:80;\n", f"    listen 127.0.0.1:{listen_port};\n", text
    )
    assert f"listen 127.0.0.1:{listen_port};" in text, "listen lines not found in planner.conf"
    return text.replace("/etc/nginx/snippets/planner-proxy.conf", str(snippet))


def render_https_site(https_port: int, http_port: int, snippet: Path, cert: Path, key: Path) -> str:
    """``deploy/nginx/planner-https.conf`` on test ports with a test certificate."""
    text = (NGINX_DIR / "planner-https.conf").read_text(encoding="utf-8")
    text = text.replace(
        "    listen 80;\n    listen [::]:80;\n", f"    listen 127.0.0.1:{http_port};\n"
    )
    text = text.replace(
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n",
        f"    listen 127.0.0.1:{https_port} ssl http2;\n",
    )
    text = text.replace("/etc/ssl/certs/planner.pem", str(cert))
    text = text.replace("/etc/ssl/private/planner.key", str(key))
    return text.replace("/etc/nginx/snippets/planner-proxy.conf", str(snippet))


MAIN_CONF = """\
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/sites/*.conf;
}}
"""


@dataclass
class Nginx:
    """A running test nginx."""

    process: subprocess.Popen
    root: Path
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return (self.root / "error.log").read_text(errors="replace")


@contextlib.contextmanager
def running_nginx(sites: Mapping[str, str], port: int) -> Iterator[Nginx]:
    """Run nginx with ``sites`` (name -> text; the snippet must be written already)."""
    binary = require_nginx()
    root = Path(tempfile.mkdtemp(prefix="planner-nginx-"))
    try:
        (root / "sites").mkdir()
        for name, text in sites.items():
            (root / "sites" / f"{name}.conf").write_text(text, encoding="utf-8")
        user = "user root;" if os.geteuid() == 0 else ""
        (root / "nginx.conf").write_text(MAIN_CONF.format(root=root, user=user))
        check = subprocess.run(
            [binary, "-t", "-p", str(root), "-c", str(root / "nginx.conf")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        process = subprocess.Popen(
            [binary, "-p", str(root), "-c", str(root / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait_for_port(port, process)
            yield Nginx(process, root, port)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def snippet_file(directory: Path) -> Path:
    """Copy the committed proxy snippet into ``directory``; return its path."""
    target = directory / "planner-proxy.conf"
    shutil.copyfile(NGINX_DIR / "planner-proxy.conf", target)
    return target


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before port {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


# --- app processes -------------------------------------------------------------------------


@dataclass
class AppProcess:
    """One app process started as ``planner serve --workers 1 --port PORT``."""

    port: int
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def health(self, timeout: float = 3.0) -> tuple[int, dict]:
        """Status code and body of ``/api/health`` (0 and {} when nothing answers)."""
        try:
            with urllib.request.urlopen(f"{self.base_url}/api/health", timeout=timeout) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError):
            return 0, {}

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_app(
    database_url: str, port: int | None = None, env: Mapping[str, str] | None = None
) -> AppProcess:
    """Start one app process the way a systemd unit does (``planner serve``), not yet ready."""
    port = port or free_port()
    fd, log_name = tempfile.mkstemp(prefix=f"planner-app-{port}-", suffix=".log")
    full_env = {
        **os.environ,
        "PLANNER_DATABASE_URL": database_url,
        # Behind the test nginx, as a deployment must say (docs/deploy.md): the visitor's
        # address is nginx's X-Forwarded-For, from nginx's connection on this machine.
        "PLANNER_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        **(env or {}),
    }
    with os.fdopen(fd, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "planner.cli", "serve", "--workers", "1", "--port", str(port)],
            cwd=str(PROJECT_ROOT), env=full_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return AppProcess(port, process, Path(log_name), full_env)


def wait_healthy(app: AppProcess, timeout: float = 90.0) -> dict:
    """Wait until the process's health endpoint answers 200; return its body."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(
                f"app on {app.port} exited with {app.process.returncode}:\n{app.log()}"
            )
        status, body = app.health()
        if status == 200:
            return body
        time.sleep(0.3)
    raise RuntimeError(f"app on {app.port} not healthy in {timeout:.0f} s:\n{app.log()}")


@contextlib.contextmanager
def running_cluster(
    database_url: str, workers: int = 2, env: Mapping[str, str] | None = None
) -> Iterator[tuple[Nginx, list[AppProcess]]]:
    """``workers`` app processes behind nginx (plain http) on free 127.0.0.1 ports."""
    apps: list[AppProcess] = []
    try:
        for _ in range(workers):
            apps.append(start_app(database_url, env=env))
        for app in apps:
            wait_healthy(app)
        snippet_dir = Path(tempfile.mkdtemp(prefix="planner-snippet-"))
        try:
            snippet = snippet_file(snippet_dir)
            port = free_port()
            site = render_site([a.port for a in apps], port, snippet)
            with running_nginx({"planner": site}, port) as nginx:
                yield nginx, apps
        finally:
            shutil.rmtree(snippet_dir, ignore_errors=True)
    finally:
        for app in apps:
            app.stop()
            app.log_path.unlink(missing_ok=True)
