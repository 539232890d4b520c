"""``planner works set|withdraw|restore``: the quantity rules and the undo of the works editor,
from the command line (the same actions, refusals on standard error, exit code 1)."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from db.models import AuditEntry, Building, ScopeType, Site, WorkItem
from planner.cli.main import main


def _roof_of_building_10(engine) -> int:
    with Session(engine) as session:
        return session.exec(
            select(WorkItem.id)
            .join(Building, Building.id == WorkItem.building_id)
            .join(Site, Site.id == Building.site_id)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(
                Site.key == "c2023_01",
                Building.number == "10",
                ScopeType.key == "roof_waterproofing",
            )
        ).one()


def test_works_set_withdraw_restore(seeded_engine, capsys):
    url = seeded_engine.url.render_as_string(hide_password=False)
    item_id = _roof_of_building_10(seeded_engine)

    def planner(*args: str) -> tuple[int, str, str]:
        code = main(["--database-url", url, "works", *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = planner("set", str(item_id), "--planned=-5")
    assert code == 1 and "cannot be negative (entered: -5)" in err
    code, _, err = planner("set", str(item_id), "--planned", "99,999 m²")
    assert code == 1 and "give a reason" in err
    code, out, _ = planner(
        "set", str(item_id), "--planned", "99999", "--reason", "含车库", "--json"
    )
    assert code == 0 and json.loads(out)["changed"] is True
    assert planner("withdraw", str(item_id), "--reason", "录入重复")[0] == 0
    code, _, err = planner("withdraw", str(item_id))
    assert code == 1 and "withdrawn already" in err
    assert planner("restore", str(item_id))[0] == 0
    with Session(seeded_engine) as session:
        entries = session.exec(
            select(AuditEntry.action, AuditEntry.note, AuditEntry.actor)
            .where(AuditEntry.entity == "work_item", AuditEntry.entity_id == item_id)
            .order_by(AuditEntry.id)
        ).all()
        assert session.get(WorkItem, item_id).planned_quantity == 99999
    assert entries == [
        ("update", "含车库", "cli"),
        ("withdraw", "录入重复", "cli"),
        ("restore", "", "cli"),
    ]


def test_works_set_dn_of_a_pipe_checked_against_its_sizes(seeded_engine, capsys):
    """``--dn`` sets a pipe item's size from its list; a size of no pipe or a roof's DN are
    refused with the sizes named; ``--dn none`` clears it; each change is audited."""
    url = seeded_engine.url.render_as_string(hide_password=False)
    with Session(seeded_engine) as session:
        heating = session.exec(
            select(WorkItem.id)
            .join(Site, Site.id == WorkItem.site_id)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(Site.key == "c2023_01", ScopeType.key == "heating_main")
        ).one()
    roof = _roof_of_building_10(seeded_engine)

    def planner(*args: str) -> tuple[int, str, str]:
        code = main(["--database-url", url, "works", *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = planner("set", str(heating), "--dn", "DN90")
    assert code == 1 and "DN50, DN65, DN80, DN100, DN125, DN150, DN200, DN250" in err
    code, _, err = planner("set", str(roof), "--dn", "DN100")
    assert code == 1 and "is not a pipe" in err
    code, _, err = planner("set", str(heating), "--dn", "wide")
    assert code == 1 and "nominal diameter" in err
    assert planner("set", str(heating), "--dn", "dn 80")[0] == 0
    with Session(seeded_engine) as session:
        assert session.get(WorkItem, heating).pipe_dn == 80
        after = session.exec(
            select(AuditEntry.after)
            .where(AuditEntry.entity == "work_item", AuditEntry.entity_id == heating)
            .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        ).first()
    assert json.loads(after) == {"pipe_dn": 80}
    assert planner("set", str(heating), "--dn", "none")[0] == 0
    with Session(seeded_engine) as session:
        assert session.get(WorkItem, heating).pipe_dn is None
