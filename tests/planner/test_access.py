"""The page registry groups pages by audience for the navigation."""

from __future__ import annotations

from pathlib import Path

from planner.accounts.access import PAGES, Audience, pages_by_audience

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_page_file_exists_and_one_is_default():
    assert all((ROOT / spec.path).is_file() for spec in PAGES)
    assert sum(spec.default for spec in PAGES) == 1
    assert len({spec.url_path for spec in PAGES}) == len(PAGES)


def test_groups_follow_audience_order_and_drop_empty_groups():
    groups = pages_by_audience(list(Audience))
    assert list(groups) == [a for a in Audience if a in groups]
    assert all(groups.values())
    public_only = pages_by_audience([Audience.PUBLIC])
    assert list(public_only) == [Audience.PUBLIC]
    assert all(p.audience == Audience.PUBLIC for p in public_only[Audience.PUBLIC])
