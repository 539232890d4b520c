"""Run one parse in a fresh process and measure what it cost: wall time and memory growth.

A parser's bound is a resource limit the code enforces, so it is measured where nothing else
runs: a new Python process imports the planner, reads the file from disk, notes its resident
memory (its own start-up), then calls the parser once. The answer is the outcome (the refusal's
message key, or "accepted"), the seconds the call took and how far the peak resident memory
rose above the start (``VmHWM``, the peak of the process's own memory: ``ru_maxrss`` would
carry the peak of the test process it was started from). The process's address space is
capped (3 GiB) and its time too, so the code before the fix fails the test without swapping a
shared machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a refusal may cost at most (issue #21): within 2 s, under +100 MB of the start-up.
MAX_SECONDS = 2.0
MAX_GROWTH_MB = 100.0

_SCRIPT = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
sys.path.insert(0, sys.argv[1])
path = sys.argv[2]
setup = sys.argv[3]
call = sys.argv[4]
exec(setup)

def status(field):  # this process's own figures (ru_maxrss would carry the parent's peak)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0

def rss():
    return status("VmRSS")

before = rss()
started = time.perf_counter()
try:
    result = eval(call)
    outcome = "accepted"
    if isinstance(result, tuple) and len(result) == 2 and hasattr(result[0], "entries"):
        keys = sorted({r.key for r in result[1]})  # photo import: (spool, refused files)
        outcome = "refused:" + ",".join(keys) if keys and not result[0].entries else outcome
except MemoryError:
    outcome = "MemoryError"
except Exception as error:
    keys = [getattr(error, "key", "")]
    keys += [getattr(e, "message_key", "") for e in getattr(error, "errors", [])]
    outcome = "refused:" + ",".join(k for k in keys if k) if any(keys) else repr(error)[:300]
seconds = time.perf_counter() - started
peak = status("VmHWM")
print(json.dumps({"outcome": outcome, "seconds": seconds, "growth_mb": (peak - before) / 2**20}))
"""


@dataclass(frozen=True)
class Cost:
    """What one parse did and cost."""

    outcome: str
    seconds: float
    growth_mb: float

    def refused_within_bounds(self, key: str) -> bool:
        return (
            key in self.outcome.split(":", 1)[-1].split(",")
            and self.seconds < MAX_SECONDS
            and self.growth_mb < MAX_GROWTH_MB
        )

    def __str__(self) -> str:
        return f"{self.outcome} after {self.seconds:.2f} s, +{self.growth_mb:.0f} MB"


def measure(path: Path, setup: str, call: str, *, timeout: float = 90.0) -> Cost:
    """Run ``setup`` then ``call`` (with ``path`` the file) in a fresh process; its cost.

    A process that runs past ``timeout`` counts as unbounded (the code before the fix took
    minutes).
    """
    try:
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(ROOT), str(path), setup, call],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return Cost(f"still parsing after {timeout:.0f} s", timeout, float("nan"))
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return Cost(f"crashed ({done.returncode}): {done.stderr[-500:]}", 0.0, float("nan"))
    return Cost(**json.loads(lines[-1]))
