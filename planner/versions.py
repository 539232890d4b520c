"""Which versions of a library the app's version-dependent code was tested with.

A module that relies on a library's internals (``planner.boq_workbook.xlsxwriter_compat``,
``pages/_streamlit_compat.py``) declares a :class:`TestedRange`; inside it the internals are
used, outside it the module falls back to the library's public API. The same bounds are the
dependency's range in ``pyproject.toml`` (``tests/test_compat.py`` checks they agree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata


def release(version: str) -> tuple[int, ...]:
    """The numeric release of a version string: ``"3.3.1"`` → (3, 3, 1), ``"1.67.0rc1"`` →
    (1, 67, 0)."""
    numbers = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
        if digits.group() != part:
            break
    return tuple(numbers)


@dataclass(frozen=True)
class TestedRange:
    """``low`` ≤ version < ``high`` of the distribution ``package``."""

    __test__ = False  # not a pytest test class, whatever its name

    package: str
    low: tuple[int, ...]
    high: tuple[int, ...]

    def holds(self, version: str | None = None) -> bool:
        """Whether ``version`` (the installed one by default) is inside the range."""
        found = release(version if version is not None else self.installed())
        return bool(found) and self.low <= found < self.high

    def installed(self) -> str:
        """The installed version of the package ("" when it is not installed)."""
        try:
            return metadata.version(self.package)
        except metadata.PackageNotFoundError:
            return ""

    def specifier(self) -> str:
        """The range as a requirement specifier, as written in ``pyproject.toml``."""
        low, high = (".".join(map(str, v)) for v in (self.low, self.high))
        return f">={low},<{high}"
