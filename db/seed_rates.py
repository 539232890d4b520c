"""Seed the indicative rate set of each sample programme."""

from __future__ import annotations

from sqlmodel import Session

from db.sample_context import SampleContext


def seed_sample_rates(session: Session, context: SampleContext) -> None:  # noqa: ARG001
    """Add them to a freshly seeded sample database (the caller commits)."""
