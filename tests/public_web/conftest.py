"""The plain pages served on a seeded database (SQLite, and PostgreSQL under CI)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import FeedbackContact, Suggestion
from planner.settings import PlannerSettings
from tests.public_web.serving import Answer, Client, serving

SITE = "c2023_01"


@dataclass
class Plain:
    """The plain pages of one test: their address, pages object and database."""

    base: str
    pages: object
    engine: object

    def visitor(self) -> Client:
        return Client(self.base)


def form_fields(answer: Answer) -> dict[str, str]:
    """The hidden fields of a feedback form page (its one-time key and CSRF token)."""
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', answer.text))


def send(client: Client, text: str, path: str = f"/p/{SITE}/feedback", **fields: str) -> Answer:
    """Open the form as a resident does, then send it once."""
    page = client.get(path)
    assert page.status == 200, page.text
    return client.post(path, {**form_fields(page), "text": text, **fields})


def stored(engine, text: str) -> list[Suggestion]:  # noqa: ANN001
    """The suggestions holding ``text``."""
    with Session(engine) as session:
        return list(session.exec(select(Suggestion).where(Suggestion.text == text)).all())


def count_contacts(engine) -> int:  # noqa: ANN001
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(FeedbackContact)).one()


def settings(**overrides: object) -> PlannerSettings:
    """Settings of a test, read from no environment but what is given."""
    return PlannerSettings(**overrides)  # type: ignore[arg-type]


@pytest.fixture
def plain(seeded_engine) -> Iterator[Plain]:  # noqa: ANN001
    with serving(seeded_engine, settings()) as (base, pages):
        yield Plain(base, pages, seeded_engine)
