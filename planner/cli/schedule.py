"""``planner schedule check --programme KEY [--json]`` (see planner/cli/commands.py): the
planned and actual dates of a programme's works that break a season rule (outside the
building season, in the heating season, 冬期施工, the pre-heating test window).

Exit codes: 0 no conflict; 1 conflicts listed; 2 unknown programme.
"""

from __future__ import annotations

import argparse
import json

from sqlalchemy.engine import Engine

from planner.cli.output import LANG, report_refusal
from planner.errors import Refused
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings
from planner.works.reads import programme_by_key, programme_schedule
from planner.works.schedule import ClimateRules, Conflict, ConflictRule, DateKind, rule_text
from planner.works.seasons import WINTER_WORKS

COMMANDS = ("schedule",)


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run the command if it is one of this module's; else return None."""
    if args.command not in COMMANDS:
        return None
    ensure_database_ready(engine)
    programme = programme_by_key(engine, args.programme)
    if programme is None:
        missing = Refused("error.programme_unknown", field="programme", key=args.programme)
        return report_refusal(missing, code=2, as_json=args.json)
    rules = ClimateRules.from_settings(load_settings())
    rows = programme_schedule(engine, programme.id, rules=rules)
    conflicts = sorted(
        (c for row in rows for c in row.conflicts),
        key=lambda c: (c.item.site_name_zh, c.item.label("zh"), c.kind.value, c.rule.value),
    )
    found = [_as_json(c, rules) for c in conflicts]
    if args.json:
        print(
            json.dumps(
                {"programme": programme.key, "conflicts": found, "count": len(found)},
                ensure_ascii=False,
            )
        )
    elif not found:
        print(f"{programme.key}: no dates break a season rule")
    else:
        print(f"{programme.key}: {len(found)} dates break a season rule")
        for c in found:
            works: list[str] = c["winter_works"]  # type: ignore[assignment]  # see _as_json
            kinds = f" [{', '.join(works)}]" if works else ""
            print(
                f"  {c['item_zh']}  {c['kind']} {c['dates']}: {c['rule_en']}{kinds}, "
                f"{c['days']} days ({c['first_day']} – {c['last_day']})"
            )
    return 1 if found else 0


def _as_json(conflict: Conflict, rules: ClimateRules) -> dict[str, object]:
    item = conflict.item
    ongoing = conflict.kind == DateKind.ACTUAL and item.actual_open
    works = (
        WINTER_WORKS.get(item.scope_key, frozenset())
        if conflict.rule == ConflictRule.WINTER_WORKS
        else ()
    )
    return {
        "work_item_id": item.id,
        "site": item.site_name_zh,
        "building": item.building_number,
        "scope": item.scope_key,
        "item_zh": item.label("zh"),
        "item_en": item.label(LANG),
        "kind": "actual (ongoing)" if ongoing else conflict.kind.value,
        "dates": str(conflict.dates),
        "rule": conflict.rule.value,
        "rule_zh": rule_text(rules, conflict.rule, "zh"),
        "rule_en": rule_text(rules, conflict.rule, LANG),
        "winter_works": sorted(w.value for w in works),
        "days": conflict.days,
        "first_day": conflict.first_day.isoformat(),
        "last_day": conflict.last_day.isoformat(),
    }
