"""``planner works set|withdraw|restore``: one work item from the command line, through the
same actions and rules as the works editor (``planner.works.actions``).

``set`` changes a planned or completed quantity, or a pipe item's DN (``--dn DN150``, one of
the sizes of ``planner.catalogue.PIPE_SIZES``; ``--dn none`` clears it): the rules of
``planner.works.quantities`` and ``planner.works.pipe_sizes`` hold here as on the pages ("-5"
refused, 0 refused, a figure far from the geometry estimate, completed above planned or going
down need ``--reason``, which the audit keeps).
``withdraw`` takes an item entered by mistake out of every total (restorable); ``restore``
brings it back.
"""

from __future__ import annotations

import argparse
import json

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.cli.output import report_refusal
from planner.errors import Refused
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings
from planner.works import actions, reads
from planner.works.estimates import EstimateParameters
from planner.works.items import WorkItemChange
from planner.works.validation import Issue
from planner.works.withdrawal import WithdrawRefused

ACTOR = Actor.system("cli")


def _done(args: argparse.Namespace, text: str, **values: object) -> int:
    if args.json:
        print(json.dumps({"ok": True, "item": args.item_id, **values}, ensure_ascii=False))
    else:
        print(text)
    return 0


def _set(args: argparse.Namespace, engine: Engine) -> int:
    row = reads.work_item(engine, args.item_id)
    if row is None:
        raise WithdrawRefused.of([Issue("works.withdraw.missing", params={"id": args.item_id})])
    values: dict[str, object] = {
        name: value
        for name, value in (
            ("planned_quantity", args.planned),
            ("completed_quantity", args.completed),
        )
        if value is not None
    }
    if args.dn is not None:  # "none" (or "") clears the size
        values["pipe_dn"] = None if args.dn.strip().lower() in ("", "none") else args.dn
    params = EstimateParameters.from_settings(load_settings())
    outcome = actions.save_work_changes(
        engine, [WorkItemChange(row, values)], actor=ACTOR, reason=args.reason, params=params
    )
    return _done(args, f"work item {args.item_id}: saved", changed=bool(outcome.item_ids))


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``planner works ...``; None for other commands."""
    if args.command != "works":
        return None
    ensure_database_ready(engine)
    try:
        if args.works_command == "set":
            return _set(args, engine)
        if args.works_command == "withdraw":
            actions.withdraw_work_item(engine, args.item_id, actor=ACTOR, reason=args.reason)
            return _done(args, f"work item {args.item_id}: withdrawn")
        actions.restore_work_item(engine, args.item_id, actor=ACTOR, reason=args.reason)
        return _done(args, f"work item {args.item_id}: restored")
    except Refused as refused:
        return report_refusal(refused, as_json=args.json, prefix=f"work item {args.item_id}: ")
