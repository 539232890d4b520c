"""``planner privacy purge``: delete what is kept only for a while.

- the contact data (phone, building, 单元) of portal feedback older than
  ``PLANNER_CONTACT_RETENTION_DAYS`` (the messages stay, without a way to reach the sender),
  and the phone and ID numbers typed into the text or answer of suggestions of that age
  (masked as the public page masks them, ``planner.surveys.retention``);
- login sessions that ended more than a day ago;
- rate-limit counters older than a day.

Run daily by ``deploy/systemd/planner-purge.timer`` (and the compose file's ``purge``
service); ``--dry-run`` counts without deleting.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from db.session import session_scope
from planner import limits
from planner.accounts.sessions import purge_sessions
from planner.portal.feedback import contacts_older_than, purge_contacts
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings
from planner.surveys.retention import mask_old_numbers


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``privacy purge``."""
    privacy = commands.add_parser("privacy", help="personal data kept only for a while")
    sub = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = sub.add_parser("purge", help="delete contact data past its retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: the setting)")
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purge.add_argument("--json", action="store_true", help="print the counts as JSON")


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``planner privacy ...``; None for other commands."""
    if args.command != "privacy":
        return None
    ensure_database_ready(engine)
    days = args.days if args.days is not None else load_settings().contact_retention_days
    if days < 1:
        print("--days must be at least 1")
        return 2
    cutoff = datetime.now(UTC) - timedelta(days=days)
    if args.dry_run:
        with session_scope(engine) as session:
            contacts = contacts_older_than(session, days=days)
            masked = mask_old_numbers(session, received_before=cutoff, actor="cli", dry_run=True)
        counts = {
            "contacts": contacts,
            "masked": masked,
            "sessions": 0,
            "counters": 0,
            "dry_run": True,
        }
    else:
        with session_scope(engine) as session:
            contacts = purge_contacts(session, older_than_days=days)
            masked = mask_old_numbers(session, received_before=cutoff, actor="cli")
            sessions = purge_sessions(session)
        counters = limits.purge_counters(engine, older_than=timedelta(days=1))
        counts = {
            "contacts": contacts,
            "masked": masked,
            "sessions": sessions,
            "counters": counters,
        }
    if args.json:
        print(json.dumps(counts))
    else:
        verb = "would delete" if args.dry_run else "deleted"
        print(
            f"{verb} the contact data of {counts['contacts']} feedback message(s) older than "
            f"{days} days; masked the numbers in {counts['masked']} message(s) of that age; "
            f"{counts['sessions']} ended login(s); {counts['counters']} counter(s)"
        )
    return 0
