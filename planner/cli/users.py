"""``planner user add|list|disable|enable|set-password|logout-everywhere``: staff accounts from
the command line.

Passwords are never taken as a command-line argument (it would show in the process list and
the shell history): they are asked for twice on a terminal, or read from the first line of
standard input with ``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from sqlalchemy.engine import Engine

from db.session import session_scope
from planner.accounts.sessions import log_out_everywhere
from planner.accounts.users import AccountError, create_user, list_users, set_active, set_password
from planner.audit import Actor
from planner.i18n import t
from planner.runtime.startup import ensure_database_ready
from planner.settings import load_settings

ACTOR = Actor.system("cli")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("password again: ") != first:
        raise AccountError("users.password_mismatch")
    return first


def run(args: argparse.Namespace, engine: Engine) -> int | None:
    """Run ``planner user ...``; None for other commands."""
    if args.command != "user":
        return None
    ensure_database_ready(engine)
    try:
        if args.user_command == "list":
            with session_scope(engine) as session:
                rows = [
                    {
                        "username": u.username,
                        "display_name": u.display_name,
                        "role": u.role,
                        "active": u.active,
                        "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
                    }
                    for u in list_users(session)
                ]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for row in rows:
                    state = "active" if row["active"] else "disabled"
                    name = row["display_name"]
                    print(f"{row['username']:<24} {row['role']:<10} {state:<9} {name}")
            return 0
        if args.user_command == "add":
            password = _read_password(args.password_stdin)
            with session_scope(engine) as session:
                create_user(
                    session,
                    username=args.username,
                    password=password,
                    role=args.role,
                    display_name=args.display_name,
                    actor=ACTOR,
                    min_score=load_settings().password_min_score,
                )
            print(f"added {args.username} ({args.role})")
            return 0
        if args.user_command in ("disable", "enable"):
            with session_scope(engine) as session:
                set_active(session, args.username, args.user_command == "enable", actor=ACTOR)
            print(f"{args.user_command}d {args.username}")
            return 0
        if args.user_command == "set-password":
            password = _read_password(args.password_stdin)
            with session_scope(engine) as session:
                set_password(
                    session,
                    args.username,
                    password,
                    actor=ACTOR,
                    min_score=load_settings().password_min_score,
                )
            print(f"new password set for {args.username}")
            return 0
        if args.user_command == "logout-everywhere":
            with session_scope(engine) as session:
                ended = log_out_everywhere(session, args.username, actor=ACTOR)
            print(f"ended {ended} login(s) of {args.username}")
            return 0
    except AccountError as error:
        print(t(error.key, "en", **error.values), file=sys.stderr)
        return 1
    return 2
