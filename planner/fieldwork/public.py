"""What residents see of the work on site: before/after pairs, acceptance and warranty.

Only photos staff marked public, and only their public copies (re-encoded, no location or
device data), ever reach these functions' results: photo ids here are for
``photos.public_photo_bytes``, which refuses anything else. Works are grouped by scope type,
as the public compound page shows them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import PhotoStage, SitePhoto
from planner.fieldwork.acceptance import accepted_on
from planner.fieldwork.warranty import WarrantyPolicy
from planner.i18n import t
from planner.ids import parse_id
from planner.works.queries import items_with_scope

PAIRS_MAX = 6  # per work, newest first: enough for a phone screen
WORK_PARAM = "work"


@dataclass(frozen=True)
class PhotoPair:
    """A before and an after photo of the same work item (either may be missing)."""

    before_id: int | None
    after_id: int | None
    building_number: str | None
    caption: str = ""


@dataclass(frozen=True)
class PublicWork:
    """One kind of work on a compound as residents see it.

    ``accepted_on`` is set once every item of this scope type on the compound passed
    acceptance (the last of their days); ``warranty_until`` is then the earliest warranty end
    among them (every part is covered until that day at least).
    """

    scope_key: str
    work_item_id: int  # the item a defect report names (the first of the scope)
    pairs: list[PhotoPair]
    items_total: int
    items_accepted: int
    accepted_on: date | None
    warranty_until: date | None


def public_works(session: Session, site_id: int, policy: WarrantyPolicy) -> list[PublicWork]:
    """The works of a compound with public before/after photos or an acceptance, in the
    catalogue's order."""
    items = items_with_scope(session, site_id=site_id)
    if not items:
        return []
    photos = session.exec(
        select(SitePhoto.id, SitePhoto.work_item_id, SitePhoto.stage, SitePhoto.caption)
        .where(
            SitePhoto.site_id == site_id,
            col(SitePhoto.public).is_(True),
            col(SitePhoto.stage).in_([PhotoStage.BEFORE, PhotoStage.AFTER]),
        )
        .order_by(
            func.coalesce(SitePhoto.taken_at, SitePhoto.uploaded_at).desc(),
            col(SitePhoto.id).desc(),
        )
    ).all()
    by_item: dict[int, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for photo_id, item_id, stage, caption in photos:
        if item_id is not None:
            # stored rows: their ids are set:
            by_item[item_id][stage].append((photo_id, caption))  # type: ignore[arg-type]
    days = accepted_on(session, [i.id for i in items])
    works: dict[str, list[Any]] = {}
    for item in items:
        works.setdefault(item.scope_key, []).append(item)
    result = []
    for scope_key, scope_items in works.items():
        pairs: list[PhotoPair] = []
        for item in scope_items:
            stages = by_item.get(item.id, {})
            for before, after in zip_longest(stages.get("before", []), stages.get("after", [])):
                pairs.append(
                    PhotoPair(
                        before[0] if before else None,
                        after[0] if after else None,
                        item.building_number,
                        (after or before)[1],
                    )
                )
        accepted = [days[i.id] for i in scope_items if i.id in days]
        all_accepted = len(accepted) == len(scope_items)
        ends = [policy.end_date(scope_key, days[i.id]) for i in scope_items if i.id in days]
        known_ends = [e for e in ends if e is not None]
        if not pairs and not accepted:
            continue
        result.append(
            PublicWork(
                scope_key=scope_key,
                work_item_id=scope_items[0].id,
                pairs=pairs[:PAIRS_MAX],
                items_total=len(scope_items),
                items_accepted=len(accepted),
                accepted_on=max(accepted) if all_accepted else None,
                warranty_until=min(known_ends) if all_accepted and known_ends else None,
            )
        )
    return result


@dataclass(frozen=True)
class AcceptanceLines:
    """A work's acceptance as both public compound pages say it."""

    accepted: str  # "2023-10-20 竣工验收合格", or "已验收 2 / 3 处" while some wait
    warranty: str  # "保修期至 2028-10-20" ("" without a warranty)


def acceptance_lines(work: PublicWork, lang: str) -> AcceptanceLines | None:
    """What a work's acceptance says (None: none of it accepted yet). A work under warranty
    also offers "report a defect" (its link: :func:`defect_report_query`)."""
    if work.accepted_on is not None:
        accepted = t("acceptance.passed_on", lang, day=work.accepted_on.isoformat())
    elif work.items_accepted:
        n, total = work.items_accepted, work.items_total
        accepted = t("public.partly_accepted", lang, n=n, total=total)
    else:
        return None
    warranty = ""
    if work.warranty_until is not None:
        warranty = t("acceptance.warranty_until", lang, day=work.warranty_until.isoformat())
    return AcceptanceLines(accepted, warranty)


def defect_report_query(site_key: str, work_item_id: int) -> dict[str, str]:
    """The query of the compound page's link that opens the feedback form on this work:
    ``?site=<key>&work=<id>``."""
    return {"site": site_key, WORK_PARAM: str(work_item_id)}


def defect_report_link(site_key: str, work_item_id: int, page: str = "compound") -> str:
    """The relative link to report a defect of a work (``compound?site=...&work=...``)."""
    return f"{page}?{urlencode(defect_report_query(site_key, work_item_id))}"


def preselected_work(session: Session, site_id: int, params: Mapping[str, Any]) -> int | None:
    """The work item a feedback link names (``?work=<id>``), if it is a work of this site."""
    item_id = parse_id(params.get(WORK_PARAM))
    if item_id is None:
        return None
    found = items_with_scope(session, item_ids=[item_id], site_id=site_id)
    return found[0].id if found else None


def work_scope_key(session: Session, work_item_id: int) -> str | None:
    """The scope type of a work item (what the feedback form names)."""
    found = items_with_scope(session, item_ids=[work_item_id])
    return found[0].scope_key if found else None
