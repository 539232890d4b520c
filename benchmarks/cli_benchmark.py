"""How fast the ``planner`` command line answers ``--help``, against ``python -c pass``.

    .venv/bin/python benchmarks/cli_benchmark.py              # 15 runs of each row
    .venv/bin/python benchmarks/cli_benchmark.py --runs 30

Every row is a fresh process of the same interpreter, started the way a person starts it
(``.venv/bin/planner`` is the installed entry point), its output thrown away. For each row:
the median and the fastest wall time over the runs, and the largest resident memory of one
run (``ru_maxrss`` of that child, from ``os.wait4``). In the same run:

- ``python -c pass``: the floor (starting the interpreter and its ``site``);
- ``planner --help`` and ``planner <command> --help`` for a few commands: what the command
  line does now (parse first, import what a command needs only when it runs);
- ``eager --help``: the same parser after importing every module that runs a command (their
  SQLAlchemy, Alembic, pandas, shapely, the domains), which is what ``planner`` did before it
  parsed first; the ratio to it is printed.

The targets (0.3 s and 60 MB, on a quiet machine) are checked against the median and the
memory; the load average is printed, as the machines are shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET_SECONDS = 0.3
TARGET_MB = 60.0

#: The old start-up: every command module imported, then the parser built and asked for help.
EAGER = (
    "import importlib, sys\n"
    "from planner.cli import commands\n"
    "for name in sorted(set(commands.RUNNERS.values())):\n"
    "    importlib.import_module(name)\n"
    "from planner.cli.main import main\n"
    "sys.exit(main(['--help']))\n"
)


@dataclass
class Row:
    label: str
    seconds: list[float]
    max_rss_mb: float
    target: bool  # checked against the targets

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _planner() -> str:
    installed = BIN / "planner"
    return str(installed) if installed.exists() else ""


def _run_once(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and max resident MB of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {process.returncode}")
    return seconds, usage.ru_maxrss / 1024  # Linux: kilobytes


def measure(label: str, argv: list[str], runs: int, *, target: bool) -> Row:
    _run_once(argv)  # warm the file cache: every row starts from the same state
    seconds, memory = [], 0.0
    for _ in range(runs):
        wall, rss = _run_once(argv)
        seconds.append(wall)
        memory = max(memory, rss)
    return Row(label, seconds, memory, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each row (default 15)")
    args = parser.parse_args(argv)
    planner = _planner()
    if not planner:
        raise SystemExit("install the planner first (scripts/test.sh or scripts/run.sh)")
    python = sys.executable
    cases = [
        ("python -c pass", [python, "-c", "pass"], False),
        ("planner --help", [planner, "--help"], True),
        ("planner export-boq --help", [planner, "export-boq", "--help"], True),
        ("planner import-geodata --help", [planner, "import-geodata", "--help"], True),
        ("planner user add --help", [planner, "user", "add", "--help"], True),
        ("planner serve --help", [planner, "serve", "--help"], True),
        ("eager --help (before)", [python, "-c", EAGER], False),
    ]
    load = os.getloadavg()
    rows = [measure(label, command, args.runs, target=target) for label, command, target in cases]
    floor = rows[0].median
    eager = rows[-1]
    print(f"{args.runs} runs each; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print()
    print("| command | median s | fastest s | × python -c pass | max RSS MB | target |")
    print("|---|---:|---:|---:|---:|---|")
    failed = False
    for row in rows:
        verdict = ""
        if row.target:
            ok = row.median < TARGET_SECONDS and row.max_rss_mb < TARGET_MB
            failed |= not ok
            verdict = "met" if ok else "MISSED"
        print(
            f"| `{row.label}` | {row.median:.3f} | {min(row.seconds):.3f} | "
            f"{row.median / floor:.1f} | {row.max_rss_mb:.0f} | {verdict} |"
        )
    help_row = rows[1]
    print()
    print(
        f"planner --help: {eager.median / help_row.median:.0f}× faster and "
        f"{eager.max_rss_mb / help_row.max_rss_mb:.0f}× less memory than the eager start-up; "
        f"targets {TARGET_SECONDS} s and {TARGET_MB:.0f} MB"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
