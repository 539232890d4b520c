"""The arithmetic of owners' votes (民法典 第二百七十八条): thresholds, four counters, results.

Pure and exact: every share is compared as ``part × d ≥ n × whole`` on ``fractions.Fraction``
(floats are read as the decimal they print as), so a share of exactly 2/3 passes "≥ 2/3" and
exactly 1/2 fails "> 1/2". ``ConsentRules`` holds one city's thresholds (from the settings);
``evaluate`` applies them to a vote's counters and names every test that failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import TYPE_CHECKING, Literal

from db.models import ConsentMatter
from planner.errors import Refused
from planner.i18n import t

if TYPE_CHECKING:
    from db.models import ConsentVote
    from planner.settings import PlannerSettings

Number = int | Decimal | Fraction | float


def exact(value: Number) -> Fraction:
    """``value`` as an exact fraction; a float is read as the decimal it prints as."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, int | Decimal | Rational):
        return Fraction(value)
    raise TypeError(f"not a number: {value!r}")


@dataclass(frozen=True)
class Threshold:
    """A share that must be reached: ``≥ fraction`` or, when ``strict``, ``> fraction``."""

    fraction: Fraction
    strict: bool = False

    _PATTERN = re.compile(r"^\s*(>=|≥|>)?\s*(\d+)\s*(?:/\s*(\d+))?\s*$")

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """Read ">=2/3", "≥ 3/4", ">1/2" or "2/3" (no sign means ≥)."""
        match = cls._PATTERN.match(text)
        if not match:
            raise ValueError(f"not a threshold: {text!r} (write e.g. '>=2/3' or '>1/2')")
        sign, numerator, denominator = match.groups()
        fraction = Fraction(int(numerator), int(denominator or 1))
        if not 0 <= fraction <= 1:
            raise ValueError(f"a threshold is a share between 0 and 1: {text!r}")
        return cls(fraction, strict=sign == ">")

    def met(self, part: Number, whole: Number) -> bool:
        """Whether ``part / whole`` reaches the threshold (False when ``whole`` is 0)."""
        part_q, whole_q = exact(part), exact(whole)
        if whole_q <= 0:
            return False
        # Cross-multiplied: part / whole ≥ n / d  ⇔  part · d ≥ n · whole (whole > 0).
        left = part_q * self.fraction.denominator
        right = self.fraction.numerator * whole_q
        return left > right if self.strict else left >= right

    def label(self) -> str:
        """ "≥ 2/3" or "> 1/2"."""
        return f"{'>' if self.strict else '≥'} {self.fraction}"


ApprovalBase = Literal["participants", "owners"]


@dataclass(frozen=True)
class ConsentRules:
    """The thresholds of one city. ``quorum`` None: no participation test (物权法 2007)."""

    key: str
    quorum: Threshold | None
    special_majority: Threshold
    ordinary_majority: Threshold
    approval_base: ApprovalBase
    special_matters: frozenset[str]
    city: str = ""
    source: str = ""

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> ConsentRules:
        """The preset named in the settings, with each threshold the settings override."""
        preset = PRESETS[settings.consent_preset]
        quorum = preset.quorum
        if settings.consent_quorum is not None:
            parsed = Threshold.parse(settings.consent_quorum)
            quorum = None if parsed.fraction == 0 and not parsed.strict else parsed
        return cls(
            key=preset.key,
            quorum=quorum,
            special_majority=_override(preset.special_majority, settings.consent_special_majority),
            ordinary_majority=_override(
                preset.ordinary_majority, settings.consent_ordinary_majority
            ),
            approval_base=settings.consent_approval_base or preset.approval_base,
            special_matters=preset.special_matters,
            city=settings.consent_city,
            source=settings.consent_source or preset.source,
        )

    def threshold_for(self, matter: str) -> Threshold:
        """The approval threshold of ``matter``."""
        return self.special_majority if matter in self.special_matters else self.ordinary_majority


def _override(default: Threshold, text: str | None) -> Threshold:
    return default if text is None else Threshold.parse(text)


_M = ConsentMatter
CIVIL_CODE_2021 = ConsentRules(
    key="civil_code_2021",
    quorum=Threshold(Fraction(2, 3)),
    special_majority=Threshold(Fraction(3, 4)),
    ordinary_majority=Threshold(Fraction(1, 2), strict=True),
    approval_base="participants",
    special_matters=frozenset({_M.RAISE_FUNDS, _M.REBUILD, _M.COMMON_USE}),
    source="民法典 第二百七十八条",
)
PROPERTY_LAW_2007 = ConsentRules(
    key="property_law_2007",
    quorum=None,
    special_majority=Threshold(Fraction(2, 3)),
    ordinary_majority=Threshold(Fraction(1, 2), strict=True),
    approval_base="owners",
    special_matters=frozenset({_M.USE_FUNDS, _M.RAISE_FUNDS, _M.REBUILD}),
    source="物权法 第七十六条（2007，2021年废止）",
)
PRESETS: dict[str, ConsentRules] = {r.key: r for r in (CIVIL_CODE_2021, PROPERTY_LAW_2007)}


