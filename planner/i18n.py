"""The one message catalogue: Simplified Chinese first, English second.

``t(key, lang, **values)`` returns the text for ``lang`` ("zh" or "en"), formatted with
``values``. Every key has both languages (a test checks), so a switch never shows a raw key.
"""

from __future__ import annotations

from planner.catalogue import SCOPE_BY_KEY
from planner.messages import (
    accounts,
    boq,
    core,
    dashboard,
    fieldwork,
    gis,
    history,
    input_undo,
    map_page,
    money,
    ops,
    overdue,
    portal,
    public_web,
    schedule,
    selfservice,
    surveys,
    uploads,
    works,
)


def _merge(*catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Join the per-topic catalogues (planner/messages/); a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for catalogue in catalogues:
        clash = merged.keys() & catalogue.keys()
        if clash:
            raise ValueError(f"message keys defined twice: {sorted(clash)}")
        merged.update(catalogue)
    return merged


LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANG = "zh"

MESSAGES: dict[str, dict[str, str]] = _merge(
    core.MESSAGES,
    map_page.MESSAGES,
    works.MESSAGES,
    schedule.MESSAGES,
    dashboard.MESSAGES,
    boq.MESSAGES,
    surveys.MESSAGES,
    gis.MESSAGES,
    accounts.MESSAGES,
    portal.MESSAGES,
    public_web.MESSAGES,
    fieldwork.MESSAGES,
    ops.MESSAGES,
    money.MESSAGES,
    uploads.MESSAGES,
    history.MESSAGES,
    overdue.MESSAGES,
    selfservice.MESSAGES,
    input_undo.MESSAGES,
)


def normalise_lang(lang: str | None) -> str:
    """Return a supported language code, falling back to Chinese."""
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, /, lang: str | None = DEFAULT_LANG, **values: object) -> str:
    """Return the message ``key`` in ``lang``, formatted with ``values``.

    Raises ``KeyError`` for an unknown key, so a typo fails in tests, not in front of users.
    """
    text = MESSAGES[key][normalise_lang(lang)]
    return text.format(**values) if values else text


def unit_name(unit: str, lang: str | None = DEFAULT_LANG) -> str:
    """A unit of the catalogue as a reader says it in ``lang`` ("段" is "sections" in English);
    metric units and unknown ones as they are."""
    key = f"unit.{unit}"
    return t(key, lang) if key in MESSAGES else unit


def scope_name(key: str, lang: str | None = DEFAULT_LANG) -> str:
    """Name of a scope type from the catalogue in ``lang`` (the key itself if unknown)."""
    scope = SCOPE_BY_KEY.get(key)
    if scope is None:
        return key
    return scope.name_zh if normalise_lang(lang) == "zh" else scope.name_en


def localised_name(thing: object, lang: str | None = DEFAULT_LANG) -> str:
    """The name of anything with ``name_zh`` and ``name_en`` (a site, a programme) in ``lang``.

    English falls back to the Chinese name when there is no English one.
    """
    name_zh = str(getattr(thing, "name_zh", "") or "")
    if normalise_lang(lang) == "en":
        return str(getattr(thing, "name_en", "") or "") or name_zh
    return name_zh
