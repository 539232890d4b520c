"""Version-dependent code in one place: each compat module's tested range is the dependency's
range in pyproject.toml, and the lock pins a version inside it (so CI runs the internals, and
tests/planner/test_boq_fastsheet.py and tests/pages/test_streamlit_compat.py test the
fallbacks by pretending the version is outside)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from pages._streamlit_compat import STREAMLIT
from planner.boq_workbook.xlsxwriter_compat import XLSXWRITER
from planner.versions import TestedRange, release

ROOT = Path(__file__).resolve().parents[1]


def _requirement(package: str) -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        if name.lower() == package:
            return requirement[len(name) :].replace(" ", "")
    raise AssertionError(f"{package} is not a dependency")


def _locked(package: str) -> str:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(package)}==([^ ;\\]+)", text, flags=re.MULTILINE)
    assert found, f"{package} is not in requirements.lock"
    return found[1]


@pytest.mark.parametrize("tested", [XLSXWRITER, STREAMLIT], ids=lambda r: r.package)
def test_the_tested_range_is_the_dependencys_upper_bound(tested: TestedRange):
    bounds = {
        op: release(version)
        for op, version in re.findall(r"(>=|<)([\d.]+)", _requirement(tested.package))
    }
    assert bounds["<"] == tested.high, "pyproject.toml's upper bound differs from the compat's"
    assert bounds[">="] <= tested.low  # versions below the tested range take the fallback


@pytest.mark.parametrize("tested", [XLSXWRITER, STREAMLIT], ids=lambda r: r.package)
def test_the_lock_pins_a_tested_version(tested: TestedRange):
    assert tested.holds(_locked(tested.package))
    assert tested.installed() == _locked(tested.package)


def test_version_strings_compare_by_their_numbers():
    assert release("3.3.1") == (3, 3, 1) and release("1.67.0rc1") == (1, 67, 0)
    xlsx = TestedRange("xlsxwriter", (3, 2), (3, 4))
    assert xlsx.holds("3.2") and xlsx.holds("3.3.9") and not xlsx.holds("3.4.0")
    assert not xlsx.holds("3.1.9") and not xlsx.holds("") and xlsx.specifier() == ">=3.2,<3.4"
