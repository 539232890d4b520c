"""Write requirements-app.lock: the app's part of requirements.lock, for the image.

requirements.lock pins, with hashes, everything the app and its tests need (uv's universal
lock of the project with its ``test`` extra). The image (``deploy/Dockerfile``) needs only
the app: pytest, Playwright, mypy, ruff and the rest of the test tools have no business in a
production container. This script keeps the entries of requirements.lock that the project's
own dependencies (``[project.dependencies]`` in pyproject.toml, and its build backend) lead
to, found through the lock's own ``# via`` notes (a package is kept when a kept package, or
the project for one of its own dependencies, needs it), and copies them as they are: the same
versions, markers and hashes, nothing resolved again.

Run it after regenerating requirements.lock (see scripts/_venv.sh):

    python3 scripts/app_lock.py            # writes requirements-app.lock
    python3 scripts/app_lock.py --check    # exit 1 when the file is not what it would write
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK, APP_LOCK = ROOT / "requirements.lock", ROOT / "requirements-app.lock"
PROJECT = "renovation-planner"
HEADER = (
    "# The app's part of requirements.lock (no test tools), for deploy/Dockerfile.\n"
    "# Written by scripts/app_lock.py from requirements.lock; do not edit by hand.\n"
)


def normalise(name: str) -> str:
    """A distribution name as the lock writes it (PEP 503: lower case, runs of -_. as -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(text: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    if match is None:
        raise ValueError(f"not a requirement: {text!r}")
    return normalise(match.group(1))


def project_dependencies(pyproject: str) -> set[str]:
    """The names of the project's own (not optional) dependencies, and of what builds it (the
    image installs the planner with ``--no-build-isolation``: setuptools must be there)."""
    data = tomllib.loads(pyproject)
    texts = data["project"]["dependencies"] + data["build-system"]["requires"]
    return {_requirement_name(text) for text in texts}


def entries(lock: str) -> list[tuple[str, str, set[str]]]:
    """The lock's entries in order: (name, the entry's text, the names in its ``# via``)."""
    found: list[tuple[str, str, set[str]]] = []
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2]):
        name = _requirement_name(block)
        via_text = block.split("# via", 1)[1] if "# via" in block else ""
        via = {
            PROJECT if "(pyproject.toml)" in line else normalise(line.strip())
            for line in re.sub(r"^\s*#\s*", "", via_text, flags=re.M).splitlines()
            if line.strip()
        }
        found.append((name, block.rstrip("\n") + "\n", via))
    return found


def app_names(lock: str, dependencies: set[str]) -> set[str]:
    """The lock's packages the app needs: its dependencies and what they need, through ``via``."""
    kept = set(dependencies)
    listed = entries(lock)
    missing = dependencies - {name for name, _, _ in listed}
    if missing:
        raise ValueError(f"dependencies not in the lock: {sorted(missing)}")
    changed = True
    while changed:
        changed = False
        for name, _, via in listed:
            if name not in kept and via & kept:
                kept.add(name)
                changed = True
    return kept


def app_lock(lock: str, pyproject: str) -> str:
    """The text of requirements-app.lock for these requirements.lock and pyproject.toml."""
    kept = app_names(lock, project_dependencies(pyproject))
    return HEADER + "".join(text for name, text, _ in entries(lock) if name in kept)


def main(argv: list[str]) -> int:
    text = app_lock(LOCK.read_text("utf-8"), (ROOT / "pyproject.toml").read_text("utf-8"))
    if "--check" in argv:
        if not APP_LOCK.exists() or APP_LOCK.read_text("utf-8") != text:
            print(f"{APP_LOCK.name} is not up to date: run python3 scripts/app_lock.py")
            return 1
        return 0
    APP_LOCK.write_text(text, "utf-8")
    print(f"wrote {APP_LOCK.name}: {text.count('==')} of {LOCK.read_text('utf-8').count('==')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
