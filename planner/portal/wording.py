"""What the public compound page says, as plain text in the visitor's language.

The page lays these out; everything here is text (escaped for Markdown by the page where it
holds names or answers someone typed).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.i18n import scope_name, t, unit_name
from planner.portal.view import AdoptedSuggestion, PublicSiteView, PublicWork, RecentChange

RECENT_DAYS_SHOWN = 120


@dataclass(frozen=True)
class WorkCard:
    """One kind of work as a card: its name, what it means, progress line, and when."""

    title: str
    plain: str
    line: str
    when: str


def work_card(work: PublicWork, lang: str) -> WorkCard:
    """The card of one kind of work."""
    line = t(
        "portal.work_line",
        lang,
        completed=f"{work.completed:,.0f}",
        planned=f"{work.planned:,.0f}",
        unit=unit_name(work.unit, lang),
        percent=f"{work.progress:.0%}",
    )
    if work.finished:
        when = t("portal.finished", lang, day=work.finished.isoformat())
    elif work.start and work.end:
        when = t("portal.when", lang, start=work.start.isoformat(), end=work.end.isoformat())
    else:
        when = t("portal.when_unknown", lang)
    if work.buildings:
        when += "　" + t("portal.work_buildings", lang, count=work.buildings)
    return WorkCard(
        scope_name(work.scope_key, lang), t(f"portal.plain.{work.scope_key}", lang), line, when
    )


def change_line(change: RecentChange, lang: str) -> str:
    """ "屋面防水：完成量更新为 1,200" (without the date)."""
    value = t(f"status.{change.value}", lang) if change.field == "status" else change.value
    return t(
        f"portal.change.{change.field}", lang, scope=scope_name(change.scope_key, lang), value=value
    )


def facts_line(view: PublicSiteView, lang: str) -> str:
    """Sub-district, buildings and households of the compound."""
    return t(
        "portal.facts",
        lang,
        sub_district=view.sub_district or "—",
        buildings=view.buildings,
        households=view.households if view.households is not None else "—",
    )


def programmes_line(view: PublicSiteView, lang: str) -> str:
    """The programmes the compound is part of ("" when none)."""
    if not view.programmes:
        return ""
    names = "、".join(name if lang == "zh" else en or name for _y, name, en in view.programmes)
    return t("portal.programmes", lang, names=names)


def contact_text(contact: str, phone: str) -> str:
    """The bureau's contact, with its phone number when there is one."""
    return contact + (f" {phone}" if phone else "")


def survey_figures(view: PublicSiteView, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the survey totals: responses, support rate, suggestions."""
    survey, rate = view.survey, view.survey.support_rate
    return [
        (t("portal.survey_responses", lang), f"{survey.responses:,}"),
        (t("portal.survey_support", lang), f"{float(rate):.0%}" if rate else "—"),
        (t("portal.survey_suggestions", lang), f"{survey.suggestions:,}"),
    ]


def adopted_work_line(adopted: AdoptedSuggestion, lang: str) -> str:
    """ "已列入：路灯" for an adopted suggestion that led to a work ("" otherwise)."""
    if not adopted.scope_key:
        return ""
    return t("portal.adopted_work", lang, scope=scope_name(adopted.scope_key, lang))