@dataclass(frozen=True)
class VoteCounts:
    """The owners' totals and the four counters of a vote (areas in m²)."""

    owners_area: Number
    owners_count: int
    participants_area: Number
    participants_count: int
    consenting_area: Number
    consenting_count: int

    @classmethod
    def of(cls, vote: ConsentVote) -> VoteCounts:
        """The counters of a stored vote."""
        return cls(
            vote.owners_area_m2,
            vote.owners_count,
            vote.participants_area_m2,
            vote.participants_count,
            vote.consenting_area_m2,
            vote.consenting_count,
        )

    def problems(self) -> list[str]:
        """Message keys of what makes these counters impossible (empty when they are fine)."""
        found: list[str] = []
        values = (
            self.owners_area,
            self.participants_area,
            self.consenting_area,
            self.owners_count,
            self.participants_count,
            self.consenting_count,
        )
        if any(exact(v) < 0 for v in values):
            found.append("consent.error.negative")
        if exact(self.owners_area) <= 0 or self.owners_count <= 0:
            found.append("consent.error.no_owners")
        if exact(self.participants_area) > exact(self.owners_area) or (
            self.participants_count > self.owners_count
        ):
            found.append("consent.error.participants_above_owners")
        if exact(self.consenting_area) > exact(self.participants_area) or (
            self.consenting_count > self.participants_count
        ):
            found.append("consent.error.consenting_above_participants")
        return found


TestName = Literal["quorum_area", "quorum_headcount", "approval_area", "approval_headcount"]


@dataclass(frozen=True)
class ConsentTest:
    """One of the four tests: ``part`` of ``whole`` against ``threshold``."""

    name: TestName
    part: Fraction
    whole: Fraction
    threshold: Threshold
    passed: bool

    @property
    def share(self) -> Fraction | None:
        """part / whole, exactly (None when whole is 0)."""
        return self.part / self.whole if self.whole else None

    def message(self, lang: str | None) -> str:
        """E.g. "参与表决面积 58.3%（1,166.00 / 2,000.00 m²），需 ≥ 2/3：未通过"."""
        is_area = self.name.endswith("_area")
        amount = (lambda q: f"{float(q):,.2f}") if is_area else (lambda q: f"{int(q):,}")
        share = "–" if self.share is None else f"{float(self.share) * 100:.1f}%"
        return t(
            f"consent.test.{self.name}",
            lang,
            share=share,
            part=amount(self.part),
            whole=amount(self.whole),
            unit="m²" if is_area else t("consent.people", lang),
            threshold=self.threshold.label(),
            outcome=t("consent.passed" if self.passed else "consent.failed", lang),
        )


@dataclass(frozen=True)
class ConsentResult:
    """The outcome of a vote: every test that applies, and which failed."""

    matter: str
    tests: tuple[ConsentTest, ...]

    @property
    def passed(self) -> bool:
        """True when every test passed."""
        return all(test.passed for test in self.tests)

    @property
    def failed(self) -> tuple[ConsentTest, ...]:
        """The tests that failed, in order: quorum area, quorum headcount, approval ..."""
        return tuple(test for test in self.tests if not test.passed)

    def summary(self, lang: str | None) -> str:
        """One line: passed, or which tests failed with their numbers."""
        if self.passed:
            return t("consent.result.passed", lang)
        return t(
            "consent.result.failed",
            lang,
            tests="；".join(test.message(lang) for test in self.failed)
            if lang != "en"
            else "; ".join(test.message(lang) for test in self.failed),
        )


class InvalidVoteError(Refused):
    """The counters or the place of a vote are impossible (one reason per problem; make one
    from message keys with :meth:`Refused.from_keys`, ``keys`` gives them back)."""


def evaluate(counts: VoteCounts, matter: str, rules: ConsentRules) -> ConsentResult:
    """Apply ``rules`` to a vote on ``matter``: the quorum tests, then the approval tests.

    All applicable tests are reported, even after one failed, so that staff see every number.

    Raises
    ------
    InvalidVoteError
        The counters are impossible (negative, consenting above participating, ...).
    """
    problems = counts.problems()
    if problems:
        raise InvalidVoteError.from_keys(problems)
    owners_area, owners = exact(counts.owners_area), exact(counts.owners_count)
    part_area, part = exact(counts.participants_area), exact(counts.participants_count)
    yes_area, yes = exact(counts.consenting_area), exact(counts.consenting_count)
    tests: list[ConsentTest] = []
    if rules.quorum is not None:
        q = rules.quorum
        tests.append(
            ConsentTest("quorum_area", part_area, owners_area, q, q.met(part_area, owners_area))
        )
        tests.append(ConsentTest("quorum_headcount", part, owners, q, q.met(part, owners)))
    base_area, base = (
        (part_area, part) if rules.approval_base == "participants" else (owners_area, owners)
    )
    a = rules.threshold_for(matter)
    tests.append(ConsentTest("approval_area", yes_area, base_area, a, a.met(yes_area, base_area)))
    tests.append(ConsentTest("approval_headcount", yes, base, a, a.met(yes, base)))
    return ConsentResult(matter, tuple(tests))
