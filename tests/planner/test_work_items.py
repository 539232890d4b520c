"""Editing work items: pure validation, and saving on SQLite and PostgreSQL (all or nothing,
audited, refused when someone else saved first)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, ProgrammeSite, Site, WorkItem
from db.session import session_scope
from planner.i18n import MESSAGES
from planner.ids import parse_id
from planner.works.items import (
    EDITABLE_FIELDS,
    READ_ONLY_COLUMNS,
    DuplicateWorkItemError,
    InvalidChangesError,
    Issue,
    NeedsReason,
    NewWorkItem,
    StaleWorkItemError,
    WorkItemChange,
    WorkItemRow,
    add_work_item,
    addable_scope_types,
    changes_from_editor,
    editor_frame,
    linked_place,
    list_work_items,
    parse_date,
    parse_number,
    programme_options,
    programme_sites,
    save_changes,
    site_building_options,
    validate_changes,
    validate_new_item,
)


def make_row(**overrides) -> WorkItemRow:
    """A loaded site-level water main item (planned 100 m, 40 m done, planned April to June)."""
    values = {
        "id": 7,
        "programme_id": 1,
        "site_id": 1,
        "building_id": None,
        "scope_key": "water_supply_main",
        "scope_name_zh": "给水主管",
        "scope_name_en": "Water supply mains",
        "unit": "m",
        "planned_quantity": 100.0,
        "completed_quantity": 40.0,
        "unit_rate": 61.1,
        "planned_start": date(2023, 4, 1),
        "planned_end": date(2023, 6, 30),
        "actual_start": date(2023, 4, 3),
        "actual_end": None,
        "status": "in_progress",
        "contractor": "示例施工单位A",
        "version": 3,
    }
    values.update(overrides)
    return WorkItemRow(**values)


def check(**values) -> tuple[list[Issue], list[Issue]]:
    """Errors and confirmations (changes that need a reason) of one edit of ``make_row()``."""
    result = validate_changes([WorkItemChange(make_row(), values)])
    return result.errors, result.confirmations


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, [i.message("en") for i in issues]
    return issues[0]


# --- Validation ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["planned_quantity", "completed_quantity", "unit_rate"])
@pytest.mark.parametrize("value", ["abc", "12..5", True, float("inf"), [1]])
def test_non_numeric_quantities_are_refused(field, value):
    errors, _ = check(**{field: value})
    assert only(errors).key == "works.error.not_number"
    assert only(errors).field == field


@pytest.mark.parametrize("field", ["planned_quantity", "completed_quantity", "unit_rate"])
def test_negative_quantities_are_refused(field):
    errors, _ = check(**{field: -0.5})
    issue = only(errors)
    assert (issue.key, issue.field) == ("works.error.negative", field)


def test_refusals_name_the_row_and_the_field_in_both_languages():
    issue = only(check(planned_quantity=-5)[0])
    assert issue.message("zh") == "「给水主管」的计划工程量不能为负数（填写的是：-5）。"
    assert (
        issue.message("en")
        == "Water supply mains: Planned quantity cannot be negative (entered: -5)."
    )
    issue = only(check(completed_quantity="abc")[0])
    assert "给水主管" in issue.message("zh") and "已完成工程量" in issue.message("zh")
    assert "abc" in issue.message("zh")
    assert issue.message("en") == (
        "Water supply mains: Completed quantity must be a number (entered: abc)."
    )


def test_numbers_as_text_and_zero_are_accepted():
    result = validate_changes(
        [WorkItemChange(make_row(), {"planned_quantity": " 1,250.5 ", "completed_quantity": 0})]
    )
    assert result.ok
    assert result.changes[0].values == {"planned_quantity": 1250.5, "completed_quantity": 0.0}


def test_quantities_may_not_be_emptied_but_the_rate_may():
    issue = only(check(planned_quantity=None)[0])
    assert issue.key == "works.error.required"
    assert issue.message("en") == "Water supply mains: Planned quantity cannot be empty."
    assert only(check(completed_quantity=float("nan"))[0]).key == "works.error.required"
    result = validate_changes([WorkItemChange(make_row(), {"unit_rate": None})])
    assert result.ok and result.changes[0].values == {"unit_rate": None}


def test_completed_above_planned_is_not_an_error_but_needs_a_reason():
    errors, confirmations = check(completed_quantity=130)
    assert errors == []
    confirmation = only(confirmations)
    assert confirmation.key == "works.confirm.above_planned"
    assert confirmation.message("zh").startswith(
        "「给水主管」的已完成工程量（130）超过计划工程量（100）"
    )
    assert confirmation.message("en").startswith(
        "Water supply mains: Completed quantity (130) exceeds the planned quantity (100)"
    )
    # Lowering the plan below what is done asks as well; equal is fine.
    assert only(check(planned_quantity=39)[1]).key == "works.confirm.above_planned"
    assert check(completed_quantity=100) == ([], [])


@pytest.mark.parametrize(
    ("values", "field", "start_field"),
    [
        ({"planned_end": "2023-03-31"}, "planned_end", "planned_start"),  # end before loaded start
        ({"planned_start": date(2023, 7, 1)}, "planned_end", "planned_start"),
        ({"actual_end": "2023-04-02"}, "actual_end", "actual_start"),
        (
            {"actual_start": "2023-05-02", "actual_end": datetime(2023, 5, 1, 0, 0)},
            "actual_end",
            "actual_start",
        ),
    ],
)
def test_an_end_before_its_start_is_refused(values, field, start_field):
    issue = only(check(**values)[0])
    assert issue.key == "works.error.end_before_start"
    assert (issue.field, issue.params["start_field"]) == (field, start_field)


def test_end_before_start_messages():
    issue = only(check(planned_end="2023-03-31")[0])
    assert issue.message("zh") == "「给水主管」的计划完工（2023-03-31）早于计划开工（2023-04-01）。"
    assert issue.message("en") == (
        "Water supply mains: Planned end (2023-03-31) is before Planned start (2023-04-01)."
    )


def test_same_day_start_and_end_and_open_ends_are_fine():
    assert check(actual_end="2023-04-03") == ([], [])
    assert check(planned_start=None) == ([], [])
    assert check(actual_start=None, actual_end="2023-01-01") == ([], [])


def test_an_old_inconsistency_does_not_block_an_unrelated_edit():
    row = make_row(planned_start=date(2023, 7, 1), planned_end=date(2023, 6, 1))
    assert validate_changes([WorkItemChange(row, {"contractor": "B"})]).ok
    assert not validate_changes([WorkItemChange(row, {"planned_end": date(2023, 6, 2)})]).ok


def test_dates_that_are_not_dates_are_refused():
    issue = only(check(actual_start="next week")[0])
    assert issue.key == "works.error.not_date"
    assert issue.message("en") == (
        "Water supply mains: Actual start is not a valid date (entered: next week)."
    )
    assert only(check(planned_end=12)[0]).key == "works.error.not_date"


@pytest.mark.parametrize("status", ["done", "", None, "Completed", 1])
def test_unknown_statuses_are_refused(status):
    issue = only(check(status=status)[0])
    assert issue.key == "works.error.unknown_status"
    assert "计划中、施工中、已完成、暂停" in issue.message("zh")
    assert "Planned, In progress, Completed, Suspended" in issue.message("en")


def test_every_status_is_accepted():
    for status in ("planned", "in_progress", "completed", "suspended"):
        errors, _ = check(status=status)
        assert errors == []


def test_contractor_is_trimmed_and_limited_to_its_column():
    result = validate_changes([WorkItemChange(make_row(), {"contractor": "  乙公司 "})])
    assert result.changes[0].values == {"contractor": "乙公司"}
    issue = only(check(contractor="x" * 201)[0])
    assert issue.key == "works.error.too_long"
    assert "200" in issue.message("zh") and "200" in issue.message("en")
    assert check(contractor=None) == ([], [])


def test_several_problems_of_several_rows_are_all_reported():
    other = make_row(id=8, scope_key="heating_main", scope_name_zh="供热主管", version=1)
    result = validate_changes(
        [
            WorkItemChange(make_row(), {"planned_quantity": -1, "status": "x"}),
            WorkItemChange(other, {"completed_quantity": "?"}),
        ]
    )
    texts = [issue.message("zh") for issue in result.errors]
    assert len(texts) == 3
    assert sum("给水主管" in text for text in texts) == 2
    assert any("供热主管" in text and "已完成工程量" in text for text in texts)


def test_unchanged_values_and_unknown_fields_are_not_changes():
    result = validate_changes(
        [WorkItemChange(make_row(), {"planned_quantity": 100, "status": "in_progress", "id": 9})]
    )
    assert result.ok and result.changes == []
    result = validate_changes(
        [WorkItemChange(make_row(), {"planned_quantity": 100, "actual_end": "2023-06-01"})]
    )
    assert result.changes[0].values == {"actual_end": date(2023, 6, 1)}


def test_every_issue_message_exists_in_both_languages_without_raw_placeholders():
    issues = [
        *check(planned_quantity="a")[0],
        *check(planned_quantity=-1)[0],
        *check(planned_quantity=None)[0],
        *check(planned_end="x")[0],
        *check(planned_end="2020-01-01")[0],
        *check(status="x")[0],
        *check(contractor="x" * 300)[0],
        *check(completed_quantity=500)[1],
    ]
    for issue in issues:
        for lang in ("zh", "en"):
            text = issue.message(lang)
            assert "{" not in text and "works." not in text, text


def test_parsers():
    assert parse_number("3") == 3.0 and parse_number(2) == 2.0 and parse_number("") is None
    assert parse_number(pd.NA) is None
    with pytest.raises(ValueError):
        parse_number("three")
    assert parse_date("2023-05-01") == date(2023, 5, 1)
    assert parse_date("2023-05-01T00:00:00") == date(2023, 5, 1)
    assert parse_date(pd.Timestamp("2023-05-01")) == date(2023, 5, 1)
    assert parse_date(pd.NaT) is None and parse_date(None) is None
    with pytest.raises(ValueError):
        parse_date("2023-02-30")
    assert [parse_id(v) for v in ("12", " 3 ", ["4"], 5)] == [12, 3, 4, 5]
    assert {parse_id(v) for v in ("0", "-1", "x", "²", "", [], None, True, 2.0)} == {None}


# --- From the editor's state ---------------------------------------------------------------


def test_changes_from_editor_maps_positions_to_loaded_rows():
    rows = [make_row(), make_row(id=8, version=5)]
    state = {
        "edited_rows": {"1": {"completed_quantity": 50, "scope": "hacked"}, 0: {"unit": "km"}},
        "added_rows": [{"planned_quantity": 1}],
        "deleted_rows": [0],
    }
    changes = changes_from_editor(rows, state)
    assert len(changes) == 1
    assert changes[0].row.id == 8 and changes[0].row.version == 5
    assert changes[0].values == {"completed_quantity": 50}
    assert changes_from_editor(rows, {"edited_rows": {5: {"status": "planned"}}}) == []
    assert changes_from_editor(rows, None) == []


def test_editor_frame_has_field_columns_and_localized_names():
    rows = [make_row(), make_row(id=8, actual_start=None, unit_rate=None)]
    frame = editor_frame(rows, "en")
    assert list(frame.columns) == [*READ_ONLY_COLUMNS, *EDITABLE_FIELDS]
    assert list(frame["scope"]) == ["Water supply mains", "Water supply mains"]
    assert editor_frame(rows, "zh")["scope"][0] == "给水主管"
    assert frame["actual_start"][0] == date(2023, 4, 3) and pd.isna(frame["actual_start"][1])
    assert frame["actual_end"].dtype == "date32[pyarrow]"  # all empty, still a date column
    assert pd.isna(frame["unit_rate"][1])
    assert editor_frame([], "zh").columns.tolist() == [*READ_ONLY_COLUMNS, *EDITABLE_FIELDS]


# --- New items (pure part) -----------------------------------------------------------------


def test_new_items_are_validated_like_edits_and_by_level():
    ok = validate_new_item(NewWorkItem(1, 1, None, "street_lights", planned_quantity="12"))
    assert ok.ok and ok.new_item is not None
    assert ok.new_item.planned_quantity == 12.0 and ok.new_item.planned_start is None
    bad = validate_new_item(NewWorkItem(1, 1, None, "street_lights", planned_quantity=-1))
    assert only(bad.errors).key == "works.error.negative" and bad.new_item is None
    roof_on_site = validate_new_item(NewWorkItem(1, 1, None, "roof_waterproofing"))
    assert only(roof_on_site.errors).message("zh") == "「屋面防水」按楼栋计量，请先选择楼栋。"
    lights_on_building = validate_new_item(NewWorkItem(1, 1, 5, "street_lights"))
    assert only(lights_on_building.errors).key == "works.error.scope_needs_site"
    unknown = validate_new_item(NewWorkItem(1, 1, None, "moat"))
    assert "moat" in only(unknown.errors).message("en")
    warned = validate_new_item(
        NewWorkItem(1, 1, None, "street_lights", planned_quantity=2, completed_quantity=3)
    )
    assert warned.ok and only(warned.confirmations).key == "works.confirm.above_planned"


def test_messages_of_this_module_are_all_in_the_catalogue():
    keys = [key for key in MESSAGES if key.startswith("works.")]
    assert {f"works.col.{name}" for name in (*READ_ONLY_COLUMNS, *EDITABLE_FIELDS)} <= set(keys)


# --- The database (SQLite and PostgreSQL) --------------------------------------------------


def _guanghui(session: Session) -> tuple[int, int]:
    """Ids of 广汇小区 and of the 2023 compound programme."""
    site_id = session.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one()
    programme_id = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
    return site_id, programme_id


def _load(engine) -> list[WorkItemRow]:
    """The site-level items of 广汇小区 in 2023, as an editor loads them."""
    with Session(engine) as session:
        site_id, programme_id = _guanghui(session)
        return list_work_items(session, site_id=site_id, programme_id=programme_id)


def _item(engine, item_id: int) -> WorkItem:
    with Session(engine) as session:
        return session.get(WorkItem, item_id)


def _audit(engine, item_id: int | None = None) -> list[AuditEntry]:
    with Session(engine) as session:
        query = select(AuditEntry).where(AuditEntry.entity == "work_item").order_by(AuditEntry.id)
        if item_id is not None:
            query = query.where(AuditEntry.entity_id == item_id)
        return list(session.exec(query).all())


def _by_scope(rows: list[WorkItemRow]) -> dict[str, WorkItemRow]:
    return {row.scope_key: row for row in rows}


def test_a_save_writes_every_change_with_version_and_audit(seeded_engine):
    rows = _by_scope(_load(seeded_engine))
    water, heating = rows["water_supply_main"], rows["heating_main"]
    before_water = _item(seeded_engine, water.id)
    changes = [
        WorkItemChange(water, {"completed_quantity": water.planned_quantity + 10, "note": "x"}),
        WorkItemChange(heating, {"contractor": "乙公司", "actual_end": "2023-08-01"}),
        WorkItemChange(rows["drainage_main"], {"status": rows["drainage_main"].status}),  # no-op
    ]
    with pytest.raises(NeedsReason) as asked:  # completed above planned: a reason first
        with session_scope(seeded_engine) as session:
            save_changes(session, changes, actor="王工")
    assert asked.value.keys == ["works.confirm.above_planned"]
    assert asked.value.field == "completed_quantity" and _audit(seeded_engine) == []
    with session_scope(seeded_engine) as session:
        outcome = save_changes(session, changes, actor="王工", reason="复测后确认")
    assert sorted(outcome.item_ids) == sorted([water.id, heating.id])

    saved_water = _item(seeded_engine, water.id)
    assert saved_water.completed_quantity == water.planned_quantity + 10
    assert saved_water.note == before_water.note  # not an editable field
    assert saved_water.version == water.version + 1
    assert saved_water.updated_at.replace(tzinfo=None) > before_water.updated_at.replace(
        tzinfo=None
    )
    saved_heating = _item(seeded_engine, heating.id)
    assert (saved_heating.contractor, saved_heating.actual_end) == ("乙公司", date(2023, 8, 1))
    assert saved_heating.version == heating.version + 1
    assert _item(seeded_engine, rows["drainage_main"].id).version == 1  # untouched

    (entry,) = _audit(seeded_engine, heating.id)
    assert (entry.actor, entry.action, entry.entity) == ("王工", "update", "work_item")
    assert json.loads(entry.before) == {
        "actual_end": heating.actual_end.isoformat(),
        "contractor": heating.contractor,
    }
    assert json.loads(entry.after) == {"actual_end": "2023-08-01", "contractor": "乙公司"}
    assert entry.note == ""  # this change needed no reason
    assert [e.note for e in _audit(seeded_engine, water.id)] == ["复测后确认"]
    assert len(_audit(seeded_engine)) == 2


def test_one_invalid_row_means_nothing_is_written(seeded_engine):
    rows = _by_scope(_load(seeded_engine))
    water, heating = rows["water_supply_main"], rows["heating_main"]
    changes = [
        WorkItemChange(water, {"completed_quantity": 1.0}),  # valid
        WorkItemChange(heating, {"planned_end": "2000-01-01"}),  # before its start
    ]
    with pytest.raises(InvalidChangesError) as refused:
        with session_scope(seeded_engine) as session:
            save_changes(session, changes, actor="王工")
    assert refused.value.messages("zh") == [
        f"「供热主管」的计划完工（2000-01-01）早于计划开工（{heating.planned_start.isoformat()}）。"
    ]
    assert _item(seeded_engine, water.id).completed_quantity == water.completed_quantity
    assert _item(seeded_engine, water.id).version == water.version
    assert _audit(seeded_engine) == []


def test_a_save_needs_an_actor(seeded_engine):
    water = _by_scope(_load(seeded_engine))["water_supply_main"]
    with pytest.raises(InvalidChangesError) as refused:
        with session_scope(seeded_engine) as session:
            save_changes(session, [WorkItemChange(water, {"completed_quantity": 1})], actor=" ")
    assert refused.value.messages("en") == [
        "Please enter your name (it is written in the change log)."
    ]
    assert _item(seeded_engine, water.id).version == water.version


def test_a_stale_item_refuses_the_whole_save_and_keeps_the_other_users_values(seeded_engine):
    mine = _by_scope(_load(seeded_engine))  # I load the table...
    theirs = _by_scope(_load(seeded_engine))  # ...so does a colleague, who saves first.
    with session_scope(seeded_engine) as session:
        save_changes(
            session,
            [WorkItemChange(theirs["heating_main"], {"completed_quantity": 111})],
            actor="李工",
            reason="复核更正",
        )
    # My save: a valid change of an item nobody touched, written first, then the stale one.
    changes = [
        WorkItemChange(mine["water_supply_main"], {"completed_quantity": 5}),
        WorkItemChange(mine["heating_main"], {"completed_quantity": 222}),
    ]
    with pytest.raises(StaleWorkItemError) as refused:
        with session_scope(seeded_engine) as session:
            save_changes(session, changes, actor="王工", reason="复核更正")
    assert [row.scope_key for row in refused.value.rows] == ["heating_main"]
    (zh,) = refused.value.messages("zh")
    assert "「供热主管」" in zh and "其他用户修改" in zh and "未写入任何内容" in zh
    (en,) = refused.value.messages("en")
    assert en.startswith("Heating mains was changed by another user")

    heating = _item(seeded_engine, mine["heating_main"].id)
    assert (heating.completed_quantity, heating.version) == (111, 2)  # theirs, kept
    water = _item(seeded_engine, mine["water_supply_main"].id)
    assert (water.completed_quantity, water.version) == (
        mine["water_supply_main"].completed_quantity,
        1,
    )
    assert [entry.actor for entry in _audit(seeded_engine)] == ["李工"]


def test_a_stale_save_writes_nothing_even_if_the_caller_swallows_the_refusal(seeded_engine):
    mine = _by_scope(_load(seeded_engine))
    with session_scope(seeded_engine) as session:
        save_changes(
            session, [WorkItemChange(mine["drainage_main"], {"contractor": "丙"})], actor="李工"
        )
    with session_scope(seeded_engine) as session:  # commits whatever is left on exit
        with pytest.raises(StaleWorkItemError):
            save_changes(
                session,
                [
                    WorkItemChange(mine["parking_spaces"], {"completed_quantity": 1}),
                    WorkItemChange(mine["drainage_main"], {"contractor": "丁"}),
                ],
                actor="王工",
                reason="复核更正",
            )
    assert _item(seeded_engine, mine["parking_spaces"].id).version == 1
    assert _item(seeded_engine, mine["drainage_main"].id).contractor == "丙"
    assert len(_audit(seeded_engine)) == 1


def test_an_item_deleted_since_loading_is_refused_as_stale(seeded_engine):
    water = _by_scope(_load(seeded_engine))["water_supply_main"]
    with session_scope(seeded_engine) as session:
        session.delete(session.get(WorkItem, water.id))
    with pytest.raises(StaleWorkItemError):
        with session_scope(seeded_engine) as session:
            save_changes(
                session,
                [WorkItemChange(water, {"completed_quantity": 1})],
                actor="王工",
                reason="复核更正",
            )


def test_saving_the_reloaded_rows_after_a_save_works(seeded_engine):
    water = _by_scope(_load(seeded_engine))["water_supply_main"]
    for quantity in (1, 2):
        fresh = _by_scope(_load(seeded_engine))["water_supply_main"]
        with session_scope(seeded_engine) as session:
            save_changes(
                session,
                [WorkItemChange(fresh, {"completed_quantity": quantity})],
                actor="王工",
                reason="复核更正",
            )
    assert _item(seeded_engine, water.id).version == 3
    assert [json.loads(e.after) for e in _audit(seeded_engine, water.id)] == [
        {"completed_quantity": 1.0},
        {"completed_quantity": 2.0},
    ]


def test_adding_an_item_creates_it_with_an_audit_entry(seeded_engine):
    with Session(seeded_engine) as session:
        site_id, programme_id = _guanghui(session)
        addable = [
            s.key
            for s in addable_scope_types(
                session, programme_id=programme_id, site_id=site_id, building_id=None
            )
        ]
    assert "road_repair" in addable and "street_lights" not in addable  # already an item
    assert "roof_waterproofing" not in addable  # per building
    new = NewWorkItem(
        programme_id,
        site_id,
        None,
        "road_repair",
        planned_quantity="1200",
        unit_rate=85,
        planned_start=date(2024, 5, 1),
        planned_end="2024-06-30",
        contractor="丙公司",
    )
    with session_scope(seeded_engine) as session:
        outcome = add_work_item(session, new, actor="王工")
    item = _item(seeded_engine, outcome.item_id)
    assert (item.planned_quantity, item.completed_quantity, item.unit_rate) == (1200, 0, 85)
    assert (item.planned_end, item.status, item.version) == (date(2024, 6, 30), "planned", 1)
    rows = _by_scope(_load(seeded_engine))
    assert (
        rows["road_repair"].id == outcome.item_id
        and rows["road_repair"].scope_name_zh == "小区道路修复"
    )
    (entry,) = _audit(seeded_engine, outcome.item_id)
    assert (entry.actor, entry.action, entry.before) == ("王工", "create", None)
    after = json.loads(entry.after)
    assert after["scope"] == "road_repair" and after["planned_end"] == "2024-06-30"

    with pytest.raises(DuplicateWorkItemError) as duplicate:
        with session_scope(seeded_engine) as session:
            add_work_item(session, new, actor="王工")
    assert "小区道路修复" in duplicate.value.messages("zh")[0]
    with Session(seeded_engine) as session:
        count = session.exec(
            select(func.count()).select_from(WorkItem).where(WorkItem.site_id == site_id)
        ).one()
        assert "road_repair" not in [
            s.key
            for s in addable_scope_types(
                session, programme_id=programme_id, site_id=site_id, building_id=None
            )
        ]
    assert count == 75


def test_adding_a_building_item_and_refusals(seeded_engine):
    with Session(seeded_engine) as session:
        site_id, programme_id = _guanghui(session)
        building = site_building_options(session, site_id)[0]
        other_site = session.exec(select(Site.id).where(Site.name_zh == "安环南小区")).one()
        addable = [
            s.key
            for s in addable_scope_types(
                session, programme_id=programme_id, site_id=site_id, building_id=building.id
            )
        ]
    assert addable == ["elevator_retrofit"]  # roof, walls and paint are there already
    with session_scope(seeded_engine) as session:
        outcome = add_work_item(
            session,
            NewWorkItem(
                programme_id,
                site_id,
                building.id,
                "elevator_retrofit",
                planned_quantity=2,
                unit_number="1",
            ),
            actor="王工",
        )
    assert _item(seeded_engine, outcome.item_id).building_id == building.id
    with pytest.raises(InvalidChangesError):
        with session_scope(seeded_engine) as session:
            add_work_item(
                session, NewWorkItem(programme_id, site_id, None, "elevator_retrofit"), actor="王工"
            )
    with pytest.raises(ValueError, match="not on site"):
        with session_scope(seeded_engine) as session:
            add_work_item(
                session,
                NewWorkItem(
                    programme_id, other_site, building.id, "elevator_retrofit", planned_quantity=1
                ),
                actor="王工",
            )
    assert len(_audit(seeded_engine)) == 1


def test_choices_for_the_editor(seeded_engine):
    with Session(seeded_engine) as session:
        site_id, programme_id = _guanghui(session)
        programmes = programme_options(session)
        assert [p.year for p in programmes] == sorted((p.year for p in programmes), reverse=True)
        p2023 = next(p for p in programmes if p.id == programme_id)
        assert p2023.label("zh") == "2023 · 2023年老旧小区改造"
        sites = programme_sites(session, programme_id)
        assert len(sites) == 19 and sites[0].name("zh") == "广汇小区"
        numbers = [b.number for b in site_building_options(session, site_id)]
        assert numbers[:3] == ["1", "2", "3"] and len(numbers) > 20
        building = session.exec(select(Building).where(Building.site_id == site_id)).first()
        p2024 = session.exec(select(Programme.id).where(Programme.key == "p2024")).one()

        def link(**params):
            place = linked_place(session, {k: str(v) for k, v in params.items()})
            return place.programme_id, place.site_id, place.building_id

        assert link(site=site_id) == (programme_id, site_id, None)
        assert link(building=building.id) == (programme_id, site_id, building.id)
        assert link(site=999999, building=building.id) == (programme_id, site_id, building.id)
        assert link(site=999999, building="x") == (None, None, None)
        assert link(programme=p2024) == (p2024, None, None)
        assert link(programme=p2024, site=site_id) == (programme_id, site_id, None)  # not in 2024
        assert link() == (None, None, None)


def test_a_link_keeps_the_programme_it_names_when_the_site_is_in_several(seeded_engine):
    with session_scope(seeded_engine) as session:
        site_id, p2023 = _guanghui(session)
        p2024 = session.exec(select(Programme.id).where(Programme.key == "p2024")).one()
        session.add(ProgrammeSite(programme_id=p2024, site_id=site_id))
    with Session(seeded_engine) as session:
        assert linked_place(session, {"site": str(site_id)}).programme_id == p2024  # newest
        asked = linked_place(session, {"site": str(site_id), "programme": str(p2023)})
        assert asked.programme_id == p2023


def test_an_elevator_names_its_unit_and_each_unit_gets_its_own(seeded_engine):
    """An elevator serves one 单元: the item must name it, within the building's 单元 count,
    and another 单元 of the same building may get one too (issue #12's consent gate)."""
    with Session(seeded_engine) as session:
        site_id, programme_id = _guanghui(session)
        building = site_building_options(session, site_id)[0]
        units = session.get(Building, building.id).units

    def add(unit: str | None, building_id: int | None = building.id) -> int:
        with session_scope(seeded_engine) as session:
            return add_work_item(
                session,
                NewWorkItem(
                    programme_id, site_id, building_id, "elevator_retrofit", 1, unit_number=unit
                ),
                actor="王工",
            ).item_id

    refusals = (
        (None, "works.error.unit_required"),
        ("", "works.error.unit_required"),
        (str(units + 1), "works.error.unit_range"),
        ("x" * 17, "works.error.unit_invalid"),
    )
    for unit, key in refusals:
        with pytest.raises(InvalidChangesError) as refused:
            add(unit)
        assert [i.key for i in refused.value.issues] == [key]
        assert refused.value.messages("zh")[0].startswith("加装电梯")
    first, second = add("1"), add(" 2 ")
    assert _item(seeded_engine, second).unit_number == "2"
    with pytest.raises(DuplicateWorkItemError):
        add("1")
    with Session(seeded_engine) as session:
        rows = list_work_items(session, site_id=site_id, building_id=building.id)
        addable = addable_scope_types(
            session, programme_id=programme_id, site_id=site_id, building_id=building.id
        )
    names = {r.id: r.scope_name("zh") for r in rows}
    assert (names[first], names[second]) == ("加装电梯 · 1单元", "加装电梯 · 2单元")
    assert [s.key for s in addable] == ["elevator_retrofit"]  # still addable for 单元 3
    assert len(_audit(seeded_engine)) == 2
