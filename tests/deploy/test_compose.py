"""The container setup, checked without a Docker engine (none runs on these machines).

The compose file is parsed and its references checked (build context and Dockerfile, the nginx
files it mounts, the production settings each app container gets), the compose nginx site is
run through ``nginx -t`` with the committed proxy snippet, every ``COPY`` source of the
Dockerfile exists, and where a compose client is installed, ``docker compose config`` accepts
the file (and refuses it without the public address).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.browser.helpers import free_port
from tests.deploy.cluster import PROJECT_ROOT, running_nginx, snippet_file

COMPOSE_DIR = PROJECT_ROOT / "deploy" / "compose"
COMPOSE_FILE = COMPOSE_DIR / "compose.yaml"
DOCKERFILE = PROJECT_ROOT / "deploy" / "Dockerfile"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_file_builds_the_image_and_sets_the_production_settings() -> None:
    compose = _compose()
    assert set(compose["services"]) == {"db", "app1", "app2", "nginx", "purge"}
    for name in ("app1", "app2"):
        app = compose["services"][name]
        context = (COMPOSE_DIR / app["build"]["context"]).resolve()
        assert context == PROJECT_ROOT and (context / app["build"]["dockerfile"]) == DOCKERFILE
        env = app["environment"]
        assert env["PLANNER_ENV"] == "production"
        assert env["PLANNER_DATABASE_URL"].startswith("postgresql+psycopg://planner@db:5432/")
        assert env["PLANNER_SECRET_FILE"] == "/run/secrets/planner_secret"
        assert env["PLANNER_PUBLIC_BASE_URL"].startswith("${PLANNER_PUBLIC_BASE_URL:?")
        assert set(app["secrets"]) == {"planner_secret", "pgpass"}
        assert app["depends_on"]["db"]["condition"] == "service_healthy"
    for volume in compose["services"]["nginx"]["volumes"]:
        source = (COMPOSE_DIR / volume.split(":")[0]).resolve()
        assert source.is_file(), source


def test_compose_nginx_site_passes_nginx_t_with_the_committed_snippet(tmp_path: Path) -> None:
    site = (COMPOSE_DIR / "nginx-planner.conf").read_text(encoding="utf-8")
    assert "server app1:8501" in site and "server app2:8501" in site
    port = free_port()
    site = re.sub(r"server app\d:8501", lambda _m: f"server 127.0.0.1:{free_port()}", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/etc/nginx/snippets/planner-proxy.conf", str(snippet_file(tmp_path)))
    with running_nginx({"planner": site}, port):
        pass  # nginx -t ran first; nginx started and stopped


def test_dockerfile_copies_only_what_exists() -> None:
    copies = re.findall(r"^COPY (.+) \S+$", DOCKERFILE.read_text(), re.M)
    sources = [s for line in copies for s in line.split()]
    assert "deploy" in sources and "streamlit_app.py" in sources
    for source in sources:
        assert (PROJECT_ROOT / source).exists(), source


def _compose_client() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def test_compose_client_accepts_the_file_and_requires_the_public_address() -> None:
    client = _compose_client()
    if client is None:
        pytest.skip("no compose client installed (docker-compose, or docker with compose)")
    env = {k: v for k, v in os.environ.items() if k != "PLANNER_PUBLIC_BASE_URL"}
    command = [*client, "-f", str(COMPOSE_FILE), "config"]
    refused = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert refused.returncode != 0 and "set the address residents use" in refused.stderr
    env["PLANNER_PUBLIC_BASE_URL"] = "https://gaizao.example.gov.cn"
    accepted = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert accepted.returncode == 0, accepted.stderr
    resolved = yaml.safe_load(accepted.stdout)
    assert resolved["services"]["app1"]["environment"]["PLANNER_PUBLIC_BASE_URL"] == (
        "https://gaizao.example.gov.cn"
    )
