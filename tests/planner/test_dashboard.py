"""Dashboard figures, estimate checks and next-year planning, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import inspect
import json
import math
import re

import pytest
from shapely.geometry import Point, box
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, ProgrammeSite, ScopeType, Site, WorkItem
from db.session import session_scope
from geodata.crs import to_lonlat, to_metric
from geodata.sample import SAMPLE_DIR
from planner import audit
from planner.i18n import MESSAGES, t
from planner.works import dashboard
from planner.works import templates as scope_templates
from planner.works.actions import save_planned_programme
from planner.works.dashboard import programme_figures, scope_quantities, site_progress
from planner.works.estimates import EstimateParameters, building_estimates
from planner.works.templates import (
    DEFAULT_RATES,
    MAINS_M_PER_HOUSEHOLD,
    TEMPLATES,
    BuildingInput,
    CompoundInput,
    DraftError,
    ProgrammeDraft,
    create_planned_programme,
    expand_templates,
    preview_plan,
    suggest_programme_key,
    validate_draft,
)
from tests.report_figures import REPORT_2023

PARAMS = EstimateParameters(
    storey_height_m=2.9, window_ratio=0.3, roof_upturn_ratio=0.05, deviation_threshold=0.25
)
TABLES = (Programme, ProgrammeSite, WorkItem, AuditEntry)


def _programme_id(session: Session, key: str) -> int:
    return session.exec(select(Programme.id).where(Programme.key == key)).one()


def _site_id(session: Session, name_zh: str) -> int:
    return session.exec(select(Site.id).where(Site.name_zh == name_zh)).one()


def _counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in TABLES
        }


def _sample_cost(programme_key: str, column: str) -> float:
    """Σ quantity × rate of a programme, straight from the sample CSV."""
    with (SAMPLE_DIR / "work_items.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["programme_key"] == programme_key]
    return math.fsum(float(r[column]) * float(r["unit_rate"]) for r in rows)


# --- Programme figures ------------------------------------------------------------------------


def test_2023_key_figures_match_the_report(seeded_engine):
    with Session(seeded_engine) as session:
        figures = programme_figures(session, _programme_id(session, "p2023"))
    assert figures is not None
    assert (figures.compounds, figures.buildings, figures.households) == (
        REPORT_2023["compounds"],
        REPORT_2023["buildings"],
        REPORT_2023["households"],
    )
    assert figures.progress == pytest.approx(1.0)


def test_2023_progress_is_complete_in_every_compound(seeded_engine):
    with Session(seeded_engine) as session:
        rows = site_progress(session, _programme_id(session, "p2023"))
    assert len(rows) == REPORT_2023["compounds"]
    assert all(row.progress == pytest.approx(1.0) for row in rows)


def test_2024_progress_is_sorted_most_advanced_first(seeded_engine):
    with Session(seeded_engine) as session:
        rows = site_progress(session, _programme_id(session, "p2024"))
    progress = [row.progress for row in rows]
    assert len(progress) == 2
    assert progress == sorted(progress, reverse=True)
    assert 0 < progress[0] < 1 and progress[1] == 0


def test_2023_budget_is_all_spent_and_equals_the_sample_rates(seeded_engine):
    with Session(seeded_engine) as session:
        budget = programme_figures(session, _programme_id(session, "p2023")).budget
    assert budget.planned_yuan == budget.spent_yuan
    assert budget.planned_yuan == pytest.approx(_sample_cost("p2023", "planned_quantity"))
    assert budget.approved_yuan is None and budget.unrated_items == 0
    assert budget.spent_share == pytest.approx(1.0)


def test_2024_has_spent_less_than_planned(seeded_engine):
    with Session(seeded_engine) as session:
        budget = programme_figures(session, _programme_id(session, "p2024")).budget
    assert 0 < budget.spent_yuan < budget.planned_yuan
    assert budget.spent_yuan == pytest.approx(_sample_cost("p2024", "completed_quantity"))


def test_quantities_per_scope_give_the_report_totals_and_their_costs(seeded_engine):
    with Session(seeded_engine) as session:
        rows = {r.scope_key: r for r in scope_quantities(session, _programme_id(session, "p2023"))}
    for key, value in REPORT_2023["completed"].items():
        assert rows[key].planned == rows[key].completed == value, key
    assert rows["roof_waterproofing"].planned_yuan == pytest.approx(143_500 * 52.56)
    assert list(rows)[:3] == ["roof_waterproofing", "wall_insulation", "facade_paint"]


def test_an_unknown_programme_has_no_figures(seeded_engine):
    with Session(seeded_engine) as session:
        assert programme_figures(session, 999_999) is None


# --- Estimates against the sample -------------------------------------------------------------


def test_guanghui_estimates_are_near_the_entered_quantities(seeded_engine):
    with Session(seeded_engine) as session:
        guanghui = _site_id(session, "广汇小区")
        rows = building_estimates(
            session,
            params=PARAMS,
            site_id=guanghui,
            programme_id=_programme_id(session, "p2023"),
        )
    assert len(rows) == 23
    assert [r.number for r in rows] == [str(n) for n in range(1, 24)]
    for row in rows:
        assert set(row.entered) == {"roof_waterproofing", "wall_insulation", "facade_paint"}
        ratios = {k: d.entered / d.estimated for k, d in row.deviations.items()}
        assert all(0.5 < ratio < 2 for ratio in ratios.values()), ratios
        # The sample scaled the raw formulas to the report totals (geodata/sample/README.md):
        # with 5-6 storey walk-ups of 60-90 m² a household, the report's roof and paint
        # figures are 1.5 and 1.8 times the geometry (paint measured net, reveals added);
        # insulation matches the net facade.
        assert ratios["roof_waterproofing"] == pytest.approx(1.495, abs=0.01)
        assert ratios["facade_paint"] == pytest.approx(1.780, abs=0.01)
        assert ratios["wall_insulation"] == pytest.approx(1.017, abs=0.01)
        assert row.flagged_scopes == ["roof_waterproofing", "facade_paint"]


def test_a_wider_threshold_flags_nothing_in_guanghui(seeded_engine):
    wide = EstimateParameters(2.9, 0.3, 0.05, deviation_threshold=0.85)
    with Session(seeded_engine) as session:
        rows = building_estimates(session, params=wide, site_id=_site_id(session, "广汇小区"))
    assert rows and not any(r.flagged_scopes for r in rows)


def test_estimates_of_a_whole_programme_cover_its_buildings(seeded_engine):
    with Session(seeded_engine) as session:
        rows = building_estimates(
            session, params=PARAMS, programme_id=_programme_id(session, "p2024")
        )
    assert len(rows) == 6
    assert all(len(r.entered) == 3 for r in rows)


# --- Templates (pure) -------------------------------------------------------------------------


def test_the_envelope_template_uses_the_geometry_estimates():
    centre = to_metric(Point(98.289, 39.772))
    slab = to_lonlat(box(centre.x, centre.y, centre.x + 60, centre.y + 12))
    items = expand_templates(
        ["envelope"],
        buildings=[BuildingInput(building_id=7, site_id=3, floors=6, footprint=slab)],
        compounds=[CompoundInput(site_id=3, households=100)],
        params=PARAMS,
    )
    quantities = {i.scope_key: i.quantity for i in items}
    # Paint on the net facade with its reveals (GB 50854): 0.86 of the 2,506 m² gross facade.
    assert quantities == {"roof_waterproofing": 756, "wall_insulation": 1754, "facade_paint": 2155}
    assert all(i.building_id == 7 and i.site_id == 3 for i in items)
    assert {i.scope_key: i.unit_rate for i in items} == {
        "roof_waterproofing": 52.56,
        "wall_insulation": 71.03,
        "facade_paint": 39.0,
    }


def test_the_mains_template_uses_metres_per_household():
    items = expand_templates(
        ["mains", "mains"],
        buildings=[],
        compounds=[CompoundInput(site_id=3, households=100), CompoundInput(4, households=0)],
        params=PARAMS,
    )
    assert {i.site_id for i in items} == {3}  # no households, no mains
    quantities = {i.scope_key: i.quantity for i in items}
    # 2023: 15,433 m water, 7,009 m drainage, 35,124 m heating for 6,757 households.
    assert quantities == {"water_supply_main": 228, "drainage_main": 104, "heating_main": 520}
    assert all(i.building_id is None for i in items)
    assert MAINS_M_PER_HOUSEHOLD["heating_main"] * 6_757 == pytest.approx(35_124)


def test_every_template_scope_type_has_a_rate():
    # The figures themselves are read from geodata/sample/rates.py (tests/planner/test_rates.py).
    for template in TEMPLATES:
        assert set(template.scope_keys) <= set(DEFAULT_RATES), template.key


def test_every_draft_error_has_a_message():
    source = inspect.getsource(scope_templates)
    keys = set(re.findall(r'"(dashboard\.error\.[a-z_]+)"', source))
    assert keys and keys <= set(MESSAGES)


# --- Next-year programme ----------------------------------------------------------------------


def _draft(session: Session, **overrides) -> ProgrammeDraft:
    """A 2025 draft: 广汇小区 (all buildings), 安环南小区 (its first two), both templates."""
    guanghui, anhuan = _site_id(session, "广汇小区"), _site_id(session, "安环南小区")
    buildings = list(
        session.exec(select(Building.id).where(Building.site_id == guanghui)).all()
    ) + list(
        session.exec(
            select(Building.id).where(Building.site_id == anhuan).order_by(Building.id).limit(2)
        ).all()
    )
    values = {
        "key": "p2025",
        "year": 2025,
        "name_zh": "2025年老旧小区改造",
        "name_en": "2025 old-compound renovation",
        "site_ids": (guanghui, anhuan),
        "building_ids": tuple(buildings),
        "template_keys": ("envelope", "mains"),
        "budget_yuan": 12_000_000.0,
    } | overrides
    return ProgrammeDraft(**values)


def test_creating_a_programme_writes_it_with_sites_items_and_audit(seeded_engine):
    before = _counts(seeded_engine)
    with Session(seeded_engine) as session:
        draft = _draft(session)
        preview = preview_plan(session, draft, params=PARAMS)
    assert len(preview.items) == (23 + 2) * 3 + 2 * 3
    assert preview.total_yuan > 0

    with session_scope(seeded_engine) as session:
        created = create_planned_programme(session, draft, actor="  王工 ", params=PARAMS)
    assert created.total_yuan == preview.total_yuan

    after = _counts(seeded_engine)
    assert after["Programme"] == before["Programme"] + 1
    assert after["ProgrammeSite"] == before["ProgrammeSite"] + 2
    assert after["WorkItem"] == before["WorkItem"] + len(preview.items)
    assert after["AuditEntry"] == before["AuditEntry"] + 1 + 2 + len(preview.items)

    with Session(seeded_engine) as session:
        programme = session.get(Programme, created.programme_id)
        assert (programme.key, programme.year, programme.kind) == (
            "p2025",
            2025,
            "compound_renovation",
        )
        assert programme.budget_yuan == 12_000_000.0 and not programme.illustrative
        items = session.exec(
            select(WorkItem).where(WorkItem.programme_id == created.programme_id)
        ).all()
        assert {i.status for i in items} == {"planned"}
        assert all(i.completed_quantity == 0 and i.version == 1 for i in items)
        figures = programme_figures(session, created.programme_id)
        assert figures.budget.planned_yuan == preview.total_yuan
        assert figures.budget.approved_yuan == 12_000_000.0
        assert figures.budget.spent_yuan == 0 and figures.progress == 0
        assert (figures.compounds, figures.buildings) == (2, 25)
        audit = session.exec(select(AuditEntry).where(AuditEntry.actor == "王工")).all()
        assert len(audit) == created.audit_entries == 1 + 2 + len(items)
        by_entity = {a.entity for a in audit}
        assert by_entity == {"programme", "programme_site", "work_item"}
        programme_audit = next(a for a in audit if a.entity == "programme")
        assert programme_audit.entity_id == created.programme_id
        assert json.loads(programme_audit.after)["key"] == "p2025"
        scopes = dict(session.exec(select(ScopeType.id, ScopeType.key)).all())
        item_audit = {a.entity_id: json.loads(a.after) for a in audit if a.entity == "work_item"}
        for item in items:
            assert item_audit[item.id]["scope_key"] == scopes[item.scope_type_id]
            assert item_audit[item.id]["planned_quantity"] == item.planned_quantity


def test_an_empty_actor_is_recorded_as_staff(seeded_engine):
    with Session(seeded_engine) as session:
        draft = _draft(session, template_keys=())
    created = save_planned_programme(seeded_engine, draft, actor=" ", params=PARAMS)
    assert created.work_items == 0 and created.total_yuan == 0
    with Session(seeded_engine) as session:
        actors = session.exec(
            select(AuditEntry.actor).where(AuditEntry.entity_id == created.programme_id)
        ).all()
    assert "staff" in actors


@pytest.mark.parametrize(
    ("overrides", "message_key"),
    [
        ({"key": "p2023"}, "dashboard.error.key_taken"),
        ({"key": " p2023 "}, "dashboard.error.key_taken"),
        ({"key": "  "}, "dashboard.error.key_empty"),
        ({"key": "p 2025"}, "dashboard.error.key_invalid"),
        ({"name_zh": "  "}, "dashboard.error.name_empty"),
        ({"year": 1999}, "dashboard.error.year"),
        ({"kind": "palace"}, "dashboard.error.kind"),
        ({"template_keys": ("gold_roof",)}, "dashboard.error.template"),
        ({"site_ids": ()}, "dashboard.error.no_sites"),
    ],
)
def test_a_refused_draft_writes_nothing(seeded_engine, overrides, message_key):
    before = _counts(seeded_engine)
    with Session(seeded_engine) as session:
        draft = _draft(session, **overrides)
    with pytest.raises(DraftError) as refused:
        save_planned_programme(seeded_engine, draft, actor="staff", params=PARAMS)
    assert refused.value.key == message_key
    assert set(refused.value.values) <= set(re.findall(r"{(\w+)}", MESSAGES[message_key]["en"]))
    for lang in ("zh", "en"):  # what the page shows
        assert t(refused.value.key, lang, **refused.value.values)
    assert _counts(seeded_engine) == before


def test_buildings_must_belong_to_the_chosen_compounds(seeded_engine):
    with Session(seeded_engine) as session:
        draft = _draft(session)
        only_guanghui = _draft(session, site_ids=draft.site_ids[:1])
        with pytest.raises(DraftError, match="buildings"):
            validate_draft(session, only_guanghui)
        linear = _site_id(session, "新华路")
        with pytest.raises(DraftError, match="sites"):
            validate_draft(session, _draft(session, site_ids=(linear,), building_ids=()))


def test_a_save_failing_midway_writes_nothing(seeded_engine, monkeypatch):
    before = _counts(seeded_engine)
    real_record = audit.record

    def failing_record(session, actor, action, entity, *args, **kwargs):
        if getattr(entity, "__tablename__", entity) == "work_item":
            raise RuntimeError("disk full")
        return real_record(session, actor, action, entity, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing_record)
    with Session(seeded_engine) as session:
        draft = _draft(session)
    with pytest.raises(RuntimeError, match="disk full"):
        save_planned_programme(seeded_engine, draft, actor="staff", params=PARAMS)
    assert _counts(seeded_engine) == before


def test_a_second_save_of_the_same_draft_is_refused(seeded_engine):
    with Session(seeded_engine) as session:
        draft = _draft(session)
    save_planned_programme(seeded_engine, draft, actor="staff", params=PARAMS)
    before = _counts(seeded_engine)
    with pytest.raises(DraftError) as refused:
        save_planned_programme(seeded_engine, draft, actor="staff", params=PARAMS)
    assert refused.value.key == "dashboard.error.key_taken"
    assert _counts(seeded_engine) == before


def test_suggested_keys_are_free(seeded_engine):
    with Session(seeded_engine) as session:
        assert suggest_programme_key(session, 2025) == "p2025"
        assert suggest_programme_key(session, 2024) == "p2024_2"


def test_the_preview_table_sums_to_the_preview_budget(seeded_engine):
    with Session(seeded_engine) as session:
        preview = preview_plan(session, _draft(session), params=PARAMS)
    table = dashboard.preview_table(preview, "en")
    assert list(table["Scope"])[0] == "Roof waterproofing"
    assert math.fsum(table["Estimate (CNY)"]) == pytest.approx(preview.total_yuan)
