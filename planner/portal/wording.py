"""What the public compound page says, as plain text in the visitor's language.

The page lays these out; everything here is text (escaped for Markdown by the page where it
holds names or answers someone typed).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models import SiteKind
from planner.i18n import scope_name, t, unit_name
from planner.portal.view import AdoptedSuggestion, PublicSiteView, PublicWork, RecentChange


@dataclass(frozen=True)
class WorkCard:
    """One kind of work as a card: its name, what it means, progress line, when, and whether
    it is overdue ("" when not)."""

    title: str
    plain: str
    line: str
    when: str
    overdue: str = ""


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
    overdue = ""
    if work.overdue_since is not None:
        overdue = t("portal.overdue", lang, day=work.overdue_since.isoformat())
    return WorkCard(
        scope_name(work.scope_key, lang),
        t(f"portal.plain.{work.scope_key}", lang),
        line,
        when,
        overdue,
    )


def as_of_line(view: PublicSiteView, lang: str) -> str:
    """ "数据截至 2025-03-01": the day the page's figures and overdue marks are as of."""
    return t("portal.as_of", lang, day=view.as_of.isoformat())


def illustrative_note(view: PublicSiteView, lang: str) -> str:
    """What a page of sample data says about it ("" for real data): that the 2023
    programme's totals are the public report's, only for that programme's compounds."""
    if not view.illustrative:
        return ""
    return t("portal.illustrative" if view.reported_totals else "portal.illustrative_sample", lang)


def change_line(change: RecentChange, lang: str) -> str:
    """A milestone in words, without its date: "屋面防水：完成 50%", "路灯：验收合格",
    "采纳居民建议（照明），纳入工程：路灯"."""
    if change.kind == "adopted":
        category = t(f"survey.category.{change.category}", lang)
        if change.scope_key:
            scope = scope_name(change.scope_key, lang)
            return t("portal.milestone.adopted_work", lang, category=category, scope=scope)
        return t("portal.milestone.adopted", lang, category=category)
    scope = scope_name(change.scope_key or "", lang)
    if change.kind == "progress" and change.percent == 100:
        return t("portal.milestone.finished", lang, scope=scope)
    return t(f"portal.milestone.{change.kind}", lang, scope=scope, percent=change.percent)


def adopted_answer_line(adopted: AdoptedSuggestion, lang: str) -> str:
    """ "住建局答复：已采纳……" as one plain text ("" without an answer).

    Plain text, not Markdown: a bold label ending in "：" right before a Chinese character
    is no emphasis to CommonMark (the closing ``**`` is not right-flanking), so the page
    showed the asterisks. Pages show this as text (escaped, or in a text element).
    """
    if not adopted.answer:
        return ""
    return t("portal.adopted_answer", lang) + adopted.answer


def facts_line(view: PublicSiteView, lang: str) -> str:
    """Sub-district, buildings and households of a compound; of another kind of site (a
    road), its sub-district and length, each when known ("" when neither is)."""
    if view.kind == SiteKind.COMPOUND:
        return t(
            "portal.facts",
            lang,
            sub_district=view.sub_district or "—",
            buildings=view.buildings,
            households=view.households if view.households is not None else "—",
        )
    parts = [view.sub_district, length_text(view, lang)]
    return ("　" if lang == "zh" else " · ").join(p for p in parts if p)


def length_text(view: PublicSiteView, lang: str) -> str:
    """ "全长 14,540 米" of a site whose data gives its length ("" otherwise)."""
    if not view.length_m:
        return ""
    return t("portal.length", lang, length=f"{view.length_m:,.0f}")


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
    """(label, value) of the survey totals: responses, support rate, suggestions; none when
    the compound has no survey (its messages are counted by :func:`suggestions_line`)."""
    survey, rate = view.survey, view.survey.support_rate
    if not survey.surveys:
        return []
    return [
        (t("portal.survey_responses", lang), f"{survey.responses:,}"),
        (t("portal.survey_support", lang), f"{float(rate):.0%}" if rate else "—"),
        (t("portal.survey_suggestions", lang), f"{survey.suggestions:,}"),
    ]


def suggestions_line(view: PublicSiteView, lang: str) -> str:
    """ "已收到居民意见和建议：2 条" of a compound without a survey ("" with one, whose figures
    count them, or when none came)."""
    if view.survey.surveys or not view.survey.suggestions:
        return ""
    return t("portal.suggestions_received", lang, count=f"{view.survey.suggestions:,}")


def adopted_work_line(adopted: AdoptedSuggestion, lang: str) -> str:
    """ "已列入：路灯" for an adopted suggestion that led to a work ("" otherwise)."""
    if not adopted.scope_key:
        return ""
    return t("portal.adopted_work", lang, scope=scope_name(adopted.scope_key, lang))
