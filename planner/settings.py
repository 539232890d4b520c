"""Planner settings with Jiayuguan defaults, overridable per city from the environment.

Read once at the edge (the app frame, the CLI) and passed down as values. Environment
variables take the prefix ``PLANNER_``, e.g. ``PLANNER_WINDOW_RATIO=0.25``.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PlannerSettings(BaseSettings):
    """Climate, estimate and map settings (defaults: Jiayuguan, Gansu)."""

    model_config = SettingsConfigDict(env_prefix="PLANNER_", env_file=".env", extra="ignore")

    # Construction season for exterior works (roofing, insulation, paint): months, inclusive.
    building_season_start_month: int = Field(default=4, ge=1, le=12)
    building_season_end_month: int = Field(default=10, ge=1, le=12)
    # Heating season (no heating-main works then): month-day, from 15 October to 15 April.
    heating_season_start: str = Field(default="10-15", pattern=r"^\d{2}-\d{2}$")
    heating_season_end: str = Field(default="04-15", pattern=r"^\d{2}-\d{2}$")

    # Geometry-based estimates.
    storey_height_m: float = Field(default=2.9, gt=0)
    window_ratio: float = Field(default=0.3, ge=0, lt=1)
    roof_upturn_ratio: float = Field(default=0.05, ge=0, le=1)
    # An entered quantity further than this share from its estimate is flagged for a check.
    estimate_deviation_threshold: float = Field(default=0.25, gt=0)

    # Basemaps: the Tianditu key (tk); empty means the Tianditu basemap is not offered.
    tianditu_token: str = ""


def load_settings() -> PlannerSettings:
    """Settings from the environment (or ``.env``), with the defaults above."""
    return PlannerSettings()
