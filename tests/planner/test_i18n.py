"""The message catalogue: both languages everywhere, same placeholders, page titles present."""

from __future__ import annotations

import string

import pytest

from planner.accounts.access import PAGES, Audience
from planner.catalogue import SCOPE_TYPES
from planner.i18n import LANGUAGES, MESSAGES, scope_name, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert _fields(entry["zh"]) == _fields(entry["en"])


def test_chinese_is_the_default_and_unknown_languages_fall_back_to_it():
    assert t("page.overview") == "概览"
    assert t("page.overview", "en") == "Overview"
    assert t("page.overview", "fr") == "概览"
    assert t("map.selected", "en", name="广汇小区") == "Selected compound: 广汇小区"


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_every_page_and_audience_has_a_title():
    for spec in PAGES:
        assert spec.title_key in MESSAGES
    for audience in Audience:
        assert f"nav.{audience.value}" in MESSAGES


def test_scope_names_come_from_the_catalogue():
    for scope in SCOPE_TYPES:
        assert scope_name(scope.key, "zh") == scope.name_zh
        assert scope_name(scope.key, "en") == scope.name_en
