"""``planner privacy purge``: delete what is kept only for a while.

- the contact data (phone, building, 单元) of portal feedback older than
  ``PLANNER_CONTACT_RETENTION_DAYS`` (the messages stay, without a way to reach the sender),
  and the phone and ID numbers typed into the text or answer of suggestions of that age
  (masked as the public page masks them, ``planner.surveys.retention``);
- messages marked spam of that age, with their contact data and status-page reference (held
  messages wait for staff and are kept);
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

from planner import limits
from planner.accounts.actions import purge_sessions
from planner.portal.actions import purge_contacts
from planner.portal.reads import contacts_older_than
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings
from planner.surveys.actions import delete_old_spam, mask_old_numbers
from planner.surveys.reads import numbers_to_mask, spam_to_delete


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
        contacts = contacts_older_than(engine, days=days)
        masked = numbers_to_mask(engine, received_before=cutoff)
        counts = {
            "contacts": contacts,
            "masked": masked,
            "spam": spam_to_delete(engine, received_before=cutoff),
            "sessions": 0,
            "counters": 0,
            "dry_run": True,
        }
    else:
        contacts = purge_contacts(engine, older_than_days=days)
        masked = mask_old_numbers(engine, received_before=cutoff, actor="cli")
        spam = delete_old_spam(engine, received_before=cutoff, actor="cli")
        sessions = purge_sessions(engine)
        counters = limits.purge_counters(engine, older_than=timedelta(days=1))
        counts = {
            "contacts": contacts,
            "masked": masked,
            "spam": spam,
            "sessions": sessions,
            "counters": counters,
        }
    if args.json:
        print(json.dumps(counts))
    else:
        verb = "would delete" if args.dry_run else "deleted"
        mask = "would mask" if args.dry_run else "masked"
        print(
            f"{verb} the contact data of {counts['contacts']} feedback message(s) older than "
            f"{days} days; {mask} the numbers in {counts['masked']} message(s) of that age; "
            f"{verb} {counts['spam']} spam message(s) of that age; "
            f"{counts['sessions']} ended login(s); {counts['counters']} counter(s)"
        )
    return 0
