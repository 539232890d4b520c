"""Seed the indicative rate set of each sample programme."""

from __future__ import annotations

from sqlmodel import Session

from geodata.sample.rates import SITE_RATE_OVERRIDES
from planner.sample_context import SampleContext

#: Rates that differ for one sample programme: (programme key, scope key) -> rate fields.
#: 西域花园's parking spaces are marked bays (lines only), not paved spaces.
PROGRAMME_OVERRIDES: dict[tuple[str, str], dict[str, object]] = {
    ("p2023_xiyu", "parking_spaces"): {
        "unit_rate": float(SITE_RATE_OVERRIDES[("xiyu_garden", "parking_spaces")].value),
        "source": "推算：2.5 m² 标线/个 × 42.91 元/m² 热熔标线（桂林医学院维修价格清单，"
        "广西，约 2021 年 [gh:43256481842]，见 boq-and-rules.md §5）",
        "description": "1. 内容：划线停车位\n2. 做法：热熔标线，约 2.5 m²/个",
    },
}


def seed_sample_rates(session: Session, context: SampleContext) -> None:
    """Give every sample programme its rate set of indicative rates (the caller commits)."""
    from dataclasses import replace

    from planner.boq.rates import DEFAULT_RATES, ensure_rate_set

    for key, programme in context.programmes.items():
        overrides = {
            # fields of RateEntry by name:
            scope_key: replace(DEFAULT_RATES[scope_key], **fields)  # type: ignore[arg-type]
            for (programme_key, scope_key), fields in PROGRAMME_OVERRIDES.items()
            if programme_key == key
        }
        # stored rows: their ids are set:
        ensure_rate_set(session, programme.id, overrides=overrides)  # type: ignore[arg-type]
