"""A pipe work item's DN: parsed as typed (150, DN150, dn 150), only on a pipe, only a size of
its list (planner.catalogue.PIPE_SIZES), named in the reader's language when refused."""

from __future__ import annotations

from planner.catalogue import PIPE_SIZES
from planner.works.validation import NewWorkItem, editor_frame, validate_new_item


def _new(scope_key: str, dn: object, building: int | None = None) -> NewWorkItem:
    return NewWorkItem(1, 1, building, scope_key, planned_quantity=120, pipe_dn=dn)


def test_sizes_accepted_as_typed():
    for typed in (80, 80.0, "80", "DN80", "dn 80", " DN80 "):
        result = validate_new_item(_new("heating_main", typed))
        assert result.ok and result.new_item is not None
        assert result.new_item.pipe_dn == 80, typed
    empty = validate_new_item(_new("heating_main", ""))
    assert empty.ok and empty.new_item is not None and empty.new_item.pipe_dn is None


def test_a_size_not_listed_names_the_sizes_of_that_pipe():
    [issue] = validate_new_item(_new("drainage_main", "DN250")).errors
    assert (
        issue.message("zh")
        == "「排水主管」的管径（DN）「DN250」不在可选管径中，应为：DN150, DN200, DN300, DN400。"
    )
    assert issue.message("en") == (
        "Drainage mains: Pipe size (DN) “DN250” is not one of its sizes; choose one of: "
        "DN150, DN200, DN300, DN400."
    )


def test_no_size_on_what_is_not_a_pipe_and_no_nonsense():
    [issue] = validate_new_item(_new("roof_waterproofing", "DN100", building=1)).errors
    assert issue.key == "works.error.dn_not_pipe"
    assert "不是管道项目" in issue.message("zh") and "is not a pipe" in issue.message("en")
    [issue] = validate_new_item(_new("water_supply_main", "wide")).errors
    assert issue.key == "works.error.dn_invalid"
    assert "DN150" in issue.message("en")


def test_every_pipe_of_the_groundworks_has_sizes_in_order():
    assert set(PIPE_SIZES) == {
        "water_supply_main",
        "drainage_main",
        "heating_main",
        "storm_drain",
        "greening_water_supply",
    }
    for sizes in PIPE_SIZES.values():
        assert list(sizes) == sorted(set(sizes))


def test_the_editor_shows_the_size_as_dn():
    from datetime import date

    from planner.works.fields import WorkItemRow

    row = WorkItemRow(
        1, 1, 1, None, "heating_main", "供热主管", "Heating mains", "m", 100.0, 0.0, None,
        date(2023, 5, 1), None, None, None, "planned", "", 1, pipe_dn=150,
    )  # fmt: skip
    frame = editor_frame([row, WorkItemRow(**{**row.__dict__, "id": 2, "pipe_dn": None})], "zh")
    assert frame["pipe_dn"].tolist()[0] == "DN150"
    assert frame["pipe_dn"].isna().tolist() == [False, True]
